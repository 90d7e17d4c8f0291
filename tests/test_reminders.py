"""Calendar reminders (issue 10): GET /<city>/result.ics, parsed with icalendar.

Expected dates are worked out by hand from docs/rules.md (cost share from the 1st of the month
after the 70th-birthday month; NHI papers end the day before the 75th birthday; Shiroishi's
2025 year: old cards to 2025-09-30, papers from 2025-10-01), not read from the app.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from icalendar import Calendar

from webapp.present.model import Office
from webapp.questions import USUAL

# Complete answers start from the usual ones (questions.USUAL), so that a question added
# later (docs/adding.md) gets its usual answer here; those that matter are named.
NO_FLAGS = {"restricted_view": "no", "care_need": "no", "employer_insurance": "no",
            "wants_deregistration": "no"}
NO_CARD = {**USUAL, "my_number_card": "none", "employer_insurance": "no"}
REGISTERED = {**USUAL, "my_number_card": "held", "insurance_registration": "registered", **NO_FLAGS}
UNKNOWN = {**USUAL, "my_number_card": "held", "insurance_registration": "unknown", **NO_FLAGS}


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


def test_unknown_registration_names_each_case_in_one_event_a_day(resident):
    # Shiroishi, born 1980-05-10: if registered, a notice from 2025-10-01 without expiry; if
    # not, a certificate from 2025-10-01 to 2026-07-31; and the old card's last day. The
    # two papers' first day is one event naming both.
    response = download(resident("shiroishi", "1980-05-10", UNKNOWN), "shiroishi")
    got = events(response)
    assert [day for day, _ in got] == [date(2025, 9, 30), date(2025, 10, 1), date(2026, 7, 31)]
    assert got[1][1] == ("Your new Notice of insurance qualification applies from today (if your card is "
                         "registered), or your new Eligibility certificate applies from today (if your "
                         "card is not registered)")
    assert got[2][1] == "Last day of your Eligibility certificate (if your card is not registered)"
    both = str(Calendar.from_ical(response.data).walk("VEVENT")[1]["DESCRIPTION"]).splitlines()
    assert both[:2] == [
        "(if your card is registered) Shiroishi City National Health Insurance: from today, use the "
        "new Notice of insurance qualification.",
        "(if your card is not registered) Shiroishi City National Health Insurance: from today, use "
        "the new Eligibility certificate."]


def test_unknown_registration_in_japanese(resident):
    response = download(resident("shiroishi", "1980-05-10", UNKNOWN, lang="ja"), "shiroishi")
    summary = events(response)[1][1]
    assert summary == ("新しい「資格情報のお知らせ」を使い始める日（利用登録をしている場合）、"
                       "または新しい「資格確認書」を使い始める日（利用登録をしていない場合）")


@pytest.mark.parametrize("city, birth, answers, as_of", [
    ("shiroishi", "1980-05-10", UNKNOWN, "2025-08-01"),
    ("shiroishi", "1951-02-01", UNKNOWN, "2025-09-01"),   # 75 within the cycle
    ("shiroishi", "1956-03-15", UNKNOWN, "2025-08-01"),   # 70 within the cycle
    ("yamagata", "1956-03-15", UNKNOWN, "2025-08-01"),
    ("shiroishi", "1980-05-10", UNKNOWN, "2026-09-01"),   # a projected year
])
def test_never_two_events_on_one_day(resident, city, birth, answers, as_of):
    days = [day for day, _ in events(download(resident(city, birth, answers, as_of=as_of), city))]
    assert days and len(days) == len(set(days))


def view_of(app, city, birth, answers, as_of="2025-08-01", lang="en"):
    """The outcome view of one resident, as the pages build it."""
    from webapp import flow
    from webapp.present import answer
    data = app.extensions["loaded_data"]
    national, day = data.national, date.fromisoformat(as_of)
    return answer(flow.Route({"birth_date": birth, **answers}, day, national.ages).answers(), day,
                  data.cities[city], national, lang)


def test_the_same_thing_in_both_cases_is_said_once(app):
    # Both cases' papers made to read the same (a city whose table gives both one paper):
    # one event, said once, without either case.
    from flask_babel import force_locale

    from webapp.reminders import reminders
    with app.test_request_context("/"), force_locale("en"):
        view = view_of(app, "shiroishi", "1980-05-10", UNKNOWN)
        # Each case's day said in the same statements (as the certificate's are).
        def same_day(item):
            return item.kind.split(":")[0], item.day
        same = {same_day(item): item for item in reversed(view.dates)}
        view = replace(view, dates=tuple(replace(item, title=same[same_day(item)].title,
                                                 says=same[same_day(item)].says) for item in view.dates))
        found = reminders(view, app.extensions["loaded_data"].cities["shiroishi"], "en")
    first_day = [r for r in found if r.day == date(2025, 10, 1)]
    assert [r.summary for r in first_day] == ["Your new Notice of insurance qualification applies from today"]
    assert "if your card" not in first_day[0].description


ASK = {
    "yamagata": ["Ask: National Health Insurance Division (Yamagata City Hall)",
                 "Phone: 023-641-1212 extension 362"],
    # The page gives no phone: said in the result page's own words, no number made up.
    "shiroishi": ["Ask: Health Promotion Division (Health Center)",
                  "The city's guide gives no phone number for this office. See the city's website, "
                  "or ask at the office."],
}


@pytest.mark.parametrize("city, birth, answers", [
    ("yamagata", "1956-03-15", REGISTERED), ("yamagata", "1956-03-15", UNKNOWN),
    ("shiroishi", "1980-05-10", UNKNOWN), ("shiroishi", "1951-02-01", NO_CARD)])
def test_every_event_ends_with_whom_to_ask_and_their_phone(resident, city, birth, answers):
    calendar = Calendar.from_ical(download(resident(city, birth, answers), city).data)
    found = calendar.walk("VEVENT")
    assert found
    for event in found:
        assert str(event["DESCRIPTION"]).splitlines()[-2:] == ASK[city]


def test_whom_to_ask_in_japanese(resident):
    calendar = Calendar.from_ical(download(resident("yamagata", "1956-03-15", REGISTERED, lang="ja"),
                                           "yamagata").data)
    for event in calendar.walk("VEVENT"):
        assert str(event["DESCRIPTION"]).splitlines()[-2:] == [
            "お問い合わせ先：国民健康保険課（山形市役所）", "電話：023-641-1212内線362"]  # as the page writes it


def test_whom_to_ask_through_the_switchboard_or_the_city(app):
    # No city served has these: an office reached through the switchboard, and a city whose
    # guide names no office to ask (tests/cities has several).
    from flask_babel import force_locale

    from webapp.reminders import whom_to_ask
    office = Office(id="nhi", basis="city:mihon-page", name="Insurance Division",
                    label="Insurance Division (City Hall)", place="City Hall", phone=None, extension=None,
                    switchboard="000-000-1111", hours=(), menu=None, topics=())
    cities = app.extensions["loaded_data"].cities
    with app.test_request_context("/"), force_locale("en"):
        assert whom_to_ask([office], replace(cities["yamagata"], ask="nhi"), "en") == [
            "Ask: Insurance Division (City Hall)", "Phone: the city hall switchboard 000-000-1111"]
        assert whom_to_ask([office], replace(cities["yamagata"], ask=None), "en") == [
            "Ask: the city (Yamagata City)"]
        # A town's: its own words for the same (柴田町, whose page names no office).
        town = replace(cities["yamagata"], ask=None, name={"ja": "柴田町", "en": "Shibata Town"})
        assert whom_to_ask([office], town, "en") == ["Ask: the town (Shibata Town)"]
        assert whom_to_ask([office], replace(town, ask="nhi"), "en")[1] == \
            "Phone: the town hall switchboard 000-000-1111"


def test_a_projected_date_says_so_in_its_event(resident):
    # The 2026 cycle is projected: each of its paper events says so, before anything else.
    response = download(resident("shiroishi", "1980-05-10", NO_CARD, as_of="2026-09-01"), "shiroishi")
    calendar = Calendar.from_ical(response.data)
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].dt == date(2027, 7, 31)
    assert str(event["DESCRIPTION"]).startswith("The city's guide of 7 August 2025 describes the papers up to")


def test_every_event_is_all_day_with_a_reminder_three_weeks_before(resident):
    """Each event is a day; its reminder rings three weeks before, at 09:00 in Japan (issue 27:
    at midnight), written in UTC as an absolute trigger must be."""
    from zoneinfo import ZoneInfo
    response = download(resident("shiroishi", "1951-02-01", NO_CARD, as_of="2025-09-01"), "shiroishi")
    calendar = Calendar.from_ical(response.data)
    assert str(calendar["PRODID"]) and str(calendar["VERSION"]) == "2.0"
    for event in calendar.walk("VEVENT"):
        start = event["DTSTART"].dt
        assert type(start) is date  # a date, not a datetime: all day
        assert event["DTEND"].dt == start + timedelta(days=1)
        (alarm,) = event.walk("VALARM")
        ring = alarm["TRIGGER"].dt
        assert ring.utcoffset() == timedelta(0) and "TRIGGER;VALUE=DATE-TIME:" in alarm.to_ical().decode()
        in_japan = ring.astimezone(ZoneInfo("Asia/Tokyo"))
        assert (in_japan.date(), in_japan.hour, in_japan.minute) == (start - timedelta(days=21), 9, 0)
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
    # DTSTAMP is when the file was made (RFC 5545), not a resident's: at 19:51 UTC it held
    # "T1951…", and the test failed that minute of the day.
    unfolded = "\n".join(line for line in unfolded.splitlines() if not line.startswith("DTSTAMP:"))
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


# --- a household's calendar file (issue 17) ---------------------------------------------------

@pytest.fixture
def household(make_app):
    """household(city, [(birth, answers)…], as_of=…, lang=…) -> a client whose cookie holds a
    household of those people, every answer confirmed."""
    from webapp.web.household_store import pack

    def make(city, people, as_of="2025-08-01", lang="en"):
        client = make_app(AS_OF=as_of, WTF_CSRF_ENABLED=False).test_client()
        client.set_cookie("lang", lang)
        with client.session_transaction() as session:
            session["household"] = {city: {"people": [
                pack({"birth_date": birth, "birth_date_era": "seireki", **answers}) for birth, answers in people],
                "at": None}}
        return client
    return make


# Shiroishi, 1 September 2025: Person 1 (born 1951-02-01, no card) turns 75 on 2026-02-01;
# Person 2 (born 1980-05-10) does not know whether the card is registered.
TWO = [("1951-02-01", NO_CARD), ("1980-05-10", UNKNOWN)]


def household_events(response):
    calendar = Calendar.from_ical(response.data)
    return [(str(event["SUMMARY"]), event["DTSTART"].dt, str(event["DESCRIPTION"]), str(event["UID"]))
            for event in calendar.walk("VEVENT")]


def test_the_household_file_has_everyone_each_event_saying_whom(household):
    client = household("shiroishi", TWO, as_of="2025-09-01")
    response = client.get("/shiroishi/household/result.ics")
    assert response.status_code == 200
    assert response.data.count(b"BEGIN:VCALENDAR") == 1
    found = household_events(response)
    first = [(day, summary) for summary, day, *_ in found if summary.startswith("Person 1 (born 1951): ")]
    second = [(day, summary) for summary, day, *_ in found if summary.startswith("Person 2 (born 1980): ")]
    assert len(first) + len(second) == len(found)
    # Each person's own dates, as their single file has them (test_shiroishi_2025_turning_75 and
    # test_unknown_registration_names_each_case_in_one_event_a_day).
    assert [day for day, _ in first] == [date(2025, 9, 30), date(2025, 10, 1), date(2026, 1, 31), date(2026, 2, 1)]
    assert [day for day, _ in second] == [date(2025, 9, 30), date(2025, 10, 1), date(2026, 7, 31)]
    assert "or your new Eligibility certificate" in second[1][1]
    # Never two events for one person on one day; two people's same day are two events.
    for person in (first, second):
        assert len({day for day, _ in person}) == len(person)
    assert len({uid for *_, uid in found}) == len(found)
    for summary, _day, description, _uid in found:
        assert description.splitlines()[-2:] == ASK["shiroishi"], summary


def test_the_household_file_in_japanese(household):
    client = household("yamagata", [("1948-05-01", {}), ("1956-03-15", REGISTERED), ("1989-01-08", NO_CARD)],
                       lang="ja")
    found = household_events(client.get("/yamagata/household/result.ics"))
    # Born 1948: 75 or over, nothing of National Health Insurance ahead; Person 2's notice;
    # Person 3 (平成元年) has a certificate the flyer gives no date for, nothing ahead either.
    assert {summary.split("：")[0] for summary, *_ in found} == {"2人目（昭和31年生まれ）"}
    assert [summary for summary, *_ in found][0] == "2人目（昭和31年生まれ）：「資格情報のお知らせ」の有効期限の日"
    for _summary, _day, description, _uid in found:
        assert description.endswith("お問い合わせ先：国民健康保険課（山形市役所）\n電話：023-641-1212内線362")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_household_file_holds_the_birth_year_only(household, lang):
    client = household("shiroishi", TWO, as_of="2025-09-01", lang=lang)
    unfolded = client.get("/shiroishi/household/result.ics").data.decode("utf-8").replace("\r\n ", "")
    for form in ("1951-02-01", "19510201", "1951/02/01", "昭和26年2月1日", "1 February 1951",
                 "1980-05-10", "19800510", "昭和55年5月10日", "10 May 1980"):
        assert form not in unfolded, form
    assert ("昭和26年生まれ" if lang == "ja" else "(born 1951)") in unfolded


def test_the_household_file_is_served_as_the_single_one(household, resident):
    single = download(resident("shiroishi", "1980-05-10", UNKNOWN), "shiroishi")
    response = household("shiroishi", TWO).get("/shiroishi/household/result.ics")
    for name in ("Content-Type", "Cache-Control"):
        assert response.headers[name] == single.headers[name]
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=") and disposition.endswith(".ics")
    assert "1951" not in disposition and "1980" not in disposition


def test_the_household_result_links_the_file(household, html):
    page = html(household("shiroishi", TWO).get("/shiroishi/household/result"))
    links = [a for a in page.find_all("a") if a.text == "Add to your calendar"]
    assert [a.attrs["href"] for a in links] == ["/shiroishi/household/result.ics"]
    ja = household("shiroishi", TWO, lang="ja").get("/shiroishi/household/result").get_data(as_text=True)
    assert "カレンダーに追加" in ja


def test_no_household_file_with_nothing_ahead_or_answers_missing(household, make_app):
    client = household("yamagata", [("1940-01-01", {})])  # 75 or over: nothing of NHI ahead
    assert "result.ics" not in client.get("/yamagata/household/result").get_data(as_text=True)
    response = client.get("/yamagata/household/result.ics")
    assert response.status_code == 302 and response.headers["Location"] == "/yamagata/household/result"
    missing = household("yamagata", [("1956-03-15", {"my_number_card": "held"})])
    response = missing.get("/yamagata/household/result.ics")
    assert response.status_code == 302 and response.headers["Location"] == "/yamagata/household"
    response = make_app().test_client().get("/yamagata/household/result.ics")
    assert response.status_code == 302 and response.headers["Location"] == "/yamagata/"
