"""What must hold in every answer a city file gives, whoever wrote it: the part of `flask cities
check` that reads answers, not the file (tests/test_city_invariants.py runs it on every city
file, built-in and tests/cities/).

The table's sentences say 郵送 (by post) only where the words they cite do. For every case
of the preview (each group of the city's table × each set of answers × the
first documented cycle and the one after) × Japanese and English, the answer:
- shows a date only with a basis (the city's quoted words, a national rule, a projection);
- says nothing that contradicts itself: a paper without expiry is never "sent every year", a
  paper with an expiry is never "kept as it is";
- leaves no list dangling ("in one of these ways:" and nothing), no empty list of things to
  bring;
- points at no office that is not shown (「下の窓口に…」 with none below);
- names only offices the city's file names (or the national free dial, or the union);
- carries no other city's name, and no document but its own and the national ones;
- is complete in both languages (no blank sentence, no Japanese sentence in English).

Call inside an app context (the pages' translations). Not covered here: how the page lays
out in a browser (tests/browser/), which `flask cities check` names as not run.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import fields, is_dataclass

from flask_babel import force_locale

from ..citydata import City, National
from ..languages import LOCALES
from ..present import answer
from ..present.model import Answer, Step, Topic
from .preview import cases

LANGS = ("ja", "en")
# "Sent every year" and "keep it as it is", in the words pages and the app use.
EVERY_YEAR = {"ja": ("毎年",), "en": ("every year",)}
# A sentence that says so in the negative (「毎年の更新はされません」) claims no yearly paper.
NEGATIVE = {"ja": re.compile(r"(ません|ない|なし)[。）)]*$"), "en": re.compile(r"\b(not|never|no)\b")}
SENTENCE_END = {"ja": re.compile(r"(?<=。)"), "en": re.compile(r"(?<=\.)\s+")}
KEPT_AS_IT_IS = {"ja": ("そのまま",), "en": ("keep using",)}
# A pointer to the office line under a step or topic.
BELOW = {"ja": ("下の", "下記"), "en": ("below",)}
# A list announced at the end of a paragraph.
ANNOUNCED = (":", "：", "いずれかの方法で登録できます。")
# Japanese an English page may carry: the terms the app gives in brackets.
JAPANESE_TERMS = ("マイナ保険証", "登録済", "負担割合", "マイナポータル", "こんなときは")
KANA = re.compile(r"[\u3040-\u309f]")  # hiragana: a Japanese sentence, not a term
# Fields whose strings are ids, addresses or the sources list, not sentences a resident reads.
NOT_READ = {"basis", "sources", "id", "url", "type", "issued", "condition", "ends_because", "delivery", "recipient",
            "kind", "reasons", "municipality", "scheme", "action"}


def says_every_year(line: str, lang: str) -> bool:
    """Whether a sentence of ``line`` says a paper comes every year (not that it does not)."""
    return any(word in sentence and not NEGATIVE[lang].search(sentence.strip())
               for sentence in SENTENCE_END[lang].split(line) for word in EVERY_YEAR[lang])


def texts(value: object, skip: frozenset[str] | set[str] = NOT_READ) -> Iterator[str]:
    """Every string of (a part of) an answer that a resident reads."""
    if is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            if field.name not in skip:
                yield from texts(getattr(value, field.name), skip)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield from texts(item, skip)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from texts(item, skip)
    elif isinstance(value, str):
        yield value


def answer_problems(found: Answer, lang: str, city: City, national: National, others: Iterable[str]) -> list[str]:
    """What one answer breaks, each in a sentence a clerk can act on."""
    problems = []
    for doc in found.documents:
        basis = doc.basis
        if (doc.valid_from is None) != (basis.valid_from.kind in ("not_stated", "earlier")):
            problems.append(f"the {doc.name} has a start date without a basis, or a basis without a date")
        if basis.expires_on.kind == "not_stated" and doc.expires_on is not None:
            problems.append(f"the {doc.name} has an expiry date no source gives")
        for date_basis in (basis.valid_from, basis.expires_on):
            if date_basis.kind in ("city", "projected") and date_basis.source in city.sources and not date_basis.words:
                problems.append(f"a date of the {doc.name} rests on {date_basis.source} without its words (cite)")
            if date_basis.kind == "national" and date_basis.rule not in national.rules:
                problems.append(f"a date of the {doc.name} rests on a national rule not in national.yaml: "
                                f"{date_basis.rule}")
        said = [*doc.notes, *doc.mailing.not_mailed, doc.mailing.when or ""]
        if doc.expires_on is None and basis.expires_on.kind != "not_stated":
            problems += [f"the {doc.name} has no expiry date, yet a sentence says it comes every year: 「{line}」"
                         for line in said if says_every_year(line, lang)]
        if doc.expires_on is not None:
            problems += [f"the {doc.name} expires, yet a sentence says it is kept as it is: 「{line}」"
                         for line in said if any(word in line for word in KEPT_AS_IT_IS[lang])]
    for step in found.actions:
        if step.paragraphs and step.paragraphs[-1].rstrip().endswith(ANNOUNCED) and not step.methods:
            problems.append(f"“{step.title}” announces a list of ways and gives none (its methods)")
        if step.bring is not None and not step.bring:
            problems.append(f"“{step.title}” has an empty list of things to bring: write null for a page silent on it")
    placed: list[Step | Topic] = [*found.actions, *found.upkeep]
    for item in placed:
        if item.office is None:
            problems += [f"“{item.title}” points at an office below, and none is shown: 「{line}」"
                         for line in texts(item, NOT_READ | {"title"}) if any(word in line for word in BELOW[lang])]
    offices = set(city.offices) | {"free_dial", "late_elderly_union"}
    named = [item.office for item in placed] + [item.office for item in found.if_applies] + list(found.contacts)
    problems += [f"the office {office.id} is not in the city's file" for office in named
                 if office is not None and office.id not in offices]
    every = " ".join(texts(found))
    problems += [f"another city's name is said: {other}" for other in others if other in every]
    own = set(city.sources) | {"national-rules"} | {
        source_id for source_id, source in national.sources.items() if source.city is None}
    problems += [f"a document that is not the city's nor national is listed: {source.id}"
                 for source in found.sources if source.id not in own]
    lines = list(texts(found))
    if not all(line.strip() for line in lines):
        problems.append("a sentence is blank: a text is missing in this language")
    if lang == "en":
        for line in lines:
            stripped = line
            for term in JAPANESE_TERMS:
                stripped = stripped.replace(term, "")
            if KANA.search(stripped):
                problems.append(f"a Japanese sentence on the English page: 「{line}」 (its en text)")
    return problems


def table_problems(city: City) -> list[str]:
    """What the table's sentences claim beyond their words: a paper said to come by post
    (郵送) where the words it cites do not say so (Yamagata: 「個人毎にお送りします」 says to
    whom, not how)."""
    table = city.rules.table
    mailings = [row.mailing for row in table.rows] + [row.then.mailing for row in table.rows if row.then]
    return [f"「{said.text['ja']}」 says 郵送 (by post), and the words it cites do not: 「{said.cite.words}」"
            for mailing in mailings for said in (mailing.recipient_said, mailing.when)
            if said is not None and "郵送" in said.text["ja"] and "郵送" not in (said.cite.words or "")]


def invariant_problems(city: City, national: National, others: Iterable[City] = ()) -> list[str]:
    """What the table's sentences claim beyond their words, then every problem of every answer
    of the preview's cases, each once, with the first case it was found in. ``others``: the
    cities whose names this city's pages must not carry."""
    other_names = sorted({name for other in others if other.id != city.id for name in other.name.values()
                          if name not in city.name.values()})
    found: dict[str, str] = {problem: "the table" for problem in table_problems(city)}
    for name, as_of, answers in cases(city, national):
        for lang in LANGS:
            with force_locale(LOCALES[lang]):
                view = answer(answers, as_of, city, national, lang)
            for problem in answer_problems(view, lang, city, national, other_names):
                found.setdefault(problem, f"{name} [{lang}]")
    return [f"{problem} (first in: {case})" if case != "the table" else problem for problem, case in found.items()]


def checked_cases(city: City, national: National) -> int:
    """How many answers ``invariant_problems`` reads (every case, in both languages)."""
    return sum(1 for _ in cases(city, national)) * len(LANGS)
