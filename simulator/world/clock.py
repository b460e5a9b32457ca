"""The sandbox clock: every consultation answers for the sandbox's *now*.

A clock is real time shifted by an offset, or frozen at one instant. Its state lives in the world's
meta table, so every server process of a sandbox reads the same time.
"""

from __future__ import annotations

import datetime as dt

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


class Clock:
    def __init__(self, store):
        self.store = store

    def now(self) -> dt.datetime:
        frozen, offset = self.store.meta_values(FROZEN, OFFSET)  # read on every call: other processes may set it
        if frozen:
            return parse_instant(frozen)
        return utcnow() + dt.timedelta(seconds=float(offset or 0))

    def state(self) -> dict:
        meta = self.store.meta()
        return {"now": self.now().isoformat(), "frozen": bool(meta.get(FROZEN)),
                "offset_seconds": float(meta.get(OFFSET) or 0)}

    def set(self, instant: dt.datetime, frozen: bool = False) -> None:
        if frozen:
            self.store.set_meta(FROZEN, instant.isoformat())
        else:
            self.store.set_meta(FROZEN, "")
            self.store.set_meta(OFFSET, str((instant - utcnow()).total_seconds()))
