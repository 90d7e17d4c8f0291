"""The dated half of a result, built for each decision, and the whole view: the papers with
their dates, the answer card, the summary, the contacts and the sources."""
from __future__ import annotations

import datetime
from collections.abc import Mapping
from datetime import date
from typing import overload

from ..caching import same_for_all
from ..citydata import City, National
from ..datefmt import long_date, short_date
from ..rules.outcome import (
    CERTIFICATE,
    CITY,
    EARLIER,
    IF_NOT_REGISTERED,
    NATIONAL,
    NOTICE,
    PROJECTED,
    Answers,
    Basis,
    Document,
    Outcome,
)
from ..rules.table import TURNS_70, Cite, applies_to
from ..rules.table import Mailing as TableMailing
from .actions import ACTIONS
from .labels import (
    CARD_CONDITION_LABELS,
    CARD_LABELS,
    CONDITION_LABELS,
    DOCUMENT_NAMES,
    UNSAID_MAILING,
)
from .model import Answer, Card, CardRow, Cycle, DayAhead, LateElderly, Mailing, Office, Paper, PaperBasis, Step, Texts
from .model import Basis as BasisView
from .situation import Situation, situation_view
from .sources import localized
from .statement import Statement, ui
from .writer import Writer


class Presenter(Writer):
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

    def validity(self, doc: Document) -> Statement:
        start, end = self.date(doc.valid_from), self.date(doc.expires_on)
        no_end = doc.until_basis.kind != "not_stated" and end is None
        if no_end and doc.until_exceptions is not None and doc.issued != EARLIER:
            if start:  # the start said here, the page's own words below it (``about``)
                return self.rests(self._("From %(start)s; no expiry date as a rule", start=start),
                                  doc.from_basis, doc.until_basis)
            # The page's own words, its qualifier kept (「原則、有効期限はありませんが…」).
            return self.carried(self.said(doc.until_exceptions))
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

    def mailing(self, doc: Document, first: bool) -> Mailing:
        """How, to whom and when this paper comes, each in the city's words where its
        document says; once where it does not."""
        if doc.issued == EARLIER:
            if doc.kept and not self.followed(doc):
                return Mailing(self.said(doc.kept), None, None, None, (), (), ())
            if doc.kept:  # another follows within the cycle (the cost share): only that it is in hand
                return Mailing(self.rests(self._("You already have it."), doc.kept.cite), None, None, None, (), (), ())
            return Mailing(None, None, None, self.rests(self._(
                "You already have it. The city's guide does not say whether a new one is sent: ask %(office)s.",
                office=self.ask_whom()), Basis("not_stated")), (), (), ())
        if doc.row is None:
            return Mailing(None, None, None, self.rests(self._(
                UNSAID_MAILING[("how", "when")], paper=self._(DOCUMENT_NAMES[doc.type]), office=self.ask_whom()),
                Basis("not_stated")), ("how", "when"), (), ())
        mailing = doc.follow.mailing if doc.follow else doc.row.mailing
        year = self.city.rules.year(self.outcome.cycle.year)
        documented = not self.outcome.cycle.projected
        if not documented and mailing.later_years:
            # The city's word on the years after its document (「…以降の送付は未定です」): said
            # instead of this year's mailing carried on, with whom to ask.
            return Mailing(self.said(mailing.later_years), None, None, self.rests(self._(
                "Ask %(office)s whether and how the %(paper)s is sent.", office=self.ask_whom(),
                paper=self._(DOCUMENT_NAMES[doc.type])), Basis("not_stated")), ("how", "when"), (), ())
        # This year's date where the city gives one for this paper's residents (Nakano gives
        # one for certificates and the notices of those 70 and over only).
        year_when = next((said for said in year.mailing_when if doc.group is None or applies_to(said, doc.group)),
                         None)
        this_year = first and documented and year_when is not None
        when = year_when if this_year else mailing.when
        # This year's mailing is the city's word for the year; how the paper is renewed after it
        # is its word too (Shiroishi: "毎年更新し、7月中に郵送します"), said beside it.
        renewal = (self.said(mailing.when),) if this_year and mailing.when and mailing.when != when else ()
        if doc.follow and any(other.issued == EARLIER for other in self.outcome.documents
                              if other.condition == doc.condition):
            # The city sends it "when the earlier one expires": a kept notice without expiry
            # never does, so its guide does not say when (ask).
            when = None
        not_mailed: tuple[Statement, ...] = ()
        if first:
            found = (year.not_mailed if documented else ()) + doc.row.not_mailed
            not_mailed = tuple(self.carried(line) for line in self.notes(found, doc.group))
        said_when, how = self.carried(self.said(when)), self.carried(self.said(mailing.method_said))
        ask = None
        missing = tuple(part for part, line in (("how", how), ("when", said_when)) if line is None)
        if missing:
            ask = self.rests(self._(UNSAID_MAILING[missing], paper=self._(DOCUMENT_NAMES[doc.type]),
                                    office=self.ask_whom()), Basis("not_stated"))
        return Mailing(said_when, how, self.carried(self.said(mailing.recipient_said)), ask, missing, not_mailed,
                       renewal)

    def about(self, doc: Document, first: bool, turns_without_paper: bool) -> tuple[Statement, ...]:
        """What national rules add to this paper: why a card holder is given a certificate
        (information hidden), the cost share, and the end at 75."""
        ages, out = self.ages, self.outcome
        found = []
        if (first and doc.type == CERTIFICATE and self.answers.restricted_view and self.situation.has_card
                and doc.condition != IF_NOT_REGISTERED):  # not registered: the reason is that
            # Shiroishi's page lists it; a rule for all of Japan, never Yamagata's word.
            found.append(self.rests(self._(
                "Because your own information is hidden in Mynaportal or at clinics, you are given an Eligibility "
                "certificate without applying."), "certificate_without_applying"))
        if doc.ends_because == "cost_share_starts" or turns_without_paper or (
                doc.issued == EARLIER and self.followed(doc)):  # a kept paper the cost-share one follows
            said = dict(day=self.date(out.cost_share_start), age=ages.cost_share)
            # A change already past is said as past (issue 27: 「…から変わります」 after it).
            found.append(self.rests(self._(
                "Since %(day)s you have paid a different share of medical costs, because you reached %(age)s.",
                **said) if out.cost_share_start <= out.as_of else self._(
                "From %(day)s you pay a different share of medical costs, because you reach %(age)s.", **said),
                "cost_share"))
        if turns_without_paper:
            found.append(self.rests(self._(
                "The city's guide does not say whether a new paper is sent then: ask %(office)s.",
                office=self.ask_whom()), Basis("not_stated")))
        if doc.until_exceptions is not None and doc.expires_on is None:
            if doc.valid_from is not None and doc.issued != EARLIER:  # (else they are its validity)
                found.append(self.carried(self.said(doc.until_exceptions)))
            found.append(self.rests(self._(
                "The city's guide does not say whose %(paper)s has an expiry date: ask %(office)s.",
                paper=self._(DOCUMENT_NAMES[doc.type]), office=self.ask_whom()), Basis("not_stated")))
        if doc.ends_because == "late_elderly":
            found.append(self.rests(self._(
                "It ends the day before your %(age)sth birthday: from %(day)s you are in the medical care system "
                "for people aged %(age)s and over.", age=ages.late_elderly, day=self.date(out.late_elderly_start)),
                "late_elderly"))
        return tuple(found)

    def basis_view(self, basis: Basis) -> BasisView:
        if basis.kind == NATIONAL and basis.rule:
            self.cite.rule(basis.rule)
        cite = basis.cite
        return BasisView(basis.kind, cite.source if cite else None, cite.words if cite else None, basis.rule)

    def delivery_basis(self, doc: Document) -> BasisView:
        mailing = self.sent_as(doc)
        if doc.issued == EARLIER or mailing is None or mailing.method_said is None:
            return self.basis_view(Basis("not_stated"))
        kind = CITY if not self.outcome.cycle.projected else PROJECTED
        return self.basis_view(Basis(kind, mailing.method_said.cite))

    def sent_as(self, doc: Document) -> TableMailing | None:
        """The city's mailing of this paper, where it says one for this year: none in a later
        year of which it says only its own word (``later_years``)."""
        mailing = (doc.follow.mailing if doc.follow else doc.row.mailing) if doc.row else None
        if mailing is not None and mailing.later_years and self.outcome.cycle.projected:
            return None
        return mailing

    def document(self, doc: Document, first: bool, turns_without_paper: bool) -> Paper:
        mailing = self.sent_as(doc)
        notes = (doc.follow.notes if doc.follow else doc.row.notes) if doc.row else ()
        form = doc.row.form if doc.row else None
        sent = mailing is not None and doc.issued != EARLIER
        return Paper(
            type=doc.type,
            issued=doc.issued,
            valid_from=doc.valid_from,
            expires_on=doc.expires_on,
            shows_cost_share=doc.shows_cost_share,
            shows=self.shows(doc),
            delivery=mailing.method if sent and mailing else None,
            recipient=mailing.recipient if sent and mailing else None,
            current=doc.current,
            condition=doc.condition,
            ends_because=doc.ends_because,
            name=self._(DOCUMENT_NAMES[doc.type]),
            form=self.said(form),
            validity_text=self.validity(doc),
            valid_from_text=self.date(doc.valid_from),
            expires_text=self.date(doc.expires_on) or (
                self.carried(self.said(doc.until_exceptions)) if doc.until_exceptions is not None
                else self._("No expiry date") if doc.until_basis.kind != "not_stated"
                else self._("Not stated in the city's guide")),
            mailing=self.mailing(doc, first),
            notes=tuple(self.notes(notes, doc.group)),
            about=self.about(doc, first, turns_without_paper),
            basis=PaperBasis(self.basis_view(doc.from_basis), self.basis_view(doc.until_basis),
                             self.delivery_basis(doc)),
        )

    @overload
    def carried(self, statement: Statement) -> Statement: ...
    @overload
    def carried(self, statement: None) -> None: ...
    def carried(self, statement: Statement | None) -> Statement | None:
        """A city's word on its practice (a mailing, a sender), said of a cycle its documents
        do not describe: the documented year's practice carried on, so projected (見込み)."""
        if statement is None or not self.outcome.cycle.projected or statement.kind != CITY:
            return statement
        return Statement.of(statement, PROJECTED, statement.source)

    @staticmethod
    def unlisted(doc: Document) -> Basis | None:
        """The city's silence on whose paper has an end, where a sentence of no end asks."""
        return Basis("not_stated") if doc.until_exceptions is not None and doc.expires_on is None else None

    def shows(self, doc: Document) -> Statement | None:
        """That a notice in the cost-share years shows the share, where the city's document
        says so (Yamagata: 「負担割合を表示したもの」); where it does not, that it does not."""
        if not doc.shows_cost_share:
            return None
        said = self.city.notice_shows_cost_share
        if said is not None:
            return self.rests(self._("the share of medical costs you pay (負担割合)"), said.cite)
        return self.rests(self._("Not in the city's guide: ask %(office)s whether it shows your share of medical "
                                 "costs (負担割合).", office=self.ask_whom()), Basis("not_stated"))

    def followed(self, doc: Document) -> bool:
        """Whether a paper of the city's follows within the cycle (for the same condition)."""
        return any(other.follow for other in self.outcome.documents if other.condition == doc.condition)

    def documents(self) -> tuple[Paper, ...]:
        self.alone: tuple[Statement, ...] = ()
        views, seen = [], set()
        docs = self.outcome.documents
        for doc in docs:
            first = doc.condition not in seen  # the first paper of this cycle (per condition)
            seen.add(doc.condition)
            # Turning 70 with no paper of the city's to follow: the cost share (national) is
            # said with the first paper, with the city's silence on a new one.
            alone = first and doc.group is not None and doc.group.turns == TURNS_70 and not self.followed(doc) \
                and self.outcome.cost_share_start <= self.outcome.cycle.end
            views.append(self.document(doc, first, alone))
            if alone and not self.alone:
                self.alone = views[-1].about[:2]
        return tuple(views)

    def summary(self, actions: tuple[Step, ...], documents: tuple[Paper, ...]) -> tuple[Statement, ...]:
        out = self.outcome
        lines: list[Statement] = []
        old_card_valid = bool(out.scheme == "nhi" and out.old_card_valid_until
                              and out.as_of <= out.old_card_valid_until)
        # A step whose summary leads (leaving NHI: the NHI papers end with it) comes first.
        for action in actions:
            step = ACTIONS[action.id]
            if step.summary and step.summary_leads:
                lines += step.summary(self, action, old_card_valid)
        if old_card_valid:
            year = self.city.rules.year(out.cycle.year)
            lines.append(self.rests(self._("Until %(day)s, keep using your current health insurance card.",
                                           day=self.date(out.old_card_valid_until)), year.old_card_cite))
        if out.scheme == "late_elderly" or not out.documents:
            lines += self.late_elderly_lines()
            return tuple(lines)
        conditions = list(dict.fromkeys(doc.condition for doc in out.documents))
        said = {condition: self.paper_summary([doc for doc in out.documents if doc.condition == condition],
                                              [view for view in documents if view.condition == condition])
                for condition in conditions}

        # What to show at a clinic today, then the one urgent step, then until when.
        lines += [self.prefixed(condition, clinic) for condition in conditions for clinic in said[condition][0]]
        for action in actions:
            step = ACTIONS[action.id]
            if step.summary and not step.summary_leads:
                lines += step.summary(self, action, old_card_valid)
        lines += [self.prefixed(condition, line) for condition in conditions for line in said[condition][1]]
        # Turning 70 where the city's table gives no paper to follow: the cost share's date
        # (national) and the city's silence on a new paper, said in the summary too.
        lines += self.alone
        if out.late_elderly_in_cycle:
            lines += self.late_elderly_lines()
        if not [a for a in actions if not a.optional]:
            lines.append(self.nothing_to_do())
        return tuple(lines)

    def card(self, actions: tuple[Step, ...], documents: tuple[Paper, ...],
             projection: Statement | None) -> Card:
        """The answer in a few short rows, for the top of the page: what to show at a clinic
        today, the one step to take now (with its office), the next paper, and the change at
        75 when it falls in this cycle. It leads with what changes everything else: leaving
        NHI, a lost card, the change at 75."""
        out = self.outcome
        rows: dict[str, CardRow] = {}
        if out.scheme == "late_elderly" or out.late_elderly_in_cycle or not out.documents:
            rows["change"] = self.card_row("change", self.card_late_elderly())
        if out.scheme == "nhi" and out.documents:
            # A certificate comes only where the city's own reasons give one (Shiroishi: a lost
            # card); Yamagata's flyer gives none for a lost card (its step: ask).
            applying = any(action.id == "apply_certificate" for action in actions)
            conditions = list(dict.fromkeys(doc.condition for doc in out.documents))
            clinic, later = [], []
            for condition in conditions:
                docs = [doc for doc in out.documents if doc.condition == condition]
                views = [view for view in documents if view.condition == condition]
                clinic += [self.prefixed(condition, line, CARD_CONDITION_LABELS)
                           for line in self.card_clinic(docs, applying)]
                later += [self.prefixed(condition, line, CARD_CONDITION_LABELS) for line in self.card_next(docs, views)]
            rows["clinic"] = self.card_row("clinic", clinic)
            upcoming = any(not doc.current and doc.issued != EARLIER and
                           (doc.valid_from or out.cycle.papers_valid_from) > out.as_of for doc in out.documents)
            # With the card lost, the notice in hand is no paper to use: the card says nothing of it.
            # With the registration unknown, which paper is in hand turns on the step the card
            # leads with, and both are in "Your papers" below (issue 27: the card ran off the screen).
            if len(conditions) == 1 and (
                    upcoming or not (self.card_lost and all(doc.type == NOTICE for doc in out.documents))):
                rows["next" if upcoming else "paper"] = self.card_row("next" if upcoming else "paper", later)
        required = [action for action in actions if not action.optional]
        if out.scheme == "nhi":
            rows["step"] = self.card_step(required)
        # Leaving NHI ends every paper; a lost card leaves none to show; an unknown
        # registration decides which paper comes: the step first.
        lead = ("step" if any(ACTIONS[a.id].leads_card for a in required) or self.card_lost else
                "change" if out.late_elderly_in_cycle and out.scheme == "nhi" else None)
        order = [lead] + [name for name in ("change", "clinic", "step", "next", "paper") if name != lead]
        shown = tuple(rows[name] for name in order if name in rows)
        # Each projected date says so beside it (card_date); once, briefly, what that means,
        # only on a card that shows one (issue 27: a block above every card pushed it off the screen).
        marked = projection and any(line.kind == PROJECTED for row in shown for line in row.lines)
        return Card(shown, self.rests(self._("Projected: not yet published by the city."),
                                      Basis(PROJECTED)) if marked else None)

    def card_date(self, day: datetime.date | None, basis: Basis) -> str | None:
        """A date on the card, with 「（見込み）」 where it is projected."""
        said = self.date(day, short=True)
        return self._("%(day)s (projected)", day=said) if said and basis.kind == PROJECTED else said

    def nothing_to_do(self) -> Statement:
        """No step: the city's steps (its document) give none for these answers. Hidden
        information (DV) gives a certificate without applying: a national rule, read in
        Shiroishi's page, never Yamagata's word."""
        text = (self._("You do not need to do anything, unless one of the points under “If this applies to you” "
                       "below applies.") if self.city.if_applies else self._("You do not need to do anything."))
        if self.answers.restricted_view:
            return self.rests(text, "certificate_without_applying")
        # Nothing to apply for: the city gives the paper (its row's words say so); a city
        # whose table gives no row for these answers rests it on its document as a whole.
        rows = [doc.row.cite for doc in self.outcome.documents if doc.row is not None]
        return self.rests(text, rows[0] if rows else Cite(self.city.main_source.id, None))

    def card_row(self, name: str, lines: list[Statement], office: Office | None = None,
                 more: int = 0, action: str | None = None, title: str | None = None) -> CardRow:
        return CardRow(name, self._(CARD_LABELS[name]), tuple(line for line in lines if line), office, more,
                       action, title)

    def card_step(self, required: list[Step]) -> CardRow:
        if not required:
            return self.card_row("step", [self.nothing_to_do()])
        def rank(action: Step) -> int:
            found = ACTIONS[action.id].card_rank
            # The unranked after the ranked, in the rules' order.
            return found if found is not None else len(ACTIONS) + required.index(action)
        first = min(required, key=rank)
        lines = [ui(first.title)]
        if first.unsaid:
            # The details say once that the guide names no place; the card only whom to ask.
            lines.append(self.rests(self._("Ask where to do it:") if first.office else
                                    self._("Ask the city where to do it."), Basis("not_stated")))
        return self.card_row("step", lines, office=first.office, more=len(required) - 1, action=first.id,
                             title=first.title)

    @overload
    def prefixed(self, condition: str | None, line: Statement, labels: Mapping[str, str] = ...) -> Statement: ...
    @overload
    def prefixed(self, condition: str | None, line: Statement | None,
                 labels: Mapping[str, str] = ...) -> Statement | None: ...
    def prefixed(self, condition: str | None, line: Statement | None,
                 labels: Mapping[str, str] = CONDITION_LABELS) -> Statement | None:
        prefix = labels.get(condition) if condition is not None else None
        if line is None or prefix is None:
            return line
        # The label is the app's (which case); the statement keeps its basis.
        return line.reworded(self.words.prefixed(self._(prefix), line))

    def card_clinic(self, docs: list[Document], applying: bool) -> list[Statement]:
        """What to show at a clinic today: the first statement "Seeing a doctor" makes of it
        (the section then leaves it out), or until when the old card holds; with a lost card
        and a certificate applied for, whom to ask how to see a doctor meanwhile (the city's
        guide does not say)."""
        out = self.outcome
        if out.old_card_valid_until and out.as_of <= out.old_card_valid_until:
            year = self.city.rules.year(out.cycle.year)
            return [self.rests(self._("Until %(day)s, keep using your current health insurance card.",
                                      day=self.date(out.old_card_valid_until, short=True)), year.old_card_cite)]
        paper = next((doc for doc in docs if doc.current), docs[0])
        # The statements of "Seeing a doctor" themselves (their ids): the section leaves them out.
        if paper.type == NOTICE and self.card_lost:
            lost = self.clinic_lost()
            if not applying:  # the step (ask how to see a doctor without the card) follows
                return [lost]
            return [lost, self.rests(self._("Ask %(office)s how to see a doctor until the certificate comes.",
                                            office=self.ask_whom()), Basis("not_stated"))]
        # Its first statement only (what to show): the card must fit the first screen, and the
        # section says the rest.
        return self.clinic_rule(paper.type, short=True)[:1]

    def card_next(self, docs: list[Document], views: list[Paper]) -> list[Statement]:
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
        start = self.card_date(upcoming.valid_from, upcoming.from_basis)
        end = self.card_date(upcoming.expires_on, upcoming.until_basis)
        if self.leaving:
            line = self._("From %(start)s until your insurance at work starts: a new %(paper)s.",
                          start=start, paper=name)
        elif end:
            line = self._("From %(start)s: a new %(paper)s, valid until %(end)s.", start=start, paper=name, end=end)
        elif upcoming.until_basis.kind != "not_stated" and upcoming.until_exceptions is not None:
            line = self._("From %(start)s: a new %(paper)s, with no expiry date as a rule: ask %(office)s whether "
                          "yours has one.", start=start, paper=name, office=self.ask_whom())
        elif upcoming.until_basis.kind != "not_stated":
            line = self._("From %(start)s: a new %(paper)s, with no expiry date.", start=start, paper=name)
        else:
            line = self._("From %(start)s: a new %(paper)s; ask %(office)s until when it is valid.",
                          start=start, paper=name, office=self.ask_whom())
        lines = [self.rests(line, upcoming.from_basis, upcoming.until_basis, self.unlisted(upcoming))]
        view = next((v for v in views if v.valid_from == upcoming.valid_from), None)
        if view and view.mailing.when:
            lines.append(view.mailing.when)
        return lines

    def card_late_elderly(self) -> list[Statement]:
        """The change at 75 in short: from when, and what the city says comes (its words
        name who sends it), or whom to ask."""
        out = self.outcome
        said = dict(day=self.date(out.late_elderly_start, short=True), age=self.ages.late_elderly)
        line = (self._("Since %(day)s: the medical care system for people aged %(age)s and over "
                       "(後期高齢者医療制度).", **said) if out.scheme == "late_elderly" else
                self._("From %(day)s: the medical care system for people aged %(age)s and over "
                       "(後期高齢者医療制度).", **said))
        return [self.rests(line, "late_elderly"), self.late_elderly_papers()]

    def late_elderly_papers(self) -> Statement:
        """What the city's document says comes at 75 (its words name who sends it); where it
        says nothing, that it does not, and the office it names to ask (never the union,
        which the city's document may not name)."""
        papers = self.city.late_elderly["papers"]
        return self.carried(self.said(papers)) if papers else self.rests(self._(
            "The city's guide does not say which paper you use from %(age)s: ask %(office)s.",
            age=self.ages.late_elderly, office=self.ask_whom()), Basis("not_stated"))

    def late_elderly_lines(self) -> list[Statement]:
        """The change at 75: the national rule, then what the city says comes (or whom to ask)."""
        out = self.outcome
        said = dict(day=self.date(out.late_elderly_start), age=self.ages.late_elderly,
                    authority=self.authority())
        lines = [self.rests(self._("Since %(day)s you have been in the medical care system for people aged "
                                   "%(age)s and over, run by %(authority)s.", **said)
                            if out.scheme == "late_elderly" else
                            self._("From %(day)s you are in the medical care system for people aged %(age)s "
                                   "and over, run by %(authority)s.", **said), "late_elderly")]
        lines.append(self.late_elderly_papers())
        return lines

    def paper_summary(self, docs: list[Document],
                      views: list[Paper]) -> tuple[list[Statement], list[Statement]]:
        """(what to show at a clinic today, [until when, the next paper]): the clinic in the
        statements "Seeing a doctor" makes of it (the city's words where it words the rule)."""
        out = self.outcome
        clinic: list[Statement] = []
        lines: list[Statement] = []
        current = next((doc for doc in docs if doc.current), None)
        upcoming = [doc for doc in docs if not doc.current and doc.issued != EARLIER
                    and (doc.valid_from or out.cycle.papers_valid_from) > out.as_of]
        if current is not None:
            name = self._(DOCUMENT_NAMES[current.type])
            clinic = [self.clinic_lost()] if current.type == NOTICE and self.card_lost else \
                self.clinic_rule(current.type)
            if not (current.type == NOTICE and self.card_lost):  # never "keep using" what cannot be used
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
            elif start and doc.until_basis.kind != "not_stated" and doc.until_exceptions is not None:
                line = self._("From %(start)s you use a new %(paper)s, with no expiry date as a rule: ask %(office)s "
                              "whether yours has one.", start=start, paper=name, office=self.ask_whom())
            elif start and doc.until_basis.kind != "not_stated":
                line = self._("From %(start)s you use a new %(paper)s, with no expiry date.", start=start, paper=name)
            elif start:
                line = self._("From %(start)s you use a new %(paper)s. The city's guide does not say until when.",
                              start=start, paper=name)
            else:
                line = self.until_line(doc, name)
            lines.append(self.rests(line, doc.from_basis, doc.until_basis, self.unlisted(doc)))
            if doc.type == NOTICE and current is None and not self.card_lost:
                # Beside "use the new notice": it is not enough alone at a clinic.
                lines += self.clinic_rule(NOTICE)
            if current is None:
                view = next((v for v in views if v.valid_from == doc.valid_from), None)
                # "Wait for it" rests on the city's word that it is sent (how or when); where
                # the guide says neither, the page says so (its ask line), not "it comes".
                # (A later year's "undecided" is the city's word on when, not that it is sent.)
                sent = view and (view.mailing.how or (None if "when" in view.mailing.unsaid else view.mailing.when))
                if view and sent:
                    lines.append(sent.reworded(
                        self._("Wait for it to arrive, unless it is not mailed to you: see “How it arrives” below.")
                        if view.mailing.not_mailed else self._("Wait for it to arrive.")))
        return clinic, lines

    def until_line(self, doc: Document, name: str, leaving: bool = False, short: bool = False) -> Statement:
        end = self.card_date(doc.expires_on, doc.until_basis) if short else self.date(doc.expires_on)
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
        elif doc.until_exceptions is not None:
            text = self._("Your %(paper)s has no expiry date as a rule; the city's guide does not say whose has one: "
                          "ask %(office)s.", paper=name, office=self.ask_whom())
            return self.rests(text, doc.until_basis, Basis("not_stated"))
        else:
            text = self._("Your %(paper)s has no expiry date.", paper=name)
        return self.rests(text, doc.until_basis)

    def projection(self) -> Statement | None:
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

    def dates(self, documents: tuple[Paper, ...], says: bool = True) -> tuple[DayAhead, ...]:
        """Each day ahead that a statement of this answer is about, with the statements a
        calendar event says of it (its title is the app's own words): the calendar chooses
        among these, and composes none. Without ``says``, the days only (title None, says
        empty): what a page needs for its calendar link."""
        out, city = self.outcome, localized(self.city.name, self.lang)
        found: list[DayAhead] = []
        if self.leaving:
            # Leaving NHI ends its papers on a day only the resident knows: no day of theirs
            # is ahead (issue 27: a calendar whose one event was a change years away).
            return ()

        def add(kind: str, day: date, condition: str | None, projected: bool,
                said: tuple[str, list[Statement]] | None) -> None:
            title, statements = said or (None, [])
            found.append(DayAhead(kind, day, condition, projected, ui(title) if title else None, tuple(statements)))

        # Each `says and (…)`: the words are written only where they are wanted.
        if out.scheme == "nhi" and out.old_card_valid_until and out.old_card_valid_until >= out.as_of:
            add("old_card_ends", out.old_card_valid_until, None, False, says and (
                self._("Last day to use your old health insurance card"),
                [self.rests(self._("%(city)s National Health Insurance: your old paper health insurance card can be "
                                   "used until today. From tomorrow, use the paper that replaces it.", city=city),
                            self.city.rules.year(out.cycle.year).old_card_cite)]) or None)
        for doc, view in zip(out.documents, documents, strict=True):
            name = view.name
            if doc.valid_from and doc.valid_from > out.as_of:
                shown = self.city.notice_shows_cost_share
                shows = [self.rests(self._("It shows the share of medical costs you pay (負担割合)."), shown.cite)] \
                    if says and doc.shows_cost_share and shown is not None else []
                add(f"starts:{doc.type}:{doc.condition}", doc.valid_from, doc.condition,
                    doc.from_basis.kind == PROJECTED, says and (
                        self._("Your new %(paper)s applies from today", paper=name),
                        [self.rests(self._("%(city)s National Health Insurance: from today, use the new %(paper)s.",
                                           city=city, paper=name), doc.from_basis), *shows]) or None)
            if doc.expires_on and doc.expires_on >= out.as_of:
                add(f"expires:{doc.type}:{doc.condition}", doc.expires_on, doc.condition,
                    doc.until_basis.kind == PROJECTED, says and (
                        self._("Last day of your %(paper)s", paper=name),
                        [self.rests(self._("%(city)s National Health Insurance: your %(paper)s can be used until "
                                           "today.", city=city, paper=name), doc.until_basis)]) or None)
        if out.scheme == "nhi" and out.cost_share_start > out.as_of:
            add("cost_share_starts", out.cost_share_start, None, False, says and (
                self._("Your share of medical costs changes from today"),
                [self.rests(self._("From %(day)s you pay a different share of medical costs, because you reach "
                                   "%(age)s.", day=self.date(out.cost_share_start), age=self.ages.cost_share),
                            "cost_share")]) or None)
        if out.scheme == "nhi" and out.late_elderly_start > out.as_of:
            add("late_elderly_starts", out.late_elderly_start, None, False, says and (
                self._("You join the medical care system for people aged %(age)s and over",
                       age=self.ages.late_elderly),
                [self.rests(self._("From %(day)s you are in the medical care system for people aged %(age)s and "
                                   "over, run by %(authority)s.", day=self.date(out.late_elderly_start),
                                   age=self.ages.late_elderly,
                                   authority=self.authority()),
                            "late_elderly"),
                 self.late_elderly_papers()]) or None)
        return tuple(found)

    def documented_end(self) -> datetime.date:  # in this class `date` is the method above
        calendar = self.city.calendar
        return calendar.cycle_of_year(max(calendar.documented, default=calendar.first_year)).end

    def view(self, full: bool = True) -> Answer:
        out, cycle, lang = self.outcome, self.outcome.cycle, self.lang
        common = situation_view(self.situation, self.city, self.national, lang)
        actions = common.actions
        projection = self.projection()
        documents = self.documents()
        summary = self.summary(actions, documents) if full else ()  # the API's; no page shows it
        card = self.card(actions, documents, projection)
        union = self.city.late_elderly["union"]
        late_elderly = LateElderly(out.late_elderly_start, self.ages.late_elderly, out.late_elderly_in_cycle,
                                   localized(union["name"], lang) if union else None,
                                   # What the city's document says the union sends, in its words.
                                   self.said(self.city.late_elderly["papers"]))
        dates = self.dates(documents, says=full)
        # The dated half's documents and offices first, then the date-free half's.
        self.cite.add(*common.cited)
        for rule in common.rules:
            self.cite.rule(rule)
        for office_id in common.offices:
            if office_id not in self.office_ids:
                self.office_ids.append(office_id)
        contacts = tuple(office for office in (self.union() if office_id == "late_elderly_union"
                                               else self.office(office_id) for office_id in self.office_ids)
                         if office is not None)
        sources = same_for_all("sources", self.city.id, lang, tuple(self.cite.ids), tuple(self.cite.rules),
                               build=lambda: self.cite.view(lang, self._))
        return Answer(
            municipality=self.city.id,
            as_of=out.as_of,
            scheme=out.scheme,
            in_nhi=out.scheme == "nhi",
            cycle=Cycle(cycle.start, cycle.end, cycle.projected, cycle.papers_valid_from, cycle.old_card_valid_until),
            documents=documents,
            actions=actions,
            summary=summary,
            card=card,
            clinic=common.clinic,
            upkeep=common.upkeep,
            if_applies=common.if_applies,
            page_notes=common.page_notes,
            late_elderly=late_elderly,
            cost_share_starts_on=out.cost_share_start,
            cost_share_age=self.ages.cost_share,
            old_card_valid_until=out.old_card_valid_until,
            mixed_household=common.mixed_household,
            dates=dates,
            text=Texts(long_date(out.as_of, lang), long_date(cycle.end, lang), projection),
            contacts=contacts,
            sources=tuple(sources),
        )
