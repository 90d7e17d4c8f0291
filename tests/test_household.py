"""Household mode on the pages (issue 10, item 1): several people through the same question
pages, the overview (change, remove, add), the household result per city and language, the
limit, the cookie size and a tampered household in the cookie.

The app's AS_OF is 2025-08-01 (tests/conftest.py). Expected dates are worked out from
docs/rules.md: the 2025 cycle ends 2026-07-31; Shiroishi's 2025 papers start 2025-10-01 (its
override); someone born 1956-03-15 reaches 70 on 2026-03-14, so the cost share starts
2026-04-01 and the first paper ends 2026-03-31. Mail facts are the seeds' own: Yamagata
「個人毎にお送りします」 (notices only); Shiroishi 「世帯主あてに郵送します」, 普通郵便 / 簡易書留
「玄関先で手渡し」「不在票」, and for a mixed household 「別々に郵送します…届く日にちが異なる」.
"""
from __future__ import annotations

import re

import pytest

from tests.conftest import walk_household
from tests.corpus import CITIES
from webapp.household import LIMIT
from webapp.web.household_store import FIELDS
from webapp.web.session import app_keys, encode

BOTH = pytest.mark.parametrize("city", CITIES)
EXPIRED = "Your answers have expired"

# Every question asked (a registered card, restricted view answered "no"): the largest answers.
HOLDER = dict(birth_date="1980-05-10", my_number_card="held", insurance_registration="registered",
              restricted_view="no", care_need="no", employer_insurance="yes",
              wants_deregistration="no")
# No card: a certificate for the whole cycle (docs/rules.md "Who receives what" 2).
NO_CARD = dict(birth_date="1990-01-20", my_number_card="none", employer_insurance="yes")
# No card and turning 70 in the cycle: two certificates, split at the cost share.
NO_CARD_70 = dict(birth_date="1956-03-15", my_number_card="none", employer_insurance="no")
PAPERS_FROM = {"yamagata": "1 August 2025", "shiroishi": "1 October 2025"}


def text_of(page) -> str:
    return page.find("main").text


def start_household(client, city):
    response = client.post(f"/{city}/household/start")
    assert response.status_code == 302
    return response


def english(client, lang="en"):
    client.set_cookie("lang", lang)
    return client


# --- the way in ---------------------------------------------------------------------------

@BOTH
def test_the_start_page_offers_household_mode_in_both_languages(client, html, city):
    page = html(client.get(f"/{city}/"))
    forms = [f.attrs["action"] for f in page.find_all("form")]
    assert f"/{city}/household/start" in forms
    assert "Answer for several people in your household" in text_of(page)
    client.set_cookie("lang", "ja")
    assert "世帯の複数の方についてまとめて調べる" in client.get(f"/{city}/").get_data(as_text=True)


@BOTH
def test_each_page_says_whose_answers_they_are(client, html, walk, post_answer, city):
    start_household(client, city)
    page = html(client.get(f"/{city}/q/birth_date"))
    assert page.find("p", class_="person-caption").text == "Person 1"  # no birth date yet
    post_answer(client, city, "birth_date", HOLDER["birth_date"])
    page = html(client.get(f"/{city}/q/my_number_card"))
    assert page.find("p", class_="person-caption").text == "Person 1 (born 1980)"
    walk(client, city, HOLDER, start=False)
    check = html(client.get(f"/{city}/check"))
    assert check.find("p", class_="person-caption").text == "Person 1 (born 1980)"
    buttons = {b.attrs.get("value"): b.text for b in check.find_all("button")}
    assert buttons["add"] == "Add another person"
    assert buttons["result"] == "See the household result"
    client.post(f"/{city}/household/save", data={"then": "add"})
    client.set_cookie("lang", "ja")
    page = html(client.get(f"/{city}/q/birth_date"))
    assert page.find("p", class_="person-caption").text == "2人目"
    post_answer(client, city, "birth_date", "1948-05-01")
    page = html(client.get(f"/{city}/q/birth_date"))  # the same page, once answered
    assert page.find("p", class_="person-caption").text == "2人目（昭和23年生まれ）"


def test_answers_given_for_one_person_become_person_1(client, walk, session_of, flow_app):
    walk(client, "yamagata", HOLDER)
    response = client.post("/yamagata/household/start")
    assert response.headers["Location"] == "/yamagata/check"
    client.post("/yamagata/household/save", data={"then": "overview"})
    data = session_of(flow_app, client)
    assert data["household"]["yamagata"]["people"][0][0] == HOLDER["birth_date"]
    assert data["household"]["yamagata"]["at"] is None


# --- the household result -----------------------------------------------------------------

def test_shiroishi_mixed_household_in_english(client, html, walk):
    walk_household(client, "shiroishi", [HOLDER, NO_CARD])
    response = client.get("/shiroishi/household/result")
    assert response.status_code == 200
    page = html(response)
    people = page.find_all("details", class_="person")
    assert [p.find("h2").text for p in people] == ["Person 1 (born 1980)", "Person 2 (born 1990)"]
    assert "Notice of insurance qualification" in people[0].text
    assert "From 1 October 2025; no expiry date" in people[0].text
    assert "Eligibility certificate" in people[1].text
    assert "From 1 October 2025 until 31 July 2026" in people[1].text

    mail = page.find("details", id="mail").text
    notices, certificates = mail.split("Eligibility certificates")
    assert "Sent to the head of your household, for Person 1." in notices
    assert "Ordinary mail" in notices
    assert "Sent to the head of your household, for Person 2." in certificates
    # The page's own words: 「簡易書留 玄関先で手渡しになります」, and what to do if you were
    # out; never the stronger "someone must be at home".
    assert "Simple registered mail, handed to you at the door." in certificates
    assert "someone must be at home" not in mail
    assert "missed-delivery slip" in certificates
    assert ("the notices and the certificates are mailed separately and may arrive on "
            "different days") in mail

    # One action for both, with both named, and its office (the page gives no phone).
    actions = page.find_all("div", class_="action")
    assert [a.parent.parent.find("h2").text for a in actions] == ["Leave National Health Insurance"]
    assert "For: Person 1, Person 2" in actions[0].text
    assert "Health Promotion Division (Health Center)" in actions[0].text
    sources = page.find("ul", class_="sources").find_all("li")
    assert len(sources) == len({s.text for s in sources})  # each once
    assert "Shiroishi City" in sources[0].text


def test_shiroishi_mixed_household_in_japanese(client, walk):
    walk_household(client, "shiroishi", [HOLDER, NO_CARD])
    client.set_cookie("lang", "ja")
    body = client.get("/shiroishi/household/result").get_data(as_text=True)
    # Each person headed with the birth year in the era (1980: 昭和55年; 1990-01-20: 平成2年).
    assert 'id="person-1-title">1人目（昭和55年生まれ）</h2>' in body
    assert 'id="person-2-title">2人目（平成2年生まれ）</h2>' in body
    assert "世帯に郵送されるもの" in body
    assert "世帯主あてに郵送されます（1人目の分）" in body
    assert "世帯主あてに郵送されます（2人目の分）" in body
    assert "簡易書留" in body and "不在票" in body
    assert "資格情報のお知らせと資格確認書は別々に郵送され、届く日が異なることがあります" in body
    assert body.count('id="action-leave_nhi-title">国民健康保険をやめる手続き</h2>') == 1
    assert "対象：1人目、2人目" in body
    assert "この案内のもと" in body


def test_shiroishi_without_a_mix_has_no_mixed_note(client, walk):
    walk_household(client, "shiroishi", [HOLDER, dict(HOLDER, birth_date="1985-02-01")])
    body = client.get("/shiroishi/household/result").get_data(as_text=True)
    assert "Sent to the head of your household, for Person 1, Person 2." in body
    assert "mailed separately" not in body


@pytest.mark.parametrize("lang, each, unsaid", [
    ("en", "Sent to each person separately: Person 1, Person 2.",
     "The city's guide does not say to whom it is sent."),
    ("ja", "お一人ずつ別々に送られます（1人目、2人目）。", "だれあてに送られるかは、市の案内には書かれていません。"),
])
def test_yamagata_sends_notices_to_each_person_and_does_not_say_about_certificates(
        client, html, walk, lang, each, unsaid):
    walk_household(client, "yamagata", [HOLDER, dict(HOLDER, birth_date="1985-02-01"), NO_CARD_70])
    client.set_cookie("lang", lang)
    page = html(client.get("/yamagata/household/result"))
    mail = page.find("details", id="mail").text
    assert each in mail
    assert unsaid in mail
    office = ("国民健康保険課（山形市役所）" if lang == "ja"
              else "National Health Insurance Division (Yamagata City Hall)")
    assert office in mail
    # Nothing borrowed from Shiroishi's page: not its householder, method or mixed mailing.
    for borrowed in ("世帯主", "簡易書留", "不在票", "別々に郵送", "head of your household",
                     "registered mail", "missed-delivery", "mailed separately"):
        assert borrowed not in mail
    person_3 = page.find("details", id="person-3").text
    if lang == "en":
        # The flyer says nothing of a certificate: no date, and no split at 70.
        assert "Eligibility certificate In use today The city's guide does not say until when" in person_3
        assert "From 1 April 2026 you use" not in person_3 and "Then a new one" not in mail
        # The cost share's date is the national rule's; whether a paper comes, not said.
        assert "From 1 April 2026 you pay a different share of medical costs" in person_3
        assert "does not say whether a new paper is sent then" in person_3
        actions = page.find_all("div", class_="action")
        assert [a.parent.parent.find("h2").text for a in actions] == ["Leave National Health Insurance"]
        assert "For: Person 1, Person 2" in actions[0].text  # not Person 3, who stays in NHI
        assert "Phone: 023-641-1212 extension 362" in actions[0].text


# Six kinds of people in one Shiroishi household (docs/rules.md "Who receives what").
SIX = [
    HOLDER,                                             # notice; leaves NHI
    NO_CARD,                                            # certificate; leaves NHI
    NO_CARD_70,                                         # a certificate; the cost share from 2026-04-01
    {"birth_date": "1949-07-01"},                       # 75 on 2024-07-01: the prefecture's scheme
    dict(HOLDER, birth_date="1960-12-31", care_need="yes", employer_insurance="no"),  # may apply
    {"birth_date": "1990-03-03", "my_number_card": "held", "insurance_registration": "not_registered",
     "employer_insurance": "no"},                       # certificate; may register the card
]


def test_six_people_in_shiroishi(client, html, walk):
    walk_household(client, "shiroishi", SIX)
    page = html(client.get("/shiroishi/household/result"))
    people = {p.attrs["id"]: p.text for p in page.find_all("details", class_="person")}
    assert list(people) == [f"person-{n}" for n in range(1, 7)]
    assert "From 1 October 2025; no expiry date" in people["person-1"]
    assert "From 1 October 2025 until 31 July 2026" in people["person-2"]
    assert "From 1 October 2025 until 31 July 2026" in people["person-3"]
    assert "31 March 2026" not in people["person-3"]  # the page does not split a certificate at 70
    assert "Miyagi Prefecture" in people["person-4"]
    assert "From 1 October 2025; no expiry date" in people["person-5"]
    assert "From 1 October 2025 until 31 July 2026" in people["person-6"]

    mail = page.find("details", id="mail").text
    assert "Sent to the head of your household, for Person 1, Person 5." in mail
    assert "Sent to the head of your household, for Person 2, Person 3, Person 6." in mail
    assert "mailed separately" in mail

    actions = {a.parent.parent.find("h2").text: a.text for a in page.find_all("div", class_="action")}
    assert list(actions) == ["Leave National Health Insurance", "Apply for an Eligibility certificate",
                             "Register your My Number card for health insurance (if you want to)"]
    assert "For: Person 1, Person 2 " in actions["Leave National Health Insurance"] + " "
    assert "For: Person 5 " in actions["Apply for an Eligibility certificate"] + " "
    assert "Photo ID" in actions["Apply for an Eligibility certificate"]  # 顔写真付きの本人確認書類
    assert "For: Person 6 " in actions["Register your My Number card for health insurance (if you want to)"] + " "
    contacts = page.find("details", id="contacts").find_all("strong")
    assert len(contacts) == len({c.text for c in contacts})  # each office once


@BOTH
def test_a_person_over_75_is_sent_to_the_prefecture(client, html, walk, city):
    # Born 1949-07-01: 75th birthday 2024-07-01, before 2025-08-01.
    walk_household(client, city, [HOLDER, {"birth_date": "1949-07-01"}])
    page = html(client.get(f"/{city}/household/result"))
    person_2 = page.find("details", id="person-2").text
    union = {"yamagata": "Yamagata Prefecture", "shiroishi": "Miyagi Prefecture"}[city]
    assert union in person_2
    mail = page.find("details", id="mail").text
    assert "Person 2" not in mail


# --- change, remove, add --------------------------------------------------------------------

def test_change_and_remove_from_the_overview(client, html, walk, post_answer, session_of, flow_app):
    first, second, third = HOLDER, NO_CARD, dict(NO_CARD_70)
    walk_household(client, "yamagata", [first, second, third], last="overview")
    page = html(client.get("/yamagata/household"))
    rows = page.find_all("div", class_="summary-row")
    assert [r.find("dt").text for r in rows] == ["Person 1 (born 1980)", "Person 2 (born 1990)",
                                                  "Person 3 (born 1956)"]
    assert "Born 20 January 1990" in rows[1].text

    response = client.post("/yamagata/household/person/2/remove")
    assert response.headers["Location"] == "/yamagata/household"
    rows = html(client.get("/yamagata/household")).find_all("div", class_="summary-row")
    assert [r.find("dt").text for r in rows] == ["Person 1 (born 1980)", "Person 2 (born 1956)"]
    assert "Born 15 March 1956" in rows[1].text  # the third moved up

    response = client.post("/yamagata/household/person/1/change")
    assert response.headers["Location"] == "/yamagata/check"
    check = html(client.get("/yamagata/check"))
    assert check.find("p", class_="person-caption").text == "Person 1 (born 1980)"
    post_answer(client, "yamagata", "employer_insurance", "no")
    client.post("/yamagata/household/save", data={"then": "overview"})
    data = session_of(flow_app, client)["household"]["yamagata"]
    assert data["at"] is None and len(data["people"]) == 2
    assert dict(zip(FIELDS, data["people"][0]))["employer_insurance"] == "no"
    body = client.get("/yamagata/household/result").get_data(as_text=True)
    assert "Leave National Health Insurance" not in body  # no one joins work insurance now


def test_an_unfinished_person_is_shown_and_can_be_continued(client, html, walk, post_answer):
    walk_household(client, "shiroishi", [HOLDER], last="add")
    post_answer(client, "shiroishi", "birth_date", "1970-06-06")
    page = html(client.get("/shiroishi/household"))
    assert "The answers for Person 2 (born 1970) are not finished or not saved yet." in text_of(page)
    links = [a.attrs["href"] for a in page.find_all("a", class_="standalone-link")]
    assert "/shiroishi/q/my_number_card" in links
    # "Add another person" goes on with the unfinished one instead of dropping it.
    assert client.post("/shiroishi/household/add").headers["Location"] == "/shiroishi/q/my_number_card"


@pytest.mark.parametrize("url", ["/yamagata/household/person/2/change",
                                 "/yamagata/household/person/0/remove",
                                 "/yamagata/household/person/9/remove"])
def test_no_such_person_is_not_found(client, walk, url):
    walk_household(client, "yamagata", [HOLDER], last="overview")  # Person 1 only
    assert client.post(url).status_code == 404


def test_household_pages_without_a_household_go_to_the_start(client):
    for url in ("/yamagata/household", "/yamagata/household/result"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"] == "/yamagata/"


def test_start_again_ends_the_household(client, walk, session_of, flow_app):
    walk_household(client, "yamagata", [HOLDER])
    client.post("/yamagata/restart", data={"confirm": "yes"})
    data = session_of(flow_app, client) or {}
    assert "yamagata" not in data.get("household", {})
    assert client.get("/yamagata/household").status_code == 302


# --- labels with the birth year (issue 17) --------------------------------------------------

# Born on each side of an era's change: the era in force on the day, 元年 for its first year.
ERA_EDGES = [("1926-12-24", "大正15年", "1926"), ("1926-12-25", "昭和元年", "1926"),
             ("1989-01-07", "昭和64年", "1989"), ("1989-01-08", "平成元年", "1989"),
             ("2019-04-30", "平成31年", "2019"), ("2019-05-01", "令和元年", "2019")]


@pytest.mark.parametrize("born, ja, en", ERA_EDGES)
def test_a_label_names_the_birth_year_in_the_era_of_the_day(app, born, ja, en):
    from datetime import date

    from flask_babel import force_locale

    from webapp.household import born_label
    with app.test_request_context("/"):
        with force_locale("ja"):
            assert born_label(2, born, "ja") == f"3人目（{ja}生まれ）"
            assert born_label(2, date.fromisoformat(born), "ja") == f"3人目（{ja}生まれ）"
            assert born_label(2, None, "ja") == "3人目"
        with force_locale("en"):
            assert born_label(0, born, "en") == f"Person 1 (born {en})"
            assert born_label(0, None, "en") == "Person 1"


@pytest.mark.parametrize("lang, labels", [
    ("ja", ["1人目（平成元年生まれ）", "2人目（昭和64年生まれ）", "3人目（令和元年生まれ）"]),
    ("en", ["Person 1 (born 1989)", "Person 2 (born 1989)", "Person 3 (born 2019)"]),
])
def test_the_household_pages_label_each_person_with_the_birth_year(client, html, walk, lang, labels):
    people = [dict(NO_CARD, birth_date="1989-01-08"), dict(NO_CARD, birth_date="1989-01-07"),
              dict(NO_CARD, birth_date="2019-05-01")]
    walk_household(client, "shiroishi", people, last="overview")
    client.set_cookie("lang", lang)
    page = html(client.get("/shiroishi/household"))
    assert [row.find("dt").text for row in page.find_all("div", class_="summary-row")] == labels
    # The hidden half of "Change" / "Remove" names the person the same way.
    hidden = [b.find("span", class_="visually-hidden").text for b in page.find_all("button", class_="link-button")]
    assert hidden == [label for label in labels for _ in ("change", "remove")]
    result = html(client.get("/shiroishi/household/result"))
    assert [p.find("h2").text for p in result.find_all("details", class_="person")] == labels
    # Changing Person 2: the question pages and the check page say whose answers they are.
    client.post("/shiroishi/household/person/2/change")
    for url in ("/shiroishi/q/my_number_card", "/shiroishi/check"):
        assert html(client.get(url)).find("p", class_="person-caption").text == labels[1]


def test_the_labels_put_no_birth_date_in_a_url_or_a_cookie_of_their_own(client, html, walk):
    walk_household(client, "yamagata", [HOLDER], last="overview")
    page = html(client.get("/yamagata/household"))
    for tag in page.find_all(["a", "form"]):
        assert "1980" not in (tag.attrs.get("href", "") + tag.attrs.get("action", ""))
    # Nothing is kept beside the encrypted answers: no cookie of its own.
    assert sorted(cookie.key for cookie in client._cookies.values()) == ["lang", "session"]


# --- start again: asked first for a household (issue 17) -------------------------------------

def restart_page(client, html, city="yamagata", **data):
    response = client.post(f"/{city}/restart", data=data)
    assert response.status_code == 200, response.headers.get("Location")
    return html(response)


@pytest.mark.parametrize("lang, title", [("en", "Delete the answers for all 3 people?"),
                                         ("ja", "3人分の回答をすべて削除しますか？")])
def test_start_again_asks_before_deleting_a_household(client, html, walk, session_of, flow_app, lang, title):
    walk_household(client, "yamagata", [HOLDER, NO_CARD, NO_CARD_70], last="overview")
    client.set_cookie("lang", lang)
    page = restart_page(client, html, back="/yamagata/household")
    assert [h.text for h in page.find_all("h1")] == [title]
    assert title in page.find("title").text
    (form,) = [f for f in page.find_all("form") if f.attrs["action"] == "/yamagata/restart"]
    assert form.attrs["method"] == "post"
    fields = {i.attrs["name"]: i.attrs.get("value") for i in form.find_all("input")}
    assert fields["confirm"] and fields["csrf_token"] is not None
    assert form.find("button", class_="button")  # the primary button
    cancel = [a for a in page.find_all("a", class_="standalone-link")]
    assert [a.attrs["href"] for a in cancel] == ["/yamagata/household"]
    assert all(script.attrs.get("src") for script in page.find_all("script"))  # no inline script
    # Nothing deleted yet: the household and its 3 people are all there.
    assert len(session_of(flow_app, client)["household"]["yamagata"]["people"]) == 3
    assert client.get("/yamagata/household").status_code == 200
    # Confirmed: deleted, and back to the start page.
    response = client.post("/yamagata/restart", data={"confirm": "yes"})
    assert response.status_code == 302 and response.headers["Location"] == "/yamagata/"
    assert "yamagata" not in (session_of(flow_app, client) or {}).get("household", {})


def test_start_again_counts_a_half_answered_person_and_names_a_single_one(client, html, walk, post_answer):
    walk_household(client, "shiroishi", [HOLDER], last="add")
    post_answer(client, "shiroishi", "birth_date", "1970-06-06")
    page = restart_page(client, html, "shiroishi", back="/shiroishi/q/my_number_card")
    assert page.find("h1").text == "Delete the answers for all 2 people?"
    assert page.find("a", class_="standalone-link").attrs["href"] == "/shiroishi/q/my_number_card"
    client.post("/shiroishi/household/person/2/remove")  # not saved yet: the answers go
    client.post("/shiroishi/household/person/1/remove")
    walk_household(client, "yamagata", [HOLDER], last="overview")
    client.set_cookie("lang", "ja")
    assert restart_page(client, html).find("h1").text == "1人目（昭和55年生まれ）の回答を削除しますか？"


@pytest.mark.parametrize("back", ["https://evil.example/", "//evil.example/x", "/shiroishi/household",
                                  "/yamagata/\\x", ""])
def test_the_way_back_stays_on_the_citys_pages(client, html, walk, back):
    walk_household(client, "yamagata", [HOLDER], last="overview")
    page = restart_page(client, html, back=back)
    assert page.find("a", class_="standalone-link").attrs["href"] == "/yamagata/household"


def test_one_persons_start_again_is_at_once(client, walk, session_of, flow_app):
    # One person's few answers: no question asked, as before (a household holds up to 8).
    walk(client, "yamagata", HOLDER)
    response = client.post("/yamagata/restart")
    assert response.status_code == 302 and response.headers["Location"] == "/yamagata/"
    assert not (session_of(flow_app, client) or {}).get("answers", {}).get("yamagata")


def test_every_start_again_form_says_where_it_was(client, html, walk):
    walk_household(client, "yamagata", [HOLDER], last="overview")
    for url in ("/yamagata/household", "/yamagata/household/result", "/yamagata/"):
        form = html(client.get(url)).find("form", class_="restart")
        assert form.find("input", name="back").attrs["value"] == url


def test_start_again_still_needs_its_csrf_token(make_app, html):
    app = make_app()  # CSRF on
    client = english(app.test_client())
    with client.session_transaction() as session:
        session["household"] = {"yamagata": {"people": [PERSON], "at": None}}
    for data in ({}, {"confirm": "yes"}):
        assert client.post("/yamagata/restart", data=data).status_code == 403
    token = html(client.get("/yamagata/household")).find("input", name="csrf_token").attrs["value"]
    page = html(client.post("/yamagata/restart", data={"csrf_token": token}))
    assert page.find("h1").text == "Delete the answers for Person 1 (born 1980)?"
    token = page.find("input", name="csrf_token").attrs["value"]
    response = client.post("/yamagata/restart", data={"csrf_token": token, "confirm": "yes"})
    assert response.status_code == 302 and client.get("/yamagata/household").status_code == 302


def test_birth_dates_never_appear_in_a_url(client, walk):
    locations = walk_household(client, "shiroishi", [HOLDER, NO_CARD, NO_CARD_70])
    for location in locations:
        assert not re.search(r"19[0-9]{2}", location), location


def test_the_form_needs_its_csrf_token(make_app):
    client = english(make_app().test_client())  # CSRF on
    response = client.post("/yamagata/household/start")
    assert response.status_code == 403
    assert "This page has expired" in response.get_data(as_text=True)


# --- the limit and the cookie ---------------------------------------------------------------

def many(count):
    """``count`` people with every question answered, born on different days."""
    return [dict(HOLDER, birth_date=f"19{50 + n}-1{n % 3}-2{n % 9}") for n in range(count)]


def test_the_limit_is_said_clearly_in_both_languages(client, html, walk):
    assert LIMIT >= 6
    walk_household(client, "yamagata", many(LIMIT - 1), last="add")
    walk(client, "yamagata", many(LIMIT)[-1], start=False)
    check = html(client.get("/yamagata/check"))
    assert "add" not in [b.attrs.get("value") for b in check.find_all("button")]
    assert f"A household can have up to {LIMIT} people here: this is the last one." in text_of(check)
    client.post("/yamagata/household/save", data={"then": "overview"})
    overview = html(client.get("/yamagata/household"))
    assert "/yamagata/household/add" not in [f.attrs["action"] for f in overview.find_all("form")]
    # One more, by a form from an older page: refused with a message, nothing lost.
    response = client.post("/yamagata/household/add")
    assert response.status_code == 200
    page = html(response)
    assert f"A household can have up to {LIMIT} people here. To answer for more people" in \
        page.find("div", class_="error-summary").text
    assert len(page.find_all("div", class_="summary-row")) == LIMIT
    client.set_cookie("lang", "ja")
    body = client.post("/yamagata/household/add").get_data(as_text=True)
    assert f"この案内では、1つの世帯で{LIMIT}人までご案内できます。" in body


def set_cookie_header(response, name="session") -> str:
    found = [value for value in response.headers.getlist("Set-Cookie") if value.startswith(f"{name}=")]
    assert found, response.headers
    return found[-1]


def test_the_most_people_in_both_cities_fit_in_one_cookie(client, walk):
    for city in CITIES:
        walk_household(client, city, many(LIMIT), last="overview")
        # The largest state: everyone kept, and the first person's answers open for a change.
        assert client.post(f"/{city}/household/person/1/change").status_code == 302
    # and the typing kept by a language switch, at its longest
    response = client.post("/yamagata/q/birth_date", data={
        "era": "seireki", "year": "Ｙ" * 24, "month": "Ｍ" * 10, "day": "Ｄ" * 10, "switch_language": "ja"})
    header = set_cookie_header(response)
    print("Set-Cookie bytes with", LIMIT, "people in both cities:", len(header))
    assert len(header.encode("ascii")) <= 4096, len(header)
    for city in CITIES:
        assert client.get(f"/{city}/household/result").status_code == 200


# --- a cookie no page writes ----------------------------------------------------------------

PERSON = [HOLDER.get(name, "seireki" if name == "birth_date_era" else None) for name in FIELDS]


def household(people=None, at=None, **extra):
    return {"household": {"yamagata": {"people": [PERSON] if people is None else people, "at": at, **extra}}}


BAD_HOUSEHOLDS = {
    "a list": {"household": ["yamagata"]},
    "unknown city": {"household": {"atlantis": {"people": [], "at": None}}},
    "a string": {"household": {"yamagata": "x"}},
    "extra key": household(names=["Taro"]),
    "no at": {"household": {"yamagata": {"people": []}}},
    "too many": household([PERSON] * (LIMIT + 1)),
    "at past the end": household(at=2),
    "at negative": household(at=-1),
    "at true": household(at=True),
    "at a string": household(at="0"),
    "person a dict": household([dict(HOLDER)]),
    "person too short": household([PERSON[:-1]]),
    "person bad date": household([["1980-02-30", *PERSON[1:]]]),
    "person no birth date": household([[None, *PERSON[1:]]]),
    "person unknown choice": household([[*PERSON[:2], "maybe", *PERSON[3:]]]),
    "person a number": household([[19800510, *PERSON[1:]]]),
}


@pytest.mark.parametrize("content", BAD_HOUSEHOLDS.values(), ids=BAD_HOUSEHOLDS.keys())
@pytest.mark.parametrize("where", ["", "household", "household/result", "check"])
def test_a_tampered_household_is_an_expired_session(flow_app, content, where):
    client = english(flow_app.test_client())
    client.set_cookie("session", encode(content, app_keys(flow_app)[0]))
    response = client.get(f"/yamagata/{where}")
    assert response.status_code == 200
    assert EXPIRED in response.get_data(as_text=True)
    assert client.get_cookie("session") is None


def test_what_the_household_pages_write_is_read_back(flow_app, walk, session_of):
    client = english(flow_app.test_client())
    walk_household(client, "shiroishi", [HOLDER, {**NO_CARD, "birth_date": {
        "era": "heisei", "year": "2", "month": "1", "day": "20"}}], last="add")
    data = session_of(flow_app, client)
    assert data["household"]["shiroishi"]["at"] == 2
    assert data["household"]["shiroishi"]["people"][1][:2] == ["1990-01-20", "heisei"]
    page = client.get("/shiroishi/household")
    assert page.status_code == 200 and EXPIRED not in page.get_data(as_text=True)
