"""Reads and writes of the SPP IS decisions (attestations) CPAS send: schema version 3.

An attestation is one CPAS's decision about one person's right (kind 'RIS' so far) over a period.
It is per sandbox (in the world database) and shared by every CPAS of the sandbox: what one CPAS
registers is what another one lists. Every write is one transaction (``store._write``). A stop ends
the period the day before the stop date and marks the attestation STOPPED, so every later answer
about the days from the stop on no longer sees it as granted. A correction stores the new version and
marks the old one CORRECTED (kept, with the reference that replaces it in ``attestation_correction``),
in the same transaction: no answer ever sees both or neither as the current version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from simulator.errors import SimulatorError
from simulator.world.store.schema import _d, _iso
from simulator.world.store.world import WorldStore

ACCEPTED, REFUSED, STOPPED, CORRECTED = "ACCEPTED", "REFUSED", "STOPPED", "CORRECTED"
GRANTED = (ACCEPTED, STOPPED)  # decisions that granted the right (a stopped one over its shortened period)
RIS = "RIS"

_COLUMNS = ("id, ssin, cpas_cbe, cpas_nis, kind, category, begin_date, end_date, monthly_amount, piis, "
            "reimbursement_rate, status, stopped_on, created_at, reference")


@dataclass(frozen=True, slots=True)
class Attestation:
    id: int | None
    ssin: str
    cpas_cbe: str
    cpas_nis: int
    kind: str  # 'RIS'
    category: int  # 1 cohabitant, 2 isolé, 3 famille à charge
    begin: dt.date
    end: dt.date | None  # inclusive; None = open; before begin when stopped on its first day
    monthly_amount: float
    piis: bool
    reimbursement_rate: float | None  # percent of the amount the State refunds; None when refused
    status: str  # ACCEPTED | REFUSED | STOPPED | CORRECTED (replaced by a later version)
    stopped_on: dt.date | None = None
    created_at: str = ""  # the sandbox's now when the decision was received (ISO)
    reference: str = ""  # given by the simulator on registration

    @property
    def decision_date(self) -> dt.date:
        return dt.date.fromisoformat(self.created_at[:10])

    @property
    def covers_something(self) -> bool:
        return self.end is None or self.end >= self.begin

    def overlaps(self, begin: dt.date | None, end: dt.date | None) -> bool:
        """Does the (possibly shortened) period meet [begin, end] (None bounds = open)?"""
        return self.covers_something and (end is None or self.begin <= end) and (
            begin is None or self.end is None or self.end >= begin)


def _record(row: tuple) -> Attestation:
    return Attestation(row[0], row[1], row[2], row[3], row[4], row[5], _d(row[6]), _d(row[7]), row[8], bool(row[9]),
                       row[10], row[11], _d(row[12]), row[13], row[14])


def attestations(store: WorldStore, ssin: str, *, kind: str | None = None, begin: dt.date | None = None,
                 end: dt.date | None = None) -> list[Attestation]:
    """The person's attestations of every CPAS (all statuses), oldest period first; with ``begin`` /
    ``end``, only those whose period meets [begin, end] (a refused one by its requested period)."""
    clauses, params = ["ssin = :ssin"], {"ssin": ssin, "kind": kind}
    if kind is not None:
        clauses.append("kind = :kind")
    rows = store._all(f"SELECT {_COLUMNS} FROM attestation WHERE {' AND '.join(clauses)} "
                      "ORDER BY begin_date, id", params)
    found = [_record(r) for r in rows]
    if begin is None and end is None:
        return found
    return [a for a in found if a.overlaps(begin, end)]


def by_reference(store: WorldStore, reference: str) -> Attestation | None:
    row = store._one(f"SELECT {_COLUMNS} FROM attestation WHERE reference = ?", (reference,))
    return _record(row) if row else None


def insert_referenced(store: WorldStore, table: str, values: dict, prefix: str, cpas_nis: int,
                      columns: str) -> tuple:
    """Insert an SPP IS decision row inside the caller's transaction and give it its reference:
    ``prefix`` + the CPAS's NIS code (5 digits) + the table's sequence number (8 digits), as the SPP IS
    numbers what it receives. The stored row (``columns``)."""
    row_id = store.conn.execute(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                                tuple(values.values())).lastrowid
    store.conn.execute(f"UPDATE {table} SET reference = ? WHERE id = ?",
                       (f"{prefix}{cpas_nis:05d}{row_id:08d}", row_id))
    return store.conn.execute(f"SELECT {columns} FROM {table} WHERE id = ?", (row_id,)).fetchone()


def _insert(store: WorldStore, a: Attestation) -> Attestation:
    return _record(insert_referenced(store, "attestation", {
        "ssin": a.ssin, "cpas_cbe": a.cpas_cbe, "cpas_nis": a.cpas_nis, "kind": a.kind, "category": a.category,
        "begin_date": _iso(a.begin), "end_date": _iso(a.end), "monthly_amount": a.monthly_amount, "piis": int(a.piis),
        "reimbursement_rate": a.reimbursement_rate, "status": a.status, "stopped_on": _iso(a.stopped_on),
        "created_at": a.created_at}, a.kind, a.cpas_nis, _COLUMNS))


def _check(attestation: Attestation) -> None:
    if not attestation.ssin or not attestation.cpas_cbe or attestation.begin is None:
        raise SimulatorError("an attestation needs an SSIN, a CPAS and a start date")


def register(store: WorldStore, attestation: Attestation) -> Attestation:
    """Store a decision (accepted or refused) and give it its reference."""
    _check(attestation)
    return store._write(lambda: _insert(store, attestation))


def correct(store: WorldStore, reference: str, attestation: Attestation) -> Attestation:
    """Store ``attestation`` as the new version of ``reference``: the old one becomes CORRECTED and
    points to the new one. Only a version not yet corrected can be corrected."""
    _check(attestation)

    def run() -> Attestation:
        saved = _insert(store, attestation)
        if store.conn.execute("UPDATE attestation SET status = ? WHERE reference = ? AND status != ?",
                              (CORRECTED, reference, CORRECTED)).rowcount != 1:
            raise SimulatorError(f"no attestation {reference} to correct")
        store.conn.execute("INSERT INTO attestation_correction (reference, replaced_by, corrected_at) "
                           "VALUES (?, ?, ?)", (reference, saved.reference, attestation.created_at))
        return saved

    return store._write(run)


def replaced_by(store: WorldStore, reference: str) -> str | None:
    """The reference of the version that corrected ``reference``, if any."""
    row = store._one("SELECT replaced_by FROM attestation_correction WHERE reference = ?", (reference,))
    return row[0] if row else None


def versions(store: WorldStore, reference: str) -> list[str]:
    """``reference`` and every earlier version it replaced (newest first)."""
    found = [reference]
    while True:
        row = store._one("SELECT reference FROM attestation_correction WHERE replaced_by = ?", (found[-1],))
        if row is None:
            return found
        found.append(row[0])


def caseload(store: WorldStore, cpas_nis: int, year: int) -> float:
    """The CPAS's monthly average number of RIS beneficiaries in ``year``: the people with a RIS of the
    CPAS (the world's ``cpas_situation`` rows of kind RIS and the granted RIS attestations the CPAS
    sent) on at least one day of each month, summed over the twelve months and divided by 12. A person
    in both sources counts once. One query over the (cpas_nis, begin_date) indexes."""
    first, last = f"{year:04d}-01-01", f"{year:04d}-12-31"
    row = store._one(
        "WITH RECURSIVE month(first) AS (SELECT :first UNION ALL SELECT date(first, '+1 month') FROM month "
        "WHERE first < :december), "
        "ris(ssin, begin_date, end_date) AS ("
        "SELECT ssin, begin_date, end_date FROM cpas_situation WHERE cpas_nis = :nis AND kind = :kind "
        "AND begin_date <= :last AND (end_date IS NULL OR end_date >= :first) "
        "UNION ALL SELECT ssin, begin_date, end_date FROM attestation WHERE cpas_nis = :nis AND kind = :kind "
        "AND status IN (:accepted, :stopped) AND begin_date <= :last "
        "AND (end_date IS NULL OR (end_date >= :first AND end_date >= begin_date))) "
        "SELECT COUNT(DISTINCT ris.ssin || month.first) FROM month JOIN ris "
        "ON ris.begin_date <= date(month.first, '+1 month', '-1 day') "
        "AND (ris.end_date IS NULL OR ris.end_date >= month.first)",
        {"first": first, "last": last, "december": f"{year:04d}-12-01", "nis": cpas_nis, "kind": RIS,
         "accepted": ACCEPTED, "stopped": STOPPED})
    return row[0] / 12


def stop(store: WorldStore, reference: str, stop_date: dt.date) -> Attestation:
    """Stop an ACCEPTED attestation from ``stop_date`` on: its period ends the day before."""

    def run() -> Attestation:
        changed = store.conn.execute(
            "UPDATE attestation SET status = ?, stopped_on = ?, end_date = ? WHERE reference = ? AND status = ?",
            (STOPPED, stop_date.isoformat(), (stop_date - dt.timedelta(days=1)).isoformat(), reference,
             ACCEPTED)).rowcount
        if changed != 1:
            raise SimulatorError(f"no accepted attestation {reference} to stop")
        return _record(store.conn.execute(f"SELECT {_COLUMNS} FROM attestation WHERE reference = ?",
                                          (reference,)).fetchone())

    return store._write(run)
