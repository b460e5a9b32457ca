"""Work as the ONSS and INASTI see it: employments, Dimona periods, DmfA quarters, self-employment.

An EMPLOYED segment is one employment declared by one ordinary Dimona (OTH); students get short
student jobs (STU) during their studies, some full-time workers and pensioners a flexi-job in horeca
(FLX, one Dimona per day worked). DmfA lines cover the last declared quarters only.
"""

from __future__ import annotations

import datetime as dt

from simulator.population import amounts as A
from simulator.population.builder import YEAR, Builder
from simulator.population.calendar import last_quarters, overlap
from simulator.population.careers import PART_TIME_SHARE, Segment, clip_end
from simulator.population.employers import EmployerRecord, Employers
from simulator.population.life import SELF_EMPLOYED, WAGES, Family, Life

PART_TIME_FTE = {0.5: 50, 0.8: 30, 0.6: 20}  # [E]
STUDENT_JOB_YEAR_SHARE = 0.55  # [E] students with a student job in a given year
AUTUMN_JOB_SHARE = 0.3  # [E] of those: a second job after the summer
FLEXI_SHARE = {"EMPLOYED": 0.03, "RETIRED": 0.02}  # [E]
SECONDARY_SELF_EMPLOYED = 0.04  # [E] employees with a complementary self-employed activity
HOURS_PER_DAY = 7.6  # [K] a 38-hour week
FLEXI_DAYS_KEPT = 365  # [E] flexi days are declared one by one: the last year of them is kept


class Work:
    def __init__(self, b: Builder, employers: Employers) -> None:
        self.b = b
        self.employers = employers
        self.employment_id = 0
        self.dimona_id = 100_000_000_000  # Dimona period numbers: 12 digits
        self.self_employment_id = 0
        self.quarters = last_quarters(b.today - A.DMFA_DELAY_DAYS, A.DMFA_QUARTERS)
        self.contribution_quarters = last_quarters(b.today - 1, A.CONTRIBUTION_QUARTERS)
        self.window = self.quarters[0][2]

    # -- employments -------------------------------------------------------------------------------------

    def _employment(self, life: Life, employer: EmployerRecord, worker_type: str, worker_code: str, regime: str,
                    fte: float, gross: float, begin: int, end: int | None) -> int:
        self.employment_id += 1
        b = self.b
        b.add("employment", (self.employment_id, life.spec.ssin, employer.kbo, worker_type, worker_code,
                             employer.joint_committee, regime, fte, gross, b.iso(begin), b.iso(end)))
        return self.employment_id

    def _dimona(self, life: Life, employment: int, employer: EmployerRecord, worker_type: str, hours: int | None,
                begin: int, end: int | None) -> None:
        self.dimona_id += 1
        b = self.b
        b.add("dimona", (self.dimona_id, employment, worker_type, hours, b.iso(begin), b.iso(end)))

    def _worker_code(self, employer: EmployerRecord) -> str:
        return "015" if self.b.chance(employer.manual_share) else "495"

    def _gross(self, life: Life, employer: EmployerRecord, fte: float, begin: int) -> float:
        b = self.b
        age = (begin - life.spec.birth) / YEAR
        full = A.FULL_TIME_GROSS[employer.joint_committee] * b.rng.lognormvariate(0, 0.18)
        full *= 1 + 0.012 * min(max(age - 20, 0), 25)  # seniority [E]
        return round(max(full, A.MINIMUM_GROSS) * fte, 2)

    def employed(self, fam: Family, life: Life, seg: Segment, fte: float | None = None,
                 employer: EmployerRecord | None = None, extras: bool = True) -> EmployerRecord:
        """An ordinary employment for the whole segment (``fte`` forces part time: partial RIS);
        ``extras``: maybe a flexi-job or a complementary self-employed activity beside it."""
        b = self.b
        s = life.spec
        employer = employer or self.employers.pick(fam.region(s, seg.begin, legal_only=False))
        if fte is None:
            fte = b.pick(PART_TIME_FTE) if b.chance(PART_TIME_SHARE.get(s.sex, 0.25)) else 1.0
        seg.opts["fte"] = fte
        regime = "FULL_TIME" if fte == 1.0 else "PART_TIME"
        code = self._worker_code(employer)
        gross = self._gross(life, employer, fte, seg.begin)
        seg.opts["gross"] = gross
        employment = self._employment(life, employer, "OTH", code, regime, fte, gross, seg.begin, seg.end)
        self._dimona(life, employment, employer, "OTH", None, seg.begin, seg.end)
        last = clip_end(seg.end, life.until)
        for year, quarter, lo, hi in self.quarters:
            days = overlap(seg.begin, last, lo, hi)
            if days:
                b.add("dmfa", (employment, year, quarter, max(1, round(days * 5 / 7 * fte)), fte,
                               round(gross * 3 * days / (hi - lo + 1), 2), "1"))
        life.earn(WAGES, seg.begin, last, gross * (1 - A.EMPLOYEE_CONTRIBUTION))
        if not extras:
            return employer
        if fte == 1.0 and b.chance(FLEXI_SHARE["EMPLOYED"]):
            self.flexi(life, seg.begin + 92, seg.end)  # flexi needs a 4/5 job in the quarter T-3 [K]
        if b.chance(SECONDARY_SELF_EMPLOYED):
            start = b.between(seg.begin, clip_end(seg.end, life.until))
            self.self_employed(life, Segment("SELF_EMPLOYED", start, seg.end), "SECONDARY")
        return employer

    # -- student jobs and flexi-jobs ---------------------------------------------------------------------

    def student_jobs(self, fam: Family, life: Life, begin: int, end: int | None) -> None:
        """Student jobs (Dimona STU) during [begin, end], within the yearly hour quota."""
        b = self.b
        last = clip_end(end, life.until)
        first_year = dt.date.fromordinal(max(begin, self.window - 366)).year
        for year in range(first_year, dt.date.fromordinal(last).year + 1):
            if not b.chance(STUDENT_JOB_YEAR_SHARE):
                continue
            quota = A.STUDENT_HOURS_PER_YEAR[2023] if year >= 2023 else A.STUDENT_HOURS_PER_YEAR[0]
            july = dt.date(year, 7, 1).toordinal()
            jobs = [(july + b.rng.randrange(31), b.rng.randint(10, 40), None)]
            if b.chance(AUTUMN_JOB_SHARE):
                jobs.append((dt.date(year, 9, 15).toordinal() + b.rng.randrange(30), b.rng.randint(30, 75),
                             b.rng.randint(40, 120)))
            for start, length, hours in jobs:
                lo, hi = max(start, begin), min(start + length - 1, last)
                if hi < lo:
                    continue
                hours = min(hours or round((hi - lo + 1) * 5 / 7 * HOURS_PER_DAY), quota)
                quota -= hours
                if hours <= 0:
                    break
                self.hourly_job(life, "STU", self.employers.pick(fam.region(life.spec, lo, legal_only=False)),
                                 [(lo, hi, hours)], A.STUDENT_HOURLY, lo, hi)

    def flexi(self, life: Life, begin: int, end: int | None) -> None:
        """A flexi-job in horeca over the last year: one Dimona FLX per day worked."""
        b = self.b
        lo = max(begin, b.today - FLEXI_DAYS_KEPT)
        hi = clip_end(end, life.until)
        if hi - lo < 30:
            return
        days: list[tuple[int, int, int]] = []
        day = lo
        while day <= hi:
            for offset in sorted(b.rng.sample(range(28), b.rng.randint(2, 6))):
                if day + offset <= hi:
                    days.append((day + offset, day + offset, b.rng.randint(4, 8)))
            day += 30
        if days:
            self.hourly_job(life, "FLX", self.employers.in_sector("302"), days, A.FLEXI_HOURLY, lo, end)

    def hourly_job(self, life: Life, worker_type: str, employer: EmployerRecord, periods: list[tuple[int, int, int]],
                    hourly: float, begin: int, end: int | None) -> None:
        """An employment paid by the hour with one Dimona per period (begin, end, hours) and DmfA lines."""
        b = self.b
        manual = b.chance(employer.manual_share)
        code = ("840" if manual else "841") if worker_type == "STU" else ("015" if manual else "495")
        employment = self._employment(life, employer, worker_type, code, "PART_TIME", 0.0, 0.0, begin, end)
        per_quarter: dict[tuple[int, int], list[float]] = {}
        for lo, hi, hours in periods:
            self._dimona(life, employment, employer, worker_type, hours, lo, hi)
            span = hi - lo + 1
            for year, quarter, qlo, qhi in self.quarters:
                days = overlap(lo, hi, qlo, qhi)
                if days:
                    acc = per_quarter.setdefault((year, quarter), [0.0, 0.0])
                    acc[0] += days * 5 / 7 if span > 1 else 1
                    acc[1] += hours * days / span
            if worker_type == "STU":  # flexi pay is tax free [K]; student pay is taxable income
                life.add(dt.date.fromordinal(lo).year, WAGES, hours * hourly)
        for (year, quarter), (days, hours) in per_quarter.items():
            b.add("dmfa", (employment, year, quarter, max(1, round(days)), 0.0,
                           round(hours * hourly, 2), "1"))

    # -- self-employment ---------------------------------------------------------------------------------

    def self_employed(self, life: Life, seg: Segment, kind: str = "MAIN") -> None:
        b = self.b
        self.self_employment_id += 1
        fund = b.pick(A.SI_FUNDS)
        b.add("self_employment", (self.self_employment_id, life.spec.ssin, kind, fund,
                                  b.rng.choice(A.ACTIVITIES), b.iso(seg.begin), b.iso(seg.end)))
        last = clip_end(seg.end, life.until)
        mean, spread = A.CONTRIBUTION_QUARTER[kind]
        amount = round(max(mean + b.rng.gauss(0, spread), 100.0), 2)
        for year, quarter, lo, hi in self.contribution_quarters:
            if overlap(seg.begin, last, lo, hi):
                b.add("self_employed_contribution", (life.spec.ssin, year, quarter, amount, int(b.chance(0.93))))
        mean, spread = A.SELF_EMPLOYED_RESULT[kind]
        life.earn(SELF_EMPLOYED, seg.begin, last, max(mean + b.rng.gauss(0, spread), 0.0) / 12)
