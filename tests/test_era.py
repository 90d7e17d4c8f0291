"""Tests for webapp.rules.era: conversion checked against japanera, boundaries, typed input."""
from datetime import date, timedelta
from functools import partial

import pytest
from japanera import EraDate

from webapp.rules.era import (
    ERA_KEYS_FOR_INPUT,
    ERAS,
    EraDateError,
    format_wareki,
    normalize_digits,
    parse_birth_date,
    parse_date_text,
    parse_number,
    read_birth_date,
    to_gregorian,
    to_wareki,
)


def raises_code(code, func, *args):
    with pytest.raises(EraDateError) as info:
        func(*args)
    assert info.value.code == code, info.value.params
    return info.value.params


class Including(dict):
    """An error's expected params of which only those named are checked; a plain dict is
    checked whole."""


def assert_params(params, expected):
    if isinstance(expected, Including):
        assert {name: params[name] for name in expected} == expected, params
    else:
        assert params == expected


# --- against an independent implementation -------------------------------------------

def test_every_day_agrees_with_japanera_and_round_trips():
    d, last = date(1912, 7, 30), date(2035, 12, 31)
    checked = 0
    while d <= last:
        era, year = to_wareki(d)
        other = EraDate.from_date(d)
        expected_year = int(other.strftime("%-Y"))
        assert (era.kanji, year) == (other.era.kanji, expected_year), d
        written_year = "元" if expected_year == 1 else str(expected_year)
        assert format_wareki(d) == f"{other.era.kanji}{written_year}年{d.month}月{d.day}日", d
        assert to_gregorian(era.key, year, d.month, d.day) == d
        d += timedelta(days=1)
        checked += 1
    assert checked == (last - date(1912, 7, 30)).days + 1


def test_era_table():
    assert [e.key for e in ERAS] == ["meiji", "taisho", "showa", "heisei", "reiwa"]
    assert ERA_KEYS_FOR_INPUT == ("showa", "heisei", "reiwa", "taisho", "seireki")
    # Eras must tile the calendar: each starts the day after the previous one ends.
    for before, after in zip(ERAS, ERAS[1:]):
        assert before.end + timedelta(days=1) == after.start
    assert ERAS[-1].end is None


@pytest.mark.parametrize("d, text", [
    (date(2026, 7, 31), "令和8年7月31日"),
    (date(2019, 5, 1), "令和元年5月1日"),
    (date(2019, 4, 30), "平成31年4月30日"),
    (date(1989, 1, 7), "昭和64年1月7日"),
    (date(1926, 12, 25), "昭和元年12月25日"),
    (date(1912, 7, 29), "明治45年7月29日"),
    (date(1868, 10, 23), "明治元年10月23日"),
])
def test_format_wareki(d, text):
    assert format_wareki(d) == text


def test_to_wareki_before_meiji():
    with pytest.raises(ValueError):
        to_wareki(date(1868, 10, 22))


# --- boundaries -----------------------------------------------------------------------

@pytest.mark.parametrize("era, y, m, d, expected", [
    ("showa", 64, 1, 7, date(1989, 1, 7)),
    ("heisei", 31, 4, 30, date(2019, 4, 30)),
    ("reiwa", 1, 5, 1, date(2019, 5, 1)),
    ("heisei", 1, 1, 8, date(1989, 1, 8)),
    ("taisho", 1, 7, 30, date(1912, 7, 30)),
    ("showa", 1, 12, 25, date(1926, 12, 25)),
    ("seireki", 2024, 2, 29, date(2024, 2, 29)),
])
def test_valid_boundary_dates(era, y, m, d, expected):
    assert to_gregorian(era, y, m, d) == expected


# (era, year, month, day) → the error's code and its params.
TO_GREGORIAN_REFUSED = [
    # after an era's end, before its start
    (("showa", 64, 1, 8), "after_era_end", {"era": "showa", "end": date(1989, 1, 7)}),
    (("heisei", 31, 5, 1), "after_era_end", {"era": "heisei", "end": date(2019, 4, 30)}),
    (("taisho", 15, 12, 25), "after_era_end", {"era": "taisho", "end": date(1926, 12, 24)}),
    (("reiwa", 1, 4, 30), "before_era_start", {"era": "reiwa", "start": date(2019, 5, 1)}),
    (("heisei", 1, 1, 7), "before_era_start", {"era": "heisei", "start": date(1989, 1, 8)}),
    (("showa", 1, 12, 24), "before_era_start", {"era": "showa", "start": date(1926, 12, 25)}),
    (("taisho", 1, 7, 29), "before_era_start", {"era": "taisho", "start": date(1912, 7, 30)}),
    # 平成4年 = 1992 (leap), 平成5年 = 1993 (common); 2100 is not a leap year.
    (("heisei", 4, 2, 30), "day_out_of_range", {"month": 2, "max_day": 29, "year": 1992}),
    (("heisei", 5, 2, 29), "day_out_of_range", {"month": 2, "max_day": 28, "year": 1993}),
    (("seireki", 2100, 2, 29), "day_out_of_range", Including(max_day=28)),
    (("showa", 31, 4, 31), "day_out_of_range", Including(max_day=30)),
    (("showa", 31, 4, 0), "day_out_of_range", Including(max_day=30)),
    (("showa", 31, 13, 1), "month_out_of_range", {"month": 13}),
    (("showa", 31, 0, 1), "month_out_of_range", {"month": 0}),
    (("heisei", 32, 1, 1), "year_out_of_range", {"era": "heisei", "min_year": 1, "max_year": 31, "year": 32}),
    (("showa", 65, 1, 1), "year_out_of_range", Including(max_year=64)),
    (("showa", 0, 1, 1), "year_out_of_range", Including(min_year=1)),
    (("seireki", 0, 1, 1), "year_out_of_range", Including(min_year=1)),
    # Beyond what datetime can hold: an error code, not a crash.
    (("reiwa", 99999, 1, 1), "year_out_of_range", Including()),
    # The order: year before month, month before day, day before the era boundary.
    (("heisei", 32, 13, 40), "year_out_of_range", Including()),
    (("heisei", 31, 13, 40), "month_out_of_range", Including()),
    (("heisei", 31, 6, 31), "day_out_of_range", Including()),
    (("edo", 0, 0, 0), "unknown_era", Including()),
]


@pytest.mark.parametrize("typed, code, params", TO_GREGORIAN_REFUSED,
                         ids=["-".join(map(str, typed)) for typed, _, _ in TO_GREGORIAN_REFUSED])
def test_to_gregorian_refuses(typed, code, params):
    assert_params(raises_code(code, to_gregorian, *typed), params)


# --- typed and pasted input -----------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("１９５６", "1956"),
    ("　昭和３１年　４月 １日\t", "昭和31年4月1日"),
    ("Ｓ３１．４／１", "S31.4/1"),
])
def test_normalize_digits(text, expected):
    assert normalize_digits(text) == expected


@pytest.mark.parametrize("text, field, expected", [
    ("１９５６", "year", 1956),
    (" ３１ ", "year", 31),
    ("元", "year", 1),
    ("元年", "year", 1),
    ("04", "month", 4),
    ("4月", "month", 4),
])
def test_parse_number(text, field, expected):
    assert parse_number(text, field) == expected


@pytest.mark.parametrize("text, field", [
    ("abc", "year"), ("", "day"), ("+3", "month"), ("3.5", "day"), ("元", "month"), ("٣", "day"),
])
def test_parse_number_rejects(text, field):
    assert raises_code("not_a_number", parse_number, text, field) == {"field": field}


@pytest.mark.parametrize("text, expected", [
    ("昭和31年4月1日", ("showa", 31, 4, 1)),
    ("　昭和３１年４月１日　", ("showa", 31, 4, 1)),
    ("昭和元年12月25日", ("showa", 1, 12, 25)),
    ("S31.4.1", ("showa", 31, 4, 1)),
    ("s31/4/1", ("showa", 31, 4, 1)),
    ("Ｓ３１．４．１", ("showa", 31, 4, 1)),
    ("昭31.4.1", ("showa", 31, 4, 1)),
    ("㍼31年4月1日", ("showa", 31, 4, 1)),
    ("H1.1.8", ("heisei", 1, 1, 8)),
    ("平1.1.8", ("heisei", 1, 1, 8)),
    ("R8-7-31", ("reiwa", 8, 7, 31)),
    ("令8.7.31", ("reiwa", 8, 7, 31)),
    ("T15.12.24", ("taisho", 15, 12, 24)),
    ("大15.12.24", ("taisho", 15, 12, 24)),
    ("M45.7.29", ("meiji", 45, 7, 29)),
    ("明45.7.29", ("meiji", 45, 7, 29)),
    ("1956/4/1", ("seireki", 1956, 4, 1)),
    ("1956-04-01", ("seireki", 1956, 4, 1)),
    ("1956.4.1", ("seireki", 1956, 4, 1)),
    ("1956年4月1日", ("seireki", 1956, 4, 1)),
    ("19560401", ("seireki", 1956, 4, 1)),
    ("１９５６－０４－０１", ("seireki", 1956, 4, 1)),
    ("平成32年1月1日", ("heisei", 32, 1, 1)),  # ranges are to_gregorian's job
])
def test_parse_date_text(text, expected):
    assert parse_date_text(text) == expected


@pytest.mark.parametrize("text", ["abc", "", "31.4.1", "昭和三十一年四月一日", "1956/4", "1956/4/1/2", "1956041"])
def test_parse_date_text_unparseable(text):
    assert raises_code("unparseable", parse_date_text, text) == {"text": text}


def test_parse_date_text_unknown_era():
    assert raises_code("unknown_era", parse_date_text, "X31.4.1") == {"era": "X"}


@pytest.mark.parametrize("era, y, m, d, expected", [
    ("showa", "31", "4", "1", date(1956, 4, 1)),
    ("showa", "３１", "４", "１", date(1956, 4, 1)),
    ("showa", " ３１ ", "　４　", "1 ", date(1956, 4, 1)),
    ("heisei", "元", "1", "8", date(1989, 1, 8)),
    ("seireki", "１９５６", "04", "01", date(1956, 4, 1)),
    # A whole date in the year box: its own era wins over the select.
    ("heisei", "S31.4.1", "", "", date(1956, 4, 1)),
    (None, "19560401", "", "", date(1956, 4, 1)),
    ("reiwa", "　昭和３１年４月１日　", "", "", date(1956, 4, 1)),
    (None, "R8-7-31", "", "", date(2026, 7, 31)),
])
def test_parse_birth_date(era, y, m, d, expected):
    assert parse_birth_date(era, y, m, d) == expected


# (era, year, month, day) as typed → the error's code and its params.
PARSE_BIRTH_DATE_REFUSED = [
    (("showa", "", "", ""), "required", {}),
    (("showa", " ", "　", ""), "required", {}),
    (("showa", "31", "", "1"), "required", {"field": "month"}),
    (("showa", "31", "4", ""), "required", {"field": "day"}),
    (("showa", "", "4", "1"), "required", {"field": "year"}),
    ((None, "31", "4", "1"), "required", {"field": "era"}),
    (("showa", "x", "4", "1"), "not_a_number", {"field": "year"}),
    (("showa", "31", "四", "1"), "not_a_number", {"field": "month"}),
    (("showa", "garbage-text", "", ""), "unparseable", Including(text="garbage-text")),
    (("edo", "3", "4", "1"), "unknown_era", {"era": "edo"}),
    # Range and boundary errors come through from to_gregorian.
    (("heisei", "31", "5", "1"), "after_era_end", Including(era="heisei")),
    ((None, "令和元年4月30日", "", ""), "before_era_start", Including(era="reiwa")),
    (("showa", "31", "2", "30"), "day_out_of_range", Including(max_day=29)),
]


@pytest.mark.parametrize("typed, code, params", PARSE_BIRTH_DATE_REFUSED)
def test_parse_birth_date_errors(typed, code, params):
    assert_params(raises_code(code, parse_birth_date, *typed), params)


@pytest.mark.parametrize("era, y, m, d, expected", [
    ("showa", "31", "4", "1", (date(1956, 4, 1), "showa")),
    ("heisei", "S31.4.1", "", "", (date(1956, 4, 1), "showa")),  # the pasted era, not the select
    (None, "1956/4/1", "", "", (date(1956, 4, 1), "seireki")),
    (None, "19560401", "", "", (date(1956, 4, 1), "seireki")),
    ("showa", "明治45年7月1日", "", "", (date(1912, 7, 1), "meiji")),  # no restriction asked
])
def test_read_birth_date_says_which_calendar_it_read(era, y, m, d, expected):
    assert read_birth_date(era, y, m, d) == expected
    assert parse_birth_date(era, y, m, d) == expected[0]


# (the calendars offered, what was typed) → the error's code and its params.
NOT_OFFERED = [
    (ERA_KEYS_FOR_INPUT, ("showa", "明治45年7月1日", "", ""), "era_not_offered", {"era": "meiji"}),
    # before the range check (Meiji ended on 29 July)
    (ERA_KEYS_FOR_INPUT, (None, "M45.7.30", "", ""), "era_not_offered", {"era": "meiji"}),
    (ERA_KEYS_FOR_INPUT, ("meiji", "45", "7", "1"), "era_not_offered", {"era": "meiji"}),
    (("showa",), (None, "1956/4/1", "", ""), "era_not_offered", {"era": "seireki"}),
    # Not an era at all: still unknown_era; a missing part still comes first.
    (ERA_KEYS_FOR_INPUT, ("edo", "3", "4", "1"), "unknown_era", {"era": "edo"}),
    (ERA_KEYS_FOR_INPUT, ("meiji", "45", "", "1"), "required", {"field": "month"}),
]


@pytest.mark.parametrize("eras, typed, code, params", NOT_OFFERED)
def test_read_birth_date_only_in_the_calendars_offered(eras, typed, code, params):
    assert_params(raises_code(code, partial(read_birth_date, eras=eras), *typed), params)


def test_read_birth_date_in_a_calendar_offered():
    assert read_birth_date("taisho", "元", "7", "30", eras=ERA_KEYS_FOR_INPUT) == (date(1912, 7, 30), "taisho")


def test_english_dates_are_written_as_babel_writes_them():
    """datefmt writes "31 July 2026" itself (no date is remembered); Babel's own pattern
    must agree on every day of a leap year and a common one."""
    from babel.dates import format_date

    from webapp.datefmt import long_date
    day = date(2027, 1, 1)
    while day < date(2029, 1, 1):
        assert long_date(day, "en") == format_date(day, "d MMMM y", locale="en"), day
        day += timedelta(days=1)
