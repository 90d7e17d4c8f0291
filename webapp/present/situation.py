"""The date-free half of a result: what to do, seeing a doctor, こんなときは and the offices.
It is given a Situation only, so nothing it writes can depend on a date; everyone in one
situation shares it (built once per city and language, through webapp/caching.py)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..caching import same_for_all
from ..citydata import FREE_DIAL, City, National
from ..rules.outcome import (
    CARD_LOST,
    CERTIFICATE,
    CITY,
    IF_REGISTERED,
    NATIONAL,
    NOTICE,
    Action,
    Answers,
    Basis,
    Outcome,
    card_held_or_lost,
)
from .actions import ACTIONS
from .labels import (
    DOCUMENT_NAMES,
)
from .sources import cite_of, localized, said_of
from .statement import Statement, ui
from .writer import Writer


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


# A step the city's document is silent on: no office, words, list or notes of its own.
ASKED: Mapping[str, Any] = {"office": None, "cite": None, "bring": None, "proxy": None, "notes": ()}


class SituationPresenter(Writer):
    """The date-free half: what to do, seeing a doctor, こんなときは and the offices to
    contact. It is given a Situation only, so nothing it writes can depend on a date."""

    def __init__(self, situation: Situation, city: City, national: National, lang: str):
        super().__init__(city, national, lang)
        self.situation = situation
        self.card_lost = situation.card_lost

    def clinic(self) -> list[dict[str, Any]]:
        types = self.situation.paper_types
        blocks: list[dict[str, Any]] = []
        rule = "clinic_notice"
        if NOTICE in types:
            # A national rule the city's own document words is said in its words (its notes).
            items = [] if self.restated(NOTICE, rule) else [
                self.rests(self._("Show your My Number health insurance card (マイナ保険証) at the clinic or "
                                  "pharmacy."), rule),
                self.rests(self._("You cannot see a doctor with the notice alone."), rule)]
            # When to show the notice with the card is each city's to word (Yamagata: a clinic
            # that cannot use the card; Shiroishi: a reader that fails): its clinic notes.
            if self.card_lost:
                items.append(self.rests(self._("While your card is lost, you cannot use it at a clinic."), rule))
            items += self.unsaid_yet(items, self.city.clinic[NOTICE])
            blocks.append({"title": self._("With a Notice of insurance qualification"), "items": items, "office": None})
        if CERTIFICATE in types:
            items = [] if self.restated(CERTIFICATE, "clinic_certificate") else [
                self.rests(self._("Show the certificate at the clinic or pharmacy, just as you showed your old "
                                  "health insurance card."), "clinic_certificate")]
            items += self.unsaid_yet(items, self.city.clinic[CERTIFICATE])
            blocks.append({"title": self._("With an Eligibility certificate"), "items": items, "office": None})
        # A national rule the city's own document words is said in its words, once.
        old = [self.said(self.city.old_card) if self.city.old_card else
               self.rests(self._("Your old paper health insurance card cannot be used after its expiry date."),
                          "old_card")]
        # Where the page says it goes back to an office: that office, with its phone.
        office = self.office(self.city.old_card_office) if self.city.old_card_office else None
        blocks.append({"title": self._("Your old health insurance card"), "items": old, "office": office})
        return blocks

    def restated(self, paper: str, rule: str) -> bool:
        """Whether the city's clinic notes for this paper word the national rule."""
        return any(note.restates == rule for note in self.city.clinic[paper])

    def unsaid_yet(self, items: list[Statement], notes) -> list[Statement]:
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
                # A pointer to the step above, in the app's words.
                view["proxy"] = ui(self._("Someone applying for you: as for “%(task)s” above.",
                                          task=proxies[view["proxy"]]))
            elif view["proxy"]:
                proxies[view["proxy"]] = view["title"]
            found.append(view)
        return found

    def action(self, action: Action) -> dict[str, Any]:
        step = ACTIONS[action.id]
        title = self._(step.title)
        if step.asked:
            # Its words name whom to ask; the office (where the document names one) follows.
            data: Mapping[str, Any] = ASKED
            where = {"office": self.ask_office(), "unsaid": None}
        else:
            data = self.city.step(action.id)
            where = self.task_office(action.id, title)
            if step.names_whom and where["office"] is None:
                where = {"office": None, "unsaid": None}  # its words name whom to ask
        paragraphs, methods = step.says(self, action, data)
        bring = data.get("bring")
        cite = cite_of(data["cite"])
        return {
            "id": action.id,
            "condition": action.condition,
            "reasons": list(action.reasons),
            "optional": step.optional,
            "condition_text": action.condition == IF_REGISTERED and self._("(if your card is registered)") or None,
            "title": title,
            "paragraphs": paragraphs,
            "methods": methods,
            "office": where["office"],
            "unsaid": where["unsaid"],
            "bring": None if bring is None else [self.rests(localized(item, self.lang), cite_of(data["cite"]))
                                                  for item in bring],
            "bring_unsaid": (self.rests(self._("The city's guide does not say what to bring for “%(task)s”: ask "
                                               "the office before you go.", task=title), Basis("not_stated"))
                             if step.needs_bring and bring is None else None),
            "proxy": self.rests(localized(data.get("proxy"), self.lang), cite_of(data["cite"])),
            "notes": self.notes([said_of(note) for note in data.get("notes", [])], None),
            # Where the office comes from: the city's words, or nothing (then `unsaid`).
            "basis": {"office": {"kind": CITY if data["office"] and cite else
                                 NATIONAL if data["office"] == FREE_DIAL else "not_stated",
                                 "source": cite.source if cite and data["office"] else None,
                                 "words": cite.words if cite and data["office"] else None,
                                 "rule": "free_dial" if data["office"] == FREE_DIAL and not cite else None}},
        }

    def upkeep(self) -> list[dict[str, Any]]:
        """こんなときは: each topic under its title; where the city names no place, the task
        (not the title) is what "the guide does not say where to go for" names."""
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
                **self.task_office("renew_card", self._("Renewing the card")),
                "ask": self.task_ask("renew_card"),
            })
            title = self._("You forgot your PIN, or it is locked")
            items.append({
                "title": title,
                "items": [self.rests(self._("The card locks after 3 wrong PINs, and then it cannot be used as a "
                                            "health insurance card. The PIN has to be reset or unlocked."),
                                     "pin_lock")],
                **self.task_office("reset_pin", self._("Resetting or unlocking the PIN")),
                "ask": self.task_ask("reset_pin"),
            })
        if not self.situation.paper_types:
            return items  # no NHI paper to lose
        title = self._("You lost your notice or certificate")
        items.append({
            "title": title,
            "items": self.reissue_items(),
            **self.task_office("reissue_paper", self._("Reissuing a lost notice or certificate")),
            "ask": None,
        })
        return items

    def task_ask(self, task_id: str) -> dict[str, Any] | None:
        """The office the city's document names for questions on a task, where it is not the
        place (Yamagata: renewing the card is done at the counter, asked about at 市民課)."""
        ask = self.city.step(task_id).get("ask")
        return self.office(ask) if ask else None

    def reissue_items(self) -> list[Statement]:
        """Which of the resident's papers the city's document says can be issued again."""
        data = self.city.step("reissue_paper")
        items = []
        for paper in self.situation.paper_types:
            name = self._(DOCUMENT_NAMES[paper])
            if paper in data["papers"]:
                items.append(self.rests(self._("The %(paper)s can be issued again.", paper=name),
                                        cite_of(data["cite"])))
            elif self.shows_office(data):
                items.append(self.rests(self._("The city's guide does not say whether the %(paper)s can be issued "
                                               "again: ask the office below.", paper=name), Basis("not_stated")))
            else:  # no office below: the item's own line says whom to ask
                items.append(self.rests(self._("The city's guide does not say whether the %(paper)s can be issued "
                                               "again.", paper=name), Basis("not_stated")))
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
        return [{"title": self.rests(item["title"][self.lang], cite_of(item["cite"])),
                 "text": self.rests(item["text"][self.lang], cite_of(item["cite"])),
                 "office": self.office(item["office"]) if item["office"] else None,
                 "link": item["link"] and {"url": item["link"]["url"],
                                           "text": self.rests(item["link"]["text"][self.lang], cite_of(item["cite"]))}}
                for item in self.city.if_applies]

    def view(self) -> dict[str, Any]:
        nhi = self.situation.in_nhi
        mixed = self.city.mixed_household
        view = {
            "actions": self.actions() if nhi else [],
            "clinic": self.clinic() if nhi else [],
            "upkeep": self.upkeep() if nhi else [],
            "mixed_household": self.rests(mixed["text"][self.lang], cite_of(mixed["cite"])) if nhi and mixed else None,
            "if_applies": self.if_applies() if nhi else [],
            # For everyone the page speaks to, in its words (who it is for, why the cards change).
            "page_notes": [self.said(note) for note in self.city.page_notes],
        }
        self.card_offices()
        return {**view, "cited": tuple(self.cite.ids), "rules": tuple(self.cite.rules),
                "offices": tuple(self.office_ids)}


def situation_view(situation: Situation, city: City, national: National, lang: str) -> dict[str, Any]:
    """The date-free half of a view: the same for everyone in the situation, built once
    per city and language (frozen: it cannot be changed)."""
    return same_for_all("situation", city.id, lang, situation,
                        build=lambda: SituationPresenter(situation, city, national, lang).view())
