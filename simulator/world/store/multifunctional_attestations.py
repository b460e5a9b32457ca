"""Reads and writes of the multifunctional attestations (A036) CPAS send: schema version 4.

An A036 says that one CPAS grants one person a type of financial aid (RIS or ERIS) in a category over a
validity period (domain-facts §3.6). It is never overwritten: a modification or a cancellation adds a
new *version* (a row) with the same ``attestation_id`` and its own ``update_id``; ``latest`` marks the
newest one. Per sandbox (in the world database), shared by every CPAS of the sandbox. Every write is
one transaction (``store._write``) that re-checks, inside it, that the version it amends is still the
newest, so two concurrent amendments cannot both win.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from simulator.errors import SimulatorError
from simulator.world.store.schema import _d, _iso
from simulator.world.store.world import WorldStore

CREATED, MODIFIED, CANCELLED = "CREATED", "MODIFIED", "CANCELLED"
AID_TYPES = ("RIS", "ERIS")  # integration income (law 2002) / its equivalent (law 1965)

_COLUMNS = ("id, attestation_id, update_id, version, ssin, cpas_cbe, cpas_nis, aid_type, category, begin_date, "
            "end_date, status, latest, created_at")


@dataclass(frozen=True, slots=True)
class MultifunctionalAttestation:
    """One version of an A036."""

    ssin: str
    cpas_cbe: str
    cpas_nis: int
    aid_type: str  # RIS | ERIS
    category: int  # 1 cohabitant, 2 isolé, 3 famille à charge
    begin: dt.date
    end: dt.date | None  # inclusive; None = open
    status: str = CREATED  # CREATED (version 1) | MODIFIED | CANCELLED
    created_at: str = ""  # the sandbox's now when this version was received (ISO)
    attestation_id: str = ""  # given on creation, the same for every version
    update_id: str = ""  # given to each version
    version: int = 1
    latest: bool = True
    id: int | None = None

    @property
    def creation_date(self) -> dt.date:
        return dt.date.fromisoformat(self.created_at[:10])

    def overlaps(self, begin: dt.date | None, end: dt.date | None) -> bool:
        return (end is None or self.begin <= end) and (begin is None or self.end is None or self.end >= begin)


def _record(row: tuple) -> MultifunctionalAttestation:
    return MultifunctionalAttestation(
        id=row[0], attestation_id=row[1], update_id=row[2], version=row[3], ssin=row[4], cpas_cbe=row[5],
        cpas_nis=row[6], aid_type=row[7], category=row[8], begin=_d(row[9]), end=_d(row[10]), status=row[11],
        latest=bool(row[12]), created_at=row[13])


def versions(store: WorldStore, ssin: str, begin: dt.date | None = None,
             end: dt.date | None = None) -> list[MultifunctionalAttestation]:
    """Every version of the person's A036 of every CPAS whose period meets [begin, end] (None = open),
    by period start, then attestation, then version."""
    rows = store._all(f"SELECT {_COLUMNS} FROM multifunctional_attestation WHERE ssin = ? "
                      "ORDER BY begin_date, attestation_id, version", (ssin,))
    return [a for a in map(_record, rows) if a.overlaps(begin, end)]


def latest(store: WorldStore, attestation_id: str) -> MultifunctionalAttestation | None:
    row = store._one(f"SELECT {_COLUMNS} FROM multifunctional_attestation WHERE attestation_id = ? AND latest = 1",
                     (attestation_id,))
    return _record(row) if row else None


def _insert(store: WorldStore, a: MultifunctionalAttestation) -> int:
    return store.conn.execute(
        "INSERT INTO multifunctional_attestation (attestation_id, update_id, version, ssin, cpas_cbe, cpas_nis, "
        "aid_type, category, begin_date, end_date, status, latest, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "1, ?)", (a.attestation_id, a.update_id, a.version, a.ssin, a.cpas_cbe, a.cpas_nis, a.aid_type, a.category,
                  _iso(a.begin), _iso(a.end), a.status, a.created_at)).lastrowid


def _read(store: WorldStore, row_id: int) -> MultifunctionalAttestation:
    return _record(store.conn.execute(f"SELECT {_COLUMNS} FROM multifunctional_attestation WHERE id = ?",
                                      (row_id,)).fetchone())


def create(store: WorldStore, attestation: MultifunctionalAttestation) -> MultifunctionalAttestation:
    """Store version 1 and give it its ids: ``A036`` + the CPAS's NIS code (5 digits) + a sandbox-wide
    sequence number (8 digits); each version's update id is the attestation id + ``-`` + the version."""
    if not attestation.ssin or not attestation.cpas_cbe or attestation.aid_type not in AID_TYPES:
        raise SimulatorError("an A036 needs an SSIN, a CPAS and a type of aid RIS or ERIS")

    def run() -> MultifunctionalAttestation:
        row_id = _insert(store, replace(attestation, status=CREATED, version=1))
        attestation_id = f"A036{attestation.cpas_nis:05d}{row_id:08d}"
        store.conn.execute("UPDATE multifunctional_attestation SET attestation_id = ?, update_id = ? WHERE id = ?",
                           (attestation_id, f"{attestation_id}-1", row_id))
        return _read(store, row_id)

    return store._write(run)


def amend(store: WorldStore, previous: MultifunctionalAttestation,
          change: MultifunctionalAttestation) -> MultifunctionalAttestation:
    """Add the version after ``previous`` (status MODIFIED or CANCELLED, as ``change`` says), which must
    still be the newest version when the transaction runs."""

    def run() -> MultifunctionalAttestation:
        superseded = store.conn.execute(
            "UPDATE multifunctional_attestation SET latest = 0 WHERE update_id = ? AND latest = 1",
            (previous.update_id,)).rowcount
        if superseded != 1:
            raise SimulatorError(f"{previous.update_id} is not the newest version of {previous.attestation_id}")
        version = previous.version + 1
        return _read(store, _insert(store, replace(change, attestation_id=previous.attestation_id, version=version,
                                                   update_id=f"{previous.attestation_id}-{version}")))

    return store._write(run)
