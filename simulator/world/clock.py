"""The sandbox clock: every consultation answers for the sandbox's *now*.

A clock is real time shifted by an offset, or frozen at one instant. Its state lives in the world's
meta table, so every server process of a sandbox reads the same time.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from simulator.errors import SimulatorError

OFFSET, FROZEN = "clock.offset_seconds", "clock.frozen_at"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def parse_instant(text: str) -> dt.datetime:
    """An ISO date or date-time; naive values are taken as UTC."""
    try:
        value = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise SimulatorError(f"not an ISO date-time: {text!r}") from None
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


_DURATION = re.compile(
    r"^(?P<sign>-)?P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)


def add_duration(instant: dt.datetime, text: str) -> dt.datetime:
    """``instant`` moved by an ISO-8601 duration (``P30D``, ``P1M``, ``PT2H``, ``-P1Y2M3DT4H``).

    Years and months move the calendar date (31 January + P1M = 28/29 February), the rest is exact.
    """
    match = _DURATION.match(text.strip()) if isinstance(text, str) else None
    if not match or text.strip() in ("P", "-P") or text.strip().endswith("T"):
        raise SimulatorError(f"not an ISO-8601 duration: {text!r} (e.g. P30D, P1M, PT2H)")
    parts = {k: float(v) if k == "seconds" else int(v) for k, v in match.groupdict(default="0").items() if k != "sign"}
    sign = -1 if match.group("sign") else 1
    months = instant.month - 1 + sign * (parts["years"] * 12 + parts["months"])
    year, month = instant.year + months // 12, months % 12 + 1
    day = min(instant.day, calendar.monthrange(year, month)[1])
    moved = instant.replace(year=year, month=month, day=day)
    return moved + sign * dt.timedelta(weeks=parts["weeks"], days=parts["days"], hours=parts["hours"],
                                       minutes=parts["minutes"], seconds=parts["seconds"])


class Clock:
    def __init__(self, store):
        self.store = store

    def now(self) -> dt.datetime:
        return self.instant(*self.store.meta_values(FROZEN, OFFSET))  # read every time: other processes may set it

    @staticmethod
    def instant(frozen: str | None, offset: str | None) -> dt.datetime:
        """The clock's now from its two meta values (UTC)."""
        if frozen:
            return parse_instant(frozen).astimezone(dt.timezone.utc)
        return utcnow() + dt.timedelta(seconds=float(offset or 0))

    def state(self) -> dict:
        meta = self.store.meta()
        return {"now": self.now().isoformat(), "frozen": bool(meta.get(FROZEN)),
                "offset_seconds": float(meta.get(OFFSET) or 0)}

    def advance(self, duration: str, frozen: bool | None = None) -> None:
        """Move the clock by an ISO-8601 duration; it stays frozen or running unless told otherwise."""
        was_frozen = self.state()["frozen"]
        self.set(add_duration(self.now(), duration), was_frozen if frozen is None else frozen)

    def set(self, instant: dt.datetime, frozen: bool = False) -> None:
        if frozen:
            self.store.set_meta(FROZEN, instant.isoformat())
        else:
            self.store.set_meta(FROZEN, "")
            self.store.set_meta(OFFSET, str((instant - utcnow()).total_seconds()))
