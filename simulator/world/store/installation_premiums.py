"""Reads and writes of the installation premiums CPAS grant (OCMWCPASOrganicLaw).

An installation premium is a one-off amount for a person leaving homelessness (domain-facts §3.5).
The decision is stored whatever its outcome (status REFUSED with no reimbursement rate when a condition
fails), per sandbox and shared by every CPAS: the once-in-a-lifetime rule looks at every CPAS's premiums.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from simulator.world.store.attestations import insert_referenced
from simulator.world.store.schema import _d, _iso
from simulator.world.store.world import WorldStore

_COLUMNS = ("id, reference, ssin, cpas_cbe, cpas_nis, scheme, address_date, amount, reimbursement_rate, status, "
            "created_at")


@dataclass(frozen=True, slots=True)
class InstallationPremium:
    id: int | None
    reference: str  # given by the simulator: PRI + the CPAS's NIS code + a sequence number
    ssin: str
    cpas_cbe: str
    cpas_nis: int
    scheme: str  # RIS (law 2002) | ORGANIC_LAW (law 1976)
    address_date: dt.date | None  # start of the new main residence (None when the world has none)
    amount: float
    reimbursement_rate: float | None  # percent; None when refused
    status: str  # ACCEPTED | REFUSED
    created_at: str = ""

    @property
    def decision_date(self) -> dt.date:
        return dt.date.fromisoformat(self.created_at[:10])


def _record(row: tuple) -> InstallationPremium:
    return InstallationPremium(*row[:6], _d(row[6]), *row[7:])


def premiums(store: WorldStore, ssin: str) -> list[InstallationPremium]:
    """The person's premium decisions of every CPAS, oldest first."""
    return [_record(r) for r in store._all(f"SELECT {_COLUMNS} FROM installation_premium WHERE ssin = ? "
                                           "ORDER BY id", (ssin,))]


def register(store: WorldStore, premium: InstallationPremium) -> InstallationPremium:
    p = premium
    values = {"ssin": p.ssin, "cpas_cbe": p.cpas_cbe, "cpas_nis": p.cpas_nis, "scheme": p.scheme,
              "address_date": _iso(p.address_date), "amount": p.amount, "reimbursement_rate": p.reimbursement_rate,
              "status": p.status, "created_at": p.created_at}
    return _record(store._write(lambda: insert_referenced(store, "installation_premium", values, "PRI", p.cpas_nis,
                                                          _COLUMNS)))
