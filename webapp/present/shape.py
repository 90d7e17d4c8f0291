"""A result's shape: what it is for everyone with the same answers and the same order of days.

A view reads a resident's days only to compare them (which paper is in use, what is still
ahead, whether the change at 75 falls in this cycle) and to write them (令和8年7月31日,
31 July 2026, 2026-07-31). So two residents get the same view, but for the days written in
it, when their answers (less the birth date), the ages in force, the cycle, the papers the
rules gave them and the order of all the days involved are the same. ``shaped()`` puts a
``Slot`` in place of each day (it compares as the day, and is written as a placeholder of
its place in that order) and gives the key of that shape, which holds no date: the view,
the page's dated part and the API's bytes are then built once per shape and kept
(webapp/caching.py), and ``Filler`` writes each resident's own days into them.

A day worked out from a Slot (the cycle's end + 1) is a plain date, outside the order: a
comparison with one is in the key by its result (``late_elderly_in_cycle``).

tests/test_speed_caches.py checks that every answer and page so built equals the one built
with nothing kept, over the trust corpus and a sweep of days.
"""
from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, fields, replace
from datetime import date

from ..citydata import City
from ..datefmt import Filler, Slot
from ..rules.outcome import Answers, Document, Outcome

# Every answer but the birth date (what the rules made of it is in the outcome).
ANSWER_FIELDS = tuple(field.name for field in fields(Answers) if field.name != "birth_date")


@dataclass(frozen=True)
class Shape:
    outcome: Outcome  # with a Slot for each day
    key: tuple[Hashable, ...]  # no date in it: places, the answers, the rows
    filler: Filler  # writes this resident's days


def days_of(outcome: Outcome) -> list[date | None]:
    """Every day a view may compare or write, the cycle's too (a resident's days are
    compared with them), in a fixed order."""
    cycle = outcome.cycle
    found = [outcome.as_of, outcome.cost_share_start, outcome.late_elderly_start, outcome.old_card_valid_until,
             cycle.start, cycle.end, cycle.papers_valid_from, cycle.old_card_valid_until]
    for doc in outcome.documents:
        found += [doc.valid_from, doc.expires_on]
    return found


def paper_key(doc: Document, city: City) -> tuple[Hashable, ...]:
    """A paper without its days: its rows by their place in the city's file."""
    kept_from = None
    if doc.kept is not None:  # the row that gave a paper kept from an earlier cycle
        kept_from = next(row.number for row in city.rules.table.rows if row.kept is doc.kept)
    return (doc.type, doc.shows_cost_share, doc.current, doc.ends_because, doc.from_basis, doc.until_basis,
            doc.group, doc.row.number if doc.row else None, doc.follow is not None, kept_from, doc.condition,
            doc.issued, doc.until_exceptions is not None)


def shaped(outcome: Outcome, answers: Answers, city: City, ages: Hashable, lang: str) -> Shape:
    days = days_of(outcome)
    order = sorted({day for day in days if day is not None})
    place = {day: number for number, day in enumerate(order)}

    def slot(day: date) -> Slot:
        return Slot(day, place[day])

    def maybe(day: date | None) -> Slot | None:
        return None if day is None else Slot(day, place[day])

    cycle = outcome.cycle
    slotted = replace(
        outcome, as_of=slot(outcome.as_of), cost_share_start=slot(outcome.cost_share_start),
        late_elderly_start=slot(outcome.late_elderly_start), old_card_valid_until=maybe(outcome.old_card_valid_until),
        cycle=replace(cycle, start=slot(cycle.start), end=slot(cycle.end),
                      papers_valid_from=slot(cycle.papers_valid_from),
                      old_card_valid_until=maybe(cycle.old_card_valid_until)),
        documents=tuple(replace(doc, valid_from=maybe(doc.valid_from), expires_on=maybe(doc.expires_on))
                        for doc in outcome.documents))
    # The one comparison with a day worked out from another (the cycle's end + 1), besides
    # the order of the days themselves.
    key = (outcome.scheme, cycle.year, cycle.projected, cycle.first, outcome.late_elderly_in_cycle,
           outcome.actions, ages,
           tuple(getattr(answers, name) for name in ANSWER_FIELDS),
           tuple(paper_key(doc, city) for doc in outcome.documents),
           tuple(None if day is None else place[day] for day in days))
    return Shape(slotted, key, Filler(order, lang))
