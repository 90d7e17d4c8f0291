"""Every statement from the right city's document (issue 7), checked through the API and the
result page in both languages and both cities, over many situations and as-of days (the
trust corpus: tests/corpus.py).

Expected facts are read from the seeds (webapp/data/cities/), never from the data files:
- Shiroishi's page names no place to reset a PIN or replace a lost card; only Shiroishi's
  page says a lost card's certificate "is not renewed" and that a 要配慮者 applies once.
- Yamagata's flyer says nothing on how or when a certificate is mailed.
"""
from __future__ import annotations

import itertools
import re
from datetime import date

import pytest
from icalendar import Calendar

from tests.conftest import walk_wizard, without_day_spans
from tests.corpus import BIRTHS, CITIES, LANGS, SITUATIONS
from webapp import create_app
from webapp.citydata import CITIES_DIR, load_cities

AS_OF = ("2025-09-15", "2026-03-01", "2026-11-23")

# Statements only one city's document makes, in both languages (the ja and en of our text).
ONLY = {
    "shiroishi": [
        "有効期限以降は更新されません", "is not renewed after it expires",
        "次回の更新からは申請しなくても毎年郵送", "every year without applying again",
        "簡易書留", "Simple registered mail",
        "世帯主", "head of your household",
        "不在票", "missed-delivery slip",
        "9月30日", "30 September",
        "A4",
        "窓口のパソコン", "computer at the city office counter",
    ],
    "yamagata": [
        "市民サロン", "Citizens' Salon",
        "市民課", "Citizens Division",
        "内線", "extension",
        "023-641-1212",
        "一定の窓口負担", "set share of the cost",
        "国民健康保険ガイドブック", "guidebook",
        "お一人ずつ", "Sent to each person",
        "破棄", "destroy",
        "一緒に、大切に保管", "Keep the notice safe",
    ],
}
OTHER = {"yamagata": "shiroishi", "shiroishi": "yamagata"}
SEED_FOLDER = CITIES_DIR  # the cities' own texts sit beside their files
SEEDS = {"yamagata": (SEED_FOLDER / "yamagata-city-flyer.txt").read_text(encoding="utf-8"),
         "shiroishi": (SEED_FOLDER / "shiroishi-city-page.txt").read_text(encoding="utf-8")}


@pytest.fixture(scope="module")
def api():
    client = create_app({"SECRET_KEY": "test", "TESTING": True}).test_client()

    def post(city, **body):
        response = client.post(f"/api/v1/{city}/outcome", json=body)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()
    return post


def every_answer():
    for city, lang, as_of, (kind, situation), birth in itertools.product(
            CITIES, LANGS, AS_OF, SITUATIONS.items(), BIRTHS):
        yield city, lang, as_of, kind, dict(situation, birth_date=birth, as_of=as_of, lang=lang)


def flat(data) -> str:
    """Every text the answer carries, as one string."""
    if isinstance(data, dict):
        return " ".join(flat(v) for k, v in data.items() if k != "sources")
    if isinstance(data, list):
        return " ".join(flat(v) for v in data)
    return str(data) if isinstance(data, str) else ""


def test_the_other_citys_statements_never_appear(api):
    checked = 0
    for city, lang, as_of, kind, body in every_answer():
        text = flat(api(city, **body))
        for phrase in ONLY[OTHER[city]]:
            assert phrase not in text, (city, lang, as_of, kind, phrase)
        checked += 1
    assert checked == 2 * 2 * 3 * len(SITUATIONS) * len(BIRTHS)


def offices_named(data) -> set[str]:
    names = {action["office"]["name"] for action in data["actions"]}
    names |= {item["office"]["name"] for item in data["upkeep"]}
    return names | {office["name"] for office in data["contacts"]}


# The offices each city's document names (seeds), and the national free dial.
NAMED = {
    "yamagata": {"国民健康保険課", "市民課", "マイナンバーカード交付窓口", "山形県後期高齢者医療広域連合",
                 "マイナンバー総合フリーダイヤル"},
    "shiroishi": {"健康推進課", "宮城県後期高齢者医療広域連合", "マイナンバー総合フリーダイヤル"},
}


@pytest.mark.parametrize("city", CITIES)
def test_only_offices_the_citys_document_names(api, city):
    for kind, situation in SITUATIONS.items():
        for birth in BIRTHS:
            data = api(city, **situation, birth_date=birth, as_of="2026-11-23")
            assert offices_named(data) <= NAMED[city], (kind, birth, offices_named(data))


@pytest.mark.parametrize("lang", LANGS)
def test_shiroishi_does_not_send_pin_or_lost_card_to_the_free_dial(api, lang):
    data = api("shiroishi", my_number_card="lost", insurance_registration="registered",
               birth_date="1980-05-10", as_of="2026-11-23", lang=lang)
    replace = next(a for a in data["actions"] if a["id"] == "replace_card")
    renew, pin = data["upkeep"][:2]
    for item in (replace, renew, pin):
        # The PIN and the card's renewal: the page says nowhere; the resident is told so.
        assert item["office"]["name"] == {"ja": "健康推進課", "en": "Health Promotion Division"}[lang]
        assert item["unsaid"], item
    assert ("書かれていません" if lang == "ja" else "does not say") in replace["unsaid"]


@pytest.mark.parametrize("lang", LANGS)
def test_yamagata_sends_pin_to_the_card_counter_and_lost_card_to_citizens(api, lang):
    data = api("yamagata", my_number_card="lost", insurance_registration="registered",
               birth_date="1980-05-10", as_of="2026-11-23", lang=lang)
    replace = next(a for a in data["actions"] if a["id"] == "replace_card")
    assert replace["office"]["extension"] == "352" and replace["unsaid"] is None
    renew, pin = data["upkeep"][:2]
    for item in (renew, pin):
        assert item["office"]["name"] == {"ja": "マイナンバーカード交付窓口", "en": "My Number card counter"}[lang]
        assert item["unsaid"] is None


@pytest.mark.parametrize("city, expected", [("yamagata", ["ask_without_card", "replace_card"]),
                                            ("shiroishi", ["apply_certificate", "replace_card"])])
@pytest.mark.parametrize("lang", LANGS)
def test_lost_card_urgent_step_comes_first(api, city, expected, lang):
    data = api(city, my_number_card="lost", insurance_registration="registered",
               birth_date="1980-05-10", as_of="2026-11-23", lang=lang)
    assert [a["id"] for a in data["actions"]] == expected
    summary = data["summary"]
    # First what happens at a clinic (the card cannot be used), then the urgent step.
    assert ("使えません" if lang == "ja" else "cannot use") in summary[0]
    if city == "shiroishi":
        assert ("資格確認書" if lang == "ja" else "apply now") in summary[1]
    # Nobody is told to log in to Mynaportal with a card they lost.
    assert "マイナポータル" not in flat(data["actions"]) and "Mynaportal" not in flat(data["actions"])


@pytest.mark.parametrize("city", CITIES)
def test_lost_card_unknown_registration_is_not_sent_to_mynaportal(api, city):
    data = api(city, my_number_card="lost", insurance_registration="unknown",
               birth_date="1980-05-10", as_of="2026-11-23", lang="en")
    check = next(a for a in data["actions"] if a["id"] == "check_registration")
    assert "Mynaportal" not in flat(check)
    held = api(city, my_number_card="held", insurance_registration="unknown",
               birth_date="1980-05-10", as_of="2026-11-23", lang="en")
    check = next(a for a in held["actions"] if a["id"] == "check_registration")
    assert "Mynaportal" in flat(check)


def test_summary_never_tells_a_notice_holder_to_use_the_notice(api):
    for city, lang, _as_of, _kind, body in every_answer():
        data = api(city, **body)
        for line in data["summary"]:
            assert "Today you use" not in line and "use the Notice" not in line
            assert "お知らせを使" not in line and "お知らせで受診" not in line
        if any(d["current"] and d["type"] == "qualification_notice" and d["condition"] is None
               for d in data["documents"]) and body["my_number_card"] == "held":
            assert ("マイナ保険証" if lang == "ja" else "My Number health insurance card") in data["summary"][0]


def test_optional_registration_is_not_a_thing_to_do(api):
    data = api("shiroishi", my_number_card="held", insurance_registration="not_registered",
               birth_date="1980-05-10", as_of="2026-11-23", lang="en")
    (action,) = data["actions"]
    assert action["id"] == "register_card" and action["optional"] is True
    assert "You do not need to do anything." in data["summary"]


@pytest.mark.parametrize("city", CITIES)
@pytest.mark.parametrize("as_of, projected", [("2025-08-01", False), ("2026-07-31", False),
                                              ("2026-08-01", True), ("2026-11-23", True)])
def test_cycle_projected(api, city, as_of, projected):
    for lang in LANGS:
        data = api(city, my_number_card="none", birth_date="1980-05-10", as_of=as_of, lang=lang)
        assert data["cycle"]["projected"] is projected
        assert (data["text"]["projection"] is not None) is projected
        if projected:
            assert ("2026年7月31日" if lang == "ja" else "31 July 2026") in data["text"]["projection"]


def resident(make_app, walk, city: str, as_of: str, birth: str, **answers: str):
    """(a client holding the resident's answers, with English pages, and the API's answer to
    the same answers): the page and the API read side by side."""
    client = make_app(AS_OF=as_of, WTF_CSRF_ENABLED=False).test_client()
    client.set_cookie("lang", "en")
    walk(client, city, {"birth_date": birth, **answers})
    body = {"my_number_card": "held", "insurance_registration": "registered", **answers}
    api = client.post(f"/api/v1/{city}/outcome", json={"birth_date": birth, "as_of": as_of, "lang": "en", **body})
    assert api.status_code == 200, api.get_data(as_text=True)
    return client, api.get_json()


@pytest.mark.parametrize("as_of", ["2025-09-15", "2026-12-05"])
@pytest.mark.parametrize("city", CITIES)
def test_a_lost_card_is_told_neither_to_keep_using_the_notice_nor_of_a_certificate_the_city_does_not_give(
        make_app, walk, city, as_of):
    """Issue 25's findings: with the card lost, the answer card said 「お手元の「資格情報のお知らせ」を
    引き続きお使いください」 beside 「…使えません」 (both cities); and Yamagata's said 「資格確認書が
    届くまでの受診方法は…」, though its flyer gives a certificate for a care need only (Q2: a lost
    card is Shiroishi's reason). The page and the API, in both years."""
    client, api = resident(make_app, walk, city, as_of, "1970-07-07", my_number_card="lost")
    said = client.get(f"/{city}/result").get_data(as_text=True) + flat(api)
    assert "Notice of insurance qualification you already have" not in said
    actions = [action["id"] for action in api["actions"]]
    # A certificate is spoken of only where the city's own reasons give one for a lost card.
    assert "until the certificate comes" not in said or "apply_certificate" in actions
    assert {"apply_certificate", "ask_without_card"} & set(actions)


@pytest.mark.parametrize("city", CITIES)
def test_the_calendar_says_what_the_union_sends_only_in_the_citys_words(make_app, walk, city):
    """Issue 25's finding: the calendar's 75th-birthday event said 「…後期高齢者医療広域連合から
    送られます」 for Shiroishi, whose page says nothing of papers after 75. The event says what
    the page and the API say (its ``dates``): the national rule, then the city's own words on
    what the union sends (the API's ``late_elderly.papers``), or that its guide does not say,
    naming the office it names to ask (Shiroishi: 健康推進課), not the union it never names."""
    client = make_app(AS_OF="2026-01-15", WTF_CSRF_ENABLED=False).test_client()
    client.set_cookie("lang", "en")
    walk(client, city, {"birth_date": "1951-10-10"})  # 75 on 2026-10-10
    events = {str(event["SUMMARY"]): str(event["DESCRIPTION"]) for event in
              Calendar.from_ical(client.get(f"/{city}/result.ics").get_data()).walk("VEVENT")}
    said = events["You join the medical care system for people aged 75 and over"]
    answer = client.post(f"/api/v1/{city}/outcome", json={
        "birth_date": "1951-10-10", "as_of": "2026-01-15", "my_number_card": "held",
        "insurance_registration": "registered", "lang": "en"}).get_json()
    papers = answer["late_elderly"]["papers"]
    says = next(item["says"] for item in answer["dates"] if item["kind"] == "late_elderly_starts")
    assert "sends your papers" not in said
    assert said.split("\n")[:2] == says
    if papers:
        assert says[1] == papers
    else:
        assert "Prefecture" not in says[1] and "Health Promotion Division" in says[1], says


@pytest.mark.parametrize("card", ["none", "held"])
@pytest.mark.parametrize("city", CITIES)
def test_no_certificate_shows_the_cost_share_and_the_calendar_promises_no_paper_the_city_does_not(
        make_app, walk, city, card):
    """Issue 25's findings: 「記載内容 医療費の自己負担の割合」 on certificates, in neither
    document; and the calendar's 「負担割合を表示した新しい書類が送られます」 where the page for
    the same resident says the city's guide does not say whether a new paper is sent. Born
    1955-11-27: the cost share from 2025-12-01, within the documented cycle."""
    client, api = resident(make_app, walk, city, "2025-09-15", "1955-11-27", my_number_card=card)
    for paper in api["documents"]:
        assert not paper["shows_cost_share"] or paper["type"] == "qualification_notice", paper
    page = client.get(f"/{city}/result").get_data(as_text=True)
    assert ("<dt>Shows</dt>" in page) == any(paper["shows_cost_share"] for paper in api["documents"])
    events = [str(event["DESCRIPTION"]) for event in
              Calendar.from_ical(client.get(f"/{city}/result.ics").get_data()).walk("VEVENT")]
    assert events and not [text for text in events if "is sent to you" in text]
    showing = any(paper["shows_cost_share"] for paper in api["documents"])
    assert any("shows the share" in text for text in events) <= showing


@pytest.mark.parametrize("city", CITIES)
def test_when_to_show_the_notice_with_the_card_is_said_in_each_citys_own_words(make_app, walk, city):
    """Issue 25's finding: Yamagata's notices carried Shiroishi's 「機器の不具合などで…読み取れない
    とき」 instead of its own 「マイナ保険証を利用できない医療機関等では」. The national rule says
    only that the notice alone is not enough; when to show both is each city's clinic note, read
    from its file, and never another city's."""
    app = make_app(WTF_CSRF_ENABLED=False)
    client = app.test_client()
    client.set_cookie("lang", "ja")
    walk(client, city, {"birth_date": "1980-05-10"})
    page = client.get(f"/{city}/result").get_data(as_text=True)
    cities = app.extensions["loaded_data"].cities
    own = [note.text["ja"] for note in cities[city].clinic["qualification_notice"]]
    # Another city's words, unless this city's own document says them too (a short sentence
    # such as 「マイナ保険証で受診してください。」 may stand in several cities' pages).
    seed = "".join(SEEDS[city].split())
    others = [note.text["ja"] for other in cities.values() if other.id != city
              for note in other.clinic["qualification_notice"]
              if note.text["ja"] not in own and "".join(note.text["ja"].split()) not in seed]
    assert own and all(text in page for text in own)
    assert others and not [text for text in others if text in page]


# Each documented year a city gives a mailing of its own for (Shiroishi 2025: "9月末までに").
YEAR_MAILINGS = [(city.id, year) for city in load_cities().values() for year in city.calendar.documented
                 if city.rules.year(year).mailing_when]
assert ("shiroishi", 2025) in YEAR_MAILINGS  # the one whose row gives a yearly renewal too


@pytest.mark.parametrize("city, year", YEAR_MAILINGS)
def test_a_years_own_mailing_is_said_with_the_yearly_renewal(make_app, walk, city, year):
    """Issue 25's finding: Shiroishi's 2025 pages never said 「毎年更新し、7月中に郵送します」,
    only that year's 「9月末までに」. Both are the city's words: the page says both."""
    app = make_app(WTF_CSRF_ENABLED=False)
    found = app.extensions["loaded_data"].cities[city]
    client = app.test_client()
    client.set_cookie("lang", "en")
    app.config["AS_OF"] = found.calendar.cycle_of_year(year).start
    walk(client, city, {"birth_date": "1980-05-10", "my_number_card": "none"})
    page = without_day_spans(client.get(f"/{city}/result").get_data(as_text=True))
    row = next(row for row in found.rules.table.rows if row.paper == "eligibility_certificate")
    assert found.rules.year(year).mailing_when[0].text["en"] in page
    # The row's yearly renewal too, where the city's page gives one.
    assert row.mailing.when is None or row.mailing.when.text["en"] in page


@pytest.mark.parametrize("as_of", ["2025-09-15", "2026-12-05"])
@pytest.mark.parametrize("city", CITIES)
def test_a_paper_is_never_said_to_arrive_as_another_does_unless_its_lines_are_the_same(make_app, walk, city, as_of):
    """Issue 25's finding: Yamagata's certificate, of which the flyer says nothing, was said to
    arrive 「上の「資格情報のお知らせ」と同じです」 (the notice: to each person, the city's word).
    A city's silence names its paper, and "the same as above" stands only for the same lines."""
    client, api = resident(make_app, walk, city, as_of, "1980-05-10", insurance_registration="unknown")
    lines = [[line for line in (paper["mailing"][key] for key in ("when", "how", "recipient", "ask")) if line]
             for paper in api["documents"]]
    page = client.get(f"/{city}/result").get_data(as_text=True)
    if "The same as for the" in page:
        assert any(later == earlier for number, later in enumerate(lines) for earlier in lines[:number])
    for paper in api["documents"]:
        if paper["mailing"]["ask"]:
            assert paper["name"] in paper["mailing"]["ask"]


@pytest.mark.parametrize("city", CITIES)
def test_an_office_is_the_place_to_go_only_where_the_citys_words_name_it(api, city):
    """Issue 25's finding: for "leave NHI" and "apply", Yamagata's office was shown as the place
    to go, though the flyer names it only as the one to ask (「お問合せ先」). Where the cited
    words of a step do not name its office, the office is the one to ask (basis not_stated)."""
    data = api(city, birth_date="1985-11-03", as_of="2026-12-05", my_number_card="held",
               insurance_registration="registered", employer_insurance=True, care_need=True, lang="ja")
    steps = {action["id"]: action for action in data["actions"]}
    assert {"leave_nhi", "apply_certificate"} <= set(steps)
    for step in ("leave_nhi", "apply_certificate"):
        basis = steps[step]["basis"]["office"]
        if basis["kind"] == "city":
            assert steps[step]["office"]["name"] in "".join(basis["words"].split()), (step, basis)
        else:
            assert basis["kind"] == "not_stated" and steps[step]["office"] is not None, (step, basis)


@pytest.mark.parametrize("city", CITIES)
def test_the_old_card_is_said_once_in_the_citys_words_where_it_has_them(make_app, walk, city):
    """Issue 25's finding: Yamagata's page said the old card twice, the national rule and then
    the flyer's words. Where a city's document words a national fact, its page says it in
    those words, once; elsewhere the national rule is said."""
    app = make_app(WTF_CSRF_ENABLED=False)
    client = app.test_client()
    client.set_cookie("lang", "en")
    walk(client, city, {"birth_date": "1980-05-10"})
    page = client.get(f"/{city}/result").get_data(as_text=True)
    national = "Your old paper health insurance card cannot be used after its expiry date."
    own = app.extensions["loaded_data"].cities[city].old_card
    assert (national in page) is (own is None)
    assert own is None or page.count(own.text["en"]) == 1


@pytest.mark.parametrize("as_of, born, projected", [("2025-09-15", "1956-03-15", False),
                                                    ("2026-11-23", "1957-01-20", True)])
def test_a_projected_date_says_so_in_its_calendar_events_title(make_app, walk, as_of, born, projected):
    """Issue 25's finding: calendar events after 2026-08-01 were not marked 見込み in their
    titles (only in the text below). Yamagata documents 2025 only: its papers' dates in the
    next cycle are projected, each event's title says so; the documented year's do not."""
    client = make_app(AS_OF=as_of, WTF_CSRF_ENABLED=False).test_client()
    client.set_cookie("lang", "en")
    walk(client, "yamagata", {"birth_date": born})
    titles = [str(event["SUMMARY"]) for event in
              Calendar.from_ical(client.get("/yamagata/result.ics").get_data()).walk("VEVENT")]
    assert titles and all(("(projected)" in title) is projected for title in titles), titles


@pytest.mark.parametrize("city", CITIES)
def test_where_the_city_names_no_place_the_task_is_named_not_the_sections_title(client, html, walk, city):
    """Issue 25's finding: 「「マイナンバーカードには2つの有効期限があります」の窓口は…」, a section's
    title used as the subject of a sentence. The sentence names the task."""
    walk(client, city, {"birth_date": "1980-05-10"})
    page = html(client.get(f"/{city}/result"))
    titles = {node.text for node in page.find_all("h3")}
    named = re.findall(r"where to go for “([^”]*)”", page.find("main").text)
    assert not [task for task in named if task in titles], named


def test_a_kept_notice_keeps_no_expiry_when_70_comes_in_a_later_cycle(make_app, walk):
    """Issue 25's finding: Yamagata, turning 70 in the projected year, was shown
    「お手元のもの（令和9年1月31日まで）」 for a notice issued with no expiry ("ありません"). A
    paper keeps what was printed on it: on the page and in the calendar, no such day; the
    notice showing the cost share follows (Yamagata's word, its date projected), and when it
    is sent is not said ("有効期限が到来する頃" of a notice that has none)."""
    client = make_app(AS_OF="2026-11-23", WTF_CSRF_ENABLED=False).test_client()
    client.set_cookie("lang", "en")
    walk(client, "yamagata", {"birth_date": "1957-01-20"})
    page = without_day_spans(client.get("/yamagata/result").get_data(as_text=True))
    assert "The one you already have; no expiry date" in page
    assert "31 January 2027" not in page and "around the time the earlier notice expires" not in page
    assert "From 1 February 2027 until 31 July 2027" in page
    days = {event["DTSTART"].dt for event in
            Calendar.from_ical(client.get("/yamagata/result.ics").get_data()).walk("VEVENT")}
    assert days and date(2027, 1, 31) not in days  # (not the text: DTSTAMP is today's date)


@pytest.mark.parametrize("city", CITIES)
def test_kept_notice_is_issued_earlier_with_no_valid_from(api, city):
    # Born 1957-01-20: cost share from 2027-02-01. Yamagata: "70歳の誕生日を迎え負担割合を表示
    # する場合を除き、再度お送りすることはありません": the notice from 2025 is kept, with what
    # was printed on it (no expiry: "ありません", not 2027-01-31, issue 25's finding), then one
    # showing the cost share. Shiroishi's page says nothing of 70 for a notice without expiry:
    # it is kept, and the cost share's date is said as national.
    data = api(city, my_number_card="held", insurance_registration="registered",
               birth_date="1957-01-20", as_of="2026-11-23", lang="en")
    got = [(d["issued"], d["valid_from"], d["expires_on"], d["current"]) for d in data["documents"]]
    if city == "yamagata":
        assert got == [("earlier", None, None, True), ("this_cycle", "2027-02-01", "2027-07-31", False)]
        later = api(city, my_number_card="held", insurance_registration="registered",
                    birth_date="1957-01-20", as_of="2027-02-01", lang="en")
        assert [d["current"] for d in later["documents"]] == [False, True]  # the new one, from its first day
        # (not "It is not sent again": at 70 a new one is, in this cycle)
        assert data["documents"][0]["mailing"]["when"] == "You already have it."
    else:
        assert got == [("earlier", None, None, True)]
        assert "1 February 2027 you pay a different share" in " ".join(data["documents"][0]["about"])
        assert data["documents"][0]["mailing"]["when"] == \
            "Keep using the one you have as long as the details on it do not change."
    assert "Keep the Notice of insurance qualification you already have" in " ".join(data["summary"])
    # Under 70 all cycle: kept, no expiry, and never "valid from 1 August 2026".
    data = api(city, my_number_card="held", insurance_registration="registered",
               birth_date="1980-05-10", as_of="2026-11-23", lang="en")
    assert [(d["issued"], d["valid_from"], d["expires_on"]) for d in data["documents"]] == [
        ("earlier", None, None)]
    assert "1 August 2026" not in flat(data["documents"]) + flat(data["summary"])


@pytest.mark.parametrize("city, own", [("yamagata", "yamagata-flyer"), ("shiroishi", "shiroishi-page")])
def test_sources_list_the_citys_own_document_first(api, city, own):
    for _kind, situation in SITUATIONS.items():
        data = api(city, **situation, birth_date="1956-03-15", as_of="2026-11-23", lang="ja")
        sources = data["sources"]
        assert sources[0]["id"] == own and sources[0]["national"] is False
        for source in sources:
            assert set(source) >= {"id", "title", "publisher", "published", "url"}
            # Another city's document appears only for the national rules read in it.
            assert source["national"] is (source["id"] != own)
    shiroishi = api("shiroishi", my_number_card="none", birth_date="1980-05-10", lang="en",
                    as_of="2025-11-01")["sources"][0]
    assert (shiroishi["published"], shiroishi["publisher"]) == ("2025-08-07",
                                                                "Shiroishi City, Health Promotion Division")


@pytest.mark.parametrize("lang", LANGS)
def test_missing_facts_are_given_where_needed(api, lang):
    shiroishi = api("shiroishi", my_number_card="held", insurance_registration="registered",
                    birth_date="1953-11-27", as_of="2025-09-01", lang=lang)
    paper = shiroishi["documents"][0]
    assert ("9月末まで" if lang == "ja" else "end of September 2025") in paper["mailing"]["when"]
    assert paper["mailing"]["not_mailed"]  # already issued on joining or reissue; July mailing
    assert paper["form"] == ("A4サイズの用紙" if lang == "ja" else "an A4 sheet")
    certificate = api("shiroishi", my_number_card="none", birth_date="1980-05-10",
                      as_of="2025-09-01", lang=lang)["documents"][0]
    assert ("7月31日" if lang == "ja" else "31 July") in " ".join(certificate["notes"])
    yamagata = api("yamagata", my_number_card="held", insurance_registration="registered",
                   birth_date="1953-11-27", as_of="2025-09-01", lang=lang)
    topics = {office["extension"]: office["topics"] for office in yamagata["contacts"]
              if office["extension"]}
    assert "マイナ保険証・資格情報のお知らせについて" in topics["362"] or lang == "en"
    assert topics["352"] and topics["362"]
    clinic = flat(yamagata["clinic"])
    assert ("一定の窓口負担" if lang == "ja" else "set share of the cost") in clinic
    assert ("保管" if lang == "ja" else "keep it with your card") in clinic
    assert ("見直" if lang == "ja" else "reviewed every year") in flat(yamagata["documents"])
    assert ("申請書" if lang == "ja" else "application form") in flat(yamagata["upkeep"])


@pytest.mark.parametrize("city", CITIES)
@pytest.mark.parametrize("lang", LANGS)
def test_result_page_shows_projection_and_sources(city, lang):
    app = create_app({"SECRET_KEY": "test", "TESTING": True, "AS_OF": "2026-11-23",
                      "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    client.set_cookie("lang", lang)
    with client.session_transaction() as session:
        session["answers"] = {city: {"birth_date": "1980-05-10", "my_number_card": "none",
                                     "employer_insurance": "no"}}
    page = client.get(f"/{city}/result").get_data(as_text=True)
    assert 'id="projection"' in page
    assert ("この案内のもと" if lang == "ja" else "Where this comes from") in page
    own = {"yamagata": ("山形市", "Yamagata City"), "shiroishi": ("白石市", "Shiroishi City")}[city]
    assert own[0 if lang == "ja" else 1] in page.split('id="sources-title"')[1]


@pytest.mark.parametrize("lang, said, unsaid", [("ja", "再発行を申請できます", "書かれていません"),
                                                ("en", "can be issued again.", "does not say")])
def test_reissue_only_for_the_papers_the_citys_document_names(api, lang, said, unsaid):
    # Yamagata's flyer speaks of reissuing the notice (再通知) only; Shiroishi's page of both.
    def reissue(city, **answers):
        data = api(city, birth_date="1980-05-10", as_of="2026-11-23", lang=lang, **answers)
        return " ".join(data["upkeep"][-1]["items"])
    certificate = dict(my_number_card="none")
    notice = dict(my_number_card="held", insurance_registration="registered")
    assert unsaid in reissue("yamagata", **certificate)
    assert said in reissue("yamagata", **notice) and unsaid not in reissue("yamagata", **notice)
    for answers in (certificate, notice):
        assert said in reissue("shiroishi", **answers) and unsaid not in reissue("shiroishi", **answers)


# The national clinic sentences, where a city's document words none of its own (the card says
# the first of them, the certificate's in its shorter words; "Seeing a doctor" the rest).
NATIONAL_CLINIC = {"qualification_notice": ("You cannot see a doctor with the notice alone.",),
                   "eligibility_certificate": ("Show your Eligibility certificate.",)}


@pytest.mark.parametrize("card", ["held", "none"])
@pytest.mark.parametrize("city", CITIES)
def test_a_national_rule_the_citys_document_words_is_said_in_its_words(make_app, walk, city, card):
    """Issue 25 ("Where a city's own document words a national fact, its pages use its
    words"): both documents word the clinic rule for the notice (Yamagata: 「「資格情報の
    お知らせ」だけでは受診できません」; Shiroishi: 「資格情報のお知らせのみで受診することは
    できません」), and Shiroishi the certificate's (「今までの保険証と同様に…」): their pages say
    the city's words, not the rule's sentence beside them. Yamagata's flyer says nothing of a
    certificate at a clinic: there the rule is said, as a rule for all of Japan."""
    app = make_app(WTF_CSRF_ENABLED=False)
    client = app.test_client()
    client.set_cookie("lang", "en")
    walk(client, city, {"birth_date": "1980-05-10", "my_number_card": card})
    page = client.get(f"/{city}/result").get_data(as_text=True)
    paper = "qualification_notice" if card == "held" else "eligibility_certificate"
    notes = app.extensions["loaded_data"].cities[city].clinic[paper]
    seed = SEEDS[city]
    worded = [note for note in notes if note.restates]
    # Which city words which rule is read from the seed, not from the city file.
    expected = {("shiroishi", "qualification_notice"): "資格情報のお知らせのみで受診することはできません",
                ("yamagata", "qualification_notice"): "「資格情報のお知らせ」だけでは受診できません",
                ("shiroishi", "eligibility_certificate"): "資格確認書を提示して受診してください"}.get((city, paper))
    assert (expected is not None and expected in seed) == bool(worded)
    assert all(note.text["en"] in page for note in worded)
    # The rule's sentence, as a rule for all of Japan, only where the city words none.
    national = [f'{line} <span class="basis-tag">Rule for all of Japan</span>' for line in NATIONAL_CLINIC[paper]]
    assert all((line in page) is not bool(worded) for line in national)


def test_national_facts_on_a_citys_page_are_marked_national(make_app, walk):
    """Issue 25's finding: the free dial's details and 「セブン銀行ATM」 stood on Yamagata's
    pages as if Yamagata said them; its flyer names neither (they were read in Shiroishi's
    page, and are national). Each is marked: the ways to register as 「全国共通のきまり」, the
    free dial's box as the government's (国)."""
    assert "セブン銀行" not in SEEDS["yamagata"] and "フリーダイヤル" not in SEEDS["yamagata"]
    client = make_app(WTF_CSRF_ENABLED=False).test_client()
    client.set_cookie("lang", "ja")
    client.set_cookie("furigana", "off")
    walk(client, "yamagata", {"birth_date": "1980-05-10", "insurance_registration": "not_registered"})
    page = client.get("/yamagata/result").get_data(as_text=True)
    assert re.search(r"セブン銀行ATM[^<]*<span class=\"basis-tag\">全国共通のきまり</span>", page)
    assert re.search(r"マイナンバー総合フリーダイヤル</strong> <span class=\"basis-tag\">国</span>", page)


@pytest.mark.parametrize("as_of, projected", [("2025-09-15", False), ("2026-12-05", True)])
def test_a_projected_date_is_marked_beside_it_on_the_page(make_app, walk, as_of, projected):
    """Issue 25's finding: in the year the documents do not describe, the dates were said as
    facts below one note at the top. Each projected date's sentence in the papers carries
    「見込み」 beside it (the answer card, kept to one screen, says first that its dates from
    the cycle's start are projected); the documented year's carry none."""
    client = make_app(AS_OF=as_of, WTF_CSRF_ENABLED=False).test_client()
    client.set_cookie("lang", "ja")
    client.set_cookie("furigana", "off")
    walk(client, "shiroishi", {"birth_date": "1980-05-10", "my_number_card": "none"})
    page = without_day_spans(client.get("/shiroishi/result").get_data(as_text=True))
    card = page[page.index('<section class="answer-card"'):page.index("</section>")]
    assert ('id="card-projection"' in card) is projected
    page = page[page.index('id="papers"'):]  # the papers, each date with its basis
    dates = re.findall(r"<(?:p|dd)>([^<]*令和\d+年\d+月\d+日[^<]*)(<span class=\"basis-tag\">見込み</span>)?", page)
    assert dates
    assert all(bool(tag) is projected for _, tag in dates), dates


@pytest.mark.parametrize("city", CITIES)
def test_what_a_notice_shows_is_the_citys_word_or_its_silence(make_app, walk, city):
    """Issue 25 ("what a paper shows" is among the silences): Yamagata's flyer says the
    notice shows the cost share from the month after the 70th birthday month (「負担割合を
    表示したものに変わります」); Shiroishi's page says nothing of what a notice shows. A
    Shiroishi resident of 72 is told its guide does not say, and whom to ask; its calendar
    never says the notice shows it. Read from the seeds."""
    assert "負担割合を表示したもの" in "".join(SEEDS["yamagata"].split()) and "負担割合" not in SEEDS["shiroishi"]
    client, api = resident(make_app, walk, city, "2025-09-15", "1953-06-20")
    page = client.get(f"/{city}/result").get_data(as_text=True)
    shows = [paper["shows"] for paper in api["documents"] if paper["shows"]]
    events = client.get(f"/{city}/result.ics").get_data(as_text=True)
    assert shows
    if city == "yamagata":
        assert shows == ["the share of medical costs you pay (負担割合)"] * len(shows)
        assert "<dd>the share of medical costs you pay (負担割合)</dd>" in page
    else:
        assert all("Not in the city's guide" in line and "Health Promotion Division" in line for line in shows)
        assert "the share of medical costs you pay (負担割合)</dd>" not in page
        assert "It shows the share of medical costs" not in events


def test_renewing_the_card_names_the_office_the_flyer_gives_for_questions(client, html, walk):
    """Issue 25's finding: 「電子証明書の更新」 pointed only at the counter, reached through the
    city hall's switchboard, though the flyer's contacts give 市民課 内線352 for 「マイナンバー
    カードの申請・更新について」. The renewal is done at the counter (Q4), and asked about at
    市民課: both are said, each in the flyer's words."""
    flat = "".join(SEEDS["yamagata"].split())
    assert "マイナンバーカードの申請・更新について" in flat and "市民課内線352" in flat
    client.set_cookie("lang", "ja")
    client.set_cookie("furigana", "off")
    walk(client, "yamagata", {"birth_date": "1980-05-10"})
    page = html(client.get("/yamagata/result"))
    renew = page.find("details", id="upkeep").text
    renew = renew[renew.index("2つの有効期限"):renew.index("暗証番号を忘れた")]
    assert "マイナンバーカード交付窓口" in renew and "お問い合わせ先" in renew and "内線352" in renew


@pytest.mark.parametrize("city", CITIES)
def test_hidden_information_is_a_national_rule_on_every_citys_page(make_app, walk, city):
    """Issue 25's finding: for a resident whose information is hidden (DV), Yamagata's page
    said 「「資格確認書」を見せてください。手続きは必要ありません」 as the city's word. The flyer
    says nothing of it; Shiroishi's page lists it (「DV被害者などで…閲覧できない設定をしている
    方」, given a certificate 「申請によらず」), and it is a rule for all of Japan: said as one, on
    both cities' pages, with the page's 「全国共通のきまり」, and no step resting on a city's
    word."""
    assert "閲覧できない設定" not in "".join(SEEDS["yamagata"].split())
    assert "閲覧できない設定" in SEEDS["shiroishi"]
    app = make_app(WTF_CSRF_ENABLED=False, PROVENANCE=True)
    client = app.test_client()
    client.set_cookie("lang", "ja")
    client.set_cookie("furigana", "off")
    walk(client, city, {"birth_date": "1980-05-10", "restricted_view": "yes"})
    page = client.get(f"/{city}/result").get_data(as_text=True)
    said = "申請しなくても「資格確認書」が交付されます。"
    assert re.search(r'data-basis="national:certificate_without_applying">[^<]*' + said +
                     r' <span class="basis-tag">全国共通のきまり</span>', page)
    step = re.search(r'<div class="card-row card-step">.*?</div>', page, re.S).group(0)
    assert "手続きは必要ありません" in step and 'data-basis="national:certificate_without_applying"' in step


@pytest.mark.parametrize("as_of, projected", [("2025-09-15", False), ("2026-12-05", True)])
def test_a_citys_practice_said_of_a_later_year_is_marked_projected(make_app, as_of, projected):
    """Issue 25 ("a practice is projected like a date"): Shiroishi's 「簡易書留」「玄関先で手渡し」
    describe its 2025 mailing; said of a year the page does not describe, each is marked
    「見込み」 where it is said (the provenance view: basis projected); in the documented year,
    the city's word."""
    client = make_app(AS_OF=as_of, WTF_CSRF_ENABLED=False, PROVENANCE=True).test_client()
    client.set_cookie("lang", "ja")
    client.set_cookie("furigana", "off")
    walk_wizard(client, "shiroishi", {"birth_date": "1980-05-10", "my_number_card": "none"})
    page = client.get("/shiroishi/result").get_data(as_text=True)
    delivery = re.search(r'<span data-basis="([^"]+)">([^<]*簡易書留[^<]*)(<span class="basis-tag">見込み</span>)?',
                         page)
    assert delivery, "the certificate's delivery is said"
    assert delivery.group(1) == ("projected:shiroishi-page" if projected else "city:shiroishi-page")
    assert bool(delivery.group(3)) is projected
