"""Reads and writes of the Law-65 (law of 2 April 1965) forms CPAS send to SPP IS: schema version 4.

One row per person and form as SPP IS evaluated it (A identification, B1 common decision, B2
individual decision, C cancellation, D1/D2 refund claims, F recovery), accepted or not, with the
SPP IS reference (ReferenceSPP_POD). The B1/B2 rows that were accepted are the person's Law-65
"statut" (ERIS / equivalent RIS and medical aid reimbursed by the State): every CPAS of the sandbox
sees them (overlap checks, the STATUT65 listing). A form C cancels a grant: nature 1 (refusal) from
its start, nature 2 (withdrawal) from the C form's entry date on; the grant's period is shortened
to the day before and ``cancelled_on`` says from when. All rows of one request are written in one
transaction (``store._write``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from simulator.world.store.attestations import ACCEPTED
from simulator.world.store.schema import _d, _iso
from simulator.world.store.world import WorldStore

PARTIALLY = "PARTIALLYACCEPTED"  # Law-65 forms may be accepted in part
GRANTS = ("B1", "B2")  # the forms that grant a right over a period

_COLUMNS = ("id, reference, unique_attest_id, cpas_cbe, cpas_nis, file_id, form, ssin, suffix, begin_date, end_date, "
            "category, aids, evaluation, errors, claimed, accepted, decision_date, cancelled_on, created_at")


@dataclass(frozen=True, slots=True)
class Law65Decision:
    id: int | None
    reference: str  # ReferenceSPP_POD, 10 characters, given on recording ('' before)
    unique_attest_id: str  # the form's UniqueAttestID, given by the CPAS
    cpas_cbe: str
    cpas_nis: int
    file_id: str  # FileIdentification/FileID of the CPAS
    form: str  # A | B1 | B2 | C | D1 | D2 | F
    ssin: str
    suffix: int  # 0 the primary beneficiary
    begin: dt.date  # entry date (D1: first day of the reference month; F: reference date)
    end: dt.date | None  # inclusive; None = open; before begin when cancelled from the start
    category: int | None  # RIS category the ceilings follow (B1 with financial aid)
    aids: tuple[str, ...]  # the aids granted (B1 RequestedAids / B2 cost kinds), or claimed (D)
    evaluation: str  # ACCEPTED | REFUSED | PARTIALLYACCEPTED
    errors: tuple[str, ...] = ()  # reason codes of what was refused
    claimed: int = 0  # euro cents (D, F)
    accepted: int = 0  # euro cents (D)
    decision_date: dt.date | None = None  # the CPAS's decision date
    cancelled_on: dt.date | None = None
    created_at: str = ""  # the sandbox's now when SPP IS received the form

    @property
    def granted(self) -> bool:
        return self.form in GRANTS and self.evaluation == ACCEPTED

    def covers(self, day: dt.date) -> bool:
        return self.begin <= day and (self.end is None or self.end >= day)

    def overlaps(self, begin: dt.date | None, end: dt.date | None) -> bool:
        """Does the (possibly shortened) period meet [begin, end] (None bounds = open)?"""
        if self.end is not None and self.end < self.begin:
            return False
        return (end is None or self.begin <= end) and (begin is None or self.end is None or self.end >= begin)


def _record(row: tuple) -> Law65Decision:
    return Law65Decision(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], _d(row[9]),
                         _d(row[10]), row[11], tuple(filter(None, (row[12] or "").split(","))), row[13],
                         tuple(filter(None, (row[14] or "").split(","))), row[15] or 0, row[16] or 0, _d(row[17]),
                         _d(row[18]), row[19])


def decisions(store: WorldStore, ssin: str, *, forms: tuple[str, ...] | None = None, begin: dt.date | None = None,
              end: dt.date | None = None) -> list[Law65Decision]:
    """The person's Law-65 rows of every CPAS, oldest first; with ``begin``/``end`` only those whose
    period meets [begin, end]."""
    rows = store._all(f"SELECT {_COLUMNS} FROM law65_decision WHERE ssin = ? ORDER BY begin_date, id", (ssin,))
    found = [_record(r) for r in rows if forms is None or r[6] in forms]
    if begin is None and end is None:
        return found
    return [d for d in found if d.overlaps(begin, end)]


def file_grants(store: WorldStore, cpas_cbe: str, file_id: str, ssin: str) -> list[Law65Decision]:
    """The accepted B1/B2 grants of one CPAS file for one person, oldest first."""
    rows = store._all(f"SELECT {_COLUMNS} FROM law65_decision WHERE cpas_cbe = ? AND file_id = ? AND ssin = ? "
                      "AND evaluation = ? ORDER BY begin_date, id", (cpas_cbe, file_id, ssin, ACCEPTED))
    return [d for d in map(_record, rows) if d.form in GRANTS]


def statut65_listing(store: WorldStore, ssin: str, begin: dt.date | None, end: dt.date | None) -> list[Law65Decision]:
    """The person's Law-65 decisions (forms B1 and B2, of every CPAS, every evaluation) whose period
    meets [begin, end] (None = open), oldest first: what OCMWCPASListOfAttestations (request type
    STATUT65) and L036 show. ``granted`` tells the accepted ones; a cancelled grant keeps its row
    with ``cancelled_on`` and its shortened ``end``."""
    return decisions(store, ssin, forms=GRANTS, begin=begin, end=end)


def record(store: WorldStore, rows: list[Law65Decision],
           cancellations: tuple[tuple[str, dt.date, dt.date], ...] = ()) -> list[Law65Decision]:
    """Store the evaluated forms of one request, and apply its cancellations ((reference of the grant,
    cancelled_on, new end date)), in one transaction; return the rows with their references
    (``65`` + an 8-digit sandbox-wide sequence number)."""

    def run() -> list[Law65Decision]:
        saved = []
        for d in rows:
            row_id = store.conn.execute(
                "INSERT INTO law65_decision (reference, unique_attest_id, cpas_cbe, cpas_nis, file_id, form, ssin, "
                "suffix, begin_date, end_date, category, aids, evaluation, errors, claimed, accepted, decision_date, "
                "cancelled_on, created_at) VALUES ('', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (d.unique_attest_id, d.cpas_cbe, d.cpas_nis, d.file_id, d.form, d.ssin, d.suffix, _iso(d.begin),
                 _iso(d.end), d.category, ",".join(d.aids), d.evaluation, ",".join(d.errors), d.claimed, d.accepted,
                 _iso(d.decision_date), _iso(d.cancelled_on), d.created_at)).lastrowid
            store.conn.execute("UPDATE law65_decision SET reference = ? WHERE id = ?", (f"65{row_id:08d}", row_id))
            saved.append(_record(store.conn.execute(f"SELECT {_COLUMNS} FROM law65_decision WHERE id = ?",
                                                    (row_id,)).fetchone()))
        for reference, cancelled_on, new_end in cancellations:
            store.conn.execute("UPDATE law65_decision SET cancelled_on = ?, end_date = ? WHERE reference = ?",
                               (cancelled_on.isoformat(), new_end.isoformat(), reference))
        return saved

    return store._write(run)
