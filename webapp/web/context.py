"""One request's wizard, for both blueprints (the wizard's pages and the household's): the
city from the address, the language, the resident's answers for the city, the day asked
about and the ages in force that day, found once per request and asked what the flow says
of them, and the page that comes next."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flask import abort, current_app, g, session

from .. import flow
from ..citydata import loaded
from ..clock import today_in_tokyo
from ..i18n import current_lang
from .fragments import page_url


def as_of() -> date:
    return current_app.config["AS_OF"] or today_in_tokyo()


def stored_answers() -> dict:
    return session.get("answers", {}).get(g.city.id, {})


def wizard() -> flow.Route:
    """This request's way through the questions for ``g.city``, made once (and again after
    the answers change)."""
    found = g.get("wizard")
    if found is None:
        found = g.wizard = flow.Route(stored_answers(), as_of(), loaded().national.ages)
    return found


def save_answers(raw: dict) -> None:
    stored = session.get("answers", {})
    stored[g.city.id] = raw
    session["answers"] = stored  # reassigning marks the cookie as changed
    g.wizard = None


def lang() -> str:
    return current_lang()


def load_city(endpoint, values):
    """A blueprint's url_value_preprocessor: the city the address names, or 404."""
    if values and "city_id" in values:
        g.city = loaded().cities.get(values["city_id"]) or abort(404)


def answers() -> Mapping[str, str]:
    return wizard().raw


def after_answer() -> str:
    """The next question still open, else the check-your-answers page."""
    step = wizard().next_step
    if step:
        return page_url("wizard.question", city_id=g.city.id, step=step)
    return page_url("wizard.check", city_id=g.city.id)
