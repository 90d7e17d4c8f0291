"""A household's result: each member's own outcome view (present.answer) combined into
what the household gets in the mail, every action once with whom it is for, and the
contacts and sources once. The household page and the API's ``members`` form both use it.

Whose fact is it: everything here comes from the members' views (built from the city's own
table, in its words) and from what that city says of a mixed household; nothing names a
city. Where the city's document does not say how or to whom a paper is sent, the text says so.

Members are numbered from 0 here and in the API; people read "Person 1, Person 2…".
Text fields are in ``lang``; call inside a request or ``flask_babel.force_locale``.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from flask_babel import gettext as _

from .i18n import lazy_gettext as _l
from .languages import is_japanese
from .present import CONDITION_LABELS, bracketed
from .present.labels import UNION_UNNAMED
from .present.model import Answer, Household, HouseholdStep, MailItem, Member, MemberPaper, Office, Source, Step
from .present.statement import NATIONAL, NOT_STATED, PROJECTED, Statement
from .present.wording import wording
from .rules.era import to_wareki
from .rules.outcome import CERTIFICATE, IF_NOT_REGISTERED, IF_REGISTERED, NOTICE, THIS_CYCLE

T = TypeVar("T")

# The most people one household may hold, on the pages and in the API: enough for a large
# household, and few enough that both cities' households, the current answers and the
# typing kept across a language switch still fit in one 4 KB cookie
# (tests/test_household.py measures it).
LIMIT = 8
# The card gives the first three people their step: a household of three ends by 619 px on a
# phone (issue 27: the README's table); it links to the others, whose parts are below.
CARD_PEOPLE = 3
PAPER_TYPES = (NOTICE, CERTIFICATE)
IF_CASE = {
    IF_REGISTERED: _l("if their card is registered"),
    IF_NOT_REGISTERED: _l("if their card is not registered"),
}
PAPER_NAMES_PLURAL = {
    NOTICE: _l("Notices of insurance qualification"),
    CERTIFICATE: _l("Eligibility certificates"),
}


def condition_text(condition: str | None) -> str | None:
    label = None if condition is None else CONDITION_LABELS.get(condition)
    return None if label is None else _(label)


def person_label(index: int) -> str:
    """「1人目」 / "Person 1" for the member at ``index`` (counted from 0)."""
    return _("Person %(number)s", number=index + 1)


def birth_year(born: date, lang: str) -> str:
    """The year someone was born as residents write it: 「昭和23年」 (「平成元年」 in an era's
    first year, the era in force on the day itself), "1948"."""
    if not is_japanese(lang):
        return str(born.year)
    try:
        era, year = to_wareki(born)
    except ValueError:  # before 明治: no era to name (the forms take no such date)
        return f"{born.year}年"
    return f"{era.kanji}{'元' if year == 1 else year}年"


def born_label(index: int, born: date | str | None, lang: str) -> str:
    """「1人目（昭和23年生まれ）」 / "Person 1 (born 1948)"; 「1人目」 while the birth date is
    not answered. The birth year tells people apart without asking names; built per
    request, never kept (it is personal data)."""
    if born is None:
        return person_label(index)
    day = date.fromisoformat(born) if isinstance(born, str) else born
    return _("%(person)s (born %(year)s)", person=person_label(index), year=birth_year(day, lang))


def joined(labels: Sequence[str], lang: str) -> str:
    return wording(lang).items.join(labels)


def _unique(items: Iterable[T | None]) -> list[T]:
    return list(dict.fromkeys(item for item in items if item))


def people(views: Sequence[Answer], labels: Sequence[str] | None = None) -> tuple[Member, ...]:
    """Each member's short answer: the summary and each paper with its validity, under
    ``labels`` (the pages': with the birth year) or 「1人目」…"""
    found = []
    for index, view in enumerate(views):
        papers = tuple(MemberPaper(name=doc.name, validity_text=doc.validity_text, current=doc.current,
                                   condition=doc.condition, condition_text=condition_text(doc.condition),
                                   about=doc.about) for doc in view.documents)
        found.append(Member(index=index, label=labels[index] if labels else person_label(index),
                            in_nhi=view.in_nhi, summary=view.summary, papers=papers, card=view.card,
                            # Who runs the system at 75, for a member in it or joining it this cycle
                            # (a national rule: the law names each prefecture's union).
                            union=Statement(_("The medical care system for people aged %(age)s and over is run by "
                                              "%(authority)s.", age=view.late_elderly.age,
                                              authority=view.late_elderly.authority or _(UNION_UNNAMED)),
                                            NATIONAL, "late_elderly")
                            if not view.in_nhi or view.late_elderly.in_this_cycle else None,
                            late_elderly_age=view.late_elderly.age))
    return tuple(found)


def mail(views: Sequence[Answer], mixed: Mapping[str, Any] | None, lang: str) -> tuple[MailItem, ...]:
    """Per kind of paper mailed this cycle: who gets one, to whom and how it is sent, each
    as the city's own table says (the members' views carry its words); where the city
    mails every paper of a household that mixes both kinds by one method, that method."""
    kinds = {doc.type for view in views for doc in view.documents if doc.issued == THIS_CYCLE}
    one_method = mixed is not None and mixed["mailing"] == "one_method" and kinds == set(PAPER_TYPES)
    items = []
    for paper in PAPER_TYPES:
        docs = {index: [doc for doc in view.documents if doc.type == paper and doc.issued == THIS_CYCLE]
                for index, view in enumerate(views)}
        members = [index for index, found in docs.items() if found]
        if not members:
            continue
        # A member's first paper of the cycle comes with the yearly mailing; a later one
        # (70 brings the cost share) comes on its own, and is said separately.
        firsts = {index: first_papers(views[index]) for index in members}
        first_docs = [doc for index in members for doc in docs[index] if id(doc) in firsts[index]]
        mailings = [doc.mailing for doc in first_docs]
        later: dict[tuple, list[int]] = {}
        for index in members:
            for doc in docs[index]:
                if id(doc) not in firsts[index]:
                    later.setdefault((doc.valid_from_text, doc.mailing.when or doc.mailing.ask,
                                      doc.validity_text), []).append(index)
        # A member who does not know whether the card is registered gets this paper only
        # in one case: say which.
        labels = [bracketed(person_label(index), str(IF_CASE[condition]), lang)
                  if (condition := docs[index][0].condition) else person_label(index) for index in members]
        who = joined(labels, lang)
        recipients = _unique(doc.recipient for doc in first_docs)
        recipient = recipients[0] if len(recipients) == 1 and all(doc.recipient for doc in first_docs) else None
        # To whom, in the app's words for the city's (its recipient statement gives the basis).
        said = mailings[0].recipient
        if recipient == "each_person" and said:
            to_whom = said.reworded(_("Sent to each person separately: %(people)s.", people=who))
        elif recipient == "householder" and said:
            to_whom = said.reworded(_("Sent to the head of your household, for %(people)s.", people=who))
        else:
            to_whom = Statement(_("For %(people)s. The city's guide does not say to whom it is sent.", people=who),
                                NOT_STATED)
        lines: list[Statement] = [to_whom]
        lines += _unique(m.when for m in mailings)
        if one_method and mixed is not None:  # (one_method: mixed is there)
            method = mixed["method"]["id"]
            lines.append(Statement(mixed["method"]["text"][lang], "city", mixed["method"]["cite"]["source"]))
        else:
            methods = _unique(doc.delivery for doc in first_docs)
            method = methods[0] if len(methods) == 1 else None
            lines += _unique(m.how for m in mailings)
        if one_method:  # the method is said for all: what may be left unsaid is only when
            asks = _unique(m.ask if m.unsaid == ("when",) else
                           Statement(_("The city's guide does not say when it is sent."), NOT_STATED)
                           if "when" in m.unsaid else None for m in mailings)
        else:
            asks = _unique(m.ask for m in mailings)
        lines += asks
        for (day, how, validity), indexes in later.items():
            # Its date rests on what the paper's validity rests on; how it comes, on its own.
            lines.append(validity.reworded(_("Then a new one from %(day)s, for %(people)s.", day=day,
                                             people=joined([person_label(i) for i in indexes], lang))))
            if how is not None and how not in asks:
                lines.append(how)
        lines += _unique(line for m in mailings for line in m.not_mailed + m.notes)
        lines += _unique(line for doc in first_docs for line in doc.notes)
        items.append(MailItem(type=paper, name=str(PAPER_NAMES_PLURAL[paper]), members=tuple(members),
                              recipient=recipient, method=method, lines=tuple(lines)))
    return tuple(items)


def first_papers(view: Answer) -> set[int]:
    """The ids of a member's first paper of the cycle, one per case (registered or not)."""
    seen: dict[object, int] = {}
    for doc in view.documents:
        seen.setdefault(doc.condition, id(doc))
    return set(seen.values())


def mail_notes(views: Sequence[Answer], items: Sequence[MailItem]) -> tuple[Statement, ...]:
    """The city's own word on a household that gets both kinds of paper, if it has one."""
    if {item.type for item in items} != set(PAPER_TYPES):
        return ()
    return tuple(_unique(view.mixed_household for view in views)[:1])


@dataclass(slots=True)
class _Joining:
    """A step while the members are gone through: the first one's, with every member's
    paragraphs so far and whom it is for."""

    step: Step
    paragraphs: list[Statement]
    members: list[int] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def frozen(self, lang: str) -> HouseholdStep:
        """The step as one person's answer gives it, less whose case it is (said in ``for_``)."""
        step = self.step
        return HouseholdStep(id=step.id, optional=step.optional, title=step.title, paragraphs=tuple(self.paragraphs),
                             methods=step.methods, office=step.office, unsaid=step.unsaid, bring=step.bring,
                             bring_unsaid=step.bring_unsaid, proxy=step.proxy, notes=step.notes, basis=step.basis,
                             members=tuple(self.members), member_labels=tuple(self.labels),
                             for_=joined(self.labels, lang))


def actions(views: Sequence[Answer], lang: str) -> tuple[HouseholdStep, ...]:
    """Every action once, in first-use order, with the members it is for."""
    combined: dict[str, _Joining] = {}
    for index, view in enumerate(views):
        for action in view.actions:
            label = person_label(index)
            if action.condition_text:
                label = wording(lang).labelled(label, action.condition_text)
            entry = combined.get(action.id)
            if entry is None:
                entry = combined[action.id] = _Joining(action, list(action.paragraphs))
            else:
                # The paragraphs can differ per person (why one may apply): each once, by id.
                said = {line.id for line in entry.paragraphs}
                entry.paragraphs += [line for line in action.paragraphs if line.id not in said]
            entry.members.append(index)
            entry.labels.append(label)
    return tuple(entry.frozen(lang) for entry in combined.values())


def contacts(views: Sequence[Answer]) -> tuple[Office, ...]:
    seen: dict[tuple, Office] = {}
    for view in views:
        for office in view.contacts:
            seen.setdefault((office.label, office.phone, office.extension), office)
    return tuple(seen.values())


def sources(views: Sequence[Answer]) -> tuple[Source, ...]:
    seen: dict[str, Source] = {}
    for view in views:
        for source in view.sources:
            seen.setdefault(source.id, source)
    return tuple(seen.values())


def combine(views: Sequence[Answer], mixed: Mapping[str, Any] | None, lang: str,
            labels: Sequence[str] | None = None) -> Household:
    """The household part of the answer, from each member's outcome view and what the city
    says of a household that mixes both kinds of paper (``mixed``). ``labels`` head each
    person (the pages give the birth year); the sentences below refer back with 「1人目」."""
    items = mail(views, mixed, lang)
    members = people(views, labels)
    return Household(
        people=members,
        mail=items,
        # No paper this cycle for anyone: what the city's table gives (its document, listed first).
        no_mail=None if items else Statement(
            _("No new paper is mailed to anyone in your household for this year."), "city",
            views[0].sources[0].id),
        mail_notes=mail_notes(views, items),
        actions=actions(views, lang),
        contacts=contacts(views),
        sources=sources(views),
        projection=next((v.text.projection for v in views if v.text.projection), None),
        # What "projected" means, said once where the household's card shows a projected line.
        card_projection=next((view.card.projection for view in views[:CARD_PEOPLE] if view.card.projection and any(
            line.kind == PROJECTED for row in view.card.rows if row.id in Household.CARD_ROWS
            for line in row.lines)), None),
        card_people=min(len(views), CARD_PEOPLE),
        card_rest=joined([member.label for member in members[CARD_PEOPLE:]], lang) or None,
    )
