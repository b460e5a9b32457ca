"""Reads and writes of the amounts a CPAS recovered on its RIS attestations (OCMWCPASRegisterRecoveredAmount).

A recovered amount is money the CPAS got back (RIS paid unduly, refund by the beneficiary) for some
months of one of its attestations; the State's share of it goes back to the State at the attestation's
reimbursement rate. Per sandbox, one transaction per write (``store._write``).
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.world.store.attestations import insert_referenced
from simulator.world.store.world import WorldStore

_COLUMNS = ("id, reference, attestation_reference, ssin, cpas_cbe, cpas_nis, first_month, last_month, amount, "
            "reimbursement_rate, state_share, created_at")


@dataclass(frozen=True, slots=True)
class RecoveredAmount:
    id: int | None
    reference: str  # given by the simulator: REC + the CPAS's NIS code + a sequence number
    attestation_reference: str
    ssin: str
    cpas_cbe: str
    cpas_nis: int
    first_month: str  # YYYY-MM, inclusive
    last_month: str
    amount: float  # euros recovered
    reimbursement_rate: float  # percent: the attestation's
    state_share: float  # euros owed back to the State
    created_at: str = ""  # the sandbox's now (ISO)

    @property
    def months(self) -> list[str]:
        return months(self.first_month, self.last_month)


def months(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (YYYY-MM, inclusive)."""
    year, month = map(int, first.split("-"))
    found = []
    while f"{year:04d}-{month:02d}" <= last:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def recovered(store: WorldStore, attestation_references: list[str]) -> list[RecoveredAmount]:
    """The amounts recovered on any of the attestations (e.g. every version of a corrected one)."""
    marks = ", ".join("?" * len(attestation_references))
    rows = store._all(f"SELECT {_COLUMNS} FROM recovered_amount WHERE attestation_reference IN ({marks}) "
                      "ORDER BY id", tuple(attestation_references))
    return [RecoveredAmount(*r) for r in rows]


def register(store: WorldStore, recovery: RecoveredAmount) -> RecoveredAmount:
    r = recovery
    values = {"attestation_reference": r.attestation_reference, "ssin": r.ssin, "cpas_cbe": r.cpas_cbe,
              "cpas_nis": r.cpas_nis, "first_month": r.first_month, "last_month": r.last_month, "amount": r.amount,
              "reimbursement_rate": r.reimbursement_rate, "state_share": r.state_share, "created_at": r.created_at}
    return RecoveredAmount(*store._write(lambda: insert_referenced(store, "recovered_amount", values, "REC",
                                                                   r.cpas_nis, _COLUMNS)))
