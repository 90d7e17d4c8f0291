"""Calendar reminders: the dates that matter in one result, as an .ics file, or
in a household's results, each event headed by whom it is about.

Built from the answer's ``dates`` (present.answer, a typed model: its days are dates): each event says statements of the
answer, the page's own, and composes none (it adds only the case each is for, the
projection and whom to ask). One event per day and person: where the card's registration
is not known, that day's event names what happens in each case. Each description ends with whom to ask and their phone.
Only the events go in: no answers, and each UID is a hash of the city, the member's place
in the household, the kind of event and its day, never of the person. The household's
labels carry the birth year (「1人目（昭和23年生まれ）」): the only place a file holds it.

Text fields are in ``lang``; call inside a request or ``flask_babel.force_locale``.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeGuard
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from icalendar import Alarm, Calendar, Event

from .citydata import City
from .datefmt import long_date
from .i18n import LazyText
from .i18n import lazy_gettext as _l
from .languages import is_japanese
from .present.model import Answer, DayAhead, Office
from .present.statement import NOT_STATED, Statement
from .present.wording import municipal, wording
from .rules.ages import birthday
from .rules.outcome import IF_NOT_REGISTERED, IF_REGISTERED

PRODID = "-//hoken-wizard//health insurance papers guide//EN"
REMIND_BEFORE = timedelta(days=21)
REMIND_AT, JAPAN = time(9, 0), ZoneInfo("Asia/Tokyo")
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
    # What the description says, each a statement of the answer (with its basis).
    says: tuple[Statement, ...] = ()


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
    return wording(lang).labelled(text, _case_label(condition))


def _events(view: Answer, day_of: Callable[[date], date] = lambda day: day) -> list[DayAhead]:
    """The answer's days ahead a calendar reminds of (its ``dates``, each with its
    statements): the cost share and the 75th birthday only while near, and the cost share
    only where no new paper starts that day (that paper's event says it). ``day_of`` gives
    the resident's day of a view kept for its shape (webapp/present/shape.py)."""
    as_of = day_of(view.as_of)
    paper_starts = {day_of(item.day) for item in view.dates if item.kind.startswith("starts:")}
    late_elderly = day_of(view.late_elderly.starts_on)
    found = []
    for item in view.dates:
        day = day_of(item.day)
        near = _within_horizon(day, as_of)
        if item.kind == "cost_share_starts" and (not near or day >= late_elderly or day in paper_starts):
            continue
        if item.kind == "late_elderly_starts" and not near:
            continue
        found.append(item)
    return found


def _one_day(day: date, dated: list[DayAhead], view: Answer, ask: list[Statement],
             lang: str) -> Reminder:
    """One event for everything of one day: where the registration is not known, what
    happens in each case (said once where both cases are the same); a projected date says
    so first, as the page does; whom to ask last."""
    cases: dict[tuple[str, tuple[Statement, ...]], set[str | None]] = {}
    for item in dated:
        assert item.title is not None, "a calendar is built from a full answer (its days' words)"
        cases.setdefault((item.title, item.says), set()).add(item.condition)
    parts = [(title, says, None if None in found or len(found) > 1 else next(iter(found)))
             for (title, says), found in cases.items()]
    words = wording(lang)
    summaries = [_conditioned(title, condition, lang) for title, _s, condition in parts]
    if len(parts) == 2 and {condition for *_t, condition in parts} == {IF_REGISTERED, IF_NOT_REGISTERED}:
        other = summaries[1] if is_japanese(lang) else summaries[1][:1].lower() + summaries[1][1:]
        summary = _("%(one)s, or %(other)s", one=summaries[0], other=other)
    else:
        summary = words.either.join(summaries)
    # Each line one statement; with two cases, each case's first line names its case.
    says: list[Statement] = []
    for _t, statements, condition in parts:
        for number, line in enumerate(statements):
            label = _case_label(condition) if len(parts) > 1 and number == 0 else None
            says.append(line.reworded(words.prefixed(label, line)) if label else line)
    if any(item.projected for item in dated):
        # A projected date says so where it is said: in the title too, not only below.
        summary = _("%(title)s (projected)", title=summary)
        if view.text.projection:
            says.insert(0, view.text.projection)
    return Reminder("+".join(item.kind for item in dated), day, summary, "\n".join(says + ask),
                    says=tuple(says + ask))


def whom_to_ask(contacts: Sequence[Office], city: City, lang: str) -> list[Statement]:
    """The office the city's guide names to ask (``city.ask``, among the result's contacts)
    and its phone, in the page's words (resting on what names the office); where the guide
    gives no phone, the page's sentence saying so; where it names no office, the city."""
    def said(message: LazyText, **values: str) -> str:
        """One of the app's messages about "the city" (lazy, so that the catalogs find it), said
        for a town, a village or a ward too, before its values are put in."""
        text = municipal(str(message), city.municipality, lang)
        return text % values if values else text
    office = next((found for found in contacts if found.id == city.ask), None) if city.ask else None
    if office is None:
        the_city = said(_l("the city (%(city)s)"), city=city.name[lang])
        return [Statement(_("Ask: %(office)s", office=the_city), NOT_STATED)]
    kind, _colon, source = office.basis.partition(":")
    space = wording(lang).space
    if office.phone:
        phone = f"{_('Phone:')}{space}{office.phone}"
        if office.extension:
            phone += f"{space}{_('extension %(ext)s', ext=office.extension)}"
    elif office.switchboard:
        phone = f"{said(_l('Phone: the city hall switchboard'))}{space}{office.switchboard}"
    else:
        return [Statement(_("Ask: %(office)s", office=office.label), kind, source),
                Statement(said(_l("The city's guide gives no phone number for this office. See the city's website, "
                                  "or ask at the office.")), NOT_STATED)]
    return [Statement(_("Ask: %(office)s", office=office.label), kind, source), Statement(phone, kind, source)]


def reminders(view: Answer, city: City, lang: str) -> list[Reminder]:
    """The dates of one result that are still ahead, one event a day, in date order."""
    by_day: dict[date, list[DayAhead]] = {}
    for item in _events(view):
        by_day.setdefault(item.day, []).append(item)
    if not by_day:
        return []
    whom = whom_to_ask(view.contacts, city, lang)
    return sorted((_one_day(day, dated, view, whom, lang) for day, dated in by_day.items()),
                  key=lambda reminder: reminder.day)


def household_reminders(views: Sequence[Answer], labels: Sequence[str], city: City, lang: str) -> list[Reminder]:
    """Every member's dates, each event headed by the member's label (「1人目（昭和23年生ま
    れ）」): one event a day per person, in date order, then the household's order."""
    found = [replace(reminder, person=index,
                     summary=_("%(person)s: %(summary)s", person=labels[index], summary=reminder.summary))
             for index, view in enumerate(views) for reminder in reminders(view, city, lang)]
    return sorted(found, key=lambda reminder: (reminder.day, reminder.person))


def any_ahead(view: Answer, day_of: Callable[[date], date] = lambda day: day) -> bool:
    """Whether the result has a date still ahead (the page then offers the calendar file)."""
    return bool(_events(view, day_of))


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
        # At 09:00 in Japan three weeks before (an all-day event's own start is midnight); an
        # absolute trigger is written in UTC (RFC 5545).
        ring = datetime.combine(reminder.day - REMIND_BEFORE, REMIND_AT, tzinfo=JAPAN).astimezone(UTC)
        alarm.add("trigger", ring, parameters={"VALUE": "DATE-TIME"})  # (a trigger is a duration by default)
        alarm.add("description", _("In 3 weeks, on %(day)s: %(summary)s",
                                   day=long_date(reminder.day, lang), summary=reminder.summary))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
