"""Household mode: several people answered one after the other through the ordinary
question pages, kept in the session (household_store.py), then one household result.

Every change is a POST with the CSRF token; person numbers in URLs are positions, never
answers.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import flow, reminders
from ..citydata import loaded
from ..household import born_label, combine
from ..present import answer
from ..questions import BY_NAME
from . import household_store as store
from .context import after_answer, answers, as_of, lang, load_city, save_answers, wizard
from .downloads import calendar_response

# Its own blueprint, with the wizard's way of finding the city from the address.
bp = Blueprint("household", __name__)
bp.url_value_preprocessor(load_city)


def clear_answers() -> None:
    save_answers({})


def limit_message() -> str:
    return _("A household can have up to %(limit)s people here. To answer for more people, "
             "start again for the others after printing or noting this result.", limit=store.LIMIT)


def existing(city_id: str) -> dict[str, Any]:
    """The city's household, where the page was reached only with one (404 otherwise)."""
    found = store.state(city_id)
    if found is None:
        abort(404)
    return found


def overview_page(message: str | None = None):
    found = existing(g.city.id)
    ages = loaded().national.ages
    rows = []
    for index, raw in enumerate(store.people(g.city.id)):
        rows.append({"number": index + 1, "label": born_label(index, raw["birth_date"], lang()),
                     "birth_date": date.fromisoformat(raw["birth_date"]),
                     "card": next((str(label) for value, label in BY_NAME["my_number_card"].choices
                                   if value == raw.get("my_number_card")), None),
                     "complete": flow.Route(raw, as_of(), ages).next_step is None})
    at = found["at"]
    unsaved = None
    if at is not None and (answers() or at < len(found["people"])):
        # Named by the birth date being answered now, else the one saved.
        saved = store.unpack(found["people"][at]) if at < len(found["people"]) else {}
        unsaved = born_label(at, answers().get("birth_date") or saved.get("birth_date"), lang())
    return render_template(
        "household.html", rows=rows, message=message, limit=store.LIMIT,
        full=len(found["people"]) >= store.LIMIT,
        unsaved=unsaved,
        continue_url=after_answer() if unsaved else None,
        ready=bool(rows) and all(row["complete"] for row in rows),
        back=url_for("wizard.start", city_id=g.city.id))


def household_or_start():
    """The city's household, or a redirect to the start page when there is none."""
    found = store.state(g.city.id)
    return found, None if found else redirect(url_for("wizard.start", city_id=g.city.id))


@bp.post("/<city_id>/household/start")
def household_start(city_id: str):
    if store.state(city_id) is None:
        # Answers already given for one person become Person 1's.
        store.save(city_id, {"people": [], "at": 0})
        return redirect(after_answer())
    return redirect(url_for(".household", city_id=city_id))


@bp.get("/<city_id>/household")
def household(city_id: str):
    found, elsewhere = household_or_start()
    return elsewhere or overview_page()


@bp.post("/<city_id>/household/save")
def household_save(city_id: str):
    """From the check page: keep this person, then add another or see the result."""
    found, elsewhere = household_or_start()
    if elsewhere:
        return elsewhere
    raw = answers()
    if found["at"] is None or not raw or not wizard().complete:
        return redirect(after_answer())
    people = found["people"]
    if found["at"] < len(people):
        people[found["at"]] = store.pack(raw)
    else:
        people.append(store.pack(raw))
    store.save(city_id, {"people": people, "at": None})
    clear_answers()
    if request.form.get("then") == "add":
        return add_person(city_id)
    if request.form.get("then") == "result":
        return redirect(url_for(".household_result", city_id=city_id))
    return redirect(url_for(".household", city_id=city_id))


@bp.post("/<city_id>/household/add")
def household_add(city_id: str):
    found, elsewhere = household_or_start()
    return elsewhere or add_person(city_id)


def add_person(city_id: str):
    found = existing(city_id)
    people = found["people"]
    if found["at"] == len(people) and answers():
        return redirect(after_answer())  # a new person is already half answered: go on
    if len(people) >= store.LIMIT:
        return overview_page(limit_message())
    store.save(city_id, {"people": people, "at": len(people)})
    clear_answers()  # unsaved changes to someone else are dropped; their saved answers stay
    return redirect(url_for("wizard.question", city_id=city_id, step=flow.FIRST))


def person_index(number: int) -> int:
    """The list index for "Person ``number``" (404 for none)."""
    found = store.state(g.city.id)
    if not found or not 1 <= number <= len(found["people"]):
        abort(404)
    return number - 1


@bp.post("/<city_id>/household/person/<int:number>/change")
def household_change(city_id: str, number: int):
    index = person_index(number)
    found = existing(city_id)
    save_answers(store.unpack(found["people"][index]))
    store.save(city_id, {"people": found["people"], "at": index})
    return redirect(after_answer())


@bp.post("/<city_id>/household/person/<int:number>/remove")
def household_remove(city_id: str, number: int):
    index = person_index(number)
    found = existing(city_id)
    people, at = found["people"], found["at"]
    del people[index]
    if at == index:
        at = None
        clear_answers()
    elif at is not None and at > index:
        at -= 1  # the same person, one place earlier
    store.save(city_id, {"people": people, "at": at})
    return redirect(url_for(".household", city_id=city_id))


def household_views(full: bool):
    """(each member's outcome view, their labels with the birth year), or a redirect when
    the household is missing or someone's answers are incomplete; ``full``: with what
    each date ahead says (the page needs only which)."""
    found, elsewhere = household_or_start()
    if elsewhere:
        return None, elsewhere
    national, day = loaded().national, as_of()
    everyone = store.people(g.city.id)
    if not everyone or any(flow.Route(raw, day, national.ages).next_step for raw in everyone):
        return None, redirect(url_for(".household", city_id=g.city.id))
    views = [answer(flow.Route(raw, day, national.ages).answers(), day, g.city, national, lang(), full)
             for raw in everyone]
    return (views, [born_label(index, raw["birth_date"], lang()) for index, raw in enumerate(everyone)]), None


@bp.get("/<city_id>/household/result")
def household_result(city_id: str):
    found, elsewhere = household_views(full=False)
    if elsewhere:
        return elsewhere
    views, labels = found
    return render_template("household_result.html",
                           household=combine(views, g.city.mixed_household, lang(), labels),
                           as_of_text=views[0].text.as_of,
                           has_reminders=any(reminders.any_ahead(view) for view in views),
                           back=url_for(".household", city_id=city_id))


@bp.get("/<city_id>/household/result.ics")
def household_calendar(city_id: str):
    """Everyone's dates in one calendar file, each event headed by whom it is about; built
    from the cookie, so the address carries nothing personal."""
    found, elsewhere = household_views(full=True)
    if elsewhere:
        return elsewhere
    views, labels = found
    events = reminders.household_reminders(views, labels, g.city, lang())
    if not events:  # nothing ahead for anyone (the link is not shown then)
        return redirect(url_for(".household_result", city_id=city_id))
    return calendar_response(reminders.calendar(events, city_id, lang()), f"hoken-{city_id}-household.ics")
