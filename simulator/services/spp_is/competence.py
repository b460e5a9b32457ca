"""The territorial competence of a CPAS for a person (domain-facts §3.1).

The competent CPAS is the one of the municipality of the person's legal (National Register) address
in Belgium at the date. A person without one (a BIS person, someone living abroad or whose address is
struck off) falls to the CPAS that grants them a RIS at the date (an accepted attestation, else the
world's CPAS situation): homeless people apply where they actually stay, and that CPAS is the one
paying. None when neither exists. The CPAS is known by its NIS code; its CBE number only when the
organisation is one the simulator knows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from simulator.world.store import attestations as attestation_store

BELGIUM = 150
CPAS_SECTOR, CPAS_INSTITUTION = 17, 1


@dataclass(frozen=True, slots=True)
class Competence:
    nis: int
    basis: str  # RESIDENCE | RIS
    cbe: str | None  # the CBE number of the known organisation of that CPAS, if any


def cpas_of(organisations, nis: int) -> str | None:
    """CBE number of the known CPAS of municipality ``nis``."""
    return next((o.cbe for o in organisations.by_sector(CPAS_SECTOR, CPAS_INSTITUTION) if o.nis == nis), None)


def competent_cpas(world, organisations, ssin: str, at: dt.date) -> Competence | None:
    person = world.person(ssin, at=at)
    address = person.address if person is not None else None
    if address is not None and address.country == BELGIUM and address.nis:
        return Competence(address.nis, "RESIDENCE", cpas_of(organisations, address.nis))
    for a in attestation_store.attestations(world, ssin, kind="RIS", begin=at, end=at):
        if a.status == attestation_store.ACCEPTED:
            return Competence(a.cpas_nis, "RIS", a.cpas_cbe)
    situation = world.cpas_situation(ssin, at)
    if situation is not None and situation.kind in ("RIS", "ERIS"):
        return Competence(situation.cpas_nis, "RIS", cpas_of(organisations, situation.cpas_nis))
    return None


def is_competent(competence: Competence | None, organisation) -> bool:
    if competence is None or organisation is None:
        return False
    return competence.cbe == organisation.cbe if competence.cbe else competence.nis == organisation.nis
