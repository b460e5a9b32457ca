"""LivingWagesService v1 (new generation): the person's integration income (RIS / leefloon) rights.

A simulator contract (BCSS publishes only the operation names, bcss-contracts §3.18), in the BCSS
new-generation style and with the rules of the other consultations: legal context
``PCSA:SOCIAL_INQUIRY`` (MSG00013), the SSIN checks (MSG00008 / MSG00006 / MSG00005) and the caller
must have integrated the person at the sandbox's today (MSG00012).

The rights come from ``SOURCES``: the RIS decisions SPP IS accepted (OCMWCPASRegisterAttest, a stop
shortens them) and the CPAS history of the world (``cpas_situation`` rows of kind RIS). Five views:
the periods of every CPAS merged, the same per CPAS, each also restricted to Flemish CPAS (the region
of the CPAS's municipality is VLG), and getLivingWages: each right by CPAS and category with its
amount month by month (pro rata of the days in a month it covers in part). Long answers come in pages
(simulator/services/spp_is/paging.py), as OCMWCPASL036.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Callable

from lxml import etree

from simulator.services.base import (
    SOCIAL_INQUIRY,
    Call,
    SoaEndpoint,
    SoaOperation,
    StatusError,
    check_legal_context,
    consultation_reply,
    resolve_subject,
)
from simulator.services.spp_is import paging
from simulator.soap import commonv3, ns
from simulator.world.store import attestations as ris_store

FLANDERS = "VLG"  # ref_municipality.region of the Flemish municipalities
NO_LIVING_WAGE = ("LIWA0001", "No integration income over the period.")
PERIOD_INCOHERENT = ("LIWA0002", "The period ends before it starts.")
PAGE_ERRORS = {
    paging.UNKNOWN: ("LIWA0003", "nextPageReference is unknown."),
    paging.EXPIRED: ("LIWA0004", "nextPageReference has expired: ask again without it."),
    paging.MISMATCH: ("LIWA0005", "nextPageReference belongs to another question."),
}


@dataclass(frozen=True)
class RisRight:
    """One CPAS grants the person the RIS in one category over a period, at a monthly amount."""

    cpas_nis: int
    cpas_cbe: str | None  # when the source knows it
    category: int
    begin: dt.date
    end: dt.date | None  # inclusive; None = open
    monthly_amount: float | None

    def meets(self, begin: dt.date | None, end: dt.date | None) -> bool:
        return (end is None or self.begin <= end) and (begin is None or self.end is None or self.end >= begin)


def accepted_decisions(call: Call, ssin: str, as_of: dt.datetime) -> list[RisRight]:
    """The RIS decisions SPP IS accepted up to ``as_of`` (a stopped one over its shortened period)."""
    return [RisRight(a.cpas_nis, a.cpas_cbe, a.category, a.begin, a.end, a.monthly_amount)
            for a in ris_store.attestations(call.world, ssin, kind="RIS")
            if a.status in ris_store.GRANTED and a.covers_something and a.created_at <= as_of.isoformat()]


def world_history(call: Call, ssin: str, as_of: dt.datetime) -> list[RisRight]:
    """The RIS periods of the world's CPAS history (they do not change while the sandbox runs)."""
    return [RisRight(s.cpas_nis, None, s.category, s.begin, s.end, s.monthly_amount)
            for s in call.world.cpas_history(ssin) if s.kind == "RIS" and s.category is not None]


# Where the rights come from: one function per producer (another source joins with one line).
SOURCES: list[Callable[[Call, str, dt.datetime], list[RisRight]]] = [accepted_decisions, world_history]


# Building the records ---------------------------------------------------------------------------


def _open_period(parent, tag: str, begin: dt.date, end: dt.date | None) -> None:
    period = etree.SubElement(parent, tag)
    etree.SubElement(period, "beginDate").text = begin.isoformat()
    if end is not None:
        etree.SubElement(period, "endDate").text = end.isoformat()


def _merged(rights: list[RisRight]) -> list[tuple[dt.date, dt.date | None]]:
    """The periods the rights cover, overlapping and adjacent ones joined, in time order."""
    spans: list[list] = []
    for r in sorted(rights, key=lambda r: r.begin):
        last = spans[-1] if spans else None
        if last and (last[1] is None or r.begin <= last[1] + dt.timedelta(days=1)):
            last[1] = None if last[1] is None or r.end is None else max(last[1], r.end)
        else:
            spans.append([r.begin, r.end])
    return [(b, e) for b, e in spans]


def _pcsa(call: Call, parent, right: RisRight) -> None:
    node = etree.SubElement(parent, "pcsa")
    etree.SubElement(node, "nisCode").text = f"{right.cpas_nis:05d}"
    municipality = call.world.municipality(right.cpas_nis) or {}
    lang = "nl" if municipality.get("language") == "nl" else "de" if municipality.get("language") == "de" else "fr"
    name = etree.SubElement(node, "name", language=lang.upper())
    name.text = municipality.get(f"name_{lang}") or municipality.get("name_fr") or str(right.cpas_nis)
    cbe = right.cpas_cbe or next((o.cbe for o in call.organisations.all if o.nis == right.cpas_nis), None)
    if cbe:
        etree.SubElement(node, "cbeNumber").text = cbe


def _periods(call: Call, rights: list[RisRight], begin, end) -> list[etree._Element]:
    records = []
    for span in _merged(rights):
        record = etree.Element("livingWagePeriod")
        etree.SubElement(record, "beginDate").text = span[0].isoformat()
        if span[1] is not None:
            etree.SubElement(record, "endDate").text = span[1].isoformat()
        records.append(record)
    return records


def _periods_per_pcsa(call: Call, rights: list[RisRight], begin, end) -> list[etree._Element]:
    by_cpas: dict[int, list[RisRight]] = {}
    for r in sorted(rights, key=lambda r: (r.begin, r.cpas_nis)):
        by_cpas.setdefault(r.cpas_nis, []).append(r)
    records = []
    for group in by_cpas.values():
        record = etree.Element("pcsaPeriods")
        _pcsa(call, record, next((r for r in group if r.cpas_cbe), group[0]))
        for span in _merged(group):
            _open_period(record, "livingWagePeriod", *span)
        records.append(record)
    return records


def _months(call: Call, right: RisRight, begin: dt.date | None, end: dt.date | None):
    """(yyyy-mm, amount) of each month of the right within [begin, end], up to the current month."""
    low = max(right.begin, begin) if begin else right.begin
    limit = min(d for d in (right.end, end, call.today) if d is not None)
    month = low.replace(day=1)
    while month <= limit:
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        covered = (min(last, right.end or last) - max(month, right.begin)).days + 1
        full = right.monthly_amount if right.monthly_amount is not None else call.world.ris_amount(right.category, month)
        if covered > 0 and full is not None:
            yield f"{month:%Y-%m}", round(full * covered / last.day, 2)
        month = last + dt.timedelta(days=1)


def _living_wages(call: Call, rights: list[RisRight], begin, end) -> list[etree._Element]:
    records = []
    for right in sorted(rights, key=lambda r: (r.begin, r.cpas_nis, r.category)):
        record = etree.Element("livingWage")
        _pcsa(call, record, right)
        etree.SubElement(record, "category").text = str(right.category)
        _open_period(record, "period", right.begin, right.end)
        for month, amount in _months(call, right, begin, end):
            line = etree.SubElement(record, "monthlyAmount")
            etree.SubElement(line, "month").text = month
            etree.SubElement(line, "amount").text = f"{amount:.2f}"
        records.append(record)
    return records


# The operations ---------------------------------------------------------------------------------


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text[:10]) if text else None


def _operation(name: str, build, flanders: bool) -> SoaOperation:
    """One operation: the same checks, sources and paging; ``build`` makes the records of the rights."""

    def handler(call: Call) -> etree._Element:
        criteria = call.request.find("criteria")
        ssin = criteria.findtext("ssin")
        begin, end = _date(criteria.findtext("period/beginDate")), _date(criteria.findtext("period/endDate"))
        reply = consultation_reply(call, ENDPOINT, f"{name}Response", criteria)
        try:
            check_legal_context(ENDPOINT, call)
            resolve_subject(call, ssin, needs_integration=True)
            if begin and end and end < begin:
                raise StatusError(PERIOD_INCOHERENT[0], information=[("period", f"{begin}/{end}")],
                                  description=PERIOD_INCOHERENT[1])
            question = (name, call.organisation.cbe, ssin, begin, end)
            reference = criteria.findtext("nextPageReference")
            try:
                start = paging.cursor(call, question, reference)
            except paging.PageReferenceError as exc:
                code, description = PAGE_ERRORS[exc.kind]
                raise StatusError(code, information=[("nextPageReference", reference)],
                                  description=description) from None
            rights = [r for source in SOURCES for r in source(call, ssin, start.as_of) if r.meets(begin, end)]
            if flanders:
                rights = [r for r in rights if (call.world.municipality(r.cpas_nis) or {}).get("region") == FLANDERS]
            records = build(call, rights, begin, end)
            if not records:
                raise StatusError(NO_LIVING_WAGE[0], commonv3.NO_DATA_FOUND, [("ssin", ssin)], NO_LIVING_WAGE[1])
        except StatusError as outcome:
            return outcome.answer(reply)
        commonv3.status(reply, commonv3.DATA_FOUND, "MSG00000")
        shown, next_reference = paging.page(call, question, start, records)
        if next_reference:
            etree.SubElement(reply, "nextPageReference").text = next_reference
        reply.extend(shown)
        return reply

    return SoaOperation(name, f"{name}Request", f"{name}Response", handler, fault=f"{name}Fault")


OPERATIONS = (
    _operation("getLivingWagePeriods", _periods, flanders=False),
    _operation("getLivingWagePeriodsFlanders", _periods, flanders=True),
    _operation("getLivingWagePeriodsPerPCSA", _periods_per_pcsa, flanders=False),
    _operation("getLivingWagePeriodsPerPCSAFlanders", _periods_per_pcsa, flanders=True),
    _operation("getLivingWages", _living_wages, flanders=False),
)
ENDPOINT = SoaEndpoint(
    service="LivingWagesService",
    path="/SOA4520/LivingWagesService/v1/getLivingWagePeriods",
    namespace=ns.LIVING_WAGES_INTF,
    prefix="v1",
    wsdl="living-wages/LivingWagesServiceV1.wsdl",
    operations=OPERATIONS,
    version="v1",
    contract="simulator",
    legal_contexts=(SOCIAL_INQUIRY,),
    needs_integration=True,
)
