"""The reference client: a correct CPAS client of the simulated network, built on zeep with the WSDLs
the simulator serves, implementing every action of the bench's vocabulary (plan.ACTIONS).

It is what a plan's expectations are checked against (it passes every ready plan: a test), an example
for vendors of what the bench wants to see, and — with ``flaws`` — the deliberately broken clients the
bench must catch:

- ``bad-ssin``: sends every SSIN with wrong check digits;
- ``no-legal-context``: leaves legalContext out of new-generation requests;
- ``no-integration``: reports an integration done without asking ManageAccess;
- ``ignore-replaced``: keeps using a number BCSS answered as replaced (MSG00006 / 31007003 / 21007003);
- ``reuse-ticket``: sends the same ticket / SSDN message reference every time;
- ``retry-errors``: repeats a request at once when BCSS answers a business error;
- ``ignore-paging``: reads the first page of a paged answer (L036, LivingWages) and never asks for the next.

The SPP IS families' actions live in client_law65.py, client_multifunctional.py and client_social.py
(mixed into ReferenceClient). ``organisation`` (a CBE number, any action) makes the client act as
another demo CPAS it has the access of (``IDENTITIES``).

Run one action (the command adapter's way; the outcome is one JSON object on stdout):

    bcss-sim conformance reference-client consult --endpoint http://127.0.0.1:8080/sandbox/x \\
        --params '{"ssin": "85031400127"}' [--flaw ignore-replaced] [--cbe 0207349673]
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import requests
import zeep
import zeep.exceptions
from lxml import etree

from simulator.conformance.client_law65 import Law65Actions
from simulator.conformance.client_multifunctional import MultifunctionalActions
from simulator.conformance.client_social import SocialActions
from simulator.soap import ns

FLAWS = ("bad-ssin", "no-legal-context", "no-integration", "ignore-replaced", "reuse-ticket", "retry-errors",
         "ignore-paging")
SSDN_PATH = "/connectors/webservice/KSZBCSSWebServiceConnectorPort"
RETRIEVE_TI_PATH = "/SOA4520/RetrieveTIGroupsService/v2/retrieveTI"
LEGAL_CONTEXT = "PCSA:SOCIAL_INQUIRY"
REPLACED_CODES = ("31007003", "21007003")
NOT_INTEGRATED_CODES = ("31000009", "31012001")
S, C = f"{{{ns.SSDN_SERVICE}}}", f"{{{ns.SSDN_COMMON}}}"
# SSDN services: (ServiceId, Version, body namespace, request element)
IDENTIFY = ("OCMWCPASIdentifyPerson", "20050930", ns.SSDN_IDENTIFY_PERSON, "IdentifyPersonRequest")
MANAGE_ACCESS = ("OCMWCPASManageAccess", "20050930", ns.SSDN_MANAGE_ACCESS, "ManageAccessRequest")
REGISTER_ATTEST = ("OCMWCPASRegisterAttest", "20260101", ns.SSDN_MANAGE_ATTESTS, "RegisterAttestRequest")
STOP_ATTEST = ("OCMWCPASStopAttest", "20260101", ns.SSDN_MANAGE_ATTESTS, "StopAttestRequest")
LIST_ATTESTATIONS = ("OCMWCPASListOfAttestations", "20080317", ns.SSDN_MANAGE_ATTESTS, "ListOfAttestationsRequest")
HOUSEHOLD_INCOME = ("OCMWCPASHouseholdIncome", "20090409", ns.SSDN_HOUSEHOLD_INCOME, "HouseholdIncomeRequest")

@dataclass(frozen=True)
class Identity:
    """Who the client is: the CPAS's numbers as its BCSS access gives them (demo Liège by default)."""
    cbe: str = "0207349673"
    user_id: str = "00000000097"
    email: str = "bcss@cpas-liege.example"
    username: str | None = "cpas-liege"
    password: str | None = "liege-secret"


# The demo CPAS a case may ask the client to act as (the ``organisation`` parameter: a CBE number).
IDENTITIES = {i.cbe: i for i in (
    Identity(),
    Identity("0212088025", "00000000194", "ksz@ocmw-gent.example", "ocmw-gent", "gent-secret"),
)}


@dataclass
class SsdnAnswer:
    ok: str  # YES | NO | WARNING (the ServiceReply ResultSummary)
    codes: list[str]
    information: dict[str, str]  # every Information FieldName -> FieldValue of the details
    body: etree._Element | None


@dataclass
class ReferenceClient(Law65Actions, MultifunctionalActions, SocialActions):
    endpoint: str  # the sandbox base URL: the BCSS host of the real WSDLs
    identity: Identity = field(default_factory=Identity)
    flaws: frozenset[str] = frozenset()
    _clients: dict = field(default_factory=dict)
    _others: dict = field(default_factory=dict)  # cbe -> the client acting as that organisation

    # -- the actions ---------------------------------------------------------------------------------

    def perform(self, action: str, params: dict) -> dict:
        params = dict(params)
        organisation = params.pop("organisation", None)
        if organisation and str(organisation) != self.identity.cbe:
            other = self.acting_as(str(organisation))
            if other is None:
                return {"result": "error", "message": f"the reference client has no access as organisation "
                                                      f"{organisation} (known: {', '.join(IDENTITIES)})"}
            return other.perform(action, params)
        handler = getattr(self, f"do_{action}", None)
        if handler is None:
            return {"result": "unsupported", "message": f"the reference client has no action {action!r}"}
        try:
            return handler(**params)
        except zeep.exceptions.Fault as fault:
            return {"result": "error", "code": _fault_code(fault), "message": str(fault.message)}

    def acting_as(self, cbe: str) -> ReferenceClient | None:
        """The same client (flaws included) with the BCSS access of another demo CPAS."""
        if cbe not in self._others and cbe in IDENTITIES:
            self._others[cbe] = ReferenceClient(self.endpoint, IDENTITIES[cbe], self.flaws)
        return self._others.get(cbe)

    def do_identify(self, ssin: str) -> dict:
        answer = self.ssdn(IDENTIFY, f"<x:SearchCriteria><x:SSIN>{self.number(ssin)}</x:SSIN></x:SearchCriteria>",
                           ssin)
        person = self._person(answer)
        if person is None:
            return {"result": "not_found", "codes": answer.codes}
        replaced = any(c in answer.codes for c in REPLACED_CODES)
        return {"result": "replaced" if replaced else "found", **person, "codes": answer.codes}

    def do_search(self, last_name: str, birth_date: str, first_name: str | None = None) -> dict:
        first = f"<x:FirstName>{escape(first_name)}</x:FirstName>" if first_name else ""
        answer = self.ssdn(IDENTIFY, "<x:SearchCriteria><x:PhoneticCriteria>"
                                     f"<x:LastName>{escape(last_name)}</x:LastName>{first}"
                                     f"<x:BirthDate>{birth_date}</x:BirthDate></x:PhoneticCriteria></x:SearchCriteria>")
        found = [e.text for e in answer.body.iter(f"{{{ns.SSDN_IDENTIFY_PERSON}}}SocialSecurityUser")] \
            if answer.body is not None else []
        result = "found" if found else ("too_many" if "21007002" in answer.codes else "not_found")
        return {"result": result, "ssins": found, "codes": answer.codes}

    def do_integrate(self, ssin: str, purpose: int, start: str | None = None, end: str | None = None) -> dict:
        if "no-integration" in self.flaws:
            return {"result": "registered", "ssin": ssin}
        return self._manage_access("REGISTER", ssin, purpose, start, end)

    def do_unregister(self, ssin: str, purpose: int, start: str | None = None) -> dict:
        return self._manage_access("UNREGISTER", ssin, purpose, start, None)

    def do_consult(self, ssin: str) -> dict:
        reply = self.retrieve_ti(ssin)
        code = reply.status.code
        if code == "MSG00006":
            new = _information(reply.status).get("replacedBy")
            if "ignore-replaced" in self.flaws:
                reply = self.retrieve_ti(ssin)  # as if nothing happened
                return {"result": "replaced", "ssin": ssin, "code": reply.status.code}
            reply = self.retrieve_ti(new)
            return {**self._consulted(reply, new), "replaced": ssin}
        return self._consulted(reply, ssin)

    def do_register_attestation(self, ssin: str, category: int, start: str, amount, end: str | None = None,
                                piis: bool = False) -> dict:
        until = f"<common:EndDate>{end}</common:EndDate>" if end else ""
        answer = self.ssdn(REGISTER_ATTEST, f"<x:SSIN>{self.number(ssin)}</x:SSIN><x:Category>{category}</x:Category>"
                                            f"<x:Period><common:StartDate>{start}</common:StartDate>{until}</x:Period>"
                                            f"<x:MonthlyAmount>{float(amount):.2f}</x:MonthlyAmount>"
                                            f"<x:PIIS>{str(bool(piis)).lower()}</x:PIIS>", ssin)
        reference = answer.information.get("Reference")
        accepted = answer.ok != "NO" and reference is not None
        return {"result": "accepted" if accepted else self.refusal(answer), "reference": reference,
                "codes": answer.codes}

    def do_stop_attestation(self, ssin: str, reference: str, stop_date: str) -> dict:
        answer = self.ssdn(STOP_ATTEST, f"<x:SSIN>{self.number(ssin)}</x:SSIN><x:Reference>{escape(reference)}"
                                        f"</x:Reference><x:StopDate>{stop_date}</x:StopDate>", ssin)
        return {"result": "stopped" if answer.ok != "NO" else self.refusal(answer), "codes": answer.codes}

    def do_list_attestations(self, ssin: str, start: str | None = None, end: str | None = None,
                             request_type: str = "GPMI_PIIS") -> dict:
        period = ""
        if start or end:
            period = "<x:SearchPeriod>" + (f"<common:StartDate>{start}</common:StartDate>" if start else "") + (
                f"<common:EndDate>{end}</common:EndDate>" if end else "") + "</x:SearchPeriod>"
        answer = self.ssdn(LIST_ATTESTATIONS, f"<x:SocialSecurityUser>{self.number(ssin)}</x:SocialSecurityUser>"
                                              f"<x:RequestType>{escape(request_type)}</x:RequestType>{period}", ssin)
        if answer.ok == "NO":
            return {"result": self.refusal(answer), "codes": answer.codes}
        q = f"{{{ns.SSDN_MANAGE_ATTESTS}}}"
        listed = [{"reference": a.findtext(f"{q}Reference"), "status": a.findtext(f"{q}Status"),
                   "cpas": a.findtext(f"{q}CPAS_KBOBCE_code")} for a in answer.body.iter(f"{q}Attestation")]
        return {"result": "ok", "attestations": listed, "codes": answer.codes}

    def do_household_income(self, ssin: str, reference_date: str | None = None) -> dict:
        when = f"<x:ReferenceDate>{reference_date}</x:ReferenceDate>" if reference_date else ""
        answer = self.ssdn(HOUSEHOLD_INCOME, f"<x:SSIN>{self.number(ssin)}</x:SSIN>{when}", ssin)
        if answer.ok == "NO":
            return {"result": self.refusal(answer), "codes": answer.codes}
        category = answer.body.findtext(f".//{{{ns.SSDN_HOUSEHOLD_INCOME}}}HeatingAllowanceCategory")
        return {"result": "ok", "category": category, "codes": answer.codes}

    # -- the network ---------------------------------------------------------------------------------

    def _manage_access(self, action: str, ssin: str, purpose, start, end) -> dict:
        # The proof BCSS asks for: the person's name and birth date, as IdentifyPerson gives them.
        identified = self.do_identify(ssin)
        if identified["result"] == "replaced" and "ignore-replaced" not in self.flaws:
            ssin = identified["ssin"]
        elif identified["result"] not in ("found", "replaced"):
            return {"result": "refused", "codes": identified.get("codes", [])}
        start = start or dt.date.today().isoformat()
        until = f"<common:EndDate>{end}</common:EndDate>" if end else ""
        answer = self.ssdn(MANAGE_ACCESS, f"<x:SSIN>{self.number(ssin)}</x:SSIN><x:Purpose>{purpose}</x:Purpose>"
                                          f"<x:Period><common:StartDate>{start}</common:StartDate>{until}</x:Period>"
                                          f"<x:Action>{action}</x:Action><x:ProofOfAuthentication><x:PersonData>"
                                          f"<x:LastName>{escape(identified['last_name'])}</x:LastName>"
                                          f"<x:BirthDate>{identified['birth_date']}</x:BirthDate></x:PersonData>"
                                          "</x:ProofOfAuthentication>", ssin)
        done = {"REGISTER": "registered", "UNREGISTER": "unregistered"}[action]
        return {"result": done if answer.ok != "NO" else "refused", "ssin": ssin, "codes": answer.codes}

    def ssdn(self, service: tuple[str, str, str], body: str, subject: str | None = None) -> SsdnAnswer:
        """One SSDN request through zeep's sendXML; a business error is retried at once by the
        ``retry-errors`` flaw, and a replaced number re-sent unchanged by ``ignore-replaced``."""
        answer = self._send_ssdn(service, body)
        retries = 2 if "retry-errors" in self.flaws else 0
        while answer.ok == "NO" and retries:
            answer, retries = self._send_ssdn(service, body), retries - 1
        if "ignore-replaced" in self.flaws and any(c in answer.codes for c in REPLACED_CODES):
            self._send_ssdn(service, body)
        return answer

    def _send_ssdn(self, service: tuple[str, str, str], body: str) -> SsdnAnswer:
        service_id, version, namespace, element = service[:4]
        declarations = "".join(f' xmlns:{prefix}="{uri}"' for prefix, uri in service[4:])
        request = (f'<SSDNRequest xmlns="{ns.SSDN_SERVICE}"><RequestContext><AuthorizedUser>'
                   f"<UserID>{self.identity.user_id}</UserID><Email>{self.identity.email}</Email>"
                   f"<OrgUnit>{self.identity.cbe}</OrgUnit><MatrixID>17</MatrixID><MatrixSubID>1</MatrixSubID>"
                   f"</AuthorizedUser><Message><Reference>{self.ticket()}</Reference>"
                   f"<TimeRequest>{dt.datetime.now().strftime('%Y%m%dT%H%M%S')}</TimeRequest></Message>"
                   f"</RequestContext><ServiceRequest><ServiceId>{service_id}</ServiceId><Version>{version}</Version>"
                   f'<x:{element} xmlns:x="{namespace}" xmlns:common="{ns.SSDN_COMMON}"{declarations}>'
                   f"{body}</x:{element}></ServiceRequest></SSDNRequest>")
        text = self.client(SSDN_PATH).service.sendXML(request)
        reply = etree.fromstring(text.encode("utf-8"))
        service_reply = reply.find(f"{S}ServiceReply")
        summary = (service_reply if service_reply is not None else reply).find(f"{C}ResultSummary")
        if summary is None:
            summary = reply.find(f"{S}ReplyContext/{C}ResultSummary")
        details = summary.findall(f"{C}Detail") if summary is not None else []
        information = {i.findtext(f"{C}FieldName"): i.findtext(f"{C}FieldValue")
                       for d in details for i in d.findall(f"{C}Information")}
        body_element = None
        if service_reply is not None:
            # the business body: the first child that is not an SSDN envelope element (ServiceId, ResultSummary...)
            body_element = next((e for e in service_reply if isinstance(e.tag, str)
                                 and etree.QName(e).namespace not in (ns.SSDN_SERVICE, ns.SSDN_COMMON)), None)
        return SsdnAnswer(summary.get("ok") if summary is not None else "NO",
                          [d.findtext(f"{C}ReasonCode") for d in details], information, body_element)

    def retrieve_ti(self, ssin: str):
        kwargs = {"informationCustomer": self.customer(),
                  "searchInformation": {"ssin": self.number(ssin), "language": "fr", "history": False}}
        kwargs["legalContext"] = zeep.xsd.SkipValue if "no-legal-context" in self.flaws else LEGAL_CONTEXT
        reply = self.client(RETRIEVE_TI_PATH).service.retrieveTI(**kwargs)
        retries = 2 if "retry-errors" in self.flaws else 0
        while reply.status.code not in ("MSG00000", "MSG00006") and retries:  # a fresh ticket, the same question
            kwargs["informationCustomer"] = self.customer()
            reply, retries = self.client(RETRIEVE_TI_PATH).service.retrieveTI(**kwargs), retries - 1
        return reply

    def _consulted(self, reply, ssin: str) -> dict:
        code = reply.status.code
        result = {"MSG00000": "ok", "MSG00012": "not_integrated", "MSG00005": "not_found",
                  "MSG00006": "replaced"}.get(code, "error")
        return {"result": result, "ssin": ssin, "code": code}

    def _person(self, answer: SsdnAnswer) -> dict | None:
        if answer.body is None:
            return None
        q = f"{{{ns.SSDN_IDENTIFY_PERSON}}}"
        basic = next(answer.body.iter(f"{q}Basic"), None)
        if basic is None:
            return None
        return {"ssin": basic.findtext(f"{q}SocialSecurityUser"), "last_name": basic.findtext(f"{q}LastName"),
                "birth_date": basic.findtext(f"{q}BirthDate")}

    def client(self, path: str) -> zeep.Client:
        """One zeep client per WSDL, bound to the sandbox's address (the WSDL we serve names it)."""
        if path not in self._clients:
            session = requests.Session()
            if self.identity.username and self.identity.password:
                session.auth = (self.identity.username, self.identity.password)
            transport = zeep.Transport(session=session, timeout=30, operation_timeout=60)
            self._clients[path] = zeep.Client(f"{self.endpoint}{path}?wsdl", transport=transport)
        return self._clients[path]

    def customer(self) -> dict:
        now = dt.datetime.now(dt.UTC).astimezone()
        return {"ticket": self.ticket(), "timestampSent": now,
                "customerIdentification": {"cbeNumber": self.identity.cbe}}

    def ticket(self) -> str:
        return "TICKET-REUSED-1" if "reuse-ticket" in self.flaws else str(uuid.uuid4())

    def soa(self, path: str, operation: str, **arguments):
        """One new-generation call through zeep: informationCustomer and the legal context added (left out
        by ``no-legal-context``)."""
        legal = zeep.xsd.SkipValue if "no-legal-context" in self.flaws else LEGAL_CONTEXT
        return getattr(self.client(path).service, operation)(informationCustomer=self.customer(), legalContext=legal,
                                                              **arguments)

    @staticmethod
    def refusal(answer: SsdnAnswer) -> str:
        if any(c in answer.codes for c in NOT_INTEGRATED_CODES):
            return "not_integrated"
        if any(c in answer.codes for c in REPLACED_CODES):
            return "replaced"
        return "refused"

    def number(self, ssin: str) -> str:
        """The SSIN as sent: with ``bad-ssin``, its check digits are wrong."""
        if "bad-ssin" not in self.flaws or not ssin:
            return ssin
        return ssin[:9] + f"{(int(ssin[9:]) + 1) % 100:02d}"


def _information(status) -> dict:
    return {i.fieldName: i.fieldValue for i in (getattr(status, "information", None) or [])}


def _fault_code(fault: zeep.exceptions.Fault) -> str | None:
    detail = fault.detail
    if detail is None:
        return None
    code = next((e.text for e in detail.iter() if etree.QName(e).localname in ("reasonCode", "code")), None)
    return code
