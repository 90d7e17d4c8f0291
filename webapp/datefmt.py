"""Dates as residents read them: 令和8年7月31日（2026年7月31日） and 31 July 2026."""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel.dates import format_date

from .rules.era import format_wareki


# The same few dates (today, deadlines, a birth date) are written on every page.
@lru_cache(maxsize=4096)
def long_date(day: date, lang: str) -> str:
    if lang == "ja":
        return f"{format_wareki(day)}（{day.year}年{day.month}月{day.day}日）"
    return format_date(day, "d MMMM y", locale="en")


def short_date(day: date, lang: str) -> str:
    """令和8年7月31日 alone, where space is short (the answer card); English as long_date."""
    return format_wareki(day) if lang == "ja" else long_date(day, lang)
