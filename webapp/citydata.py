"""City data: one YAML file per city, plus the national parameters, validated on load.

Adding a city is adding a file to the cities folder. A broken file stops start-up with
:class:`CityDataError`, whose message names the file, the field and the problem.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Mapping

import jsonschema
import yaml

from .rules.cycle import CycleCalendar, CycleOverride
from .rules.outcome import Ages

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
class National:
    calendar_start: tuple[int, int]
    first_year: int
    ages: Ages
    free_dial: Mapping[str, Any]


@dataclass(frozen=True)
class City:
    id: str
    name: Text
    source: Text
    switchboard: str | None
    old_card: Text | None
    offices: Mapping[str, Mapping[str, Any]]
    delivery: Mapping[str, Any]
    renewal: Text
    actions: Mapping[str, Mapping[str, Any]]
    calendar: CycleCalendar
    path: Path

    def office(self, office_id: str, national: National) -> Mapping[str, Any]:
        return national.free_dial if office_id == FREE_DIAL else self.offices[office_id]


def _read(path: Path, schema_name: str) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StringDatesLoader)
    except (OSError, yaml.YAMLError) as exc:
        raise CityDataError(f"{path}: cannot be read as YAML: {exc}") from None
    schema = json.loads((DATA_DIR / schema_name).read_text(encoding="utf-8"))
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(schema).iter_errors(data))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "(top level)"
        raise CityDataError(f"{path}: field {where}: {error.message}")
    return data


def _date(path: Path, field: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CityDataError(f"{path}: field {field}: {text!r} is not a real date") from None


def load_national(path: Path = NATIONAL_FILE) -> National:
    data = _read(path, "national.schema.json")
    return National(
        calendar_start=(data["cycle"]["start_month"], data["cycle"]["start_day"]),
        first_year=data["cycle"]["first_year"],
        ages=Ages(**data["ages"]),
        free_dial=data["free_dial"],
    )


def load_city(path: Path, national: National) -> City:
    data = _read(path, "city.schema.json")
    if data["id"] != path.stem:
        raise CityDataError(f"{path}: field id: {data['id']!r} must match the file name {path.stem!r}")
    overrides = {}
    for year, override in data["cycles"]["overrides"].items():
        if not isinstance(year, int):
            raise CityDataError(f"{path}: field cycles/overrides/{year}: the key must be a year")
        overrides[year] = CycleOverride(**{
            key: _date(path, f"cycles/overrides/{year}/{key}", value)
            for key, value in override.items()})
    for action_id, action in data["actions"].items():
        if action["office"] != FREE_DIAL and action["office"] not in data["offices"]:
            raise CityDataError(f"{path}: field actions/{action_id}/office: "
                                f"no office {action['office']!r} in offices")
    month, day = national.calendar_start
    return City(
        id=data["id"], name=data["name"], source=data["source"],
        switchboard=data.get("switchboard"), old_card=data.get("old_card"), offices=data["offices"],
        delivery=data["delivery"], renewal=data["cycles"]["renewal"], actions=data["actions"],
        calendar=CycleCalendar(month, day, national.first_year, overrides), path=path,
    )


def load_cities(folder: Path = CITIES_DIR, national: National | None = None) -> dict[str, City]:
    national = national or load_national()
    cities = {path.stem: load_city(path, national) for path in sorted(folder.glob("*.yaml"))}
    if not cities:
        raise CityDataError(f"{folder}: no city data files (*.yaml)")
    return cities
