"""The provenance view (issue 25): with ``PROVENANCE = True``, every text a resident reads in
a result's <main> says what it rests on — the city's words (``city:<source>``), a national
rule (``national:<rule>``), a projection, the city's silence (``not_stated``), or the app's
own words about the page (``ui``) — on its own element or the nearest one around it.

Rendered by the real pages for every city file (built-in and tests/cities/) × a sample of
the answers `flask scenarios` walks (each kind of outcome of each group of the city's
table, per situation) × 2025-09-15 and 2026-12-05 × ja, ja-easy and en. It fails on:
- any text in <main> without a basis;
- a basis of no known kind, or a city's source its file does not have;
- a statement (any text that is not the app's own words) said twice on one page;
- with ふりがな on, a basis lost (ruby is added to the words, not around them).
"""
from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest
from flask_babel import force_locale

from tests.conftest import Node, app_with_test_cities, parse_html, walk_household
from tests.corpus import CITY_FILES, PAGE_LANGS
from webapp import create_app, flow
from webapp.citydata import load_national
from webapp.languages import LANGUAGES, LOCALES
from webapp.present import Situation, answer
from webapp.present.statement import KINDS, UI, Statement
from webapp.reminders import reminders
from webapp.rules.outcome import decide
from webapp.staff.preview import birth_dates
from webapp.staff.scenarios import answer_sets, kind

NATIONAL = load_national()
DAYS = (date(2025, 9, 15), date(2026, 12, 5))
SKIP = {"rt", "rp", "script", "style"}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return app_with_test_cities(tmp_path_factory, WTF_CSRF_ENABLED=False, PROVENANCE=True)


def sample(city, as_of: date):
    """One set of answers for each (group, kind of outcome, situation) of the day."""
    seen = set()
    ages = NATIONAL.ages.on(as_of)
    for group, born in birth_dates(as_of, ages.cost_share, ages.late_elderly):
        for raw in answer_sets(born, as_of, NATIONAL):
            answers = flow.Route(raw, as_of, NATIONAL.ages).answers()
            outcome = decide(answers, as_of, city.rules, NATIONAL.ages)
            key = (group, kind(outcome), Situation.of(outcome, answers))
            if key not in seen:
                seen.add(key)
                yield f"{as_of}, {group}: {raw}", raw


def own_text(node: Node) -> str:
    return " ".join(" ".join(child for child in node.children if isinstance(child, str)).split())


def nearest_basis(node: Node | None) -> str | None:
    while node is not None:
        if "data-basis" in node.attrs:
            return node.attrs["data-basis"]
        node = node.parent
    return None


def unmarked(main: Node, sources: set[str]) -> list[str]:
    """What breaks the rule in one page's <main>: text without a basis, or a basis of no
    known kind or source."""
    problems = []
    for node in main.iter():
        if node.tag in SKIP or (node.parent is not None and node.parent.tag in SKIP):
            continue
        text = own_text(node)
        basis = node.attrs.get("data-basis")
        if basis is not None:
            kind_, _, source = basis.partition(":")
            if kind_ not in KINDS or (kind_ == "city" and source not in sources):
                problems.append(f"unknown basis {basis!r} on <{node.tag}> {node.text[:60]!r}")
        if text and nearest_basis(node) is None:
            problems.append(f"no basis: <{node.tag}> {text[:80]!r}")
    return problems


def statements(main: Node) -> list[tuple[int, str]]:
    """(part, text) of each element that carries a basis other than the app's own words
    (an office's line is a pointer to its box under Contacts, and may stand under each step)."""
    return [(part(node), node.text) for node in main.iter()
            if node.attrs.get("data-basis", UI).partition(":")[0] != UI and node.text
            and "where" not in (node.attrs.get("class") or "").split()]


def part(node: Node | None) -> int:
    """Which part of the page: the papers of one registration case (both cases are shown
    when it is unknown, each whole), one step (each lists what to bring for it), or the
    rest (0)."""
    while node is not None:
        if ((node.tag == "ol" and "timeline" in (node.attrs.get("class") or ""))
                or (node.tag == "details" and node.attrs.get("id", "").startswith("action-"))):
            return id(node)
        node = node.parent
    return 0


def said_twice(found: list[tuple[int, str]]) -> list[str]:
    """Texts said twice in one part, or in a part and again in the rest of the page."""
    parts: dict[str, list[int]] = {}
    for where, text in found:
        parts.setdefault(text, []).append(where)
    return [text for text, where in parts.items()
            if len(where) != len(set(where)) or (0 in where and len(where) > 1)]


def pages(app, city_id: str):
    city = app.extensions["loaded_data"].cities[city_id]
    client = app.test_client()
    for as_of in DAYS:
        if as_of < city.calendar.first_day():
            continue
        app.config["AS_OF"] = as_of
        for name, raw in sample(city, as_of):
            for lang in PAGE_LANGS:
                client.set_cookie("lang", lang)
                client.set_cookie("furigana", "off")
                with client.session_transaction() as session:
                    session["answers"] = {city_id: raw}
                response = client.get(f"/{city_id}/result")
                assert response.status_code == 200, name
                yield f"{name} [{lang}]", parse_html(response.get_data(as_text=True)).find("main")


@pytest.mark.parametrize("path", CITY_FILES, ids=lambda path: path.stem)
def test_every_text_of_a_result_has_its_basis(app, path):
    city = app.extensions["loaded_data"].cities[path.stem]
    sources = set(city.sources)
    failures: dict[str, list[str]] = {}  # a problem, and the pages it is on
    count = 0
    for name, main in pages(app, path.stem):
        count += 1
        problems = unmarked(main, sources)
        problems += [f"said twice: {text[:80]!r}" for text in said_twice(statements(main))]
        for problem in problems:
            failures.setdefault(problem, []).append(name)
    assert count, "no page rendered"
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(
        f"{problem}\n    on {len(names)} pages, first: {names[0]}" for problem, names in failures.items())


def household(as_of: date) -> list[dict[str, str]]:
    """Three people of one household: under 70 without a card, turning 70 with a card whose
    registration is unknown (both cases), and turning 75 with a lost card."""
    ages = NATIONAL.ages.on(as_of)
    groups = dict(birth_dates(as_of, ages.cost_share, ages.late_elderly))
    wanted = (("under 70", {"my_number_card": "none"}),
              ("turning 70", {"my_number_card": "held", "insurance_registration": "unknown"}),
              ("turning 75", {"my_number_card": "lost"}))
    return [next(raw for raw in answer_sets(groups[group], as_of, NATIONAL)
                 if all(raw.get(key) == value for key, value in answers.items()))
            for group, answers in wanted]


@pytest.mark.parametrize("path", CITY_FILES, ids=lambda path: path.stem)
def test_every_text_of_a_household_result_has_its_basis(app, path):
    city = app.extensions["loaded_data"].cities[path.stem]
    failures: dict[str, list[str]] = {}
    for as_of in DAYS:
        if as_of < city.calendar.first_day():
            continue
        app.config["AS_OF"] = as_of
        for lang in PAGE_LANGS:
            client = app.test_client()
            client.set_cookie("lang", lang)
            client.set_cookie("furigana", "off")
            walk_household(client, city.id, household(as_of))
            response = client.get(f"/{city.id}/household/result")
            assert response.status_code == 200
            main = parse_html(response.get_data(as_text=True)).find("main")
            # Each person's section is that person's part of the page.
            for problem in unmarked(main, set(city.sources)) + [
                    f"said twice: {text[:80]!r}" for person in main.find_all("details", class_="person")
                    for text in said_twice(statements(person))]:
                failures.setdefault(problem, []).append(f"{as_of} [{lang}]")
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(
        f"{problem}\n    on {names}" for problem, names in failures.items())


def first_answers(as_of: date) -> dict[str, str]:
    return next(answer_sets(date(1956, 3, 15), as_of, NATIONAL))


def test_furigana_keeps_the_basis(app):
    """ふりがな is added inside each element, so each text keeps its element's basis."""
    client = app.test_client()
    app.config["AS_OF"] = DAYS[1]
    client.set_cookie("lang", "ja-easy")
    client.set_cookie("furigana", "on")
    with client.session_transaction() as session:
        session["answers"] = {"yamagata": first_answers(DAYS[1])}
    main = parse_html(client.get("/yamagata/result").get_data(as_text=True)).find("main")
    assert main.find_all("ruby"), "no ふりがな on the page"
    assert not unmarked(main, set(app.extensions["loaded_data"].cities["yamagata"].sources))


def test_off_by_default():
    """A resident's page carries no basis attributes unless the config asks for them."""
    app = create_app({"SECRET_KEY": "test", "TESTING": True, "WTF_CSRF_ENABLED": False, "AS_OF": DAYS[1]})
    client = app.test_client()
    with client.session_transaction() as session:
        session["answers"] = {"yamagata": first_answers(DAYS[1])}
    page = client.get("/yamagata/result").get_data(as_text=True)
    assert "<main" in page and "data-basis" not in page


# The keys of an answer (the API's, the page's) whose strings are sentences a resident reads.
SENTENCES = {"summary", "lines", "validity_text", "when", "how", "recipient", "ask", "not_mailed", "notes",
             "about", "paragraphs", "methods", "unsaid", "bring", "bring_unsaid", "proxy", "items", "text",
             "says", "projection", "mixed_household", "papers", "shows", "form"}


def loose_sentences(value, key=None) -> list[str]:
    """Every sentence of an answer that is not a Statement (the answer is a typed model:
    its dataclasses are walked field by field, as the dicts of its date-free half)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [found for field in dataclasses.fields(value)
                for found in loose_sentences(getattr(value, field.name), field.name)]
    if isinstance(value, dict):
        return [found for name, item in value.items() for found in loose_sentences(item, name)]
    if isinstance(value, (list, tuple)):
        return [found for item in value for found in loose_sentences(item, key)]
    if (isinstance(value, str) and key in SENTENCES and not isinstance(value, Statement)
            and not re.fullmatch(r"[a-z_]+", value)):  # an id ("householder", "how"), not a sentence
        return [f"{key}: {value}"]
    return []


@pytest.mark.parametrize("path", CITY_FILES, ids=lambda path: path.stem)
def test_every_sentence_of_an_answer_and_its_calendar_is_a_statement(app, path):
    """The API's answer (the same view the page renders) and each calendar event say only
    statements: each with a basis of a known kind, none composed around them."""
    city = app.extensions["loaded_data"].cities[path.stem]
    loaded = app.extensions["loaded_data"]
    failures: dict[str, list[str]] = {}
    count = 0
    for as_of in DAYS:
        if as_of < city.calendar.first_day():
            continue
        for name, raw in sample(city, as_of):
            answers = flow.Route(raw, as_of, NATIONAL.ages).answers()
            for lang in LANGUAGES:
                with app.test_request_context("/"), force_locale(LOCALES[lang]):
                    view = answer(answers, as_of, city, loaded.national, lang)
                    events = reminders(view, city, lang)
                count += 1
                problems = loose_sentences(view)
                # The walk reaches the typed model's statements (the card's, the papers').
                assert loose_sentences(dataclasses.replace(view, card=dataclasses.replace(
                    view.card, projection="composed around a statement"))), "the walk reads no field"
                for event in events:
                    problems += [f"calendar: {line}" for line in event.says
                                 if not isinstance(line, Statement) or line.kind not in KINDS]
                    if event.description != "\n".join(event.says):
                        problems.append(f"calendar: a description says more than its statements: {event.summary}")
                for problem in problems:
                    failures.setdefault(problem[:120], []).append(f"{name} [{lang}]")
    assert count
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(
        f"{problem}\n    on {len(names)} answers, first: {names[0]}" for problem, names in failures.items())
