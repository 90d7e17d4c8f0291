"""Which question follows which. Routing only: the questions say when they apply
(questions.py), the rules decide, this module asks.

Answers are a plain dict of strings (what the session cookie holds). A question is asked
only while its answer can still change the outcome.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from .caching import memoized
from .questions import BY_NAME, NAMES, NOT_ANSWERED, QUESTIONS, YES, YES_NO_NAMES
from .rules.outcome import Answers, DatedAges, is_late_elderly

Raw = Mapping[str, str]

FIRST = NAMES[0]  # the birth date: asked of everyone


def in_nhi(raw: Raw, as_of: date, ages: DatedAges) -> bool:
    """75 or over stops after the birth date: the late-elderly scheme takes over."""
    birth = raw.get("birth_date")
    return birth is not None and not is_late_elderly(date.fromisoformat(birth), as_of, ages.on(as_of))


def asked_steps(raw: Raw, as_of: date, ages: DatedAges) -> list[str]:
    """The questions that apply to these answers, in page order."""
    return _asked(in_nhi(raw, as_of, ages), raw)


def _asked(nhi: bool, raw: Raw) -> list[str]:
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


def progress(step: str, raw: Raw, as_of: date, ages: DatedAges) -> tuple[int, int]:
    """"Question N of M" on the page of ``step`` (one that can_ask allows).

    N is the place of ``step`` among the questions these answers ask. M is how many they
    ask if every question not answered yet gets the answer that asks the most: the longest
    route still open. So M never promises fewer questions than the resident may meet, and
    it drops as soon as an answer rules questions out (a 75+ birth date: 1 of 1)."""
    nhi = in_nhi(raw, as_of, ages) if FIRST in raw else None  # None: either way still open
    answered = frozenset((name, raw[name]) for name in NAMES if name in raw and name != FIRST)
    return asked_steps(raw, as_of, ages).index(step) + 1, _longest(nhi, answered)


@memoized(maxsize=512)  # a page view costs a lookup, not the walk (answers are few values)
def _longest(nhi: bool | None, answered: frozenset[tuple[str, str]]) -> int:
    """The most questions asked over every way of answering those still open; the birth
    date reduced to whether it keeps the resident in NHI (the only thing it routes)."""
    if nhi is None:
        return max(_longest(True, answered), _longest(False, answered))
    raw = dict(answered)
    asked = _asked(nhi, raw)
    step = next((name for name in asked if name != FIRST and name not in raw), None)
    if step is None:
        return len(asked)
    question = BY_NAME[step]
    values = question.values + ((NOT_ANSWERED,) if question.optional else ())
    return max(_longest(nhi, answered | {(step, value)}) for value in values)


def to_answers(raw: Raw, as_of: date, ages: DatedAges) -> Answers:
    """The rules' view of complete answers; questions not asked keep their defaults."""
    value = {name: raw[name] for name in asked_steps(raw, as_of, ages)}
    return Answers(
        birth_date=date.fromisoformat(value["birth_date"]),
        my_number_card=value.get("my_number_card"),
        insurance_registration=value.get("insurance_registration"),
        **{name: value.get(name) == YES for name in YES_NO_NAMES},
    )
