"""How a household is kept in the session cookie, per city: ``session["household"][city]``
is ``{"people": [...], "at": n}``.

- ``people``: the people whose answers were confirmed on the check page, in order, each
  packed as a list of its answers in FIELDS order (null where a question was not asked):
  a list without keys keeps 8 people in both cities well inside one 4 KB cookie.
- ``at``: the index of the person whose answers are in ``session["answers"][city]`` now
  (a new person when it equals ``len(people)``), or null when nobody is being answered.

The current person is answered through the ordinary question pages, so the wizard's flow,
forms and checks are the same for one person or many. stored.py checks this shape.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import session

from ..household import LIMIT  # noqa: F401 (the pages and stored.py read it here)
from ..questions import NAMES

FIELDS: tuple[str, ...] = (NAMES[0], "birth_date_era", *NAMES[1:])
KEYS = {"people", "at"}


def pack(raw: Mapping[str, str]) -> list[str | None]:
    return [raw.get(name) for name in FIELDS]


def unpack(values: list) -> dict[str, str]:
    return {name: value for name, value in zip(FIELDS, values) if value is not None}


def state(city_id: str) -> dict[str, Any] | None:
    """The city's household, or None when the resident answers for one person."""
    return session.get("household", {}).get(city_id)


def people(city_id: str) -> list[dict[str, str]]:
    found = state(city_id)
    return [unpack(values) for values in found["people"]] if found else []


def save(city_id: str, found: dict[str, Any]) -> None:
    stored = session.get("household", {})
    stored[city_id] = found
    session["household"] = stored  # reassigning marks the cookie as changed


def drop(city_id: str) -> None:
    stored = session.get("household", {})
    if stored.pop(city_id, None) is not None:
        session["household"] = stored
    if not session.get("household"):
        session.pop("household", None)
