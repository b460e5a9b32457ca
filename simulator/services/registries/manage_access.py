"""OCMWCPASManageAccess (SSDN, 20050930): the reference directory — REGISTER / UNREGISTER / LIST.

A CPAS integrates a person (SSIN) for a purpose (sector-17 quality code) over a period before it may
consult network data about them. REGISTER and UNREGISTER need a ProofOfAuthentication that matches
the person (identity-card number or PersonData); LIST shows every CPAS's integrations of the
person in the sector: the PRIMARY register is the BCSS one (sector level), the SECONDARY register
the CPAS sectoral repertory (one entry per CPAS, OrgUnit = the CPAS's NIS code, as real replies show).
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from simulator.services import reason_codes as codes
from simulator.services.base import ERROR, Call, SsdnResult, SsdnService
from simulator.services.registries.identity import (
    card_matches,
    detail,
    person_data_mismatches,
    subject_error,
    text,
)
from simulator.soap import ns, ssdn
from simulator.world.model import Integration

NS = ns.SSDN_MANAGE_ACCESS
Q = f"{{{NS}}}"
C = f"{{{ns.SSDN_COMMON}}}"

CPAS_SECTOR = 17
# Sector 17 quality ("purpose") codes (domain-facts §5.3).
PURPOSES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 20, 21, 40}



def manage_access(call: Call) -> SsdnResult:
    request = call.request
    ssin = text(request, NS, "SSIN")
    action = text(request, NS, "Action")
    purpose = text(request, NS, "Purpose")
    begin, end = _period_dates(request)
    call.notes["ssin"] = ssin
    errors = _check_subject(call, ssin)
    if errors:
        return SsdnResult(None, errors)
    if action in ("REGISTER", "UNREGISTER"):
        if purpose is None:
            return SsdnResult(None, [detail(ERROR, codes.MISSING_ARGUMENT, "A mandatory argument is missing or empty.",
                                            ("FieldName", "Purpose"))])
        if int(purpose) not in PURPOSES:
            return SsdnResult(None, [detail(ERROR, codes.UNKNOWN_PURPOSE, f"Purpose {purpose} is not a quality code of sector 17.",
                                            ("Purpose", purpose))])
        errors = _check_proof(call, ssin)
        if errors:
            return SsdnResult(None, errors)
    if end is not None and end < begin:
        return SsdnResult(None, [detail(ERROR, codes.BAD_PERIOD, "The period ends before it starts.",
                                        ("StartDate", str(begin)), ("EndDate", str(end)))])
    org = call.organisation
    if action == "REGISTER":
        call.world.add_integration(Integration(
            id=None, ssin=ssin, org_cbe=org.cbe, sector=org.sector, institution=org.institution,
            purpose=int(purpose), begin=begin, end=end, register="SECONDARY", created_at=call.now.isoformat(),
        ))
        shown = [i for i in call.world.integrations(ssin, org_cbe=org.cbe) if _overlaps(i, begin, end)]
        return SsdnResult(_reply(call, ssin, purpose, begin, end, action, None, shown, "SECONDARY"))
    if action == "UNREGISTER":
        # Without an EndDate the integration is withdrawn: closing it the day before it starts removes it.
        if not call.world.end_integration(ssin, org.cbe, int(purpose), begin, end or begin - dt.timedelta(days=1)):
            return SsdnResult(None, [detail(ERROR, codes.NO_SUCH_INTEGRATION,
                                            "No integration of this organisation matches the SSIN, purpose and start date.",
                                            ("SSIN", ssin), ("Purpose", purpose), ("StartDate", str(begin)))])
        shown = [i for i in call.world.integrations(ssin, org_cbe=org.cbe) if _overlaps(i, begin, end)]
        return SsdnResult(_reply(call, ssin, purpose, begin, end, action, None, shown, "SECONDARY"))
    # LIST
    sector = int(text(request, NS, "Sector") or CPAS_SECTOR)
    register = text(request, NS, "QueryRegister") or "ALL"
    found = [i for i in call.world.integrations(ssin, sector=sector)
             if _overlaps(i, begin, end) and (purpose is None or i.purpose == int(purpose))]
    return SsdnResult(_reply(call, ssin, purpose, begin, end, action, register, found, register))


def _check_subject(call: Call, ssin: str) -> list:
    error = subject_error(call.world, ssin)
    return [error] if error else []


def _check_proof(call: Call, ssin: str) -> list:
    proof = call.request.find(f"{Q}ProofOfAuthentication")
    card = text(proof, NS, "IdentityCardNumber")
    sis = text(proof, NS, "SISCardNumber")
    data = proof.find(f"{Q}PersonData")
    if card is None and sis is None and data is None:
        return [detail(ERROR, codes.MISSING_ARGUMENT, "A mandatory argument is missing or empty.",
                       ("FieldName", "ProofOfAuthentication"))]
    if sis is not None and card is None and data is None:
        return [detail(ERROR, codes.SIS_ABOLISHED, "SIS cards are no longer accepted as proof; give IdentityCardNumber or PersonData.",
                       ("SISCardNumber", sis))]
    if card is not None and not card_matches(call.world, ssin, card):
        return [detail(ERROR, codes.PROOF_MISMATCH, "The ProofOfAuthentication does not match the person.",
                       ("IdentityCardNumber", card), ("SSIN", ssin))]
    if data is not None:
        person = call.world.person(ssin)
        wrong = person_data_mismatches(person, text(data, NS, "LastName"), text(data, NS, "FirstName"),
                                       text(data, NS, "BirthDate"))
        if wrong:
            return [detail(ERROR, codes.PROOF_MISMATCH, "The ProofOfAuthentication does not match the person.",
                           *((f"PersonData: {field}", text(data, NS, field)) for field in wrong), ("SSIN", ssin))]
    return []


def _period_dates(request) -> tuple[dt.date, dt.date | None]:
    """Period/common:StartDate and EndDate (xs:date, possibly with a zone offset, which is dropped)."""
    def read(tag):
        node = request.find(f"{Q}Period/{C}{tag}")
        return dt.date.fromisoformat(node.text.strip()[:10]) if node is not None and node.text else None

    return read("StartDate"), read("EndDate")


def _overlaps(integration, begin: dt.date, end: dt.date | None) -> bool:
    return (integration.end is None or integration.end >= begin) and (end is None or integration.begin <= end)


def _period(parent, begin, end) -> None:
    period = etree.SubElement(parent, f"{Q}Period")
    etree.SubElement(period, f"{C}StartDate", nsmap={"ns4": ns.SSDN_COMMON}).text = str(begin)
    if end is not None:
        etree.SubElement(period, f"{C}EndDate", nsmap={"ns4": ns.SSDN_COMMON}).text = str(end)


def _reply(call, ssin, purpose, begin, end, action, register, integrations, shown_register) -> etree._Element:
    body = ssdn.body_element(NS, "ManageAccessReply")
    original = etree.SubElement(body, f"{Q}OriginalRequest")
    etree.SubElement(original, f"{Q}SSIN").text = ssin
    etree.SubElement(original, f"{Q}Purpose").text = purpose or "0"
    _period(original, begin, end)
    etree.SubElement(original, f"{Q}Action").text = action
    if register:
        etree.SubElement(original, f"{Q}Register").text = register
    for integration in integrations:
        for reg in ("PRIMARY", "SECONDARY") if shown_register == "ALL" else (shown_register,):
            entry = etree.SubElement(body, f"{Q}Registrations")
            etree.SubElement(entry, f"{Q}Purpose").text = str(integration.purpose)
            _period(entry, integration.begin, integration.end)
            etree.SubElement(entry, f"{Q}OrgUnit").text = _org_unit(call, integration, reg)
            etree.SubElement(entry, f"{Q}Register").text = reg
    return body


def _org_unit(call, integration, register) -> str:
    if register == "PRIMARY":
        return str(integration.sector)  # the BCSS register knows the sector, not the CPAS
    org = call.organisations.by_cbe.get(integration.org_cbe)
    return str(org.nis) if org is not None else integration.org_cbe


SERVICE = SsdnService(
    service_id="OCMWCPASManageAccess",
    version="20050930",
    namespace=NS,
    request="ManageAccessRequest",
    schema="ssdn/OCMW_CPAS/ManageAccess/ManageAccessRequest.xsd",
    handler=manage_access,
)
