"""Dates as residents read them: 令和8年7月31日（2026年7月31日） and 31 July 2026.

Nothing here is kept: a birth date, and every date that follows from one (the 75th
birthday, the month the cost share starts), is a resident's own (webapp/caching.py).

A ``Slot`` is a day that compares as itself but is written as a placeholder naming its
place among one answer's days; ``Filler`` writes the days themselves in its place
(webapp/present/shape.py says why)."""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from babel import Locale

from .languages import is_japanese
from .rules.era import format_wareki

# Babel's English month names ("d MMMM y" in format_date's terms), looked up once.
MONTHS = tuple(Locale("en").months["format"]["wide"][month] for month in range(1, 13))


# Private-use characters no city's words, no translation and no answer holds (furigana.py
# marks glosses with \ue000 and \ue001).
OPEN, CLOSE = "\ue002", "\ue003"
# A placeholder's form: long, short or ISO; upper case, a long or short day in a page's
# sentence, written in its span (kept_whole).
LONG, SHORT, ISO = "l", "s", "i"
PLACEHOLDER = re.compile(f"{OPEN}([0-9]+)([lsiLS]){CLOSE}")
PLACEHOLDER_BYTES = re.compile(PLACEHOLDER.pattern.encode())
# A day as written below: 令和8年7月31日, （2026年7月31日）, 31 July 2026 (two parts in Japanese:
# a line may still break between the era's date and the 西暦 in brackets).
WRITTEN = re.compile(r"(?:令和|平成|昭和)(?:元|[0-9]{1,2})年[0-9]{1,2}月[0-9]{1,2}日"
                     r"|（[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日）"
                     r"|\b[0-9]{1,2} (?:" + "|".join(MONTHS) + r") [0-9]{4}\b")
MAYBE_DAY = re.compile(f"[0-9元{OPEN}]")  # the cheap test: most sentences hold no day


def kept_whole(text: str) -> str:
    """``text`` (HTML) with each day it writes kept on one line: in a span of class "date"
    (issue 27: 「令和9年4月／20日」 broke across two lines); a placeholder's day is so written
    once filled."""
    if not MAYBE_DAY.search(text):
        return text
    text = PLACEHOLDER.sub(lambda found: placeholder(int(found[1]), found[2].upper()) if found[2] in (LONG, SHORT)
                           else found[0], text)
    return WRITTEN.sub(r'<span class="date">\g<0></span>', text)


class Slot(date):
    """A day that compares, sorts and hashes as itself, but is written (long, short or ISO)
    as a placeholder of its ``place``: the view built with it holds no date of anyone's."""

    __slots__ = ("place",)
    place: int

    def __new__(cls, day: date, place: int) -> Slot:
        self = super().__new__(cls, day.year, day.month, day.day)
        self.place = place
        return self

    def isoformat(self) -> str:
        return placeholder(self.place, ISO)

    __str__ = isoformat

    # A day worked out from a Slot is a plain date (not a placeholder of a place it does
    # not have); a comparison with one is not in the order the key holds, so its result
    # must be (webapp/present/shape.py).
    def __add__(self, other: timedelta) -> date:  # type: ignore[override]
        return date(self.year, self.month, self.day) + other

    def __radd__(self, other: timedelta) -> date:  # type: ignore[override]
        return self + other

    def __sub__(self, other):
        return date(self.year, self.month, self.day) - other


def placeholder(place: int, form: str) -> str:
    return f"{OPEN}{place}{form}{CLOSE}"


def long_date(day: date, lang: str) -> str:
    if type(day) is Slot:
        return placeholder(day.place, LONG)
    if is_japanese(lang):
        return f"{format_wareki(day)}（{day.year}年{day.month}月{day.day}日）"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date, lang: str) -> str:
    """令和8年7月31日 alone, where space is short (the answer card); English as long_date."""
    if type(day) is Slot:
        # English writes both alike: one placeholder, so that texts equal once filled are
        # equal before.
        return placeholder(day.place, SHORT if is_japanese(lang) else LONG)
    return format_wareki(day) if is_japanese(lang) else long_date(day, lang)


class Filler:
    """Writes ``days`` (by place) where a text built with Slots has their placeholders."""

    def __init__(self, days: Sequence[date], lang: str):
        self.days, self.lang = days, lang
        self.written: dict[bytes, bytes] = {}

    def write(self, place: int, form: str) -> str:
        day = self.days[place]
        if form in (LONG.upper(), SHORT.upper()):  # in a page's sentence: kept whole
            return kept_whole(self.write(place, form.lower()))
        return (long_date(day, self.lang) if form == LONG else short_date(day, self.lang) if form == SHORT
                else day.isoformat())

    def day(self, day: date) -> date:
        """The resident's own day where a view kept for its shape holds its Slot."""
        return self.days[day.place] if type(day) is Slot else day

    def text(self, text: str) -> str:
        if OPEN not in text:
            return text
        return PLACEHOLDER.sub(lambda found: self.write(int(found[1]), found[2]), text)

    def bytes(self, data: bytes) -> bytes:
        if OPEN.encode() not in data:
            return data
        written = self.written

        def one(found: re.Match[bytes]) -> bytes:
            whole = found[0]
            if whole not in written:
                written[whole] = self.write(int(found[1]), found[2].decode()).encode()
            return written[whole]
        return PLACEHOLDER_BYTES.sub(one, data)
