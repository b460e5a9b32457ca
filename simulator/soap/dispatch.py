"""One request through the wire: validate, authenticate, call the service, turn errors into faults.

Everything here is per request and stays on the hot path, so: schemas come compiled from
contracts.schema (cached), nothing is logged below WARNING, and the journal record is a plain dict
the WSGI layer (app.py) writes once the response bytes are known.

Keys the WSGI layer puts in the environ: ``bcss.sandbox`` (the Sandbox), ``bcss.organisations``,
``bcss.journal`` (the dict this module fills: service, operation, organisation, status, fault ...).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass

from lxml import etree

from simulator.access.authentication import (
    AuthError,
    authenticate_customer,
    authenticate_ssdn,
)
from simulator.services import reason_codes as codes
from simulator.scenario.engine import stub_for
from simulator.services.base import Call, SoaEndpoint, SoaOperation, SsdnService, StatusError
from simulator.soap import commonv3, contracts, ns, ssdn
from simulator.soap.envelope import XmlRejected, parse_xml
from simulator.soap.faults import CLIENT, SERVER, SoapFault

log = logging.getLogger(__name__)

INTERNAL_ERROR = "MSG00003"
SSDN_VALIDATION = "A validation error occurred while parsing the request. Please check your message format and content."



@dataclass(frozen=True)
class FaultReply:
    """A handler outcome that must go out as a SOAP fault (HTTP 500)."""

    fault: SoapFault


class StubFault(Exception):
    """A stub that turns an SSDN service request into a fault or a transport failure."""

    def __init__(self, reply: FaultReply):
        super().__init__("stubbed")
        self.reply = reply


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Dispatcher:
    def __init__(self, ssdn_services: list[SsdnService]):
        self.ssdn_services = {s.service_id: s for s in ssdn_services}
        self._ssdn_schema_files = ("ssdn/Service/SSDNRequest.xsd",) + tuple(
            dict.fromkeys(s.schema for s in ssdn_services)
        )

    # New generation ---------------------------------------------------------------------------

    def soa(self, endpoint: SoaEndpoint, op: SoaOperation, request: etree._Element, environ: dict):
        received = _utcnow()
        journal = environ.setdefault("bcss.journal", {})
        journal.update(service=endpoint.service, operation=op.name, received=received)
        exchange = commonv3.Exchange(received)
        customer = None
        try:
            info = request.find("informationCustomer")  # what the conformance rules check (ENV-003/004/005)
            if info is not None:
                journal.update(ticket=commonv3.text_of(info, "ticket"), customer=True,
                               timestamp_sent=commonv3.text_of(info, "timestampSent"))
            schema = contracts.schema(endpoint.wsdl)
            if not schema.validate(request):
                raise SoapFault(
                    CLIENT, f"The request is not valid against the {endpoint.service} contract: "
                    f"{contracts.first_error(schema)}", reason="MSG00008",
                    detail=self._cbss_fault_detail(endpoint, op, None, exchange, "MSG00008",
                                                   contracts.first_error(schema), "FATAL"),
                )
            customer = commonv3.read_customer(request)
            sandbox = environ["bcss.sandbox"]
            organisations = environ["bcss.organisations"]
            org = None
            if customer.element is not None:
                try:
                    org = authenticate_customer(
                        organisations, environ, endpoint.service,
                        customer.cbe_number, customer.sector, customer.institution,
                    )
                except AuthError as exc:
                    journal["auth_error"] = str(exc)  # ENV-010
                    raise SoapFault(
                        CLIENT, str(exc), reason="MSG00013",
                        detail=self._cbss_fault_detail(endpoint, op, customer, exchange, "MSG00013", str(exc), "FATAL"),
                    ) from None
                journal["organisation"] = org.cbe
            call = Call(
                world=sandbox.world, organisations=organisations, organisation=org, request=request,
                now=sandbox.now(), received=received, customer=customer, exchange=exchange,
            )
            respond = stub_for(sandbox, endpoint.service, op.name, request, call.now)
            if respond is not None:
                stubbed = self._stub(respond, environ, journal, lambda code, text: self._cbss_fault_detail(
                    endpoint, op, customer, exchange, code, text, "FATAL"))
                if isinstance(stubbed, FaultReply):
                    return stubbed
                call.forced_status = stubbed
            reply = op.handler(call)
            journal["status"] = reply.findtext("status/code") or "OK"
            if "ssin" in call.notes:
                journal["subject"] = call.notes["ssin"]
            if journal["status"] not in ("OK", "MSG00000"):  # the fields a business error names
                journal["information"] = [(i.findtext("fieldName"), i.findtext("fieldValue"))
                                          for i in reply.iterfind("status/information")]
            return reply
        except SoapFault as fault:
            journal.update(status=fault.reason, fault=fault.code, error=fault.string)
            return FaultReply(fault)
        except Exception:  # noqa: BLE001 - any bug becomes BCSS's internal-error fault, never a trace
            log.exception("internal error in %s.%s", endpoint.service, op.name)
            journal.update(status=INTERNAL_ERROR, fault=SERVER)
            detail = self._cbss_fault_detail(
                endpoint, op, customer, exchange, INTERNAL_ERROR, commonv3.MESSAGES[INTERNAL_ERROR], "FATAL"
            )
            return FaultReply(SoapFault(SERVER, "An error occurred while servicing your request.", detail, INTERNAL_ERROR))

    @staticmethod
    def _stub(respond: dict, environ: dict, journal: dict, fault_detail):
        """Carry out a scenario stub: wait, then answer with an HTTP status, a dropped connection, a
        SOAP fault, or a status the service returns instead of treating the request."""
        time.sleep(float(respond.get("delay", 0)))
        if "http" in respond or "network" in respond:
            environ["bcss.override"] = respond.get("http") or respond["network"]
            journal.update(status=f"STUB:{environ['bcss.override']}", fault=SERVER)
            return FaultReply(SoapFault(SERVER, "stubbed transport failure", reason="STUB"))
        if "fault" in respond:
            code = respond["fault"].get("code", INTERNAL_ERROR)
            text = respond["fault"].get("string") or commonv3.MESSAGES.get(code, "Stubbed by the scenario")
            fault = SoapFault(SERVER, "An error occurred while servicing your request.", fault_detail(code, text), code)
            journal.update(status=code, fault=SERVER)
            return FaultReply(fault)
        if "status" in respond:
            value = respond.get("value") or (commonv3.DATA_FOUND if respond["status"] == "MSG00000" else commonv3.NO_RESULT)
            return StatusError(respond["status"], value, description=respond.get("description"))
        return None

    @staticmethod
    def _cbss_fault_detail(endpoint, op, customer, exchange, reason, diagnostic, severity):
        if op.fault is None:
            return None
        return commonv3.cbss_fault(
            f"{{{endpoint.namespace}}}{op.fault}", endpoint.prefix, customer, exchange, _utcnow(),
            [(severity, reason, diagnostic[:256])],
        )

    # Legacy SSDN --------------------------------------------------------------------------------

    def ssdn(self, xml_string: etree._Element, environ: dict):
        received = _utcnow()
        journal = environ.setdefault("bcss.journal", {})
        journal.update(service="sendXML", operation="sendXML", received=received)
        try:
            text = xml_string.text or ""
            try:
                root = parse_xml(text, "the SSDNRequest in xmlString")
            except XmlRejected as exc:
                raise SoapFault(CLIENT, str(exc), reason="XmlRejected") from None
            if root.tag != f"{{{ns.SSDN_SERVICE}}}SSDNRequest":
                raise SoapFault(CLIENT, f"xmlString must hold an SSDNRequest, not {root.tag}", reason="NotSSDN")
            schema = contracts.schema(*self._ssdn_schema_files)
            if not schema.validate(root):
                raise SoapFault(CLIENT, f"{SSDN_VALIDATION} {contracts.first_error(schema)}", reason="SSDN-VALIDATION")
            request = ssdn.read_request(root)
            journal["ticket"] = request.reference  # the client's message reference (ENV-004)
            reply = self._ssdn_reply(request, environ, received, journal)
            return self._xml_string(ssdn.reply_text(reply))
        except StubFault as stubbed:
            return stubbed.reply
        except SoapFault as fault:
            journal.update(status=fault.reason, fault=fault.code, error=fault.string)
            return FaultReply(fault)
        except Exception:  # noqa: BLE001
            log.exception("internal error in sendXML")
            journal.update(status=INTERNAL_ERROR, fault=SERVER)
            return FaultReply(SoapFault(SERVER, "An error occurred while servicing your request.", None, INTERNAL_ERROR))

    def _ssdn_reply(self, request: ssdn.SsdnRequest, environ: dict, received, journal) -> etree._Element:
        sandbox = environ["bcss.sandbox"]
        organisations = environ["bcss.organisations"]
        ids = [s.service_id for s in request.services]
        journal["service"] = ",".join(ids)
        context_details: list[ssdn.Detail] = []
        outcomes: list[ssdn.ServiceOutcome] = []
        org = None
        try:
            org = authenticate_ssdn(
                organisations, environ, ids[0] if ids else "", request.org_unit, request.user_id,
                request.matrix_id, request.matrix_sub_id,
            )
            journal["organisation"] = org.cbe
        except AuthError as exc:
            journal["auth_error"] = str(exc)  # ENV-010
            context_details.append(ssdn.Detail("ERROR", codes.UNKNOWN_USER, str(exc)[:256]))
        if org is not None:
            now = sandbox.now()
            for service_request in request.services:
                outcomes.append(self._ssdn_service(service_request, sandbox, organisations, org, now, received,
                                                   journal, environ))
        reply = ssdn.build_reply(request, context_details, outcomes, ssdn.new_ticket(), received, _utcnow())
        summary = reply.find(f"{ssdn.S}ReplyContext/{ssdn.C}ResultSummary")
        reasons = [d.reason for o in outcomes for d in o.details if d.severity != "INFORMATION"]
        reasons += [d.reason for d in context_details]
        journal["status"] = " ".join([summary.get("ok")] + list(dict.fromkeys(reasons)))
        return reply

    def _ssdn_service(self, service_request, sandbox, organisations, org, now, received, journal, environ):
        service = self.ssdn_services.get(service_request.service_id)
        if service is None or service.version != service_request.version or service_request.body is None:
            what = "unknown service" if service is None else (
                f"version {service_request.version} not served (serves {service.version})"
                if service.version != service_request.version else "empty request")
            return ssdn.ServiceOutcome(
                service_request.service_id, service_request.version,
                (ssdn.Detail("ERROR", codes.UNKNOWN_SERVICE, f"{service_request.service_id}: {what}"),), None,
            )
        journal["operation"] = service.request
        call = Call(world=sandbox.world, organisations=organisations, organisation=org,
                    request=service_request.body, now=now, received=received)
        respond = stub_for(sandbox, service.service_id, service.request, service_request.body, now)
        if respond is not None:
            stubbed = self._stub(respond, environ, journal, lambda code, text: None)
            if isinstance(stubbed, FaultReply):
                raise StubFault(stubbed)
            if isinstance(stubbed, StatusError):
                detail = ssdn.Detail("ERROR", stubbed.code, stubbed.description or commonv3.MESSAGES.get(
                    stubbed.code, "Stubbed by the scenario"))
                return ssdn.ServiceOutcome(service.service_id, service.version, (detail,), None)
        result = service.handler(call)
        if "ssin" in call.notes:
            journal["subject"] = call.notes["ssin"]
        return ssdn.ServiceOutcome(service.service_id, service.version, tuple(result.details), result.body)

    @staticmethod
    def _xml_string(text: str) -> etree._Element:
        element = etree.Element(f"{{{ns.SSDN_CONNECTOR}}}xmlString", nsmap={None: ns.SSDN_CONNECTOR})
        element.text = text
        return element
