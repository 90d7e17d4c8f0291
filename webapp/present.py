"""The outcome as data for people: one dict that the outcome page renders and the API
returns. Adds the city's offices, delivery and wording to the rules' decision, decides what
the page shows (the summary, which offices, which reference items), and records the
documents every statement rests on.

Whose fact is it: a city's statement comes from that city's data file (its own document);
a national rule comes from the national file, which names where it was read. Where the
city's document is silent, the text says so and names only an office the document names.

Text fields are in ``lang``; call inside a request or ``flask_babel.force_locale``.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import get_translations

from .citydata import City, National, Source
from .datefmt import long_date
from .rules.outcome import (
    CARD_LOST,
    CERTIFICATE,
    EARLIER,
    IF_NOT_REGISTERED,
    IF_REGISTERED,
    NOTICE,
    Action,
    Answers,
    Document,
    Outcome,
    card_held_or_lost,
    decide,
)


def _l(msgid: str) -> str:
    """Marks a message for extraction; the Presenter translates it where it is shown."""
    return msgid


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
    "apply_certificate": _l("Apply for an Eligibility certificate"),
    "ask_without_card": _l("Ask how to see a doctor without your card"),
    "deregister": _l("Cancel the card's health insurance registration"),
    "register_card": _l("Register your My Number card for health insurance (if you want to)"),
    "replace_card": _l("Get a new My Number card"),
}
OPTIONAL_ACTIONS = ("register_card",)
REGISTRATION_METHODS = {
    "my_portal": _l("Mynaportal on your smartphone (needs the 4-digit PIN)"),
    "seven_bank_atm": _l("A Seven Bank ATM (needs the 4-digit PIN)"),
    "city_office_pc": _l("The computer at the city office counter (needs the 4-digit PIN)"),
    "clinic_reader": _l("The card reader at a clinic or pharmacy (with face recognition, no PIN)"),
}
CONDITION_LABELS = {
    IF_REGISTERED: _l("If your card is registered:"),
    IF_NOT_REGISTERED: _l("If it is not registered:"),
}
GROUP_HEADINGS = {
    IF_REGISTERED: _l("If your card is registered"),
    IF_NOT_REGISTERED: _l("If your card is not registered"),
}


def kept(store: dict, key: tuple, build: Callable[[], Any]) -> Any:
    """A value built once and kept in ``store``: here a city's ``memo``, since the city's
    data never changes while it is loaded. Keys come from finite sets (offices, situations,
    languages), so a store cannot grow without bound. Callers must not change what it
    returns."""
    try:
        return store[key]
    except KeyError:
        value = store[key] = build()
        return value


def localized(text: Mapping[str, str] | None, lang: str) -> str | None:
    return None if text is None else text[lang]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def bracketed(text: str, inner: str, lang: str) -> str:
    """国民健康保険課（山形市役所） in Japanese; National Health Insurance Division (Yamagata
    City Hall) in English."""
    return f"{text}（{inner}）" if lang == "ja" else f"{text} ({inner})"


def source_label(source: Source, lang: str) -> str:
    """白石市 健康推進課「…」（令和7年8月7日（2025年8月7日））."""
    title = localized(source.title, lang)
    label = (f"{localized(source.publisher, lang)}「{title}」" if lang == "ja"
             else f"{localized(source.publisher, lang)}, “{title}”")
    return bracketed(label, long_date(source.published, lang), lang) if source.published else label


class Citations:
    """The documents one answer rests on, in the order they are first used."""

    def __init__(self, city: City, national: National):
        self.city, self.national = city, national
        self.ids: list[str] = []

    def add(self, *ids: str) -> None:
        for source_id in ids:
            if source_id not in self.ids:
                self.ids.append(source_id)

    def rule(self, name: str) -> None:
        """A national rule: cite every document it was read in."""
        self.add(*self.national.rules[name])

    def view(self, lang: str) -> list[dict[str, Any]]:
        found = []
        for source_id in self.ids:
            own = self.city.sources.get(source_id)
            source = own or self.national.sources[source_id]
            found.append({
                "id": source.id,
                "title": localized(source.title, lang),
                "publisher": localized(source.publisher, lang),
                "published": _iso(source.published),
                "url": source.url,
                # Another city's document is used only for the national rules read in it.
                "national": own is None,
                "label": source_label(source, lang),
            })
        return found


def office_view(office_id: str, office: Mapping[str, Any], lang: str, city: City | None = None) -> dict[str, Any]:
    place = localized(office.get("place"), lang)
    name = localized(office["name"], lang)
    # An office in the city hall without its own number is reached through the switchboard.
    switchboard = city.switchboard if city and not office.get("phone") and place else None
    return {
        "id": office_id,
        "name": name,
        "label": bracketed(name, place, lang) if place else name,
        "place": place,
        "phone": office.get("phone"),
        "extension": office.get("extension"),
        "switchboard": switchboard,
        "hours": [localized(h, lang) for h in office.get("hours", [])],
        "menu": localized(office.get("menu"), lang),
        "topics": [localized(t, lang) for t in office.get("topics", [])],
    }


class _Writer:
    """What both halves of a view share: the translations found once, the documents cited
    and the offices used, each in first-use order."""

    def __init__(self, city: City, national: National, lang: str):
        self.city, self.national, self.lang = city, national, lang
        self.translations = get_translations()
        self.cite = Citations(city, national)
        self.office_ids: list[str] = []

    def _(self, msgid: str, **params) -> str:
        """gettext with the translations found once per answer (Flask-Babel's own looks them
        up again on every call: about a third of an API answer's time)."""
        text = self.translations.ugettext(msgid)
        return text % params if params else text

    def _optional(self, msgid: str | None) -> str | None:
        return None if msgid is None else self._(msgid)

    def text(self, fact: Mapping[str, str] | None) -> str | None:
        """A city's text; cites the source it names (or the enclosing fact's source)."""
        if fact is None:
            return None
        if "source" in fact:
            self.cite.add(fact["source"])
        return fact[self.lang]

    def office(self, office_id: str) -> dict[str, Any]:
        if office_id not in self.office_ids:
            self.office_ids.append(office_id)
        data = self.city.office(office_id, self.national)
        self.cite.add(data["source"])
        return kept(self.city.memo, ("office", office_id, self.lang),
                    lambda: office_view(office_id, data, self.lang, self.city))

    def nhi_name(self) -> str:
        return self.office("nhi")["label"]

    def task_office(self, task_id: str) -> dict[str, Any]:
        """Where the city's document sends a task; where it names no place, say so and name
        only the office the document names for health insurance."""
        data = self.city.actions[task_id]
        self.cite.add(data["source"])
        if data["office"] is not None:
            return {"office": self.office(data["office"]), "unsaid": None}
        return {"office": self.office(data["ask"]),
                "unsaid": self._("The city's guide does not say where to do this. Ask the city: "
                            "the office its guide names for health insurance is below.")}


@dataclass(frozen=True)
class Situation:
    """All of a decision that the date-free half of its view reads: no date, no birth date.
    Residents in one situation share that half, so it is built once per city, language and
    situation (``situation_view``) and only the dated half is built per request."""

    scheme: str
    paper_types: tuple[str, ...]  # the kinds of paper, in first-use order
    actions: tuple[Action, ...]
    my_number_card: str | None
    late_elderly_in_cycle: bool

    @classmethod
    def of(cls, outcome: Outcome, answers: Answers) -> Situation:
        return cls(outcome.scheme, tuple(dict.fromkeys(doc.type for doc in outcome.documents)),
                   outcome.actions, answers.my_number_card, outcome.late_elderly_in_cycle)

    @property
    def in_nhi(self) -> bool:
        return self.scheme == "nhi"

    @property
    def card_lost(self) -> bool:
        return self.my_number_card == CARD_LOST

    @property
    def has_card(self) -> bool:
        return card_held_or_lost(self.my_number_card)


class SituationPresenter(_Writer):
    """The date-free half: what to do, seeing a doctor, こんなときは and the offices to
    contact. It is given a Situation only, so nothing it writes can depend on a date."""

    def __init__(self, situation: Situation, city: City, national: National, lang: str):
        super().__init__(city, national, lang)
        self.situation = situation
        self.card_lost = situation.card_lost

    def clinic(self) -> list[dict[str, Any]]:
        types = self.situation.paper_types
        blocks = []
        if NOTICE in types:
            self.cite.rule("clinic_notice")
            items = [self._("Show your My Number health insurance card (マイナ保険証) at the clinic or pharmacy."),
                     self._("You cannot see a doctor with the notice alone."),
                     self._("If the clinic cannot read your card, for example because its reader is "
                       "broken, show the card and the notice together.")]
            if self.card_lost:
                items.append(self._("While your card is lost, you cannot use it at a clinic."))
            items += [self.text(t) for t in self.city.clinic[NOTICE]]
            blocks.append({"title": self._("With a Notice of insurance qualification"), "items": items})
        if CERTIFICATE in types:
            self.cite.rule("clinic_certificate")
            items = [self._("Show the certificate at the clinic or pharmacy, just as you showed your old "
                       "health insurance card.")]
            items += [self.text(t) for t in self.city.clinic[CERTIFICATE]]
            blocks.append({"title": self._("With an Eligibility certificate"), "items": items})
        self.cite.rule("old_card")
        old = [self._("Your old paper health insurance card cannot be used after its expiry date.")]
        if self.city.old_card:
            old.append(self.text(self.city.old_card))
        blocks.append({"title": self._("Your old health insurance card"), "items": old})
        return blocks

    def action(self, action: Action) -> dict[str, Any]:
        data = self.city.actions[action.id]
        where = self.task_office(action.id)
        paragraphs: list[str] = []
        methods: list[str] = []
        lost = self.card_lost
        if action.id == "check_registration":
            if lost:
                paragraphs.append(self._("Your card is lost, so ask the office below whether it was "
                                    "registered. Then use this guide again and choose the answer."))
            else:
                self.cite.rule("registration_status")
                paragraphs.append(self._("Log in to Mynaportal (マイナポータル) with your card. If the card is "
                                    "registered, the health insurance registration status shows 登録済 "
                                    "(registered). Then use this guide again and choose the answer."))
                paragraphs.append(self._("You can also ask the office below."))
        elif action.id == "leave_nhi":
            self.cite.rule("leave_nhi")
            paragraphs.append(self._("When you join health insurance through work, you must also leave "
                                "National Health Insurance: it does not happen on its own."))
            paragraphs.append(self._("After you leave, the papers above no longer apply. Ask your new "
                                "insurer about theirs."))
        elif action.id == "apply_certificate":
            paragraphs += [data["reasons"][reason][self.lang] for reason in action.reasons]
        elif action.id == "ask_without_card":
            paragraphs.append(self._("The city's guide does not say how to see a doctor when your card is "
                                "lost. Ask the office below before you need to see a doctor."))
        elif action.id == "deregister":
            self.cite.rule("certificate_without_applying")
            paragraphs.append(self._("Apply at the office below. After that you receive an Eligibility "
                                "certificate instead of the notice."))
        elif action.id == "register_card":
            self.cite.rule("registration_methods")
            self.cite.rule("certificate_without_applying")
            paragraphs.append(self._("You do not have to register: without it you receive an Eligibility "
                                "certificate. If you want to use your card at clinics, you can register "
                                "it in one of these ways:"))
            methods = [self._(REGISTRATION_METHODS[m]) for m in data["methods"]]
        elif action.id == "replace_card":
            paragraphs.append(self._("Until you have a new card, you cannot use the card at a clinic."))
        bring = data.get("bring")
        needs_bring = action.id in ("leave_nhi", "apply_certificate", "deregister")
        return {
            "id": action.id,
            "condition": action.condition,
            "reasons": list(action.reasons),
            "optional": action.id in OPTIONAL_ACTIONS,
            "condition_text": action.condition == IF_REGISTERED and self._("(if your card is registered)") or None,
            "title": self._(ACTION_TITLES[action.id]),
            "paragraphs": paragraphs,
            "methods": methods,
            "office": where["office"],
            "unsaid": where["unsaid"],
            "bring": None if bring is None else [localized(item, self.lang) for item in bring],
            "bring_unsaid": (self._("The city's guide does not say what to bring. Ask the office before "
                               "you go.") if needs_bring and bring is None else None),
            "proxy": localized(data.get("proxy"), self.lang),
            "notes": [localized(note, self.lang) for note in data.get("notes", [])],
        }

    def upkeep(self) -> list[dict[str, Any]]:
        items = []
        if self.situation.has_card:
            self.cite.rule("card_expiry")
            self.cite.rule("e_certificate_grace")
            items.append({
                "title": self._("Your My Number card has two expiry dates"),
                "items": [
                    self._("The card: until your 10th birthday after it was issued if you were 18 or older "
                      "then, or your 5th birthday if you were under 18."),
                    self._("The electronic certificate on the card: until your 5th birthday after it was "
                      "issued, at any age."),
                    self._("A notice about the expiry arrives 2 to 3 months before, with an application form "
                      "for a new card. You can renew from 3 months before, at the office of the city "
                      "where you are registered as a resident."),
                    self._("If the electronic certificate expires, the card still works as a health "
                      "insurance card for 3 months, then it stops working."),
                ],
                **self.task_office("renew_card"),
            })
            self.cite.rule("pin_lock")
            items.append({
                "title": self._("You forgot your PIN, or it is locked"),
                "items": [self._("The card locks after 3 wrong PINs, and then it cannot be used as a health "
                            "insurance card. The PIN has to be reset or unlocked.")],
                **self.task_office("reset_pin"),
            })
        if not self.situation.paper_types:
            return items  # no NHI paper to lose
        items.append({
            "title": self._("You lost your notice or certificate"),
            "items": self.reissue_items(),
            **self.task_office("reissue_paper"),
        })
        return items

    def reissue_items(self) -> list[str]:
        """Which of the resident's papers the city's document says can be issued again."""
        said = self.city.actions["reissue_paper"].get("papers", (NOTICE, CERTIFICATE))
        items = []
        for paper in self.situation.paper_types:
            name = self._(DOCUMENT_NAMES[paper])
            items.append(self._("The %(paper)s can be issued again.", paper=name) if paper in said else
                         self._("The city's guide does not say whether the %(paper)s can be issued again. "
                                "Ask the office below.", paper=name))
        return items

    def card_offices(self) -> None:
        """The card's own offices matter to anyone with a card (renewal, PIN, loss); the
        late-elderly union to anyone who is in its system or joins it this cycle."""
        if self.situation.in_nhi and self.situation.has_card:
            for office_id in self.city.offices:
                if office_id != "late_elderly_union":
                    self.office(office_id)
            self.office("free_dial")
        if not self.situation.in_nhi or self.situation.late_elderly_in_cycle:
            self.office("late_elderly_union")

    def view(self) -> dict[str, Any]:
        nhi = self.situation.in_nhi
        view = {
            "actions": [self.action(action) for action in self.situation.actions] if nhi else [],
            "clinic": self.clinic() if nhi else [],
            "upkeep": self.upkeep() if nhi else [],
            "mixed_household": self.text(self.city.delivery["mixed_household"]) if nhi else None,
        }
        self.card_offices()
        return {**view, "cited": tuple(self.cite.ids), "offices": tuple(self.office_ids)}


def situation_view(situation: Situation, city: City, national: National, lang: str) -> dict[str, Any]:
    """The date-free half of a view, kept per city; callers must not change it."""
    return kept(city.memo, ("situation", situation, lang),
                lambda: SituationPresenter(situation, city, national, lang).view())


class Presenter(_Writer):
    """The dated half, built for each decision, and the whole view."""

    def __init__(self, outcome: Outcome, answers: Answers, city: City, national: National, lang: str):
        super().__init__(city, national, lang)
        self.outcome, self.answers = outcome, answers
        self.situation = Situation.of(outcome, answers)
        self.ages = national.ages.on(outcome.as_of)  # the ages in force on the day asked about
        self.card_lost = self.situation.card_lost
        self.cite.add(city.main_source.id)
        self.office_ids.append("nhi")  # contacts, each office once, in first-use order

    def date(self, day: date | None) -> str | None:
        return long_date(day, self.lang) if day else None

    def validity(self, doc: Document) -> str:
        start, end = self.date(doc.valid_from), self.date(doc.expires_on)
        if doc.issued == EARLIER:
            return (self._("The one you already have, until %(end)s", end=end) if end
                    else self._("The one you already have; no expiry date"))
        return (self._("From %(start)s until %(end)s", start=start, end=end) if end
                else self._("From %(start)s; no expiry date", start=start))

    def mailing(self, doc: Document, first: bool) -> dict[str, Any]:
        """How and when this paper comes, as far as the city's document says."""
        if doc.issued == EARLIER:
            self.cite.rule("notice_kept")
            return {"when": self._("You already have it: keep using it. It is not sent again."),
                    "how": None, "recipient": None, "ask": None, "not_mailed": [], "notes": []}
        delivery = self.city.delivery[doc.type]
        self.cite.add(delivery["source"])
        year_notes = self.city.cycle_notes.get(self.outcome.cycle.year, {})
        if first:
            when = self.text(year_notes.get("mailing")) or self.text(delivery["renewal"])
            not_mailed = [t[self.lang] for t in year_notes.get("not_mailed", {}).get(doc.type, [])]
        else:
            when, not_mailed = self.text(delivery["cost_share_change"]), []
        how = self._optional(DELIVERY_METHODS.get(delivery["method"]))
        ask = None
        if how is None and when is None:
            ask = self._("The city's guide does not say how or when it is sent. Ask %(office)s.",
                    office=self.nhi_name())
        elif how is None:
            ask = self._("The city's guide does not say how it is sent. Ask %(office)s.", office=self.nhi_name())
        elif when is None:
            ask = self._("The city's guide does not say when it is sent. Ask %(office)s.", office=self.nhi_name())
        recipient = self._optional(RECIPIENTS.get(delivery["recipient"]))
        return {"when": when, "how": how, "recipient": recipient,
                "ask": ask, "not_mailed": not_mailed,
                "notes": [t[self.lang] for t in delivery.get("notes", [])]}

    def about(self, doc: Document) -> str | None:
        ages = self.ages
        if doc.ends_because == "cost_share_starts":
            self.cite.rule("cost_share")
            return self._("From %(day)s the paper shows the share of medical costs you pay, because "
                     "you reach %(age)s.", day=self.date(self.outcome.cost_share_start),
                     age=ages.cost_share)
        if doc.ends_because == "late_elderly":
            self.cite.rule("late_elderly")
            return self._("It ends the day before your %(age)sth birthday: from %(day)s you are in the "
                     "medical care system for people aged %(age)s and over.",
                     age=ages.late_elderly, day=self.date(self.outcome.late_elderly_start))
        if doc.expires_on is None:
            self.cite.rule("notice_kept")
            return self._("It has no expiry date. It is not sent again, except when you reach %(age)s "
                     "and it must show the share of medical costs you pay.", age=ages.cost_share)
        return None

    def document(self, doc: Document, first: bool) -> dict[str, Any]:
        delivery = self.city.delivery[doc.type]
        return {
            "type": doc.type,
            "issued": doc.issued,
            "valid_from": _iso(doc.valid_from),
            "expires_on": _iso(doc.expires_on),
            "shows_cost_share": doc.shows_cost_share,
            "delivery": delivery["method"],
            "current": doc.current,
            "condition": doc.condition,
            "ends_because": doc.ends_because,
            "name": self._(DOCUMENT_NAMES[doc.type]),
            "form": self.text(delivery["form"]),
            "validity_text": self.validity(doc),
            "valid_from_text": self.date(doc.valid_from),
            "expires_text": self.date(doc.expires_on) or self._("No expiry date"),
            "mailing": self.mailing(doc, first),
            "about": self.about(doc),
        }

    def documents(self) -> list[dict[str, Any]]:
        views, seen = [], set()
        for doc in self.outcome.documents:
            first = doc.condition not in seen  # the first paper of this cycle (per condition)
            seen.add(doc.condition)
            views.append(self.document(doc, first))
        return views

    def summary(self, actions: list[dict[str, Any]]) -> list[str]:
        out = self.outcome
        lines: list[str] = []
        if out.scheme == "nhi" and out.old_card_valid_until and out.as_of <= out.old_card_valid_until:
            lines.append(self._("Until %(day)s, keep using your current health insurance card.",
                           day=self.date(out.old_card_valid_until)))
        if out.scheme == "late_elderly" or not out.documents:
            self.cite.rule("late_elderly")
            said = dict(day=self.date(out.late_elderly_start), age=self.ages.late_elderly,
                        authority=self.office("late_elderly_union")["label"])
            lines.append(self._("Since %(day)s you have been in the medical care system for people aged "
                           "%(age)s and over, run by %(authority)s. Ask them about your papers.", **said)
                         if out.scheme == "late_elderly" else
                         self._("From %(day)s you are in the medical care system for people aged %(age)s "
                           "and over, run by %(authority)s. Ask them about your papers.", **said))
            return lines
        conditions = list(dict.fromkeys(doc.condition for doc in out.documents))
        said = {condition: self.paper_summary([doc for doc in out.documents if doc.condition == condition])
                for condition in conditions}

        def prefixed(condition: str | None, line: str) -> str:
            prefix = self._optional(CONDITION_LABELS.get(condition))
            return f"{prefix}{' ' if self.lang == 'en' else ''}{line}" if prefix else line

        # What to show at a clinic today, then the one urgent step, then until when.
        lines += [prefixed(condition, said[condition][0]) for condition in conditions if said[condition][0]]
        for action in actions:
            if action["id"] == "apply_certificate" and self.card_lost:
                lines.append(self._("Because your card is lost, apply now for an Eligibility certificate at "
                               "%(office)s.", office=action["office"]["label"]))
                lines.append(self._("The city's guide does not say how to see a doctor until the certificate "
                               "comes. Ask %(office)s.", office=action["office"]["label"]))
            elif action["id"] == "ask_without_card":
                lines.append(self._("The city's guide does not say how to see a doctor without your card. "
                               "Ask %(office)s now.", office=action["office"]["label"]))
        lines += [prefixed(condition, line) for condition in conditions for line in said[condition][1]]
        if not [a for a in actions if not a["optional"]]:
            lines.append(self._("You do not need to do anything."))
        return lines

    def paper_summary(self, docs: list[Document]) -> tuple[str | None, list[str]]:
        """(what to show at a clinic today, [until when, the next paper])."""
        out = self.outcome
        clinic, lines = None, []
        current = next((doc for doc in docs if doc.current), None)
        upcoming = [doc for doc in docs if doc.valid_from and doc.valid_from > out.as_of]
        if current is not None:
            name = self._(DOCUMENT_NAMES[current.type])
            if current.type == NOTICE and self.card_lost:
                clinic = self._("You cannot use your My Number card at a clinic while it is lost.")
            elif current.type == NOTICE:
                clinic = self._("At a clinic, show your My Number health insurance card (マイナ保険証). "
                           "The notice alone is not enough: keep it for when the clinic cannot "
                           "read your card.")
            else:
                clinic = self._("At a clinic, show your Eligibility certificate, as you did your old card.")
            if current.issued == EARLIER:
                lines.append(self._("Keep the %(paper)s you already have.", paper=name)
                             if current.expires_on is None else
                             self._("Keep the %(paper)s you already have: it is valid until %(day)s.",
                               paper=name, day=self.date(current.expires_on)))
            elif current.expires_on is None:
                lines.append(self._("Your %(paper)s has no expiry date.", paper=name))
            else:
                lines.append(self._("Your %(paper)s is valid until %(day)s.", paper=name,
                               day=self.date(current.expires_on)))
        for doc in upcoming[:1]:
            name = self._(DOCUMENT_NAMES[doc.type])
            lines.append(self._("From %(start)s you use a new %(paper)s, valid until %(end)s.",
                           start=self.date(doc.valid_from), paper=name, end=self.date(doc.expires_on))
                         if doc.expires_on else
                         self._("From %(start)s you use a new %(paper)s, with no expiry date.",
                           start=self.date(doc.valid_from), paper=name))
            if current is None:
                lines.append(self._("Wait for it to arrive."))
        return clinic, lines

    def projection(self) -> str | None:
        cycle = self.outcome.cycle
        if not cycle.projected:
            return None
        published = self.city.main_source.published
        said = dict(documented=self.date(self.documented_end()), start=self.date(cycle.start),
                    office=self.nhi_name())
        if published:
            return self._("The city's guide of %(published)s describes the papers up to %(documented)s. "
                     "The dates for the year from %(start)s follow the same yearly pattern, but the "
                     "city has not published them yet: confirm them with %(office)s.",
                     published=self.date(published), **said)
        return self._("The city's guide describes the papers up to %(documented)s. The dates for the year "
                 "from %(start)s follow the same yearly pattern, but the city has not published them "
                 "yet: confirm them with %(office)s.", **said)

    def documented_end(self) -> date:
        calendar = self.city.calendar
        return calendar.cycle_of_year(max(calendar.documented, default=calendar.first_year)).end

    def view(self) -> dict[str, Any]:
        out, cycle, lang = self.outcome, self.outcome.cycle, self.lang
        nhi = out.scheme == "nhi"
        common = situation_view(self.situation, self.city, self.national, lang)
        actions = common["actions"]
        documents = self.documents()
        view = {
            "municipality": self.city.id,
            "as_of": _iso(out.as_of),
            "scheme": out.scheme,
            "in_nhi": nhi,
            "cycle": {
                "start": _iso(cycle.start),
                "end": _iso(cycle.end),
                "projected": cycle.projected,
                "papers_valid_from": _iso(cycle.papers_valid_from),
                "old_card_valid_until": _iso(cycle.old_card_valid_until),
            },
            "documents": documents,
            "actions": actions,
            "summary": self.summary(actions),
            "clinic": common["clinic"],
            "upkeep": common["upkeep"],
            "late_elderly": {
                "starts_on": _iso(out.late_elderly_start),
                "age": self.ages.late_elderly,
                "in_this_cycle": out.late_elderly_in_cycle,
                "authority": localized(self.city.offices["late_elderly_union"]["name"], lang),
            },
            "cost_share_starts_on": _iso(out.cost_share_start),
            "old_card_valid_until": _iso(out.old_card_valid_until),
            "mixed_household": common["mixed_household"],
            "text": {
                "as_of": long_date(out.as_of, lang),
                "cycle_end": long_date(cycle.end, lang),
                "projection": self.projection(),
            },
        }
        # The dated half's documents and offices first, then the date-free half's.
        self.cite.add(*common["cited"])
        for office_id in common["offices"]:
            if office_id not in self.office_ids:
                self.office_ids.append(office_id)
        view["contacts"] = [self.office(office_id) for office_id in self.office_ids]
        view["sources"] = kept(self.city.memo, ("sources", tuple(self.cite.ids), lang), lambda: self.cite.view(lang))
        return view


def outcome_view(outcome: Outcome, answers: Answers, city: City, national: National,
                 lang: str) -> dict[str, Any]:
    """Everything the outcome page shows and the API answers, in ``lang``."""
    return Presenter(outcome, answers, city, national, lang).view()


def answer_and_situation(answers: Answers, as_of: date, city: City, national: National,
                         lang: str) -> tuple[dict[str, Any], Situation]:
    """The one path from answers to what the page and the API show, with the situation
    the page keys its date-free sections by."""
    outcome = decide(answers, as_of, city.calendar, national.ages, city.certificate_reasons)
    return outcome_view(outcome, answers, city, national, lang), Situation.of(outcome, answers)


def answer(answers: Answers, as_of: date, city: City, national: National, lang: str) -> dict[str, Any]:
    return answer_and_situation(answers, as_of, city, national, lang)[0]


def paper_groups(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The documents as the page shows them: one group per case (registered or not), each
    with its heading (none for a paper without a condition). Call inside a request."""
    translations = get_translations()
    return [{"heading": translations.ugettext(GROUP_HEADINGS[condition]) if condition in GROUP_HEADINGS else None,
             "documents": [doc for doc in documents if doc["condition"] == condition]}
            for condition in dict.fromkeys(doc["condition"] for doc in documents)]
