"""Calendar reminders: the dates that matter in one result, as an .ics file, or
in a household's results, each event headed by whom it is about.

Built from the outcome view (present.answer), so the file says what the result page says.
One event per day and person: where the card's registration is not known, that day's event
names what happens in each case. Each description ends with whom to ask and their phone.
Only the events go in: no answers, and each UID is a hash of the city, the member's place
in the household, the kind of event and its day, never of the person. The household's
labels carry the birth year (「1人目（昭和23年生まれ）」): the only place a file holds it.

Text fields are in ``lang``; call inside a request or ``flask_babel.force_locale``.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeGuard

from flask_babel import gettext as _
from icalendar import Alarm, Calendar, Event

from .datefmt import long_date
from .i18n import is_japanese
from .rules.ages import birthday
from .rules.outcome import IF_NOT_REGISTERED, IF_REGISTERED

PRODID = "-//hoken-wizard//health insurance papers guide//EN"
REMIND_BEFORE = timedelta(days=21)
# The cost share and the 75th birthday are worth a reminder only while they are near;
# five years covers every paper and the card's electronic certificate.
HORIZON_YEARS = 5


@dataclass(frozen=True)
class Reminder:
    kind: str  # what happens, e.g. "expires:qualification_notice:if_registered" (+ another that day)
    day: date
    summary: str
    description: str
    person: int | None = None  # the household member's place (from 0); None: one resident


@dataclass(frozen=True)
class _Dated:
    """One thing that happens on a day, before the day's things are put in one event."""
    kind: str
    day: date
    condition: str | None  # the case it is for, where the registration is not known
    texts: Callable[[], tuple[str, str]]  # its summary and description, without the case
    projected: bool = False  # a date of a year the city has not published


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _within_horizon(day: date | None, as_of: date) -> TypeGuard[date]:
    # ages.birthday: the same day HORIZON_YEARS on, 29 February or not.
    return day is not None and as_of < day <= birthday(as_of, HORIZON_YEARS)


def _case_label(condition: str | None) -> str | None:
    if condition is None:
        return None
    return {IF_REGISTERED: _("(if your card is registered)"),
            IF_NOT_REGISTERED: _("(if your card is not registered)")}.get(condition)


def _conditioned(text: str, condition: str | None, lang: str) -> str:
    """Where both possible papers are shown, say which one this text is about."""
    label = _case_label(condition)
    return f"{text}{' ' if lang == 'en' else ''}{label}" if label else text


def _events(view: Mapping[str, Any], city_name: str, lang: str) -> list[_Dated]:
    """Each thing of one result still ahead, on its day. The texts are written only when
    asked for: the result page needs only whether there are any (for the calendar link)."""
    as_of = date.fromisoformat(view["as_of"])
    found = []
    old_card = _day(view["old_card_valid_until"])
    if view["scheme"] == "nhi" and old_card and old_card >= as_of:
        found.append(_Dated("old_card_ends", old_card, None, lambda: (
            _("Last day to use your old health insurance card"),
            _("%(city)s National Health Insurance: your old paper health insurance card can be "
              "used until today. From tomorrow, use the paper that replaces it.", city=city_name))))
    paper_starts = set()
    for doc in view["documents"]:
        condition, name = doc["condition"], doc["name"]
        starts, ends = _day(doc["valid_from"]), _day(doc["expires_on"])
        if starts and starts > as_of:
            paper_starts.add(starts)

            def started(doc=doc, name=name):
                shown = (_("It shows the share of medical costs you pay (負担割合).")
                         if doc["shows_cost_share"] else "")
                return (_("Your new %(paper)s applies from today", paper=name),
                        ("" if is_japanese(lang) else " ").join(filter(None, [
                            _("%(city)s National Health Insurance: from today, use the new %(paper)s.",
                              city=city_name, paper=name), shown])))
            found.append(_Dated(f"starts:{doc['type']}:{condition}", starts, condition, started,
                                doc["basis"]["valid_from"]["kind"] == "projected"))
        if ends and ends >= as_of:
            def expires(name: str = name) -> tuple[str, str]:
                return (_("Last day of your %(paper)s", paper=name),
                        _("%(city)s National Health Insurance: your %(paper)s can be used until today.",
                          city=city_name, paper=name))
            found.append(_Dated(f"expires:{doc['type']}:{condition}", ends, condition, expires,
                                doc["basis"]["expires_on"]["kind"] == "projected"))
    cost_share = _day(view["cost_share_starts_on"])
    late_elderly = date.fromisoformat(view["late_elderly"]["starts_on"])  # every outcome has it
    if view["scheme"] == "nhi" and _within_horizon(cost_share, as_of) \
            and cost_share < late_elderly and cost_share not in paper_starts:
        # Where a new paper starts that day its own event already says so. Otherwise only the
        # national rule: whether a paper shows it or a new one comes is the city's to say, and
        # the page says it (or that the city's guide does not).
        found.append(_Dated("cost_share_starts", cost_share, None, lambda: (
            _("Your share of medical costs changes from today"),
            _("From %(day)s you pay a different share of medical costs, because you reach %(age)s.",
              day=long_date(cost_share, lang), age=view["cost_share_age"]))))
    if view["scheme"] == "nhi" and _within_horizon(late_elderly, as_of):
        joins = view["late_elderly"]
        # The page's statements: the national rule, then what the city says the union sends, in
        # its words, or that it does not say (never "it sends your papers" where it does not).
        found.append(_Dated("late_elderly_starts", late_elderly, None, lambda: (
            _("You join the medical care system for people aged %(age)s and over", age=joins["age"]),
            ("" if is_japanese(lang) else " ").join([
                _("From %(day)s you are in the medical care system for people aged %(age)s and over, run by "
                  "%(authority)s.", day=long_date(late_elderly, lang), age=joins["age"],
                  authority=joins["authority"]),
                joins["papers"] or _("Ask them about your papers.")]))))
    return found


def _one_day(day: date, dated: list[_Dated], view: Mapping[str, Any], ask: list[str], lang: str) -> Reminder:
    """One event for everything of one day: where the registration is not known, what
    happens in each case (said once where both cases are the same); a projected date says
    so first, as the page does; whom to ask last."""
    cases: dict[tuple[str, str], set[str | None]] = {}
    for item in dated:
        cases.setdefault(item.texts(), set()).add(item.condition)
    parts = [(summary, description, None if None in found or len(found) > 1 else next(iter(found)))
             for (summary, description), found in cases.items()]
    space = "" if is_japanese(lang) else " "
    summaries = [_conditioned(summary, condition, lang) for summary, _d, condition in parts]
    if len(parts) == 2 and {condition for *_t, condition in parts} == {IF_REGISTERED, IF_NOT_REGISTERED}:
        other = summaries[1] if is_japanese(lang) else summaries[1][:1].lower() + summaries[1][1:]
        summary = _("%(one)s, or %(other)s", one=summaries[0], other=other)
    else:
        summary = ("／" if is_japanese(lang) else " / ").join(summaries)
    if len(parts) == 1:
        lines = [parts[0][1]]
    else:
        lines = [f"{_case_label(condition)}{space}{description}" if condition else description
                 for _s, description, condition in parts]
    if any(item.projected for item in dated):
        # A projected date says so where it is said: in the title too, not only below.
        summary = _("%(title)s (projected)", title=summary)
        lines.insert(0, view["text"]["projection"])
    return Reminder("+".join(item.kind for item in dated), day, summary, "\n".join(lines + ask))


def whom_to_ask(view: Mapping[str, Any], ask: str | None, city_name: str, lang: str) -> list[str]:
    """The office the city's guide names to ask (``ask``, among the result's contacts) and
    its phone, in the page's words; where the guide gives no phone, the page's sentence
    saying so; where it names no office, the city."""
    office = next((found for found in view["contacts"] if found["id"] == ask), None) if ask else None
    if office is None:
        return [_("Ask: %(office)s", office=_("the city (%(city)s)", city=city_name))]
    space = "" if is_japanese(lang) else " "
    if office["phone"]:
        phone = f"{_('Phone:')}{space}{office['phone']}"
        if office["extension"]:
            phone += f"{space}{_('extension %(ext)s', ext=office['extension'])}"
    elif office["switchboard"]:
        phone = f"{_('Phone: the city hall switchboard')}{space}{office['switchboard']}"
    else:
        phone = _("The city's guide gives no phone number for this office. "
                  "See the city's website, or ask at the office.")
    return [_("Ask: %(office)s", office=office["label"]), phone]


def reminders(view: Mapping[str, Any], city_name: str, lang: str, ask: str | None = None) -> list[Reminder]:
    """The dates of one result that are still ahead, one event a day, in date order.
    ``ask``: the id of the office the city's guide names to ask (City.ask)."""
    by_day: dict[date, list[_Dated]] = {}
    for item in _events(view, city_name, lang):
        by_day.setdefault(item.day, []).append(item)
    if not by_day:
        return []
    whom = whom_to_ask(view, ask, city_name, lang)
    return sorted((_one_day(day, dated, view, whom, lang) for day, dated in by_day.items()),
                  key=lambda reminder: reminder.day)


def household_reminders(views: Sequence[Mapping[str, Any]], labels: Sequence[str], city_name: str,
                        lang: str, ask: str | None = None) -> list[Reminder]:
    """Every member's dates, each event headed by the member's label (「1人目（昭和23年生ま
    れ）」): one event a day per person, in date order, then the household's order."""
    found = [replace(reminder, person=index,
                     summary=_("%(person)s: %(summary)s", person=labels[index], summary=reminder.summary))
             for index, view in enumerate(views) for reminder in reminders(view, city_name, lang, ask)]
    return sorted(found, key=lambda reminder: (reminder.day, reminder.person))


def any_ahead(view: Mapping[str, Any]) -> bool:
    """Whether the result has a date still ahead (the page then offers the calendar file)."""
    return bool(_events(view, "", ""))


def uid(city_id: str, reminder: Reminder) -> str:
    """Stable across downloads, so a calendar updates the event instead of adding another;
    a household's members by their place, so that two people's same day stay two events."""
    who = "" if reminder.person is None else f"{reminder.person}|"
    digest = hashlib.sha256(f"{city_id}|{who}{reminder.kind}|{reminder.day.isoformat()}".encode())
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
