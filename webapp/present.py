"""The outcome as data for people: one dict that the outcome page renders and the API
returns. Adds the city's own words (its table's cells, offices, steps) to the rules'
decision, decides what the page shows (the summary, which offices, which reference items),
and records what every statement rests on.

Whose fact is it: a city's statement comes from that city's data file (its own document,
with the words it was read from); a national rule comes from the national file and is
listed as a rule for all of Japan. Where the city's document is silent, the text says so
once and names only the office the document names (or none).

Every sentence written is also recorded with what it rests on (``_Writer.trail``), for
`flask cities preview`, which lists them for a clerk to proofread.

Text fields are in ``lang``; call inside a request or ``flask_babel.force_locale``.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Self, overload

from flask_babel import get_translations

from .caching import same_for_all
from .citydata import FREE_DIAL, City, National, Source
from .datefmt import long_date, short_date
from .rules.outcome import (
    CARD_LOST,
    CERTIFICATE,
    CITY,
    EARLIER,
    IF_NOT_REGISTERED,
    IF_REGISTERED,
    NATIONAL,
    NOTICE,
    PROJECTED,
    Action,
    Answers,
    Basis,
    Document,
    Outcome,
    card_held_or_lost,
    decide,
)
from .rules.table import TURNS_70, Cite, Said, applies_to


def _l(msgid: str) -> str:
    """Marks a message for extraction; the Presenter translates it where it is shown."""
    return msgid


DOCUMENT_NAMES = {
    NOTICE: _l("Notice of insurance qualification"),
    CERTIFICATE: _l("Eligibility certificate"),
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
CARD_CONDITION_LABELS = {  # the same, shorter, for the answer card
    IF_REGISTERED: _l("If registered:"),
    IF_NOT_REGISTERED: _l("If not registered:"),
}
NATIONAL_RULES = _l("Rules that apply across Japan")
UNSAID_MAILING = {
    ("how", "when"): _l("The city's guide does not say how or when it is sent: ask %(office)s."),
    ("how",): _l("The city's guide does not say how it is sent: ask %(office)s."),
    ("when",): _l("The city's guide does not say when it is sent: ask %(office)s."),
}
GOVERNMENT = _l("Government of Japan")
# The answer card's rows, each with its label (issue 17): what to show at a clinic, the one
# step to take now, the next paper (or until when this one holds), and the change at 75.
CARD_LABELS = {
    "change": _l("Your insurance"),
    "clinic": _l("At a clinic"),
    "step": _l("What to do now"),
    "next": _l("Your next paper"),
    "paper": _l("Your paper"),
}
# The one step the card shows, where there are several: leaving NHI ends every paper, a
# lost card leaves the resident without one; then the rest, in the rules' own order.
FIRST_STEPS = ("leave_nhi", "apply_certificate", "check_registration", "ask_without_card")
GROUP_HEADINGS = {
    IF_REGISTERED: _l("If your card is registered"),
    IF_NOT_REGISTERED: _l("If your card is not registered"),
}


@overload
def localized(text: Mapping[str, str], lang: str) -> str: ...
@overload
def localized(text: None, lang: str) -> None: ...
@overload
def localized(text: Mapping[str, str] | None, lang: str) -> str | None: ...
def localized(text: Mapping[str, str] | None, lang: str) -> str | None:
    return None if text is None else text[lang]


@overload
def _iso(day: date) -> str: ...
@overload
def _iso(day: date | None) -> str | None: ...
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
    """What one answer rests on, in the order first used: the city's own documents (and
    laws, which are no city's document), and the national rules, which a page lists as
    rules for all of Japan, never as the documents they were read in."""

    def __init__(self, city: City, national: National):
        self.city, self.national = city, national
        self.ids: list[str] = []
        self.rules: list[str] = []

    def add(self, *ids: str) -> None:
        for source_id in ids:
            if source_id not in self.ids:
                self.ids.append(source_id)

    def rule(self, name: str) -> None:
        if name not in self.rules:
            self.rules.append(name)

    def view(self, lang: str, translate: Callable[[str], str]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for source_id in self.ids:
            own = self.city.sources.get(source_id)
            source = own or self.national.sources[source_id]
            found.append({
                "id": source.id,
                "title": localized(source.title, lang),
                "publisher": localized(source.publisher, lang),
                "published": _iso(source.published),
                "url": source.url,
                "national": own is None,  # a law
                "label": source_label(source, lang),
                "rules": [],
                "read_in": [],
            })
        if self.rules:
            titles = [localized(self.national.rules[name].title, lang) for name in self.rules]
            read_in = list(dict.fromkeys(i for name in self.rules for i in self.national.rules[name].read_in))
            title = translate(NATIONAL_RULES)
            found.append({
                "id": "national-rules", "title": title, "publisher": translate(GOVERNMENT),
                "published": None, "url": None, "national": True,
                "label": f"{title}{'：' if lang == 'ja' else ': '}{('、' if lang == 'ja' else '; ').join(titles)}",
                "rules": list(self.rules),
                # Where each was read: for the API, never listed on a page as a source.
                "read_in": read_in,
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
    and the offices used, each in first-use order, and the trail of what each sentence
    written rests on."""

    def __init__(self, city: City, national: National, lang: str):
        self.city, self.national, self.lang = city, national, lang
        self.translations = get_translations()
        self.cite = Citations(city, national)
        self.office_ids: list[str] = []
        self._ask_whom: str | None = None
        #: (sentence, what it rests on): a city's words ("city"), a national rule's name
        #: ("national"), a projection, or "not_stated"; kept only for `flask cities preview`
        #: (``record()``), so that an answer does not pay for it
        self.trail: list[tuple[str, tuple[tuple[str, str], ...]]] | None = None

    def record(self) -> Self:
        """Keep what each sentence rests on (``trail``), from now on."""
        self.trail = []
        return self

    def _(self, msgid: str, **params) -> str:
        """gettext with the translations found once per answer (Flask-Babel's own looks them
        up again on every call: about a third of an API answer's time)."""
        text = self.translations.ugettext(msgid)
        return text % params if params else text

    @overload
    def rests(self, text: str, *on: Cite | Basis | str | None) -> str: ...
    @overload
    def rests(self, text: None, *on: Cite | Basis | str | None) -> None: ...
    @overload
    def rests(self, text: str | None, *on: Cite | Basis | str | None) -> str | None: ...
    def rests(self, text: str | None, *on: Cite | Basis | str | None) -> str | None:
        """``text``, recorded with what it rests on: a city's Cite (its words), a Basis, or
        a national rule's name."""
        if text is None:
            return None
        for support in on:
            if isinstance(support, Cite):
                self.cite.add(support.source)
            elif isinstance(support, Basis):
                if support.cite is not None:
                    self.cite.add(support.cite.source)
                if support.kind == NATIONAL and support.rule:
                    self.cite.rule(support.rule)
            elif isinstance(support, str):
                self.cite.rule(support)
        if self.trail is not None:
            self.trail.append((text, tuple(_support(support) for support in on if support is not None)))
        return text

    @overload
    def said(self, said: Said) -> str: ...
    @overload
    def said(self, said: None) -> None: ...
    @overload
    def said(self, said: Said | None) -> str | None: ...
    def said(self, said: Said | None) -> str | None:
        """A city's sentence, in this language, resting on its words."""
        return None if said is None else self.rests(said.text[self.lang], said.cite)

    def office(self, office_id: str) -> dict[str, Any]:
        if office_id not in self.office_ids:
            self.office_ids.append(office_id)
        data = self.city.office(office_id, self.national)
        if office_id == FREE_DIAL:
            self.cite.rule("free_dial")  # a national line, listed as such
        else:
            self.cite.add(data["cite"]["source"])
        return same_for_all("office", self.city.id, self.lang, office_id,
                            build=lambda: office_view(office_id, data, self.lang, self.city))

    def ask_office(self) -> dict[str, Any] | None:
        """The office the city's document names to ask, or None where it names none."""
        return self.office(self.city.ask) if self.city.ask else None

    def ask_whom(self) -> str:
        """Whom to ask, in a sentence: the office the document names, or the city itself."""
        if self._ask_whom is None:
            office = self.ask_office()
            self._ask_whom = office["label"] if office else self._(
                "the city (%(city)s)", city=localized(self.city.name, self.lang))
        return self._ask_whom

    def union(self) -> dict[str, Any]:
        """The prefecture's late-elderly union (its name, from the city's file)."""
        union = self.city.late_elderly["union"]
        self.cite.add(union["cite"]["source"])
        if "late_elderly_union" not in self.office_ids:
            self.office_ids.append("late_elderly_union")
        return same_for_all("office", self.city.id, self.lang, "late_elderly_union",
                            build=lambda: office_view("late_elderly_union", union, self.lang))

    def task_office(self, task_id: str, task: str) -> dict[str, Any]:
        """Where the city's document sends a task; where it names no place, say so and name
        only the office it names to ask (or none)."""
        data = self.city.step(task_id)
        if data["office"] is not None:
            if data["cite"]:
                self.cite.add(data["cite"]["source"])
            return {"office": self.office(data["office"]), "unsaid": None}
        office = self.ask_office()
        if office is None:
            return {"office": None, "unsaid": self.rests(self._(
                "The city's guide does not say where to go for “%(task)s”, and names no office to ask: ask the "
                "city.", task=task), Basis("not_stated"))}
        return {"office": office,
                "unsaid": self.rests(self._("The city's guide does not say where to go for “%(task)s”: ask the "
                                            "office it names, below.", task=task), Basis("not_stated"))}

    def notes(self, items, group) -> list[str]:
        """A row's or a step's notes for this resident's group, in the city's words."""
        return [self.said(item) for item in items if group is None or applies_to(item, group)]


def _support(support: Cite | Basis | str) -> tuple[str, str]:
    """(kind, words) of what a sentence rests on, for the preview."""
    if isinstance(support, Cite):
        return CITY, f"{support.source}: {support.words or ''}"
    if isinstance(support, Basis):
        words = support.cite.words if support.cite else support.rule
        return support.kind, f"{support.cite.source}: {words}" if support.cite else words or ""
    return NATIONAL, support


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
        rule = "clinic_notice"
        if NOTICE in types:
            items = [self.rests(self._("Show your My Number health insurance card (マイナ保険証) at the clinic or "
                                       "pharmacy."), rule),
                     self.rests(self._("You cannot see a doctor with the notice alone."), rule),
                     self.rests(self._("If the clinic cannot read your card, for example because its reader is "
                                       "broken, show the card and the notice together."), rule)]
            if self.card_lost:
                items.append(self.rests(self._("While your card is lost, you cannot use it at a clinic."), rule))
            items += self.unsaid_yet(items, self.city.clinic[NOTICE])
            blocks.append({"title": self._("With a Notice of insurance qualification"), "items": items})
        if CERTIFICATE in types:
            items = [self.rests(self._("Show the certificate at the clinic or pharmacy, just as you showed your "
                                       "old health insurance card."), "clinic_certificate")]
            items += self.unsaid_yet(items, self.city.clinic[CERTIFICATE])
            blocks.append({"title": self._("With an Eligibility certificate"), "items": items})
        old = [self.rests(self._("Your old paper health insurance card cannot be used after its expiry date."),
                          "old_card")]
        if self.city.old_card:
            old.append(self.said(self.city.old_card))
        blocks.append({"title": self._("Your old health insurance card"), "items": old})
        return blocks

    def unsaid_yet(self, items: list[str], notes) -> list[str]:
        """The city's notes that do not repeat a sentence already in ``items`` (a city's
        words can translate to the national rule's very sentence)."""
        return [line for line in (self.said(note) for note in notes) if line not in items]

    def actions(self) -> list[dict[str, Any]]:
        """Each step; a note on someone applying for you that a step above already gave is
        pointed to, not said again."""
        found: list[dict[str, Any]] = []
        proxies: dict[str, str] = {}  # a proxy note -> the title of the step that gave it
        for action in self.situation.actions:
            view = self.action(action)
            if view["proxy"] in proxies:
                view["proxy"] = self._("Someone applying for you: as for “%(task)s” above.",
                                       task=proxies[view["proxy"]])
            elif view["proxy"]:
                proxies[view["proxy"]] = view["title"]
            found.append(view)
        return found

    def action(self, action: Action) -> dict[str, Any]:
        data = self.city.step(action.id)
        title = self._(ACTION_TITLES[action.id])
        where = self.task_office(action.id, title)
        paragraphs: list[str] = []
        methods: list[str] = []
        lost = self.card_lost
        if action.id == "check_registration":
            if lost:
                paragraphs.append(self.rests(self._(
                    "Your card is lost, so ask the office below whether it was registered. Then use this "
                    "guide again and choose the answer."), "registration_status"))
            else:
                paragraphs.append(self.rests(self._(
                    "Log in to Mynaportal (マイナポータル) with your card. If the card is registered, the health "
                    "insurance registration status shows 登録済 (registered). Then use this guide again and "
                    "choose the answer."), "registration_status"))
                paragraphs.append(self._("You can also ask the office below."))
        elif action.id == "leave_nhi":
            paragraphs.append(self.rests(self._(
                "When you join health insurance through work, you must also leave National Health "
                "Insurance: it does not happen on its own."), "leave_nhi"))
            paragraphs.append(self.rests(self._(
                "Your National Health Insurance papers cannot be used from the day your insurance at "
                "work starts. Ask your new insurer about its papers."), "leave_nhi"))
        elif action.id == "apply_certificate":
            paragraphs += [self.rests(data["reasons"][reason][self.lang], _cite(data["cite"]))
                           for reason in action.reasons]
        elif action.id == "ask_without_card":
            paragraphs.append(self.rests(self._(
                "The city's guide does not say how to see a doctor when your card is lost. Ask the office "
                "below before you need to see a doctor."), Basis("not_stated")))
        elif action.id == "deregister":
            paragraphs.append(self._("Apply at the office below."))
            if not data["notes"]:
                paragraphs.append(self.rests(self._(
                    "Without the registration, you are given an Eligibility certificate instead of the notice. "
                    "The city's guide does not say when or how."), "certificate_without_applying"))
        elif action.id == "register_card":
            paragraphs.append(self.rests(self._(
                "You do not have to register: without it you are given an Eligibility certificate. If you "
                "want to use your card at clinics, you can register it in one of these ways:"),
                "certificate_without_applying", "registration_methods"))
            methods = [self.rests(self._(REGISTRATION_METHODS[m]), "registration_methods") for m in data["methods"]]
        elif action.id == "replace_card":
            paragraphs.append(self._("Until you have a new card, you cannot use the card at a clinic."))
        bring = data.get("bring")
        needs_bring = action.id in ("leave_nhi", "apply_certificate", "deregister")
        cite = _cite(data["cite"])
        return {
            "id": action.id,
            "condition": action.condition,
            "reasons": list(action.reasons),
            "optional": action.id in OPTIONAL_ACTIONS,
            "condition_text": action.condition == IF_REGISTERED and self._("(if your card is registered)") or None,
            "title": title,
            "paragraphs": paragraphs,
            "methods": methods,
            "office": where["office"],
            "unsaid": where["unsaid"],
            "bring": None if bring is None else [self.rests(localized(item, self.lang), _cite(data["cite"]))
                                                  for item in bring],
            "bring_unsaid": (self.rests(self._("The city's guide does not say what to bring for “%(task)s”: ask "
                                               "the office before you go.", task=title), Basis("not_stated"))
                             if needs_bring and bring is None else None),
            "proxy": self.rests(localized(data.get("proxy"), self.lang), _cite(data["cite"])),
            "notes": self.notes([_said(note) for note in data.get("notes", [])], None),
            # Where the office comes from: the city's words, or nothing (then `unsaid`).
            "basis": {"office": {"kind": CITY if data["office"] and cite else
                                 NATIONAL if data["office"] == FREE_DIAL else "not_stated",
                                 "source": cite.source if cite and data["office"] else None,
                                 "words": cite.words if cite and data["office"] else None,
                                 "rule": "free_dial" if data["office"] == FREE_DIAL and not cite else None}},
        }

    def upkeep(self) -> list[dict[str, Any]]:
        items = []
        if self.situation.has_card:
            title = self._("Your My Number card has two expiry dates")
            items.append({
                "title": title,
                "items": [
                    self.rests(self._("The card: until your 10th birthday after it was issued if you were 18 or "
                                      "older then, or your 5th birthday if you were under 18."), "card_expiry"),
                    self.rests(self._("The electronic certificate on the card: until your 5th birthday after it "
                                      "was issued, at any age."), "card_expiry"),
                    self.rests(self._("A notice about the expiry arrives 2 to 3 months before, with an application "
                                      "form for a new card. You can renew from 3 months before, at the office of "
                                      "the city where you are registered as a resident."), "card_expiry"),
                    self.rests(self._("If the electronic certificate expires, the card still works as a health "
                                      "insurance card for 3 months, then it stops working."), "e_certificate_grace"),
                ],
                **self.task_office("renew_card", title),
            })
            title = self._("You forgot your PIN, or it is locked")
            items.append({
                "title": title,
                "items": [self.rests(self._("The card locks after 3 wrong PINs, and then it cannot be used as a "
                                            "health insurance card. The PIN has to be reset or unlocked."),
                                     "pin_lock")],
                **self.task_office("reset_pin", title),
            })
        if not self.situation.paper_types:
            return items  # no NHI paper to lose
        title = self._("You lost your notice or certificate")
        items.append({
            "title": title,
            "items": self.reissue_items(),
            **self.task_office("reissue_paper", title),
        })
        return items

    def reissue_items(self) -> list[str]:
        """Which of the resident's papers the city's document says can be issued again."""
        data = self.city.step("reissue_paper")
        items = []
        for paper in self.situation.paper_types:
            name = self._(DOCUMENT_NAMES[paper])
            items.append(self.rests(self._("The %(paper)s can be issued again.", paper=name), _cite(data["cite"]))
                         if paper in data["papers"] else
                         self.rests(self._("The city's guide does not say whether the %(paper)s can be issued "
                                           "again: ask the office below.", paper=name), Basis("not_stated")))
        return items

    def card_offices(self) -> None:
        """The card's own offices matter to anyone with a card (renewal, PIN, loss); the
        late-elderly union to anyone who is in its system or joins it this cycle."""
        if self.situation.in_nhi and self.situation.has_card:
            for office_id in self.city.offices:
                self.office(office_id)
            self.office("free_dial")
        if not self.situation.in_nhi or self.situation.late_elderly_in_cycle:
            self.union()

    def if_applies(self) -> list[dict[str, Any]]:
        """The city's conditions the wizard does not ask, each with its office."""
        return [{"title": self.rests(item["title"][self.lang], _cite(item["cite"])),
                 "text": self.rests(item["text"][self.lang], _cite(item["cite"])),
                 "office": self.office(item["office"]) if item["office"] else None,
                 "link": item["link"] and {"url": item["link"]["url"], "text": item["link"]["text"][self.lang]}}
                for item in self.city.if_applies]

    def view(self) -> dict[str, Any]:
        nhi = self.situation.in_nhi
        mixed = self.city.mixed_household
        view = {
            "actions": self.actions() if nhi else [],
            "clinic": self.clinic() if nhi else [],
            "upkeep": self.upkeep() if nhi else [],
            "mixed_household": self.rests(mixed["text"][self.lang], _cite(mixed["cite"])) if nhi and mixed else None,
            "if_applies": self.if_applies() if nhi else [],
        }
        self.card_offices()
        return {**view, "cited": tuple(self.cite.ids), "rules": tuple(self.cite.rules),
                "offices": tuple(self.office_ids)}


@overload
def _cite(data: Mapping[str, Any]) -> Cite: ...
@overload
def _cite(data: None) -> None: ...
@overload
def _cite(data: Mapping[str, Any] | None) -> Cite | None: ...
def _cite(data: Mapping[str, Any] | None) -> Cite | None:
    return None if data is None else Cite(data["source"], data["words"])


def _said(data: Mapping[str, Any]) -> Said:
    return Said(data["text"], _cite(data["cite"]))


def situation_view(situation: Situation, city: City, national: National, lang: str) -> dict[str, Any]:
    """The date-free half of a view: the same for everyone in the situation, built once
    per city and language (frozen: it cannot be changed)."""
    return same_for_all("situation", city.id, lang, situation,
                        build=lambda: SituationPresenter(situation, city, national, lang).view())


class Presenter(_Writer):
    """The dated half, built for each decision, and the whole view."""

    def __init__(self, outcome: Outcome, answers: Answers, city: City, national: National, lang: str,
                 situation: Situation | None = None):
        super().__init__(city, national, lang)
        self.outcome, self.answers = outcome, answers
        self.situation = situation or Situation.of(outcome, answers)
        self.ages = national.ages.on(outcome.as_of)  # the ages in force on the day asked about
        self.card_lost = self.situation.card_lost
        self.leaving = any(action.id == "leave_nhi" for action in outcome.actions)
        self.cite.add(city.main_source.id)
        if city.ask:
            self.office_ids.append(city.ask)  # contacts, each office once, in first-use order

    def date(self, day: date | None, short: bool = False) -> str | None:
        if day is None:
            return None
        return short_date(day, self.lang) if short else long_date(day, self.lang)

    def validity(self, doc: Document) -> str:
        start, end = self.date(doc.valid_from), self.date(doc.expires_on)
        no_end = doc.until_basis.kind != "not_stated" and end is None
        if doc.issued == EARLIER:
            text = (self._("The one you already have, until %(end)s", end=end) if end else
                    self._("The one you already have; no expiry date") if no_end else
                    self._("The one you already have"))
        elif start and end:
            text = self._("From %(start)s until %(end)s", start=start, end=end)
        elif start:
            text = (self._("From %(start)s; no expiry date", start=start) if no_end else
                    self._("From %(start)s; the city's guide does not say until when", start=start))
        elif end:
            text = self._("Until %(end)s", end=end)
        else:
            text = (self._("No expiry date") if no_end else
                    self._("The city's guide does not say until when"))
        return self.rests(text, doc.from_basis, doc.until_basis)

    def mailing(self, doc: Document, first: bool) -> dict[str, Any]:
        """How, to whom and when this paper comes, each in the city's words where its
        document says; once where it does not."""
        empty: dict[str, Any] = {"when": None, "how": None, "recipient": None, "ask": None, "unsaid": [],
                                 "not_mailed": [], "notes": []}
        if doc.issued == EARLIER:
            if doc.kept and doc.expires_on is None:
                return {**empty, "when": self.said(doc.kept)}
            if doc.kept:  # replaced within the cycle (the cost share): only that it is in hand
                return {**empty, "when": self.rests(self._("You already have it."), doc.kept.cite)}
            return {**empty, "ask": self.rests(self._(
                "You already have it. The city's guide does not say whether a new one is sent: ask %(office)s.",
                office=self.ask_whom()), Basis("not_stated"))}
        if doc.row is None:
            return {**empty, "unsaid": ["how", "when"], "ask": self.rests(self._(
                UNSAID_MAILING[("how", "when")], office=self.ask_whom()), Basis("not_stated"))}
        mailing = doc.follow.mailing if doc.follow else doc.row.mailing
        year = self.city.rules.year(self.outcome.cycle.year)
        documented = not self.outcome.cycle.projected
        when = (year.mailing_when if first and documented and year.mailing_when else mailing.when)
        not_mailed = []
        if first:
            found = (year.not_mailed if documented else ()) + doc.row.not_mailed
            not_mailed = self.notes(found, doc.group)
        said = {"when": self.said(when), "how": self.said(mailing.method_said),
                "recipient": self.said(mailing.recipient_said)}
        ask = None
        missing = [part for part in ("how", "when") if said[part] is None]
        if missing:
            ask = self.rests(self._(UNSAID_MAILING[tuple(missing)], office=self.ask_whom()), Basis("not_stated"))
        return {**said, "ask": ask, "unsaid": missing, "not_mailed": not_mailed, "notes": []}

    def about(self, doc: Document, turns_without_paper: bool) -> list[str]:
        """What national rules add to this paper: the cost share, and the end at 75."""
        ages, out = self.ages, self.outcome
        found = []
        if doc.ends_because == "cost_share_starts" or turns_without_paper:
            found.append(self.rests(self._(
                "From %(day)s you pay a different share of medical costs, because you reach %(age)s.",
                day=self.date(out.cost_share_start), age=ages.cost_share), "cost_share"))
        if turns_without_paper:
            found.append(self.rests(self._(
                "The city's guide does not say whether a new paper is sent then: ask %(office)s.",
                office=self.ask_whom()), Basis("not_stated")))
        if doc.ends_because == "late_elderly":
            found.append(self.rests(self._(
                "It ends the day before your %(age)sth birthday: from %(day)s you are in the medical care system "
                "for people aged %(age)s and over.", age=ages.late_elderly, day=self.date(out.late_elderly_start)),
                "late_elderly"))
        return found

    def basis_view(self, basis: Basis) -> dict[str, Any]:
        if basis.kind == NATIONAL and basis.rule:
            self.cite.rule(basis.rule)
        return {"kind": basis.kind,
                "source": basis.cite.source if basis.cite else None,
                "words": basis.cite.words if basis.cite else None,
                "rule": basis.rule}

    def delivery_basis(self, doc: Document) -> dict[str, Any]:
        mailing = (doc.follow.mailing if doc.follow else doc.row.mailing) if doc.row else None
        if doc.issued == EARLIER or mailing is None or mailing.method_said is None:
            return self.basis_view(Basis("not_stated"))
        kind = CITY if not self.outcome.cycle.projected else PROJECTED
        return self.basis_view(Basis(kind, mailing.method_said.cite))

    def document(self, doc: Document, first: bool, turns_without_paper: bool) -> dict[str, Any]:
        mailing = (doc.follow.mailing if doc.follow else doc.row.mailing) if doc.row else None
        notes = (doc.follow.notes if doc.follow else doc.row.notes) if doc.row else ()
        form = doc.row.form if doc.row else None
        if doc.shows_cost_share:
            self.cite.rule("cost_share")  # the page shows the share this paper carries (national)
        return {
            "type": doc.type,
            "issued": doc.issued,
            "valid_from": _iso(doc.valid_from),
            "expires_on": _iso(doc.expires_on),
            "shows_cost_share": doc.shows_cost_share,
            "delivery": mailing.method if mailing and doc.issued != EARLIER else None,
            "recipient": mailing.recipient if mailing and doc.issued != EARLIER else None,
            "current": doc.current,
            "condition": doc.condition,
            "ends_because": doc.ends_because,
            "name": self._(DOCUMENT_NAMES[doc.type]),
            "form": self.said(form),
            "validity_text": self.validity(doc),
            "valid_from_text": self.date(doc.valid_from),
            "expires_text": self.date(doc.expires_on) or (
                self._("No expiry date") if doc.until_basis.kind != "not_stated"
                else self._("Not stated in the city's guide")),
            "mailing": self.mailing(doc, first),
            "notes": self.notes(notes, doc.group),
            "about": self.about(doc, turns_without_paper),
            "basis": {"valid_from": self.basis_view(doc.from_basis),
                      "expires_on": self.basis_view(doc.until_basis),
                      "delivery": self.delivery_basis(doc)},
        }

    def documents(self) -> list[dict[str, Any]]:
        self.alone: list[str] = []
        views, seen = [], set()
        docs = self.outcome.documents
        for doc in docs:
            first = doc.condition not in seen  # the first paper of this cycle (per condition)
            seen.add(doc.condition)
            # Turning 70 with no paper of the city's to follow: the cost share (national) is
            # said with the first paper, with the city's silence on a new one.
            alone = first and doc.group is not None and doc.group.turns == TURNS_70 and not any(
                other.follow for other in docs if other.condition == doc.condition) and \
                self.outcome.cost_share_start <= self.outcome.cycle.end
            views.append(self.document(doc, first, alone))
            if alone and not self.alone:
                self.alone = views[-1]["about"][:2]
        return views

    def summary(self, actions: list[dict[str, Any]], documents: list[dict[str, Any]]) -> list[str]:
        out = self.outcome
        lines: list[str] = []
        leave = next((a for a in actions if a["id"] == "leave_nhi"), None)
        if leave is not None:
            # Joining insurance at work comes first: the NHI papers end with it.
            where = leave["office"]["label"] if leave["office"] else self.ask_whom()
            lines.append(self.rests(self._(
                "You have joined, or will join, health insurance at work: leave National Health Insurance "
                "at %(office)s. Your National Health Insurance papers cannot be used from the day your "
                "insurance at work starts.", office=where), "leave_nhi"))
        old_card_valid = (out.scheme == "nhi" and out.old_card_valid_until and out.as_of <= out.old_card_valid_until)
        if old_card_valid:
            year = self.city.rules.year(out.cycle.year)
            lines.append(self.rests(self._("Until %(day)s, keep using your current health insurance card.",
                                           day=self.date(out.old_card_valid_until)), year.old_card_cite))
        if out.scheme == "late_elderly" or not out.documents:
            lines += self.late_elderly_lines()
            return lines
        conditions = list(dict.fromkeys(doc.condition for doc in out.documents))
        said = {condition: self.paper_summary([doc for doc in out.documents if doc.condition == condition],
                                              [view for view in documents if view["condition"] == condition])
                for condition in conditions}

        # What to show at a clinic today, then the one urgent step, then until when.
        lines += [self.prefixed(condition, clinic) for condition in conditions if (clinic := said[condition][0])]
        for action in actions:
            office = action["office"]["label"] if action["office"] else self.ask_whom()
            if action["id"] == "apply_certificate" and self.card_lost:
                lines.append(self.rests(self._("Because your card is lost, apply now for an Eligibility "
                                               "certificate at %(office)s.", office=office), "paper_by_card"))
                if not old_card_valid:
                    lines.append(self.rests(self._(
                        "The city's guide does not say how to see a doctor until the certificate comes. Ask "
                        "%(office)s.", office=office), Basis("not_stated")))
            elif action["id"] == "ask_without_card" and not old_card_valid:
                lines.append(self.rests(self._("The city's guide does not say how to see a doctor without your "
                                               "card. Ask %(office)s now.", office=office), Basis("not_stated")))
        lines += [self.prefixed(condition, line) for condition in conditions for line in said[condition][1]]
        # Turning 70 where the city's table gives no paper to follow: the cost share's date
        # (national) and the city's silence on a new paper, said in the summary too.
        lines += self.alone
        if out.late_elderly_in_cycle:
            lines += self.late_elderly_lines()
        if not [a for a in actions if not a["optional"]]:
            lines.append(self._("You do not need to do anything, unless one of the points under "
                                "“If this applies to you” below applies.") if self.city.if_applies
                         else self._("You do not need to do anything."))
        return lines

    def card(self, actions: list[dict[str, Any]], documents: list[dict[str, Any]],
             projection: str | None) -> dict[str, Any]:
        """The answer in a few short rows, for the top of the page: what to show at a clinic
        today, the one step to take now (with its office), the next paper, and the change at
        75 when it falls in this cycle. It leads with what changes everything else: leaving
        NHI, a lost card, the change at 75."""
        out = self.outcome
        rows: dict[str, dict[str, Any]] = {}
        if out.scheme == "late_elderly" or out.late_elderly_in_cycle or not out.documents:
            rows["change"] = self.card_row("change", self.card_late_elderly())
        if out.scheme == "nhi" and out.documents:
            conditions = list(dict.fromkeys(doc.condition for doc in out.documents))
            clinic, later = [], []
            for condition in conditions:
                docs = [doc for doc in out.documents if doc.condition == condition]
                views = [view for view in documents if view["condition"] == condition]
                clinic += [self.prefixed(condition, line, CARD_CONDITION_LABELS) for line in self.card_clinic(docs)]
                later += [self.prefixed(condition, line, CARD_CONDITION_LABELS) for line in self.card_next(docs, views)]
            rows["clinic"] = self.card_row("clinic", clinic)
            upcoming = any(not doc.current and doc.issued != EARLIER and
                           (doc.valid_from or out.cycle.papers_valid_from) > out.as_of for doc in out.documents)
            rows["next" if upcoming else "paper"] = self.card_row("next" if upcoming else "paper", later)
        required = [action for action in actions if not action["optional"]]
        if out.scheme == "nhi":
            rows["step"] = self.card_step(required)
        # Leaving NHI ends every paper; a lost card leaves none to show; an unknown
        # registration decides which paper comes: the step first.
        lead = ("step" if any(a["id"] in ("leave_nhi", "check_registration") for a in required) or self.card_lost else
                "change" if out.late_elderly_in_cycle and out.scheme == "nhi" else None)
        order = [lead] + [name for name in ("change", "clinic", "step", "next", "paper") if name != lead]
        return {
            "rows": [rows[name] for name in order if name in rows],
            "projection": projection and self.rests(self._(
                "Dates from %(start)s are projected: the city has not published them yet.",
                start=self.date(out.cycle.start, short=True)), Basis(PROJECTED)),
        }

    def card_row(self, name: str, lines: list[str], office: dict[str, Any] | None = None,
                 more: int = 0) -> dict[str, Any]:
        return {"id": name, "label": self._(CARD_LABELS[name]), "lines": [line for line in lines if line],
                "office": office, "more": more}

    def card_step(self, required: list[dict[str, Any]]) -> dict[str, Any]:
        if not required:
            return self.card_row("step", [
                self._("You do not need to do anything, unless one of the points under “If this applies to "
                       "you” below applies.") if self.city.if_applies else
                self._("You do not need to do anything.")])
        first = min(required, key=lambda a: FIRST_STEPS.index(a["id"]) if a["id"] in FIRST_STEPS
                    else len(FIRST_STEPS) + required.index(a))
        lines = [first["title"]]
        if first["unsaid"]:
            # The details say once that the guide names no place; the card only whom to ask.
            lines.append(self._("Ask where to do it:") if first["office"] else
                         self._("Ask the city where to do it."))
        return self.card_row("step", lines, office=first["office"], more=len(required) - 1) | {
            "action": first["id"], "title": first["title"]}

    @overload
    def prefixed(self, condition: str | None, line: str, labels: Mapping[str, str] = ...) -> str: ...
    @overload
    def prefixed(self, condition: str | None, line: str | None, labels: Mapping[str, str] = ...) -> str | None: ...
    def prefixed(self, condition: str | None, line: str | None,
                 labels: Mapping[str, str] = CONDITION_LABELS) -> str | None:
        prefix = labels.get(condition) if condition is not None else None
        if line is None or prefix is None:
            return line
        return f"{self._(prefix)}{' ' if self.lang == 'en' else ''}{line}"

    def card_clinic(self, docs: list[Document]) -> list[str]:
        """What to show at a clinic today, in a short sentence (and, with a lost card, whom
        to ask how to see a doctor meanwhile: the city's guide does not say)."""
        out = self.outcome
        if out.old_card_valid_until and out.as_of <= out.old_card_valid_until:
            year = self.city.rules.year(out.cycle.year)
            return [self.rests(self._("Until %(day)s, keep using your current health insurance card.",
                                      day=self.date(out.old_card_valid_until, short=True)), year.old_card_cite)]
        paper = next((doc for doc in docs if doc.current), docs[0])
        if paper.type == NOTICE and self.card_lost:
            return [self.rests(self._("You cannot use your My Number card at a clinic while it is lost."),
                               "clinic_notice"),
                    self.rests(self._("Ask %(office)s how to see a doctor until the certificate comes.",
                                      office=self.ask_whom()), Basis("not_stated"))]
        if paper.type == NOTICE:
            return [self.rests(self._("Show your My Number health insurance card (マイナ保険証): the notice alone "
                                      "is not enough."), "clinic_notice")]
        return [self.rests(self._("Show your Eligibility certificate."), "clinic_certificate")]

    def card_next(self, docs: list[Document], views: list[dict[str, Any]]) -> list[str]:
        """The next paper, when it comes and until when; or until when this one holds."""
        out = self.outcome
        upcoming = next((doc for doc in docs if not doc.current and doc.issued != EARLIER
                         and (doc.valid_from or out.cycle.papers_valid_from) > out.as_of), None)
        if upcoming is not None and upcoming.valid_from is None:
            return [self.until_line(upcoming, self._(DOCUMENT_NAMES[upcoming.type]), short=True)]
        if upcoming is None:
            current = next((doc for doc in docs if doc.current), docs[0])
            return [self.until_line(current, self._(DOCUMENT_NAMES[current.type]), leaving=bool(self.leaving),
                                    short=True)]
        name = self._(DOCUMENT_NAMES[upcoming.type])
        start = self.date(upcoming.valid_from, short=True)
        end = self.date(upcoming.expires_on, short=True)
        if self.leaving:
            line = self._("From %(start)s until your insurance at work starts: a new %(paper)s.",
                          start=start, paper=name)
        elif end:
            line = self._("From %(start)s: a new %(paper)s, valid until %(end)s.", start=start, paper=name, end=end)
        elif upcoming.until_basis.kind != "not_stated":
            line = self._("From %(start)s: a new %(paper)s, with no expiry date.", start=start, paper=name)
        else:
            line = self._("From %(start)s: a new %(paper)s; ask %(office)s until when it is valid.",
                          start=start, paper=name, office=self.ask_whom())
        lines = [self.rests(line, upcoming.from_basis, upcoming.until_basis)]
        view = next((v for v in views if v["valid_from"] == _iso(upcoming.valid_from)), None)
        if view and view["mailing"]["when"]:
            lines.append(view["mailing"]["when"])
        return lines

    def card_late_elderly(self) -> list[str]:
        """The change at 75 in short: from when, and what the city says comes (its words
        name who sends it), or whom to ask."""
        out = self.outcome
        said = dict(day=self.date(out.late_elderly_start, short=True), age=self.ages.late_elderly)
        line = (self._("Since %(day)s: the medical care system for people aged %(age)s and over "
                       "(後期高齢者医療制度).", **said) if out.scheme == "late_elderly" else
                self._("From %(day)s: the medical care system for people aged %(age)s and over "
                       "(後期高齢者医療制度).", **said))
        papers = self.city.late_elderly["papers"]
        return [self.rests(line, "late_elderly"),
                self.said(papers) if papers else self.rests(self._(
                    "Ask %(authority)s about your papers.", authority=self.union()["label"]), Basis("not_stated"))]

    def late_elderly_lines(self) -> list[str]:
        """The change at 75: the national rule, then what the city says comes (or whom to ask)."""
        out = self.outcome
        said = dict(day=self.date(out.late_elderly_start), age=self.ages.late_elderly,
                    authority=self.union()["label"])
        lines = [self.rests(self._("Since %(day)s you have been in the medical care system for people aged "
                                   "%(age)s and over, run by %(authority)s.", **said)
                            if out.scheme == "late_elderly" else
                            self._("From %(day)s you are in the medical care system for people aged %(age)s "
                                   "and over, run by %(authority)s.", **said), "late_elderly")]
        papers = self.city.late_elderly["papers"]
        lines.append(self.said(papers) if papers else
                     self.rests(self._("Ask them about your papers."), Basis("not_stated")))
        return lines

    def paper_summary(self, docs: list[Document], views: list[dict[str, Any]]) -> tuple[str | None, list[str]]:
        """(what to show at a clinic today, [until when, the next paper])."""
        out = self.outcome
        clinic, lines = None, []
        current = next((doc for doc in docs if doc.current), None)
        upcoming = [doc for doc in docs if not doc.current and doc.issued != EARLIER
                    and (doc.valid_from or out.cycle.papers_valid_from) > out.as_of]
        notice_alone = self._("At a clinic, show your My Number health insurance card (マイナ保険証). The notice "
                              "alone is not enough: keep it for when the clinic cannot read your card.")
        if current is not None:
            name = self._(DOCUMENT_NAMES[current.type])
            if current.type == NOTICE and self.card_lost:
                clinic = self.rests(self._("You cannot use your My Number card at a clinic while it is lost."),
                                    "clinic_notice")
            elif current.type == NOTICE:
                clinic = self.rests(notice_alone, "clinic_notice")
            else:
                clinic = self.rests(self._("At a clinic, show your Eligibility certificate, as you did your old "
                                           "card."), "clinic_certificate")
            lines.append(self.until_line(current, name, leaving=bool(self.leaving)))
        for doc in upcoming[:1]:
            name = self._(DOCUMENT_NAMES[doc.type])
            start = self.date(doc.valid_from)
            end = self.date(doc.expires_on)
            if start and self.leaving:
                line = self._("From %(start)s until your insurance at work starts, use a new %(paper)s.",
                              start=start, paper=name)
            elif start and end:
                line = self._("From %(start)s you use a new %(paper)s, valid until %(end)s.",
                              start=start, paper=name, end=end)
            elif start and doc.until_basis.kind != "not_stated":
                line = self._("From %(start)s you use a new %(paper)s, with no expiry date.", start=start, paper=name)
            elif start:
                line = self._("From %(start)s you use a new %(paper)s. The city's guide does not say until when.",
                              start=start, paper=name)
            else:
                line = self.until_line(doc, name)
            lines.append(self.rests(line, doc.from_basis, doc.until_basis))
            if doc.type == NOTICE and current is None and not self.card_lost:
                # Beside "use the new notice": it is not enough alone at a clinic.
                lines.append(self.rests(notice_alone, "clinic_notice"))
            if current is None:
                view = next((v for v in views if v["valid_from"] == _iso(doc.valid_from)), None)
                waits = self._("Wait for it to arrive.")
                if view and view["mailing"]["not_mailed"]:
                    waits = self._("Wait for it to arrive, unless it is not mailed to you: see “How it arrives” "
                                   "below.")
                lines.append(waits)
        return clinic, lines

    def until_line(self, doc: Document, name: str, leaving: bool = False, short: bool = False) -> str:
        end = self.date(doc.expires_on, short)
        if leaving:
            # Joining insurance at work ends National Health Insurance: the paper is never
            # said to be usable beyond that.
            text = (self._("Until your insurance at work starts, use your %(paper)s (it is valid until %(day)s "
                           "at the latest).", paper=name, day=end) if end else
                    self._("Until your insurance at work starts, use your %(paper)s.", paper=name))
            return self.rests(text, doc.until_basis, "leave_nhi")
        if doc.issued == EARLIER:
            text = (self._("Keep the %(paper)s you already have: it is valid until %(day)s.", paper=name, day=end)
                    if end else self._("Keep the %(paper)s you already have.", paper=name))
        elif end:
            text = self._("Your %(paper)s is valid until %(day)s.", paper=name, day=end)
        elif doc.until_basis.kind == "not_stated" and short:
            # The card asks; the papers below say once that the guide does not say.
            text = self._("Ask %(office)s until when your %(paper)s is valid.", paper=name, office=self.ask_whom())
        elif doc.until_basis.kind == "not_stated":
            text = self._("The city's guide does not say until when your %(paper)s is valid: ask %(office)s.",
                          paper=name, office=self.ask_whom())
        else:
            text = self._("Your %(paper)s has no expiry date.", paper=name)
        return self.rests(text, doc.until_basis)

    def projection(self) -> str | None:
        cycle = self.outcome.cycle
        if not cycle.projected:
            return None
        published = self.city.main_source.published
        said = dict(documented=self.date(self.documented_end()), start=self.date(cycle.start),
                    office=self.ask_whom())
        if published:
            return self.rests(self._(
                "The city's guide of %(published)s describes the papers up to %(documented)s. The dates for the "
                "year from %(start)s below follow the same yearly pattern, but the city has not published them "
                "yet: confirm them with %(office)s.", published=self.date(published), **said), Basis(PROJECTED))
        return self.rests(self._(
            "The city's guide describes the papers up to %(documented)s. The dates for the year from %(start)s "
            "below follow the same yearly pattern, but the city has not published them yet: confirm them with "
            "%(office)s.", **said), Basis(PROJECTED))

    def documented_end(self) -> datetime.date:  # in this class `date` is the method above
        calendar = self.city.calendar
        return calendar.cycle_of_year(max(calendar.documented, default=calendar.first_year)).end

    def view(self) -> dict[str, Any]:
        out, cycle, lang = self.outcome, self.outcome.cycle, self.lang
        nhi = out.scheme == "nhi"
        common = situation_view(self.situation, self.city, self.national, lang)
        actions = common["actions"]
        projection = self.projection()
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
            "summary": self.summary(actions, documents),
            "card": self.card(actions, documents, projection),
            "clinic": common["clinic"],
            "upkeep": common["upkeep"],
            "if_applies": common["if_applies"],
            "late_elderly": {
                "starts_on": _iso(out.late_elderly_start),
                "age": self.ages.late_elderly,
                "in_this_cycle": out.late_elderly_in_cycle,
                "authority": localized(self.city.late_elderly["union"]["name"], lang),
            },
            "cost_share_starts_on": _iso(out.cost_share_start),
            "old_card_valid_until": _iso(out.old_card_valid_until),
            "mixed_household": common["mixed_household"],
            "text": {
                "as_of": long_date(out.as_of, lang),
                "cycle_end": long_date(cycle.end, lang),
                "projection": projection,
            },
        }
        # The dated half's documents and offices first, then the date-free half's.
        self.cite.add(*common["cited"])
        for rule in common["rules"]:
            self.cite.rule(rule)
        for office_id in common["offices"]:
            if office_id not in self.office_ids:
                self.office_ids.append(office_id)
        view["contacts"] = [self.union() if office_id == "late_elderly_union" else self.office(office_id)
                            for office_id in self.office_ids]
        view["sources"] = same_for_all("sources", self.city.id, lang, tuple(self.cite.ids), tuple(self.cite.rules),
                                       build=lambda: self.cite.view(lang, self._))
        return view


def outcome_view(outcome: Outcome, answers: Answers, city: City, national: National,
                 lang: str, situation: Situation | None = None) -> dict[str, Any]:
    """Everything the outcome page shows and the API answers, in ``lang``."""
    return Presenter(outcome, answers, city, national, lang, situation).view()


def answer_and_situation(answers: Answers, as_of: date, city: City, national: National,
                         lang: str) -> tuple[dict[str, Any], Situation]:
    """The one path from answers to what the page and the API show, with the situation
    the page keys its date-free sections by."""
    outcome = decide(answers, as_of, city.rules, national.ages)
    situation = Situation.of(outcome, answers)
    return outcome_view(outcome, answers, city, national, lang, situation), situation


def answer(answers: Answers, as_of: date, city: City, national: National, lang: str) -> dict[str, Any]:
    return answer_and_situation(answers, as_of, city, national, lang)[0]


def paper_groups(view: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The documents as the page shows them: one group per case (registered or not), each
    with its heading (none for a paper without a condition). Each paper's lines (how it
    arrives, its notes) leave out what the answer card or a paper above already said, so
    that nothing is said twice on the page. Call inside a request."""
    translations = get_translations()
    said = {line for row in view["card"]["rows"] for line in row["lines"]}
    said_by: dict[str, str] = {}  # a line, and the paper that said it first
    groups = []
    for condition in dict.fromkeys(doc["condition"] for doc in view["documents"]):
        papers = []
        for doc in (doc for doc in view["documents"] if doc["condition"] == condition):
            mailing = doc["mailing"]
            arrives = [line for line in [mailing["when"], mailing["how"], mailing["recipient"], mailing["ask"],
                                         *mailing["not_mailed"], *mailing["notes"]] if line]
            shown = [line for line in arrives if line not in said and line not in said_by]
            if arrives and not shown:
                # Everything was said: point to where.
                earlier = said_by.get(arrives[0])
                shown = [translations.ugettext("The same as for the %(paper)s above.") % {"paper": earlier}
                         if earlier else translations.ugettext("As said at the top of the page.")]
            more = [line for line in doc["notes"] + doc["about"] if line not in said and line not in said_by]
            for line in arrives + doc["notes"] + doc["about"]:
                said_by.setdefault(line, doc["name"])
            papers.append({**doc, "arrives": shown, "more": more})
        groups.append({"heading": translations.ugettext(GROUP_HEADINGS[condition])
                       if condition in GROUP_HEADINGS else None, "documents": papers})
    return groups
