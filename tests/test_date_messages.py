"""Each wrong birth date says exactly what is wrong, in the resident's language."""
from __future__ import annotations

import pytest

from webapp import create_app

CASES = [
    # (era, year, month, day), Japanese message, English message
    (("heisei", "31", "5", "1"), "平成は31年4月30日までです", "Heisei ended on 30 April 2019"),
    (("showa", "64", "1", "8"), "昭和は64年1月7日までです", "Showa ended on 7 January 1989"),
    (("reiwa", "1", "4", "30"), "令和は元年5月1日からです", "Reiwa began on 1 May 2019"),
    (("heisei", "1", "1", "7"), "平成は元年1月8日からです", "Heisei began on 8 January 1989"),
    (("showa", "31", "2", "30"), "1956年の2月は29日までです", "Month 2 has only 29 days in 1956"),
    (("seireki", "2023", "2", "29"), "2023年の2月は28日までです", "Month 2 has only 28 days in 2023"),
    (("heisei", "32", "1", "1"), "平成は1年（元年）から31年までです", "Heisei runs from year 1 to year 31"),
    (("showa", "31", "13", "1"), "月は1から12までの数字で入力してください", "Enter a month from 1 to 12"),
    (("showa", "三十一", "4", "1"), "年は数字で入力してください", "Enter the year in numbers"),
    (("showa", "", "", ""), "生年月日を入力してください", "Enter your date of birth"),
    (("showa", "31", "4", ""), "生年月日の日を入力してください", "Enter the day of your birth date"),
    (("seireki", "2030", "1", "1"), "生年月日に未来の日付は入力できません",
     "Your date of birth cannot be in the future"),
    (("seireki", "1899", "12", "31"), "生年月日は明治33年1月1日（1900年1月1日）以降の日付を入力してください",
     "Enter a date of birth on or after 1 January 1900"),
]


@pytest.fixture(scope="module")
def app():
    return create_app({"SECRET_KEY": "test", "AS_OF": "2026-01-15", "WTF_CSRF_ENABLED": False})


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("typed, ja, en", CASES)
def test_birth_date_error_in_each_language(app, lang, typed, ja, en):
    client = app.test_client()
    client.set_cookie("lang", lang)
    era, year, month, day = typed
    page = client.post("/yamagata/q/birth_date",
                       data={"era": era, "year": year, "month": month, "day": day})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in text
    assert (ja if lang == "ja" else en) in text
    assert (en if lang == "ja" else ja) not in text
    assert 'class="error-summary"' in text
