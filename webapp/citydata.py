"""City data: one YAML file per city, plus the national parameters, validated on load.

Adding a city is adding a file to the cities folder. A broken file stops start-up with
:class:`CityDataError`, whose message names the file, the field and the problem.
"""
from __future__ import annotations

import copy
import json
import marshal
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from sys import intern
from typing import Any, overload

import jsonschema
import yaml
from flask import Flask, current_app

from . import furigana
from .caching import Frozen
from .languages import EASY
from .prefectures import BY_NAME as PREFECTURES
from .prefectures import Prefecture
from .rules.cycle import CycleCalendar, CycleOverride
from .rules.outcome import CityRules, DatedAges, YearFacts
from .rules.parameters import Dated
from .rules.table import (
    ANY,
    CERTIFICATE,
    DAY_BEFORE_75TH_BIRTHDAY,
    END_OF_MONTH_OF_70TH_BIRTHDAY,
    HOLDER,
    NOT_HOLDER,
    NOTICE,
    STATED_DATE,
    TURNS_70,
    TURNS_75,
    Cite,
    Mailing,
    PaperTable,
    Row,
    Said,
    Then,
    Validity,
    Who,
)

DATA_DIR = Path(__file__).parent / "data"
CITIES_DIR = DATA_DIR / "cities"
NATIONAL_FILE = DATA_DIR / "national.yaml"
FREE_DIAL = "free_dial"  # an office id every city may use: the national line
# What a municipality's Japanese name ends with: a city, a town, a village or a (Tokyo) ward.
MUNICIPALITY_KINDS = ("市", "町", "村", "区")
# How each kind ends a name's reading (町 is まち in some towns, ちょう in others).
KIND_READINGS = {"市": ("し",), "町": ("まち", "ちょう"), "村": ("むら", "そん"), "区": ("く",)}
# Said where a field the index needs is missing (a file from before issue 31 has neither).
WHAT_TO_WRITE = {"name_reading": ": the name's whole reading in hiragana, as 白石市: しろいしし",
                 "prefecture": ": the prefecture, written in full as 宮城県 (webapp/data/prefectures.yaml)"}
# The first parts of the app's own addresses, which no city's /<id>/ may take.
RESERVED_IDS = frozenset({"api", "static", "healthz", "language", "furigana", "accessibility", "prefecture",
                          "search"})

# やさしい日本語 the city did not write: ours, a paraphrase of the city's Japanese beside it,
# shown on the pages and, for the city to approve, beside the original in the staff preview.
PARAPHRASE = "ja-easy-paraphrase"
TEXT_KEYS = frozenset({"ja", "en", EASY, PARAPHRASE})


class Text(Frozen):
    """A text of a data file: {"ja": …, "en": …}, and "ja-easy" where the city gives
    やさしい日本語, or "ja-easy-paraphrase" where we wrote it from the city's Japanese (issue
    28). Without either, やさしい日本語 shows the city's own Japanese (with ふりがな)."""

    def __missing__(self, key: str) -> str:
        if key == EASY:
            return self.get(PARAPHRASE) or self["ja"]
        raise KeyError(key)

    def get(self, key, default=None):
        return self[key] if key in self or key == EASY else default


def _texts(value: Any) -> Any:
    """The file's data with each of its texts a ``Text``, and every string interned: the same
    field names and words in many cities' files (a deployment of 1,700, issue 31) are then
    held once, not once per file."""
    if isinstance(value, dict):
        if "ja" in value and "en" in value and value.keys() <= TEXT_KEYS:
            return Text({intern(key): _texts(item) for key, item in value.items()})
        return {intern(key) if isinstance(key, str) else key: _texts(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_texts(item) for item in value]
    if isinstance(value, str):
        return intern(value)
    return value


class CityDataError(Exception):
    """A data file that cannot be used; the message says where and why."""


class _StringDatesLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML without implicit dates, so the schema sees what was written. Parsed by libyaml
    where PyYAML has it (its wheels do): several times faster, for a folder of many cities."""


_StringDatesLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Source:
    """A document facts were read in: a city's own page or flyer, or a law."""

    id: str
    title: Text | None  # None: the document has no title (a page without a heading line)
    publisher: Text
    published: date | None
    url: str | None
    city: str | None = None  # whose own document it is (national sources only); None for a law


@dataclass(frozen=True)
class NationalRule:
    """A rule the law sets for all of Japan: its name where a page lists it, and the
    documents it was read in (which a page never lists as the city's own)."""

    title: Text
    read_in: tuple[str, ...]


@dataclass(frozen=True)
class National:
    cycle_starts: tuple[date, ...]
    ages: DatedAges
    free_dial: Mapping[str, Any]
    sources: Mapping[str, Source]
    rules: Mapping[str, NationalRule]


@dataclass(frozen=True)
class City:
    id: str
    name: Text
    name_reading: str  # hiragana, whole: the index's order, search and ふりがな
    prefecture: Prefecture
    sources: Mapping[str, Source]  # the city's own documents, in the order the file lists them
    switchboard: str | None
    offices: Mapping[str, Mapping[str, Any]]
    ask: str | None  # the office to ask where the document is silent; None: it names none
    late_elderly: Mapping[str, Any]  # union {name, cite}, papers (Said or None)
    rules: CityRules  # the table of papers, the calendar, each year's own facts
    mixed_household: Mapping[str, Any] | None
    if_applies: tuple[Mapping[str, Any], ...]
    page_notes: tuple[Said, ...]  # what the page says for everyone that no other field holds
    clinic: Mapping[str, tuple[Said, ...]]
    old_card: Said | None
    old_card_offices: tuple[str, ...]  # the offices the page says the old card goes back to
    notice_shows_cost_share: Said | None
    actions: Mapping[str, Mapping[str, Any] | None]
    # How its own names are read (ふりがな), where the domain dictionary does not have them.
    readings: Mapping[str, str]

    @property
    def municipality(self) -> str:
        """市, 町, 村 or 区, as its Japanese name ends (load_city checks it): the app's
        sentences say "the town's guide" for a town (present/wording.py)."""
        return self.name["ja"][-1]

    def office(self, office_id: str, national: National) -> Mapping[str, Any]:
        return national.free_dial if office_id == FREE_DIAL else self.offices[office_id]

    def step(self, action_id: str) -> Mapping[str, Any]:
        """A step of ``actions``. Only ask_without_card may be null, and the loader requires
        it wherever the decision can ask for it (no lost_card reason)."""
        data = self.actions[action_id]
        if data is None:
            raise LookupError(f"{self.id}: actions/{action_id} is null")
        return data

    @property
    def calendar(self) -> CycleCalendar:
        return self.rules.calendar

    @property
    def certificate_reasons(self) -> frozenset[str]:
        """Why a card holder may apply for a certificate, as far as the city's document says."""
        return self.rules.certificate_reasons

    @property
    def main_source(self) -> Source:
        return next(iter(self.sources.values()))


def field_name(path, data: Any = None) -> str:
    """A field path as the error messages write it: actions/leave_nhi/office, papers/1/who. A
    list's items are counted from 1, as a clerk counts them (with ``data``, the file the path
    is in, to tell a list's place from a mapping's key such as a year)."""
    parts, here = [], data
    for part in path:
        in_list = isinstance(here, list) and isinstance(part, int)
        parts.append(str(part + 1) if in_list else str(part))
        try:
            here = here[part] if here is not None else None
        except (KeyError, IndexError, TypeError):
            here = None
    return "/".join(parts) or "(top level)"


def read_yaml(path: Path, text: str | None = None) -> Any:
    """The file's YAML (``text``: its text, already read)."""
    try:
        return yaml.load(path.read_text(encoding="utf-8") if text is None else text, Loader=_StringDatesLoader)
    except (OSError, yaml.YAMLError) as exc:
        raise CityDataError(f"{path}: cannot be read as YAML: {exc}") from None


def _schema_errors(data: Any, schema_name: str) -> list[jsonschema.ValidationError]:
    return list(jsonschema.Draft202012Validator(_schema(schema_name)).iter_errors(data))


# What a clerk writes for each JSON type, in the YAML file's terms (docs/adding.md).
WRITTEN = {"object": "a mapping (indented `key: value` lines)", "array": "a list (lines starting with `- `)",
           "string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
           "null": "null (where the page is silent)"}


def _shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, (dict, list)):
        return "[]" if value == [] else "{}" if value == {} else ("a mapping" if isinstance(value, dict) else "a list")
    return repr(value)


# The two schemas, read as the module is: data, not a cache.
SCHEMAS = {name: json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
           for name in ("city.schema.json", "national.schema.json")}


def _schema(schema_name: str) -> dict:
    return SCHEMAS[schema_name]


def _takes_null(node: Any, root: Mapping[str, Any], depth: int = 0) -> bool:
    """Whether a property's schema takes null: directly, or through a oneOf or a $ref to a
    definition that does (where it does not, a message must not offer null)."""
    if node is True or node == {}:
        return True
    if not isinstance(node, dict) or depth > 8:
        return False
    kind = node.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    if "$ref" in node:
        return _takes_null(root["$defs"].get(node["$ref"].rsplit("/", 1)[-1]), root, depth + 1)
    return any(_takes_null(option, root, depth + 1) for key in ("oneOf", "anyOf") for option in node.get(key, ()))


def plain(error: jsonschema.ValidationError, schema_name: str = "city.schema.json") -> str:
    """A schema problem in the docs' words, with what to write instead (jsonschema's own
    message where none is written here)."""
    kind, expected = error.validator, error.validator_value
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(expected)
        field = error.schema.get("properties", {}).get(missing)
        if field is not None and _takes_null(field, _schema(schema_name)):
            return f"the field {missing!r} is required: write it, with null where the page is silent"
        return f"the field {missing!r} is required: write it (it cannot be null){WHAT_TO_WRITE.get(missing, '')}"
    if kind == "type":
        wanted = [expected] if isinstance(expected, str) else list(expected)
        return f"{_shown(error.instance)} cannot be here: write " + " or ".join(WRITTEN.get(t, t) for t in wanted)
    if kind == "enum":
        return f"{_shown(error.instance)} is not one of: {', '.join(str(v) for v in expected)} (docs/adding.md)"
    if kind == "additionalProperties":
        allowed = ", ".join(error.schema.get("properties", {}))
        extra = [key for key in error.instance if key not in error.schema.get("properties", {})]
        return f"{', '.join(repr(key) for key in extra)} is not a field here; the fields are: {allowed}"
    if kind == "minItems":
        return f"{_shown(error.instance)} is an empty list: give at least {expected}, or null where the page gives none"
    if kind == "pattern" and list(error.absolute_path) == ["name_reading"]:
        return f"{_shown(error.instance)}: write the name's reading in hiragana (白石市: しろいしし)"
    if kind == "pattern" and expected == "^https://":
        return f"{_shown(error.instance)} is not an address starting with https://: copy the page's address"
    return error.message


def schema_problems(data: Any, schema_name: str) -> list[jsonschema.ValidationError]:
    """Every way ``data`` breaks its schema, by field; each narrowed to the sub-schema that
    explains it best (for anyOf/oneOf)."""
    narrowed = [jsonschema.exceptions.best_match([error])
                for error in _schema_errors(data, schema_name)]
    return sorted(narrowed, key=lambda error: [str(part) for part in error.absolute_path])


def schema_checked(path: Path, data: Any, schema_name: str) -> Any:
    """``data``, once it fits the schema (else a CityDataError naming the most relevant
    problem; `flask cities check` lists them all)."""
    error = jsonschema.exceptions.best_match(_schema_errors(data, schema_name))
    if error is not None:
        raise CityDataError(f"{path}: field {field_name(error.absolute_path, data)}: {plain(error, schema_name)}")
    return data


def _read(path: Path, schema_name: str) -> dict:
    return _texts(schema_checked(path, read_yaml(path), schema_name))


def _date(path: Path, field: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CityDataError(f"{path}: field {field}: {text!r} is not a real date") from None


def _source(data: Mapping[str, Any], path: Path) -> Source:
    published = data["published"]
    return Source(id=data["id"], title=data["title"], publisher=data["publisher"],
                  published=published and _date(path, f"sources/{data['id']}/published", published),
                  url=data["url"], city=data.get("city"))


def _sources(items: list, path: Path) -> dict[str, Source]:
    found: dict[str, Source] = {}
    for item in items:
        if item["id"] in found:
            raise CityDataError(f"{path}: field sources: {item['id']!r} is listed twice")
        found[item["id"]] = _source(item, path)
    return found


def _entries(data: Any, where: str = ""):
    """Every (field path, key, value) of a mapping, anywhere in a file."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{where}/{key}" if where else str(key)
            yield here, key, value
            yield from _entries(value, here)
    elif isinstance(data, list):
        for index, value in enumerate(data, start=1):  # counted from 1, as messages count them
            yield from _entries(value, f"{where}/{index}")


def _cited(data: Any) -> list[tuple[str, str]]:
    """Every (field path, source id) a file cites, wherever it sits."""
    found: list[tuple[str, str]] = []
    for here, key, value in _entries(data):
        if key in ("source", "read_in"):
            ids = value if isinstance(value, list) else [value]
            found.extend((here, source_id) for source_id in ids if isinstance(source_id, str))
    return found


def _dated(path: Path, field: str, values: Mapping[str, Mapping[str, Any]]) -> Dated[int]:
    """{YYYY-MM-DD: {value, source}} → the value in force from each day."""
    return Dated(tuple(sorted((_date(path, f"{field}/{day}", day), entry["value"])
                              for day, entry in values.items())))


def load_national(path: Path = NATIONAL_FILE) -> National:
    data = _read(path, "national.schema.json")
    sources = _sources(data["sources"], path)
    for field, source_id in _cited({k: v for k, v in data.items() if k != "sources"}):
        if source_id not in sources:
            raise CityDataError(f"{path}: field {field}: no source {source_id!r} in sources")
    starts = tuple(sorted(_date(path, f"cycle/starts/{day}", day) for day in data["cycle"]["starts"]))
    return National(
        cycle_starts=starts,
        ages=DatedAges(**{name: _dated(path, f"ages/{name}", data["ages"][name])
                          for name in ("cost_share", "late_elderly")}),
        free_dial=data["free_dial"],
        sources=sources,
        rules={name: NationalRule(rule["title"], tuple(rule["read_in"])) for name, rule in data["rules"].items()},
    )


def _check_sources(path: Path, data: dict, own: Mapping[str, Source], national: National) -> None:
    """A city cites its own documents, with their words, or a law (a national source that is
    no city's document): a fact from one city's document never reaches another city's pages."""
    for source_id, source in own.items():
        shared = national.sources.get(source_id)
        if shared is not None and (shared.city != data["id"] or
                                   (shared.title, shared.publisher, shared.published, shared.url)
                                   != (source.title, source.publisher, source.published, source.url)):
            raise CityDataError(f"{path}: field sources/{source_id}: the national file lists a "
                                f"different document under this id")
    for field, source_id in _cited({k: v for k, v in data.items() if k != "sources"}):
        shared = national.sources.get(source_id)
        if source_id in own or (shared is not None and shared.city is None):
            continue
        why = (f"{source_id!r} is another city's document" if shared is not None
               else f"no source {source_id!r} in sources")
        raise CityDataError(f"{path}: field {field}: {why}")
    for field, cite in _cites(data):
        if cite["source"] in own and not cite["words"]:
            raise CityDataError(f"{path}: field {field}/words: quote the words of "
                                f"{cite['source']!r} this was read from")


def _cites(data: Any) -> list[tuple[str, Mapping[str, Any]]]:
    """Every cite {source, words} in a file, with its field path."""
    return [(here, value) for here, key, value in _entries(data) if key == "cite" and isinstance(value, dict)]


@overload
def _cite(data: Mapping[str, Any]) -> Cite: ...
@overload
def _cite(data: Mapping[str, Any] | None) -> Cite | None: ...
def _cite(data: Mapping[str, Any] | None) -> Cite | None:
    return None if data is None else Cite(data["source"], data["words"])


@overload
def _who(data: Mapping[str, Any]) -> Who: ...
@overload
def _who(data: Mapping[str, Any] | None) -> Who | None: ...
def _who(data: Mapping[str, Any] | None) -> Who | None:
    return None if data is None else Who(data["card"], data["age"], data["turns"])


@overload
def _said(data: Mapping[str, Any]) -> Said: ...
@overload
def _said(data: Mapping[str, Any] | None) -> Said | None: ...
def _said(data: Mapping[str, Any] | None) -> Said | None:
    """A sentence of the city's, with its cite; a note may also name its group and a link."""
    if data is None:
        return None
    return Said(data["text"], _cite(data["cite"]), _who(data.get("who")), data.get("link"), data.get("restates"))


def _mailing_when(data: Mapping[str, Any] | list | None) -> tuple[Said, ...]:
    """A year's mailing date: one sentence for every paper, or notes each for its group."""
    if data is None:
        return ()
    return _saids(data) if isinstance(data, list) else (_said(data),)


def _saids(items: list) -> tuple[Said, ...]:
    return tuple(_said(item) for item in items)


def _validity(path: Path, field: str, data: Mapping[str, Any]) -> Validity:
    return Validity(data["rule"], _cite(data["cite"]), data["years"],
                    data["date"] and _date(path, f"{field}/date", data["date"]), _said(data.get("exceptions")))


def _mailing(data: Mapping[str, Any]) -> Mailing:
    method, recipient = data["method"], data["recipient"]
    return Mailing(method=method and method["id"], method_said=_said(method),
                   recipient=recipient and recipient["id"], recipient_said=_said(recipient),
                   when=_said(data["when"]), later_years=_said(data.get("later_years")))


# National (rule paper_by_card): who holds a card gets a notice, who does not a certificate.
PAPER_OF = {HOLDER: NOTICE, NOT_HOLDER: CERTIFICATE}


def _row(path: Path, number: int, data: Mapping[str, Any]) -> Row:
    field = f"papers/{number + 1}"  # counted from 1 in messages
    who = _who(data["who"])
    if who.card == ANY or PAPER_OF[who.card] != data["paper"]:
        raise CityDataError(f"{path}: field {field}/paper: a row is for card holders (a notice) or for "
                            f"others (a certificate): the law decides which paper, so say who.card and "
                            f"the paper that goes with it")
    rules = {END_OF_MONTH_OF_70TH_BIRTHDAY: TURNS_70, DAY_BEFORE_75TH_BIRTHDAY: TURNS_75}
    validity = _validity(path, f"{field}/valid_until", data["valid_until"])
    if validity.rule in rules and who.turns != rules[validity.rule]:
        raise CityDataError(f"{path}: field {field}/valid_until/rule: {validity.rule} is for a row of "
                            f"turns: {rules[validity.rule]}")
    then = data["then"]
    if then is not None and who.turns != TURNS_70:
        raise CityDataError(f"{path}: field {field}/then: a paper that follows when the cost share "
                            f"starts belongs to a row of turns: 70")
    if then is not None and validity.rule != END_OF_MONTH_OF_70TH_BIRTHDAY:
        raise CityDataError(f"{path}: field {field}/then: the first paper must end when the cost share "
                            f"starts (valid_until: end_of_month_of_70th_birthday)")
    return Row(
        who=who, paper=data["paper"], cite=_cite(data["cite"]), valid_until=validity,
        mailing=_mailing(data["mailing"]), form=_said(data["form"]),
        not_mailed=_saids(data["not_mailed"]), notes=_saids(data["notes"]), kept=_said(data["kept"]),
        then=None if then is None else Then(
            paper=then["paper"], cite=_cite(then["cite"]),
            valid_until=_validity(path, f"{field}/then/valid_until", then["valid_until"]),
            mailing=_mailing(then["mailing"]), notes=_saids(then["notes"])),
        number=number)


def _table(path: Path, rows: list) -> PaperTable:
    table = PaperTable(tuple(_row(path, number, row) for number, row in enumerate(rows)))
    for group, first, other in table.overlaps():
        raise CityDataError(
            f"{path}: field papers/{other.number + 1}/who: rows {first.number + 1} and {other.number + 1} both name "
            f"{group.card}, {group.age}, turning {group.turns}: at most one row may name a group")
    return table


def _years(path: Path, years: Mapping[Any, Mapping[str, Any]]) -> dict[int, YearFacts]:
    found = {}
    for year, facts in years.items():
        field = f"cycles/years/{year}"
        old, start = facts["old_card_valid_until"], facts["papers_from"]
        found[int(year)] = YearFacts(
            old_card_valid_until=old and _date(path, f"{field}/old_card_valid_until/date", old["date"]),
            old_card_cite=old and _cite(old["cite"]),
            papers_from=start and _date(path, f"{field}/papers_from/date", start["date"]),
            papers_from_cite=start and _cite(start["cite"]),
            mailing_when=_mailing_when(facts["mailing_when"]),
            not_mailed=_saids(facts["not_mailed"]))
    return found


# A step the city's page says nothing of (``null``), as its fields would say each silence: no
# office, no words, no list, no reason (its page then says the guide does not say, and whom to ask).
_NOT_SAID = {"office": None, "cite": None}
SILENT_STEPS: Mapping[str, Mapping[str, Any]] = {
    "leave_nhi": {**_NOT_SAID, "bring": None, "proxy": None, "notes": []},
    "deregister": {**_NOT_SAID, "bring": None, "proxy": None, "notes": []},
    "apply_certificate": {**_NOT_SAID, "reasons": {"lost_card": None, "care_need": None}, "bring": None,
                          "proxy": None, "notes": []},
    "register_card": {**_NOT_SAID, "methods": None, "notes": []},
    "check_registration": _NOT_SAID, "replace_card": _NOT_SAID, "renew_card": _NOT_SAID, "reset_pin": _NOT_SAID,
    "reissue_paper": {**_NOT_SAID, "papers": []},
}


# A mailing the page says nothing of: neither how, nor to whom, nor when.
SILENT_MAILING: Mapping[str, Any] = {"method": None, "recipient": None, "when": None}
SILENT_VALIDITY: Mapping[str, Any] = {"rule": "not_stated", "years": None, "date": None, "cite": None}


def _silences(data: dict[str, Any]) -> None:
    """A whole group of fields the page says nothing of (``null``), written as its fields'
    silences: a row's or a ``then``'s mailing and end, the clinic notes (of one paper, or of
    both); a paper the page does not name is the one the law gives the row's card (a row
    for any card is refused below, named or not)."""
    for row in data["papers"]:
        for part in (row, row["then"] or {}):
            if "mailing" in part and part["mailing"] is None:
                part["mailing"] = dict(SILENT_MAILING)
            if "valid_until" in part and part["valid_until"] is None:
                part["valid_until"] = dict(SILENT_VALIDITY)
            if "paper" in part and part["paper"] is None:
                part["paper"] = PAPER_OF.get(row["who"]["card"])
    clinic = data["clinic"] or {}
    data["clinic"] = {paper: clinic.get(paper) or [] for paper in ("qualification_notice", "eligibility_certificate")}


def silent_steps(actions: Mapping[str, Any]) -> dict[str, Any]:
    """The steps with each one the page is silent on (``null``) written as its silences
    (ask_without_card keeps its null: it is needed only where a lost card gives no reason)."""
    # Copies: a city's data is its own, never an object another city's file shares.
    return {action_id: copy.deepcopy(SILENT_STEPS[action_id]) if step is None and action_id in SILENT_STEPS
            else step for action_id, step in actions.items()}


def _offices_named(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(field, office id) for every office a file names outside its offices."""
    named = [("ask", data["ask"])]
    named += [(f"actions/{action_id}/{key}", (action or {}).get(key))
              for action_id, action in data["actions"].items() for key in ("office", "ask")]
    named += [(f"if_applies/{number}/office", item["office"])
              for number, item in enumerate(data["if_applies"], start=1)]
    named += [(f"old_card/office/{number}" if isinstance((data["old_card"] or {}).get("office"), list)
               else "old_card/office", office) for number, office in enumerate(_old_card_offices(data), start=1)]
    return [(field, office) for field, office in named if office is not None]


def _old_card_offices(data: Mapping[str, Any]) -> tuple[str, ...]:
    """The offices the old card goes back to: one named, a list, or none."""
    office = (data["old_card"] or {}).get("office")
    return tuple(office) if isinstance(office, list) else (office,) if office else ()


def load_city(path: Path, national: National, checked: Any = None) -> City:
    """A city's file, read and checked; ``checked``: its data as the city build read it and
    checked it against the schema (citybuild.py), so that only the checks below run again."""
    data = _read(path, "city.schema.json") if checked is None else _texts(checked)
    if data["id"] != path.stem:
        raise CityDataError(f"{path}: field id: {data['id']!r} must match the file name {path.stem!r}")
    if data["name"]["ja"][-1] not in MUNICIPALITY_KINDS:
        raise CityDataError(f"{path}: field name/ja: {data['name']['ja']!r}: write the municipality's name as it "
                            f"is written, ending with 市, 町, 村 or 区 (山形市, 柴田町)")
    _check_identity(path, data)
    _silences(data)
    sources = _sources(data["sources"], path)
    _check_sources(path, data, sources, national)
    for field, office in _offices_named(data):
        if office != FREE_DIAL and office not in data["offices"]:
            raise CityDataError(f"{path}: field {field}: no office {office!r} in offices")
    years = _years(path, data["cycles"]["years"])
    first_year = national.cycle_starts[0].year
    for year in [*data["cycles"]["documented"], *years]:
        if year < first_year:
            raise CityDataError(f"{path}: field cycles: {year} is before the first cycle ({first_year})")
    actions = silent_steps(data["actions"])
    if actions["apply_certificate"]["reasons"]["lost_card"] is None and actions["ask_without_card"] is None:
        raise CityDataError(f"{path}: field actions/ask_without_card: needed, because "
                            f"apply_certificate gives no reason lost_card")
    for number, row in enumerate(data["papers"]):
        if row["valid_until"]["rule"] == STATED_DATE and row["valid_until"]["date"] is None:
            raise CityDataError(f"{path}: field papers/{number + 1}/valid_until/date: the stated date")
    overrides = {year: CycleOverride(start=facts.papers_from, old_card_valid_until=facts.old_card_valid_until)
                 for year, facts in years.items()}
    reasons = frozenset(reason for reason, text in actions["apply_certificate"]["reasons"].items() if text)
    rules = CityRules(
        calendar=CycleCalendar(national.cycle_starts, overrides, documented=frozenset(data["cycles"]["documented"])),
        table=_table(path, data["papers"]), certificate_reasons=reasons, years=years)
    late = data["late_elderly"]
    return City(
        id=data["id"], name=data["name"], name_reading=data["name_reading"],
        prefecture=PREFECTURES[data["prefecture"]], sources=sources, switchboard=data["switchboard"],
        offices=data["offices"], ask=data["ask"],
        late_elderly={"union": late["union"], "papers": _said(late["papers"])},
        rules=rules, mixed_household=data["mixed_household"], if_applies=tuple(data["if_applies"]),
        page_notes=_saids(data.get("page_notes", [])),
        clinic={paper: _saids(items) for paper, items in data["clinic"].items()},
        old_card=_said(data["old_card"]), old_card_offices=_old_card_offices(data),
        notice_shows_cost_share=_said(data.get("notice_shows_cost_share")),
        actions=actions,
        readings=_readings(path, data.get("readings") or {}),
    )


def _check_identity(path: Path, data: Mapping[str, Any]) -> None:
    """The id, prefecture and reading by which the index lists and finds the city."""
    if data["id"] in RESERVED_IDS:
        raise CityDataError(f"{path}: field id: {data['id']!r} is the address of one of the app's own pages: "
                            f"choose another id (and name the file after it)")
    prefecture = data["prefecture"]
    if prefecture not in PREFECTURES:
        close = [name for name in PREFECTURES if name.startswith(prefecture.rstrip("都道府県"))]
        hint = f"write {close[0]}" if len(close) == 1 else "write it in full, as 宮城県, 東京都, 京都府 or 北海道"
        raise CityDataError(f"{path}: field prefecture: {prefecture!r} is not one of the 47 prefectures as "
                            f"webapp/data/prefectures.yaml writes them: {hint}")
    name, read = data["name"]["ja"], data["name_reading"]
    endings = KIND_READINGS[name[-1]]
    if not read.endswith(endings):
        raise CityDataError(f"{path}: field name_reading: {read!r} is {name}'s whole reading, so it ends with "
                            f"{' or '.join(endings)} as {name[-1]} is read (しろいしし, しばたまち)")
    known = (data.get("readings") or {}).get(name) or furigana.domain_reading(name)
    if known is not None and known != read:
        raise CityDataError(f"{path}: field name_reading: {read!r}, but {name} is read {known!r} "
                            f"(field readings, or webapp/data/readings.yaml): write one reading")


def _readings(path: Path, readings: Mapping[str, str]) -> Mapping[str, str]:
    """A city's readings of its own names; one the domain dictionary reads otherwise is
    refused (the dictionary is shared by every city's pages)."""
    for term, read in readings.items():
        known = furigana.domain_reading(term)
        if known is not None and known != read:
            raise CityDataError(f"{path}: field readings/{term}: {read!r}, but the domain dictionary "
                                f"(webapp/data/readings.yaml) reads it {known!r}: leave it out")
    return dict(readings)


def folder_files(folder: Path | None) -> list[Path]:
    """The city files of ``folder`` (CITY_DATA_DIR), besides the built-in ones."""
    if folder is None or Path(folder).resolve() == CITIES_DIR.resolve():
        return []
    if not Path(folder).is_dir():
        raise CityDataError(f"CITY_DATA_DIR {folder}: no such folder (it names the folder of more city files)")
    files = sorted(Path(folder).glob("*.yaml"))
    if not files:
        raise CityDataError(f"CITY_DATA_DIR {folder}: the folder holds no city file (<id>.yaml)")
    return files


def load_cities(folder: Path | None = None, national: National | None = None,
                checked: Mapping[Path, Any] | None = None) -> dict[str, City]:
    """The built-in cities (data/cities/), and those of ``folder`` besides them (a city of
    ``folder`` with a built-in city's id takes its place). ``checked``: each of ``folder``'s
    files' data as the city build read and checked it (citybuild.py), marshalled, by its path."""
    national = national or load_national()
    cities = {path.stem: load_city(path, national) for path in sorted(CITIES_DIR.glob("*.yaml"))}
    cities.update({path.stem: load_city(path, national, marshal.loads(checked[path]) if checked else None)
                   for path in folder_files(folder)})
    if not cities:
        raise CityDataError(f"{CITIES_DIR}: no city data files (*.yaml)")
    try:  # their names read as their files say, on every page (ふりがな)
        furigana.add_readings({f"city {city.id}": city.readings for city in cities.values()})
    except ValueError as exc:
        raise CityDataError(str(exc)) from None
    return cities


@dataclass(frozen=True)
class Loaded:
    """What the app serves: the national rules and every city's file, loaded and checked
    once at start-up (create_app), never changed while it runs."""

    national: National
    cities: Mapping[str, City]


def loaded(app: Flask | None = None) -> Loaded:
    """The loaded data of ``app`` (the current app by default)."""
    return (app or current_app).extensions["loaded_data"]
