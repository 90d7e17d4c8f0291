"""Dates as residents read them: 令和8年7月31日（2026年7月31日） and 31 July 2026.

Nothing here is kept: a birth date, and every date that follows from one (the 75th
birthday, the month the cost share starts), is a resident's own (webapp/caching.py)."""
from __future__ import annotations

from datetime import date

from babel import Locale

from .i18n import is_japanese
from .rules.era import format_wareki

# Babel's English month names ("d MMMM y" in format_date's terms), looked up once.
MONTHS = tuple(Locale("en").months["format"]["wide"][month] for month in range(1, 13))


def long_date(day: date, lang: str) -> str:
    if is_japanese(lang):
        return f"{format_wareki(day)}（{day.year}年{day.month}月{day.day}日）"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date, lang: str) -> str:
    """令和8年7月31日 alone, where space is short (the answer card); English as long_date."""
    return format_wareki(day) if is_japanese(lang) else long_date(day, lang)
