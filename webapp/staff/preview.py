"""`flask cities preview PATH`: one HTML page with every distinct sentence the app will show
for a city, beside the words of the source each rests on, so that a clerk proofreads a city
in one sitting.

Every group of the city's table (a resident under 70, turning 70 (born on the 1st and
not), 70 to 74, turning 75, 75 or over) × every set of answers the wizard can collect ×
this cycle and the next (the first one the city's documents do not describe, so projected)
× Japanese and English, decided and presented by the app's own code with nothing kept. No
real person's data.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from typing import Any

from flask_babel import force_locale

from .. import flow
from ..citydata import City, National
from ..i18n import LANGUAGE_NAMES, LANGUAGES, LOCALES, base
from ..present import Presenter, Situation, SituationPresenter, localized, source_label
from ..rules.outcome import decide
from .scenarios import answer_sets

KIND_NAMES = {"city": "the city's words", "national": "a rule for all of Japan",
              "projected": "a documented year carried on (projected)",
              "not_stated": "nothing: the page says so", "earlier": "a paper kept from before"}


@dataclass
class Sentence:
    text: str
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
                yield name, as_of, flow.to_answers(raw, as_of, national.ages)


def collect(city: City, national: National) -> dict[str, dict[str, Sentence]]:
    """Per language, every sentence shown, with what it rests on."""
    found: dict[str, dict[str, Sentence]] = {lang: {} for lang in LANGUAGES}
    for _name, as_of, answers in cases(city, national):
        outcome = decide(answers, as_of, city.rules, national.ages)
        for lang in LANGUAGES:
            with force_locale(LOCALES[lang]):
                situation = SituationPresenter(Situation.of(outcome, answers), city, national, lang).record()
                situation.view()
                presenter = Presenter(outcome, answers, city, national, lang).record()
                view = presenter.view()
            rests: dict[str, set] = {}
            assert situation.trail is not None and presenter.trail is not None  # record() started them
            for text, supports in situation.trail + presenter.trail:
                rests.setdefault(text, set()).update(supports)
            for text in shown(view):
                sentence = found[lang].setdefault(text, Sentence(text))
                sentence.rests |= rests.get(text, set())
                sentence.cases += 1
    return found


def shown(view: Any) -> Iterator[str]:
    """Every sentence of a view a resident reads (not ids, dates or labels of offices)."""
    skip = {"id", "type", "issued", "valid_from", "expires_on", "delivery", "recipient", "condition",
            "ends_because", "municipality", "as_of", "scheme", "cycle", "basis", "sources", "contacts",
            "cost_share_starts_on", "old_card_valid_until", "late_elderly", "reasons", "unsaid",
            "valid_from_text", "expires_text", "office", "url"}
    if isinstance(view, dict):
        for key, value in view.items():
            if key not in skip:
                yield from shown(value)
    elif isinstance(view, list):
        for value in view:
            yield from shown(value)
    elif isinstance(view, str) and view:
        yield view


def preview_html(city: City, national: National) -> str:
    found = collect(city, national)
    rows = []
    for lang in LANGUAGES:
        rows.append(f'<h2 lang="{base(lang)}">{LANGUAGE_NAMES[lang]}</h2>')
        rows.append("<table><thead><tr><th>Sentence</th><th>Rests on</th><th>Cases</th></tr></thead><tbody>")
        for sentence in sorted(found[lang].values(), key=lambda s: s.text):
            rests = "".join(f"<li><b>{escape(KIND_NAMES.get(kind, kind))}</b>: {escape(words)}</li>"
                            for kind, words in sorted(sentence.rests))
            rows.append(f'<tr><td lang="{base(lang)}">{escape(sentence.text)}</td>'
                        f'<td><ul>{rests or "<li>the app’s own words</li>"}</ul></td>'
                        f"<td>{sentence.cases}</td></tr>")
        rows.append("</tbody></table>")
    sources = "".join(f"<li>{escape(source.id)}: {escape(source_label(source, 'ja'))}"
                      f"{' ' + escape(source.url) if source.url else ''}</li>" for source in city.sources.values())
    name = localized(city.name, "ja")
    return (f'<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>{escape(name)}: '
            f"every sentence (preview)</title></head><body><h1>{escape(name)} ({escape(city.id)}): every "
            f"sentence the app shows</h1><p>Each beside the words it rests on. Sources:</p><ul>{sources}</ul>"
            + "".join(rows) + "</body></html>\n")
