"""Calendar reminders (issue 10): the dates that matter in one result, as an .ics file.

Built from the outcome view (present.answer), so the file says what the result page says.
Only the events go in: no birth date, no answers, and each UID is a hash of the city, the
kind of event and its day, never of the person.

Text fields are in ``lang``; call inside a request or ``flask_babel.force_locale``.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from icalendar import Alarm, Calendar, Event

from .datefmt import long_date
from .rules.ages import birthday
from .rules.outcome import IF_NOT_REGISTERED, IF_REGISTERED

PRODID = "-//hoken-wizard//health insurance papers guide//EN"
REMIND_BEFORE = timedelta(days=21)
# The cost share and the 75th birthday are worth a reminder only while they are near;
# five years covers every paper and the card's electronic certificate.
HORIZON_YEARS = 5


@dataclass(frozen=True)
class Reminder:
    kind: str  # what happens, e.g. "expires:qualification_notice:if_registered"
    day: date
    summary: str
    description: str


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _within_horizon(day: date | None, as_of: date) -> bool:
    # ages.birthday: the same day HORIZON_YEARS on, 29 February or not.
    return day is not None and as_of < day <= birthday(as_of, HORIZON_YEARS)


def _conditioned(text: str, condition: str | None, lang: str) -> str:
    """Where both possible papers are shown, say which one this event is about."""
    label = {IF_REGISTERED: _("(if your card is registered)"),
             IF_NOT_REGISTERED: _("(if your card is not registered)")}.get(condition)
    return f"{text}{' ' if lang == 'en' else ''}{label}" if label else text


DatedEvent = tuple[str, date, Callable[[], tuple[str, str]]]


def _events(view: Mapping[str, Any], city_name: str, lang: str) -> list[DatedEvent]:
    """(kind, day, its summary and description) for each date of one result still ahead.
    The texts are written only when asked for: the result page needs only whether there
    are any (for the calendar link)."""
    as_of = date.fromisoformat(view["as_of"])
    found = []
    old_card = _day(view["old_card_valid_until"])
    if view["scheme"] == "nhi" and old_card and old_card >= as_of:
        found.append(("old_card_ends", old_card, lambda: (
            _("Last day to use your old health insurance card"),
            _("%(city)s National Health Insurance: your old paper health insurance card can be "
              "used until today. From tomorrow, use the paper that replaces it.", city=city_name))))
    paper_starts = set()
    for doc in view["documents"]:
        condition, name = doc["condition"], doc["name"]
        starts, ends = _day(doc["valid_from"]), _day(doc["expires_on"])
        if starts and starts > as_of:
            paper_starts.add(starts)

            def started(doc=doc, condition=condition, name=name):
                shown = (_("It shows the share of medical costs you pay (負担割合).")
                         if doc["shows_cost_share"] else "")
                return (_conditioned(_("Your new %(paper)s applies from today", paper=name), condition, lang),
                        ("" if lang == "ja" else " ").join(filter(None, [
                            _("%(city)s National Health Insurance: from today, use the new %(paper)s.",
                              city=city_name, paper=name), shown])))
            found.append((f"starts:{doc['type']}:{condition}", starts,
                          projected(started, doc["basis"]["valid_from"], view)))
        if ends and ends >= as_of:
            found.append((f"expires:{doc['type']}:{condition}", ends, projected(
                lambda condition=condition, name=name: (
                    _conditioned(_("Last day of your %(paper)s", paper=name), condition, lang),
                    _("%(city)s National Health Insurance: your %(paper)s can be used until today.",
                      city=city_name, paper=name)),
                doc["basis"]["expires_on"], view)))
    cost_share = _day(view["cost_share_starts_on"])
    late_elderly = _day(view["late_elderly"]["starts_on"])
    if view["scheme"] == "nhi" and _within_horizon(cost_share, as_of) \
            and cost_share < late_elderly and cost_share not in paper_starts:
        # Where a new paper starts that day its own event already says so.
        found.append(("cost_share_starts", cost_share, lambda: (
            _("Your health insurance paper shows the share of medical costs you pay from today"),
            _("%(city)s National Health Insurance: from this month your paper shows the share of "
              "medical costs you pay (負担割合). A new paper showing it is sent to you.",
              city=city_name))))
    if view["scheme"] == "nhi" and _within_horizon(late_elderly, as_of):
        found.append(("late_elderly_starts", late_elderly, lambda: (
            _("You join the medical care system for people aged %(age)s and over",
              age=view["late_elderly"]["age"]),
            _("From today %(authority)s sends your papers; your National Health Insurance papers "
              "end the day before.", authority=view["late_elderly"]["authority"]))))
    return found


def projected(texts, basis: Mapping[str, Any], view: Mapping[str, Any]):
    """An event's texts; a projected date's description says so, as the page does."""
    if basis["kind"] != "projected":
        return texts

    def said():
        summary, description = texts()
        return summary, f"{view['text']['projection']}\n{description}"
    return said


def reminders(view: Mapping[str, Any], city_name: str, lang: str) -> list[Reminder]:
    """The dates of one result that are still ahead, in date order."""
    found = [Reminder(kind, day, *texts()) for kind, day, texts in _events(view, city_name, lang)]
    return sorted(found, key=lambda reminder: (reminder.day, reminder.kind))


def any_ahead(view: Mapping[str, Any]) -> bool:
    """Whether the result has a date still ahead (the page then offers the calendar file)."""
    return bool(_events(view, "", ""))


def uid(city_id: str, reminder: Reminder) -> str:
    """Stable across downloads, so a calendar updates the event instead of adding another."""
    digest = hashlib.sha256(f"{city_id}|{reminder.kind}|{reminder.day.isoformat()}".encode())
    return f"{digest.hexdigest()[:32]}@hoken-wizard"


def calendar(found: list[Reminder], city_id: str, lang: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("Health insurance papers"))
    stamp = datetime.now(UTC).replace(microsecond=0)
    for reminder in found:
        event = Event()
        event.add("uid", uid(city_id, reminder))
        event.add("dtstamp", stamp)
        event.add("dtstart", reminder.day)  # a date: an all-day event
        event.add("dtend", reminder.day + timedelta(days=1))
        event.add("summary", reminder.summary)
        event.add("description", reminder.description)
        event.add("transp", "TRANSPARENT")  # a date to know, not a busy time
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -REMIND_BEFORE)
        alarm.add("description", _("In 3 weeks, on %(day)s: %(summary)s",
                                   day=long_date(reminder.day, lang), summary=reminder.summary))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
