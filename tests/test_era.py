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


@pytest.mark.parametrize("era, y, m, d, end", [
    ("showa", 64, 1, 8, date(1989, 1, 7)),
    ("heisei", 31, 5, 1, date(2019, 4, 30)),
    ("taisho", 15, 12, 25, date(1926, 12, 24)),
])
def test_after_era_end(era, y, m, d, end):
    assert raises_code("after_era_end", to_gregorian, era, y, m, d) == {"era": era, "end": end}


@pytest.mark.parametrize("era, y, m, d, start", [
    ("reiwa", 1, 4, 30, date(2019, 5, 1)),
    ("heisei", 1, 1, 7, date(1989, 1, 8)),
    ("showa", 1, 12, 24, date(1926, 12, 25)),
    ("taisho", 1, 7, 29, date(1912, 7, 30)),
])
def test_before_era_start(era, y, m, d, start):
    assert raises_code("before_era_start", to_gregorian, era, y, m, d) == {"era": era, "start": start}


def test_day_out_of_range():
    # 平成4年 = 1992 (leap), 平成5年 = 1993 (common); 2100 is not a leap year.
    assert raises_code("day_out_of_range", to_gregorian, "heisei", 4, 2, 30) == {
        "month": 2, "max_day": 29, "year": 1992}
    assert raises_code("day_out_of_range", to_gregorian, "heisei", 5, 2, 29) == {
        "month": 2, "max_day": 28, "year": 1993}
    assert raises_code("day_out_of_range", to_gregorian, "seireki", 2100, 2, 29)["max_day"] == 28
    assert raises_code("day_out_of_range", to_gregorian, "showa", 31, 4, 31)["max_day"] == 30
    assert raises_code("day_out_of_range", to_gregorian, "showa", 31, 4, 0)["max_day"] == 30


def test_month_and_year_out_of_range():
    assert raises_code("month_out_of_range", to_gregorian, "showa", 31, 13, 1) == {"month": 13}
    assert raises_code("month_out_of_range", to_gregorian, "showa", 31, 0, 1) == {"month": 0}
    assert raises_code("year_out_of_range", to_gregorian, "heisei", 32, 1, 1) == {
        "era": "heisei", "min_year": 1, "max_year": 31}
    assert raises_code("year_out_of_range", to_gregorian, "showa", 65, 1, 1)["max_year"] == 64
    assert raises_code("year_out_of_range", to_gregorian, "showa", 0, 1, 1)["min_year"] == 1
    assert raises_code("year_out_of_range", to_gregorian, "seireki", 0, 1, 1)["min_year"] == 1
    # Beyond what datetime can hold: an error code, not a crash.
    raises_code("year_out_of_range", to_gregorian, "reiwa", 99999, 1, 1)


def test_validation_order():
    # Year is checked before month, month before day, day before the era boundary.
    raises_code("year_out_of_range", to_gregorian, "heisei", 32, 13, 40)
    raises_code("month_out_of_range", to_gregorian, "heisei", 31, 13, 40)
    raises_code("day_out_of_range", to_gregorian, "heisei", 31, 6, 31)
    raises_code("unknown_era", to_gregorian, "edo", 0, 0, 0)


# --- typed and pasted input -----------------------------------------------------------

def test_normalize_digits():
    assert normalize_digits("１９５６") == "1956"
    assert normalize_digits("　昭和３１年　４月 １日\t") == "昭和31年4月1日"
    assert normalize_digits("Ｓ３１．４／１") == "S31.4/1"


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


def test_parse_birth_date_errors():
    assert raises_code("required", parse_birth_date, "showa", "", "", "") == {}
    assert raises_code("required", parse_birth_date, "showa", " ", "　", "") == {}
    assert raises_code("required", parse_birth_date, "showa", "31", "", "1") == {"field": "month"}
    assert raises_code("required", parse_birth_date, "showa", "31", "4", "") == {"field": "day"}
    assert raises_code("required", parse_birth_date, "showa", "", "4", "1") == {"field": "year"}
    assert raises_code("required", parse_birth_date, None, "31", "4", "1") == {"field": "era"}
    assert raises_code("not_a_number", parse_birth_date, "showa", "x", "4", "1") == {"field": "year"}
    assert raises_code("not_a_number", parse_birth_date, "showa", "31", "四", "1") == {"field": "month"}
    assert raises_code("unparseable", parse_birth_date, "showa", "garbage-text", "", "")["text"] == "garbage-text"
    assert raises_code("unknown_era", parse_birth_date, "edo", "3", "4", "1") == {"era": "edo"}
    # Range and boundary errors come through from to_gregorian.
    assert raises_code("after_era_end", parse_birth_date, "heisei", "31", "5", "1")["era"] == "heisei"
    assert raises_code("before_era_start", parse_birth_date, None, "令和元年4月30日", "", "")["era"] == "reiwa"
    assert raises_code("day_out_of_range", parse_birth_date, "showa", "31", "2", "30")["max_day"] == 29


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


def test_read_birth_date_only_in_the_calendars_offered():
    offered = partial(read_birth_date, eras=ERA_KEYS_FOR_INPUT)
    only_showa = partial(read_birth_date, eras=("showa",))
    assert raises_code("era_not_offered", offered, "showa", "明治45年7月1日", "", "") == {"era": "meiji"}
    # before the range check (Meiji ended on 29 July)
    assert raises_code("era_not_offered", offered, None, "M45.7.30", "", "") == {"era": "meiji"}
    assert raises_code("era_not_offered", offered, "meiji", "45", "7", "1") == {"era": "meiji"}
    assert raises_code("era_not_offered", only_showa, None, "1956/4/1", "", "") == {"era": "seireki"}
    # Not an era at all: still unknown_era; a missing part still comes first.
    assert raises_code("unknown_era", offered, "edo", "3", "4", "1") == {"era": "edo"}
    assert raises_code("required", offered, "meiji", "45", "", "1") == {"field": "month"}
    assert offered("taisho", "元", "7", "30") == (date(1912, 7, 30), "taisho")
