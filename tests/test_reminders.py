"""Calendar reminders (issue 10): GET /<city>/result.ics, parsed with icalendar.

Expected dates are worked out by hand from RULES.md (cost share from the 1st of the month
after the 70th-birthday month; NHI papers end the day before the 75th birthday; Shiroishi's
2025 year: old cards to 2025-09-30, papers from 2025-10-01), not read from the app.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from icalendar import Calendar

NO_FLAGS = {"restricted_view": "no", "care_need": "no", "employer_insurance": "no",
            "wants_deregistration": "no"}
NO_CARD = {"my_number_card": "none", "employer_insurance": "no"}
REGISTERED = {"my_number_card": "held", "insurance_registration": "registered", **NO_FLAGS}
UNKNOWN = {"my_number_card": "held", "insurance_registration": "unknown", **NO_FLAGS}


@pytest.fixture
def resident(make_app):
    """resident(city, birth, answers, as_of=…, lang=…) -> a client whose cookie holds them."""
    def make(city, birth, answers, as_of="2025-08-01", lang="en"):
        client = make_app(AS_OF=as_of, WTF_CSRF_ENABLED=False).test_client()
        client.set_cookie("lang", lang)
        with client.session_transaction() as session:
            session["answers"] = {city: {"birth_date": birth, **answers}}
        return client
    return make


def download(client, city):
    response = client.get(f"/{city}/result.ics")
    assert response.status_code == 200, response.headers.get("Location")
    return response


def events(response):
    calendar = Calendar.from_ical(response.data)
    return [(event["DTSTART"].dt, str(event["SUMMARY"])) for event in calendar.walk("VEVENT")]


def test_shiroishi_2025_turning_75(resident):
    # Born 1951-02-01: 75 on 2026-02-01, so the certificate runs 2025-10-01 … 2026-01-31.
    response = download(resident("shiroishi", "1951-02-01", NO_CARD, as_of="2025-09-01"), "shiroishi")
    got = events(response)
    assert [day for day, _ in got] == [date(2025, 9, 30), date(2025, 10, 1), date(2026, 1, 31),
                                       date(2026, 2, 1)]
    summaries = [summary for _, summary in got]
    assert "old health insurance card" in summaries[0]
    assert "Eligibility certificate applies from today" in summaries[1]
    assert "Last day of your Eligibility certificate" in summaries[2]
    assert "aged 75 and over" in summaries[3]


def test_yamagata_notice_and_cost_share(resident):
    # Born 1956-03-15: cost share from 2026-04-01, so the first notice ends 2026-03-31 and a
    # notice showing the cost share follows; 75 only in 2031, beyond the horizon.
    response = download(resident("yamagata", "1956-03-15", REGISTERED), "yamagata")
    assert events(response) == [
        (date(2026, 3, 31), "Last day of your Notice of insurance qualification"),
        (date(2026, 4, 1), "Your new Notice of insurance qualification applies from today"),
        (date(2026, 7, 31), "Last day of your Notice of insurance qualification"),
    ]
    description = str(Calendar.from_ical(response.data).walk("VEVENT")[1]["DESCRIPTION"])
    assert "share of medical costs" in description and "Yamagata City" in description


def test_cost_share_alone_when_no_paper_starts_that_day(resident):
    # Born 1957-01-20: 70 on 2027-01-19, cost share from 2027-02-01, after this cycle; the
    # notice has no expiry, so that month is the only date ahead.
    response = download(resident("yamagata", "1957-01-20", REGISTERED), "yamagata")
    assert [(day, "share of medical costs" in summary) for day, summary in events(response)] == [
        (date(2027, 2, 1), True)]


def test_unknown_registration_names_each_case(resident):
    # Shiroishi, born 1980-05-10: if registered, a notice from 2025-10-01 without expiry; if
    # not, a certificate from 2025-10-01 to 2026-07-31; and the old card's last day.
    response = download(resident("shiroishi", "1980-05-10", UNKNOWN), "shiroishi")
    got = events(response)
    assert sum("(if your card is registered)" in s for _, s in got) == 1
    assert sum("(if your card is not registered)" in s for _, s in got) == 2
    assert len(got) == 4


def test_a_projected_date_says_so_in_its_event(resident):
    # The 2026 cycle is projected: each of its paper events says so, before anything else.
    response = download(resident("shiroishi", "1980-05-10", NO_CARD, as_of="2026-09-01"), "shiroishi")
    calendar = Calendar.from_ical(response.data)
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].dt == date(2027, 7, 31)
    assert str(event["DESCRIPTION"]).startswith("The city's guide of 7 August 2025 describes the papers up to")


def test_every_event_is_all_day_with_a_reminder_three_weeks_before(resident):
    response = download(resident("shiroishi", "1951-02-01", NO_CARD, as_of="2025-09-01"), "shiroishi")
    calendar = Calendar.from_ical(response.data)
    assert str(calendar["PRODID"]) and str(calendar["VERSION"]) == "2.0"
    for event in calendar.walk("VEVENT"):
        start = event["DTSTART"].dt
        assert type(start) is date  # a date, not a datetime: all day
        assert event["DTEND"].dt == start + timedelta(days=1)
        (alarm,) = event.walk("VALARM")
        assert alarm["TRIGGER"].dt == timedelta(days=-21)
        assert str(alarm["ACTION"]) == "DISPLAY" and str(alarm["DESCRIPTION"])


@pytest.mark.parametrize("city, birth, answers, as_of, forms", [
    ("shiroishi", "1951-02-01", NO_CARD, "2025-09-01",
     ["1951-02-01", "19510201", "1951/02/01", "昭和26年2月1日", "1 February 1951", "1951"]),
    ("yamagata", "1956-03-15", UNKNOWN, "2025-08-01",
     ["1956-03-15", "19560315", "1956/03/15", "昭和31年3月15日", "15 March 1956", "1956"]),
])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_birth_date_or_answers_in_the_file(resident, city, birth, answers, as_of, forms, lang):
    response = download(resident(city, birth, answers, as_of=as_of, lang=lang), city)
    text = response.data.decode("utf-8")
    unfolded = text.replace("\r\n ", "")  # folded lines must not hide a date either
    for form in forms:
        assert form not in unfolded, form
    for answer in ("registered", "unknown", "none", "held"):
        assert answer not in unfolded.lower().replace("if your card is registered", "") \
            .replace("if your card is not registered", ""), answer


def test_headers(resident):
    response = download(resident("yamagata", "1956-03-15", REGISTERED), "yamagata")
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=") and disposition.endswith(".ics")
    assert "1956" not in disposition
    assert response.headers["Cache-Control"] == "no-store"


def test_japanese_text(resident):
    response = download(resident("yamagata", "1956-03-15", REGISTERED, lang="ja"), "yamagata")
    summaries = [summary for _, summary in events(response)]
    assert summaries[0] == "「資格情報のお知らせ」の有効期限の日"
    calendar = Calendar.from_ical(response.data)
    assert "山形市" in str(calendar.walk("VEVENT")[0]["DESCRIPTION"])
    alarm = calendar.walk("VEVENT")[0].walk("VALARM")[0]
    assert "令和8年3月31日" in str(alarm["DESCRIPTION"])


def uids(response):
    return {event["DTSTART"].dt: str(event["UID"])
            for event in Calendar.from_ical(response.data).walk("VEVENT")}


def test_uids_are_stable_and_not_of_the_person(resident):
    first = uids(download(resident("shiroishi", "1980-05-10", NO_CARD), "shiroishi"))
    again = uids(download(resident("shiroishi", "1980-05-10", NO_CARD), "shiroishi"))
    other_person = uids(download(resident("shiroishi", "1985-01-02", NO_CARD), "shiroishi"))
    other_city = uids(download(resident("yamagata", "1953-06-20", REGISTERED), "yamagata"))
    last_day = date(2026, 7, 31)  # a paper ends with the cycle, whoever holds it
    assert first == again
    assert first[last_day] == other_person[last_day]
    assert first[last_day] != other_city[last_day]


def test_result_page_links_the_file_without_personal_data(resident, html):
    page = html(resident("yamagata", "1956-03-15", REGISTERED).get("/yamagata/result"))
    links = [a for a in page.find_all("a") if "calendar" in a.text]
    assert [a.attrs["href"] for a in links] == ["/yamagata/result.ics"]
    ja = resident("yamagata", "1956-03-15", REGISTERED, lang="ja").get("/yamagata/result")
    assert "カレンダーに追加" in ja.get_data(as_text=True)


def test_no_link_and_no_file_with_nothing_ahead(resident):
    # 75 or over: the prefecture's union sends the papers; no NHI dates to remind of.
    client = resident("yamagata", "1940-01-01", {})
    assert "result.ics" not in client.get("/yamagata/result").get_data(as_text=True)
    response = client.get("/yamagata/result.ics")
    assert response.status_code == 302 and response.headers["Location"] == "/yamagata/result"


def test_incomplete_answers_go_back_to_the_questions(resident, make_app):
    client = resident("yamagata", "1956-03-15", {"my_number_card": "held"})
    response = client.get("/yamagata/result.ics")
    assert response.status_code == 302
    assert response.headers["Location"] == "/yamagata/q/insurance_registration"
    fresh = make_app().test_client().get("/yamagata/result.ics")
    assert fresh.status_code == 302 and fresh.headers["Location"] == "/yamagata/q/birth_date"
