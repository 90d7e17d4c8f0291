"""webapp/flow.py on its own: which questions apply, which comes next, which one the back
link goes to, and which may be shown, for a table of answers as the session holds them
(plain strings). Every expectation is written out here by hand for the seven questions
these tables were written for (``KNOWN``); nothing is read from flow.py to build it. A
question added since (docs/adding.md) is expected where its own definition in
questions.QUESTIONS puts it (its place in the list, ``applies``, ``usual``), so that adding
one breaks only the tests about it. The ages are the real national ones (70 and 75) on
2026-01-15.
"""
from __future__ import annotations

from dataclasses import asdict
from datetime import date

import pytest

from webapp.citydata import load_national
from webapp.flow import Route
from webapp.questions import NAMES, QUESTIONS, USUAL, YES, YES_NO

AS_OF = date(2026, 1, 15)
AGES = load_national().ages


# The flow's questions, each asked of a Route made for the answers (as a request makes one).
def asked_steps(raw, as_of, ages) -> list[str]:
    return list(Route(raw, as_of, ages).steps)


def next_step(raw, as_of, ages) -> str | None:
    return Route(raw, as_of, ages).next_step


def previous_step(step, raw, as_of, ages) -> str | None:
    return Route(raw, as_of, ages).previous_step(step)


def can_ask(step, raw, as_of, ages) -> bool:
    return Route(raw, as_of, ages).can_ask(step)


def progress(step, raw, as_of, ages) -> tuple[int, int | None]:
    return Route(raw, as_of, ages).progress(step)


def to_answers(raw, as_of, ages):
    return Route(raw, as_of, ages).answers()

UNDER_70 = "1980-05-10"
OVER_75 = "1950-01-01"
TURNS_75_TODAY = "1951-01-15"  # the 75th birthday is AS_OF: the late-elderly scheme from today
TURNS_75_TOMORROW = "1951-01-16"

BD, CARD, REG, RV, CARE, EMP, DEREG = ("birth_date", "my_number_card", "insurance_registration",
                                       "restricted_view", "care_need", "employer_insurance",
                                       "wants_deregistration")
EVERY_STEP = [BD, CARD, REG, RV, CARE, EMP, DEREG]
NO_CARD_STEPS = [BD, CARD, EMP]
UNREGISTERED_STEPS = [BD, CARD, REG, EMP]
RESTRICTED_STEPS = [BD, CARD, REG, RV, EMP, DEREG]

# The questions the tables below name, and those added since (each with its own tests).
KNOWN = tuple(EVERY_STEP)
ADDED = tuple(question for question in QUESTIONS if question.name not in KNOWN)
CLOSED = (OVER_75, TURNS_75_TODAY)  # birth dates that stop after the birth date

# Every question answered: the usual answers (questions.USUAL), these ones named.
REGISTERED_ALL_NO = {**USUAL, BD: UNDER_70, CARD: "held", REG: "registered", RV: "no", CARE: "no",
                     EMP: "no", DEREG: "no"}


def answers(**changes: str | None) -> dict[str, str]:
    """REGISTERED_ALL_NO with ``changes``; None removes an answer."""
    raw = dict(REGISTERED_ALL_NO, **changes)
    return {step: value for step, value in raw.items() if value is not None}


def added_asked(raw: dict[str, str]) -> list[str]:
    """The questions added since these tables that ``raw`` asks: where its own ``applies``
    says, once a birth date under 75 is given (75+ stops after the birth date)."""
    if raw.get(BD) in (None, *CLOSED):
        return []
    return [question.name for question in ADDED if question.applies(raw)]


def with_added(asked: list[str], raw: dict[str, str]) -> list[str]:
    """A table's ``asked`` (in its own order) with the added questions ``raw`` asks, each
    after the question that comes before it in questions.QUESTIONS."""
    steps = list(asked)
    for name in added_asked(raw):
        before = [step for step in NAMES[:NAMES.index(name)] if step in steps]
        steps.insert(steps.index(before[-1]) + 1 if before else 0, name)
    return steps


def next_of(steps: list[str], raw: dict[str, str], following: str | None) -> str | None:
    """The table's next question, unless an added question not answered yet comes first."""
    return next((step for step in steps
                 if step == following or (step not in KNOWN and step not in raw)), None)


# (raw answers, the questions asked in page order, the next question or None when complete)
CASES = {
    "nothing yet": ({}, [BD], BD),
    "over 75": ({BD: OVER_75}, [BD], None),
    "75th birthday today": ({BD: TURNS_75_TODAY}, [BD], None),
    "75th birthday tomorrow": ({BD: TURNS_75_TOMORROW}, [BD, CARD, EMP], CARD),
    "under 70, card not answered": ({BD: UNDER_70}, [BD, CARD, EMP], CARD),
    "no card": ({BD: UNDER_70, CARD: "none"}, NO_CARD_STEPS, EMP),
    "no card, complete": ({BD: UNDER_70, CARD: "none", EMP: "yes"}, NO_CARD_STEPS, None),
    "card held, registration not answered": ({BD: UNDER_70, CARD: "held"},
                                             UNREGISTERED_STEPS, REG),
    "card lost, registration not answered": ({BD: UNDER_70, CARD: "lost"},
                                             UNREGISTERED_STEPS, REG),
    "held, registered": ({BD: UNDER_70, CARD: "held", REG: "registered"}, EVERY_STEP, RV),
    "held, registration unknown": ({BD: UNDER_70, CARD: "held", REG: "unknown"}, EVERY_STEP, RV),
    "held, not registered": ({BD: UNDER_70, CARD: "held", REG: "not_registered"},
                             UNREGISTERED_STEPS, EMP),
    "lost, registered": ({BD: UNDER_70, CARD: "lost", REG: "registered"}, EVERY_STEP, RV),
    "lost, not registered, complete": ({BD: UNDER_70, CARD: "lost", REG: "not_registered",
                                        EMP: "no"}, UNREGISTERED_STEPS, None),
    "restricted view skipped": (answers(**{RV: "skip", CARE: None, EMP: None, DEREG: None}),
                                EVERY_STEP, CARE),
    "restricted view no": (answers(**{CARE: None, EMP: None, DEREG: None}), EVERY_STEP, CARE),
    "restricted view yes": (answers(**{RV: "yes", CARE: None, EMP: None, DEREG: None}),
                            RESTRICTED_STEPS, EMP),
    "restricted view yes, complete": (answers(**{RV: "yes", CARE: None}), RESTRICTED_STEPS,
                                      None),
    "all answered, all no": (answers(), EVERY_STEP, None),
    "all answered, all yes": (answers(**{REG: "unknown", RV: "yes", CARE: "yes", EMP: "yes",
                                         DEREG: "yes"}), RESTRICTED_STEPS, None),
    "care need yes, the rest not answered": (answers(**{CARE: "yes", EMP: None, DEREG: None}),
                                             EVERY_STEP, EMP),
    "employer answered, deregistration not": (answers(**{DEREG: None}), EVERY_STEP, DEREG),
    # Answers given before a change that made them moot stay in the session, unasked:
    "card changed to none": (answers(**{CARD: "none", CARE: "yes", DEREG: "yes"}),
                             NO_CARD_STEPS, None),
    "registration changed to not registered": (answers(**{REG: "not_registered"}),
                                               UNREGISTERED_STEPS, None),
    "birth date changed to over 75": (answers(**{BD: OVER_75}), [BD], None),
    # ...and a question answered out of order does not hide an earlier gap.
    "gap before later answers": (answers(**{RV: None}), EVERY_STEP, RV),
}


@pytest.mark.parametrize("raw, asked, following", CASES.values(), ids=CASES)
def test_asked_steps_and_next_step(raw, asked, following):
    steps = with_added(asked, raw)
    assert asked_steps(raw, AS_OF, AGES) == steps
    assert next_step(raw, AS_OF, AGES) == next_of(steps, raw, following)


@pytest.mark.parametrize("raw, asked, following", CASES.values(), ids=CASES)
def test_the_back_link_goes_to_the_question_asked_before(raw, asked, following):
    # asked is the literal list above: each question's back link is the one before it.
    steps = with_added(asked, raw)
    for before, step in zip([None] + steps, steps):
        assert previous_step(step, raw, AS_OF, AGES) == before, step


@pytest.mark.parametrize("raw, asked, following", CASES.values(), ids=CASES)
def test_only_questions_asked_after_complete_earlier_answers_can_be_shown(raw, asked, following):
    steps = with_added(asked, raw)
    for step in NAMES:
        earlier = steps[:steps.index(step)] if step in steps else None
        expected = earlier is not None and all(name in raw for name in earlier)
        assert can_ask(step, raw, AS_OF, AGES) is expected, step


# The same rules written out in full for a few answer sets: can_ask for every question.
CAN_ASK = {
    "nothing yet": ({}, [BD]),
    "over 75": ({BD: OVER_75}, [BD]),
    "under 70, card not answered": ({BD: UNDER_70}, [BD, CARD]),
    "no card": ({BD: UNDER_70, CARD: "none"}, [BD, CARD, EMP]),
    "card held": ({BD: UNDER_70, CARD: "held"}, [BD, CARD, REG]),
    "held, registered": ({BD: UNDER_70, CARD: "held", REG: "registered"}, [BD, CARD, REG, RV]),
    "restricted view skipped": ({BD: UNDER_70, CARD: "held", REG: "registered", RV: "skip"},
                                [BD, CARD, REG, RV, CARE]),
    "restricted view yes": ({BD: UNDER_70, CARD: "held", REG: "registered", RV: "yes"},
                            [BD, CARD, REG, RV, EMP]),
    "all answered": (answers(), EVERY_STEP),
    "all answered, restricted view yes": (answers(**{RV: "yes"}), [BD, CARD, REG, RV, EMP, DEREG]),
    "gap before later answers": (answers(**{RV: None}), [BD, CARD, REG, RV]),
}


@pytest.mark.parametrize("raw, shown", CAN_ASK.values(), ids=CAN_ASK)
def test_can_ask_written_out(raw, shown):
    # An added question asked and not answered yet holds back those that come after it.
    gaps = [name for name in added_asked(raw) if name not in raw]
    shown = [step for step in shown if not gaps or NAMES.index(step) < NAMES.index(gaps[0])]
    assert [step for step in EVERY_STEP if can_ask(step, raw, AS_OF, AGES)] == shown


# (step, raw answers, the back link's question) where the step itself is not asked or the
# answers are only partly there.
PREVIOUS = [
    (BD, {}, None),
    (CARD, {BD: UNDER_70}, BD),
    (EMP, {BD: UNDER_70}, CARD),
    (EMP, {BD: UNDER_70, CARD: "none"}, CARD),
    (EMP, {BD: UNDER_70, CARD: "held", REG: "not_registered"}, REG),
    (EMP, {BD: UNDER_70, CARD: "held", REG: "registered", RV: "yes"}, RV),
    (EMP, {BD: UNDER_70, CARD: "held", REG: "registered", RV: "no"}, CARE),
    (EMP, {BD: UNDER_70, CARD: "held", REG: "registered", RV: "skip"}, CARE),
    (DEREG, answers(), EMP),
    (CARE, answers(), RV),
    (RV, answers(**{CARD: "lost", REG: "unknown"}), REG),
    # Not asked any more: the back link still goes to the last question asked before it.
    (CARE, answers(**{CARD: "none"}), CARD),
    (DEREG, answers(**{REG: "not_registered"}), EMP),
    (CARD, {BD: OVER_75}, BD),
]


@pytest.mark.parametrize("step, raw, before", PREVIOUS)
def test_previous_step_written_out(step, raw, before):
    # An added question asked between the two is the back link's question instead.
    between = [name for name in added_asked(raw) if NAMES.index(name) < NAMES.index(step)
               and (before is None or NAMES.index(name) > NAMES.index(before))]
    assert previous_step(step, raw, AS_OF, AGES) == (between[-1] if between else before)


# (raw answers, what the rules are given)
TO_ANSWERS = {
    "all no": (answers(), dict(
        birth_date=date(1980, 5, 10), my_number_card="held", insurance_registration="registered",
        restricted_view=False, care_need=False, employer_insurance=False,
        wants_deregistration=False)),
    "all yes, registration unknown": (
        answers(**{CARD: "lost", REG: "unknown", RV: "no", CARE: "yes", EMP: "yes", DEREG: "yes"}),
        dict(birth_date=date(1980, 5, 10), my_number_card="lost", insurance_registration="unknown",
             restricted_view=False, care_need=True, employer_insurance=True,
             wants_deregistration=True)),
    "restricted view skipped reads as no": (answers(**{RV: "skip", CARE: "yes"}), dict(
        birth_date=date(1980, 5, 10), my_number_card="held", insurance_registration="registered",
        restricted_view=False, care_need=True, employer_insurance=False,
        wants_deregistration=False)),
    # Answers no longer asked are dropped, whatever they say.
    "restricted view yes drops care need": (answers(**{RV: "yes", CARE: "yes"}), dict(
        birth_date=date(1980, 5, 10), my_number_card="held", insurance_registration="registered",
        restricted_view=True, care_need=False, employer_insurance=False,
        wants_deregistration=False)),
    "no card drops the card's questions": (
        answers(**{CARD: "none", RV: "yes", CARE: "yes", EMP: "yes", DEREG: "yes"}),
        dict(birth_date=date(1980, 5, 10), my_number_card="none", insurance_registration=None,
             restricted_view=False, care_need=False, employer_insurance=True,
             wants_deregistration=False)),
    "not registered drops the notice's questions": (
        answers(**{REG: "not_registered", RV: "yes", CARE: "yes", DEREG: "yes"}),
        dict(birth_date=date(1980, 5, 10), my_number_card="held",
             insurance_registration="not_registered", restricted_view=False, care_need=False,
             employer_insurance=False, wants_deregistration=False)),
    "over 75 keeps only the birth date": (
        answers(**{BD: OVER_75, CARE: "yes", EMP: "yes", DEREG: "yes"}),
        dict(birth_date=date(1950, 1, 1), my_number_card=None, insurance_registration=None,
             restricted_view=False, care_need=False, employer_insurance=False,
             wants_deregistration=False)),
}


@pytest.mark.parametrize("raw, expected", TO_ANSWERS.values(), ids=TO_ANSWERS)
def test_to_answers(raw, expected):
    given = asdict(to_answers(raw, AS_OF, AGES))
    assert {name: given.get(name) for name in expected} == expected
    # A yes/no question added since is true only where it is asked and answered yes.
    added = {question.name: question.name in added_asked(raw) and raw.get(question.name) == YES
             for question in ADDED if question.kind == YES_NO}
    assert {name: given.get(name) for name in added} == added
    assert set(given) == set(expected) | {question.name for question in ADDED}


# 「質問 N」 (issues 17 and 27): N is the place among the questions asked, rising by one per
# page; the total is given only where no answer still to give (the page's own included) can
# change it, else None: a total never shrinks from one page to the next. (step, raw answers,
# (N, total)), written out by hand for the seven questions; a question added since counts in
# N where it comes before the step, and in a total where the usual answers to those not
# given yet ask it.
PROGRESS = {
    "nothing yet": (BD, {}, (1, None)),
    "over 75, back on the birth date": (BD, {BD: OVER_75}, (1, None)),
    "75th birthday today": (BD, {BD: TURNS_75_TODAY}, (1, None)),
    "75th birthday tomorrow": (CARD, {BD: TURNS_75_TOMORROW}, (2, None)),
    "under 70, back on the birth date": (BD, {BD: UNDER_70}, (1, None)),
    "under 70, card next": (CARD, {BD: UNDER_70}, (2, None)),
    "no card: 3 in all": (EMP, {BD: UNDER_70, CARD: "none"}, (3, 3)),
    "no card, back on the card": (CARD, {BD: UNDER_70, CARD: "none"}, (2, None)),
    "card held, registration next": (REG, {BD: UNDER_70, CARD: "held"}, (3, None)),
    "lost card, registration next": (REG, {BD: UNDER_70, CARD: "lost"}, (3, None)),
    "not registered: 4 in all": (EMP, {BD: UNDER_70, CARD: "held", REG: "not_registered"}, (4, 4)),
    "registered, restricted view next": (RV, {BD: UNDER_70, CARD: "held", REG: "registered"}, (4, None)),
    "registration unknown": (RV, {BD: UNDER_70, CARD: "held", REG: "unknown"}, (4, None)),
    "restricted view no": (CARE, answers(**{CARE: None, EMP: None, DEREG: None}), (5, 7)),
    "restricted view skipped": (CARE, answers(**{RV: "skip", CARE: None, EMP: None, DEREG: None}),
                                (5, 7)),
    "restricted view yes: care need not asked": (EMP, answers(**{RV: "yes", CARE: None, EMP: None,
                                                                 DEREG: None}), (5, 6)),
    "restricted view yes, last": (DEREG, answers(**{RV: "yes", CARE: None, DEREG: None}), (6, 6)),
    "all answered, last": (DEREG, answers(), (7, 7)),
    "all answered, back on the card": (CARD, answers(), (2, None)),
    # A change that rules questions out counts at once; answers made moot stay unasked.
    "card changed to none": (CARD, answers(**{CARD: "none"}), (2, None)),
    "birth date changed to over 75": (BD, answers(**{BD: OVER_75}), (1, None)),
}


@pytest.mark.parametrize("step, raw, expected", PROGRESS.values(), ids=PROGRESS)
def test_progress_written_out(step, raw, expected):
    number, total = expected
    number += sum(NAMES.index(name) < NAMES.index(step) for name in added_asked(raw))
    if total is not None:
        total += len(added_asked({**USUAL, BD: UNDER_70, **raw}))
    assert progress(step, raw, AS_OF, AGES) == (number, total)


@pytest.mark.parametrize("raw, asked, following", CASES.values(), ids=CASES)
def test_progress_counts_the_questions_asked(raw, asked, following):
    """On every question that may be shown, N is its place among those asked, and a total,
    where one is given, at least as many as asked; on the last page of complete answers it is
    given, and exactly as many."""
    steps = with_added(asked, raw)
    for step in NAMES:
        if not can_ask(step, raw, AS_OF, AGES):
            continue
        number, total = progress(step, raw, AS_OF, AGES)
        assert number == steps.index(step) + 1, step
        assert total is None or total >= len(steps), step
        if next_of(steps, raw, following) is None and step == steps[-1] and step != BD:
            assert total == len(steps), step


@pytest.mark.parametrize("path", ["/yamagata/q/care_need", "/yamagata/check", "/yamagata/result"])
def test_a_page_works_the_route_out_once(make_app, walk, monkeypatch, path):
    """Issue 30: a question page asked the flow for the questions 4 times and whether the
    resident is in NHI 5 times. A request makes one Route, and asks it."""
    from webapp import flow
    client = make_app(WTF_CSRF_ENABLED=False).test_client()
    walk(client, "yamagata", {"birth_date": UNDER_70, "my_number_card": "held",
                              "insurance_registration": "unknown", "restricted_view": "no",
                              "care_need": "no", "employer_insurance": "no"}, start=False)
    calls = []
    real = flow.in_nhi
    monkeypatch.setattr(flow, "in_nhi", lambda *args: calls.append(args) or real(*args))
    assert client.get(path).status_code == 200
    assert len(calls) == 1, path
