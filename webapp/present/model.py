"""The answer as the presenters hand it on: one typed, frozen model that the result page, the
household, the calendar, the staff preview and the API all read (docs/rules.md, "A sentence
is a statement").

Dates are dates (a ``datefmt.Slot`` in an answer kept for its shape); every text a resident
reads is a ``Statement`` (its words in the answer's language, its basis and its id); the
rest are the closed sets of the rules (paper types, conditions, actions). Nothing in it is
changed once built, so one answer kept for a shape is safely shared.

The API's JSON is this model as it stands (``to_json``): field names and order are the
contract's (webapp/openapi.yaml), dates are written as ISO days.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date
from typing import ClassVar

import orjson

from .statement import Statement


@dataclass(frozen=True, slots=True)
class Office:
    """An office as a page shows it, from the city's file (or the national file: the free
    dial); ``basis``: what names it (``city:<source>``, ``national:<rule or law>``)."""

    id: str
    basis: str
    name: str
    label: str  # its name with its place: 国民健康保険課（山形市役所）
    place: str | None
    phone: str | None
    extension: str | None
    switchboard: str | None  # the city hall's, for an office in it without its own number
    hours: tuple[str, ...]
    menu: str | None
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Source:
    """A document an answer rests on (the city's own, or a law), or the national rules as one
    entry (``rules``, with the documents each was read in: ``read_in``)."""

    id: str
    title: str | None
    publisher: str | None
    published: date | None
    url: str | None
    national: bool
    label: str
    rules: tuple[str, ...]
    rule_titles: tuple[str, ...]  # each rule's title, as the page lists them (issue 28: lists as lists)
    read_in: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Basis:
    """What a paper's date or delivery rests on, for the API's readers: a kind, the city's
    document and words, or a national rule's name."""

    kind: str
    source: str | None
    words: str | None
    rule: str | None


@dataclass(frozen=True, slots=True)
class PaperBasis:
    valid_from: Basis
    expires_on: Basis
    delivery: Basis


@dataclass(frozen=True, slots=True)
class StepBasis:
    office: Basis  # what names the office the step is done at


@dataclass(frozen=True, slots=True)
class Step:
    """One thing to do (an action of the rules), as the city's file says it is done."""

    id: str
    condition: str | None
    reasons: tuple[str, ...]
    optional: bool
    condition_text: str | None  # the case it is for, in the app's words
    title: str
    paragraphs: tuple[Statement, ...]
    methods: tuple[Statement, ...]
    office: Office | None
    unsaid: Statement | None  # the guide names no place: whom to ask
    bring: tuple[Statement, ...] | None  # None: the city gives no list
    bring_unsaid: Statement | None
    proxy: Statement | None
    notes: tuple[Statement, ...]
    basis: StepBasis


@dataclass(frozen=True, slots=True)
class ClinicBlock:
    """Seeing a doctor with one kind of paper (or with the old card)."""

    title: str
    items: tuple[Statement, ...]
    offices: tuple[Office, ...]  # where the city's document says the old card goes back to


@dataclass(frozen=True, slots=True)
class Topic:
    """こんなときは: one thing that may happen, where to go for it and whom to ask."""

    title: str
    items: tuple[Statement, ...]
    office: Office | None
    unsaid: Statement | None
    ask: Office | None


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: Statement


@dataclass(frozen=True, slots=True)
class IfApplies:
    """A condition of the city's that the wizard does not ask, with its office."""

    title: Statement
    text: Statement
    office: Office | None
    link: Link | None


@dataclass(frozen=True, slots=True)
class SituationPart:
    """The date-free half of an answer: the same for everyone in one situation."""

    actions: tuple[Step, ...]
    clinic: tuple[ClinicBlock, ...]
    upkeep: tuple[Topic, ...]
    mixed_household: Statement | None
    if_applies: tuple[IfApplies, ...]
    page_notes: tuple[Statement, ...]
    cited: tuple[str, ...]  # the documents, national rules and offices it rests on, in first-use order
    rules: tuple[str, ...]
    offices: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Mailing:
    """How, to whom and when a paper comes, each the city's word or its silence (``ask``,
    with ``unsaid`` naming what the guide leaves out)."""

    when: Statement | None
    how: Statement | None
    recipient: Statement | None
    ask: Statement | None
    unsaid: tuple[str, ...]
    not_mailed: tuple[Statement, ...]
    notes: tuple[Statement, ...]

    def lines(self) -> Iterator[Statement]:
        """What it says, in the order a page says it."""
        for line in (self.when, self.how, self.recipient, self.ask, *self.not_mailed, *self.notes):
            if line:
                yield line


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper of the cycle (or kept from an earlier one), with its dates and what is said
    of it."""

    type: str
    issued: str
    valid_from: date | None
    expires_on: date | None
    shows_cost_share: bool
    shows: Statement | None  # what it shows in the cost-share years: the city's word, or its silence
    delivery: str | None  # the city's mailing method id
    recipient: str | None  # the city's recipient id
    current: bool
    condition: str | None
    ends_because: str | None
    name: str
    form: Statement | None
    validity_text: Statement
    valid_from_text: str | None
    expires_text: str
    mailing: Mailing
    notes: tuple[Statement, ...]
    about: tuple[Statement, ...]  # national rules on this paper (the cost share, the end at 75)
    basis: PaperBasis


@dataclass(frozen=True, slots=True)
class CardRow:
    """One row of the answer card: its statements, and for the step row the office and the
    action it names."""

    id: str
    label: str
    lines: tuple[Statement, ...]
    office: Office | None = None
    more: int = 0
    action: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Card:
    rows: tuple[CardRow, ...]
    projection: Statement | None


@dataclass(frozen=True, slots=True)
class DayAhead:
    """A day ahead that a statement of the answer is about, with what a calendar event says
    of it (``title``: the app's words; ``says``: statements of the answer)."""

    kind: str
    day: date
    condition: str | None
    projected: bool
    title: Statement | None
    says: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class Cycle:
    start: date
    end: date
    projected: bool
    papers_valid_from: date
    old_card_valid_until: date | None


@dataclass(frozen=True, slots=True)
class LateElderly:
    starts_on: date
    age: int
    in_this_cycle: bool
    authority: str | None  # the union the city's page names (None: it names none)
    papers: Statement | None  # what the city's document says the union sends (None: silent)


@dataclass(frozen=True, slots=True)
class Texts:
    as_of: str
    cycle_end: str
    projection: Statement | None


@dataclass(frozen=True, slots=True)
class Answer:
    """Everything the result page shows and the API answers, for one resident."""

    municipality: str
    as_of: date
    scheme: str
    in_nhi: bool
    cycle: Cycle
    documents: tuple[Paper, ...]
    actions: tuple[Step, ...]
    summary: tuple[Statement, ...]  # the API's short answer (no page shows it)
    card: Card
    clinic: tuple[ClinicBlock, ...]
    upkeep: tuple[Topic, ...]
    if_applies: tuple[IfApplies, ...]
    page_notes: tuple[Statement, ...]
    late_elderly: LateElderly
    cost_share_starts_on: date
    cost_share_age: int
    old_card_valid_until: date | None
    mixed_household: Statement | None
    dates: tuple[DayAhead, ...]
    text: Texts
    contacts: tuple[Office, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class PaperShown:
    """A paper as the papers section shows it: what it adds to the card and the papers above
    (``arrives``: how it comes; ``more``: its notes)."""

    paper: Paper
    arrives: tuple[Statement, ...]
    more: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class PaperGroup:
    heading: str | None  # the case (registered or not); None for papers without one
    papers: tuple[PaperShown, ...]


def _iso(value: object) -> str:
    # A Slot (a date subclass) is written as its placeholder; orjson writes plain dates.
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not part of an answer")


def to_json(value: object) -> bytes:
    """An answer (or a household's, or any part) as the API's JSON."""
    return orjson.dumps(value, default=_iso)


# --- a household's answer (webapp/household.py): its members' views combined -------------------


@dataclass(frozen=True, slots=True)
class MemberPaper:
    """One of a member's papers as the household page lists it."""

    name: str
    validity_text: Statement
    current: bool
    condition: str | None
    condition_text: str | None  # the case it is for, in the app's words
    about: tuple[Statement, ...]  # national rules on this paper: the cost share, the end at 75


@dataclass(frozen=True, slots=True)
class Member:
    """One member's short answer, under the label the page heads it with (counted from 0)."""

    index: int
    label: str
    in_nhi: bool
    summary: tuple[Statement, ...]
    papers: tuple[MemberPaper, ...]
    card: Card
    union: Statement | None  # who runs the system at 75, for a member in it or joining it this cycle
    late_elderly_age: int


@dataclass(frozen=True, slots=True)
class MailItem:
    """One kind of paper mailed this cycle: whom it is for, and to whom, how and when it is sent."""

    type: str
    name: str
    members: tuple[int, ...]
    recipient: str | None  # the city's recipient id, where it is one for all
    method: str | None  # the city's mailing method id, where it is one for all
    lines: tuple[Statement, ...]


# The API's key for a field whose name cannot be it (a Python keyword); orjson writes a
# dataclass by its field names, so such a class is written through its ``json``.
JSON_KEYS = {"for_": "for"}


@dataclass(frozen=True, slots=True)
class HouseholdStep:
    """One step, once for the household: as a member's answer gives it, less whose case it is
    (``condition``, ``reasons``), with the members it is for."""

    id: str
    optional: bool
    title: str
    paragraphs: tuple[Statement, ...]  # every member's, each once (by id)
    methods: tuple[Statement, ...]
    office: Office | None
    unsaid: Statement | None
    bring: tuple[Statement, ...] | None
    bring_unsaid: Statement | None
    proxy: Statement | None
    notes: tuple[Statement, ...]
    basis: StepBasis
    members: tuple[int, ...]
    member_labels: tuple[str, ...]  # 「1人目」, with the case where it is one member's only
    for_: str  # member_labels joined; the API's "for"

    def json(self) -> dict[str, object]:
        """Its fields in order, as the API names them (JSON_KEYS)."""
        return {JSON_KEYS.get(field.name, field.name): getattr(self, field.name) for field in fields(self)}


@dataclass(frozen=True, slots=True)
class Household:
    """A household's result: each member's short answer, what the household gets in the mail,
    every step once with whom it is for, and the contacts and sources once."""

    # The answer card's rows the household's card shows for each person: what to do now and the
    # change at 75. What to show at a clinic and the papers are in each person's part: with them
    # a household of three ran past a phone's first screen (issue 27).
    CARD_ROWS: ClassVar[tuple[str, ...]] = ("change", "step")

    people: tuple[Member, ...]
    mail: tuple[MailItem, ...]
    no_mail: Statement | None  # no paper for anyone this cycle: what the city's table gives
    mail_notes: tuple[Statement, ...]  # the city's word on a household that gets both kinds
    actions: tuple[HouseholdStep, ...]
    contacts: tuple[Office, ...]
    sources: tuple[Source, ...]
    projection: Statement | None
    card_projection: Statement | None  # what "projected" means, where the household's card shows one
    card_people: int  # how many people the card shows, the first ones (issue 27: it ends on the first screen)
    card_rest: str | None  # the labels of the others, joined: the card links to them below
