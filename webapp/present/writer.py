"""What both halves of a view share: the translations found once, the documents cited and
the offices used, and the trail of what each sentence rests on (for `flask cities
preview`)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple, Self, overload

from flask_babel import get_translations

from ..caching import same_for_all
from ..citydata import FREE_DIAL, City, National
from ..rules.outcome import (
    CERTIFICATE,
    CITY,
    EARLIER,
    NATIONAL,
    NOTICE,
    Basis,
)
from ..rules.table import Cite, Said, applies_to
from .labels import UNION_UNNAMED
from .model import Office
from .sources import Citations, localized, office_view
from .statement import STRENGTH, UI, Message, Statement
from .wording import CITY as A_CITY
from .wording import municipal, wording

# The national rule on what to show at a clinic, per paper (national.yaml).
CLINIC_RULES = {NOTICE: "clinic_notice", CERTIFICATE: "clinic_certificate"}


class Where(NamedTuple):
    """Where a task is done: the office, and (where the guide names no place) whom to ask."""

    office: Office | None
    unsaid: Statement | None


class Writer:
    """What both halves of a view share: the translations found once, the documents cited
    and the offices used, each in first-use order, and the trail of what each sentence
    written rests on."""

    def __init__(self, city: City, national: National, lang: str):
        self.city, self.national, self.lang = city, national, lang
        self.words = wording(lang)
        self.municipality = city.municipality
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
        if self.municipality != A_CITY:  # a town's, a village's or a ward's guide
            text = municipal(text, self.municipality, self.lang)
        if not params:
            return Message(text, msgid)
        # Its id: the message and what is put in it (each value's own id where it has one).
        return Message(text % params, (msgid, *(getattr(value, "id", value) for value in params.values())))

    @overload
    def rests(self, text: str, *on: Cite | Basis | str | None) -> Statement: ...
    @overload
    def rests(self, text: None, *on: Cite | Basis | str | None) -> None: ...
    @overload
    def rests(self, text: str | None, *on: Cite | Basis | str | None) -> Statement | None: ...
    def rests(self, text: str | None, *on: Cite | Basis | str | None) -> Statement | None:
        """``text`` as a statement resting on ``on``: a city's Cite (its words), a Basis, or
        a national rule's name; on several, the least sure of them (the first of equals).
        Written out for speed: a page makes some forty of these."""
        if text is None:
            return None
        kind, source, strength = UI, None, -1
        cite = self.cite
        named: str | None
        for support in on:
            if isinstance(support, str):
                cite.rule(support)
                here, named = NATIONAL, support
            elif isinstance(support, Cite):
                cite.add(support.source)
                here, named = CITY, support.source
            elif isinstance(support, Basis):
                here = support.kind
                if here == EARLIER:
                    continue  # a paper in hand: what it rests on is its other basis (its end)
                said = support.cite
                if said is not None:
                    cite.add(said.source)
                if here == NATIONAL:
                    named = support.rule
                    if named:
                        cite.rule(named)
                else:
                    named = said.source if said is not None else None
            else:
                continue  # None: nothing
            if STRENGTH[here] > strength:
                kind, source, strength = here, named, STRENGTH[here]
        if self.trail is not None:
            self.trail.append((text, tuple(support_of(support) for support in on if support is not None)))
        return Statement.of(text, kind, source)

    @overload
    def said(self, said: Said) -> Statement: ...
    @overload
    def said(self, said: None) -> None: ...
    @overload
    def said(self, said: Said | None) -> Statement | None: ...
    def said(self, said: Said | None) -> Statement | None:
        """A city's sentence, in this language, resting on its words; its id is the same in
        every language: its document and its own Japanese, so that two rows wording a fact
        alike (柴田町: 「1人に1枚ずつ、世帯主あてに送られます」 of both papers) are one statement."""
        if said is None:
            return None
        statement = self.rests(said.text[self.lang], said.cite)
        statement.id = (said.cite.source, said.text["ja"])
        return statement

    def office(self, office_id: str) -> Office:
        if office_id not in self.office_ids:
            self.office_ids.append(office_id)
        data = self.city.office(office_id, self.national)
        if office_id == FREE_DIAL:
            self.cite.rule("free_dial")  # a national line, listed as such
        else:
            self.cite.add(data["cite"]["source"])
        return same_for_all("office", self.city.id, self.lang, office_id,
                            build=lambda: office_view(office_id, data, self.lang, self.city))

    def ask_office(self) -> Office | None:
        """The office the city's document names to ask, or None where it names none."""
        return self.office(self.city.ask) if self.city.ask else None

    def ask_whom(self) -> str:
        """Whom to ask, in a sentence: the office the document names, or the city itself."""
        if self._ask_whom is None:
            office = self.ask_office()
            self._ask_whom = office.label if office else self._(
                "the city (%(city)s)", city=localized(self.city.name, self.lang))
        return self._ask_whom

    def union(self) -> Office | None:
        """The prefecture's late-elderly union (its name, from the city's file); None where
        the city's page names none (``union: null``)."""
        union = self.city.late_elderly["union"]
        if union is None:
            return None
        self.cite.add(union["cite"]["source"])
        if "late_elderly_union" not in self.office_ids:
            self.office_ids.append("late_elderly_union")
        return same_for_all("office", self.city.id, self.lang, "late_elderly_union",
                            build=lambda: office_view("late_elderly_union", union, self.lang, self.city))

    def authority(self) -> str:
        """Who runs the system at 75, in a sentence: the union the city's page names, or
        (where it names none) the law's words for it."""
        union = self.union()
        return union.label if union is not None else self._(UNION_UNNAMED)

    def shows_office(self, data: Mapping[str, Any]) -> bool:
        """Whether a task's office line will be shown (``task_office``): its own, or the
        office the document names to ask. Where none is, no sentence says "below"."""
        return data["office"] is not None or self.city.ask is not None

    def task_office(self, task_id: str, task: str) -> Where:
        """Where the city's document sends a task; where it names no place, say so and name
        only the office it names to ask (or none)."""
        data = self.city.step(task_id)
        if data["office"] is not None:
            if data["cite"]:
                self.cite.add(data["cite"]["source"])
            return Where(self.office(data["office"]), None)
        office = self.ask_office()
        if office is None:
            return Where(None, self.rests(self._(
                "The city's guide does not say where to go for “%(task)s”, and names no office to ask: ask the "
                "city.", task=task), Basis("not_stated")))
        return Where(office, self.rests(self._("The city's guide does not say where to go for “%(task)s”: ask the "
                                               "office it names, below.", task=task), Basis("not_stated")))

    def clinic_rule(self, paper: str, short: bool = False) -> list[Statement]:
        """What to show at a clinic with this paper: the national rule, in the city's words
        where its document words it (its clinic notes that restate the rule), else the rule's
        own sentences (``short``: as the answer card words them). The card says the first;
        "Seeing a doctor" the rest."""
        rule = CLINIC_RULES[paper]
        worded = [self.said(note) for note in self.city.clinic[paper] if note.restates == rule]
        if worded:
            return worded
        if paper == NOTICE:
            return [self.rests(self._("Show your My Number health insurance card (マイナ保険証) at the clinic or "
                                      "pharmacy."), rule),
                    self.rests(self._("You cannot see a doctor with the notice alone."), rule)]
        said = self.rests(self._("Show the certificate at the clinic or pharmacy, just as you showed your old "
                                 "health insurance card."), rule)
        # The rule's own sentence is the app's: the card says the same statement shorter.
        return [said.reworded(self._("Show your Eligibility certificate.")) if short else said]

    def clinic_lost(self) -> Statement:
        """A national rule: a lost card cannot be used at a clinic."""
        return self.rests(self._("While your card is lost, you cannot use it at a clinic."), "clinic_notice")

    def notes(self, items, group) -> list[Statement]:
        """A row's or a step's notes for this resident's group, in the city's words."""
        return [self.said(item) for item in items if group is None or applies_to(item, group)]


def support_of(support: Cite | Basis | str) -> tuple[str, str]:
    """(kind, words) of what a sentence rests on, for the preview."""
    if isinstance(support, Cite):
        return CITY, f"{support.source}: {support.words or ''}"
    if isinstance(support, Basis):
        words = support.cite.words if support.cite else support.rule
        return support.kind, f"{support.cite.source}: {words}" if support.cite else words or ""
    return NATIONAL, support
