"""The day the answer is worked out for: configured by staff and tests, else today in Tokyo."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")


def today_in_tokyo() -> date:
    return datetime.now(TOKYO).date()


def configured_as_of(value: object) -> date | None:
    """The AS_OF setting as a date (None: follow the calendar). Raises ValueError if bad."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
