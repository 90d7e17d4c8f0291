"""The outcome as data for people: one dict that the outcome page renders and the API
returns. Adds the city's own words (its table's cells, offices, steps) to the rules'
decision, decides what the page shows (the summary, which offices, which reference items),
and records what every statement rests on.

Whose fact is it: a city's statement comes from that city's data file (its own document,
with the words it was read from); a national rule comes from the national file and is
listed as a rule for all of Japan. Where the city's document is silent, the text says so
once and names only the office the document names (or none).

Every sentence written is also recorded with what it rests on (``Writer.trail``), for
`flask cities preview`, which lists them for a clerk to proofread.

Text fields are in ``lang``; call inside a request or ``flask_babel.force_locale``.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date
from typing import NamedTuple

from flask_babel import get_translations

from ..caching import enabled, same_for_shape
from ..citydata import City, National
from ..datefmt import Filler
from ..rules.outcome import Answers, Outcome, decide
from .dated import Presenter
from .labels import CONDITION_LABELS, DOCUMENT_NAMES, GROUP_HEADINGS
from .model import Answer, PaperGroup, PaperShown, to_json
from .shape import shaped
from .situation import Situation, SituationPresenter, situation_view
from .sources import bracketed, localized, source_label
from .statement import ui

__all__ = ["Answer", "CONDITION_LABELS", "DOCUMENT_NAMES", "Presenter", "Shaped", "Situation", "SituationPresenter",
           "answer", "answer_and_situation", "answer_bytes", "bracketed", "localized", "outcome_view", "paper_groups",
           "said_on_card", "shaped_answer", "situation_view", "source_label", "to_json"]


def outcome_view(outcome: Outcome, answers: Answers, city: City, national: National,
                 lang: str, situation: Situation | None = None, full: bool = True) -> Answer:
    """Everything the outcome page shows and the API answers, in ``lang``. ``full``: with
    the API's short answer (``summary``) and what each date ahead says (the API, the
    calendar file); a page shows neither, and needs only which dates there are (for its
    calendar link)."""
    return Presenter(outcome, answers, city, national, lang, situation).view(full)


def answer_and_situation(answers: Answers, as_of: date, city: City, national: National,
                         lang: str, full: bool = True) -> tuple[Answer, Situation]:
    """The one path from answers to what the page and the API show, with the situation
    the page keys its date-free sections by."""
    outcome = decide(answers, as_of, city.rules, national.ages)
    situation = Situation.of(outcome, answers)
    return outcome_view(outcome, answers, city, national, lang, situation, full), situation


def answer(answers: Answers, as_of: date, city: City, national: National, lang: str,
           full: bool = True) -> Answer:
    return answer_and_situation(answers, as_of, city, national, lang, full)[0]


class Shaped(NamedTuple):
    """A result as kept for its shape (webapp/present/shape.py): the view with placeholders
    for the days, its situation, the key of its shape (None with nothing kept: the view
    then holds the days themselves), and the filler that writes this resident's days."""

    view: Answer
    situation: Situation
    key: Hashable | None
    filler: Filler


def shaped_answer(answers: Answers, as_of: date, city: City, national: National, lang: str,
                  full: bool = True) -> Shaped:
    """The answer of the result page: built once per shape and kept; every text in it goes
    through ``filler`` before a resident sees it."""
    outcome = decide(answers, as_of, city.rules, national.ages)
    situation = Situation.of(outcome, answers)
    if not enabled():
        view = outcome_view(outcome, answers, city, national, lang, situation, full)
        return Shaped(view, situation, None, Filler((), lang))
    shape = shaped(outcome, answers, city, national.ages.on(as_of), lang)
    view = same_for_shape("shaped-view", city.id, lang, full, shape.key, build=lambda: outcome_view(
        shape.outcome, answers, city, national, lang, situation, full))
    return Shaped(view, situation, shape.key, shape.filler)


def answer_bytes(answers: Answers, as_of: date, city: City, national: National, lang: str) -> bytes:
    """The API's answer as JSON: the bytes kept per shape (not the view they were made
    from), this resident's days written in."""
    outcome = decide(answers, as_of, city.rules, national.ages)
    if not enabled():
        return to_json(outcome_view(outcome, answers, city, national, lang))
    shape = shaped(outcome, answers, city, national.ages.on(as_of), lang)
    data = same_for_shape("shaped-json", city.id, lang, shape.key, build=lambda: to_json(
        outcome_view(shape.outcome, answers, city, national, lang)))
    return shape.filler.bytes(data)


def said_on_card(view: Answer) -> frozenset[Hashable]:
    """The ids of the statements of "Seeing a doctor" that the answer card says: the section
    leaves them out, so that a fact is said once on the page. Only the section's own ids
    (which hold no date): the key of its kept HTML."""
    section = {line.id for block in view.clinic for line in block.items}
    return frozenset(line.id for row in view.card.rows for line in row.lines if line.id in section)


def paper_groups(view: Answer) -> list[PaperGroup]:
    """The documents as the page shows them: one group per case (registered or not), each
    with its heading (none for a paper without a condition). Each paper's lines (how it
    arrives, its notes) leave out the statements the answer card or a paper above already
    made (by their ids), so that nothing is said twice on the page. Call inside a request."""
    translations = get_translations()
    said = {line.id for row in view.card.rows for line in row.lines}
    said_by: dict[Hashable, str] = {}  # a statement's id, and the paper that made it first
    groups = []
    for condition in dict.fromkeys(doc.condition for doc in view.documents):
        papers = []
        for doc in (doc for doc in view.documents if doc.condition == condition):
            arrives = tuple(doc.mailing.lines())
            shown = tuple(line for line in arrives if line.id not in said and line.id not in said_by)
            if arrives and not shown:
                # Everything was said: point to where.
                earlier = said_by.get(arrives[0].id)
                # A pointer, in the app's words: the statements it points to are above.
                shown = (ui(translations.ugettext("The same as for the %(paper)s above.") % {"paper": earlier}
                            if earlier else translations.ugettext("As said at the top of the page.")),)
            more = tuple(line for line in (*doc.notes, *doc.about) if line.id not in said and line.id not in said_by)
            for line in (*arrives, *doc.notes, *doc.about):
                said_by.setdefault(line.id, doc.name)
            papers.append(PaperShown(doc, shown, more))
        groups.append(PaperGroup(translations.ugettext(GROUP_HEADINGS[condition])
                                 if condition in GROUP_HEADINGS else None, tuple(papers)))
    return groups
