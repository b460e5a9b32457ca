"""SPP IS attestations (SSDN): OCMWCPASRegisterAttest, OCMWCPASStopAttest, OCMWCPASListOfAttestations.

A CPAS sends its RIS decision (SSIN, category, period, monthly amount, PIIS); the SPP IS evaluates it
at the sandbox's today and answers ACCEPTED or REFUSED with the reasons as ResultSummary details.
Both are stored (status REFUSED for a refusal) and every CPAS of the sandbox lists them. Conditions
checked (domain-facts §3.2-3.4, §5.3):

- the caller has integrated the person with quality code 2 (RIS) over a period covering the start;
- no granted RIS of ANOTHER CPAS overlaps the period (the calling CPAS may overlap its own decisions);
- the monthly amount is at most the legal amount of the category at the start (ris_amount);
- age 18 or more at the start (simplification: the exceptions - emancipated by marriage, pregnant,
  with a child - are not modelled); an incomplete birth date counts in the person's favour;
- alive at the start; an RN number (a BIS number has no residence in the National Register).

Reimbursement rate of an accepted RIS: 55 % (+10 % with a PIIS). The 65 % / 70 % tiers depend on
the CPAS's caseload of the penultimate year, which the simulator does not track: every CPAS is a
55 % CPAS. Simulator contracts (fixtures/contracts/ssdn/OCMW_CPAS/ManageAttests); ListOfAttestations
keeps the real ServiceId, version and body shape as CPAS clients read it.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from simulator.services import reason_codes as codes
from simulator.services.base import ERROR, INFORMATION, Call, SsdnResult, SsdnService
from simulator.services.registries.identity import (
    detail,
    integration_error,
    subject_error,
    text,
)
from simulator.soap import ns, ssdn
from simulator.world.store import attestations as store
from simulator.world.store.attestations import ACCEPTED, GRANTED, REFUSED, Attestation

NS = ns.SSDN_MANAGE_ATTESTS
Q = f"{{{NS}}}"
C = f"{{{ns.SSDN_COMMON}}}"
REQUEST_SCHEMA = "ssdn/OCMW_CPAS/ManageAttests/ManageAttestsRequest.xsd"

RIS = "RIS"
RIS_PURPOSE = 2  # sector-17 quality code "revenu d'intégration / leefloon"
ADULT = 18
BASE_RATE = 55.0  # art. 32 law 2002: base State share (65/70 % tiers not modelled)
PIIS_BONUS = 10.0  # + 10 % of the RIS granted for each PIIS
CATEGORIES = {1: "Cohabitant / Samenwonende", 2: "Isolé / Alleenstaande", 3: "Famille à charge / Gezin ten laste"}
ATTEST_TYPES = {RIS: "Revenu d'intégration / Leefloon"}
RELATIONS = {True: ("1", "Avec PIIS / Met GPMI"), False: ("0", "Sans PIIS / Zonder GPMI")}
REQUEST_KINDS = {"GPMI_PIIS": (RIS,)}  # the other request types have no decision kind in the simulator yet


def _date(node) -> dt.date | None:
    """An xs:date (a zone offset, if any, is dropped)."""
    return dt.date.fromisoformat(node.text.strip()[:10]) if node is not None and node.text else None


def _wrong_body(call: Call, local: str) -> SsdnResult | None:
    """The dispatcher routes on ServiceId: a body of another service is a missing argument here."""
    if call.request.tag == Q + local:
        return None
    return SsdnResult(None, [detail(ERROR, codes.MISSING_ARGUMENT, "A mandatory argument is missing or empty.",
                                    ("FieldName", local))])


def _check_subject(call: Call, ssin: str) -> list:
    error = subject_error(call.world, ssin)
    return [error] if error else []


def _adult_on(birth_date: str, day: dt.date) -> bool:
    """18 or more on ``day``; unknown month/day ('00') count as the earliest possible (in favour)."""
    try:
        limit = day.replace(year=day.year - ADULT)
    except ValueError:  # 29 February
        limit = day.replace(year=day.year - ADULT, day=28)
    return birth_date <= limit.isoformat()


def _period(parent, tag: str, begin: dt.date, end: dt.date | None) -> None:
    period = etree.SubElement(parent, Q + tag)
    etree.SubElement(period, C + "StartDate", nsmap={"ns4": ns.SSDN_COMMON}).text = begin.isoformat()
    if end is not None:
        etree.SubElement(period, C + "EndDate", nsmap={"ns4": ns.SSDN_COMMON}).text = end.isoformat()


def _amount(value: float) -> str:
    return f"{value:.2f}"


# RegisterAttest ---------------------------------------------------------------------------------


def _refusals(call: Call, ssin: str, category: int, begin: dt.date, end: dt.date | None, amount: float,
              legal: float | None) -> list:
    world, org = call.world, call.organisation
    reasons = []
    if not any(i.purpose == RIS_PURPOSE for i in world.integrations(ssin, org_cbe=org.cbe, at=begin)):
        reasons.append(detail(ERROR, codes.RIS_NOT_INTEGRATED,
                              "The CPAS has not integrated the person with quality code 2 (RIS) at the start.",
                              ("SSIN", ssin), ("StartDate", begin.isoformat())))
    for other in store.attestations(world, ssin, kind=RIS, begin=begin, end=end):
        if other.status in GRANTED and other.cpas_cbe != org.cbe:
            reasons.append(detail(ERROR, codes.RIS_OTHER_CPAS, "Another CPAS grants a RIS over the period.",
                                  ("CPAS_KBOBCE_code", other.cpas_cbe), ("StartDate", other.begin.isoformat())))
            break
    if legal is None or amount > legal + 0.005:
        reasons.append(detail(ERROR, codes.RIS_ABOVE_LEGAL_AMOUNT,
                              "The monthly amount is above the legal amount of the category at the start.",
                              ("Category", str(category)), ("LegalAmount", _amount(legal) if legal else None),
                              ("MonthlyAmount", _amount(amount))))
    person = world.person(ssin, at=begin)
    if person.kind != "RN":
        reasons.append(detail(ERROR, codes.RIS_NO_RESIDENCE,
                              "A BIS number has no residence in the National Register.", ("SSIN", ssin)))
    if person.is_dead:
        reasons.append(detail(ERROR, codes.RIS_DECEASED, "The person died on or before the start.",
                              ("SSIN", ssin), ("DeathDate", person.death_date)))
    if not _adult_on(person.birth_date, begin):
        reasons.append(detail(ERROR, codes.RIS_UNDER_AGE, "The person is under 18 at the start.",
                              ("SSIN", ssin), ("BirthDate", person.birth_date)))
    return reasons


def register_attest(call: Call) -> SsdnResult:
    request = call.request
    wrong = _wrong_body(call, "RegisterAttestRequest")
    if wrong is not None:
        return wrong
    ssin = text(request, NS, "SSIN")
    call.notes["ssin"] = ssin
    errors = _check_subject(call, ssin)
    if errors:
        return SsdnResult(None, errors)
    category = int(text(request, NS, "Category"))
    begin = _date(request.find(f"{Q}Period/{C}StartDate"))
    end = _date(request.find(f"{Q}Period/{C}EndDate"))
    if end is not None and end < begin:
        return SsdnResult(None, [detail(ERROR, codes.BAD_PERIOD, "The period ends before it starts.",
                                        ("StartDate", str(begin)), ("EndDate", str(end)))])
    amount = float(text(request, NS, "MonthlyAmount"))
    piis = text(request, NS, "PIIS") in ("true", "1")
    legal = call.world.ris_amount(category, begin)
    refusals = _refusals(call, ssin, category, begin, end, amount, legal)
    org = call.organisation
    saved = store.register(call.world, Attestation(
        id=None, ssin=ssin, cpas_cbe=org.cbe, cpas_nis=org.nis, kind=RIS, category=category, begin=begin, end=end,
        monthly_amount=round(amount, 2), piis=piis,
        reimbursement_rate=None if refusals else BASE_RATE + (PIIS_BONUS if piis else 0.0),
        status=REFUSED if refusals else ACCEPTED, created_at=call.now.isoformat()))
    call.notes["attestation"] = saved.reference
    body = ssdn.body_element(NS, "RegisterAttestReply")
    etree.SubElement(body, Q + "Reference").text = saved.reference
    etree.SubElement(body, Q + "Status").text = saved.status
    etree.SubElement(body, Q + "DecisionDate").text = call.today.isoformat()
    etree.SubElement(body, Q + "SSIN").text = ssin
    etree.SubElement(body, Q + "Category").text = str(category)
    _period(body, "Period", begin, end)
    etree.SubElement(body, Q + "MonthlyAmount").text = _amount(saved.monthly_amount)
    if legal is not None:
        etree.SubElement(body, Q + "LegalAmount").text = _amount(legal)
    etree.SubElement(body, Q + "PIIS").text = str(piis).lower()
    if saved.reimbursement_rate is not None:
        etree.SubElement(body, Q + "ReimbursementRate").text = _amount(saved.reimbursement_rate)
        return SsdnResult(body, [detail(INFORMATION, codes.RIS_ACCEPTED, "The RIS decision is accepted.",
                                        ("Reference", saved.reference),
                                        ("ReimbursementRate", _amount(saved.reimbursement_rate)))])
    return SsdnResult(body, refusals)


# StopAttest -------------------------------------------------------------------------------------


def stop_attest(call: Call) -> SsdnResult:
    request = call.request
    wrong = _wrong_body(call, "StopAttestRequest")
    if wrong is not None:
        return wrong
    ssin = text(request, NS, "SSIN")
    reference = text(request, NS, "Reference")
    stop_date = _date(request.find(Q + "StopDate"))
    call.notes["ssin"] = ssin
    errors = _check_subject(call, ssin)
    if errors:
        return SsdnResult(None, errors)
    found = store.by_reference(call.world, reference)
    if found is None or found.ssin != ssin:
        return SsdnResult(None, [detail(ERROR, codes.NO_SUCH_ATTESTATION,
                                        "No attestation with this reference for this SSIN.",
                                        ("SSIN", ssin), ("Reference", reference))])
    if found.cpas_cbe != call.organisation.cbe:
        return SsdnResult(None, [detail(ERROR, codes.NOT_OWN_ATTESTATION,
                                        "The attestation belongs to another CPAS.", ("Reference", reference))])
    if found.status != ACCEPTED:
        return SsdnResult(None, [detail(ERROR, codes.ATTESTATION_NOT_ACTIVE,
                                        f"The attestation is {found.status}: only an accepted one can be stopped.",
                                        ("Reference", reference), ("Status", found.status))])
    if stop_date < found.begin or (found.end is not None and stop_date > found.end):
        return SsdnResult(None, [detail(ERROR, codes.STOP_OUTSIDE_PERIOD,
                                        "The stop date is outside the attestation's period.",
                                        ("StopDate", stop_date.isoformat()), ("StartDate", found.begin.isoformat()),
                                        ("EndDate", found.end.isoformat() if found.end else None))])
    stopped = store.stop(call.world, reference, stop_date)
    call.notes["attestation"] = reference
    body = ssdn.body_element(NS, "StopAttestReply")
    etree.SubElement(body, Q + "Reference").text = reference
    etree.SubElement(body, Q + "Status").text = stopped.status
    etree.SubElement(body, Q + "StopDate").text = stop_date.isoformat()
    _period(body, "Period", stopped.begin, stopped.end)
    return SsdnResult(body, [detail(INFORMATION, codes.RIS_STOPPED, "The attestation is stopped.",
                                    ("Reference", reference), ("EndDate", stopped.end.isoformat()))])


# ListOfAttestations -----------------------------------------------------------------------------


def _code(parent, tag: str, code: str, description: str) -> None:
    node = etree.SubElement(parent, Q + tag)
    etree.SubElement(node, Q + "Code").text = code
    etree.SubElement(node, Q + "Description").text = description


def list_attestations(call: Call) -> SsdnResult:
    request = call.request
    wrong = _wrong_body(call, "ListOfAttestationsRequest")
    if wrong is not None:
        return wrong
    ssin = text(request, NS, "SocialSecurityUser")
    call.notes["ssin"] = ssin
    errors = _check_subject(call, ssin)
    if errors:
        return SsdnResult(None, errors)
    not_integrated = integration_error(call, ssin)
    if not_integrated is not None:
        return SsdnResult(None, [not_integrated])
    low = _date(request.find(f"{Q}SearchPeriod/{C}StartDate"))
    high = _date(request.find(f"{Q}SearchPeriod/{C}EndDate"))
    request_type = text(request, NS, "RequestType")
    kinds = REQUEST_KINDS.get(request_type, ())
    found = [a for kind in kinds for a in store.attestations(call.world, ssin, kind=kind, begin=low, end=high)
             if a.decision_date <= call.today]
    body = ssdn.body_element(NS, "ListOfAttestationsReply")
    for a in found:
        entry = etree.SubElement(body, Q + "Attestation")
        etree.SubElement(entry, Q + "SocialSecurityUser").text = a.ssin
        etree.SubElement(entry, Q + "CPAS_KBOBCE_code").text = a.cpas_cbe
        etree.SubElement(entry, Q + "EntryDate").text = a.decision_date.isoformat()
        _code(entry, "AttestType", a.kind, ATTEST_TYPES[a.kind])
        _code(entry, "FormType", str(a.category), CATEGORIES[a.category])
        _code(entry, "RelationType", *RELATIONS[a.piis])
        _period(entry, "Duration", a.begin, a.end)
        etree.SubElement(entry, Q + "DecisionDate").text = a.decision_date.isoformat()
        etree.SubElement(entry, Q + "Reference").text = a.reference
        etree.SubElement(entry, Q + "Status").text = a.status
    if request_type == "GPMI_PIIS":
        piis = [a for a in found if a.piis and a.status in GRANTED and a.covers_something]
        gpmi = etree.SubElement(body, Q + "GpmiPiis", hasAttestation=str(bool(piis)).lower())
        if piis:
            ends = [a.end for a in piis]
            _period(gpmi, "Period", min(a.begin for a in piis), None if None in ends else max(ends))
    return SsdnResult(body)


REGISTER = SsdnService(
    service_id="OCMWCPASRegisterAttest",
    version="20260101",  # simulator-assigned (the real version is not public)
    namespace=NS,
    request="RegisterAttestRequest",
    schema=REQUEST_SCHEMA,
    handler=register_attest,
    contract="simulator",
)
STOP = SsdnService(
    service_id="OCMWCPASStopAttest",
    version="20260101",  # simulator-assigned (the real version is not public)
    namespace=NS,
    request="StopAttestRequest",
    schema=REQUEST_SCHEMA,
    handler=stop_attest,
    contract="simulator",
)
LIST = SsdnService(
    service_id="OCMWCPASListOfAttestations",
    version="20080317",  # as real clients send it (bcss-contracts §1.6)
    namespace=NS,
    request="ListOfAttestationsRequest",
    schema=REQUEST_SCHEMA,
    handler=list_attestations,
    contract="simulator",
)
SERVICES = (REGISTER, STOP, LIST)
