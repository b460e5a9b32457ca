"""The State's share of a RIS a CPAS grants (art. 32 law of 26 May 2002, domain-facts §3.4).

The base share is 55 %; a CPAS with at least 500 RIS beneficiaries (monthly average of the penultimate
year) gets 65 %, with at least 1,000 it gets 70 %; each RIS with a PIIS adds 10 % of the amount granted.
The beneficiaries are counted in the sandbox's world (store.attestations.caseload: the CPAS's
``cpas_situation`` rows of kind RIS and the granted RIS attestations it sent, a person counted once per
month). Simplified, on purpose:

- the rate of a decision is the rate of the year its period starts (a period over a year end keeps it);
- the tier follows the penultimate year's average alone: the real first switch to 65/70 % also needs
  a growth of at least 5 % over the year before, and a CPAS falling below a threshold loses 1 point a
  year (none when the fall is under 3 %) - neither is modelled;
- the CPAS is its NIS code (the municipality): a CPAS counts the people its municipality's rows name;
- ERIS (law 1965, refunded in full) and other aid are not RIS: they do not count.
"""

from __future__ import annotations

import datetime as dt

from simulator.world.store import attestations as store
from simulator.world.store.world import WorldStore

BASE_RATE = 55.0
TIERS = ((1000, 70.0), (500, 65.0))  # (beneficiaries, percent), highest first
PIIS_BONUS = 10.0  # + 10 % of the RIS granted with a PIIS (law of 21 July 2016)
FULL_RATE = 100.0  # installation premium, ERIS


def base_rate(world: WorldStore, cpas_nis: int, day: dt.date) -> float:
    """The CPAS's tier for a RIS starting on ``day``, from its caseload two years before."""
    average = store.caseload(world, cpas_nis, day.year - 2)
    return next((rate for threshold, rate in TIERS if average >= threshold), BASE_RATE)


def ris_rate(world: WorldStore, cpas_nis: int, day: dt.date, piis: bool) -> float:
    return base_rate(world, cpas_nis, day) + (PIIS_BONUS if piis else 0.0)
