"""The outcome as data for people: one dict that the outcome page renders and the API
returns. Adds the city's offices, delivery and wording to the rules' decision.

Text fields are in ``lang``; call inside a request or ``flask_babel.force_locale``.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from flask_babel import gettext as _, lazy_gettext as _l

from .citydata import City, National
from .datefmt import long_date
from .rules.outcome import CERTIFICATE, NOTICE, Outcome

DOCUMENT_NAMES = {
    NOTICE: _l("Notice of insurance qualification"),
    CERTIFICATE: _l("Eligibility certificate"),
}
DELIVERY_METHODS = {
    "regular_mail": _l("Ordinary mail (put in your post box)"),
    "simple_registered_mail": _l("Simple registered mail (handed to you at the door)"),
}
RECIPIENTS = {
    "each_person": _l("Sent to each person"),
    "householder": _l("Sent to the head of your household"),
}
ACTION_TITLES = {
    "check_registration": _l("Check whether your card is registered for health insurance"),
    "leave_nhi": _l("Leave National Health Insurance"),
    "apply_certificate": _l("Apply for an eligibility certificate"),
    "deregister": _l("Cancel the card's health insurance registration"),
    "register_card": _l("Register your My Number card for health insurance"),
    "replace_card": _l("Have your lost My Number card replaced"),
}
REGISTRATION_METHODS = {
    "my_portal": _l("Mynaportal on your smartphone (needs the 4-digit PIN)"),
    "seven_bank_atm": _l("A Seven Bank ATM (needs the 4-digit PIN)"),
    "city_office_pc": _l("The computer at the city office counter (needs the 4-digit PIN)"),
    "clinic_reader": _l("The card reader at a clinic or pharmacy (with face recognition, no PIN)"),
}


def localized(text: Mapping[str, str] | None, lang: str) -> str | None:
    return None if text is None else text[lang]


def office_view(office: Mapping[str, Any], lang: str) -> dict[str, Any]:
    return {
        "name": localized(office["name"], lang),
        "place": localized(office.get("place"), lang),
        "phone": office.get("phone"),
        "extension": office.get("extension"),
        "hours": [localized(h, lang) for h in office.get("hours", [])],
        "menu": localized(office.get("menu"), lang),
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _date_text(day: date | None, lang: str) -> str | None:
    return long_date(day, lang) if day else None


def document_view(doc, city: City, lang: str) -> dict[str, Any]:
    delivery = city.delivery[doc.type]
    return {
        "type": doc.type,
        "valid_from": _iso(doc.valid_from),
        "expires_on": _iso(doc.expires_on),
        "shows_cost_share": doc.shows_cost_share,
        "delivery": delivery["method"],
        "current": doc.current,
        "condition": doc.condition,
        "ends_because": doc.ends_because,
        "name": str(DOCUMENT_NAMES[doc.type]),
        "valid_from_text": _date_text(doc.valid_from, lang),
        "expires_text": _date_text(doc.expires_on, lang) or _("No expiry date"),
        "delivery_text": str(DELIVERY_METHODS[delivery["method"]]) if delivery["method"] else None,
        "delivery_note": localized(delivery.get("note"), lang),
    }


def action_view(action, city: City, national: National, lang: str) -> dict[str, Any]:
    data = city.actions[action.id]
    bring = data.get("bring")
    return {
        "id": action.id,
        "condition": action.condition,
        "title": str(ACTION_TITLES[action.id]),
        "office": office_view(city.office(data["office"], national), lang),
        "bring": None if bring is None else [localized(item, lang) for item in bring],
        "proxy": localized(data.get("proxy"), lang),
        "methods": [str(REGISTRATION_METHODS[m]) for m in data.get("methods", [])],
        "notes": [localized(note, lang) for note in data.get("notes", [])],
    }


def outcome_view(outcome: Outcome, city: City, national: National, lang: str) -> dict[str, Any]:
    """Everything the outcome page shows and the API answers, in ``lang``."""
    cycle = outcome.cycle
    union = city.offices["late_elderly_union"]
    return {
        "municipality": city.id,
        "as_of": _iso(outcome.as_of),
        "scheme": outcome.scheme,
        "cycle": {
            "start": _iso(cycle.start),
            "end": _iso(cycle.end),
            "papers_valid_from": _iso(cycle.papers_valid_from),
            "old_card_valid_until": _iso(cycle.old_card_valid_until),
        },
        "documents": [document_view(doc, city, lang) for doc in outcome.documents],
        "actions": [action_view(action, city, national, lang) for action in outcome.actions],
        "late_elderly": {
            "starts_on": _iso(outcome.late_elderly_start),
            "in_this_cycle": outcome.late_elderly_in_cycle,
            "authority": localized(union["name"], lang),
        },
        "cost_share_starts_on": _iso(outcome.cost_share_start),
        "old_card_valid_until": _iso(outcome.old_card_valid_until),
        "delivery": {
            "recipient": city.delivery["recipient"],
            "recipient_text": str(RECIPIENTS[city.delivery["recipient"]]),
            "mixed_household": localized(city.delivery.get("mixed_household"), lang),
            "renewal": localized(city.renewal, lang),
        },
        "text": {
            "as_of": long_date(outcome.as_of, lang),
            "cycle_end": long_date(cycle.end, lang),
            "papers_valid_from": long_date(cycle.papers_valid_from, lang),
            "old_card_valid_until": _date_text(outcome.old_card_valid_until, lang),
            "late_elderly_start": long_date(outcome.late_elderly_start, lang),
            "cost_share_start": long_date(outcome.cost_share_start, lang),
        },
    }
