"""Japanese era (和暦) conversion and parsing of dates as residents type them.

Plain Python, standard library only, so rules and tests can use it without Flask.

Errors are raised as ``EraDateError(code, **params)``.  The web layer turns the
code into a translated message, so codes and param names are a stable contract:

=====================  ======================================================
code                   params
=====================  ======================================================
``required``           none when nothing at all was entered; ``field``
                       ("era"|"year"|"month"|"day") when one part is missing
``not_a_number``       ``field``: "year" | "month" | "day"
``unknown_era``        ``era``: the era text as typed (normalized)
``year_out_of_range``  ``era`` (key), ``min_year`` (always 1), ``max_year``
                       (last year of the era, e.g. heisei 31; for reiwa and
                       seireki the datetime limit, since they have no end),
                       ``year`` (as typed)
``month_out_of_range`` ``month``
``day_out_of_range``   ``month``, ``max_day``, ``year`` (Gregorian year)
``before_era_start``   ``era`` (key), ``start`` (date, first day of the era)
``after_era_end``      ``era`` (key), ``end`` (date, last day of the era)
``unparseable``        ``text``: the original text
``era_not_offered``    ``era`` (key): a known calendar the caller does not
                       offer (``eras`` of read_birth_date), e.g. meiji in a
                       pasted "明治45年7月1日"
=====================  ======================================================
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import MAXYEAR, date


@dataclass(frozen=True)
class Era:
    key: str
    kanji: str
    romaji_initial: str
    start: date  # first day, inclusive
    end: date | None  # last day, inclusive; None while the era is current

    @property
    def max_year(self) -> int:
        # Open-ended eras are only limited by what datetime.date can hold.
        last = self.end.year if self.end else MAXYEAR
        return last - self.start.year + 1


# 明治 is modelled from the day the era name was proclaimed; earlier dates are
# out of scope (and were on the lunar calendar anyway).
ERAS: tuple[Era, ...] = (
    Era("meiji", "明治", "M", date(1868, 10, 23), date(1912, 7, 29)),
    Era("taisho", "大正", "T", date(1912, 7, 30), date(1926, 12, 24)),
    Era("showa", "昭和", "S", date(1926, 12, 25), date(1989, 1, 7)),
    Era("heisei", "平成", "H", date(1989, 1, 8), date(2019, 4, 30)),
    Era("reiwa", "令和", "R", date(2019, 5, 1), None),
)
SEIREKI = "seireki"  # the Gregorian calendar (西暦), accepted by the parsing APIs
ERA_KEYS_FOR_INPUT = ("showa", "heisei", "reiwa", "taisho", "seireki")

_ERA_BY_KEY = {era.key: era for era in ERAS}

# Every way a resident may write an era, looked up after casefold().
_ERA_ALIASES = {SEIREKI: SEIREKI, "西暦": SEIREKI}
for _era in ERAS:
    for _alias in (_era.key, _era.kanji, _era.kanji[0], _era.romaji_initial):
        _ERA_ALIASES[_alias.casefold()] = _era.key

# NFKC already folds "／" "．" "－"; IMEs also produce these dash look-alikes.
_SEP = r"[./\-‐‑‒–—―−ー]"
_DATE_RE = re.compile(
    rf"(?P<era>[^0-9元]*)(?P<year>[0-9]+|元)(?:年|{_SEP})"
    rf"(?P<month>[0-9]{{1,2}})(?:月|{_SEP})(?P<day>[0-9]{{1,2}})日?"
)
_COMPACT_RE = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")  # 19560401
# A year box holding any of these contains more than a year (see parse_birth_date).
_WHOLE_DATE_HINT = re.compile(rf"{_SEP}|[月日A-Za-z明大昭平令西]")


class EraDateError(ValueError):
    def __init__(self, code: str, **params):
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


def to_gregorian(era_key: str, year: int, month: int, day: int) -> date:
    """Convert an era date (or a 西暦 date with era_key "seireki") to a date."""
    era = _ERA_BY_KEY.get(era_key)
    if era is None and era_key != SEIREKI:
        raise EraDateError("unknown_era", era=era_key)
    max_year = era.max_year if era else MAXYEAR
    if not 1 <= year <= max_year:
        raise EraDateError("year_out_of_range", era=era_key, min_year=1, max_year=max_year, year=year)
    if not 1 <= month <= 12:
        raise EraDateError("month_out_of_range", month=month)
    g_year = era.start.year + year - 1 if era else year
    max_day = calendar.monthrange(g_year, month)[1]
    if not 1 <= day <= max_day:
        raise EraDateError("day_out_of_range", month=month, max_day=max_day, year=g_year)
    result = date(g_year, month, day)
    # The first and last era years are partial: 昭和64年 only runs to 1月7日.
    if era and result < era.start:
        raise EraDateError("before_era_start", era=era.key, start=era.start)
    if era and era.end and result > era.end:
        raise EraDateError("after_era_end", era=era.key, end=era.end)
    return result


def to_wareki(d: date) -> tuple[Era, int]:
    """The era in force on d, and the era year (1 = 元年)."""
    for era in reversed(ERAS):
        if d >= era.start:
            return era, d.year - era.start.year + 1
    raise ValueError(f"{d} is before {ERAS[0].kanji} ({ERAS[0].start})")


def format_wareki(d: date) -> str:
    """E.g. "令和元年5月1日", "平成31年4月30日" (no zero padding)."""
    era, year = to_wareki(d)
    return f"{era.kanji}{'元' if year == 1 else year}年{d.month}月{d.day}日"


def normalize_digits(text: str) -> str:
    """NFKC (full-width → ASCII, ㍼ → 昭和) and drop all whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def parse_number(text: str, field: str) -> int:
    """A year/month/day box: "３１", "31年" and, for the year, "元" (元年)."""
    s = normalize_digits(text)
    # Residents often type the unit the label already shows ("4月").
    unit = {"year": "年", "month": "月", "day": "日"}.get(field)
    if unit and s.endswith(unit):
        s = s[: -len(unit)]
    if field == "year" and s == "元":
        return 1
    # [0-9] rather than int(): int() would also take "+3", "1_0" or "٣".
    if not re.fullmatch(r"[0-9]+", s):
        raise EraDateError("not_a_number", field=field)
    return int(s)


def parse_date_text(text: str) -> tuple[str, int, int, int]:
    """Read one pasted date into (era_key, year, month, day); no range checks."""
    s = normalize_digits(text)
    compact = _COMPACT_RE.fullmatch(s)
    if compact:
        year, month, day = map(int, compact.groups())
        return SEIREKI, year, month, day
    m = _DATE_RE.fullmatch(s)
    if not m:
        raise EraDateError("unparseable", text=text)
    era_text, year_text = m["era"], m["year"]
    if era_text:
        era_key = _ERA_ALIASES.get(era_text.casefold())
        if era_key is None:
            raise EraDateError("unknown_era", era=era_text)
    elif len(year_text) == 4:
        era_key = SEIREKI
    else:
        # "31.4.1": which era? Guessing would silently give a wrong birth date.
        raise EraDateError("unparseable", text=text)
    if year_text == "元" and era_key == SEIREKI:
        raise EraDateError("unparseable", text=text)
    year = 1 if year_text == "元" else int(year_text)
    return era_key, year, int(m["month"]), int(m["day"])


def parse_birth_date(era_key: str | None, year_text: str, month_text: str, day_text: str) -> date:
    """Read the birth-date form (era select + three boxes) into a date.

    A whole date pasted into the year box with month/day left empty is accepted,
    and the era written in it wins over the select.  Plausibility limits (future
    dates, very old dates) are the caller's business.
    """
    return read_birth_date(era_key, year_text, month_text, day_text)[0]


def read_birth_date(era_key: str | None, year_text: str, month_text: str, day_text: str, *,
                    eras: Collection[str] | None = None) -> tuple[date, str]:
    """parse_birth_date, and the calendar the date was read in: the era written in a whole
    pasted date, else ``era_key``.  With ``eras`` (keys, "seireki" for 西暦), a date in any
    other known calendar raises ``era_not_offered``."""
    parts = {"year": year_text or "", "month": month_text or "", "day": day_text or ""}
    filled = {field: normalize_digits(t) for field, t in parts.items()}
    if not any(filled.values()):
        raise EraDateError("required")
    y = filled["year"]
    if not filled["month"] and not filled["day"] and (
        _WHOLE_DATE_HINT.search(y) or _COMPACT_RE.fullmatch(y)
    ):
        pasted_era, *numbers = parse_date_text(parts["year"])
        _check_offered(pasted_era, eras)
        return to_gregorian(pasted_era, *numbers), pasted_era
    if not era_key:
        raise EraDateError("required", field="era")
    for field, value in filled.items():
        if not value:
            raise EraDateError("required", field=field)
    _check_offered(era_key, eras)
    numbers = [parse_number(parts[field], field) for field in ("year", "month", "day")]
    return to_gregorian(era_key, *numbers), era_key


def _check_offered(era_key: str, eras: Collection[str] | None) -> None:
    # An unknown key is left to to_gregorian ("unknown_era").
    if eras is not None and era_key not in eras and (era_key == SEIREKI or era_key in _ERA_BY_KEY):
        raise EraDateError("era_not_offered", era=era_key)
