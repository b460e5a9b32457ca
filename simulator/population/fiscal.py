"""SPF Finances and the Flemish education sources: tax assessments, Belgian properties (cadastral
income), and the qualifications of people schooled in Flanders.

Tax amounts are the incomes the other sources paid in each income year (wages after personal
contributions, unemployment, pensions, sickness benefits, self-employed results) plus the cadastral
income of properties other than the home; spouses and legal cohabitants get a joint assessment.
"""

from __future__ import annotations

import datetime as dt

from simulator.population import amounts as A
from simulator.population.builder import YEAR, Builder, Spec, birthday
from simulator.population.calendar import june_30
from simulator.population.life import Family, Life
from simulator.world.model import WAITING_REGISTER

OWNER_SHARE = {"young": 0.30, "adult": 0.72}  # [E] households owning their home, by the reference person's age
OWNER_FACTOR = {"BRU": 0.6, "VLG": 1.05, "WAL": 1.0, "DG": 1.0}  # [E]
OWNER_PRECARIOUS = 0.05  # [E]
OWNER_FOREIGN_FACTOR = 0.5  # [E]
SECOND_PROPERTY = 0.12  # [E] owners with another property (rented out, second home, land)
APARTMENT_SHARE = {"BRU": 0.75, "VLG": 0.3, "WAL": 0.25, "DG": 0.2}  # [E]
LED_BORN_FROM = dt.date(1975, 1, 1).toordinal()  # [E] generations whose diplomas are in the database
SECONDARY = {False: 0.88, True: 0.60}  # [E] secondary diploma (ordinary / precarious households)
HIGHER = {False: 0.45, True: 0.12}  # [E] a bachelor among those with a secondary diploma
MASTER = 0.5  # [E] of academic bachelors
PROFESSIONAL = 0.08  # [E] an adult professional qualification
SCHOOLS = ("Atheneum", "Sint-Jozefscollege", "Sint-Ursula-Instituut", "GO! Technisch Atheneum", "Koninklijk Atheneum")
HIGHER_SCHOOLS = {"PBA": ("Hogeschool Gent", "Artevelde Hogeschool", "Thomas More", "PXL", "Howest", "AP Hogeschool",
                          "UCLL", "Odisee"),
                  "ABA": ("KU Leuven", "Universiteit Gent", "Universiteit Antwerpen", "VUB", "UHasselt"),
                  "HBO5": ("CVO Antwerpen", "Syntra Vlaanderen", "HBO5 Verpleegkunde")}
QUALIFICATION_LEVEL = {"SO": 4, "SO7": 4, "HBO5": 5, "PBA": 6, "ABA": 6, "MA": 7, "BK": 4}  # [K] EQF levels


class Fiscal:
    def __init__(self, b: Builder) -> None:
        self.b = b
        self.assessment_id = 0
        self.property_id = 0
        years = [y for y in range(b.today_date.year - 6, b.today_date.year)
                 if dt.date(y + 1, 7, 1).toordinal() <= b.today]  # assessed in the year after [K]
        self.years = years[-A.TAX_YEARS:]

    # -- taxes -------------------------------------------------------------------------------------------

    def taxes(self, fam: Family, lives: list[Life]) -> None:
        b = self.b
        by_ssin = {life.spec.ssin: life for life in lives}
        for year in self.years:
            jan1, dec31 = dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()
            done: set[str] = set()
            for life in lives:
                s = life.spec
                if s.ssin in done or not self._taxable(life, jan1, dec31):
                    continue
                partner = self._partner(fam, s, dec31)
                other = by_ssin.get(partner) if partner else None
                if other is None or other.spec.ssin in done or not self._taxable(other, jan1, dec31):
                    other = None
                self.assessment_id += 1
                pair = [life] if other is None else sorted((life, other), key=lambda x: (x.spec.birth, x.spec.ssin))
                for role, person in zip("TP", pair):
                    partner_ssin = None if other is None else (other if person is life else life).spec.ssin
                    income = person.income.get(year) or [0.0] * 5
                    wages, pensions, unemployment, sickness, self_employed = (round(x, 2) for x in income)
                    cadastral = round(self._cadastral(person, dec31), 2)
                    total = round(wages + pensions + unemployment + sickness + self_employed + cadastral, 2)
                    b.add("tax_assessment", (person.spec.ssin, year, self.assessment_id, role, partner_ssin, wages,
                                             pensions, unemployment, sickness, self_employed, cadastral, total))
                    done.add(person.spec.ssin)

    def _taxable(self, life: Life, jan1: int, dec31: int) -> bool:
        """Resident, adult by the end of the year, arrived before it ended, alive on 1 January."""
        s = life.spec
        return (s.kind == "RN" and s.register != WAITING_REGISTER and life.earliest <= dec31
                and (s.death is None or s.death >= jan1) and self.b.adult_day(s.birth) <= dec31)

    @staticmethod
    def _partner(fam: Family, s: Spec, day: int) -> str | None:
        for code, begin, end, partner, _place in s.civil:
            if code == 20 and partner and begin <= day and (end is None or end >= day):
                return partner
        if s.cohab is not None and s.cohab[1] <= day:
            other = fam.by_ssin.get(s.cohab[0])
            if other is not None and (other.death is None or other.death > day):
                return s.cohab[0]
        return None

    @staticmethod
    def _cadastral(life: Life, day: int) -> float:
        return sum(ci * share for ci, share, begin, end in life.properties
                   if begin <= day and (end is None or end >= day))

    # -- properties ----------------------------------------------------------------------------------------

    def properties(self, owners: list[Life], region: str | None, precarious: bool, foreign: bool,
                   force: bool = False) -> None:
        """The home of an owner household (and sometimes another property); ``force``: they own it."""
        b = self.b
        if not owners or region is None:
            return
        ref = owners[0].spec
        band = "young" if (b.today - ref.birth) / YEAR < 35 else "adult"
        share = OWNER_PRECARIOUS if precarious else OWNER_SHARE[band] * OWNER_FACTOR[region]
        if foreign:
            share *= OWNER_FOREIGN_FACTOR
        if not force and not b.chance(share):
            return
        home = ref.moves[-1]
        since = max(home[0], max(b.adult_day(o.spec.birth) for o in owners))
        kind = "APARTMENT" if b.chance(APARTMENT_SHARE[region]) else "HOUSE"
        self.own(owners, home[1][2], kind, True, since)
        if b.chance(SECOND_PROPERTY):
            nis = b.ref.residence_in["WAL" if region == "DG" else region].pick(b.rng).nis
            other = b.pick({"HOUSE": 40, "APARTMENT": 40, "LAND": 20})
            self.own(owners, nis, other, False, b.between(since - 10 * 365, b.today - 30))

    def own(self, owners: list[Life], nis: int, kind: str, residence: bool, since: int) -> None:
        b = self.b
        mean, spread = A.CADASTRAL_INCOME[kind]
        income = round(max(mean + b.rng.gauss(0, spread), 15.0), 2)
        parcel = f"{nis:05d}{b.rng.choice('ABCDEFGH')}{b.rng.randint(1, 2999):04d}/{b.rng.randint(0, 9):02d}" \
                 f"{b.rng.choice('ABCDEFGHKLMN')}{b.rng.randint(0, 999):03d}"
        share = round(1.0 / len(owners), 4)
        for life in owners:
            begin = max(since, b.adult_day(life.spec.birth))
            if life.spec.death is not None and life.spec.death < begin:
                continue
            self.property_id += 1
            b.add("property", (self.property_id, life.spec.ssin, parcel, nis, kind, income, share, int(residence),
                               b.iso(begin), b.iso(life.spec.death)))
            if not residence:  # the cadastral income of one's own home is not taxed [K]
                life.properties.append((income, share, begin, life.spec.death))

    # -- Flemish qualifications ----------------------------------------------------------------------------

    def qualifications(self, life: Life, precarious: bool) -> None:
        b = self.b
        s = life.spec
        if s.language != "nl" or s.birth_country != 150 or s.birth < LED_BORN_FROM or s.kind != "RN":
            return
        until = s.death or b.today
        eighteen = dt.date.fromordinal(birthday(s.birth, 18)).year
        found: list[tuple[str, int, str]] = []
        # A student past 19 is in higher education: they hold the secondary diploma.
        studying = any(seg.status == "STUDENT" and seg.end is None for seg in life.segments) \
            and until - s.birth > 19 * YEAR
        if studying or b.chance(SECONDARY[precarious]):
            found.append(("SO" if b.chance(0.9) else "SO7", june_30(eighteen), b.rng.choice(SCHOOLS)))
            if not studying and b.chance(HIGHER[precarious]):
                kind = b.pick({"PBA": 55, "ABA": 35, "HBO5": 10})
                found.append((kind, june_30(eighteen + (2 if kind == "HBO5" else 3)),
                              b.rng.choice(HIGHER_SCHOOLS[kind])))
                if kind == "ABA" and b.chance(MASTER):
                    found.append(("MA", june_30(eighteen + 4 + b.rng.randint(0, 1)), found[-1][2]))
        if b.chance(PROFESSIONAL):
            found.append(("BK", b.between(birthday(s.birth, 20), until), "VDAB"))
        for code, day, institution in found:
            if day < until:
                b.add("qualification", (s.ssin, code, self.label(code), QUALIFICATION_LEVEL[code], b.iso(day),
                                        institution))

    @staticmethod
    def label(code: str) -> str:
        return {"SO": "Diploma secundair onderwijs", "SO7": "Getuigschrift 7de jaar beroepssecundair onderwijs",
                "HBO5": "Graduaat", "PBA": "Professionele bachelor", "ABA": "Academische bachelor", "MA": "Master",
                "BK": "Beroepskwalificatie"}[code]
