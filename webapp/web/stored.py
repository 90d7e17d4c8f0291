"""What the session may hold: exactly what the pages write, nothing else.

A cookie from an older release (or made with a leaked key) may hold anything JSON can.
It is checked once, when the session is opened, so that the pages can trust it; a session
that fails is treated like one that could not be decrypted (see session.py).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from flask import current_app

from ..citydata import loaded
from ..clock import today_in_tokyo
from ..questions import BY_NAME, NAMES, NOT_ANSWERED
from ..rules.era import ERA_KEYS_FOR_INPUT
from ..rules.outcome import EARLIEST_BIRTH_DATE
from .forms import typing_to_keep
from .household_store import FIELDS as PERSON_FIELDS
from .household_store import KEYS as HOUSEHOLD_KEYS
from .household_store import LIMIT, unpack

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
CSRF_SECRET = re.compile(r"[0-9a-f]{16,128}")  # Flask-WTF keeps a hex digest here
TYPING_KEYS = {"city", "step", "form"}


def valid_birth_date(value: object, as_of: date) -> bool:
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        return False
    try:
        born = date.fromisoformat(value)
    except ValueError:
        return False
    return EARLIEST_BIRTH_DATE <= born <= as_of


def valid_choice(step: str, value: object) -> bool:
    question = BY_NAME[step]
    allowed = set(question.values) | ({NOT_ANSWERED} if question.optional else set())
    return isinstance(value, str) and value in allowed


def valid_answers(raw: object, as_of: date) -> bool:
    """One city's answers, as the question pages save them."""
    if not isinstance(raw, dict):
        return False
    for key, value in raw.items():
        if key == "birth_date":
            ok = valid_birth_date(value, as_of)
        elif key == "birth_date_era":
            ok = isinstance(value, str) and value in ERA_KEYS_FOR_INPUT
        elif key in BY_NAME:
            ok = valid_choice(key, value)
        else:
            ok = False
        if not ok:
            return False
    return True


def valid_person(values: object, as_of: date) -> bool:
    """One confirmed person of a household, packed as household_store.pack writes it."""
    if not isinstance(values, list) or len(values) != len(PERSON_FIELDS):
        return False
    if not all(value is None or isinstance(value, str) for value in values):
        return False
    raw = unpack(values)
    return "birth_date" in raw and valid_answers(raw, as_of)


def valid_household(found: object, as_of: date) -> bool:
    """One city's household: at most LIMIT people, and ``at`` a place among them (or null)."""
    if not isinstance(found, dict) or set(found) != HOUSEHOLD_KEYS:
        return False
    people, at = found["people"], found["at"]
    if not isinstance(people, list) or len(people) > LIMIT:
        return False
    if at is not None and (type(at) is not int or not 0 <= at <= min(len(people), LIMIT - 1)):
        return False  # (type(), not isinstance: JSON true would pass as 1)
    return all(valid_person(values, as_of) for values in people)


def valid_typing(typing: object, city_ids: Iterable[str]) -> bool:
    """What a language switch kept: the form's own fields, within their limits."""
    if not isinstance(typing, dict) or set(typing) != TYPING_KEYS:
        return False
    city, step, form = typing["city"], typing["step"], typing["form"]
    if not isinstance(city, str) or not isinstance(step, str) or not isinstance(form, dict):
        return False
    if city not in city_ids or step not in NAMES:
        return False
    return typing_to_keep(step, form) == (form, False)


def valid_session(data: dict, *, city_ids: Iterable[str], as_of: date) -> bool:
    city_ids = set(city_ids)
    for key, value in data.items():
        if key == "answers":
            ok = isinstance(value, dict) and all(
                city in city_ids and valid_answers(raw, as_of) for city, raw in value.items())
            # (JSON object keys are always strings, so `in` cannot meet a list here)
        elif key == "household":
            ok = isinstance(value, dict) and all(
                city in city_ids and valid_household(found, as_of) for city, found in value.items())
        elif key == "typing":
            ok = valid_typing(value, city_ids)
        elif key == "csrf_token":
            ok = isinstance(value, str) and bool(CSRF_SECRET.fullmatch(value))
        else:
            ok = False  # no page writes it
        if not ok:
            return False
    return True


def session_is_readable(data: dict) -> bool:
    """valid_session for this app and today (or the configured AS_OF)."""
    return valid_session(data, city_ids=loaded().cities,
                         as_of=current_app.config["AS_OF"] or today_in_tokyo())
