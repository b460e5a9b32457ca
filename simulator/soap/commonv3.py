"""CommonV3 blocks of the new-generation services (types/common/v3): read and build.

Children are unqualified (elementFormDefault="unqualified"): only the operation wrapper carries the
service namespace. Timestamps BCSS produces are UTC with milliseconds and trailing zeros dropped
(``2012-06-12T19:25:27.5Z``); ``ticketCBSS`` is a lower-case UUID.
"""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from dataclasses import dataclass, field

from lxml import etree

from simulator.soap import ns

# Status values and the BCSS wording of the generic codes (bcss-contracts §2.3/§2.4).
DATA_FOUND = "DATA_FOUND"
NO_DATA_FOUND = "NO_DATA_FOUND"
NO_RESULT = "NO_RESULT"

MESSAGES = {
    "MSG00000": "Treatment completed successfully.",
    "MSG00001": "The CBSS service is temporarily unavailable.",
    "MSG00002": "The service of the data provider is temporarily unavailable.",
    "MSG00003": "Unexpected internal error occurred",
    "MSG00005": "No person found for this SSIN.",
    "MSG00006": "The SSIN has been replaced.",
    "MSG00007": "The SSIN has been canceled.",
    "MSG00008": "A validation error occurred.",
    "MSG00011": "The structure of the SSIN is not valid.",
    "MSG00012": "The SSIN is not integrated for this customer in the right legal context.",
    "MSG00013": "The legal context is not valid for this service, operation or customer.",
}


def timestamp(moment: dt.datetime) -> str:
    """UTC, millisecond precision, trailing zeros (and a bare dot) dropped, 'Z' suffix."""
    moment = moment.astimezone(dt.timezone.utc)
    text = moment.isoformat(timespec="seconds")[:19]
    millis = f"{moment.microsecond // 1000:03d}".rstrip("0")
    return f"{text}.{millis}Z" if millis else f"{text}Z"


def new_ticket() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Customer:
    """What informationCustomer says about the caller."""

    element: etree._Element | None  # echoed verbatim in every reply
    ticket: str | None
    timestamp_sent: str | None
    cbe_number: str | None
    sector: int | None
    institution: int | None


@dataclass
class Exchange:
    """The CBSS side of one exchange: our ticket and the receive/reply times."""

    received: dt.datetime
    ticket: str = field(default_factory=new_ticket)


def _text(parent: etree._Element | None, tag: str) -> str | None:
    if parent is None:
        return None
    child = parent.find(tag)
    return child.text.strip() if child is not None and child.text is not None else None


text_of = _text  # public name for the dispatcher


def _int(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() else None


def read_customer(request: etree._Element) -> Customer:
    info = request.find("informationCustomer")
    ident = info.find("customerIdentification") if info is not None else None
    return Customer(
        element=info,
        ticket=_text(info, "ticket"),
        timestamp_sent=_text(info, "timestampSent"),
        cbe_number=_text(ident, "cbeNumber"),
        sector=_int(_text(ident, "sector")),
        institution=_int(_text(ident, "institution")),
    )


def response_root(qname: str, nsmap_prefix: str) -> etree._Element:
    """The qualified wrapper of a response (``{ns}xxxResponse``) with the prefix BCSS uses."""
    namespace = qname[1:].split("}")[0]
    return etree.Element(qname, nsmap={nsmap_prefix: namespace})


def echo_customer(parent: etree._Element, customer: Customer) -> None:
    """informationCustomer echoed verbatim (client ticket, client timestamp with its own offset)."""
    if customer.element is not None:
        parent.append(copy.deepcopy(customer.element))


def information_cbss(parent: etree._Element, exchange: Exchange, replied: dt.datetime) -> etree._Element:
    info = etree.SubElement(parent, "informationCBSS")
    etree.SubElement(info, "ticketCBSS").text = exchange.ticket
    etree.SubElement(info, "timestampReceive").text = timestamp(exchange.received)
    etree.SubElement(info, "timestampReply").text = timestamp(replied)
    return info


def legal_context(parent: etree._Element, value: str | None) -> None:
    etree.SubElement(parent, "legalContext").text = value or ""


def status(
    parent: etree._Element,
    value: str,
    code: str,
    description: str | None = None,
    information: list[tuple[str, str | None]] = (),
) -> etree._Element:
    block = etree.SubElement(parent, "status")
    etree.SubElement(block, "value").text = value
    etree.SubElement(block, "code").text = code
    etree.SubElement(block, "description").text = description or MESSAGES.get(code, code)
    for name, val in information:
        info = etree.SubElement(block, "information")
        etree.SubElement(info, "fieldName").text = name
        if val is not None:
            etree.SubElement(info, "fieldValue").text = val
    return block


def cbss_fault(
    qname: str,
    prefix: str,
    customer: Customer | None,
    exchange: Exchange,
    replied: dt.datetime,
    details: list[tuple[str, str, str]],
) -> etree._Element:
    """A ``<xxxFault>`` of CBSSFaultType; details are (severity, reasonCode, diagnostic)."""
    fault = response_root(qname, prefix)
    if customer is not None:
        echo_customer(fault, customer)
    information_cbss(fault, exchange, replied)
    for severity, reason, diagnostic in details:
        detail = etree.SubElement(fault, "detail")
        etree.SubElement(detail, "severity").text = severity
        etree.SubElement(detail, "reasonCode").text = reason
        etree.SubElement(detail, "diagnostic").text = diagnostic
        etree.SubElement(detail, "authorCode").text = ns.BCSS_AUTHOR_CODE
    return fault
