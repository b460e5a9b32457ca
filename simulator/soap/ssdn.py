"""The legacy SSDN documents: read an SSDNRequest, build an SSDNReply.

Both travel as *text* inside ``<xmlString>`` of the sendXML connector. Replies reproduce the
serialisation of real BCSS replies, because some clients parse by prefix: default namespace on
SSDNReply, ``ns1:`` on the ReplyContext ResultSummary, ``ns2:`` on the ServiceReply ResultSummary,
``ns3:`` on the service body (``ns4:``… for other namespaces inside it), ``standalone="yes"``.
"""

from __future__ import annotations

import datetime as dt
import os
import string
from dataclasses import dataclass

from lxml import etree

from simulator.services import reason_codes as codes
from simulator.soap import ns

S = f"{{{ns.SSDN_SERVICE}}}"
C = f"{{{ns.SSDN_COMMON}}}"

OK_YES, OK_WARNING, OK_NO = "YES", "WARNING", "NO"
RETURN_CODES = {OK_YES: "0", OK_WARNING: "1", OK_NO: "10000"}


_TICKET_ALPHABET = string.ascii_uppercase + string.digits  # 36 symbols; 252 = 7 * 36 keeps bytes unbiased


def utc_stamp(moment: dt.datetime) -> str:
    """t_DateTimeUTC: yyyyMMddTHHmmss in UTC."""
    m = moment.astimezone(dt.timezone.utc)
    return f"{m.year:04d}{m.month:02d}{m.day:02d}T{m.hour:02d}{m.minute:02d}{m.second:02d}"


def new_ticket() -> str:
    """An SSDN ticket as BCSS issues them: 15 upper-case alphanumerics."""
    ticket = ""
    while len(ticket) < 15:
        ticket += "".join(_TICKET_ALPHABET[b % 36] for b in os.urandom(20) if b < 252)
    return ticket[:15]


@dataclass(frozen=True)
class Detail:
    """One ResultSummary/Detail: severity INFORMATION|WARNING|ERROR, reason code, diagnostic,
    and at most five (FieldName, FieldValue) pairs."""

    severity: str
    reason: str
    diagnostic: str
    information: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True)
class ServiceRequest:
    service_id: str
    version: str
    body: etree._Element | None


@dataclass(frozen=True)
class SsdnRequest:
    authorized_user: etree._Element | None
    user_id: str | None
    email: str | None
    org_unit: str | None
    matrix_id: int | None
    matrix_sub_id: int | None
    reference: str | None
    time_request: str | None
    services: tuple[ServiceRequest, ...]


def _text(parent, path):
    node = parent.find(path) if parent is not None else None
    return node.text.strip() if node is not None and node.text else None


def _int(text):
    return int(text) if text and text.isdigit() else None


def read_request(root: etree._Element) -> SsdnRequest:
    context = root.find(f"{S}RequestContext")
    user = context.find(f"{S}AuthorizedUser") if context is not None else None
    message = context.find(f"{S}Message") if context is not None else None
    services = []
    for sr in root.findall(f"{S}ServiceRequest"):
        body = next((child for child in sr if child.tag not in (f"{S}ServiceId", f"{S}Version")), None)
        services.append(ServiceRequest(_text(sr, f"{S}ServiceId") or "", _text(sr, f"{S}Version") or "", body))
    return SsdnRequest(
        authorized_user=user,
        user_id=_text(user, f"{S}UserID"),
        email=_text(user, f"{S}Email"),
        org_unit=_text(user, f"{S}OrgUnit"),
        matrix_id=_int(_text(user, f"{S}MatrixID")),
        matrix_sub_id=_int(_text(user, f"{S}MatrixSubID")),
        reference=_text(message, f"{S}Reference"),
        time_request=_text(message, f"{S}TimeRequest"),
        services=tuple(services),
    )


def overall(details) -> str:
    """ok attribute for a list of Details: any ERROR -> NO, any WARNING -> WARNING, else YES."""
    severities = {d.severity for d in details}
    if "ERROR" in severities:
        return OK_NO
    if "WARNING" in severities:
        return OK_WARNING
    return OK_YES


def result_summary(parent: etree._Element, prefix: str, ok: str, details) -> etree._Element:
    summary = etree.SubElement(parent, f"{C}ResultSummary", nsmap={prefix: ns.SSDN_COMMON})
    summary.set("ok", ok)
    etree.SubElement(summary, f"{C}ReturnCode").text = RETURN_CODES[ok]
    for d in details:
        detail = etree.SubElement(summary, f"{C}Detail")
        etree.SubElement(detail, f"{C}Severity").text = d.severity
        etree.SubElement(detail, f"{C}ReasonCode").text = d.reason
        etree.SubElement(detail, f"{C}Diagnostic").text = d.diagnostic
        etree.SubElement(detail, f"{C}AuthorCodeList").text = "CBSS"
        for name, value in d.information[:5]:
            info = etree.SubElement(detail, f"{C}Information")
            etree.SubElement(info, f"{C}FieldName").text = name
            if value is not None:
                etree.SubElement(info, f"{C}FieldValue").text = value
    return summary


@dataclass(frozen=True)
class ServiceOutcome:
    service_id: str
    version: str
    details: tuple
    body: etree._Element | None


def build_reply(
    request: SsdnRequest,
    context_details,
    outcomes: list[ServiceOutcome],
    ticket: str,
    received: dt.datetime,
    replied: dt.datetime,
) -> etree._Element:
    all_details = [d for o in outcomes for d in o.details]
    context_details = list(context_details)
    service_ok = overall(all_details)
    if service_ok == OK_NO:
        context_details.append(Detail("ERROR", codes.ANY_SERVICE_ERROR, "At least one service request has generated an error."))
    elif service_ok == OK_WARNING:
        context_details.append(Detail("WARNING", codes.ANY_SERVICE_WARNING,
                                      "At least one service request has generated a warning."))

    root = etree.Element(f"{S}SSDNReply", nsmap={None: ns.SSDN_SERVICE})
    context = etree.SubElement(root, f"{S}ReplyContext")
    result_summary(context, "ns1", overall(context_details), context_details)
    if request is not None and request.authorized_user is not None:
        user = etree.SubElement(context, f"{S}AuthorizedUser")
        for child in request.authorized_user:
            if isinstance(child.tag, str):
                etree.SubElement(user, child.tag).text = (child.text or "").strip()
    message = etree.SubElement(context, f"{S}Message")
    if request is not None and request.reference:
        etree.SubElement(message, f"{S}Reference").text = request.reference
    etree.SubElement(message, f"{S}Ticket").text = ticket
    if request is not None and request.time_request:
        etree.SubElement(message, f"{S}TimeRequest").text = request.time_request
    etree.SubElement(message, f"{S}TimeReceive").text = utc_stamp(received)
    etree.SubElement(message, f"{S}TimeResponse").text = utc_stamp(replied)
    for outcome in outcomes:
        reply = etree.SubElement(root, f"{S}ServiceReply")
        result_summary(reply, "ns2", overall(outcome.details), outcome.details)
        etree.SubElement(reply, f"{S}ServiceId").text = outcome.service_id
        etree.SubElement(reply, f"{S}Version").text = outcome.version
        if outcome.body is not None:
            reply.append(outcome.body)
    return root


def reply_text(root: etree._Element) -> str:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).decode("utf-8")


def body_element(namespace: str, local: str) -> etree._Element:
    """The root of a service body with the ``ns3`` prefix real replies use."""
    return etree.Element(f"{{{namespace}}}{local}", nsmap={"ns3": namespace})
