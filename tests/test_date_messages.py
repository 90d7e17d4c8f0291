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
    # Issue 27: a Western year under an era (昭和 preselected): which calendar to choose.
    (("showa", "1958", "4", "1"), "昭和は1年（元年）から64年までです。1958年生まれの方は「西暦」を選んでください",
     "Showa runs from year 1 to year 64. Born in 1958? Choose the Western calendar."),
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


# --- the calendar: only the ones offered, and never assumed ---------------------------------

BIRTH = "/yamagata/q/birth_date"
CHOOSE_CALENDAR = {"ja": "和暦（昭和・平成・令和・大正）か西暦かを選んでください",
                   "en": "Choose the calendar"}
MEIJI = {"ja": "明治の日付は西暦で入力してください", "en": "Enter a Meiji date in the Western calendar"}


def in_lang(app, lang):
    client = app.test_client()
    client.set_cookie("lang", lang)
    return client


def checked_eras(page) -> list[str]:
    return [i.attrs["value"] for i in page.find_all("input", name="era") if "checked" in i.attrs]


def box(page, name) -> str:
    return page.find("input", name=name).attrs.get("value", "")


def error_summary_links(page) -> list[tuple[str, str]]:
    return [(a.attrs["href"], a.text) for a in page.find(class_="error-summary").find_all("a")]


@pytest.fixture
def saved_answers(app, session_of):
    """saved_answers(client) -> Yamagata's answers in the client's cookie."""
    return lambda client: (session_of(app, client) or {}).get("answers", {}).get("yamagata", {})


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_first_page_has_showa_chosen(app, html, lang):
    page = html(in_lang(app, lang).get(BIRTH))
    assert checked_eras(page) == ["showa"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_form_sent_without_a_calendar_is_not_read_as_showa(app, saved_answers, html, lang):
    client = in_lang(app, lang)
    response = client.post(BIRTH, data={"year": "31", "month": "4", "day": "1"})
    assert response.status_code == 200
    page = html(response)
    assert error_summary_links(page) == [("#era-0", CHOOSE_CALENDAR[lang])]
    assert CHOOSE_CALENDAR[lang] in page.find(class_="error-message").text
    assert checked_eras(page) == []  # nothing chosen for them
    assert [box(page, name) for name in ("year", "month", "day")] == ["31", "4", "1"]
    assert "birth_date" not in saved_answers(client)
    assert client.get("/yamagata/q/my_number_card").headers["Location"] == BIRTH


@pytest.mark.parametrize("pasted, era, iso", [
    ("昭和31年4月1日", "showa", "1956-04-01"),
    ("Ｈ２．１．８", "heisei", "1990-01-08"),
    ("1956/4/1", "seireki", "1956-04-01"),
    ("19560401", "seireki", "1956-04-01"),
    ("大正元年7月30日", "taisho", "1912-07-30"),
])
def test_a_whole_pasted_date_needs_no_calendar(app, saved_answers, html, pasted, era, iso):
    client = in_lang(app, "en")
    response = client.post(BIRTH, data={"year": pasted, "month": "", "day": ""})
    assert response.status_code == 302, html(response).find(class_="error-summary").text
    saved = saved_answers(client)
    assert (saved["birth_date"], saved["birth_date_era"]) == (iso, era)  # in the calendar it was written in
    assert checked_eras(html(client.get(BIRTH))) == [era]


def test_the_pasted_calendar_is_saved_over_the_chosen_one(app, saved_answers, html):
    client = in_lang(app, "en")
    assert client.post(BIRTH, data={"era": "showa", "year": "1956/4/1"}).status_code == 302
    assert saved_answers(client)["birth_date_era"] == "seireki"
    page = html(client.get(BIRTH))
    assert checked_eras(page) == ["seireki"] and box(page, "year") == "1956"


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("data", [
    {"era": "showa", "year": "明治45年7月1日", "month": "", "day": ""},
    {"era": "seireki", "year": "明治45年7月1日", "month": "", "day": ""},
    {"year": "明治45年7月1日", "month": "", "day": ""},  # no calendar sent at all
    {"era": "taisho", "year": "M45.7.1", "month": "", "day": ""},
    {"era": "showa", "year": "明45-7-30", "month": "", "day": ""},  # after Meiji's end: same message
])
def test_a_pasted_meiji_date_is_asked_in_the_western_calendar(app, saved_answers, html, lang, data):
    client = in_lang(app, lang)
    response = client.post(BIRTH, data=data)
    assert response.status_code == 200
    page = html(response)
    assert error_summary_links(page) == [("#year", MEIJI[lang])]
    assert page.find("input", name="year").attrs.get("aria-invalid") == "true"
    assert box(page, "year") == data["year"]  # what they typed is kept
    assert checked_eras(page) == ([data["era"]] if "era" in data else [])
    assert "birth_date" not in saved_answers(client)


def test_a_meiji_date_in_the_western_calendar_is_taken(app, saved_answers):
    client = in_lang(app, "ja")
    response = client.post(BIRTH, data={"era": "seireki", "year": "1912", "month": "7", "day": "1"})
    assert response.status_code == 302
    assert saved_answers(client)["birth_date"] == "1912-07-01"


def test_meiji_chosen_by_a_changed_form_is_refused_as_before(app, html):
    client = in_lang(app, "en")
    page = html(client.post(BIRTH, data={"era": "meiji", "year": "45", "month": "7", "day": "1"}))
    assert error_summary_links(page) == [("#era-0", "Choose Showa, Heisei, Reiwa, Taisho or the Western calendar")]
