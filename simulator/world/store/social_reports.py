"""Reads and writes of the electronic social reports CPAS exchange (schema version 4, table social_report).

A social report is what one CPAS writes about a person after its social inquiry (situation summary
and, when there is one, the PIIS), sent so that the competent CPAS can take the file over. It is per
sandbox and shared by every CPAS of the sandbox; who may read it is decided by the service
(simulator/services/spp_is/social_report.py), not here. Every write is one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from simulator.errors import SimulatorError
from simulator.world.store.attestations import insert_referenced
from simulator.world.store.schema import _d, _iso
from simulator.world.store.world import WorldStore

_COLUMNS = ("id, reference, ssin, author_cbe, author_nis, report_date, summary, household_situation, "
            "housing_situation, income_situation, requested_aid, piis_signed_date, piis_kind, piis_objectives, "
            "piis_evaluation_dates, sent_at")


@dataclass(frozen=True, slots=True)
class Piis:
    """The individualised project for social integration the report describes (domain-facts §3.3)."""

    signed: dt.date
    kind: str  # STUDIES | EMPLOYMENT | SOCIAL
    objectives: tuple[str, ...]
    evaluations: tuple[dt.date, ...] = ()


@dataclass(frozen=True, slots=True)
class SocialReport:
    id: int | None
    reference: str  # given by the simulator when the report is received
    ssin: str
    author_cbe: str
    author_nis: int
    report_date: dt.date
    summary: str
    household_situation: str | None = None
    housing_situation: str | None = None
    income_situation: str | None = None
    requested_aid: str | None = None
    piis: Piis | None = None
    sent_at: str = ""  # the sandbox's now when received (ISO)

    @property
    def sent_on(self) -> dt.date:
        return dt.date.fromisoformat(self.sent_at[:10])


def _record(row: tuple) -> SocialReport:
    piis = None
    if row[11]:
        piis = Piis(_d(row[11]), row[12], tuple(o for o in (row[13] or "").split("|") if o),
                    tuple(_d(d) for d in (row[14] or "").split("|") if d))
    return SocialReport(row[0], row[1], row[2], row[3], row[4], _d(row[5]), row[6], row[7], row[8], row[9], row[10],
                        piis, row[15])


def about(store: WorldStore, ssin: str) -> list[SocialReport]:
    """Every report about ``ssin`` (of every author), newest report date first."""
    rows = store._all(f"SELECT {_COLUMNS} FROM social_report WHERE ssin = ? ORDER BY report_date DESC, id DESC",
                      (ssin,))
    return [_record(r) for r in rows]


def sent_by(store: WorldStore, author_cbe: str, ssin: str | None = None) -> list[SocialReport]:
    """The reports ``author_cbe`` sent (about ``ssin`` only, when given), newest report date first."""
    rows = store._all(f"SELECT {_COLUMNS} FROM social_report WHERE author_cbe = :cbe AND (:ssin IS NULL OR "
                      "ssin = :ssin) ORDER BY report_date DESC, id DESC", {"cbe": author_cbe, "ssin": ssin})
    return [_record(r) for r in rows]


def by_reference(store: WorldStore, reference: str) -> SocialReport | None:
    row = store._one(f"SELECT {_COLUMNS} FROM social_report WHERE reference = ?", (reference,))
    return _record(row) if row else None


def send(store: WorldStore, report: SocialReport) -> SocialReport:
    """Store a report and give it its reference: ``ESR`` + the author's NIS code (5 digits) + a
    sandbox-wide sequence number (8 digits)."""
    if not report.ssin or not report.author_cbe or report.report_date is None or not report.summary:
        raise SimulatorError("a social report needs an SSIN, an author, a report date and a summary")
    r, piis = report, report.piis

    def run() -> SocialReport:
        return _record(insert_referenced(store, "social_report", {
            "ssin": r.ssin, "author_cbe": r.author_cbe, "author_nis": r.author_nis, "report_date": _iso(r.report_date),
            "summary": r.summary, "household_situation": r.household_situation,
            "housing_situation": r.housing_situation, "income_situation": r.income_situation,
            "requested_aid": r.requested_aid, "piis_signed_date": _iso(piis.signed) if piis else None,
            "piis_kind": piis.kind if piis else None, "piis_objectives": "|".join(piis.objectives) if piis else None,
            "piis_evaluation_dates": "|".join(d.isoformat() for d in piis.evaluations) if piis else None,
            "sent_at": r.sent_at}, "ESR", r.author_nis, _COLUMNS))

    return store._write(run)
