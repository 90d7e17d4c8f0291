"""`flask cities preview PATH`: one HTML page with every distinct statement a resident can see
for a city, section by section of the result page and its calendar file, each with its basis
(the city's words, a national rule, a projection, the city's silence, or the app's own words
about the page) beside the words it rests on, so that a clerk proofreads a city in one
sitting.

Every group of the city's table (a resident under 70, turning 70 (born on the 1st and
not), 70 to 74, turning 75, 75 or over) × every set of answers the wizard can collect ×
this cycle and the next (the first one the city's documents do not describe, so projected)
× every language, decided and presented by the app's own code with nothing kept. No
real person's data.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, timedelta
from html import escape
from typing import Any

from flask_babel import force_locale

from .. import flow
from ..citydata import PARAPHRASE, City, National, Text
from ..languages import LANGUAGE_NAMES, LANGUAGES, LOCALES, base
from ..present import Answer, Presenter, Situation, SituationPresenter, localized, paper_groups, source_label
from ..present.statement import Statement
from ..reminders import reminders
from ..rules.outcome import decide
from .scenarios import answer_sets

KIND_NAMES = {"city": "the city's words", "national": "a rule for all of Japan",
              "projected": "a documented year carried on (projected)",
              "not_stated": "nothing: the page says so", "ui": "the app’s own words (about the page, no fact)",
              "none": "NO BASIS: a sentence composed around the table (a defect)"}
# The result page's parts, in its order, the calendar file, and a household's result: where
# each statement is seen.
SECTIONS = {"card": "The answer card", "papers": "Your papers", "doctor": "Seeing a doctor",
            "steps": "Steps", "if_applies": "If this applies to you", "upkeep": "If something happens (こんなときは)",
            "page_notes": "Also in the city's guide",
            "calendar": "Calendar events (.ics)",
            "household": "A household's result, where its members get both kinds of paper"}


@dataclass
class Sentence:
    text: str
    basis: str  # kind:source as the provenance view writes it, or "none"
    rests: set[tuple[str, str]] = field(default_factory=set)
    cases: int = 0


def birth_dates(start: date, cost_share_age: int, late_elderly_age: int) -> list[tuple[str, date]]:
    """One resident of each group in the cycle that starts on ``start``."""
    mid = start + timedelta(days=182)  # about half a cycle later
    return [
        ("under 70", date(start.year - 45, 5, 10)),
        ("turning 70", date(mid.year - cost_share_age, mid.month, 15)),
        ("turning 70, born on the 1st", date(mid.year - cost_share_age, mid.month, 1)),
        ("70 to 74", date(start.year - cost_share_age - 2, 6, 20)),
        ("turning 75", date(mid.year - late_elderly_age, mid.month, 10)),
        ("75 or over", date(start.year - late_elderly_age - 5, 1, 1)),
    ]


def cases(city: City, national: National) -> Iterator[tuple[str, date, Any]]:
    """(a short name, the day asked about, the answers) of every case the preview shows."""
    calendar = city.calendar
    first = calendar.cycle_of_year(min(calendar.documented)).start
    later = calendar.cycle_of_year(max(calendar.documented) + 1).start
    for as_of in (first, later):
        ages = national.ages.on(as_of)
        for group, born in birth_dates(as_of, ages.cost_share, ages.late_elderly):
            for raw in answer_sets(born, as_of, national):
                name = f"{as_of.isoformat()}, {group}: " + ", ".join(
                    f"{key}={value}" for key, value in raw.items() if key != "birth_date")
                yield name, as_of, flow.Route(raw, as_of, national.ages).answers()


def collect(city: City, national: National) -> dict[str, dict[str, dict[str, Sentence]]]:
    """Per language and section, every statement a resident sees, with its basis and the
    words it rests on."""
    found: dict[str, dict[str, dict[str, Sentence]]] = {lang: {name: {} for name in SECTIONS} for lang in LANGUAGES}
    for _name, as_of, answers in cases(city, national):
        outcome = decide(answers, as_of, city.rules, national.ages)
        for lang in LANGUAGES:
            with force_locale(LOCALES[lang]):
                situation = SituationPresenter(Situation.of(outcome, answers), city, national, lang).record()
                situation.view()
                presenter = Presenter(outcome, answers, city, national, lang).record()
                view = presenter.view()
                seen = list(page_statements(view, city, lang))
            rests: dict[str, set] = {}
            assert situation.trail is not None and presenter.trail is not None  # record() started them
            for text, supports in situation.trail + presenter.trail:
                rests.setdefault(text, set()).update(supports)
            for section, text in dict.fromkeys(seen):
                basis = text.basis if isinstance(text, Statement) else "none"
                sentence = found[lang][section].setdefault(f"{basis} {text}", Sentence(str(text), basis))
                sentence.rests |= rests.get(text, set())
                sentence.cases += 1
    return found


def page_statements(view: Answer, city: City, lang: str) -> Iterator[tuple[str, str]]:
    """(section, statement) for each sentence the result page and its calendar show, as the
    templates choose them (outcome.html, answer_card.html, macros.html)."""
    card = view.card
    lines = [card.projection, *(line for row in card.rows for line in row.lines)]
    yield from (("card", line) for line in lines if line)
    if view.text.projection and view.documents:
        yield "papers", view.text.projection
    for group in paper_groups(view):
        for shown in group.papers:
            doc = shown.paper
            yield from (("papers", line) for line in [doc.validity_text, doc.form, doc.shows, *shown.arrives,
                                                      *shown.more] if line)
    if view.mixed_household:
        # Shown on the household result only, where its members get both kinds of paper.
        yield "household", view.mixed_household
    yield from (("doctor", item) for block in view.clinic for item in block.items)
    if view.in_nhi:
        for action in view.actions:
            yield from (("steps", line) for line in [*action.paragraphs, *action.methods, action.unsaid,
                                                     *(action.bring or []), action.bring_unsaid,
                                                     action.proxy, *action.notes] if line)
        for condition in view.if_applies:
            yield from (("if_applies", line) for line in [condition.title, condition.text,
                                                          condition.link and condition.link.text] if line)
        for topic in view.upkeep:
            yield from (("upkeep", line) for line in [*topic.items, topic.unsaid] if line)
    yield from (("page_notes", note) for note in view.page_notes)
    for event in reminders(view, city, lang):
        yield from (("calendar", line) for line in event.says)


def paraphrased(value: Any, path: str = "") -> Iterator[tuple[str, Text]]:
    """(where, text) for each text of a city's (or the national) data with our やさしい日本語
    beside its Japanese (``ja-easy-paraphrase``): what the city is asked to approve."""
    if isinstance(value, Text):
        if PARAPHRASE in value:
            yield path, value
        return
    if is_dataclass(value):
        items: Iterator[tuple[Any, Any]] = ((f.name, getattr(value, f.name)) for f in fields(value))
    elif isinstance(value, Mapping):
        items = iter(value.items())
    elif isinstance(value, list | tuple):
        items = enumerate(value)
    else:
        return
    for key, item in items:
        yield from paraphrased(item, f"{path}/{key}" if path else str(key))


def paraphrases_html(city: City, national: National) -> str:
    """Our やさしい日本語 beside the words it paraphrases, the city's own and the national rules'
    (issue 28): the city approves each, or gives its own as ``ja-easy``."""
    tables = []
    for title, data in ((f"{localized(city.name, 'ja')}'s texts", city), ("The national rules", national)):
        rows = "".join(f"<tr><td><code>{escape(path)}</code></td><td lang=\"ja\">{escape(text['ja'])}</td>"
                       f"<td lang=\"ja\">{escape(text[PARAPHRASE])}</td></tr>" for path, text in paraphrased(data))
        if rows:
            tables.append(f"<h3>{escape(title)}</h3><table><thead><tr><th>Where</th><th>The Japanese</th>"
                          f"<th>Our やさしい日本語 (to approve)</th></tr></thead><tbody>{rows}</tbody></table>")
    if not tables:
        return ""
    return ("<h2>やさしい日本語 we wrote, for the city to approve</h2><p>The city wrote no やさしい日本語: these are "
            "our paraphrases of the Japanese beside them, shown on the やさしい日本語 pages. To approve one, "
            "leave it; to give the city's own, write it as <code>ja-easy</code> in the city file.</p>"
            + "".join(tables))


def preview_html(city: City, national: National) -> str:
    found = collect(city, national)
    rows = [paraphrases_html(city, national)]
    for lang in LANGUAGES:
        rows.append(f'<h2 lang="{base(lang)}">{LANGUAGE_NAMES[lang]}</h2>')
        for section, title in SECTIONS.items():
            if not found[lang][section]:
                continue
            rows.append(f"<h3>{escape(title)}</h3>")
            rows.append("<table><thead><tr><th>Statement</th><th>Basis</th><th>Rests on</th><th>Cases</th></tr>"
                        "</thead><tbody>")
            for sentence in sorted(found[lang][section].values(), key=lambda s: (s.basis, s.text)):
                kind = sentence.basis.partition(":")[0]
                rests = "".join(f"<li><b>{escape(KIND_NAMES.get(k, k))}</b>: {escape(words)}</li>"
                                for k, words in sorted(sentence.rests))
                rows.append(f'<tr><td lang="{base(lang)}">{escape(sentence.text)}</td>'
                            f"<td>{escape(KIND_NAMES[kind])}<br><code>{escape(sentence.basis)}</code></td>"
                            f"<td><ul>{rests}</ul></td><td>{sentence.cases}</td></tr>")
            rows.append("</tbody></table>")
    sources = "".join(f"<li>{escape(source.id)}: {escape(source_label(source, 'ja'))}"
                      f"{' ' + escape(source.url) if source.url else ''}</li>" for source in city.sources.values())
    name = localized(city.name, "ja")
    return (f'<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>{escape(name)}: '
            f"every statement (preview)</title></head><body><h1>{escape(name)} ({escape(city.id)}): every "
            f"statement a resident sees</h1><p>By section of the result page and its calendar file, each with "
            f"its basis, beside the words it rests on. Sources:</p><ul>{sources}</ul>"
            + "".join(rows) + "</body></html>\n")
