"""One request's wizard: the resident's answers for the city, the day asked about and the
ages in force that day, found once per request and asked what the flow says of them."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from flask import current_app, g, session

from .. import flow
from ..citydata import loaded
from ..clock import today_in_tokyo
from ..rules.outcome import Answers, DatedAges


@dataclass(frozen=True)
class Wizard:
    raw: Mapping[str, str]
    as_of: date
    ages: DatedAges
    steps: list[str] = field(init=False)  # the questions these answers ask, in page order

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", flow.asked_steps(self.raw, self.as_of, self.ages))

    @property
    def birth_date(self) -> date | None:
        return date.fromisoformat(self.raw["birth_date"]) if "birth_date" in self.raw else None

    @property
    def next_step(self) -> str | None:
        """The first question still open, or None: every question asked has its answer."""
        return next((name for name in self.steps if name not in self.raw), None)

    @property
    def complete(self) -> bool:
        return self.next_step is None

    @property
    def in_nhi(self) -> bool:
        return flow.in_nhi(self.raw, self.as_of, self.ages)

    def previous_step(self, step: str) -> str | None:
        return flow.previous_step(step, self.raw, self.as_of, self.ages)

    def can_ask(self, step: str) -> bool:
        return flow.can_ask(step, self.raw, self.as_of, self.ages)

    def progress(self, step: str) -> tuple[int, int | None]:
        return flow.progress(step, self.raw, self.as_of, self.ages)

    def answers(self) -> Answers:
        return flow.to_answers(self.raw, self.as_of, self.ages)


def as_of() -> date:
    return current_app.config["AS_OF"] or today_in_tokyo()


def stored_answers() -> dict:
    return session.get("answers", {}).get(g.city.id, {})


def wizard() -> Wizard:
    """This request's wizard for ``g.city``, made once (and again after the answers change)."""
    found = g.get("wizard")
    if found is None:
        found = g.wizard = Wizard(stored_answers(), as_of(), loaded().national.ages)
    return found


def save_answers(raw: dict) -> None:
    stored = session.get("answers", {})
    stored[g.city.id] = raw
    session["answers"] = stored  # reassigning marks the cookie as changed
    g.wizard = None
