"""What the SPP IS services of the ManageAttests namespace share on the wire: the body namespace and
request schema, dates and periods in the SSDN Common namespace, amounts, code/description pairs, and
the first checks every request of the family makes (right body, a valid and current SSIN).

The services: attestations.py (RegisterAttest, StopAttest), recovered_amount.py, organic_law.py
(installation premium), list_of_attestations.py. Simulator contract:
fixtures/contracts/ssdn/OCMW_CPAS/ManageAttests.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from simulator.services import reason_codes as codes
from simulator.services.base import ERROR, Call, SsdnResult, SsdnService
from simulator.services.registries.identity import detail, subject_error
from simulator.soap import ns

NS = ns.SSDN_MANAGE_ATTESTS
Q = f"{{{NS}}}"
C = f"{{{ns.SSDN_COMMON}}}"
REQUEST_SCHEMA = "ssdn/OCMW_CPAS/ManageAttests/ManageAttestsRequest.xsd"
SIMULATOR_VERSION = "20260101"  # simulator-assigned where the real version is not public


def date_of(node) -> dt.date | None:
    """An xs:date (a zone offset, if any, is dropped)."""
    return dt.date.fromisoformat(node.text.strip()[:10]) if node is not None and node.text else None


def wrong_body(call: Call, local: str) -> SsdnResult | None:
    """The dispatcher routes on ServiceId: a body of another service is a missing argument here."""
    if call.request.tag == Q + local:
        return None
    return SsdnResult(None, [detail(ERROR, codes.MISSING_ARGUMENT, "A mandatory argument is missing or empty.",
                                    ("FieldName", local))])


def subject_errors(call: Call, ssin: str) -> list:
    error = subject_error(call.world, ssin)
    return [error] if error else []


def first_checks(call: Call, local: str, ssin_tag: str = "SSIN") -> tuple[str | None, SsdnResult | None]:
    """(the SSIN asked about, the answer when the body is not ``local`` or the SSIN is not a current one)."""
    wrong = wrong_body(call, local)
    if wrong is not None:
        return None, wrong
    node = call.request.find(Q + ssin_tag)
    ssin = node.text.strip() if node is not None and node.text else None
    call.notes["ssin"] = ssin
    errors = subject_errors(call, ssin)
    return ssin, SsdnResult(None, errors) if errors else None


def add_period(parent, tag: str, begin: dt.date, end: dt.date | None) -> None:
    period = etree.SubElement(parent, Q + tag)
    etree.SubElement(period, C + "StartDate", nsmap={"ns4": ns.SSDN_COMMON}).text = begin.isoformat()
    if end is not None:
        etree.SubElement(period, C + "EndDate", nsmap={"ns4": ns.SSDN_COMMON}).text = end.isoformat()


def add_code(parent, tag: str, code: str, description: str) -> None:
    node = etree.SubElement(parent, Q + tag)
    etree.SubElement(node, Q + "Code").text = code
    etree.SubElement(node, Q + "Description").text = description


def add_text(parent, tag: str, value: object) -> None:
    etree.SubElement(parent, Q + tag).text = str(value)


def money(value: float) -> str:
    return f"{value:.2f}"


def service(service_id: str, request: str, handler, version: str = SIMULATOR_VERSION) -> SsdnService:
    """One SSDN service of the family (one namespace, one request schema, simulator contract)."""
    return SsdnService(service_id=service_id, version=version, namespace=NS, request=request,
                       schema=REQUEST_SCHEMA, handler=handler, contract="simulator")
