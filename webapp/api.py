"""The JSON door: POST /api/v1/<municipality>/outcome (its contract: openapi.yaml).

Same decision code and presenter as the pages; this module only checks the body.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask_babel import force_locale
from flask_babel import gettext as _

from . import openapi
from .citydata import loaded
from .clock import today_in_tokyo
from .household import LIMIT, combine
from .languages import LANGUAGES, LOCALES
from .present import answer, answer_bytes
from .questions import CHOICE, NAMES, QUESTIONS, YES_NO
from .rules.outcome import EARLIEST_BIRTH_DATE, LATEST_AS_OF, Answers

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# ASCII digits only: \d would also match "１９５６-０４-０１", then reported as a date that
# does not exist rather than as a malformed one.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class BodyErrors(list):
    """The errors of a body; ``prefix`` names the member being read ("members[2].")."""

    prefix = ""

    def add(self, field: str | None, message: str) -> None:
        self.append({"field": f"{self.prefix}{field}" if field else field, "message": message})


def read_date(body: dict, field: str, errors: BodyErrors) -> date | None:
    value = body.get(field)
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        errors.add(field, _("Write the date as YYYY-MM-DD, for example 1956-04-01"))
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.add(field, _("%(value)s is not a date that exists", value=value))
        return None


def read_choice(body: dict, field: str, choices: tuple[str, ...], errors: BodyErrors,
                required: bool = True) -> str | None:
    """One of ``choices``; null or left out only where not ``required``. A value sent is
    checked even where it is not required (and then not used): a wrong one is an error."""
    value = body.get(field)
    if value is None:
        if required:
            errors.add(field, _("This field is required"))
    elif not isinstance(value, str) or value not in choices:
        errors.add(field, _("Use one of: %(choices)s", choices=", ".join(choices)))
    else:
        return value
    return None


def read_request(body: dict, city) -> tuple[Answers | None, date | None, BodyErrors]:
    errors = BodyErrors()
    as_of = read_as_of(body, city, errors)
    answers = read_answers(body, as_of, errors)
    if errors:
        return None, None, errors
    return answers, as_of, errors


def read_as_of(body: dict, city, errors: BodyErrors) -> date | None:
    """The day asked about (and a check of ``lang``): once per body, for every member."""
    if "lang" in body and body["lang"] not in LANGUAGES:
        errors.add("lang", _("Use one of: %(choices)s", choices=", ".join(LANGUAGES)))
    as_of = today_in_tokyo() if body.get("as_of") is None else read_date(body, "as_of", errors)
    if as_of and as_of > LATEST_AS_OF:
        errors.add("as_of", _("This date is too far in the future"))
        as_of = None
    if as_of and as_of < city.calendar.first_day():
        errors.add("as_of", _("The first cycle of this city starts on %(day)s",
                              day=city.calendar.first_day().isoformat()))
        as_of = None
    return as_of


def read_answers(body: dict, as_of: date | None, errors: BodyErrors) -> Answers | None:
    """One person's answers (None when ``errors`` got one)."""
    count = len(errors)
    if "birth_date" not in body:
        errors.add("birth_date", _("This field is required"))
        born = None
    else:
        born = read_date(body, "birth_date", errors)
    if born and born < EARLIEST_BIRTH_DATE:
        errors.add("birth_date", _("The date of birth must be on or after %(day)s",
                                   day=EARLIEST_BIRTH_DATE.isoformat()))
    elif born and as_of and born > as_of:
        errors.add("birth_date", _("The date of birth is after the day asked about"))
    # The questions' own definitions: a choice is required where it applies (the
    # registration only with a card) and, where it does not, may be left out or null, but a
    # value sent is still one of its choices (then not used); a yes/no question is a bool,
    # false when left out. openapi.yaml's Answers says the same.
    chosen: dict[str, str | None] = {}
    flags: dict[str, bool] = {}
    for question in QUESTIONS:
        if question.kind == CHOICE:
            applies = question.applies({k: v for k, v in chosen.items() if v is not None})
            value = read_choice(body, question.name, question.values, errors, required=applies)
            chosen[question.name] = value if applies else None
        elif question.kind == YES_NO:
            value = body.get(question.name, False)
            if not isinstance(value, bool):
                errors.add(question.name, _("Use true or false"))
            flags[question.name] = value is True
    if len(errors) > count or born is None:  # (no birth date: errors says why)
        return None
    # Keyed by the questions' names, which are Answers' fields.
    fields: dict[str, Any] = {**chosen, **flags}
    return Answers(birth_date=born, **fields)


def read_members(body: dict, city) -> tuple[list[Answers], date | None, BodyErrors]:
    """The household form: ``members``, a list of single-person bodies without as_of or
    lang (given once, at the top), at most as many as the household pages take."""
    errors = BodyErrors()
    as_of = read_as_of(body, city, errors)
    members = body["members"]
    top_level = [name for name in NAMES if name in body]
    for name in top_level:
        errors.add(name, _("With members, give each person's answers inside members"))
    if not isinstance(members, list) or not members or not all(isinstance(m, dict) for m in members):
        errors.add("members", _("Send members as a list of JSON objects, one for each person"))
        return [], None, errors
    if len(members) > LIMIT:
        errors.add("members", _("Send at most %(limit)s members", limit=LIMIT))
        return [], None, errors
    found = []
    for index, member in enumerate(members):
        errors.prefix = f"members[{index}]."
        for name in ("as_of", "lang"):
            if name in member:
                errors.add(name, _("Give %(field)s once, outside members", field=name))
        answers = read_answers(member, as_of, errors)
        if answers is not None:  # (None: errors says why)
            found.append(answers)
    errors.prefix = ""
    return found, as_of, errors


def read_body() -> object:
    """The JSON body, or None when it is not JSON. Nesting deep enough to exhaust Python's
    recursion is not JSON this API takes either (docs/api.md "Errors": never a 500)."""
    try:
        return request.get_json(silent=True)
    except RecursionError:
        return None


@bp.post("/<municipality>/outcome")
def outcome(municipality: str):
    body = read_body()
    lang: str = body["lang"] if isinstance(body, dict) and body.get("lang") in LANGUAGES else "ja"
    data = loaded()
    with force_locale(LOCALES[lang]):
        city = data.cities.get(municipality)
        if city is None:
            return jsonify({"errors": [{"field": "municipality",
                                        "message": _("There is no such municipality")}]}), 404
        if not isinstance(body, dict):
            return jsonify({"errors": [{"field": None,
                                        "message": _("Send a JSON object")}]}), 422
        if "members" in body:
            return household_outcome(body, city, data.national, lang)
        answers, as_of, errors = read_request(body, city)
        if errors or answers is None or as_of is None:  # (None only with errors)
            return jsonify({"errors": errors}), 422
        return current_app.response_class(answer_bytes(answers, as_of, city, data.national, lang),
                                          mimetype="application/json")


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(openapi.served(tuple(sorted(loaded().cities))))


def household_outcome(body: dict, city, national, lang: str):
    members, as_of, errors = read_members(body, city)
    if errors or as_of is None:  # (None only with errors)
        return jsonify({"errors": errors}), 422
    views = [answer(member, as_of, city, national, lang) for member in members]
    combined = combine(views, city.mixed_household, lang)
    # The page-only parts (each person's short view, the projection) are in the members' own answers.
    household = {"mail": combined.mail, "mail_notes": combined.mail_notes,
                 "actions": [step.json() for step in combined.actions],  # (its "for")
                 "contacts": combined.contacts, "sources": combined.sources}
    return jsonify({"municipality": city.id, "as_of": as_of.isoformat(), "members": views,
                    "household": household})
