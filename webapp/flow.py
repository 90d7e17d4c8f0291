"""Which question follows which. Routing only: the questions say when they apply
(questions.py), the rules decide, this module asks.

Answers are a plain dict of strings (what the session cookie holds). A question is asked
only while its answer can still change the outcome.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from .questions import NAMES, QUESTIONS, YES, YES_NO_NAMES
from .rules.outcome import Answers, DatedAges, is_late_elderly

Raw = Mapping[str, str]

FIRST = NAMES[0]  # the birth date: asked of everyone


def in_nhi(raw: Raw, as_of: date, ages: DatedAges) -> bool:
    """75 or over stops after the birth date: the late-elderly scheme takes over."""
    birth = raw.get("birth_date")
    return birth is not None and not is_late_elderly(date.fromisoformat(birth), as_of, ages.on(as_of))


def asked_steps(raw: Raw, as_of: date, ages: DatedAges) -> list[str]:
    """The questions that apply to these answers, in page order."""
    nhi = in_nhi(raw, as_of, ages)
    return [q.name for q in QUESTIONS if q.name == FIRST or (nhi and q.applies(raw))]


def next_step(raw: Raw, as_of: date, ages: DatedAges) -> str | None:
    """The first question still to answer, or None when the answers are complete."""
    return next((name for name in asked_steps(raw, as_of, ages) if name not in raw), None)


def previous_step(step: str, raw: Raw, as_of: date, ages: DatedAges) -> str | None:
    """The question before ``step`` (None for the first), for the back link."""
    earlier = [name for name in asked_steps(raw, as_of, ages) if NAMES.index(name) < NAMES.index(step)]
    return earlier[-1] if earlier else None


def can_ask(step: str, raw: Raw, as_of: date, ages: DatedAges) -> bool:
    """A question may be shown once every question before it is answered."""
    asked = asked_steps(raw, as_of, ages)
    return step in asked and all(name in raw for name in asked[:asked.index(step)])


def to_answers(raw: Raw, as_of: date, ages: DatedAges) -> Answers:
    """The rules' view of complete answers; questions not asked keep their defaults."""
    value = {name: raw[name] for name in asked_steps(raw, as_of, ages)}
    return Answers(
        birth_date=date.fromisoformat(value["birth_date"]),
        my_number_card=value.get("my_number_card"),
        insurance_registration=value.get("insurance_registration"),
        **{name: value.get(name) == YES for name in YES_NO_NAMES},
    )
