"""Person-level mechanics of the generator: numbers, names, places, history rows, batched output.

Dates are day ordinals (``date.toordinal()``) while generating; rows get ISO text. A person's
address history is a list of moves ``(begin, place)``; each period ends the day before the next
move, the last one is open. Everything random comes from the one ``random.Random`` passed in.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from simulator.population.amounts import HISTORY_YEARS
from simulator.population.reference import Country, Municipality, Reference, Weighted
from simulator.world import ssin as numbers
from simulator.world.model import (
    BELGIUM,
    CARD_BELGIAN_EID,
    CARD_FOREIGNER,
    CARD_KIDS_ID,
    GENERATED_SERIES,
    WAITING_REGISTER,
)
from simulator.world.phonetic import first_name_keys, phonetic_key
from simulator.world.store.schema import SOURCE_TABLES

YEAR = 365.25
MAX_ADDRESSES = 4
KIDS_ID_SHARE = 0.7  # the Kids-ID is optional (needed to travel)
ADULT = 6575  # days from birth to the 18th birthday, near enough

# Row layouts handed to WorldStore.insert_rows (column names of the store's tables).
COLUMNS: dict[str, tuple[str, ...]] = {
    "person": ("ssin", "kind", "last_name", "last_key", "first_names", "first_keys", "birth_date", "gender",
               "nationality", "birth_place_nis", "birth_place_name", "birth_country", "civil_status",
               "language", "register", "death_date"),
    "address": ("id", "ssin", "kind", "country", "nis", "postal_code", "municipality_fr", "municipality_nl",
                "municipality_de", "street_code", "street_fr", "street_nl", "street_de", "house_number", "box",
                "begin_date", "end_date", "city_abroad"),
    "civil_state": ("ssin", "code", "begin_date", "end_date", "partner_ssin", "place_nis"),
    "nationality": ("ssin", "country", "begin_date", "end_date"),
    "identity_card": ("ssin", "number", "type", "begin_date", "end_date", "municipality_nis"),
    "household": ("id", "begin_date", "end_date"),
    "household_member": ("household_id", "ssin", "relationship", "begin_date", "end_date"),
    "cohabitation": ("ssin", "partner_ssin", "begin_date", "end_date", "place_nis"),
    "ssin_history": ("old_ssin", "new_ssin", "date", "reason"),
    # Filiation and the social-security sources: rows in the order of the store's columns.
    **{table: tuple(columns) for table, (columns, _pk) in SOURCE_TABLES.items() if not table.startswith("ref_")},
}

# Place = the address without its period: kind, country, nis, postal code, municipality fr/nl/de,
# street code, street fr/nl/de, house number, box, city abroad.
Place = tuple


def birthday(birth: int, years: int) -> int:
    """The ordinal of the ``years``-th birthday (29 February -> 1 March)."""
    day = dt.date.fromordinal(birth)
    try:
        return day.replace(year=day.year + years).toordinal()
    except ValueError:
        return dt.date(day.year + years, 3, 1).toordinal()


class Spec:
    """A person being generated (mutable until emitted)."""

    __slots__ = (
        "birth",
        "birth_country",
        "birth_name",
        "birth_nis",
        "birth_text",
        "civil",
        "cohab",
        "created",
        "death",
        "firsts",
        "kind",
        "language",
        "last",
        "members",
        "moves",
        "nationality",
        "nats",
        "parents",
        "plan",
        "pool",
        "register",
        "sex",
        "ssin",
    )

    def __init__(self) -> None:
        self.kind = "RN"
        self.death: int | None = None
        self.register: int | None = 1
        self.civil: list[tuple] = []  # (code, begin, end, partner_ssin, place_nis)
        self.nats: list[tuple] = []  # (country, begin, end)
        self.moves: list[tuple[int, Place]] = []
        self.birth_nis: int | None = None
        self.parents: list[tuple[str, str]] = []  # (parent ssin, MOTHER | FATHER)
        self.cohab: tuple[str, int] | None = None  # declared legal cohabitation: (partner ssin, since)
        self.created: int | None = None  # BIS persons: when the number was created
        self.members: list[tuple] = []  # household rows: (household id, relationship, begin, end)
        self.plan = None  # a persona's stated situation (population.personas), else None

    @property
    def gender(self) -> int:
        return {"M": 1, "F": 2}.get(self.sex, 0)

    def adult(self) -> int:
        return self.birth + ADULT


class Builder:
    def __init__(self, rng: random.Random, ref: Reference, reference_date: dt.date,
                 sink: Callable[[str, list[tuple], tuple[str, ...]], object]) -> None:
        self.rng = rng
        self.ref = ref
        self.today = reference_date.toordinal()
        self.today_date = reference_date
        self.history_start = self.today - int(HISTORY_YEARS * YEAR)
        self.sink = sink
        self.used_ssins: set[str] = set()
        self.used_cards: set[str] = set()
        self.buffers: dict[str, list[tuple]] = {table: [] for table in COLUMNS}
        self.buffered = 0
        self.people = 0
        self.households = 0
        self.next_address_id = 1
        self.pending: list[Spec] = []  # the household being made: written by close_household()
        self._memberships: dict[str, list[tuple]] = {}
        self.social: Callable[[list[Spec]], None] | None = None  # the social-security pass, per household
        self._iso: dict[int, str] = {}
        self._adult: dict[int, int] = {}
        self._weighted: dict[tuple, Weighted] = {}

    # -- small helpers -----------------------------------------------------------------------------

    def iso(self, ordinal: int | None) -> str | None:
        if ordinal is None:
            return None
        text = self._iso.get(ordinal)
        if text is None:
            text = self._iso[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def between(self, lo: int, hi: int) -> int:
        """A day in [lo, hi] (hi clamped to lo)."""
        return lo if hi <= lo else self.rng.randint(lo, hi)

    def birth_for_age(self, lo: float, hi: float) -> int:
        return self.today - self.rng.randrange(int(lo * YEAR) + 1, int((hi + 1) * YEAR))

    def adult_day(self, birth: int) -> int:
        """The 18th birthday (cached: the rules ask it often)."""
        day = self._adult.get(birth)
        if day is None:
            day = self._adult[birth] = birthday(birth, 18)
        return day

    def latest_adult_birth(self) -> int:
        """A birth date that makes a just-adult person: spread over half a year, so that clamped
        births do not all fall on one day (a day has only 449 numbers per sex)."""
        return self.today - int(18.2 * YEAR) - self.rng.randrange(180)

    def age(self, birth: int) -> float:
        return (self.today - birth) / YEAR

    def pick(self, table: dict):
        """Draw a key of ``table`` by its weight (the Weighted of each table is kept)."""
        key = tuple(table.items())
        weighted = self._weighted.get(key)
        if weighted is None:
            weighted = self._weighted[key] = Weighted(key)
        return weighted.pick(self.rng)

    def add(self, table: str, row: tuple) -> None:
        self.buffers[table].append(row)
        self.buffered += 1

    def flush(self) -> None:
        for table, rows in self.buffers.items():
            if rows:
                self.sink(table, rows, COLUMNS[table])
                self.buffers[table] = []
        self.buffered = 0

    # -- numbers -----------------------------------------------------------------------------------

    def rn(self, birth: int, sex: str) -> str:
        day = dt.date.fromordinal(birth)
        for attempt in range(20 + GENERATED_SERIES):
            index = self.rng.randrange(GENERATED_SERIES) if attempt < 20 else attempt - 20
            ssin = numbers.make_rn(day, numbers.series_for(sex, index))
            if ssin not in self.used_ssins:
                self.used_ssins.add(ssin)
                return ssin
        raise RuntimeError(f"no free series left for {day} {sex}")  # 449 persons of one sex born that day

    def bis(self, year: int, month: int | None, day: int | None, sex: str | None) -> str:
        for attempt in range(2000):
            if sex:
                n = self.rng.randrange(GENERATED_SERIES) if attempt < 20 else attempt % GENERATED_SERIES
                series = numbers.series_for(sex, n)
            else:
                series = self.rng.randint(1, 899) if attempt < 20 else attempt % 899 + 1
            ssin = numbers.make_bis(year, month, day, series, sex_known=sex is not None)
            if ssin not in self.used_ssins:
                self.used_ssins.add(ssin)
                return ssin
        raise RuntimeError(f"no free BIS series left for {year}-{month}-{day}")

    def card_number(self, prefix: int) -> str:
        while True:
            base = prefix * 10_000_000 + self.rng.randrange(10_000_000)
            number = f"{base:010d}{base % 97 or 97:02d}"
            if number not in self.used_cards:
                self.used_cards.add(number)
                return number

    # -- names and places --------------------------------------------------------------------------

    def first_names(self, pool: str, sex: str | None, count: int) -> tuple[str, ...]:
        sex = sex or self.rng.choice("MF")
        names: list[str] = []
        picker = self.ref.first_names[(pool, sex)]
        for _ in range(count * 3):
            name = picker.pick(self.rng)
            if name not in names:
                names.append(name)
            if len(names) == count:
                break
        return tuple(names)

    def last_name(self, pool: str) -> str:
        return self.ref.last_names[pool].pick(self.rng)

    def place(self, m: Municipality, kind: str = "LEGAL") -> Place:
        street = self.ref.streets[self.rng.randrange(len(self.ref.streets))]
        langs = m.street_languages
        house = str(self.rng.randint(1, 40) if self.chance(0.7) else self.rng.randint(41, 250))
        if self.chance(0.15):
            house += self.rng.choice("ABC")
        flat_share = 0.45 if m.region == "BRU" else 0.2
        box = (str(self.rng.randint(1, 12)) if self.chance(0.8) else self.rng.choice(("A", "B", "RC"))) \
            if self.chance(flat_share) else None
        return (kind, BELGIUM, m.nis, m.postal_code, m.name_fr, m.name_nl, m.name_de, street.code,
                street.name_fr if "fr" in langs else None, street.name_nl if "nl" in langs else None,
                street.name_de if "de" in langs else None, house, box, None)

    def abroad(self, country: Country) -> Place:
        lang = {"fr": "fr", "nl": "nl", "de": "de"}.get(country.names)
        street = self.ref.streets[self.rng.randrange(len(self.ref.streets))]
        city = self.rng.choice(country.cities) if country.cities else None
        return ("ABROAD", country.code, None, None, None, None, None, None,
                street.name_fr if lang == "fr" else None, street.name_nl if lang == "nl" else None,
                street.name_de if lang == "de" else None,
                str(self.rng.randint(1, 120)) if lang else None, None, city)

    def near(self, m: Municipality) -> Municipality:
        """Another residence: often the same municipality, else one of the same region."""
        return m if self.chance(0.45) else self.ref.residence_in[m.region].pick(self.rng)

    def born_in_belgium(self, spec: Spec, m: Municipality, lang: str) -> None:
        where = m if self.chance(0.5) else self.ref.birthplace_in[m.region].pick(self.rng)
        spec.birth_nis, spec.birth_name, spec.birth_country = where.nis, where.name(lang), BELGIUM

    def born_abroad(self, spec: Spec, country: Country) -> None:
        spec.birth_nis = None
        spec.birth_name = self.rng.choice(country.cities) if country.cities else country.name_fr
        spec.birth_country = country.code

    def earlier_moves(self, spec: Spec, home: Municipality, start: int, until: int, most: int) -> None:
        """0..``most`` addresses of the person alone between ``start`` and ``until`` (exclusive)."""
        if until - start < 120 or most <= 0:
            return
        count = min(most, self.pick({0: 0.45, 1: 0.35, 2: 0.2}))
        days = sorted({self.between(start, until - 60) for _ in range(count)})
        spec.moves.extend((day, self.place(self.near(home))) for day in days)

    # -- output ------------------------------------------------------------------------------------

    def emit(self, spec: Spec) -> None:
        """The person is complete as far as the registers go: written with their household."""
        self.pending.append(spec)

    def effective_moves(self, moves: list[tuple[int, Place]]) -> list[tuple[int, Place]]:
        """The address history as written: a move followed by another within a month is dropped; the
        current address and 3 earlier ones, or more when needed to reach back to the start of the
        social-security history (every record there has an address to go with it)."""
        moves = sorted(moves, key=lambda move: move[0])
        moves = [m for i, m in enumerate(moves) if i + 1 == len(moves) or moves[i + 1][0] - m[0] > 30]
        keep = len(moves) - MAX_ADDRESSES
        while keep > 0 and moves[keep][0] > self.history_start:
            keep -= 1
        return moves[max(keep, 0):]

    def close_household(self) -> None:
        """Write the pending household: registers first settled, then its social-security records
        (which need the whole household: categories, dependants, joint taxes), then the rows."""
        specs, self.pending = self.pending, []
        for spec in specs:
            spec.moves = self.effective_moves(spec.moves)
            spec.members = self._memberships.pop(spec.ssin, [])
        self._memberships.clear()
        if self.social is not None and specs:
            self.social(specs)
        for spec in specs:
            self._write(spec)

    def _write(self, spec: Spec) -> None:
        iso = self.iso
        last_key = phonetic_key(spec.last)
        first_keys = " " + " ".join(first_name_keys(spec.firsts)) + " "
        civil = spec.civil[-1][0] if spec.civil else 10
        nationality = spec.nats[-1][0] if spec.nats else spec.nationality
        self.add("person", (spec.ssin, spec.kind, spec.last, last_key, "|".join(spec.firsts), first_keys,
                            spec.birth_text, spec.gender, nationality, spec.birth_nis, spec.birth_name,
                            spec.birth_country, civil, spec.language, spec.register, iso(spec.death)))
        for code, begin, end, partner, place in spec.civil:
            self.add("civil_state", (spec.ssin, code, iso(begin), iso(end), partner, place))
        for country, begin, end in spec.nats:
            self.add("nationality", (spec.ssin, country, iso(begin), iso(end)))
        for parent, role in spec.parents:
            self.add("filiation", (spec.ssin, parent, role))
        moves = spec.moves
        for i, (begin, place) in enumerate(moves):
            end = moves[i + 1][0] - 1 if i + 1 < len(moves) else None
            self.add("address", (self.next_address_id, spec.ssin, *place[:13], iso(begin), iso(end), place[13]))
            self.next_address_id += 1
        if spec.kind == "RN":
            self.cards(spec, moves)
        self.people += 1

    def cards(self, spec: Spec, moves: list[tuple[int, Place]]) -> None:
        """Current identity card (and the previous one) at the reference date or at death."""
        until = min(self.today, spec.death) if spec.death else self.today
        age = (until - spec.birth) / YEAR
        if spec.nationality == BELGIUM or spec.nats and spec.nats[-1][0] == BELGIUM:
            twelve = birthday(spec.birth, 12)
            if until < twelve:
                if not self.chance(KIDS_ID_SHARE):
                    return
                kind, years, start, prefix = CARD_KIDS_ID, 3, spec.birth + 30, 600
            else:
                years = 6 if age < 18 else 10 if age < 75 else 30
                kind, start, prefix = CARD_BELGIAN_EID, twelve, 590
        elif spec.register == WAITING_REGISTER or spec.register is None:
            return  # asylum seekers get an attestation, not a card
        else:
            legal = [day for day, place in moves if place[0] == "LEGAL"]
            kind, years, start, prefix = CARD_FOREIGNER, 5, (legal[0] if legal else spec.birth), 900
        if kind != CARD_FOREIGNER and len(spec.nats) > 1:  # naturalised: Belgian cards since then
            start = max(start, spec.nats[-1][1])
        validity = int(years * YEAR)
        if until < start:
            return
        begin = self.between(max(start, until - validity + 1), until)
        periods = [(begin, begin + validity - 1)]
        if begin - validity >= start and self.chance(0.8):
            periods.append((begin - validity, begin - 1))
        for b, e in periods:
            nis = next((place[2] for day, place in reversed(moves) if day <= b and place[2]), None)
            self.add("identity_card", (spec.ssin, self.card_number(prefix), kind, self.iso(b), self.iso(e), nis))

    def household(self, begin: int, end: int | None = None) -> int:
        self.households += 1
        self.add("household", (self.households, self.iso(begin), self.iso(end)))
        return self.households

    def member(self, household: int, ssin: str, relationship: str, begin: int, end: int | None = None) -> None:
        self.add("household_member", (household, ssin, relationship, self.iso(begin), self.iso(end)))
        self._memberships.setdefault(ssin, []).append((household, relationship, begin, end))

    def cohabitation(self, a: Spec, b: Spec, declared: int, place: int | None) -> None:
        """A declaration of legal cohabitation, recorded on both sides."""
        for x, y in ((a, b), (b, a)):
            self.add("cohabitation", (x.ssin, y.ssin, self.iso(declared), None, place))
            x.cohab = (y.ssin, declared)

    @staticmethod
    def parent(child: Spec, parent: Spec) -> None:
        child.parents.append((parent.ssin, "MOTHER" if parent.sex == "F" else "FATHER"))

    def replaced(self, old: str, new: str, day: int, reason: str) -> None:
        self.add("ssin_history", (old, new, self.iso(day), reason))
