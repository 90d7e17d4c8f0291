"""What is kept for speed (webapp/caching.py) changes no answer and no page.

It keeps the date-free half of a view per city, language and situation, offices, sources,
and the HTML of the parts of pages the same for everyone. A key that missed something those
parts read would show one resident another's text. So every answer below is built twice:
once with nothing kept, and once after the answers before it were kept, in a shuffled
order; the API answers, the result pages (for several days asked about) and the household
pages must be identical. And what is kept cannot be changed by one answer for the next, nor
hold text of another language than its key's.
"""
from __future__ import annotations

import itertools
import random
import re

import pytest

from tests.corpus import BIRTHS, CITIES, PAGE_LANGS, SITUATIONS

AS_OF = ("2025-09-15", "2026-11-23")

# The wizard's form of each situation (the corpus's are the API's).
WIZARD = {
    kind: {"my_number_card": situation["my_number_card"],
           "insurance_registration": situation.get("insurance_registration"),
           **{name: "yes" if situation.get(name) else "no"
              for name in ("restricted_view", "care_need", "employer_insurance", "wants_deregistration")}}
    for kind, situation in SITUATIONS.items()
}


CSRF_TOKEN = re.compile(r'(name="csrf_token"[^>]*value=")[^"]+"')


def page_text(response) -> str:
    """The page, its CSRF token aside (signed with the time, so it changes by the second)."""
    return CSRF_TOKEN.sub(r'\1…"', response.get_data(as_text=True))


def forget(app) -> None:
    app.extensions["same_for_all"].clear()


def test_every_api_answer_is_the_same_with_nothing_kept(make_app):
    app = make_app()
    client = app.test_client()
    bodies = [dict(situation, birth_date=birth, as_of=as_of, lang=lang, _city=city)
              for city, lang, as_of, situation, birth
              in itertools.product(CITIES, PAGE_LANGS, AS_OF, SITUATIONS.values(), BIRTHS)]
    random.Random(8).shuffle(bodies)

    def answer(body):
        body = dict(body)
        response = client.post(f"/api/v1/{body.pop('_city')}/outcome", json=body)
        assert response.status_code == 200
        return response.get_json()

    kept = [answer(body) for body in bodies]
    assert app.extensions["same_for_all"]
    for body, with_kept in zip(bodies, kept, strict=True):
        forget(app)
        assert answer(body) == with_kept, body


@pytest.mark.parametrize("as_of", AS_OF)
def test_every_result_page_is_the_same_with_nothing_kept(make_app, walk, as_of):
    keeping = make_app(AS_OF=as_of, WTF_CSRF_ENABLED=False)
    reference = make_app(AS_OF=as_of, WTF_CSRF_ENABLED=False, CACHE_SAME_FOR_ALL=False)
    cases = list(itertools.product(CITIES, PAGE_LANGS, WIZARD, BIRTHS[:3]))
    random.Random(as_of).shuffle(cases)
    kinds = set()
    for city, lang, kind, birth in cases:
        client = keeping.test_client()
        client.set_cookie("lang", lang)
        walk(client, city, dict(WIZARD[kind], birth_date=birth), start=False)
        page = client.get(f"/{city}/result")
        assert page.status_code == 200

        other = reference.test_client()
        other.set_cookie("lang", lang)
        other.set_cookie("session", client.get_cookie("session").value)
        forget(reference)
        fresh = other.get(f"/{city}/result")
        assert fresh.status_code == 200
        assert page_text(page) == page_text(fresh), (city, lang, kind, birth)
        kinds.add(kind)
    assert kinds == set(WIZARD)
    # The kept HTML was used: one entry per city, language and situation, not per resident.
    # (kind, city, language, template, block, situation)
    kept_html = [key for key in keeping.extensions["same_for_all"] if key[0] == "html" and key[4] == "result"]
    assert kept_html and len(kept_html) < len(cases) / 2


def test_every_page_is_the_same_with_nothing_kept(make_app, walk):
    """The chrome (head, header, footer) and the start page's fixed parts are kept per city
    and language: each page, in each city and language, equals the page built afresh."""
    keeping = make_app(WTF_CSRF_ENABLED=False)
    reference = make_app(WTF_CSRF_ENABLED=False, CACHE_SAME_FOR_ALL=False)
    cases = list(itertools.product(CITIES, PAGE_LANGS))
    random.Random(1).shuffle(cases)
    for city, lang in cases:
        client = keeping.test_client()
        client.set_cookie("lang", lang)
        walk(client, city, dict(WIZARD["unknown"], birth_date="1956-03-15"), start=False)
        other = reference.test_client()
        other.set_cookie("lang", lang)
        other.set_cookie("session", client.get_cookie("session").value)
        prefecture = keeping.extensions["loaded_data"].cities[city].prefecture.id
        pages = ["/", "/accessibility", f"/{city}/", f"/{city}/check", f"/{city}/result",
                 *(f"/{city}/q/{step}" for step in ("birth_date", "my_number_card", "care_need")),
                 f"/prefecture/{prefecture}/", f"/search?q={city}"]
        for path in pages:
            page, fresh = client.get(path), other.get(path)
            assert page.status_code == fresh.status_code == 200, path
            assert page_text(page) == page_text(fresh), (city, lang, path)


def test_the_index_is_kept_with_furigana_and_without(make_app):
    """The index and a prefecture's page are kept per language and ふりがな (their names' ruby
    is their files' own, written before the page's ruby pass): each equals the page built
    afresh, whichever was asked first."""
    keeping, reference = make_app(), make_app(CACHE_SAME_FOR_ALL=False)
    for cookies in ({}, {"furigana": "on"}, {"lang": "ja-easy"}, {"lang": "ja-easy", "furigana": "off"},
                    {"lang": "en"}, {"furigana": "off"}):
        for path in ("/", "/prefecture/miyagi/"):
            client, other = keeping.test_client(), reference.test_client()
            for name, value in cookies.items():
                client.set_cookie(name, value)
                other.set_cookie(name, value)
            assert page_text(client.get(path)) == page_text(other.get(path)), (cookies, path)


def test_the_household_pages_are_the_same_with_nothing_kept(make_app, walk):
    keeping = make_app(WTF_CSRF_ENABLED=False)
    reference = make_app(WTF_CSRF_ENABLED=False, CACHE_SAME_FOR_ALL=False)
    for city, lang in itertools.product(CITIES, PAGE_LANGS):
        client = keeping.test_client()
        client.set_cookie("lang", lang)
        client.post(f"/{city}/household/start")
        for kind, birth in (("registered", "1956-03-15"), ("no_card", "1980-05-10"), ("unknown", "1949-07-01")):
            walk(client, city, dict(WIZARD[kind], birth_date=birth), start=False)
            client.post(f"/{city}/household/save", data={"then": "add"})
        other = reference.test_client()
        other.set_cookie("lang", lang)
        other.set_cookie("session", client.get_cookie("session").value)
        for path in (f"/{city}/household", f"/{city}/household/result"):
            page, fresh = client.get(path), other.get(path)
            assert page.status_code == fresh.status_code == 200, (city, lang, path)
            assert page_text(page) == page_text(fresh), (city, lang, path)


def test_a_kept_value_cannot_be_changed_by_one_answer_for_the_next(make_app):
    """The trap: appending to one resident's action paragraphs showed in another's answer.
    Kept values are frozen (the typed model's dataclasses, their lists tuples): a change
    raises, and the next answer is as before."""
    from dataclasses import FrozenInstanceError
    app = make_app()
    client = app.test_client()
    body = dict(SITUATIONS["deregister"], birth_date=BIRTHS[0], as_of="2026-01-15", lang="en")
    before = client.post("/api/v1/yamagata/outcome", json=body).get_json()
    kept = [value for key, value in app.extensions["same_for_all"].items() if key[0] == "situation"]
    assert kept
    for view in kept:
        assert isinstance(view.actions, tuple)
        action = view.actions[0]
        with pytest.raises(FrozenInstanceError):
            action.paragraphs = ("someone else's words",)  # type: ignore[misc]
        with pytest.raises(AttributeError):  # a tuple: nothing to append to
            action.paragraphs.append("someone else's words")  # type: ignore[attr-defined]
    assert client.post("/api/v1/yamagata/outcome", json=body).get_json() == before


def test_a_key_cannot_hold_another_languages_text(make_app):
    """A date-free half asked for in English inside a Japanese request is built in English:
    the key's language, not the request's (the trap: Japanese text kept under "en")."""
    from datetime import date

    from flask_babel import force_locale

    from webapp.languages import LOCALES
    from webapp.present import Situation, situation_view
    from webapp.rules.outcome import Answers, decide
    app = make_app()
    city = app.extensions["loaded_data"].cities["yamagata"]
    national = app.extensions["loaded_data"].national
    outcome = decide(Answers(birth_date=date(1980, 5, 10), my_number_card="held",
                             insurance_registration="registered"), date(2026, 1, 15), city.rules, national.ages)
    situation = Situation.of(outcome, Answers(birth_date=date(1980, 5, 10), my_number_card="held",
                                              insurance_registration="registered"))
    with app.test_request_context("/"), force_locale(LOCALES["ja"]):
        english = situation_view(situation, city, national, "en")
        japanese = situation_view(situation, city, national, "ja")
    assert "Seeing" not in str(japanese) and "マイナ保険証" in str(japanese.clinic)
    assert "My Number" in str(english.clinic) and "提示" not in str(english.clinic)
    client = app.test_client()
    client.set_cookie("lang", "en")
    body = {"birth_date": "1980-05-10", "as_of": "2026-01-15", "lang": "en", "my_number_card": "held",
            "insurance_registration": "registered"}
    assert "受診" not in str(client.post("/api/v1/yamagata/outcome", json=body).get_json()["clinic"])


def test_no_birth_date_is_kept(make_app, walk):
    app = make_app(WTF_CSRF_ENABLED=False)
    client = app.test_client()
    for lang in PAGE_LANGS:
        client.set_cookie("lang", lang)
        walk(client, "yamagata", dict(WIZARD["registered"], birth_date="1956-03-15"), start=False)
        assert client.get("/yamagata/result").status_code == 200
        assert client.get("/yamagata/check").status_code == 200
    kept = repr(app.extensions["same_for_all"])
    for shown in ("1956-03-15", "1956, 3, 15", "昭和31年3月15日", "15 March 1956"):
        assert shown not in kept


def test_answers_kept_per_shape_equal_answers_built_afresh_over_two_years_of_days(make_app):
    """A shape (webapp/present/shape.py) holds the order of a result's days, not the days:
    two years of days asked about, birth dates around every 70th and 75th birthday in them,
    each API answer, built from what another resident of the same shape left kept, equals
    the answer built afresh."""
    from datetime import date, timedelta
    keeping = make_app()
    reference = make_app(CACHE_SAME_FOR_ALL=False)
    days = [date(2025, 8, 1) + timedelta(days=step) for step in range(0, 730, 11)]
    # Every 13 days, and the days whose 70th or 75th birthday falls on, or next to, a cycle's
    # first day or its papers' first day (1 August; Shiroishi's 2025 papers: 1 October).
    births = [date(1950, 1, 1) + timedelta(days=step) for step in range(0, 8 * 365, 13)] + [
        date(year, month, 1) + timedelta(days=offset) for year in range(1949, 1958) for month in (8, 10)
        for offset in (-1, 0, 1)]
    situations = [SITUATIONS[kind] for kind in ("registered", "unknown", "no_card", "employer", "lost_care")]
    chosen = random.Random(25)
    cases = [(chosen.choice(CITIES), chosen.choice(PAGE_LANGS), chosen.choice(days), chosen.choice(births),
              chosen.choice(situations)) for _ in range(2000)]

    def answer(app, case):
        city, lang, as_of, birth, situation = case
        body = dict(situation, birth_date=birth.isoformat(), as_of=as_of.isoformat(), lang=lang)
        response = app.test_client().post(f"/api/v1/{city}/outcome", json=body)
        assert response.status_code == 200, case
        return response.get_data()

    for case in cases:  # each shape kept by the first resident who has it
        answer(keeping, case)
    for case in cases:
        assert answer(keeping, case) == answer(reference, case), case
    shapes = [key for key in keeping.extensions["same_for_all"] if key[0] == "shaped-json"]
    assert 0 < len(shapes) < len(cases) / 2  # most answers were another resident's shape


def test_a_kept_shape_holds_no_day_of_a_residents(make_app, walk):
    """Placeholders, not days: neither the birth date nor any day that follows from it (the
    cost share's month, the 75th birthday, a paper's end) is in what is kept."""
    from datetime import date

    from webapp.datefmt import CLOSE, OPEN
    app = make_app(WTF_CSRF_ENABLED=False, AS_OF="2026-01-15")
    client = app.test_client()
    for lang in PAGE_LANGS:
        client.set_cookie("lang", lang)
        walk(client, "yamagata", dict(WIZARD["unknown"], birth_date="1956-03-15"), start=False)
        page = client.get("/yamagata/result").get_data(as_text=True)
        body = dict(SITUATIONS["unknown"], birth_date="1956-03-15", as_of="2026-01-15", lang=lang)
        for text in (page, client.post("/api/v1/yamagata/outcome", json=body).get_data(as_text=True)):
            assert OPEN not in text and CLOSE not in text  # every placeholder written
    kept = {key: value for key, value in app.extensions["same_for_all"].items() if key[0].startswith("shaped-")}
    assert {key[0] for key in kept} == {"shaped-view", "shaped-html", "shaped-json"}

    def walked(value):
        yield value
        if isinstance(value, dict):
            for item in value.values():
                yield from walked(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                yield from walked(item)
    assert not [found for value in kept.values() for found in walked(value) if isinstance(found, date)]
    text = repr(kept) + "".join(value.decode() for value in kept.values() if isinstance(value, bytes))
    # 1956-03-15: the cost share from 2026-04-01, NHI until 2031-03-14, the notice until 2026-03-31.
    for shown in ("1956-03-15", "2026-04-01", "2031-03-14", "2026-03-31", "令和8年4月1日", "1 April 2026",
                  "2026-01-15", "令和8年1月15日"):
        assert shown not in text, shown


def test_only_the_latest_shapes_are_kept(make_app, monkeypatch):
    """Shapes are many, and a new cycle brings new ones: past SHAPES, the oldest go first
    (the rest of the store keeps what it kept), and each answer is still its own."""
    from webapp import caching
    monkeypatch.setattr(caching, "SHAPES", 4)
    app = make_app()
    client = app.test_client()
    bodies = [dict(SITUATIONS["registered"], birth_date=f"{year}-05-10", as_of="2026-01-15", lang="en")
              for year in range(1945, 1960)]
    answers = [client.post("/api/v1/yamagata/outcome", json=body).get_data() for body in bodies]
    store = app.extensions["same_for_all"]
    shaped = [key for key in store if key[0].startswith("shaped-")]
    assert len(shaped) == 4 and any(key[0] == "situation" for key in store)
    assert len(set(answers)) > 4
    for body, answer in zip(bodies, answers, strict=True):
        assert client.post("/api/v1/yamagata/outcome", json=body).get_data() == answer


def memories() -> list[tuple[str, int, int]]:
    from webapp import caching
    return [(memory.__wrapped__.__qualname__, memory.cache_info().hits, memory.cache_info().misses)
            for memory in caching._MEMORIES]


@pytest.mark.parametrize("path", ["/yamagata/", "/yamagata/q/care_need", "/yamagata/result"])
def test_the_switch_turns_every_memory_off_too(make_app, walk, path):
    """Issue 30: the readings, a lazy text's translation and the flow's routes were
    remembered whatever CACHE_SAME_FOR_ALL said. With it off, no memoized function's store
    is asked or filled; with it on, the same page asks them."""
    answers = dict(WIZARD["unknown"], birth_date="1956-03-15")
    pages = {}
    for keep in (False, True):
        client = make_app(WTF_CSRF_ENABLED=False, CACHE_SAME_FOR_ALL=keep).test_client()
        client.set_cookie("lang", "ja-easy")  # with ふりがな and glosses
        walk(client, "yamagata", answers, start=False)
        before = memories()
        pages[keep] = page_text(client.get(path))
        assert (memories() != before) is keep, path
    assert pages[False] == pages[True]


def test_nothing_is_remembered_outside_caching_py():
    """One place keeps what is computed while serving (webapp/caching.py): no module of the
    package uses functools' caches of its own."""
    from pathlib import Path
    package = Path(__file__).resolve().parent.parent / "webapp"
    found = [f"{path.relative_to(package)}:{number}"
             for path in package.rglob("*.py") if path.name != "caching.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\bfunctools\b|\blru_cache\b|\bcached_property\b|@cache\b", line)]
    assert found == []
