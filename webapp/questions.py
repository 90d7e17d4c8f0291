"""One definition per question: what it asks (its kind, choices and the message when no
answer is chosen), whether it may be left unanswered, its label on the check-your-answers
page, and when it applies. The flow, the forms, the check page, the API's validation, the
session check and the start page's count all read these; the wording of the question itself
is its template, templates/questions/<name>.html.

Adding a yes/no question: a Question here, its template, the field of rules.outcome.Answers
that the rules read, and tests (docs/adding.md).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .i18n import lazy_gettext as _l
from .rules.outcome import (
    CARD_HELD,
    CARD_LOST,
    CARD_NONE,
    NOT_REGISTERED,
    REGISTERED,
    UNKNOWN_REGISTRATION,
    card_held_or_lost,
    may_be_registered,
)

Raw = Mapping[str, str]  # answers as the session holds them: strings

DATE, CHOICE, YES_NO = "date", "choice", "yes_no"
YES, NO = "yes", "no"
# An optional question left unanswered is stored as this, and reads as "no" to the rules.
NOT_ANSWERED = "skip"


@dataclass(frozen=True)
class Question:
    name: str
    kind: str  # DATE, CHOICE or YES_NO (a bool in the API, "yes"/"no" on the pages)
    label: object  # the check page's label (a lazy string)
    applies: Callable[[Raw], bool]  # from the other answers; 75+ stops after the birth date
    choices: tuple[tuple[str, object], ...] = ()
    required: object = None  # the message when no (or a forged) choice is sent
    optional: bool = False
    # The answer most residents give: the tests' walks and the bench give it wherever they
    # name none, so that a new question breaks only the tests about it.
    usual: str | None = None

    @property
    def is_date(self) -> bool:
        return self.kind == DATE

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for value, _label in self.choices)


def always(raw: Raw) -> bool:
    return True


def has_card(raw: Raw) -> bool:
    return card_held_or_lost(raw.get("my_number_card"))


def registered_or_unsure(raw: Raw) -> bool:
    """Only a registered card can give a notice, so only then can these change the paper."""
    return may_be_registered(raw.get("my_number_card"), raw.get("insurance_registration"))


def yes_no(yes_label=_l("Yes"), no_label=_l("No")) -> tuple[tuple[str, object], ...]:
    return ((YES, yes_label), (NO, no_label))


# In the order the pages come.
QUESTIONS: tuple[Question, ...] = (
    Question("birth_date", DATE, _l("Date of birth"), always),
    Question("my_number_card", CHOICE, _l("My Number card"), always,
             choices=((CARD_HELD, _l("Yes, I have one")), (CARD_LOST, _l("I had one, but I have lost it")),
                      (CARD_NONE, _l("No, I do not have one"))),
             required=_l("Choose whether you have a My Number card"), usual=CARD_HELD),
    Question("insurance_registration", CHOICE, _l("Registered for health insurance"), has_card,
             choices=((REGISTERED, _l("Yes, it is registered")), (NOT_REGISTERED, _l("No, it is not registered")),
                      (UNKNOWN_REGISTRATION, _l("I do not know"))),
             required=_l("Choose whether your card is registered for health insurance"), usual=REGISTERED),
    Question("restricted_view", YES_NO, _l("Own information hidden in Mynaportal or at clinics"),
             registered_or_unsure, choices=yes_no(_l("Yes, I have set this")),
             required=_l("Choose yes or no, or continue without answering"), optional=True, usual=NO),
    Question("care_need", YES_NO, _l("Needs help to use the card at a clinic"),
             lambda raw: registered_or_unsure(raw) and raw.get("restricted_view") != YES,
             choices=yes_no(), required=_l("Choose yes if you need help to use the card at a clinic, or no"),
             usual=NO),
    Question("employer_insurance", YES_NO, _l("Health insurance through work"), always,
             choices=yes_no(),
             required=_l("Choose yes if you have joined or will join health insurance at work, or no"),
             usual=NO),
    Question("wants_deregistration", YES_NO, _l("Wants to cancel the registration"), registered_or_unsure,
             choices=yes_no(), required=_l("Choose yes if you want to cancel the registration, or no"),
             usual=NO),
)
BY_NAME: Mapping[str, Question] = {question.name: question for question in QUESTIONS}
NAMES: tuple[str, ...] = tuple(BY_NAME)
YES_NO_NAMES: tuple[str, ...] = tuple(q.name for q in QUESTIONS if q.kind == YES_NO)
# The usual answers, as a table (tests and scripts/bench.py start from it).
USUAL: Mapping[str, str] = {q.name: q.usual for q in QUESTIONS if q.usual is not None}
