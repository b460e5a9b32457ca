"""Households first, then their people: one coherent household at a time.

Every household lives in one municipality (its language decides the names and the register
language; Brussels is mixed), shares its address history, and has a reference person ('01') to
whom every member is related. Civil states, partner links, births, moves and deaths are drawn so
that they agree with each other (a spouse points back, nobody moves after death, children are
born to adults, addresses start after birth). Figures are estimates (domain-facts §6 [E]).
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.population.builder import ADULT, YEAR, Builder, Spec
from simulator.population.reference import Country, Municipality, Weighted
from simulator.world.model import (
    BELGIUM,
    FOREIGNERS_REGISTER,
    POPULATION_REGISTER,
    WAITING_REGISTER,
)

KINDS = Weighted({"single": 36, "couple": 24, "family": 25, "single_parent": 10, "three_generations": 2,
                  "siblings": 1.5, "flatmates": 1.5}.items())
SIZE = {"single": 1, "couple": 2, "family": 3, "single_parent": 2, "three_generations": 4, "siblings": 2,
        "flatmates": 2}
KIDS = Weighted({1: 42, 2: 38, 3: 14, 4: 5, 5: 1}.items())
FIRST_NAME_COUNT = {True: Weighted({1: 45, 2: 35, 3: 20}.items()), False: Weighted({1: 70, 2: 30}.items())}
FAMILY_MOVES = Weighted({1: 50, 2: 35, 3: 15}.items())
FOREIGN_SHARE = {"BRU": 0.35, "VLG": 0.07, "WAL": 0.09, "de": 0.20}
ORIGIN_SHARE = {"BRU": 0.40, "VLG": 0.08, "WAL": 0.12, "de": 0.05}  # Belgians of foreign origin
ORIGINS = {354: 35, 128: 18, 262: 12, 306: 10, 351: 5, 109: 4, 123: 4, 153: 3, 327: 3, 304: 3, 357: 3}
ASYLUM = {251, 261, 349, 329, 254, 271, 315, 306, 255, 145}
SINGLE_AGES = Weighted({(18, 24): 7, (25, 34): 12, (35, 49): 15, (50, 64): 24, (65, 79): 26, (80, 89): 13,
                        (90, 99): 3}.items())
COUPLE_AGES = Weighted({(22, 34): 14, (35, 54): 14, (55, 69): 42, (70, 89): 30}.items())
PARENT_AGES = Weighted({(25, 34): 17, (35, 44): 40, (45, 58): 43}.items())
SINGLE_PARENT_AGES = Weighted({(22, 34): 30, (35, 49): 50, (50, 60): 20}.items())


@dataclass(slots=True)
class Origin:
    pool: str  # name pool
    country: Country | None  # nationality when foreign
    native: Country | None  # country of origin of naturalised Belgians


@dataclass(slots=True)
class Home:
    m: Municipality
    lang: str
    origin: Origin
    arrival: int | None  # arrival in Belgium of the adults of a foreign household


class Households:
    """Makes households with the builder; rate-controlled extras (BIS replacements, corrections)."""

    def __init__(self, b: Builder, size: int) -> None:
        self.b = b
        self.size = max(size, 1)
        self.origins = Weighted((b.ref.country[code], w) for code, w in ORIGINS.items())
        self.replacements = 0
        self.replacement_target = round(size * 0.005)
        self.corrections = 0
        self.correction_target = round(size * 0.0005) or (1 if size >= 100 else 0)

    # -- drawing the household's setting -----------------------------------------------------------

    def home(self) -> Home:
        b = self.b
        m = b.ref.residence.pick(b.rng)
        lang = m.language if m.language != "fr-nl" else ("fr" if b.chance(0.85) else "nl")
        area = "de" if m.language == "de" else m.region
        if b.chance(FOREIGN_SHARE[area]):
            country = b.ref.country[103] if area == "de" and b.chance(0.6) else b.ref.foreign.pick(b.rng)
            return Home(m, lang, Origin(country.names, country, None), self._arrival())
        if b.chance(ORIGIN_SHARE[area]):
            native = self.origins.pick(b.rng)
            return Home(m, lang, Origin(native.names, None, native), None)
        return Home(m, lang, Origin(lang, None, None), None)

    def _arrival(self) -> int:
        b = self.b
        return b.today - int(b.rng.triangular(60, 25 * YEAR, 2 * YEAR))

    # -- people ------------------------------------------------------------------------------------

    def person(self, h: Home, sex: str, birth: int, last: str | None = None, until: int | None = None,
               child: bool = False) -> Spec:
        """A person of the household's origin born on ``birth``, alive until ``until`` (default today);
        a ``child`` of the household grew up in it (never naturalised on their own)."""
        b = self.b
        s = Spec()
        s.sex, s.birth, s.birth_text, s.language, s.pool = sex, birth, b.iso(birth), h.lang, h.origin.pool
        s.last = last or b.last_name(h.origin.pool)
        s.firsts = b.first_names(h.origin.pool, sex, FIRST_NAME_COUNT[h.origin.country is None].pick(b.rng))
        s.ssin = b.rn(birth, sex)
        o = h.origin
        if o.country is not None:  # a foreigner
            s.nationality = o.country.code
            s.register = FOREIGNERS_REGISTER
            if o.country.code in ASYLUM and h.arrival and h.arrival > b.today - 3 * YEAR and b.chance(0.5):
                s.register = WAITING_REGISTER
            if h.arrival and birth >= h.arrival:
                b.born_in_belgium(s, h.m, h.lang)
            else:
                b.born_abroad(s, o.country)
            s.nats = [(o.country.code, birth, None)]
            return s
        s.nationality, s.register = BELGIUM, POPULATION_REGISTER
        until = until or b.today
        if o.native is not None and not child and birth < until - ADULT - 7 * 366 and b.chance(0.5):  # naturalised
            b.born_abroad(s, o.native)
            arrived = b.between(birth + 1, until - int(7 * YEAR))
            since = b.between(arrived + int(5 * YEAR), until - 30)
            s.nats = [(o.native.code, birth, since - 1), (BELGIUM, since, None)]
            s.moves.append((arrived, b.place(b.near(h.m))))
            return s
        if b.chance(0.97):
            b.born_in_belgium(s, h.m, h.lang)
        else:
            b.born_abroad(s, b.ref.foreign.pick(b.rng))
        s.nats = [(BELGIUM, birth, None)]
        return s

    def start_of(self, s: Spec, h: Home) -> int:
        """When this adult could first have an address of their own in Belgium."""
        start = s.adult()
        if h.arrival:
            start = max(start, h.arrival)
        if s.moves:  # naturalised: arrived then
            start = max(start, s.moves[0][0])
        return start

    def family_moves(self, h: Home, t0: int, until: int) -> list[tuple[int, tuple]]:
        b = self.b
        count = FAMILY_MOVES.pick(b.rng)
        days = sorted({t0, *(b.between(t0 + 60, until - 30) for _ in range(count - 1))})
        days = [d for d in days if d <= max(t0, until - 30)]
        places = [b.place(b.near(h.m)) for _ in days[:-1]] + [b.place(h.m)]
        return list(zip(days, places))

    @staticmethod
    def share(s: Spec, moves: list[tuple[int, tuple]], start: int, end: int | None = None) -> None:
        """Give ``s`` the household's moves from ``start`` (its birth or arrival) up to ``end``."""
        for i, (day, place) in enumerate(moves):
            following = moves[i + 1][0] if i + 1 < len(moves) else None
            if following is not None and following <= start:
                continue
            if end is not None and day > end:
                break
            s.moves.append((max(day, start), place))

    def civil_single(self, s: Spec, until: int) -> None:
        """Civil state of a person living without a partner: single, divorced, separated or widowed."""
        b = self.b
        age = (until - s.birth) / YEAR
        if age < 30:
            code = 10 if b.chance(0.95) else 40
        elif age < 65:
            code = b.pick({10: 50, 40: 40, 30: 5, 50: 5})
        else:
            code = b.pick({30: 55, 40: 20, 10: 25})
        married_from = s.adult() + int(b.rng.uniform(1, 12) * YEAR)
        if code == 10 or married_from >= until - 400:
            s.civil = [(10, s.birth, None, None, None)]
            return
        ended = b.between(married_from + 300, until - 60)
        s.civil = [(10, s.birth, married_from - 1, None, None), (20, married_from, ended - 1, None, None),
                   (code, ended, None, None, None)]

    def civil_married(self, s: Spec, day: int, partner: str, place: int | None, divorced_before: bool) -> None:
        """Married on ``day`` to ``partner``; maybe after an earlier marriage ended by divorce."""
        if divorced_before:
            self.previous_divorce(s, day)
        if s.civil and s.civil[-1][0] == 40:
            s.civil[-1] = (40, s.civil[-1][1], day - 1, None, None)
        else:
            s.civil = [(10, s.birth, day - 1, None, None)]
        s.civil.append((20, day, None, partner, place))

    def previous_divorce(self, s: Spec, before: int) -> None:
        """Give ``s`` an earlier marriage ended by divorce before ``before`` when there is room."""
        b = self.b
        married = s.adult() + int(b.rng.uniform(1, 6) * YEAR)
        if married + 2 * 365 >= before:
            s.civil = [(10, s.birth, None, None, None)]
            return
        divorced = b.between(married + 365, before - 60)
        s.civil = [(10, s.birth, married - 1, None, None), (20, married, divorced - 1, None, None),
                   (40, divorced, None, None, None)]

    def maybe_replaced(self, s: Spec, h: Home, registered: int, progress: float) -> bool:
        """Rate-controlled: this foreigner first had a BIS number (Belgian contact address), replaced
        by the national number at registration; every fourth also had a duplicate BIS merged."""
        b = self.b
        if (self.replacements >= min(self.replacement_target, self.replacement_target * progress + 1)
                or registered < b.today - 10 * YEAR):
            return False
        created = b.between(max(s.birth + 365, registered - int(2 * YEAR)), registered - 60)
        if created <= s.birth or created >= registered:
            return False
        day = b.iso(s.birth)
        year, month, dd = int(day[:4]), int(day[5:7]), int(day[8:])
        completeness = b.pick({0: 75, 1: 15, 2: 10})
        sex = s.sex if b.chance(0.95) else None
        old = b.bis(year, month if completeness < 2 else None, dd if completeness == 0 else None, sex)
        s.moves.insert(0, (created, b.place(b.near(h.m), "CONTACT")))
        if self.replacements % 4 == 0 and registered - created > 120:
            dup_created = b.between(created + 30, registered - 60)
            duplicate = b.bis(year, None, None, None)
            b.replaced(duplicate, old, b.between(dup_created + 1, registered - 1), "MERGE")
        b.replaced(old, s.ssin, registered, "BIS_TO_RN")
        self.replacements += 1
        return True

    def maybe_corrected(self, s: Spec, progress: float) -> None:
        """Rate-controlled: an adult whose first national number had a wrong birth date."""
        b = self.b
        if (self.corrections >= min(self.correction_target, self.correction_target * progress + 1)
                or s.birth > b.today - ADULT - 400):
            return
        shift = b.rng.choice((-1, 1)) * b.rng.randint(1, 40)
        old = b.rn(s.birth + shift, s.sex)
        b.replaced(old, s.ssin, b.between(s.adult(), b.today - 30), "CORRECTION")
        self.corrections += 1
