"""Each finding of the clerk's reading (issue 16), pinned in both cities and both languages:
what the pages said that no document says, now gone, and what the documents say that the
pages left out, now said. Expected words come from the seeds (webapp/data/cities/) and from
the test cities' pages (tests/cities/), never from the code under test.
"""
from __future__ import annotations

import re
import shutil

import pytest

from tests.conftest import app_with_test_cities, without_day_spans
from tests.corpus import CITIES, LANGS, PAGE_LANGS, TEST_CITIES
from webapp import create_app
from webapp.questions import NAMES, USUAL
from webapp.staff.citycheck import check_city
from webapp.web.household_store import FIELDS

HOLDER = {"my_number_card": "held", "insurance_registration": "registered"}
NO_CARD = {"my_number_card": "none"}


def session_answers(*, before: str | None = None, **answers: str) -> dict[str, str]:
    """Answers as the pages save them: the usual ones (questions.USUAL), so that a question
    added later (docs/adding.md) gets its usual answer, with ``answers`` named; ``before``
    a question, only those of the questions before it."""
    names = NAMES if before is None else NAMES[:NAMES.index(before)]
    return {**{name: USUAL[name] for name in names if name in USUAL}, **answers}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return app_with_test_cities(tmp_path_factory, WTF_CSRF_ENABLED=False)


@pytest.fixture
def api(app):
    client = app.test_client()

    def post(city, birth, as_of="2025-09-01", lang="ja", **answers):
        response = client.post(f"/api/v1/{city}/outcome",
                               json={"birth_date": birth, "as_of": as_of, "lang": lang, **answers})
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()
    return post


def said(value) -> str:
    """Every sentence of an answer or a part of it, without the bases' quoted words, the
    offices' labels and the bare dates of the data fields."""
    if isinstance(value, dict):
        return " ".join(said(v) for k, v in value.items()
                        if k not in ("basis", "sources", "contacts", "text", "valid_from", "expires_on"))
    if isinstance(value, list):
        return " ".join(said(v) for v in value)
    return value if isinstance(value, str) else ""


# --- wrong ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, every_year, kept", [("ja", "毎年", "改めて送られることはありません"),
                                                   ("en", "every year", "it is not sent again")])
def test_yamagata_no_expiry_notice_is_not_sent_every_year(api, lang, every_year, kept):
    # The flyer says "毎年…お送りします" of the 70+ notice only; of the under-70 one,
    # "再度お送りすることはありません".
    (paper,) = api("yamagata", "1980-05-10", lang=lang, **HOLDER)["documents"]
    assert paper["expires_on"] is None
    assert every_year not in said(paper) and kept in said(paper)
    (seventy,) = api("yamagata", "1953-06-20", lang=lang, **HOLDER)["documents"]
    assert every_year in said(seventy)


@pytest.mark.parametrize("lang, as_is", [("ja", "そのままお使いください"), ("en", "Keep using it as long as")])
def test_shiroishi_keep_as_it_is_only_on_under_70_notices(api, lang, as_is):
    # "70歳未満の方には有効期限がありません。記載事項に変更がない限り、そのままご使用ください。"
    (under_70,) = api("shiroishi", "1980-05-10", lang=lang, **HOLDER)["documents"]
    assert as_is in said(under_70)
    (seventy,) = api("shiroishi", "1953-06-20", lang=lang, **HOLDER)["documents"]
    assert seventy["expires_on"] == "2026-07-31" and as_is not in said(seventy)


# --- borrowed ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_yamagata_certificates_get_no_borrowed_expiry_or_mailing(api, lang):
    for birth in ("1980-05-10", "1956-03-15", "1953-06-20"):
        data = api("yamagata", birth, lang=lang, **NO_CARD)
        (paper,) = data["documents"]
        assert paper["expires_on"] is None and paper["basis"]["expires_on"]["kind"] == "not_stated"
        assert paper["delivery"] is None and paper["mailing"]["when"] is None
        text = said(data)
        for borrowed in ("7月31日", "31 July", "毎年", "every year", "簡易書留", "registered mail"):
            assert borrowed not in text, (birth, borrowed)


@pytest.mark.parametrize("city", CITIES)
@pytest.mark.parametrize("lang, every_year", [("ja", "毎年"), ("en", "every year")])
def test_the_deregistration_question_borrows_no_citys_word(app, city, lang, every_year):
    client = app.test_client()
    client.set_cookie("lang", lang)
    with client.session_transaction() as session:
        session["answers"] = {city: session_answers(
            before="wants_deregistration", birth_date="1980-05-10", **HOLDER, restricted_view="no",
            care_need="no", employer_insurance="no")}
    response = client.get(f"/{city}/q/wants_deregistration")
    assert response.status_code == 200, response.headers.get("Location")
    assert every_year not in response.get_data(as_text=True)


@pytest.mark.parametrize("lang, seventy", [("ja", "70歳"), ("en", "turn 70")])
def test_shiroishi_under_70_notice_has_no_yamagata_wording(api, lang, seventy):
    (paper,) = api("shiroishi", "1980-05-10", lang=lang, **HOLDER)["documents"]
    assert seventy not in said(paper)


# --- invented ---------------------------------------------------------------------------------

@pytest.mark.parametrize("city", CITIES)
@pytest.mark.parametrize("lang", LANGS)
def test_no_certificate_is_split_at_70(api, city, lang):
    # Born 1956-03-15: cost share from 2026-04-01. Neither document splits a certificate.
    data = api(city, "1956-03-15", lang=lang, **NO_CARD)
    assert len(data["documents"]) == 1
    assert data["documents"][0]["expires_on"] != "2026-03-31"
    assert ("2026年4月1日" if lang == "ja" else "1 April 2026") in said(data["summary"])  # the cost share


@pytest.mark.parametrize("lang, start", [("ja", "2025年8月1日"), ("en", "1 August 2025")])
def test_yamagata_papers_have_no_invented_start(api, lang, start):
    # "令和7年8月1日時点で" is when ages are counted, not a start date.
    for birth, answers in (("1980-05-10", HOLDER), ("1953-06-20", HOLDER), ("1980-05-10", NO_CARD)):
        data = api("yamagata", birth, as_of="2025-08-15", lang=lang, **answers)
        assert all(doc["valid_from"] is None for doc in data["documents"])
        assert start not in said(data)


@pytest.mark.parametrize("lang, unsaid", [("ja", "書かれていません"), ("en", "does not say where")])
def test_shiroishi_leaving_nhi_says_the_page_does_not_name_a_place(api, lang, unsaid):
    data = api("shiroishi", "1980-05-10", lang=lang, employer_insurance=True, **NO_CARD)
    (leave,) = data["actions"]
    assert unsaid in leave["unsaid"]


@pytest.mark.parametrize("lang", LANGS)
def test_no_one_is_told_someone_must_be_at_home(app, api, lang):
    data = api("shiroishi", "1980-05-10", lang=lang, **NO_CARD)
    assert "家にいる必要" not in said(data) and "must be at home" not in said(data)
    # The page's own words: handed over at the door, and what to do if you were out.
    assert ("玄関先で手渡し" if lang == "ja" else "handed to you at the door") in said(data)
    body = {"as_of": "2025-09-01", "lang": lang,
            "members": [{"birth_date": "1980-05-10", **HOLDER}, {"birth_date": "1985-01-02", **NO_CARD}]}
    household = app.test_client().post("/api/v1/shiroishi/outcome", json=body).get_json()["household"]
    assert "家にいる必要" not in said(household) and "must be at home" not in said(household)


# --- missing ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, papers", [("ja", "「資格確認書」が郵送されます"),
                                          ("en", "mails you an Eligibility certificate")])
def test_yamagata_turning_75_summary_says_what_follows(app, api, lang, papers):
    # "75歳以降は、山形県後期高齢者医療広域連合より、「資格確認書」が郵送されます。"
    data = api("yamagata", "1951-03-10", lang=lang, **HOLDER)
    summary = said(data["summary"])
    assert papers in summary and ("2026年3月10日" if lang == "ja" else "10 March 2026") in summary
    body = {"as_of": "2025-09-01", "lang": lang, "members": [{"birth_date": "1951-03-10", **HOLDER}]}
    household = app.test_client().post("/api/v1/yamagata/outcome", json=body).get_json()
    assert papers in said(household["members"][0]["summary"])
    client = app.test_client()
    client.set_cookie("lang", lang)
    person = session_answers(birth_date="1951-03-10", birth_date_era="showa", **HOLDER, restricted_view="no",
                             care_need="no", employer_insurance="no", wants_deregistration="no")
    with client.session_transaction() as session:  # packed in household_store.FIELDS order
        session["household"] = {"yamagata": {"people": [[person.get(name) for name in FIELDS]], "at": None}}
    page = client.get("/yamagata/household/result").get_data(as_text=True)
    assert papers in page


@pytest.mark.parametrize("city", CITIES)
@pytest.mark.parametrize("lang", LANGS)
def test_turning_70_is_in_the_summary(api, city, lang):
    summary = said(api(city, "1956-03-15", lang=lang, **HOLDER)["summary"])
    day = "2026年4月1日" if lang == "ja" else "1 April 2026"
    assert day in summary
    if city == "shiroishi":  # no row for it: the cost share (national), and the page's silence
        assert ("書かれていません" if lang == "ja" else "does not say whether a new paper") in summary


# --- projected --------------------------------------------------------------------------------

@pytest.mark.parametrize("city", CITIES)
@pytest.mark.parametrize("lang", LANGS)
def test_a_projected_year_is_said_before_its_first_date(app, city, lang):
    client = create_app({"SECRET_KEY": "x", "TESTING": True, "AS_OF": "2026-09-01",
                         "WTF_CSRF_ENABLED": False}).test_client()
    client.set_cookie("lang", lang)
    with client.session_transaction() as session:
        session["answers"] = {city: session_answers(
            birth_date="1953-06-20", **HOLDER, restricted_view="no", care_need="no",
            employer_insurance="no", wants_deregistration="no")}
    page = client.get(f"/{city}/result").get_data(as_text=True)
    first_date = page.index("2027年7月31日" if lang == "ja" else "31 July 2027")
    assert page.index('id="card-projection"') < first_date  # in the answer card, at its top


@pytest.mark.parametrize("lang, marked", [("ja", "令和9年7月31日（見込み）"), ("en", "31 July 2027 (projected)")])
def test_a_projected_date_is_marked_where_it_stands_on_the_card(lang, marked):
    """Issue 27: the card opened with 「令和8年8月1日以降の日付は見込みです。市はまだ公表していま
    せん。」 in the projected year, even on a card with no date, and pushed its last row below a
    phone's first screen. A projected date now says so where it stands, and the card says once,
    briefly, what that means, only where it shows one; a card with none (a lost card) says
    nothing of it, and the documented year's card neither."""
    from tests.conftest import walk_wizard

    def card(as_of, city, answers):
        client = create_app({"SECRET_KEY": "x", "TESTING": True, "AS_OF": as_of,
                             "WTF_CSRF_ENABLED": False}).test_client()
        client.set_cookie("lang", lang)
        client.set_cookie("furigana", "off")
        walk_wizard(client, city, answers)
        page = client.get(f"/{city}/result").get_data(as_text=True)
        page = without_day_spans(page)
        return page[page.index('<section class="answer-card"'):page.index("</section>")]
    seventies = {"birth_date": "1954-03-10", **HOLDER}
    shown = card("2026-12-05", "shiroishi", seventies)
    assert marked in shown and shown.count('id="card-projection"') == 1
    assert shown.index('id="card-projection"') < shown.index(marked)
    lost = card("2026-12-05", "yamagata", {"birth_date": "1980-05-10", "my_number_card": "lost"})
    assert 'id="card-projection"' not in lost and "(projected)" not in lost and "見込み" not in lost
    documented = card("2025-09-15", "shiroishi", seventies)
    assert 'id="card-projection"' not in documented and "見込み" not in documented
    assert "(projected)" not in documented


@pytest.mark.parametrize("city", CITIES)
def test_a_cost_share_change_already_past_is_said_as_past(api, city):
    """Issue 27: on 2026-12-05 a resident who turned 70 in September read 「令和8年10月1日から
    医療費の負担割合が変わります」. A change already past is said as past; one ahead, as ahead."""
    past = api(city, "1956-09-15", as_of="2026-12-05", lang="ja", my_number_card="none")
    assert "令和8年10月1日（2026年10月1日）から医療費の負担割合が変わりました" in said(past)
    assert "負担割合が変わります" not in said(past)
    english = said(api(city, "1956-09-15", as_of="2026-12-05", lang="en", my_number_card="none"))
    assert "Since 1 October 2026 you have paid a different share" in english
    ahead = api(city, "1956-09-15", as_of="2026-08-15", lang="ja", my_number_card="none")
    assert "令和8年10月1日（2026年10月1日）から医療費の負担割合が変わります" in said(ahead)


@pytest.mark.parametrize("as_of", ["2025-09-15", "2026-12-05"])
@pytest.mark.parametrize("city", CITIES)
def test_a_resident_leaving_nhi_gets_no_calendar(app, api, city, as_of):
    """Issue 27: a resident who joined insurance at work got a calendar whose one event was a
    cost-share change in 2031. The NHI papers end on a day only the resident knows: no day is
    ahead, so the answer lists none and the page offers no calendar."""
    from tests.conftest import walk_wizard
    found = api(city, "1961-03-01", as_of=as_of, lang="en", my_number_card="none", employer_insurance=True)
    assert found["dates"] == []
    client = create_app({"SECRET_KEY": "x", "TESTING": True, "AS_OF": as_of, "WTF_CSRF_ENABLED": False}).test_client()
    walk_wizard(client, city, {"birth_date": "1961-03-01", "my_number_card": "none", "employer_insurance": "yes"})
    assert "result.ics" not in client.get(f"/{city}/result").get_data(as_text=True)


@pytest.mark.parametrize("lang, no_phone", [("ja", "市の案内には、この窓口の電話番号が書かれていません"),
                                            ("en", "The city's guide gives no phone number for this office")])
def test_the_card_says_when_the_guide_gives_no_phone(app, lang, no_phone):
    """Issue 27 (5): where the city's page gives no phone (Shiroishi), the card named the office
    and said nothing of how to reach it. It says the guide gives none, and to ask at the office
    (whose place is in its name); a card whose office has a phone (Yamagata) does not."""
    import html

    from tests.conftest import walk_wizard
    for city, said in (("shiroishi", True), ("yamagata", False)):
        client = app.test_client()
        client.set_cookie("lang", lang)
        client.set_cookie("furigana", "off")
        walk_wizard(client, city, {"birth_date": "1970-07-07", "my_number_card": "lost"})
        page = html.unescape(client.get(f"/{city}/result").get_data(as_text=True))
        card = page[page.index('<section class="answer-card"'):page.index("</section>")]
        assert (no_phone in card) is said, city


# --- confusing --------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, alone", [("ja", "「資格情報のお知らせ」だけで受診することはできません"),
                                         ("en", "You cannot see a doctor with the notice alone")])
def test_use_the_new_notice_comes_with_the_notice_alone_warning(api, lang, alone):
    # Shiroishi 2025, before the papers start: "from 1 October use the new notice" is followed
    # at once by: the notice alone is not enough at a clinic, in Shiroishi's own words (the
    # statement "Seeing a doctor" makes: 「資格情報のお知らせのみで受診することはできません」).
    summary = api("shiroishi", "1980-05-10", as_of="2025-09-01", lang=lang, **HOLDER)["summary"]
    new = next(i for i, line in enumerate(summary) if "2025年10月1日" in line or "1 October 2025" in line)
    assert alone in summary[new + 1]


@pytest.mark.parametrize("lang, unless", [("ja", "郵送されない場合もあります"),
                                          ("en", "unless it is not mailed to you")])
def test_70_to_74_are_not_simply_told_to_wait(api, lang, unless):
    # "7月に郵送されている方には、郵送されません": the wait is said with its exception.
    summary = said(api("shiroishi", "1953-06-20", as_of="2025-09-01", lang=lang, **HOLDER)["summary"])
    assert unless in summary


@pytest.mark.parametrize("lang, july", [("ja", "資格確認書の有効期限は7月31日です"),
                                        ("en", "the certificate expires on 31 July")])
def test_the_31_july_note_is_not_beside_a_certificate_ending_earlier(api, lang, july):
    (ending,) = api("shiroishi", "1951-03-10", lang=lang, **NO_CARD)["documents"]
    assert ending["expires_on"] == "2026-03-09" and july not in said(ending)
    (full,) = api("shiroishi", "1980-05-10", lang=lang, **NO_CARD)["documents"]
    assert july in said(full)


@pytest.mark.parametrize("lang", LANGS)
def test_no_enclosed_guidebook_on_a_web_page(api, lang):
    data = api("yamagata", "1980-05-10", lang=lang, employer_insurance=True, **NO_CARD)
    assert "同封" not in said(data) and "enclosed" not in said(data)


@pytest.mark.parametrize("lang", LANGS)
def test_a_kept_notice_keeps_no_expiry_where_the_page_gives_none(api, lang):
    # Shiroishi says nothing of 70 for a notice without expiry: kept, still without one.
    (paper,) = api("shiroishi", "1957-01-20", as_of="2026-09-01", lang=lang, **HOLDER)["documents"]
    assert (paper["issued"], paper["expires_on"]) == ("earlier", None)


@pytest.mark.parametrize("city", CITIES)
@pytest.mark.parametrize("lang, leave", [("ja", "国民健康保険をやめる手続き"),
                                         ("en", "leave National Health Insurance")])
def test_joining_work_insurance_leads_and_never_keeps_the_nhi_paper(api, city, lang, leave):
    data = api(city, "1980-05-10", lang=lang, employer_insurance=True, **NO_CARD)
    assert leave in data["summary"][0]
    text = said(data["summary"])
    for kept in ("7月31日まで有効", "valid until 31 July 2026.", "Your Eligibility certificate is valid until"):
        assert kept not in text


@pytest.mark.parametrize("lang, contradiction", [("ja", "案内には書かれていません"),
                                                 ("en", "does not say how to see a doctor")])
def test_a_lost_card_with_the_old_card_still_valid_is_not_told_both(api, lang, contradiction):
    data = api("shiroishi", "1980-05-10", as_of="2025-09-01", lang=lang,
               my_number_card="lost", insurance_registration="registered")
    summary = said(data["summary"])
    assert ("2025年9月30日" if lang == "ja" else "30 September 2025") in summary  # keep the old card until
    assert "does not say how to see a doctor" not in summary and "受診する方法は" not in summary
    later = said(api("shiroishi", "1980-05-10", as_of="2025-10-15", lang=lang,
                     my_number_card="lost", insurance_registration="registered")["summary"])
    assert ("書かれていません" if lang == "ja" else "does not say how to see a doctor") in later


@pytest.mark.parametrize("lang, handed", [("ja", "解除を申請したときに資格確認書が渡され"),
                                          ("en", "given an Eligibility certificate when you apply")])
def test_shiroishi_deregistration_in_its_own_words(api, lang, handed):
    data = api("shiroishi", "1980-05-10", lang=lang, wants_deregistration=True, **HOLDER)
    (action,) = data["actions"]
    assert handed in said(action)
    assert "instead of the notice" not in said(action) and "代わりに" not in said(action)


@pytest.mark.parametrize("city, other", [("yamagata", "白石市"), ("shiroishi", "山形市")])
def test_the_page_lists_only_the_citys_own_documents(app, city, other):
    client = app.test_client()
    client.set_cookie("lang", "ja")
    with client.session_transaction() as session:
        session["answers"] = {city: session_answers(
            birth_date="1953-06-20", my_number_card="held", insurance_registration="unknown",
            restricted_view="no", care_need="no", employer_insurance="yes", wants_deregistration="no")}
    page = client.get(f"/{city}/result").get_data(as_text=True)
    sources = page.split('id="sources-title"')[1]
    assert other not in sources
    if city == "shiroishi":  # Yamagata's flyer, whose title says 「個人毎にお送りします」
        assert "個人毎にお送りします" not in sources
    assert "全国共通のきまり" in sources


# --- real cities' pages as city files (tests/cities/) ---------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_every_paper_of_a_mixed_household_by_one_method(app, lang):
    # 見本市 (made up): 「同じ世帯に…すべて簡易書留で郵送します」
    body = {"as_of": "2025-08-15", "lang": lang,
            "members": [{"birth_date": "1980-05-10", **HOLDER}, {"birth_date": "1985-01-02", **NO_CARD}]}
    mail = app.test_client().post("/api/v1/mihon/outcome", json=body).get_json()["household"]["mail"]
    assert [item["method"] for item in mail] == ["simple_registered_mail", "simple_registered_mail"]
    notice = " ".join(mail[0]["lines"])
    assert ("普通郵便" if lang == "ja" else "rdinary mail") not in notice


@pytest.mark.parametrize("lang", LANGS)
def test_a_note_for_under_70_is_not_shown_at_72(api, lang):
    # Chiryu: 「70歳未満の方で、すでに資格情報のお知らせをお持ちの方にはお送りしない場合があります」
    young = said(api("chiryu", "1980-05-10", as_of="2025-08-15", lang=lang, **HOLDER)["documents"])
    old = said(api("chiryu", "1953-06-20", as_of="2025-08-15", lang=lang, **HOLDER)["documents"])
    words = "送られない場合があります" if lang == "ja" else "may not be"
    assert words in young and words not in old


@pytest.mark.parametrize("lang", LANGS)
def test_a_kept_notice_is_not_shown_as_a_new_one(api, lang):
    # Chiryu keeps a notice without expiry ("引き続きお使いください"): the next year shows the
    # one in hand, never one "valid from 1 August".
    (paper,) = api("chiryu", "1980-05-10", as_of="2026-09-01", lang=lang, **HOLDER)["documents"]
    assert (paper["issued"], paper["valid_from"]) == ("earlier", None)
    assert "2026年8月1日" not in said(paper) and "1 August 2026" not in said(paper)


@pytest.mark.parametrize("lang", LANGS)
def test_a_condition_the_wizard_does_not_ask_qualifies_nothing_to_do(api, lang):
    data = api("mihon", "1980-05-10", as_of="2025-08-15", lang=lang, **HOLDER)
    assert data["if_applies"] and data["if_applies"][0]["office"]["phone"] == "000-000-1234"
    nothing = "手続きは必要ありません。" if lang == "ja" else "You do not need to do anything."
    assert nothing not in data["summary"]
    assert ("あてはまる" if lang == "ja" else "If this applies to you") in said(data["summary"])


@pytest.mark.parametrize("lang", LANGS)
def test_a_page_that_names_no_office_names_none(api, lang):
    # Ebetsu's page names no office: the answer names none, and says to ask the city.
    data = api("ebetsu", "1980-05-10", as_of="2025-08-15", lang=lang, employer_insurance=True, **HOLDER)
    assert {office["id"] for office in data["contacts"]} <= {"free_dial", "late_elderly_union"}
    (leave,) = [a for a in data["actions"] if a["id"] == "leave_nhi"]
    assert leave["office"] is None and leave["unsaid"]
    # Whom to ask where the page is silent: the city itself, by its name.
    assert ("市（江別市）" if lang == "ja" else "the city (Ebetsu City)") in said(data["summary"])


@pytest.mark.parametrize("lang", LANGS)
def test_specified_record_mail_in_the_citys_words(api, lang):
    # Nakano: 「誕生月の前月下旬頃に、新しい国民健康保険資格確認書等を特定記録郵便でお送りします」
    data = api("nakano", "1951-03-10", as_of="2025-09-01", lang=lang, **NO_CARD)
    (paper,) = data["documents"]
    assert paper["delivery"] == "specified_record_mail"
    assert ("特定記録郵便" if lang == "ja" else "pecified record") in paper["mailing"]["how"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_two_year_certificate(api, lang):
    # Nakano: 「70歳未満の方は2年…有効期限は令和9年7月31日です」
    (paper,) = api("nakano", "1980-05-10", as_of="2025-09-01", lang=lang, **NO_CARD)["documents"]
    assert paper["expires_on"] == "2027-07-31"
    (kept,) = api("nakano", "1980-05-10", as_of="2026-09-01", lang=lang, **NO_CARD)["documents"]
    assert (kept["issued"], kept["expires_on"]) == ("earlier", "2027-07-31")


@pytest.mark.parametrize("lang", LANGS)
def test_a_new_paper_at_70_sent_by_the_end_of_the_birth_month(api, lang):
    # Sagamihara: 「70歳の誕生日の翌月…から使用できる…を、誕生日の月末…までに世帯主あてに…お送りします」
    data = api("sagamihara", "1956-03-15", as_of="2025-09-01", lang=lang, **NO_CARD)
    first, then = data["documents"]
    assert (first["expires_on"], then["valid_from"]) == ("2026-03-31", "2026-04-01")
    assert ("月末" if lang == "ja" else "end of") in then["mailing"]["when"]


# --- issue 26: silence, never "nothing to do" ------------------------------------------------

SILENT_ON_CARE_NEED = ("chikugo", "chiryu", "ebetsu", "nakano", "sagamihara")


@pytest.mark.parametrize("city", SILENT_ON_CARE_NEED)
@pytest.mark.parametrize("lang, nothing, silent", [
    ("ja", "手続きは必要ありません", "資格確認書が交付されるかどうかが書かれていません"),
    ("en", "You do not need to do anything", "does not say whether you can get an Eligibility certificate")])
def test_a_page_silent_on_needing_help_at_a_clinic_says_so_and_whom_to_ask(api, city, lang, nothing, silent):
    """A card holder who finds it hard to use the card at a clinic, in a city whose page gives
    no such reason for a certificate (its reasons: care_need null): the step is to ask, said as
    the page's silence, on the card, in the steps and in the summary; never "nothing to do"."""
    found = api(city, "1960-05-05", lang=lang, care_need=True, **HOLDER)
    (action,) = found["actions"]
    assert action["id"] == "ask_certificate" and not action["optional"]
    assert silent in action["paragraphs"][0] and silent in said(found["summary"])
    step = next(row for row in found["card"]["rows"] if row["id"] == "step")
    assert step["title"] == action["title"]
    assert nothing not in said(found)
    # The office the page names to ask, or (named none) the city itself: never another's.
    ask = found["contacts"][0]["label"] if action["office"] else None
    assert action["office"] is None or action["office"]["label"] == ask


@pytest.mark.parametrize("city", ["yamagata", "shiroishi", "mihon"])
def test_a_page_that_gives_the_reason_is_applied_to(api, city):
    found = api(city, "1960-05-05", care_need=True, **HOLDER)
    assert [action["id"] for action in found["actions"]] == ["apply_certificate"]


@pytest.mark.parametrize("city", SILENT_ON_CARE_NEED)
@pytest.mark.parametrize("lang, listed, silent", [
    ("ja", "いずれかの方法で登録できます", "利用登録する方法が書かれていません"),
    ("en", "in one of these ways", "does not say how to register the card")])
def test_a_page_that_lists_no_way_to_register_says_so(api, city, lang, listed, silent):
    """Issue 26: the format can say that a page lists no way to register the card
    (methods: null), so no other page's list is copied: the step says the page's silence and
    whom to ask, and announces no list."""
    found = api(city, "1960-05-05", lang=lang, my_number_card="held", insurance_registration="not_registered")
    action = next(action for action in found["actions"] if action["id"] == "register_card")
    assert action["methods"] == []
    text = said(action)
    assert silent in text and listed not in text


@pytest.mark.parametrize("lang, dated, unsaid", [("ja", "2025年7月18日", "送付時期が書かれていません"),
                                                 ("en", "18 July 2025", "how or when")])
def test_a_mailing_date_given_for_some_papers_is_said_to_no_one_else(api, lang, dated, unsaid):
    """Issue 26: Nakano's page dates the certificates and the notices of people 70 and over
    (「職権更新した国民健康保険資格確認書または70歳以上の方の資格情報のお知らせは令和7年7月18日に…
    郵送しました」): a notice holder under 70 is not told that date, but that the page does not
    say when."""
    under_70 = api("nakano", "1960-05-05", as_of="2025-08-15", lang=lang, **HOLDER)["documents"][0]["mailing"]
    assert under_70["when"] is None and unsaid in under_70["ask"]
    for birth, answers in (("1953-05-05", HOLDER), ("1960-05-05", NO_CARD)):
        mailing = api("nakano", birth, as_of="2025-08-15", lang=lang, **answers)["documents"][0]["mailing"]
        assert dated in mailing["when"]


@pytest.mark.parametrize("city", ["shiroishi", "chikugo"])
def test_a_note_on_households_that_mix_papers_is_not_on_one_persons_page(app, city):
    """Issue 26: 「世帯の中に…お持ちの方とお持ちでない方がいる場合、…別々に郵送され」 is for a
    household whose members get both papers: the household result says it (tests/
    test_household.py), one person's result does not."""
    from tests.conftest import walk_wizard
    mixed = app.extensions["loaded_data"].cities[city].mixed_household["text"]["ja"]
    client = app.test_client()
    walk_wizard(client, city, {"birth_date": "1980-05-10", **HOLDER})
    page = client.get(f"/{city}/result").get_data(as_text=True)
    assert "資格情報のお知らせ" in page and mixed not in page


@pytest.mark.parametrize("lang, flat, qualified, whose", [
    ("ja", "有効期限はありません", "原則", "有効期限があるかは市の案内に書かれていません"),
    ("en", "has no expiry date.", "as a rule", "does not say whose")])
def test_an_expiry_rule_with_unlisted_exceptions_keeps_its_qualifier(app, api, lang, flat, qualified, whose):
    """Issue 26: 「有効期限は原則ありませんが、次に該当する方には、有効期限を設定しています」 (見本市's
    made-up page, as real pages write it) with the list not given: no page says flatly that
    the notice has no expiry; each says it as a rule, and that the guide does not say whose."""
    found = api("mihon", "1980-05-05", as_of="2025-09-15", lang=lang, **HOLDER)
    paper = found["documents"][0]
    assert paper["expires_on"] is None
    lines = [paper["validity_text"], *(line for row in found["card"]["rows"] for line in row["lines"]),
             *found["summary"], *paper["about"]]
    said_of_expiry = [line for line in lines if "xpir" in line or "有効期限" in line]
    assert said_of_expiry and all(qualified in line.lower() or whose in line for line in said_of_expiry), said_of_expiry
    assert not [line for line in lines if line.endswith(flat) and qualified not in line.lower()]
    assert any(whose in line for line in paper["about"])
    # The start is still said with it, and the page's own words stand beside it.
    own = app.extensions["loaded_data"].cities["mihon"].rules.table.rows[0].valid_until.exceptions.text[lang]
    assert paper["valid_from"] and paper["valid_from"][:4] in paper["validity_text"]
    assert own in [paper["validity_text"], *paper["about"]]


def test_the_office_the_old_card_goes_back_to_is_shown_with_it(app):
    """Issue 26: a page that says where the old card goes back to (見本市's made-up page:
    「…保険年金課へお返しください」) shows that office, with its phone, under the old card; a
    page that names none shows none there."""
    from tests.conftest import walk_wizard
    for city, office in (("mihon", "保険年金課"), ("yamagata", None)):
        client = app.test_client()
        walk_wizard(client, city, {"birth_date": "1980-05-10", **HOLDER})
        page = client.get(f"/{city}/result").get_data(as_text=True)
        doctor = page[page.index('id="doctor"'):page.index("</details>", page.index('id="doctor"'))]
        old_card = doctor[doctor.rindex("<h3"):]
        assert ('class="where"' in old_card) == (office is not None), city
        assert office is None or office in old_card


def test_the_old_card_may_go_back_to_one_of_several_offices(tmp_path):
    """Issue 26, the survey's 瀬戸市: expired cards go back to 国保年金課 or one of three 支所.
    ``old_card.office`` may list them: each is shown under the old card, with its phone, in
    the file's order, and the API's block lists them all (``offices``)."""
    from tests.conftest import walk_wizard
    app, post = served_silent(tmp_path, replaced(r"^  office: nhi  .*$", "  office: [nhi, card_desk]"),
                              SILENT_DAYS[0])
    found = post(birth_date="1980-05-10", **HOLDER)
    assert [office["id"] for office in found["clinic"][-1]["offices"]] == ["nhi", "card_desk"]
    client = app.test_client()
    walk_wizard(client, "mihon", {"birth_date": "1980-05-10", **HOLDER})
    page = client.get("/mihon/result").get_data(as_text=True)
    doctor = page[page.index('id="doctor"'):page.index("</details>", page.index('id="doctor"'))]
    old_card = doctor[doctor.rindex("<h3"):]
    offices = app.extensions["loaded_data"].cities["mihon"].offices
    names = [offices[key]["name"]["ja"] for key in ("nhi", "card_desk")]
    assert old_card.count('class="where"') == 2
    assert old_card.index(names[0]) < old_card.index(names[1])


@pytest.mark.parametrize("lang, heading", [("ja", "市の案内のそのほかの記載"), ("en", "Also in the city's guide")])
def test_what_a_page_says_for_everyone_is_shown_in_its_words(app, api, lang, heading):
    """Issue 26: a note for the whole page (見本市's made-up page: who the notice is sent to),
    which no other field holds, is shown in its words, with its basis, on the page and in the
    API; a city whose page has none shows no such section."""
    import html

    from tests.conftest import walk_wizard
    note = app.extensions["loaded_data"].cities["mihon"].page_notes[0].text[lang]
    assert api("mihon", "1980-05-10", lang=lang, **HOLDER)["page_notes"] == [note]
    for city, shown in (("mihon", True), ("yamagata", False)):
        client = app.test_client()
        client.set_cookie("lang", lang)
        walk_wizard(client, city, {"birth_date": "1980-05-10", **HOLDER})
        page = html.unescape(client.get(f"/{city}/result").get_data(as_text=True))
        assert (heading in page) == shown and (note in page) == shown


# The documented year, and the one residents live in now (projected).
SILENT_DAYS = ("2025-09-01", "2026-12-05")


def served_silent(tmp_path, edit, as_of):
    """見本市's file (tests/cities/mihon.yaml) with ``edit`` applied to its text, served beside
    the other test cities as a clerk would (FLASK_CITY_DATA_DIR); `flask cities check` must find
    nothing to fix in it. Returns the app and a poster of API answers for 見本市 on ``as_of``."""
    folder = tmp_path / "cities"
    shutil.copytree(TEST_CITIES, folder)
    path = folder / "mihon.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    app = create_app({"SECRET_KEY": "test", "TESTING": True, "WTF_CSRF_ENABLED": False, "CITY_DATA_DIR": str(folder)})
    loaded = app.extensions["loaded_data"]
    with app.test_request_context("/"):
        assert check_city(path, loaded.national, loaded.cities.values()) == []
    client = app.test_client()

    def post(**body):
        response = client.post("/api/v1/mihon/outcome", json={"as_of": as_of, "lang": "en", **body})
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()
    return app, post


def replaced(pattern: str, new: str):
    """An edit: the first match of ``pattern`` (a multi-line regular expression) replaced."""
    def edit(text: str) -> str:
        found, count = re.subn(pattern, new, text, count=1, flags=re.M)
        assert count == 1, pattern
        return found
    return edit


@pytest.mark.parametrize("as_of", SILENT_DAYS)
def test_a_page_silent_on_the_union_and_papers_after_75(tmp_path, as_of):
    """Issue 26, silence anywhere: a page that names no union (``late_elderly.union: null``)
    and says nothing of papers after 75. The answer names no union and lists no such contact:
    it says the law's words (each prefecture's association runs the system) and that the
    city's guide does not say which paper comes, with the office to ask; `flask cities check`
    finds nothing to fix, and the API's answer keeps its contract (``authority`` null)."""
    _app, post = served_silent(tmp_path, replaced(r"^late_elderly:\n(?:  .*\n)+",
                                                  "late_elderly:\n  union: null\n  papers: null\n"), as_of)
    cases = (("ja", "お住まいの都道府県の後期高齢者医療広域連合", "市の案内"),
             ("en", "the association of your prefecture", "The city's guide does not say which paper"))
    for lang, law, unsaid in cases:
        for birth in ("1945-05-01", "1951-03-10"):  # in the system, and turning 75 this cycle
            found = post(birth_date=birth, lang=lang, my_number_card="none")
            assert found["late_elderly"]["authority"] is None
            assert "late_elderly_union" not in [office["id"] for office in found["contacts"]]
            summary = " ".join(found["summary"])
            assert law in summary and unsaid in summary, summary
            assert "見本県後期" not in str(found) and "Mihon Prefecture Association" not in str(found)


SILENT_ACTIONS = """actions:                          # a page that says nothing of any step
  leave_nhi: null
  apply_certificate: null
  ask_without_card: {office: null, cite: null}
  deregister: null
  register_card: null
  check_registration: null
  replace_card: null
  renew_card: null
  reset_pin: null
  reissue_paper: null
"""


@pytest.mark.parametrize("as_of", SILENT_DAYS)
def test_a_page_silent_on_every_step(tmp_path, as_of):
    """Issue 26, silence anywhere: each step may be null (the page says nothing of it). The
    file passes `flask cities check`, and each step a resident's answers call for is shown
    with the city's silence and whom to ask — never "nothing to do", never another city's
    words; a resident who needs help at the clinic is told the guide does not say, not that
    there is nothing to do."""
    app, post = served_silent(tmp_path, replaced(r"^actions:\n(?:  .*\n)+", SILENT_ACTIONS), as_of)
    offices = app.extensions["loaded_data"].cities["mihon"].offices
    for body, steps in (({"my_number_card": "held", "insurance_registration": "unknown", "employer_insurance": True,
                          "wants_deregistration": True}, {"leave_nhi", "check_registration"}),
                        ({"my_number_card": "held", "insurance_registration": "registered", "care_need": True},
                         {"ask_certificate"}),
                        ({"my_number_card": "lost", "insurance_registration": "registered"}, {"ask_without_card"})):
        found = post(birth_date="1980-05-10", **body)
        shown = {step["id"] for step in found["actions"]}
        assert steps <= shown, (body, shown)
        for step in found["actions"]:
            if step["id"] in steps:
                assert step["office"] is None or step["office"]["id"] in offices
                said = " ".join([*step["paragraphs"], step["unsaid"] or ""])
                assert "does not say" in said, (step["id"], said)
        assert not any("You do not need to do anything" in line for line in found["summary"]), found["summary"]
        # The topics of こんなときは, each with the city's silence on where to go.
        for topic in found["upkeep"]:
            assert topic["unsaid"], topic["title"]


@pytest.mark.parametrize("as_of", SILENT_DAYS)
def test_a_page_silent_on_seeing_a_doctor_and_on_a_papers_mailing(tmp_path, as_of):
    """Issue 26, silence anywhere: ``clinic: null`` (the page says nothing of seeing a doctor)
    and a row's ``mailing: null`` (nothing of how, to whom or when). The file passes `flask
    cities check`; the pages say the national rule at the clinic, marked as one, and that the
    city's guide does not say how or when the paper is sent, with whom to ask."""
    mailing = replaced(r"^    mailing:\n(?:      .*\n)+", "    mailing: null\n")
    clinic = replaced(r"^clinic:\n(?:  .*\n)+", "clinic: null\n")
    app, post = served_silent(tmp_path, lambda text: clinic(mailing(text)), as_of)
    city = app.extensions["loaded_data"].cities["mihon"]
    assert city.clinic == {"qualification_notice": (), "eligibility_certificate": ()}
    silent = city.rules.table.rows[0]
    assert (silent.mailing.method_said, silent.mailing.recipient_said, silent.mailing.when) == (None, None, None)
    found = post(birth_date="1980-05-10", my_number_card="held", insurance_registration="registered")
    (notice,) = [doc for doc in found["documents"] if doc["type"] == "qualification_notice"]
    assert notice["mailing"]["how"] is None and notice["mailing"]["recipient"] is None
    if notice["issued"] == "earlier":
        # The year after: the notice (no expiry) is the one already in hand; nothing is mailed.
        assert as_of == SILENT_DAYS[1] and notice["mailing"]["unsaid"] == []
    else:
        # How it is sent: unsaid (the year's own words still say when: 「2025年8月下旬に郵送されます」).
        assert "how" in notice["mailing"]["unsaid"] and "does not say" in notice["mailing"]["ask"]
    items = [item for block in found["clinic"] for item in block["items"]]
    assert "You cannot see a doctor with the notice alone." in items


@pytest.mark.parametrize("as_of", SILENT_DAYS)
def test_a_page_silent_on_its_papers(tmp_path, as_of):
    """Issue 26, silence anywhere: ``papers: []`` (a page that says nothing of which paper,
    until when or how it comes). Which paper follows the card (a national rule); the answer
    says the guide does not say until when nor how it is sent, with whom to ask; no date is
    shown; `flask cities check` finds nothing to fix."""
    _app, post = served_silent(tmp_path, replaced(r"^papers:\n(?:[ #].*\n|\n)+?(?=^\S)", "papers: []\n\n"),
                                 as_of)
    for card, paper in (("held", "qualification_notice"), ("none", "eligibility_certificate")):
        found = post(birth_date="1980-05-10", my_number_card=card,
                     **({"insurance_registration": "registered"} if card == "held" else {}))
        assert [doc["type"] for doc in found["documents"]] == [paper]
        (doc,) = found["documents"]
        assert doc["expires_on"] is None and doc["basis"]["expires_on"]["kind"] == "not_stated"
        assert doc["mailing"]["unsaid"] == ["how", "when"] and "does not say" in doc["mailing"]["ask"]
        assert any("does not say until when" in line for line in found["summary"]), found["summary"]


NAMED_FIRST_ROW = (r"^    paper: qualification_notice\n(    cite: .*\n    form:\n(?:      .*\n)+)    valid_until:\n"
                   r"(?:      .*\n)+?(?=    mailing:)")


@pytest.mark.parametrize("as_of", SILENT_DAYS)
def test_a_row_silent_on_its_paper_and_its_end(tmp_path, as_of):
    """Issue 26, silence anywhere: a row whose page names no paper (``paper: null``) and no end
    (``valid_until: null``). The paper is the one the law gives the row's card (a notice for
    card holders), the end is the guide's silence: every answer is the one the explicit file
    (the notice, ``rule: not_stated``) gives, and `flask cities check` finds nothing to fix."""
    silent = replaced(NAMED_FIRST_ROW, r"    paper: null\n\1    valid_until: null\n")
    explicit = replaced(NAMED_FIRST_ROW, "    paper: qualification_notice\n\\1    valid_until:\n"
                        "      rule: not_stated\n      years: null\n      date: null\n      cite: null\n")
    _app, post_silent = served_silent(tmp_path / "silent", silent, as_of)
    _app, post_explicit = served_silent(tmp_path / "explicit", explicit, as_of)
    for lang in ("ja", "en"):
        found = post_silent(birth_date="1980-05-10", lang=lang, **HOLDER)
        assert found == post_explicit(birth_date="1980-05-10", lang=lang, **HOLDER)
        notice = found["documents"][0]
        assert notice["type"] == "qualification_notice" and notice["expires_on"] is None


def test_a_row_for_any_card_must_name_its_paper(tmp_path):
    """A paper left null follows from the row's card (the law); a row for any card has none to
    follow, and the check says what to write, with the row's line."""
    folder = tmp_path / "cities"
    shutil.copytree(TEST_CITIES, folder)
    path = folder / "mihon.yaml"
    text = path.read_text(encoding="utf-8")
    first_row = r"^(  - who: \{card: )holder(, age: under_70, turns: any\}\n)    paper: qualification_notice"
    path.write_text(re.sub(first_row, r"\1any\2    paper: null", text, count=1, flags=re.M), encoding="utf-8")
    app = create_app({"SECRET_KEY": "test", "TESTING": True})
    with app.app_context():
        problems = check_city(path, app.extensions["loaded_data"].national)
    assert [problem.field for problem in problems] == ["papers/1/paper"], problems
    paper_line = text.splitlines().index("    paper: qualification_notice") + 1  # the first row's
    assert "the law decides which paper" in problems[0].message and problems[0].line == paper_line


TOWN_ANSWERS = (  # a card holder unsure of the registration who needs help; no card, 70 to 74
    {"birth_date": "1980-05-10", "my_number_card": "held", "insurance_registration": "unknown",
     "restricted_view": "no", "care_need": "yes", "employer_insurance": "no", "wants_deregistration": "no"},
    {"birth_date": "1953-05-10", "my_number_card": "none"},
)


@pytest.mark.parametrize("city, word, word_en", [("shibata", "町", "town"), ("nakano", "区", "city")])
def test_a_town_or_a_ward_is_not_called_a_city(app, city, word, word_en):
    """Issue 26, the survey's 柴田町: every silence said 「市の案内には…」, 「市にお問い合わせ
    ください」 and "the city's guide" of a town. The app's words name the municipality by its
    kind, as its name ends: 町 and "town" for 柴田町, 区 for 中野区 (which calls itself Nakano City
    in English); on the result page and in the calendar, in every language. Only 「市区町村」 (of
    the card's renewal, wherever one lives) keeps 市."""
    import html

    from tests.conftest import walk_wizard
    for lang in PAGE_LANGS:
        said = ""
        for answers in TOWN_ANSWERS:
            client = app.test_client()
            client.set_cookie("lang", lang)
            client.set_cookie("furigana", "off")
            walk_wizard(client, city, answers)
            page = client.get(f"/{city}/result").get_data(as_text=True)
            main = page[page.index("<main"):page.index("</main>")]
            said += html.unescape(re.sub(r"<[^>]+>", "", main))
            said += client.get(f"/{city}/result.ics").get_data(as_text=True).replace("\r\n ", "")
        if lang == "en":
            assert f"The {word_en}'s guide" in said
            city_words = re.findall(r".{0,10}\b[Cc]ity\b.{0,10}", said)
            assert word_en == "city" or not city_words, city_words
        else:
            assert f"{word}の案内" in said
            assert "市" not in said.replace("市区町村", ""), re.findall(".{0,10}市.{0,10}", said)


def test_the_municipality_rule_changes_the_apps_words_only():
    """The rule behind the test above: a placeholder's name, 「市区町村」 and a city's own words
    (put in after the rule) stay as they are; "The city" keeps its capital."""
    from webapp.present.wording import municipal
    assert municipal("%(city)s National Health Insurance. The city's guide; the city hall", "町", "en") \
        == "%(city)s National Health Insurance. The town's guide; the town hall"
    assert municipal("住民票のある市区町村の窓口。市役所（代表）。市の案内", "町", "ja") \
        == "住民票のある市区町村の窓口。町役場（代表）。町の案内"
    assert municipal("市の案内", "村", "ja-easy") == "村の案内"
    assert municipal("The city's guide", "市", "en") == "The city's guide"


@pytest.mark.parametrize("city", ["seto", "mihon"])
def test_nothing_to_do_rests_on_the_citys_words_for_the_paper(app, city):
    """Issue 26, the survey's pages: 「手続きは必要ありません。」 was the city's with no words
    under it in the preview. It rests on the words of the city's row that gives the paper
    (the city sends it, so there is nothing to apply for); the preview shows them."""
    from webapp.staff.preview import collect
    with app.app_context():
        loaded = app.extensions["loaded_data"]
        found = collect(loaded.cities[city], loaded.national)
    rows = {row.cite.words for row in loaded.cities[city].rules.table.rows}
    # (Hidden information gives the certificate without applying: that one is national.)
    nothing = [sentence for sentence in found["ja"]["card"].values()
               if sentence.text.endswith("手続きは必要ありません。") and sentence.basis == f"city:{city}-page"]
    assert nothing
    for sentence in nothing:
        words = {said.split(": ", 1)[1] for kind, said in sentence.rests if kind == "city"}
        assert words & rows, sentence.rests


def test_a_page_that_leaves_later_years_undecided_is_not_projected(api):
    """Issue 26, the survey's 豊田市: 「(備考)令和8年度以降の送付は未定です」 of the notice. In the
    year the page documents, the notice comes by its mailing (普通郵便, to the head of the
    household); in the years after, the page says the city's words instead of carrying that
    mailing on as projected, and whom to ask; nothing says the notice is sent by ordinary mail."""
    documented = api("toyota", "1980-05-10", as_of="2025-09-01", lang="en", **HOLDER)["documents"][0]
    assert documented["delivery"] == "regular_mail" and documented["recipient"] == "householder"
    assert documented["mailing"]["how"] == "It is sent by ordinary mail."
    cases = (("en", "has not been decided", "whether and how"), ("ja", "未定です", "送られるかどうか"))
    for lang, undecided, ask in cases:
        found = api("toyota", "1980-05-10", as_of="2026-12-05", lang=lang, **HOLDER)
        notice = found["documents"][0]
        assert notice["type"] == "qualification_notice" and notice["valid_from"] == "2026-08-01"
        assert notice["delivery"] is None and notice["recipient"] is None
        mailing = notice["mailing"]
        assert undecided in mailing["when"] and ask in mailing["ask"] and mailing["how"] is None
        assert notice["basis"]["delivery"]["kind"] == "not_stated"
        assert "ordinary mail" not in said(found) and "普通郵便" not in said(found)  # (its basis quotes the page)


def test_a_name_that_is_no_municipalitys_is_refused(tmp_path):
    """The app's words follow the kind a municipality's name ends with (市, 町, 村, 区): a name
    that ends otherwise is refused by the check, with the line and what to write."""
    folder = tmp_path / "cities"
    shutil.copytree(TEST_CITIES, folder)
    path = folder / "mihon.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: {ja: 見本市,", "name: {ja: 見本,", 1),
                    encoding="utf-8")
    app = create_app({"SECRET_KEY": "test", "TESTING": True})
    with app.app_context():
        problems = check_city(path, app.extensions["loaded_data"].national)
    assert [problem.field for problem in problems] == ["name/ja"], problems
    assert "市, 町, 村 or 区" in problems[0].message
