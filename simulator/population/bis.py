"""BIS persons: known to social security without a national-register inscription (domain-facts §1.3).

Half live abroad (cross-border workers, non-resident owners: a foreign address), half have a
Belgian contact address (people without a residence permit helped by a CPAS, applicants not yet
registered). Some were created with the sex unknown (month + 20) or an incomplete birth date.
They have no register, no household and no Belgian identity card.
"""

from __future__ import annotations

from simulator.population.builder import YEAR, Builder, Spec
from simulator.population.reference import Weighted

# Where BIS persons living abroad come from: mostly the neighbours (NIS country codes).
ABROAD = {111: 30, 129: 25, 103: 10, 113: 8, 122: 7, 124: 7, 123: 4, 109: 3, 128: 3, 112: 3}


class BisPersons:
    def __init__(self, b: Builder) -> None:
        self.b = b
        self.abroad = Weighted((b.ref.country[code], w) for code, w in ABROAD.items())

    def make(self) -> None:
        b = self.b
        s = Spec()
        s.kind, s.register = "BIS", None
        abroad = b.chance(0.5)
        country = self.abroad.pick(b.rng) if abroad else b.ref.foreign_non_eu.pick(b.rng)
        s.sex = (("M" if b.chance(0.55) else "F") if b.chance(0.92) else None)
        s.birth = b.birth_for_age(1, 17) if b.chance(0.08) else b.birth_for_age(18, 70)
        day = b.iso(s.birth)
        year, month, dd = int(day[:4]), int(day[5:7]), int(day[8:])
        completeness = b.pick({0: 85, 1: 8, 2: 7})  # full date, day unknown, only the year known
        month_known, day_known = completeness < 2, completeness == 0
        s.birth_text = f"{year:04d}-{month if month_known else 0:02d}-{dd if day_known else 0:02d}"
        s.ssin = b.bis(year, month if month_known else None, dd if day_known else None, s.sex)
        s.pool = country.names
        s.last = b.last_name(country.names)
        s.firsts = b.first_names(country.names, s.sex, 1 if b.chance(0.7) else 2)
        b.born_abroad(s, country)
        s.nationality = country.code
        created = min(b.between(max(s.birth + 30, b.today - int(12 * YEAR)), b.today - 30), b.today - 1)
        s.nats = [(country.code, created, None)]
        s.created = created
        code = b.pick({90: 50, 10: 30, 20: 20}) if s.birth < created - 18 * 365 else 10
        s.civil = [(code, created, None, None, None)]
        if abroad:
            s.language = {"nl": "nl", "de": "de"}.get(country.names, "fr")
            s.moves = [(created, b.abroad(country))]
        else:
            m = b.ref.residence.pick(b.rng)
            s.language = m.language if m.language != "fr-nl" else ("fr" if b.chance(0.85) else "nl")
            s.moves = [(created, b.place(m, "CONTACT"))]
        b.emit(s)
