"""The date-free half of a result: what to do, seeing a doctor, こんなときは and the offices.
It is given a Situation only, so nothing it writes can depend on a date; everyone in one
situation shares it (built once per city and language, through webapp/caching.py)."""
from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, replace
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
from .model import Basis as BasisView
from .model import ClinicBlock, IfApplies, Link, Office, SituationPart, Step, StepBasis, Topic
from .sources import cite_of, localized, said_of
from .statement import Statement, ui
from .writer import CLINIC_RULES, Where, Writer


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

    def clinic(self) -> tuple[ClinicBlock, ...]:
        types = self.situation.paper_types
        blocks: list[ClinicBlock] = []
        if NOTICE in types:
            # A national rule the city's own document words is said in its words (its notes,
            # in their order, below).
            items = [] if self.restated(NOTICE) else self.clinic_rule(NOTICE)
            # When to show the notice with the card is each city's to word (Yamagata: a clinic
            # that cannot use the card; Shiroishi: a reader that fails): its clinic notes.
            if self.card_lost:
                items.append(self.clinic_lost())
            items += self.unsaid_yet(items, self.city.clinic[NOTICE])
            blocks.append(ClinicBlock(self._("With a Notice of insurance qualification"), tuple(items), ()))
        if CERTIFICATE in types:
            items = [] if self.restated(CERTIFICATE) else self.clinic_rule(CERTIFICATE)
            items += self.unsaid_yet(items, self.city.clinic[CERTIFICATE])
            blocks.append(ClinicBlock(self._("With an Eligibility certificate"), tuple(items), ()))
        # A national rule the city's own document words is said in its words, once.
        old = [self.said(self.city.old_card) if self.city.old_card else
               self.rests(self._("Your old paper health insurance card cannot be used after its expiry date."),
                          "old_card")]
        # Where the page says it goes back to an office (or one of several): each, with its phone.
        offices = tuple(self.office(office) for office in self.city.old_card_offices)
        blocks.append(ClinicBlock(self._("Your old health insurance card"), tuple(old), offices))
        return tuple(blocks)

    def restated(self, paper: str) -> bool:
        """Whether the city's clinic notes for this paper word the national rule."""
        return any(note.restates == CLINIC_RULES[paper] for note in self.city.clinic[paper])

    def unsaid_yet(self, items: list[Statement], notes) -> list[Statement]:
        """The city's notes that do not repeat a sentence already in ``items`` (a city's
        words can translate to the national rule's very sentence)."""
        said = {line.id for line in items}
        return [line for line in (self.said(note) for note in notes) if line.id not in said]

    def actions(self) -> tuple[Step, ...]:
        """Each step; a note on someone applying for you that a step above already gave is
        pointed to, not said again."""
        found: list[Step] = []
        proxies: dict[Hashable, str] = {}  # a proxy note's id -> the title of the step that gave it
        for action in self.situation.actions:
            view = self.action(action)
            if view.proxy is not None and view.proxy.id in proxies:
                # A pointer to the step above, in the app's words.
                view = replace(view, proxy=ui(self._("Someone applying for you: as for “%(task)s” above.",
                                                     task=proxies[view.proxy.id])))
            elif view.proxy:
                proxies[view.proxy.id] = view.title
            found.append(view)
        return tuple(found)

    def action(self, action: Action) -> Step:
        step = ACTIONS[action.id]
        title = self._(step.title)
        if step.asked:
            # Its words name whom to ask; the office (where the document names one) follows.
            data: Mapping[str, Any] = ASKED
            where = Where(self.ask_office(), None)
        else:
            data = self.city.step(action.id)
            where = self.task_office(action.id, title)
            if step.names_whom and where.office is None:
                where = Where(None, None)  # its words name whom to ask
        paragraphs, methods = step.says(self, action, data)
        bring = data.get("bring")
        cite = cite_of(data["cite"])
        office_named = bool(data["office"])
        return Step(
            id=action.id,
            condition=action.condition,
            reasons=tuple(action.reasons),
            optional=step.optional,
            condition_text=action.condition == IF_REGISTERED and self._("(if your card is registered)") or None,
            title=title,
            paragraphs=tuple(paragraphs),
            methods=tuple(methods),
            office=where.office,
            unsaid=where.unsaid,
            bring=None if bring is None else tuple(self.rests(localized(item, self.lang), cite) for item in bring),
            bring_unsaid=(self.rests(self._("The city's guide does not say what to bring for “%(task)s”: ask "
                                            "the office before you go.", task=title), Basis("not_stated"))
                          if step.needs_bring and bring is None else None),
            proxy=self.rests(localized(data.get("proxy"), self.lang), cite),
            notes=tuple(self.notes([said_of(note) for note in data.get("notes", [])], None)),
            # Where the office comes from: the city's words, or nothing (then `unsaid`).
            basis=StepBasis(BasisView(
                kind=CITY if office_named and cite else NATIONAL if data["office"] == FREE_DIAL else "not_stated",
                source=cite.source if cite and office_named else None,
                words=cite.words if cite and office_named else None,
                rule="free_dial" if data["office"] == FREE_DIAL and not cite else None)),
        )

    def upkeep(self) -> tuple[Topic, ...]:
        """こんなときは: each topic under its title; where the city names no place, the task
        (not the title) is what "the guide does not say where to go for" names."""
        items: list[Topic] = []
        if self.situation.has_card:
            items.append(self.topic(self._("Your My Number card has two expiry dates"), [
                    self.rests(self._("The card: until your 10th birthday after it was issued if you were 18 or "
                                      "older then, or your 5th birthday if you were under 18."), "card_expiry"),
                    self.rests(self._("The electronic certificate on the card: until your 5th birthday after it "
                                      "was issued, at any age."), "card_expiry"),
                    self.rests(self._("A notice about the expiry arrives 2 to 3 months before, with an application "
                                      "form for a new card. You can renew from 3 months before, at the office of "
                                      "the city where you are registered as a resident."), "card_expiry"),
                    self.rests(self._("If the electronic certificate expires, the card still works as a health "
                                      "insurance card for 3 months, then it stops working."), "e_certificate_grace"),
            ], "renew_card", self._("Renewing the card"), ask=True))
            items.append(self.topic(self._("You forgot your PIN, or it is locked"), [
                self.rests(self._("The card locks after 3 wrong PINs, and then it cannot be used as a health "
                                  "insurance card. The PIN has to be reset or unlocked."), "pin_lock")],
                "reset_pin", self._("Resetting or unlocking the PIN"), ask=True))
        if not self.situation.paper_types:
            return tuple(items)  # no NHI paper to lose
        items.append(self.topic(self._("You lost your notice or certificate"), self.reissue_items(),
                                "reissue_paper", self._("Reissuing a lost notice or certificate")))
        return tuple(items)

    def topic(self, title: str, items: list[Statement], task_id: str, task: str, ask: bool = False) -> Topic:
        """A topic, with where its task is done, then (``ask``) the office named for questions on
        it: in that order, the order the page lists its contacts in."""
        where = self.task_office(task_id, task)
        return Topic(title, tuple(items), where.office, where.unsaid, self.task_ask(task_id) if ask else None)

    def task_ask(self, task_id: str) -> Office | None:
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

    def if_applies(self) -> tuple[IfApplies, ...]:
        """The city's conditions the wizard does not ask, each with its office."""
        found = []
        for item in self.city.if_applies:
            cite = cite_of(item["cite"])
            link = item["link"]
            found.append(IfApplies(
                self.rests(item["title"][self.lang], cite), self.rests(item["text"][self.lang], cite),
                self.office(item["office"]) if item["office"] else None,
                Link(link["url"], self.rests(link["text"][self.lang], cite)) if link else None))
        return tuple(found)

    def view(self) -> SituationPart:
        nhi = self.situation.in_nhi
        mixed = self.city.mixed_household
        actions = self.actions() if nhi else ()
        clinic = self.clinic() if nhi else ()
        upkeep = self.upkeep() if nhi else ()
        mixed_household = self.rests(mixed["text"][self.lang], cite_of(mixed["cite"])) if nhi and mixed else None
        if_applies = self.if_applies() if nhi else ()
        # For everyone the page speaks to, in its words (who it is for, why the cards change).
        page_notes = tuple(self.said(note) for note in self.city.page_notes)
        self.card_offices()
        return SituationPart(actions, clinic, upkeep, mixed_household, if_applies, page_notes,
                             tuple(self.cite.ids), tuple(self.cite.rules), tuple(self.office_ids))


def situation_view(situation: Situation, city: City, national: National, lang: str) -> SituationPart:
    """The date-free half of a view: the same for everyone in the situation, built once
    per city and language (frozen: it cannot be changed)."""
    return same_for_all("situation", city.id, lang, situation,
                        build=lambda: SituationPresenter(situation, city, national, lang).view())
