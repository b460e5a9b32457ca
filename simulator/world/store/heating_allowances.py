"""Reads and writes of the heating-allowance decisions CPAS send to SPP IS: schema version 4.

One row per delivery a CPAS decided on (accepted or refused), per sandbox and shared by every CPAS:
the yearly ceilings count per household (the world household at the delivery date, whoever the
CPAS), per calendar year of delivery. Every write is one transaction (``store._write``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from simulator.world.store.attestations import ACCEPTED, insert_referenced
from simulator.world.store.schema import _d
from simulator.world.store.world import WorldStore


_COLUMNS = ("id, reference, cpas_cbe, cpas_nis, ssin, household_id, category, household_category, fuel, delivery_date, "
            "quantity, housing_number, invoice_amount, allowed_quantity, amount, evaluation, errors, created_at")


@dataclass(frozen=True, slots=True)
class HeatingAllowance:
    id: int | None
    reference: str  # given on recording: HA + the CPAS's NIS code (5 digits) + a sequence number (8 digits)
    cpas_cbe: str
    cpas_nis: int
    ssin: str  # the primary beneficiary
    household_id: int | None  # the world household at the delivery date; None: the person alone
    category: int  # as the CPAS sent it: 1 BIM, 2 low income, 3 debt mediation
    household_category: str  # what the world supports at the delivery date: 1, 2, 3 or NONE
    fuel: int  # UnitFuel code
    delivery_date: dt.date
    quantity: int  # litres on the invoice
    housing_number: int  # dwellings the delivery serves
    invoice_amount: int  # ten-thousandths of a euro
    allowed_quantity: int  # litres taken into account (0 when refused, and for a pump forfait)
    amount: float  # the allowance, euro (0 when refused)
    evaluation: str  # ACCEPTED | REFUSED
    errors: tuple[str, ...] = ()  # reason codes of a refusal
    created_at: str = ""  # the sandbox's now when SPP IS received it


def _record(row: tuple) -> HeatingAllowance:
    return HeatingAllowance(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], _d(row[9]),
                            row[10], row[11], row[12], row[13], row[14], row[15],
                            tuple(filter(None, (row[16] or "").split(","))), row[17])


def household_year(store: WorldStore, household_id: int | None, ssin: str, year: int) -> list[HeatingAllowance]:
    """The ACCEPTED allowances of a household (or, without one, of the person) for deliveries in ``year``."""
    column, key = ("household_id", household_id) if household_id is not None else ("ssin", ssin)
    rows = store._all(f"SELECT {_COLUMNS} FROM heating_allowance WHERE {column} = ? AND delivery_date BETWEEN ? AND ? "
                      "AND evaluation = ? ORDER BY delivery_date, id", (key, f"{year}-01-01", f"{year}-12-31", ACCEPTED))
    return [_record(r) for r in rows]


def allowances(store: WorldStore, ssin: str) -> list[HeatingAllowance]:
    """Every decision about the person (primary beneficiary), oldest delivery first."""
    rows = store._all(f"SELECT {_COLUMNS} FROM heating_allowance WHERE ssin = ? ORDER BY delivery_date, id", (ssin,))
    return [_record(r) for r in rows]


def record(store: WorldStore, allowance: HeatingAllowance) -> HeatingAllowance:
    """Store a decision and give it its reference."""
    a = allowance

    def run() -> HeatingAllowance:
        return _record(insert_referenced(store, "heating_allowance", {
            "cpas_cbe": a.cpas_cbe, "cpas_nis": a.cpas_nis, "ssin": a.ssin, "household_id": a.household_id,
            "category": a.category, "household_category": a.household_category, "fuel": a.fuel,
            "delivery_date": a.delivery_date.isoformat(), "quantity": a.quantity, "housing_number": a.housing_number,
            "invoice_amount": a.invoice_amount, "allowed_quantity": a.allowed_quantity, "amount": a.amount,
            "evaluation": a.evaluation, "errors": ",".join(a.errors), "created_at": a.created_at},
            "HA", a.cpas_nis, _COLUMNS))

    return store._write(run)
