"""SPP IS alerts ("clignotants" / "knipperlichten", domain-facts §3.9), computed from the world.

SPP IS crosses the RIS it reimburses with the BCSS flows and flags every overlap of a RIS period with
an income the CPAS may have missed. The simulator does the same, for one person at a time:

- RIS periods: the person's accepted (or stopped, over their shortened period) RIS attestations
  (simulator/world/store/attestations.py, registered through the wire), and the world's
  ``cpas_situation`` RIS periods (the CPAS of that municipality);
- incomes: employments (the Dimona flow: source DIMONA), unemployment, pensions, disability
  allowances and self-employment (every income source of the world's registers).

One alert per (RIS period, income period) that overlap. SPP IS knows of a RIS attestation from its
decision date, and of a world RIS period from its start: an alert is raised on the later of that day
and the start of the overlap, and exists from then on at the sandbox's clock. Its id is a hash of
what it is made of (the person's first number, the RIS period, the income), so the same world always
gives the same ids, an attestation registered later adds its alerts without changing the others, and a
replaced SSIN keeps its alerts and their reactions. The alert belongs to the CPAS of the RIS period.
The twice-yearly reminder of untreated alerts and the ~5-8 % sampling are not modelled: every overlap
is an alert.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from simulator.world.store import attestations as attestation_store

ATTESTATION, CPAS_SITUATION = "ATTESTATION", "CPAS_SITUATION"
SOURCES = ("DIMONA", "UNEMPLOYMENT", "PENSION", "DISABILITY_ALLOWANCE", "SELF_EMPLOYMENT")


@dataclass(frozen=True, slots=True)
class RisPeriod:
    """A RIS SPP IS knows about: an attestation or a world CPAS situation."""

    basis: str  # ATTESTATION | CPAS_SITUATION
    key: str  # attestation reference, or CPAS<nis>:<start> for a world situation
    cpas_cbe: str | None  # the CPAS that registered the attestation (None: known by its NIS code only)
    cpas_nis: int
    begin: dt.date
    end: dt.date | None
    known_on: dt.date  # since when SPP IS knows of it
    reference: str | None = None  # the attestation reference

    def belongs_to(self, organisation) -> bool:
        if self.cpas_cbe is not None:
            return self.cpas_cbe == organisation.cbe
        return self.cpas_nis == organisation.nis


@dataclass(frozen=True, slots=True)
class Income:
    source: str  # one of SOURCES
    key: str  # stable within the world: the source row's id, or kind and start
    begin: dt.date
    end: dt.date | None


@dataclass(frozen=True, slots=True)
class Alert:
    alert_id: str
    ssin: str
    income: Income
    ris: RisPeriod
    begin: dt.date  # the overlap
    end: dt.date | None
    raised_on: dt.date


def ris_periods(world, ssin: str) -> list[RisPeriod]:
    found = [RisPeriod(ATTESTATION, a.reference, a.cpas_cbe, a.cpas_nis, a.begin, a.end, a.decision_date, a.reference)
             for a in attestation_store.attestations(world, ssin, kind="RIS")
             if a.status in attestation_store.GRANTED and a.covers_something]
    found += [RisPeriod(CPAS_SITUATION, f"CPAS{s.cpas_nis}:{s.begin.isoformat()}", None, s.cpas_nis, s.begin, s.end,
                        s.begin) for s in reversed(world.cpas_history(ssin)) if s.kind == "RIS"]
    return found


def incomes(world, ssin: str) -> list[Income]:
    found = [Income("DIMONA", f"E{e.id}", e.begin, e.end) for e in world.employments(ssin)]
    found += [Income("UNEMPLOYMENT", f"U{u.id}", u.begin, u.end) for u in world.unemployment(ssin)]
    found += [Income("PENSION", f"P{p.id}", p.begin, p.end) for p in world.pensions(ssin)]
    disability = world.disability(ssin)
    found += [Income("DISABILITY_ALLOWANCE", f"D{a.kind}:{a.begin.isoformat()}", a.begin, a.end)
              for a in (disability.allowances if disability else ())]
    found += [Income("SELF_EMPLOYMENT", f"S{s.id}", s.begin, s.end) for s in world.self_employment(ssin)]
    return found


def _person_key(world, ssin: str) -> str:
    """The person's first number: an alert keeps its id (and its reaction) when the SSIN is replaced."""
    formers = world.former_ssins(ssin)  # every older number points at the current one, newest first
    return formers[-1].old_ssin if formers else ssin


def _alert_id(person_key: str, ris: RisPeriod, income: Income) -> str:
    digest = hashlib.sha256(f"{person_key}|{ris.key}|{income.key}".encode()).hexdigest()
    return "CLG" + digest[:13].upper()


def alerts_for(world, ssin: str, today: dt.date) -> list[Alert]:
    """The person's alerts raised on or before ``today``, oldest overlap first. The hook other SPP IS
    families may call (e.g. to show a file's open alerts)."""
    found, person_key = [], _person_key(world, ssin)
    for ris in ris_periods(world, ssin):
        for income in incomes(world, ssin):
            begin = max(ris.begin, income.begin)
            ends = [e for e in (ris.end, income.end) if e is not None]
            end = min(ends) if ends else None
            if end is not None and end < begin:
                continue
            raised = max(begin, ris.known_on)
            if raised <= today:
                found.append(Alert(_alert_id(person_key, ris, income), ssin, income, ris, begin, end, raised))
    return sorted(found, key=lambda a: (a.begin, a.alert_id))
