"""Calendar arithmetic on day ordinals: quarters, months, splitting periods at given days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=4096)
def quarter_bounds(year: int, quarter: int) -> tuple[int, int]:
    first = dt.date(year, 3 * quarter - 2, 1)
    following = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return first.toordinal(), following.toordinal() - 1


def quarter_of(day: int) -> tuple[int, int]:
    d = dt.date.fromordinal(day)
    return d.year, (d.month - 1) // 3 + 1


def last_quarters(day: int, count: int) -> list[tuple[int, int, int, int]]:
    """The ``count`` quarters that ended on or before ``day``, oldest first: (year, quarter, first, last)."""
    year, quarter = quarter_of(day)
    if quarter_bounds(year, quarter)[1] > day:
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    out = []
    for _ in range(count):
        out.append((year, quarter, *quarter_bounds(year, quarter)))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return out[::-1]


@lru_cache(maxsize=4096)
def month_bounds(year: int, month: int) -> tuple[int, int]:
    first = dt.date(year, month, 1)
    following = dt.date(year + (month == 12), 1 if month == 12 else month + 1, 1)
    return first.toordinal(), following.toordinal() - 1


def last_months(day: int, count: int) -> list[tuple[str, int, int]]:
    """The ``count`` complete months before the month of ``day``, oldest first: ('yyyy-mm', first, last)."""
    d = dt.date.fromordinal(day)
    year, month = d.year, d.month
    out = []
    for _ in range(count):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        out.append((f"{year:04d}-{month:02d}", *month_bounds(year, month)))
    return out[::-1]


def first_of_next_month(day: int) -> int:
    d = dt.date.fromordinal(day)
    return dt.date(d.year + (d.month == 12), 1 if d.month == 12 else d.month + 1, 1).toordinal()


def june_30(year: int) -> int:
    return dt.date(year, 6, 30).toordinal()


def split(begin: int, end: int | None, days: Iterable[int]) -> list[tuple[int, int | None]]:
    """[begin, end] cut into pieces that start at each of ``days`` falling strictly inside it."""
    cuts = sorted({d for d in days if d > begin and (end is None or d <= end)})
    pieces = []
    start = begin
    for cut in cuts:
        pieces.append((start, cut - 1))
        start = cut
    pieces.append((start, end))
    return pieces


def overlap(begin: int, end: int | None, lo: int, hi: int) -> int:
    """Days of [begin, end] (open end: unbounded) inside [lo, hi]."""
    a, b = max(begin, lo), hi if end is None else min(end, hi)
    return b - a + 1 if a <= b else 0


def timeline(intervals: Iterable[tuple[int, int | None, str]], priority: tuple[str, ...]) -> list[tuple[int, int | None, str]]:
    """Non-overlapping pieces of the union of ``intervals``, each labelled with the first label in
    ``priority`` order that covers it; adjacent pieces with the same label are merged."""
    intervals = [i for i in intervals if i[1] is None or i[0] <= i[1]]
    if not intervals:
        return []
    days = sorted({i[0] for i in intervals} | {i[1] + 1 for i in intervals if i[1] is not None})
    out: list[list] = []
    for n, lo in enumerate(days):
        hi = days[n + 1] - 1 if n + 1 < len(days) else None
        labels = {label for b, e, label in intervals if b <= lo and (e is None or e >= lo)}
        if not labels:
            continue
        label = next(p for p in priority if p in labels)
        if out and out[-1][2] == label and out[-1][1] is not None and out[-1][1] + 1 == lo:
            out[-1][1] = hi
        else:
            out.append([lo, hi, label])
    return [tuple(x) for x in out]
