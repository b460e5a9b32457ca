"""What the SPP IS new-generation services share: their service-specific statuses and dates as read."""

from __future__ import annotations

import datetime as dt

from simulator.services.base import StatusError


def refusal(code: tuple[str, str], value: str, *information: tuple[str, str | None]) -> StatusError:
    """The StatusError of a service-specific (code, description) pair, e.g. ("ALRT0002", "No alert ...")."""
    return StatusError(code[0], value, list(information), code[1])


def date_of(text: str | None) -> dt.date | None:
    """An xs:date as sent (a zone offset, if any, is dropped); None when absent."""
    return dt.date.fromisoformat(text.strip()[:10]) if text else None
