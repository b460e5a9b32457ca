"""Multifunctional attestations (SSDN): OCMWCPASA036 (a CPAS sends one) and OCMWCPASL036 (any CPAS
consults them), domain-facts §3.6.

A036 creates (processType C), modifies (M) or cancels (A) an attestation: type of aid RIS or ERIS,
validity period, category, and the granting CPAS (the caller). Checks, all before anything is written:
the SSIN (check digits, replaced, unknown); the blocks the processType needs; the period (the end not
before the start); for C and M, the caller has integrated the person with the quality code of the aid
(2 RIS, 3 ERIS) over a period covering the start; for M and A, the attestation exists for this SSIN,
belongs to the caller, is not cancelled, and UpdateAttestationID names its newest version (a client
amending a version it has not seen gets the newest one in the answer). Every change is a new version.

L036 lists, for an integrated person, the A036 of EVERY CPAS whose validity meets the period, from
``SOURCES``: the attestations sent with A036, the RIS decisions SPP IS accepted through
OCMWCPASRegisterAttest and the Law-65 financial aid (ERIS) it accepted through OCMWCPASWet65Loi65AB
(SPP IS produces the A036 when it accepts a decision). Long answers come in
pages of ``paging.PAGE_SIZE`` with a NextAnswerReference (see simulator/services/spp_is/paging.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from lxml import etree

from simulator.services import reason_codes as codes
from simulator.services.base import ERROR, INFORMATION, Call, SsdnResult, SsdnService
from simulator.services.registries.identity import detail, integration_error, subject_error, text
from simulator.services.spp_is import paging
from simulator.soap import ns, ssdn
from simulator.world.store import attestations as ris_store
from simulator.world.store import law65 as law65_store
from simulator.world.store import multifunctional_attestations as store
from simulator.world.store.multifunctional_attestations import CANCELLED, CREATED, MODIFIED, MultifunctionalAttestation

A036_NS, L036_NS = ns.SSDN_A036, ns.SSDN_L036
A, L = f"{{{A036_NS}}}", f"{{{L036_NS}}}"
PURPOSES = {"RIS": 2, "ERIS": 3}  # sector-17 quality code the CPAS integrates the person with for each aid
CREATE, MODIFY, CANCEL = "C", "M", "A"


@dataclass(frozen=True)
class A036Entry:
    """One attestation version as L036 lists it, whatever produced it."""

    cpas_nis: int
    attestation_id: str
    update_id: str
    status: str  # CREATED | MODIFIED | CANCELLED
    creation_date: dt.date
    begin: dt.date
    end: dt.date | None
    category: int
    aid_type: str  # RIS | ERIS
    recent: bool  # the newest version of its attestation


def _date(node) -> dt.date | None:
    return dt.date.fromisoformat(node.text.strip()[:10]) if node is not None and node.text else None


def _subject(call: Call, namespace: str, root: str, integrated: bool = False) -> tuple[str | None, SsdnResult | None]:
    """The INSS the body is about, or the answer that ends the treatment: the dispatcher routes on
    ServiceId, so a body of another service is a missing argument here; then the SSIN checks (and,
    for a consultation, the caller's integration at the sandbox's today)."""
    if call.request.tag != f"{{{namespace}}}{root}":
        return None, SsdnResult(None, _missing(root))
    ssin = text(call.request, namespace, "INSS")
    call.notes["ssin"] = ssin
    error = subject_error(call.world, ssin) or (integration_error(call, ssin) if integrated else None)
    return ssin, SsdnResult(None, [error]) if error is not None else None


def _missing(field: str) -> list:
    return [detail(ERROR, codes.MISSING_ARGUMENT, "A mandatory argument is missing or empty.", ("FieldName", field))]


def _incoherent(begin: dt.date, end: dt.date | None) -> list:
    if end is None or end >= begin:
        return []
    return [detail(ERROR, codes.A036_PERIOD_INCOHERENT, "The period ends before it starts.",
                   ("BeginDate", begin.isoformat()), ("EndDate", end.isoformat()))]


def _period(parent, tag: str, q: str, begin: dt.date, end: dt.date | None) -> None:
    period = etree.SubElement(parent, q + tag)
    etree.SubElement(period, q + "BeginDate").text = begin.isoformat()
    if end is not None:
        etree.SubElement(period, q + "EndDate").text = end.isoformat()


def _attestation(parent, q: str, entry: A036Entry) -> None:
    node = etree.SubElement(parent, q + "Attestation")
    ident = etree.SubElement(node, q + "AttestationIdentification")
    etree.SubElement(ident, q + "AttestationStatus").text = entry.status
    etree.SubElement(ident, q + "AttestationID").text = entry.attestation_id
    etree.SubElement(ident, q + "UpdateAttestationID").text = entry.update_id
    etree.SubElement(ident, q + "CreationDate").text = entry.creation_date.isoformat()
    details = etree.SubElement(node, q + "Details")
    _period(details, "ValidityPeriod", q, entry.begin, entry.end)
    etree.SubElement(details, q + "CategoryCode").text = str(entry.category)
    etree.SubElement(details, q + "TypeOfAid").text = entry.aid_type


def _entry(a: MultifunctionalAttestation, recent: bool) -> A036Entry:
    return A036Entry(a.cpas_nis, a.attestation_id, a.update_id, a.status, a.creation_date, a.begin, a.end,
                     a.category, a.aid_type, recent)


# A036 -------------------------------------------------------------------------------------------


def _amended(call: Call, ssin: str, request) -> tuple[MultifunctionalAttestation | None, list]:
    """The newest version of the attestation a modification/cancellation names, or the reasons not to."""
    attestation_id = text(request, A036_NS, "A036/Request/AttestationID")
    update_id = text(request, A036_NS, "A036/Request/UpdateAttestationID")
    if not attestation_id or not update_id:
        return None, _missing("Request")
    found = store.latest(call.world, attestation_id)
    if found is None or found.ssin != ssin:
        return None, [detail(ERROR, codes.A036_NO_SUCH_ATTESTATION, "No attestation with this ID for this SSIN.",
                             ("INSS", ssin), ("AttestationID", attestation_id))]
    if found.cpas_cbe != call.organisation.cbe:
        return None, [detail(ERROR, codes.A036_NOT_OWN_ATTESTATION, "The attestation belongs to another CPAS.",
                             ("AttestationID", attestation_id), ("OcmwCpas", str(found.cpas_nis)))]
    if found.status == CANCELLED:
        return None, [detail(ERROR, codes.A036_CANCELLED_ALREADY,
                             "The attestation is cancelled: it can be neither modified nor cancelled.",
                             ("AttestationID", attestation_id), ("UpdateAttestationID", found.update_id))]
    if found.update_id != update_id:
        return None, [detail(ERROR, codes.A036_NOT_LATEST_VERSION,
                             "UpdateAttestationID is not the newest version of the attestation.",
                             ("UpdateAttestationID", update_id), ("NewestUpdateAttestationID", found.update_id))]
    return found, []


def _not_integrated(call: Call, ssin: str, aid_type: str, begin: dt.date) -> list:
    purpose = PURPOSES[aid_type]
    if any(i.purpose == purpose for i in call.world.integrations(ssin, org_cbe=call.organisation.cbe, at=begin)):
        return []
    return [detail(ERROR, codes.A036_NOT_INTEGRATED,
                   f"The CPAS has not integrated the person with quality code {purpose} ({aid_type}) at the start.",
                   ("INSS", ssin), ("BeginDate", begin.isoformat()))]


def send_a036(call: Call) -> SsdnResult:
    request = call.request
    ssin, refused = _subject(call, A036_NS, "A036RequestReply")
    if refused is not None:
        return refused
    process = request.find(A + "A036").get("processType")
    details = request.find(A + "Details")
    if process != CANCEL and details is None:
        return SsdnResult(None, _missing("Details"))
    previous, errors = _amended(call, ssin, request) if process != CREATE else (None, [])
    if details is not None and process != CANCEL and not errors:
        begin = _date(details.find(f"{A}ValidityPeriod/{A}BeginDate"))
        end = _date(details.find(f"{A}ValidityPeriod/{A}EndDate"))
        aid_type = text(details, A036_NS, "TypeOfAid")
        errors = _incoherent(begin, end) or _not_integrated(call, ssin, aid_type, begin)
    if errors:
        return SsdnResult(None, errors)

    org = call.organisation
    if process == CANCEL:
        saved = store.amend(call.world, previous, MultifunctionalAttestation(
            ssin, org.cbe, org.nis, previous.aid_type, previous.category, previous.begin, previous.end,
            status=CANCELLED, created_at=call.now.isoformat()))
    else:
        change = MultifunctionalAttestation(
            ssin, org.cbe, org.nis, aid_type, int(text(details, A036_NS, "CategoryCode")), begin, end,
            status=MODIFIED if previous else CREATED, created_at=call.now.isoformat())
        saved = store.amend(call.world, previous, change) if previous else store.create(call.world, change)
    call.notes["attestation"] = saved.update_id

    body = ssdn.body_element(A036_NS, "A036RequestReply")
    answer = etree.SubElement(etree.SubElement(body, A + "A036", processType=process), A + "AnswerOK")
    etree.SubElement(answer, A + "OcmwCpas").text = str(org.nis)
    _attestation(answer, A, _entry(saved, True))
    etree.SubElement(body, A + "UniqueReference").text = text(request, A036_NS, "UniqueReference")
    etree.SubElement(body, A + "INSS").text = ssin
    code, what = {CREATE: (codes.A036_CREATED, "created"), MODIFY: (codes.A036_MODIFIED, "modified"),
                  CANCEL: (codes.A036_CANCELLED, "cancelled")}[process]
    return SsdnResult(body, [detail(INFORMATION, code, f"The attestation is {what}.",
                                    ("AttestationID", saved.attestation_id), ("UpdateAttestationID", saved.update_id))])


# L036 -------------------------------------------------------------------------------------------

Source = Callable[[Call, str, dt.datetime], list[A036Entry]]


def sent_attestations(call: Call, ssin: str, as_of: dt.datetime) -> list[A036Entry]:
    """Every version sent with OCMWCPASA036 up to ``as_of``; the newest of each attestation is recent."""
    known = [a for a in store.versions(call.world, ssin) if a.created_at <= as_of.isoformat()]
    newest = {}
    for a in known:
        newest[a.attestation_id] = max(newest.get(a.attestation_id, 0), a.version)
    return [_entry(a, a.version == newest[a.attestation_id]) for a in known]


def accepted_ris_decisions(call: Call, ssin: str, as_of: dt.datetime) -> list[A036Entry]:
    """The RIS decisions SPP IS accepted (OCMWCPASRegisterAttest) up to ``as_of``, as the A036 it
    produced: version 1 when accepted; a stop is version 2, MODIFIED (the period shortened) or
    CANCELLED when it was stopped on its first day."""
    entries = []
    for a in ris_store.attestations(call.world, ssin, kind="RIS"):
        if a.status not in ris_store.GRANTED or a.created_at > as_of.isoformat():
            continue
        status, version = CREATED, 1
        if a.status == ris_store.STOPPED:
            status, version = (MODIFIED if a.covers_something else CANCELLED), 2
        entries.append(A036Entry(a.cpas_nis, a.reference, f"{a.reference}-{version}", status, a.decision_date,
                                 a.begin, a.end if a.covers_something else a.begin, a.category, a.kind, True))
    return entries


def accepted_eris_decisions(call: Call, ssin: str, as_of: dt.datetime) -> list[A036Entry]:
    """The Law-65 financial aid SPP IS accepted (form B1 with a RIS category, OCMWCPASWet65Loi65AB), as
    the ERIS A036 it produced: version 1; a form C cancellation is version 2, MODIFIED (withdrawn from a
    date) or CANCELLED (refused from the start)."""
    entries = []
    for d in law65_store.statut65_listing(call.world, ssin, None, None):
        if not d.granted or d.form != "B1" or d.category is None or d.created_at > as_of.isoformat():
            continue
        status, version, end = CREATED, 1, d.end
        if d.cancelled_on is not None:
            shortened = d.end is not None and d.end >= d.begin
            status, version, end = (MODIFIED if shortened else CANCELLED), 2, (d.end if shortened else d.begin)
        entries.append(A036Entry(d.cpas_nis, d.reference, f"{d.reference}-{version}", status,
                                 dt.date.fromisoformat(d.created_at[:10]), d.begin, end, d.category, "ERIS", True))
    return entries


# Where L036 finds attestations: one function per producer.
SOURCES: list[Source] = [sent_attestations, accepted_ris_decisions, accepted_eris_decisions]


def _page_error(error: paging.PageReferenceError) -> SsdnResult:
    code, diagnostic = {
        paging.UNKNOWN: (codes.L036_UNKNOWN_REFERENCE, "NextAnswerReference is unknown."),
        paging.EXPIRED: (codes.L036_EXPIRED_REFERENCE, "NextAnswerReference has expired: ask again without it."),
        paging.MISMATCH: (codes.L036_REFERENCE_MISMATCH,
                          "NextAnswerReference belongs to another question (person, period or CPAS)."),
    }[error.kind]
    return SsdnResult(None, [detail(ERROR, code, diagnostic, ("NextAnswerReference", error.reference))])


def consult_l036(call: Call) -> SsdnResult:
    request = call.request
    ssin, refused = _subject(call, L036_NS, "L036RequestReply", integrated=True)
    if refused is not None:
        return refused
    begin = _date(request.find(f"{L}Period/{L}BeginDate"))
    end = _date(request.find(f"{L}Period/{L}EndDate"))
    errors = _incoherent(begin, end)
    if errors:
        return SsdnResult(None, errors)
    question = ("L036", call.organisation.cbe, ssin, begin, end)
    try:
        start = paging.cursor(call, question, text(request, L036_NS, "L036/Request/NextAnswerReference"))
    except paging.PageReferenceError as exc:
        return _page_error(exc)
    found = sorted((e for source in SOURCES for e in source(call, ssin, start.as_of) if _meets(e, begin, end)),
                   key=lambda e: (e.begin, e.attestation_id, e.update_id))
    entries, next_reference = paging.page(call, question, start, found)

    body = ssdn.body_element(L036_NS, "L036RequestReply")
    answer = etree.SubElement(etree.SubElement(body, L + "L036", processType="L"), L + "AnswerOK")
    if next_reference:
        etree.SubElement(answer, L + "NextAnswerReference").text = next_reference
    for entry in entries:
        node = etree.SubElement(answer, L + "A036")
        etree.SubElement(node, L + "RecentAnswer").text = str(entry.recent).lower()
        etree.SubElement(node, L + "OcmwCpas").text = str(entry.cpas_nis)
        _attestation(node, L, entry)
    etree.SubElement(body, L + "UniqueReference").text = text(request, L036_NS, "UniqueReference")
    etree.SubElement(body, L + "INSS").text = ssin
    _period(body, "Period", L, begin, end)
    more = [detail(INFORMATION, codes.L036_MORE_PAGES, "More attestations follow: send NextAnswerReference back.",
                   ("Returned", str(len(entries))), ("Total", str(len(found))))] if next_reference else []
    return SsdnResult(body, more)


def _meets(entry: A036Entry, begin: dt.date, end: dt.date | None) -> bool:
    return (end is None or entry.begin <= end) and (entry.end is None or entry.end >= begin)


A036 = SsdnService(
    service_id="OCMWCPASA036",
    version="20060315",  # simulator-assigned: the real version is not public; L036's is used
    namespace=A036_NS,
    request="A036RequestReply",
    schema="ssdn/OCMW_CPAS/A036/A036Request.xsd",
    handler=send_a036,
    contract="simulator",
)
L036 = SsdnService(
    service_id="OCMWCPASL036",
    version="20060315",  # as real clients send it (bcss-contracts §1.6)
    namespace=L036_NS,
    request="L036RequestReply",
    schema="ssdn/OCMW_CPAS/L036/L036Request.xsd",
    handler=consult_l036,
    contract="simulator",
)
SERVICES = (A036, L036)
