"""Every outcome kind for one city and day, as a CSV for the call centre.

Rows: each birth month from two years before the cost-share age (68 today) to a year past
the late-elderly age (76) on ``as_of`` (born on the 1st and on the 2nd, the edge of the
legal age count) × every set of answers the wizard can collect, walked through
flow.py as a resident would. Each row is decided by the app's own ``decide()`` through
``flow.Route``, so the sheet says what the wizard says. No real person's data.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

from .. import flow
from ..citydata import City, National
from ..questions import BY_NAME, NAMES
from ..rules.ages import age_on, first_of_next_month
from ..rules.outcome import Ages, Outcome, decide

# Around the national ages in force (national.yaml): from before 70 to past 75.
YEARS_BEFORE_COST_SHARE, YEARS_PAST_LATE_ELDERLY = 2, 1
BIRTH_DAYS = (1, 2)  # born on the 1st reaches an age a month earlier than on the 2nd
PAPER_FIELDS = ("type", "condition", "issued", "valid_from", "valid_from_basis", "expires_on",
                "expires_basis", "shows_cost_share", "ends_because")
MAX_PAPERS = 4  # two registration cases × a cost-share split
ANSWER_FIELDS = NAMES[1:]


def birth_dates(as_of: date, ages: Ages) -> list[date]:
    """The 1st and 2nd of each month from the oldest to the youngest age, oldest first."""
    oldest = ages.late_elderly + YEARS_PAST_LATE_ELDERLY
    youngest = ages.cost_share - YEARS_BEFORE_COST_SHARE
    month = first_of_next_month(date(as_of.year - oldest - 1, as_of.month, 1))
    last = date(as_of.year - youngest, as_of.month, 1)
    found = []
    while month <= last:
        found += [month.replace(day=day) for day in BIRTH_DAYS]
        month = first_of_next_month(month)
    return found


def answer_sets(birth: date, as_of: date, national: National) -> Iterator[dict[str, str]]:
    """Every set of answers the wizard can collect after this birth date (an optional
    question left unanswered reads as "no", so it adds no row)."""
    def walk(raw: dict[str, str]) -> Iterator[dict[str, str]]:
        step = flow.Route(raw, as_of, national.ages).next_step
        if step is None:
            yield raw
            return
        for value in BY_NAME[step].values:
            yield from walk({**raw, step: value})
    yield from walk({"birth_date": birth.isoformat()})


def kind(outcome: Outcome) -> str:
    """A short name for the shape of the outcome, to filter on."""
    if outcome.scheme != "nhi":
        return outcome.scheme
    if not outcome.documents:
        return "nhi_no_paper"
    return " | ".join(f"{doc.condition + ': ' if doc.condition else ''}{doc.type}"
                      f"{' (earlier)' if doc.issued == 'earlier' else ''}"
                      f" to {doc.ends_because or 'no_expiry'}" for doc in outcome.documents)


def paper_field(doc, field: str):
    """A paper's field; for a date's basis, its kind (city, national, projected, not_stated)."""
    if field == "valid_from_basis":
        return doc.from_basis.kind
    if field == "expires_basis":
        return doc.until_basis.kind
    return getattr(doc, field)


def header() -> list[str]:
    papers = [f"paper{n}_{field}" for n in range(1, MAX_PAPERS + 1) for field in PAPER_FIELDS]
    return (["birth_date", "age_on_as_of", *ANSWER_FIELDS, "scheme", "kind", "cycle_start",
             "cycle_end", "projected", "papers_valid_from", "old_card_valid_until", *papers,
             "actions", "cost_share_starts_on", "late_elderly_starts_on"])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value.isoformat() if isinstance(value, date) else str(value)


def rows(city: City, national: National, as_of: date) -> Iterator[list[str]]:
    for birth in birth_dates(as_of, national.ages.on(as_of)):
        for raw in answer_sets(birth, as_of, national):
            answers = flow.Route(raw, as_of, national.ages).answers()
            outcome = decide(answers, as_of, city.rules, national.ages)
            cycle = outcome.cycle
            papers = []
            for doc in outcome.documents + (None,) * (MAX_PAPERS - len(outcome.documents)):
                papers += [_cell(doc and paper_field(doc, field)) for field in PAPER_FIELDS]
            yield [birth.isoformat(), str(age_on(birth, as_of)),
                   *[raw.get(step, "") for step in ANSWER_FIELDS],
                   outcome.scheme, kind(outcome), _cell(cycle.start), _cell(cycle.end),
                   _cell(cycle.projected), _cell(cycle.papers_valid_from),
                   _cell(outcome.old_card_valid_until), *papers,
                   " ".join(action.id for action in outcome.actions),
                   _cell(outcome.cost_share_start), _cell(outcome.late_elderly_start)]


def scenarios_csv(city: City, national: National, as_of: date) -> bytes:
    """UTF-8 with a byte-order mark, which Excel needs to read it as UTF-8."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header())
    writer.writerows(rows(city, national, as_of))
    return text.getvalue().encode("utf-8-sig")
