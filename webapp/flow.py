"""Which question follows which. Routing only: the rules decide, this module asks.

Answers are a plain dict of strings (what the session cookie holds). A question is asked
only while its answer can still change the outcome.
"""
from __future__ import annotations

from datetime import date
from typing import Callable, Mapping

from .rules.outcome import Answers, DatedAges, is_late_elderly

Raw = Mapping[str, str]

YES_NO_STEPS = ("restricted_view", "care_need", "employer_insurance", "wants_deregistration")


def _nhi(raw: Raw, as_of: date, ages: DatedAges) -> bool:
    """75 or over stops after the birth date: the late-elderly scheme takes over."""
    birth = raw.get("birth_date")
    return birth is not None and not is_late_elderly(date.fromisoformat(birth), as_of, ages.on(as_of))


def _has_card(raw: Raw) -> bool:
    return raw.get("my_number_card") in ("held", "lost")


def _may_be_registered(raw: Raw) -> bool:
    return _has_card(raw) and raw.get("insurance_registration") in ("registered", "unknown")


# (step, asked when) in the order the pages come.
STEPS: tuple[tuple[str, Callable[[Raw, date, DatedAges], bool]], ...] = (
    ("birth_date", lambda raw, as_of, ages: True),
    ("my_number_card", _nhi),
    ("insurance_registration", lambda raw, as_of, ages: _nhi(raw, as_of, ages) and _has_card(raw)),
    # Only a registered card can give a notice, so only then can these change the paper.
    ("restricted_view", lambda raw, as_of, ages: _nhi(raw, as_of, ages) and _may_be_registered(raw)),
    ("care_need", lambda raw, as_of, ages: _nhi(raw, as_of, ages) and _may_be_registered(raw)
        and raw.get("restricted_view") != "yes"),
    ("employer_insurance", _nhi),
    ("wants_deregistration", lambda raw, as_of, ages: _nhi(raw, as_of, ages) and _may_be_registered(raw)),
)
STEP_NAMES = tuple(name for name, _ in STEPS)


def asked_steps(raw: Raw, as_of: date, ages: DatedAges) -> list[str]:
    """The questions that apply to these answers, in page order."""
    return [name for name, asked in STEPS if asked(raw, as_of, ages)]


def next_step(raw: Raw, as_of: date, ages: DatedAges) -> str | None:
    """The first question still to answer, or None when the answers are complete."""
    return next((name for name in asked_steps(raw, as_of, ages) if name not in raw), None)


def previous_step(step: str, raw: Raw, as_of: date, ages: DatedAges) -> str | None:
    """The question before ``step`` (None for the first), for the back link."""
    earlier = [name for name in asked_steps(raw, as_of, ages)
               if STEP_NAMES.index(name) < STEP_NAMES.index(step)]
    return earlier[-1] if earlier else None


def can_ask(step: str, raw: Raw, as_of: date, ages: DatedAges) -> bool:
    """A question may be shown once every question before it is answered."""
    asked = asked_steps(raw, as_of, ages)
    return step in asked and all(name in raw for name in asked[:asked.index(step)])


def to_answers(raw: Raw, as_of: date, ages: DatedAges) -> Answers:
    """The rules' view of complete answers; questions not asked keep their defaults."""
    asked = asked_steps(raw, as_of, ages)
    value = {name: raw[name] for name in asked}
    return Answers(
        birth_date=date.fromisoformat(value["birth_date"]),
        my_number_card=value.get("my_number_card"),
        insurance_registration=value.get("insurance_registration"),
        **{name: value.get(name) == "yes" for name in YES_NO_STEPS},
    )
