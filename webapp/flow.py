"""Which question follows which. Routing only: the questions say when they apply
(questions.py), the rules decide, this module asks.

Answers are a plain dict of strings (what the session cookie holds). A question is asked
only while its answer can still change the outcome.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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


def _asked(nhi: bool, raw: Raw) -> list[str]:
    return [q.name for q in QUESTIONS if q.name == FIRST or (nhi and q.applies(raw))]


@dataclass(frozen=True)
class Route:
    """One resident's way through the questions: which their answers ask, in page order,
    worked out once (web/context.py makes one per request)."""

    raw: Raw
    as_of: date
    ages: DatedAges
    in_nhi: bool = field(init=False)
    steps: tuple[str, ...] = field(init=False)  # the questions these answers ask, in page order

    def __post_init__(self) -> None:
        nhi = in_nhi(self.raw, self.as_of, self.ages)
        object.__setattr__(self, "in_nhi", nhi)
        object.__setattr__(self, "steps", tuple(_asked(nhi, self.raw)))

    @property
    def birth_date(self) -> date | None:
        return date.fromisoformat(self.raw["birth_date"]) if "birth_date" in self.raw else None

    @property
    def next_step(self) -> str | None:
        """The first question still to answer, or None when the answers are complete."""
        return next((name for name in self.steps if name not in self.raw), None)

    @property
    def complete(self) -> bool:
        return self.next_step is None

    def previous_step(self, step: str) -> str | None:
        """The question before ``step`` (None for the first), for the back link."""
        earlier = [name for name in self.steps if NAMES.index(name) < NAMES.index(step)]
        return earlier[-1] if earlier else None

    def can_ask(self, step: str) -> bool:
        """A question may be shown once every question before it is answered."""
        return step in self.steps and all(name in self.raw for name in self.steps[:self.steps.index(step)])

    def progress(self, step: str) -> tuple[int, int | None]:
        """「質問 N」, and its total where no answer still to give can change it.

        N is the place of ``step`` among the questions these answers ask: it rises by one per
        page. The total is given only when every way of answering the questions not answered
        yet asks as many (issue 27: a total that shrank, 「質問 2／7」 then 「質問 3／3」, read as a
        jump); otherwise None, and the page says 「質問 N」 alone."""
        # The page being answered may change the total too: its own answer counts as not given
        # (on the birth date's page, NHI or not is open again).
        nhi = self.in_nhi if FIRST in self.raw and step != FIRST else None  # None: either way still open
        answered = frozenset((name, self.raw[name]) for name in NAMES
                             if name in self.raw and name not in (FIRST, step))
        fewest, most = _routes(nhi, answered)
        return self.steps.index(step) + 1, most if fewest == most else None

    def answers(self) -> Answers:
        """The rules' view of complete answers; questions not asked keep their defaults."""
        value = {name: self.raw[name] for name in self.steps}
        return Answers(
            birth_date=date.fromisoformat(value["birth_date"]),
            my_number_card=value.get("my_number_card"),
            insurance_registration=value.get("insurance_registration"),
            **{name: value.get(name) == YES for name in YES_NO_NAMES},
        )


# The answers given so far, each one of its question's choices (the birth date reduced to
# in NHI or not): a key from finite sets, the same for every resident who gave them.
@memoized(maxsize=512)  # a page view costs a lookup, not the walk (answers are few values)
def _routes(nhi: bool | None, answered: frozenset[tuple[str, str]]) -> tuple[int, int]:
    """The fewest and the most questions asked over every way of answering those still
    open; the birth date reduced to whether it keeps the resident in NHI (the only thing it
    routes)."""
    if nhi is None:
        (low_in, high_in), (low_out, high_out) = _routes(True, answered), _routes(False, answered)
        return min(low_in, low_out), max(high_in, high_out)
    raw = dict(answered)
    asked = _asked(nhi, raw)
    step = next((name for name in asked if name != FIRST and name not in raw), None)
    if step is None:
        return len(asked), len(asked)
    question = BY_NAME[step]
    values = question.values + ((NOT_ANSWERED,) if question.optional else ())
    counts = [_routes(nhi, answered | {(step, value)}) for value in values]
    return min(low for low, _ in counts), max(high for _, high in counts)
