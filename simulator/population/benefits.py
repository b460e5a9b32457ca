"""Benefits: unemployment (ONEM), pensions and GRAPA (SFP), disability (DG HAN), the CPAS situation,
and the regional jobseeker registration that goes with unemployment and the RIS.

Categories that depend on the household (RIS category, GRAPA rate, ONEM family category, ARR
category) are read from the register on the date they apply; a RIS right is cut into rows wherever
the household, the CPAS or the dated RIS amount changes, so every row has one category and amount.
"""

from __future__ import annotations

import datetime as dt

from simulator.population import amounts as A
from simulator.population.builder import YEAR, Builder
from simulator.population.calendar import (
    first_of_next_month,
    last_months,
    overlap,
    split,
)
from simulator.population.careers import EMPLOYED, SELF, STUDENT, Segment, clip_end
from simulator.population.life import PENSIONS, SICKNESS, UNEMPLOYMENT, Family, Life
from simulator.population.reference import Weighted
from simulator.world.model import BELGIUM, WAITING_REGISTER

PUBLIC_PENSION_SHARE = 0.18  # [E] retired employees with a public-sector pension
MIXED_PENSION_SHARE = 0.10  # [E]
GRAPA_TAKE_UP = {True: 0.85, False: 0.25}  # [E] GRAPA among (precarious / other) pensioners with a low pension
LONG_UNEMPLOYMENT_BIM = 365  # [E] the increased intervention on income after a year of unemployment
JOBSEEKER_RIS_SHARE = 0.65  # [E] RIS recipients registered as jobseekers
VOLUNTARY_JOBSEEKER_SHARE = 0.05  # [E] inactive adults registered of their own accord
ARR_SHARE_OF_MAX = (0.6, 1.0)  # [E] income-tested ARR: share of the full amount paid
AI_SHARE = 0.6  # [E] recognised persons with 7+ points who get the integration allowance
AMU_DECISION_DAYS = (60, 365)  # [S] a principle decision lasts at most a year; the spread is [E]


class Benefits:
    def __init__(self, b: Builder) -> None:
        self.b = b
        self.unemployment_id = 0
        self.pension_id = 0
        self.months = last_months(b.today, A.PAYMENT_MONTHS)
        self.ris = A.ris_amounts()
        self.eu = {c.code for c in b.ref.countries if c.eu} | {BELGIUM}
        self.paying = {r: Weighted(w.items()) for r, w in A.PAYING_BODIES.items()}

    # -- household-dependent categories ----------------------------------------------------------------

    def family_category(self, fam: Family, life: Life, day: int) -> str:
        """ONEM family category: head of household (dependent child or partner without income),
        living alone, or cohabitant."""
        s = life.spec
        others = fam.co_members(s, day)
        if not others:
            return "LIVING_ALONE"
        if fam.own_minor_children(s, day):
            return "HEAD_OF_HOUSEHOLD"
        partner = fam.partner(s, day)
        if partner is not None and partner.ssin in fam.lives and fam.lives[partner.ssin].status_at(day) in (
                None, "INACTIVE", STUDENT):
            return "HEAD_OF_HOUSEHOLD"
        return "COHABITANT"

    def ris_category(self, fam: Family, life: Life, day: int) -> int:
        """RIS category on ``day`` (domain-facts §3.2): 3 with an own unmarried minor child at home,
        2 living alone, 1 living with someone."""
        s = life.spec
        if fam.own_minor_children(s, day):
            return 3
        return 1 if fam.co_members(s, day) else 2

    # -- unemployment ---------------------------------------------------------------------------------

    def unemployed(self, fam: Family, life: Life, seg: Segment, previous: Segment | None) -> None:
        b = self.b
        s = life.spec
        age = (seg.begin - s.birth) / YEAR
        if previous is not None and previous.status == STUDENT and age < 26:
            kind = "INSERTION"
        elif previous is not None and previous.status == EMPLOYED and age >= 58:
            kind = "RCC"
        else:
            kind = "FULL"
        region = fam.region(s, seg.begin) or "BRU"
        body = self.paying["WAL" if region == "DG" else region].pick(b.rng)
        category = self.family_category(fam, life, seg.begin)
        daily = round(A.UNEMPLOYMENT_DAILY[kind][category] * b.rng.uniform(0.9, 1.1), 2)
        self._unemployment(life, kind, body, category, daily, seg.begin, seg.end)
        if kind == "FULL" and clip_end(seg.end, life.until) - seg.begin > LONG_UNEMPLOYMENT_BIM:
            life.bim.append((seg.begin + LONG_UNEMPLOYMENT_BIM, seg.end))
        life.earn(UNEMPLOYMENT, seg.begin, clip_end(seg.end, life.until), daily * A.DAYS_PER_MONTH)
        if kind != "RCC":
            self.jobseeker(fam, life, seg.begin, seg.end, "INSERTION" if kind == "INSERTION" else "UNEMPLOYED")

    def temporary(self, fam: Family, life: Life, employment: Segment) -> None:
        """Force-majeure temporary unemployment in spring 2020 inside a running employment."""
        b = self.b
        last = clip_end(employment.end, life.until)
        if not (employment.begin < A.COVID_START <= last - 30) or not b.chance(A.COVID_SHARE):
            return
        end = min(b.between(*A.COVID_END_RANGE), last - 1)
        region = fam.region(life.spec, A.COVID_START) or "BRU"
        body = self.paying["WAL" if region == "DG" else region].pick(b.rng)
        gross = employment.opts.get("gross", A.MINIMUM_GROSS)
        daily = round(min(gross / A.DAYS_PER_MONTH, 110.0) * A.TEMPORARY_SHARE_OF_WAGE, 2)  # capped wage [E]
        self._unemployment(life, "TEMPORARY", body, self.family_category(fam, life, A.COVID_START), daily,
                           A.COVID_START, end)

    def _unemployment(self, life: Life, kind: str, body: str, category: str, daily: float, begin: int,
                      end: int | None) -> None:
        b = self.b
        self.unemployment_id += 1
        b.add("unemployment", (self.unemployment_id, life.spec.ssin, kind, body, category, daily, b.iso(begin),
                               b.iso(end)))
        last = clip_end(end, life.until)
        for month, lo, hi in self.months:
            days = overlap(begin, last, lo, hi)
            if days:
                paid = round(A.DAYS_PER_MONTH * days / (hi - lo + 1))
                if paid:
                    b.add("unemployment_payment", (self.unemployment_id, month, paid, round(paid * daily, 2)))

    def jobseeker(self, fam: Family, life: Life, begin: int, end: int | None, category: str) -> None:
        """A registration with the regional employment service, cut where the person changes region."""
        b = self.b
        s = life.spec
        for lo, hi in split(begin, end, fam.change_days(s)):
            region = fam.region(s, lo)
            if region is not None:
                b.add("jobseeker", (s.ssin, A.JOBSEEKER_BODY[region], category, b.iso(lo), b.iso(hi)))

    def voluntary_jobseeker(self, fam: Family, life: Life, seg: Segment) -> None:
        age = (seg.begin - life.spec.birth) / YEAR
        if 18 <= age < 55 and self.b.chance(VOLUNTARY_JOBSEEKER_SHARE):
            self.jobseeker(fam, life, seg.begin, seg.end, "VOLUNTARY")

    # -- pensions ---------------------------------------------------------------------------------------

    def retired(self, fam: Family, life: Life, seg: Segment, previous: Segment | None, precarious: bool) -> None:
        b = self.b
        s = life.spec
        if previous is not None and previous.status == SELF:
            scheme = "SELF_EMPLOYED"
        elif b.chance(PUBLIC_PENSION_SHARE):
            scheme = "PUBLIC"
        elif b.chance(MIXED_PENSION_SHARE):
            scheme = "MIXED"
        else:
            scheme = "EMPLOYEE"
        # Sickness and unemployment count for the pension [K]: a short or broken career is the precarious
        # one, or a long inactivity before retiring.
        low = precarious or previous is None or previous.status == "INACTIVE"
        mean, spread = A.LOW_PENSION if low else A.PENSION_MONTHLY[scheme]
        amount = round(max(mean + b.rng.gauss(0, spread), 150.0), 2)
        amount = seg.opts.get("pension", amount)  # a persona may state it
        if low:
            life.bim.append((seg.begin, seg.end))  # granted on income [K]
        self._pension(s.ssin, "RETIREMENT", scheme, None, amount, seg.begin, seg.end)
        last = clip_end(seg.end, life.until)
        life.earn(PENSIONS, seg.begin, last, amount)
        life.titles.append((seg.begin, seg.end, "PENSIONER"))
        survivor = seg.opts.get("survivor_amount", 0.0)
        # The GRAPA is means-tested on the household: someone living with a pensioned partner outside a
        # precarious household does not get it. A persona may force it (grapa: true, grapa_since).
        alone = not fam.co_members(life.spec, last)
        wanted = seg.opts.get("grapa")
        resident = s.kind == "RN"  # the GRAPA is paid to residents only [K]
        if wanted or (wanted is None and resident and amount + survivor < A.GRAPA_RATE["COHABITANT"]
                      and (precarious or alone) and b.chance(GRAPA_TAKE_UP[precarious])):
            start = seg.opts.get("grapa_since") or min(b.between(seg.begin, seg.begin + 2 * 365), last)
            self.grapa(fam, life, start, seg.end, amount + survivor)

    def grapa(self, fam: Family, life: Life, begin: int, end: int | None, pensions: float) -> None:
        """GRAPA rows, cut when the rate changes (isolated / cohabitant with the household)."""
        s = life.spec
        rows: list[list] = []
        for lo, hi in split(begin, end, fam.household_days(s)):
            rate = "COHABITANT" if fam.co_members(s, lo) else "ISOLATED"
            amount = round(A.GRAPA_RATE[rate] - A.GRAPA_COUNTED_SHARE * pensions, 2)
            if rows and rows[-1][0] == rate:
                rows[-1][3] = hi
            else:
                rows.append([rate, amount, lo, hi])
        for rate, amount, lo, hi in rows:
            if amount > 0:
                self._pension(s.ssin, "GRAPA", None, rate, amount, lo, hi)
                life.statutes.append((lo, hi, "GRAPA"))
                life.bim.append((lo, hi))

    def survivor(self, life: Life, widowed: int, amount: float | None = None) -> float:
        """A survivor pension from the month after the spouse's death (age 50 or more then)."""
        b = self.b
        s = life.spec
        if (widowed - s.birth) / YEAR < A.SURVIVOR_MIN_AGE or amount == 0:
            return 0.0
        begin = first_of_next_month(widowed)
        if begin > life.until:
            return 0.0
        mean, spread = A.SURVIVOR_MONTHLY
        drawn = round(max(mean + b.rng.gauss(0, spread), 300.0), 2)
        amount = drawn if amount is None else amount
        end = s.death
        self._pension(s.ssin, "SURVIVOR", "EMPLOYEE", None, amount, begin, end)
        life.earn(PENSIONS, begin, clip_end(end, life.until), amount)
        life.titles.append((begin, end, "WIDOW"))
        return amount

    def _pension(self, ssin: str, kind: str, scheme: str | None, rate: str | None, amount: float, begin: int,
                 end: int | None) -> None:
        self.pension_id += 1
        self.b.add("pension", (self.pension_id, ssin, kind, scheme, rate, amount, self.b.iso(begin), self.b.iso(end)))

    # -- sickness and disability ----------------------------------------------------------------------------

    def sick(self, life: Life, seg: Segment) -> None:
        mean, spread = A.SICKNESS_MONTHLY
        life.earn(SICKNESS, seg.begin, clip_end(seg.end, life.until), max(mean + self.b.rng.gauss(0, spread), 900.0))
        life.titles.append((seg.begin, seg.end, "INVALID"))

    def disabled(self, fam: Family, life: Life, begin: int, end: int | None, replacement: bool) -> None:
        """A recognition from ``begin``; with ``replacement`` the ARR (income replacement), else the
        integration allowance only (beside work). Allowances stop at the legal pension age."""
        b = self.b
        s = life.spec
        if life.recognised:
            return
        life.recognised = True
        points = b.pick({0: 15, 4: 15, 7: 20, 9: 18, 12: 15, 15: 10, 17: 7}) + b.rng.randint(0, 1)
        cards = tuple(c for c, share in (("PARKING", 0.8 if points >= 12 else 0.1), ("TRANSPORT", 0.5))
                      if b.chance(share))
        recognised = max(begin - b.rng.randint(30, 200), s.birth + 18 * 365)
        b.add("disability", (s.ssin, b.iso(recognised), int(replacement), points, "|".join(cards), b.iso(begin),
                             b.iso(s.death)))
        end = s.death if end is None else end
        stop = A.pension_start(dt.date.fromordinal(s.birth)).toordinal() - 1
        hi_or_open = stop if end is None or end > stop else end  # a decision may end in the future
        if hi_or_open < begin:
            return
        life.titles.append((begin, hi_or_open, "INVALID"))
        if replacement:
            others = fam.co_members(s, begin)
            category = "C" if fam.own_minor_children(s, begin) or fam.partner(s, begin) else "A" if others else "B"
            amount = round(A.ARR_MONTHLY[category] * b.rng.uniform(*ARR_SHARE_OF_MAX), 2)
            b.add("disability_allowance", (s.ssin, "ARR", category, amount, b.iso(begin), b.iso(hi_or_open)))
        if points >= 7 and (replacement or b.chance(AI_SHARE)):
            category = next(c for c, (lo, top) in A.AI_POINTS.items() if lo <= min(points, 18) <= top)
            b.add("disability_allowance", (s.ssin, "AI", category, A.AI_MONTHLY[category], b.iso(begin),
                                           b.iso(hi_or_open)))
        elif not replacement:
            return
        life.statutes.append((begin, hi_or_open, "DISABILITY"))
        life.bim.append((begin, hi_or_open))

    # -- the CPAS ------------------------------------------------------------------------------------------

    def cpas(self, fam: Family, life: Life, seg: Segment, resources: float) -> None:
        """RIS (Belgians, EU citizens), ERIS (other foreigners) or other aid (waiting register), one row
        per stretch with the same kind, CPAS, category and amount."""
        b = self.b
        s = life.spec
        other = s.register == WAITING_REGISTER
        piis = not other and (seg.begin >= A.PIIS_SINCE or b.chance(A.PIIS_STOCK_SHARE))
        days = fam.change_days(s)
        if not other:
            days = days + fam.household_days(s) + self.ris.changes + [lo for _c, lo, _hi in s.nats]
        # The dated amounts start in June 2017: an older right is on file from then on.
        begin = seg.begin if other else max(seg.begin, self.ris.changes[0])
        if seg.end is not None and seg.end < begin:
            return
        rows: list[list] = []
        for lo, hi in split(begin, seg.end, days):
            nis = fam.nis(s, lo)
            if other:
                row = ["OTHER_AID", nis, None, None, None, lo, hi]
            else:
                nationality = next((c for c, start, _end in reversed(s.nats) if start <= lo), s.nationality)
                category = self.ris_category(fam, life, lo)
                row = ["RIS" if nationality in self.eu else "ERIS", nis, category,
                       round(self.ris.at(category, lo) - resources, 2), resources, lo, hi]
            if rows and rows[-1][:5] == row[:5]:
                rows[-1][6] = hi
            else:
                rows.append(row)
        for kind, nis, category, amount, counted, lo, hi in rows:
            b.add("cpas_situation", (s.ssin, nis, kind, category, amount, counted, int(piis), b.iso(lo), b.iso(hi)))
            if kind != "OTHER_AID":
                life.statutes.append((lo, hi, kind))
        if other:
            return
        bim_from = begin + A.BIM_AFTER_RIS_DAYS
        if seg.end is None or bim_from <= seg.end:
            life.bim.append((bim_from, seg.end))
        registered = seg.opts.get("jobseeker", b.chance(JOBSEEKER_RIS_SHARE))
        if not seg.opts.get("student") and (seg.begin - s.birth) / YEAR < 60 and registered:
            self.jobseeker(fam, life, begin, seg.end, "RIS")

    def urgent_medical_aid(self, fam: Family, life: Life, begin: int | None = None, end: int | None = None) -> None:
        """Successive principle decisions of urgent medical aid for a person without residence (each
        at most a year); from ``begin`` (until ``end``) when stated."""
        b = self.b
        s = life.spec
        if begin is not None:
            last = begin + AMU_DECISION_DAYS[1] - 1 if end is None else end
            b.add("cpas_situation", (s.ssin, fam.nis(s, begin), "URGENT_MEDICAL_AID", None, None, None, 0,
                                     b.iso(begin), b.iso(last)))
            return
        day = b.between(max(life.earliest, b.today - 3 * 365), b.today - 30)
        while day < b.today:
            end = day + b.rng.randint(*AMU_DECISION_DAYS) - 1
            nis = fam.nis(s, day)
            b.add("cpas_situation", (s.ssin, nis, "URGENT_MEDICAL_AID", None, None, None, 0, b.iso(day),
                                     b.iso(end)))
            if not b.chance(0.5):
                return
            day = end + 1 + b.rng.randint(0, 120)
