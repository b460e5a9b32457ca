"""What the social-security renderers know about a person and their household while generating.

``Life`` carries one person's segments and what the sources derived from them leave for the others
(income per year for the taxes, statutes for the energy tariff and the increased intervention).
``Family`` answers the register questions the rules ask on a date: who lives with the person, which
of their own minor children, where they live (region, municipality).
"""

from __future__ import annotations

from bisect import bisect_right

from simulator.population.builder import YEAR, Builder, Spec
from simulator.population.careers import Segment

# Income per year, in the order of the tax assessment's columns.
WAGES, PENSIONS, UNEMPLOYMENT, SICKNESS, SELF_EMPLOYED = range(5)


class Life:
    __slots__ = ("bim", "earliest", "income", "insured", "properties", "recognised", "segments", "spec", "statutes", "titles",
                 "until")

    def __init__(self, spec: Spec, until: int, earliest: int) -> None:
        self.spec = spec
        self.until = until  # death or the reference date
        self.earliest = earliest  # first day with a Belgian career (birth, arrival, BIS creation)
        self.segments: list[Segment] = []
        self.income: dict[int, list[float]] = {}
        self.statutes: list[tuple[int, int | None, str]] = []  # (begin, end, RIS | ERIS | GRAPA | DISABILITY)
        self.bim: list[tuple[int, int | None]] = []  # periods with the increased intervention
        self.titles: list[tuple[int, int | None, str]] = []  # health-insurance title other than ACTIVE
        self.insured = True
        self.recognised = False  # one disability recognition per person
        self.properties: list[tuple[float, float, int, int | None]] = []  # taxed ones: (income, share, begin, end)

    def status_at(self, day: int) -> str | None:
        for seg in self.segments:
            if seg.begin <= day and (seg.end is None or seg.end >= day):
                return seg.status
        return None

    def add(self, year: int, kind: int, amount: float) -> None:
        row = self.income.get(year)
        if row is None:
            row = self.income[year] = [0.0] * 5
        row[kind] += amount

    def earn(self, kind: int, begin: int, end: int, monthly: float) -> None:
        """Add ``monthly`` x the months of [begin, end] to each calendar year's income of ``kind``."""
        year = _year(begin)
        while True:
            first = _jan1(year)
            last = _jan1(year + 1) - 1
            lo, hi = max(begin, first), min(end, last)
            if lo <= hi:
                row = self.income.get(year)
                if row is None:
                    row = self.income[year] = [0.0] * 5
                row[kind] += monthly * (hi - lo + 1) * 12 / 365.0
            if end <= last:
                return
            year += 1


_JAN1: dict[int, int] = {}


def _jan1(year: int) -> int:
    day = _JAN1.get(year)
    if day is None:
        import datetime as dt

        day = _JAN1[year] = dt.date(year, 1, 1).toordinal()
    return day


def _year(day: int) -> int:
    year = 1 + int((day - 1) / YEAR)
    while _jan1(year) > day:
        year -= 1
    while _jan1(year + 1) <= day:
        year += 1
    return year


class Family:
    """A household's people as the register will show them (the specs are complete but unwritten)."""

    def __init__(self, b: Builder, specs: list[Spec]) -> None:
        self.b = b
        self.specs = specs
        self.by_ssin = {s.ssin: s for s in specs}
        self.lives: dict[str, Life] = {}
        self._move_days = {s.ssin: [day for day, _ in s.moves] for s in specs}

    # -- places --------------------------------------------------------------------------------------

    def place(self, s: Spec, day: int) -> tuple | None:
        """The address on ``day``; None before the first one the register knows."""
        i = bisect_right(self._move_days[s.ssin], day) - 1
        return s.moves[i][1] if i >= 0 else None

    def region(self, s: Spec, day: int, legal_only: bool = True) -> str | None:
        """BRU | VLG | WAL | DG (German-speaking municipalities) where ``s`` lives on ``day``; None abroad."""
        place = self.place(s, day)
        if place is None or place[2] is None or (legal_only and place[0] != "LEGAL"):
            return None
        m = self.b.ref.municipality[place[2]]
        return "DG" if m.language == "de" else m.region

    def nis(self, s: Spec, day: int) -> int | None:
        place = self.place(s, day)
        return place[2] if place is not None else None

    def change_days(self, s: Spec) -> list[int]:
        return self._move_days[s.ssin]

    # -- who lives with whom ----------------------------------------------------------------------------

    def co_members(self, s: Spec, day: int) -> list[Spec]:
        """The other members of the household ``s`` belongs to on ``day`` (alive, by construction)."""
        households = {hid for hid, _rel, begin, end in s.members if begin <= day and (end is None or end >= day)}
        if not households:
            return []
        return [o for o in self.specs if o is not s and any(
            hid in households and begin <= day and (end is None or end >= day) for hid, _rel, begin, end in o.members)]

    def own_minor_children(self, s: Spec, day: int) -> list[Spec]:
        """Unmarried children under 18 of ``s`` (filiation) who live with them on ``day``."""
        return [o for o in self.co_members(s, day) if any(p == s.ssin for p, _ in o.parents) and self.minor(o, day)]

    def minor(self, s: Spec, day: int) -> bool:
        return day < self.b.adult_day(s.birth)

    def household_days(self, s: Spec) -> list[int]:
        """Days on which the composition around ``s`` may change: membership starts and ends of anyone
        sharing one of their households, and the 18th birthdays of their children (up to the reference
        date: an open period is not cut at a future birthday)."""
        households = {hid for hid, *_ in s.members}
        days: set[int] = set()
        for o in self.specs:
            for hid, _rel, begin, end in o.members:
                if hid in households:
                    days.add(begin)
                    if end is not None:
                        days.add(end + 1)
            if any(p == s.ssin for p, _ in o.parents):
                days.add(self.b.adult_day(o.birth))
        return sorted(d for d in days if d <= self.b.today)

    def couples(self) -> list[tuple[Spec, Spec, int, int | None]]:
        """Every pair who lived as partners in this household (reference person with '02' or '21'),
        with the period they did."""
        out = []
        for s in self.specs:
            for hid, rel, begin, end in s.members:
                if rel not in ("02", "21"):
                    continue
                for o in self.specs:
                    for hid2, rel2, begin2, end2 in o.members:
                        if o is not s and hid2 == hid and rel2 == "01":
                            lo = max(begin, begin2)
                            hi = end if end2 is None else end2 if end is None else min(end, end2)
                            if hi is None or lo <= hi:
                                out.append((o, s, lo, hi))
        return out

    def partner(self, s: Spec, day: int) -> Spec | None:
        """The spouse or partner sharing the household on ``day`` (reference person and '02'/'21')."""
        mine = [(hid, rel) for hid, rel, begin, end in s.members if begin <= day and (end is None or end >= day)]
        for hid, rel in mine:
            wanted = ("02", "21") if rel == "01" else ("01",) if rel in ("02", "21") else ()
            for o in self.specs:
                if o is not s and any(h == hid and r in wanted and begin <= day and (end is None or end >= day)
                                      for h, r, begin, end in o.members):
                    return o
        return None
