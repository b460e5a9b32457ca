"""Life courses: what each adult does over the history window, as non-overlapping segments.

A person's situation at the reference date (or at death) is drawn from their age, sex, household
and region; the history is then walked backwards, one segment at a time, each one preceded by a
plausible other (a job by unemployment or studies, unemployment by a job, the RIS by unemployment
...), until the window start or the earliest age or date the status allows. Every social-security
source is rendered from these segments, so the sources agree with each other by construction.

All weights and durations are generator estimates [E] (domain-facts §6 gives some shares).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from simulator.population.amounts import (
    HISTORY_YEARS,
    STUDENT_JOB_AGE,
    WORK_AGE,
    pension_start,
)
from simulator.population.builder import YEAR, Builder, Spec, birthday

STUDENT = "STUDENT"
EMPLOYED = "EMPLOYED"
SELF = "SELF_EMPLOYED"
UNEMPLOYED = "UNEMPLOYED"
SICK = "SICK"
DISABLED = "DISABLED"
RIS = "RIS"  # rendered as RIS, ERIS or other aid according to the person's register and nationality
RETIRED = "RETIRED"
INACTIVE = "INACTIVE"
STATUSES = (STUDENT, EMPLOYED, SELF, UNEMPLOYED, SICK, DISABLED, RIS, RETIRED, INACTIVE)

# [E] the situation at the reference date, by age band, for ordinary and for precarious households.
NOW = {
    "young": {STUDENT: 55, EMPLOYED: 30, UNEMPLOYED: 7, INACTIVE: 5, SICK: 1, DISABLED: 1, SELF: 1},
    "adult": {EMPLOYED: 72, SELF: 9, UNEMPLOYED: 5, SICK: 6, DISABLED: 1.5, INACTIVE: 6.5},
    "senior": {EMPLOYED: 50, SELF: 8, UNEMPLOYED: 6, SICK: 12, DISABLED: 2, INACTIVE: 22},
}
NOW_PRECARIOUS = {
    "young": {RIS: 55, UNEMPLOYED: 15, STUDENT: 15, INACTIVE: 10, EMPLOYED: 5},
    "adult": {RIS: 65, UNEMPLOYED: 12, SICK: 8, INACTIVE: 10, EMPLOYED: 5},
    "senior": {RIS: 40, UNEMPLOYED: 18, SICK: 24, INACTIVE: 18},
}
UNEMPLOYMENT_FACTOR = {"BRU": 2.0, "WAL": 1.6, "VLG": 0.7, "DG": 0.9, None: 1.0}  # [E]
# [E] what came before a segment of each status (ordinary / precarious households).
BEFORE = {
    EMPLOYED: {EMPLOYED: 55, UNEMPLOYED: 25, INACTIVE: 8, SICK: 4, SELF: 3},
    SELF: {EMPLOYED: 60, SELF: 15, UNEMPLOYED: 12, INACTIVE: 13},
    UNEMPLOYED: {EMPLOYED: 78, SICK: 5, INACTIVE: 12, SELF: 5},
    SICK: {EMPLOYED: 70, UNEMPLOYED: 20, INACTIVE: 10},
    INACTIVE: {EMPLOYED: 55, UNEMPLOYED: 20, INACTIVE: 10, SICK: 15},
    RIS: {UNEMPLOYED: 35, EMPLOYED: 20, INACTIVE: 30, SICK: 15},
    RETIRED: {EMPLOYED: 45, SELF: 8, UNEMPLOYED: 10, SICK: 20, INACTIVE: 17},
    DISABLED: {INACTIVE: 60, EMPLOYED: 40},
}
BEFORE_PRECARIOUS = {
    EMPLOYED: {UNEMPLOYED: 45, RIS: 25, INACTIVE: 20, EMPLOYED: 10},
    UNEMPLOYED: {EMPLOYED: 60, RIS: 15, INACTIVE: 25},
    RIS: {UNEMPLOYED: 45, EMPLOYED: 20, INACTIVE: 25, RIS: 10},
    SICK: {EMPLOYED: 40, UNEMPLOYED: 30, INACTIVE: 30},
    INACTIVE: {UNEMPLOYED: 40, EMPLOYED: 30, RIS: 30},
    RETIRED: {UNEMPLOYED: 25, SICK: 30, INACTIVE: 35, EMPLOYED: 10},
}
MEAN_YEARS = {EMPLOYED: 6.0, SELF: 8.0, UNEMPLOYED: 1.3, SICK: 2.5, DISABLED: 25.0, RIS: 1.8, INACTIVE: 4.0}  # [E]
MIN_DAYS = 60
PART_TIME_SHARE = {"M": 0.10, "F": 0.40}  # [E] employees working part time
PARTIAL_RIS_SHARE = 0.16  # [E] domain-facts §6: 10-15 % of RIS with some work income (none beside a partner)
STUDENT_RIS_SHARE = 0.30  # [E] of RIS recipients under 25 (domain-facts §6: 12-18 % of all RIS)


@dataclass(slots=True)
class Segment:
    status: str
    begin: int  # day ordinal
    end: int | None  # inclusive; None while it runs
    opts: dict = field(default_factory=dict)

    def overlaps(self, begin: int, end: int | None) -> bool:
        return (end is None or self.begin <= end) and (self.end is None or self.end >= begin)


def clip_end(end: int | None, today: int) -> int:
    """The last day of a period for computing with it (an open period runs until the day before today)."""
    return today - 1 if end is None else end


class Careers:
    def __init__(self, b: Builder) -> None:
        self.b = b
        self.window = b.today - int(HISTORY_YEARS * YEAR)
        self._age_birthdays: dict[tuple[int, int], int] = {}

    def birthday(self, birth: int, years: int) -> int:
        key = (birth, years)
        day = self._age_birthdays.get(key)
        if day is None:
            day = self._age_birthdays[key] = birthday(birth, years)
        return day

    def retirement(self, s: Spec) -> int:
        return pension_start(dt.date.fromordinal(s.birth)).toordinal()

    def plan(self, s: Spec, earliest: int, precarious: bool, region: str | None, until: int,
             current: str | None = None) -> list[Segment]:
        """The segments of ``s`` from (before) the window start until ``until`` (death or today).
        ``earliest``: the first day the person can have a Belgian career (arrival, BIS creation)."""
        retire = self.retirement(s)
        alive = s.death is None
        status = current or self._now(s, precarious, region, until, retire)
        if status is None:
            return []
        segments: list[Segment] = []
        end: int | None = None if alive else until
        cursor = until
        while True:
            begin = self._begin(s, status, cursor, retire, earliest)
            if begin > cursor:
                break
            segments.append(Segment(status, begin, end))
            if begin <= max(self.window, earliest):
                break
            status = self._before(s, status, begin - 1, precarious, region, retire)
            if status is None:
                break
            end = cursor = begin - 1
        segments.reverse()
        return segments

    def _band(self, s: Spec, day: int) -> str | None:
        age = (day - s.birth) / YEAR
        if age < WORK_AGE:
            return "minor"
        return "young" if age < 25 else "adult" if age < 55 else "senior"

    def _now(self, s: Spec, precarious: bool, region: str | None, until: int, retire: int) -> str | None:
        if until >= retire:
            return RETIRED
        band = self._band(s, until)
        if band == "minor":
            return STUDENT if until >= self.birthday(s.birth, STUDENT_JOB_AGE) else None
        weights = dict((NOW_PRECARIOUS if precarious else NOW)[band])
        if UNEMPLOYED in weights:
            weights[UNEMPLOYED] *= UNEMPLOYMENT_FACTOR.get(region, 1.0)
        return self.b.pick(weights)

    def _begin(self, s: Spec, status: str, cursor: int, retire: int, earliest: int) -> int:
        b = self.b
        if status == RETIRED:
            return max(retire, earliest)
        if status == STUDENT:
            return max(self.birthday(s.birth, STUDENT_JOB_AGE), earliest)
        floor = max(self.birthday(s.birth, WORK_AGE), earliest)
        mean = MEAN_YEARS[status] * YEAR
        days = MIN_DAYS + int(-math.log(1.0 - b.rng.random()) * mean)
        return max(cursor - days, floor)

    def before(self, s: Spec, status: str, day: int, precarious: bool) -> str | None:
        """A plausible status for the days before a segment of ``status`` starting the day after ``day``."""
        return self._before(s, status, day, precarious, None, self.retirement(s))

    def _before(self, s: Spec, status: str, day: int, precarious: bool, region: str | None, retire: int) -> str | None:
        b = self.b
        age = (day - s.birth) / YEAR
        if age < WORK_AGE + 1 or (age < 25 and b.chance(0.5)):
            return STUDENT if day >= self.birthday(s.birth, STUDENT_JOB_AGE) else None
        table = (BEFORE_PRECARIOUS if precarious else BEFORE).get(status) or BEFORE[status]
        weights = dict(table)
        if UNEMPLOYED in weights:
            weights[UNEMPLOYED] *= UNEMPLOYMENT_FACTOR.get(region, 1.0)
        previous = b.pick(weights)
        if previous == status and status in (RIS, SICK, INACTIVE):
            previous = EMPLOYED
        return previous


def overlay(segments: list[Segment], begin: int, end: int | None, status: str) -> list[Segment]:
    """``segments`` with [begin, end] replaced by one segment of ``status`` (cut where they overlap)."""
    out: list[Segment] = []
    for seg in segments:
        if not seg.overlaps(begin, end):
            out.append(seg)
            continue
        if seg.begin < begin:
            out.append(Segment(seg.status, seg.begin, begin - 1, dict(seg.opts)))
        if end is not None and (seg.end is None or seg.end > end):
            out.append(Segment(seg.status, end + 1, seg.end, dict(seg.opts)))
    out.append(Segment(status, begin, end))
    out.sort(key=lambda x: x.begin)
    return out
