"""The answer the presenters hand on is one typed, frozen model (issue 25, "One typed outcome
model"): its days are dates, every text a resident reads in the dated half is a statement with
an id, readers compare ids (never words), and the API's JSON is the model as it stands.

Over the trust corpus (tests/corpus.py) in both cities, every page language, a documented day
and a projected one.
"""
from __future__ import annotations

import dataclasses
import itertools
import re
import typing
from datetime import date

import orjson
import pytest
from flask_babel import force_locale

from tests.corpus import BIRTHS, CITIES, PAGE_LANGS, SITUATIONS
from webapp import household
from webapp.languages import LOCALES
from webapp.present import answer, paper_groups, to_json
from webapp.present.model import Answer, Household, HouseholdStep, Paper, Step
from webapp.present.statement import Statement
from webapp.rules.outcome import Answers

AS_OF = (date(2025, 9, 15), date(2026, 12, 5))


def every_answer(app, full=True):
    data = app.extensions["loaded_data"]
    for city, lang, as_of, situation, birth in itertools.product(CITIES, PAGE_LANGS, AS_OF, SITUATIONS.values(),
                                                                 BIRTHS):
        answers = Answers(birth_date=date.fromisoformat(birth), **situation)
        with force_locale(LOCALES[lang]):
            found = answer(answers, as_of, data.cities[city], data.national, lang, full)
            yield (city, lang, as_of, situation, birth), found


@pytest.fixture(scope="module")
def answers(app):
    with app.test_request_context("/"):
        return list(every_answer(app))


def test_the_answer_is_frozen_and_its_days_are_dates(answers):
    for where, found in answers:
        assert isinstance(found, Answer)
        with pytest.raises(dataclasses.FrozenInstanceError):
            found.scheme = "nhi"  # type: ignore[misc]
        days = [found.as_of, found.cost_share_starts_on, found.late_elderly.starts_on, found.cycle.start,
                found.cycle.end, found.cycle.papers_valid_from, *(item.day for item in found.dates)]
        days += [day for doc in found.documents for day in (doc.valid_from, doc.expires_on) if day is not None]
        assert all(type(day) is date for day in days), where
        assert all(isinstance(doc, Paper) for doc in found.documents), where


def test_every_text_of_the_dated_half_is_a_statement_with_an_id(answers):
    for where, found in answers:
        lines = [*found.summary, *(line for row in found.card.rows for line in row.lines), found.card.projection,
                 *(line for doc in found.documents for line in (
                     doc.validity_text, doc.form, doc.shows, *doc.mailing.lines(), *doc.notes, *doc.about)),
                 *(line for item in found.dates for line in item.says)]
        for line in lines:
            if line is not None:
                assert isinstance(line, Statement) and line.id is not None, (where, line)


def test_the_json_is_the_model(answers):
    # Field for field, in the model's order; dates as ISO days.
    for where, found in answers[::7]:
        data = orjson.loads(to_json(found))
        assert list(data) == [field.name for field in dataclasses.fields(Answer)], where
        assert data["as_of"] == found.as_of.isoformat()
        for doc, written in zip(found.documents, data["documents"], strict=True):
            assert written["valid_from"] == (doc.valid_from and doc.valid_from.isoformat()), where
            assert list(written) == [field.name for field in dataclasses.fields(Paper)], where


def test_a_statement_on_the_card_is_not_said_again_in_the_papers_section(app, answers):
    """A fact is said once per page: the card's statement (with its case label before it)
    is the same statement as the paper's line it came from, by id; the papers section leaves
    it out. Found in the 2025 cycle for a resident who does not know whether the card is
    registered: 「負担割合を表示したお知らせは、前のお知らせの有効期限が来る頃に送られます。」 stood
    under the card's 「（登録している場合）…」 and again under the paper."""
    checked = 0
    with app.test_request_context("/"):
        for where, found in answers:
            lang = where[1]
            on_card = {line.id for row in found.card.rows for line in row.lines}
            with force_locale(LOCALES[lang]):
                groups = paper_groups(found)
            below = [line for group in groups for shown in group.papers for line in (*shown.arrives, *shown.more)]
            assert not [line for line in below if line.id in on_card], where
            ids = [line.id for line in below]
            assert len(ids) == len(set(ids)), where  # and once among the papers
            checked += bool(on_card & {line.id for doc in found.documents for line in doc.mailing.lines()})
    assert checked  # the card does say some paper's lines


def test_one_statement_has_one_id_in_every_language(app):
    """An id names what is stated, not its words: the city's sentence, or the app's message and
    the values put in it, are the same in ja, ja-easy and en (for what does not depend on the
    language: a city's words)."""
    data = app.extensions["loaded_data"]
    city = data.cities["shiroishi"]
    day = date(2025, 9, 15)
    answers = Answers(birth_date=date(1980, 5, 10), my_number_card="none")
    ids = {}
    with app.test_request_context("/"):
        for lang in PAGE_LANGS:
            with force_locale(LOCALES[lang]):
                found = answer(answers, day, city, data.national, lang)
            ids[lang] = [line.id for doc in found.documents for line in doc.mailing.lines() if line.kind == "city"]
    assert ids["ja"] and ids["ja"] == ids["en"] == ids["ja-easy"]


LABEL = re.compile(r"^(If (not )?registered: |(登録済み|未登録)なら：)")
CLINIC_CASES = {  # answers -> the statements "Seeing a doctor" makes that the card says instead
    "registered": {"birth_date": "1960-03-15"},
    "unknown": {"birth_date": "1960-03-15", "insurance_registration": "unknown"},
    "no card": {"birth_date": "1960-03-15", "my_number_card": "none"},
    "lost": {"birth_date": "1960-03-15", "my_number_card": "lost"},
}
# The national sentence the card said for every city before, beside the city's own words below.
NATIONAL_SHORT = {"ja": ("マイナ保険証を見せてください（お知らせだけでは受診できません）。",),
                  "en": ("Show your My Number health insurance card (マイナ保険証): the notice alone is not enough.",)}


@pytest.mark.parametrize("case", CLINIC_CASES)
@pytest.mark.parametrize("city", CITIES)
@pytest.mark.parametrize("as_of", ["2025-09-15", "2026-12-05"])
def test_what_to_show_at_a_clinic_is_said_once_in_the_citys_words(make_app, walk, html, city, case, as_of):
    """Issue 25, "a fact is said once per page": the card said 「マイナ保険証を見せてください
    （お知らせだけでは受診できません）」 (the national rule in the app's words) and "Seeing a
    doctor" said it again in the city's (Yamagata: 「「資格情報のお知らせ」だけでは受診できま
    せん。」). The card now says the first of the section's own statements of it — the city's
    words where its document words the rule — and the section leaves it out, pointing up once."""
    app = make_app(WTF_CSRF_ENABLED=False, AS_OF=as_of)
    for lang in ("ja", "en"):
        client = app.test_client()
        client.set_cookie("lang", lang)
        client.set_cookie("furigana", "off")
        walk(client, city, CLINIC_CASES[case], start=False)
        main = html(client.get(f"/{city}/result")).find("main")
        card = main.find("section", class_="answer-card")
        clinic_row = next((row for row in card.find_all("div") if "card-clinic" in row.attrs.get("class", "")), None)
        doctor = main.find("details", id="doctor")
        assert clinic_row is not None and doctor is not None, (city, case, lang)
        # Each line's own words: without its case (「登録済みなら：」) and its basis tag.
        said = [LABEL.sub("", " ".join("".join(child for child in p.children if isinstance(child, str)).split()))
                for p in clinic_row.find_all("p")]
        below = " ".join(doctor.text.split())
        assert said and not [line for line in said if line in below], (city, case, lang, said)
        assert not any(short in " ".join(card.text.split()) for short in NATIONAL_SHORT[lang])
        # Where the city's document words the rule for the paper in use, the card says its words.
        notes = app.extensions["loaded_data"].cities[city].clinic["qualification_notice"]
        if case == "registered" and as_of == "2026-12-05":  # (2025: the old card is still in use)
            worded = [note.text[lang] for note in notes if note.restates == "clinic_notice"]
            # The first of them, what to show; the section says the rest.
            assert worded and worded[0] in " ".join(card.text.split()), (city, lang)
            assert all(text in below for text in worded[1:]), (city, lang)


def test_the_api_summary_says_the_clinic_in_the_pages_statements(answers):
    """The API's short answer composed its own clinic sentences (「At a clinic, show your My
    Number health insurance card (マイナ保険証). The notice alone is not enough.」) beside the
    page's: now each of its clinic statements is one "Seeing a doctor" or the card makes (by
    id), the city's words where it words the rule."""
    checked = 0
    for where, found in answers:
        page = {line.id for block in found.clinic for line in block.items}
        page |= {line.id for row in found.card.rows for line in row.lines}
        city_clinic = {item.id for block in found.clinic for item in block.items if item.kind == "city"}
        clinic = [line for line in found.summary
                  if line.source in ("clinic_notice", "clinic_certificate") or line.id in city_clinic]
        assert all(line.id in page for line in clinic), (where, [line for line in clinic if line.id not in page])
        checked += len(clinic)
    assert checked


# A text of the household model that is a statement: by its annotation (the rest are labels
# and names in the app's words, and ids).
STATEMENT_TYPES = {Statement, Statement | None, tuple[Statement, ...], tuple[Statement, ...] | None}


def walk_model(value, where=()):
    """Every dataclass instance in ``value`` with its path; the sequences are tuples."""
    assert not isinstance(value, (list, dict, set)), where
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield where, value
        for field in dataclasses.fields(value):
            yield from walk_model(getattr(value, field.name), (*where, field.name))
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from walk_model(item, (*where, index))


@pytest.fixture(scope="module")
def households(app):
    """Two members whose papers differ (a lost, registered card: the notice; a lost card not
    known to be registered: a paper for each case), so that both kinds are mailed and one step
    (replacing the card) is for both."""
    data = app.extensions["loaded_data"]
    found = []
    with app.test_request_context("/"):
        for city, lang, as_of in itertools.product(CITIES, PAGE_LANGS, AS_OF):
            members = [Answers(birth_date=date(1956, 3, 15), **SITUATIONS["lost"]),
                       Answers(birth_date=date(1980, 5, 10), **SITUATIONS["lost_unknown"])]
            with force_locale(LOCALES[lang]):
                views = [answer(member, as_of, data.cities[city], data.national, lang) for member in members]
                combined = household.combine(views, data.cities[city].mixed_household, lang)
            found.append(((city, lang, as_of), combined))
    return found


def test_the_household_is_frozen_and_every_text_of_it_a_statement(households):
    for where, found in households:
        assert isinstance(found, Household)
        with pytest.raises(dataclasses.FrozenInstanceError):
            found.mail = ()  # type: ignore[misc]
        assert {item.type for item in found.mail} == set(household.PAPER_TYPES), where
        assert any(len(step.members) > 1 for step in found.actions), where
        checked = 0
        for path, item in walk_model(found):
            hints = typing.get_type_hints(type(item))
            for field in dataclasses.fields(item):
                if hints[field.name] in STATEMENT_TYPES:
                    value = getattr(item, field.name)
                    for line in value if isinstance(value, tuple) else (value,):
                        assert line is None or isinstance(line, Statement) and line.id is not None, \
                            (where, path, field.name, line)
                        checked += line is not None
        assert checked, where


def test_a_household_step_is_the_step_less_whose_case_with_whom_it_is_for(households):
    names = [field.name for field in dataclasses.fields(Step) if field.name not in ("condition", "condition_text",
                                                                                    "reasons")]
    assert [field.name for field in dataclasses.fields(HouseholdStep)] == [*names, "members", "member_labels", "for_"]
    # The API writes "for" (a Python keyword: the field is for_), in the fields' order.
    for where, found in households[::5]:
        for step in found.actions:
            written = orjson.loads(to_json(step.json()))
            assert list(written) == [*names, "members", "member_labels", "for"], where
            assert written["for"] == step.for_ and written["members"] == list(step.members), where
