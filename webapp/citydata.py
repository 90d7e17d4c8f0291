"""City data: one YAML file per city, plus the national parameters, validated on load.

Adding a city is adding a file to the cities folder. A broken file stops start-up with
:class:`CityDataError`, whose message names the file, the field and the problem.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as data_field
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .rules.cycle import CycleCalendar, CycleOverride
from .rules.outcome import DatedAges
from .rules.parameters import Dated

DATA_DIR = Path(__file__).parent / "data"
CITIES_DIR = DATA_DIR / "cities"
NATIONAL_FILE = DATA_DIR / "national.yaml"
FREE_DIAL = "free_dial"  # an office id every city may use: the national line

Text = Mapping[str, str]  # {"ja": …, "en": …}


class CityDataError(Exception):
    """A data file that cannot be used; the message says where and why."""


class _StringDatesLoader(yaml.SafeLoader):
    """YAML without implicit dates, so the schema sees what was written."""


_StringDatesLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Source:
    """A document facts were read in: a city's own page or flyer, or a law."""

    id: str
    title: Text
    publisher: Text
    published: date | None
    url: str | None
    city: str | None = None  # whose own document it is (national sources only); None for a law


@dataclass(frozen=True)
class National:
    cycle_starts: tuple[date, ...]
    ages: DatedAges
    free_dial: Mapping[str, Any]
    sources: Mapping[str, Source]
    rules: Mapping[str, tuple[str, ...]]  # national rule -> ids of the documents it was read in


@dataclass(frozen=True)
class City:
    id: str
    name: Text
    sources: Mapping[str, Source]  # the city's own documents, in the order the file lists them
    switchboard: str | None
    old_card: Mapping[str, str] | None
    offices: Mapping[str, Mapping[str, Any]]
    delivery: Mapping[str, Any]
    clinic: Mapping[str, Any]
    actions: Mapping[str, Mapping[str, Any] | None]
    calendar: CycleCalendar
    cycle_notes: Mapping[int, Mapping[str, Any]]  # per year: mailing, not_mailed
    # Views built from this data once (present.kept): an office, a situation's half of a result.
    memo: dict = data_field(default_factory=dict, compare=False, hash=False, repr=False)

    def office(self, office_id: str, national: National) -> Mapping[str, Any]:
        return national.free_dial if office_id == FREE_DIAL else self.offices[office_id]

    @property
    def certificate_reasons(self) -> frozenset[str]:
        """Why a card holder may apply for a certificate, as far as the city's document says."""
        return frozenset(self.actions["apply_certificate"]["reasons"])

    @property
    def main_source(self) -> Source:
        return next(iter(self.sources.values()))


def field_name(path) -> str:
    """A field path as the error messages write it: actions/leave_nhi/office."""
    return "/".join(str(part) for part in path) or "(top level)"


def read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_StringDatesLoader)
    except (OSError, yaml.YAMLError) as exc:
        raise CityDataError(f"{path}: cannot be read as YAML: {exc}") from None


def _schema_errors(data: Any, schema_name: str) -> list[jsonschema.ValidationError]:
    schema = json.loads((DATA_DIR / schema_name).read_text(encoding="utf-8"))
    return list(jsonschema.Draft202012Validator(schema).iter_errors(data))


def schema_problems(data: Any, schema_name: str) -> list[jsonschema.ValidationError]:
    """Every way ``data`` breaks its schema, by field; each narrowed to the sub-schema that
    explains it best (for anyOf/oneOf)."""
    narrowed = [jsonschema.exceptions.best_match([error])
                for error in _schema_errors(data, schema_name)]
    return sorted(narrowed, key=lambda error: [str(part) for part in error.absolute_path])


def _read(path: Path, schema_name: str) -> dict:
    data = read_yaml(path)
    # Start-up names the most relevant problem; `flask cities check` lists them all.
    error = jsonschema.exceptions.best_match(_schema_errors(data, schema_name))
    if error is not None:
        raise CityDataError(f"{path}: field {field_name(error.absolute_path)}: {error.message}")
    return data


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


def _cited(data: Any, where: str = "") -> list[tuple[str, str]]:
    """Every (field path, source id) a file cites, wherever it sits."""
    found: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{where}/{key}" if where else str(key)
            if key in ("source", "read_in") or where.startswith("rules"):
                ids = value if isinstance(value, list) else [value]
                found.extend((here, source_id) for source_id in ids if isinstance(source_id, str))
            else:
                found.extend(_cited(value, here))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_cited(value, f"{where}/{index}"))
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
        rules={rule: tuple(ids) for rule, ids in data["rules"].items()},
    )


def _check_sources(path: Path, data: dict, own: Mapping[str, Source], national: National) -> None:
    """A city cites its own documents, or a national source that is no other city's document:
    a fact from one city's document never reaches another city's pages."""
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


def load_city(path: Path, national: National) -> City:
    data = _read(path, "city.schema.json")
    if data["id"] != path.stem:
        raise CityDataError(f"{path}: field id: {data['id']!r} must match the file name {path.stem!r}")
    sources = _sources(data["sources"], path)
    _check_sources(path, data, sources, national)
    overrides, notes = {}, {}
    for year, override in data["cycles"]["overrides"].items():
        if not isinstance(year, int):
            raise CityDataError(f"{path}: field cycles/overrides/{year}: the key must be a year")
        overrides[year] = CycleOverride(**{
            key: _date(path, f"cycles/overrides/{year}/{key}", override[key])
            for key in ("start", "old_card_valid_until") if key in override})
        notes[year] = {key: override[key] for key in ("mailing", "not_mailed") if key in override}
    for action_id, action in data["actions"].items():
        for key in ("office", "ask"):
            office = (action or {}).get(key)
            if office is not None and office != FREE_DIAL and office not in data["offices"]:
                raise CityDataError(f"{path}: field actions/{action_id}/{key}: "
                                    f"no office {office!r} in offices")
    if "lost_card" not in data["actions"]["apply_certificate"]["reasons"] \
            and data["actions"]["ask_without_card"] is None:
        raise CityDataError(f"{path}: field actions/ask_without_card: needed, because "
                            f"apply_certificate gives no reason lost_card")
    return City(
        id=data["id"], name=data["name"], sources=sources,
        switchboard=data.get("switchboard"), old_card=data["old_card"], offices=data["offices"],
        delivery=data["delivery"], clinic=data["clinic"], actions=data["actions"],
        calendar=CycleCalendar(national.cycle_starts, overrides,
                               documented=frozenset(data["cycles"]["documented"])),
        cycle_notes=notes,
    )


def load_cities(folder: Path = CITIES_DIR, national: National | None = None) -> dict[str, City]:
    national = national or load_national()
    cities = {path.stem: load_city(path, national) for path in sorted(folder.glob("*.yaml"))}
    if not cities:
        raise CityDataError(f"{folder}: no city data files (*.yaml)")
    return cities
