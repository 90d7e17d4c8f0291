"""Which papers a resident receives in the current cycle, and what they must do.

The papers come from the city's own table (rules/table.py): the row for the resident's
group gives the paper, its validity and its mailing, each with the words it was read
from. National rules (the law) add only what they decide everywhere: who gets which kind
of paper, when the cost share starts, and that National Health Insurance ends the day
before the 75th birthday. Where neither says a date, no date is given (``Basis``
"not_stated"). Every rule cites the seed sentence it comes from (the cities' documents, copied in
webapp/data/cities/).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TypedDict

from .ages import ONE_DAY, cost_share_start, late_elderly_start
from .cycle import Cycle, CycleCalendar
from .parameters import Dated
from .table import (
    AGED_70_TO_74,
    CERTIFICATE,
    CYCLE_END,
    DAY_BEFORE_75TH_BIRTHDAY,
    END_OF_MONTH_OF_70TH_BIRTHDAY,
    HOLDER,
    NO_EXPIRY,
    NOT_HOLDER,
    NOT_STATED,
    NOTICE,
    TURNS_70,
    TURNS_75,
    TURNS_NONE,
    UNDER_70,
    YEARS,
    Cite,
    Group,
    PaperTable,
    Row,
    Said,
    Then,
    Validity,
)

# The API and the birth-date page refuse anything earlier (docs/api.md "Errors").
EARLIEST_BIRTH_DATE = date(1900, 1, 1)
# The latest day that can be asked about: the cycle's end and the 75th birthday of anyone
# born by then must still fit in datetime.date (year 9999).
LATEST_AS_OF = date(9900, 12, 31)

# The answers the rules understand (the API and the pages use these names).
CARD_NONE, CARD_HELD, CARD_LOST = "none", "held", "lost"
REGISTERED, NOT_REGISTERED, UNKNOWN_REGISTRATION = "registered", "not_registered", "unknown"

# When the registration is unknown, the outcome is given for both possibilities.
IF_REGISTERED = "if_registered"
IF_NOT_REGISTERED = "if_not_registered"

# A paper sent for this cycle, or one the resident already holds from an earlier cycle.
THIS_CYCLE = "this_cycle"
EARLIER = "earlier"

# Why a card holder may apply for a certificate; each city's document lists its own.
LOST_CARD = "lost_card"
CARE_NEED = "care_need"

# What a date (or a delivery, or an office) rests on (docs/api.md, "Every date has a basis").
CITY, NATIONAL, PROJECTED, NOT_SAID = "city", "national", "projected", "not_stated"


@dataclass(frozen=True)
class Ages:
    """National ages in force on one day, read from data/national.yaml (never written here)."""

    cost_share: int
    late_elderly: int


@dataclass(frozen=True)
class DatedAges:
    """The national ages over time; a decision reads those in force on its as_of."""

    cost_share: Dated[int]
    late_elderly: Dated[int]

    def on(self, day: date) -> Ages:
        return Ages(cost_share=self.cost_share.on(day), late_elderly=self.late_elderly.on(day))


@dataclass(frozen=True)
class Answers:
    birth_date: date
    my_number_card: str | None = None  # none / held / lost
    insurance_registration: str | None = None  # registered / not_registered / unknown
    restricted_view: bool = False
    care_need: bool = False
    employer_insurance: bool = False
    wants_deregistration: bool = False


@dataclass(frozen=True)
class Basis:
    """What a date rests on: the city's words (``cite``), a national rule (``rule``, a name
    in national.yaml), a documented year carried into a later one (``projected``, with the
    words carried), or nothing (``not_stated``)."""

    kind: str
    cite: Cite | None = None
    rule: str | None = None


NO_BASIS = Basis(NOT_SAID)


@dataclass(frozen=True)
class YearFacts:
    """What a city's document says of one cycle year only (cycles.years in its file)."""

    old_card_valid_until: date | None = None
    old_card_cite: Cite | None = None
    papers_from: date | None = None
    papers_from_cite: Cite | None = None
    # When this year's papers are mailed: each sentence for the residents its ``who`` names.
    mailing_when: tuple[Said, ...] = ()
    not_mailed: tuple[Said, ...] = ()


NO_YEAR_FACTS = YearFacts()


@dataclass(frozen=True)
class CityRules:
    """Everything of one city that the decision reads."""

    calendar: CycleCalendar
    table: PaperTable
    certificate_reasons: frozenset[str]
    years: Mapping[int, YearFacts] = field(default_factory=dict)

    def year(self, year: int) -> YearFacts:
        return self.years.get(year, NO_YEAR_FACTS)


@dataclass(frozen=True)
class Document:
    type: str
    valid_from: date | None  # None where no document says it, or for a paper kept from before
    expires_on: date | None  # None for no expiry, or where no document says it (until_basis)
    shows_cost_share: bool
    current: bool
    # Why it ends: "cycle_end", "cost_share_starts", "late_elderly", "stated", or None.
    ends_because: str | None
    from_basis: Basis = NO_BASIS
    until_basis: Basis = NO_BASIS
    group: Group | None = None
    row: Row | None = None  # the city's row it comes from; None where no row names the group
    follow: Then | None = None  # set on the paper that follows when the cost share starts
    kept: Said | None = None  # for a paper kept from before: the city's words for keeping it
    # The city's words where its validity rule has exceptions it does not list ("原則、…").
    until_exceptions: Said | None = None
    condition: str | None = None
    issued: str = THIS_CYCLE


@dataclass(frozen=True)
class Action:
    id: str
    condition: str | None = None
    reasons: tuple[str, ...] = ()  # apply_certificate: why the resident may apply


class _Dates(TypedDict):
    """What an Outcome of either scheme is given."""

    as_of: date
    cycle: Cycle
    old_card_valid_until: date | None
    cost_share_start: date
    late_elderly_start: date


@dataclass(frozen=True)
class Outcome:
    as_of: date
    scheme: str  # "nhi" or "late_elderly"
    cycle: Cycle
    cost_share_start: date
    late_elderly_start: date
    old_card_valid_until: date | None = None  # a city's year keeps the old card longer
    documents: tuple[Document, ...] = ()
    actions: tuple[Action, ...] = field(default_factory=tuple)

    @property
    def late_elderly_in_cycle(self) -> bool:
        return self.late_elderly_start <= self.cycle.end + ONE_DAY


def is_late_elderly(birth: date, as_of: date, ages: Ages) -> bool:
    """75 or over: not NHI any more (Yamagata: "75歳以降は、…後期高齢者医療広域連合より")."""
    return as_of >= late_elderly_start(birth, ages.late_elderly)


def card_held_or_lost(card: str | None) -> bool:
    """Has (or had, if lost) a マイナンバーカード."""
    return card in (CARD_HELD, CARD_LOST)


def may_be_registered(card: str | None, registration: str | None) -> bool:
    """Registered for health insurance, or does not know: a マイナ保険証 is possible."""
    return card_held_or_lost(card) and registration in (REGISTERED, UNKNOWN_REGISTRATION)


def has_card(answers: Answers) -> bool:
    return card_held_or_lost(answers.my_number_card)


def holds_insurance_card(answers: Answers, registered: bool) -> bool:
    """A マイナ保険証 is a マイナンバーカード registered for health-insurance use
    (Shiroishi: "※ 健康保険証の利用登録がされているマイナンバーカードのこと"), and one that
    shows its holder's own information: a DV victim's hidden record gets a certificate
    (Shiroishi: "DV被害者などでマイナポータルや医療機関での自己情報が閲覧できない設定をして
    いる方" receive one "申請によらず"; national, rule certificate_without_applying)."""
    return has_card(answers) and registered and not answers.restricted_view


def document_type(answers: Answers, registered: bool) -> str:
    """National (rule paper_by_card): マイナ保険証をお持ちの方 → 資格情報のお知らせ; お持ちでない方
    → 資格確認書 (Shiroishi's table; Yamagata: "「マイナ保険証」が保険証の代わりとなるため、
    資格確認書は送りません")."""
    return NOTICE if holds_insurance_card(answers, registered) else CERTIFICATE


def registration_cases(answers: Answers) -> tuple[tuple[bool, str | None], ...]:
    """(registered?, condition) pairs to decide for; two when the resident does not know."""
    reg = answers.insurance_registration
    if has_card(answers) and reg == UNKNOWN_REGISTRATION:
        return ((True, IF_REGISTERED), (False, IF_NOT_REGISTERED))
    return ((reg == REGISTERED, None),)


def group_of(holder: bool, cost_share: date, late_elderly: date, cycle: Cycle) -> Group:
    """The resident's group in ``cycle``: the age band on the first day of its papers
    (Yamagata: "令和７年８月１日時点で70歳未満の方" / "70歳以上の方"; where a city's year starts
    its papers later, on that day) and whether 70 or 75 falls within the cycle after it
    ("令和８年８月１日までに70歳の誕生日を迎える方" / "75歳の誕生日を迎える方"), told by the dates
    the law sets, so that a 70th birthday on the cycle's second day counts as turning 70
    (docs/rules.md "Yearly cycle and expiry dates")."""
    first = cycle.papers_valid_from
    in_cycle = lambda day: first < day <= cycle.end + ONE_DAY  # noqa: E731
    turns = TURNS_75 if in_cycle(late_elderly) else TURNS_70 if in_cycle(cost_share) else TURNS_NONE
    return Group(HOLDER if holder else NOT_HOLDER,
                 AGED_70_TO_74 if cost_share <= first else UNDER_70, turns)


ENDS_BECAUSE = {CYCLE_END: "cycle_end", END_OF_MONTH_OF_70TH_BIRTHDAY: "cost_share_starts",
                DAY_BEFORE_75TH_BIRTHDAY: "late_elderly", YEARS: "stated", "date": "stated"}


@dataclass(frozen=True)
class _Span:
    """One paper's dates within the cycle, before it becomes a Document."""

    start: date  # for ordering and "in use today"; shown only where a basis says it
    valid_from: date | None
    from_basis: Basis
    last: date | None
    until_basis: Basis
    ends_because: str | None


def _until(validity: Validity, documented: bool, cycle: Cycle, cs: date, le: date,
           issued_in: Cycle | None = None) -> tuple[date | None, Basis, str | None]:
    """A validity rule's last day with its basis, and then the national end at 75: National
    Health Insurance ends the day before the 75th birthday (Yamagata: "誕生日の前日"; the law
    moves everyone to 後期高齢者医療 on that birthday: rule late_elderly)."""
    issued_in = issued_in or cycle
    last = validity.last_day(issued_in.start, issued_in.end, cs, le, issued_in.year)
    basis = NO_BASIS if validity.rule == NOT_STATED else Basis(CITY if documented else PROJECTED, validity.cite)
    why = ENDS_BECAUSE.get(validity.rule)
    # last is None: no expiry, or not stated.
    if le <= cycle.end + ONE_DAY and (last is None or last >= le):
        last, basis, why = le - ONE_DAY, Basis(NATIONAL, rule="late_elderly"), "late_elderly"
    return last, basis, why


def _exceptions(validity: Validity, span: _Span) -> Said | None:
    """The city's unlisted exceptions to the rule the paper's end rests on (none where the
    law ends it, at 75)."""
    return validity.exceptions if span.until_basis.kind in (CITY, PROJECTED) else None


def _previous(calendar: CycleCalendar, cycle: Cycle) -> Cycle | None:
    return calendar.cycle_for(cycle.start - ONE_DAY) if cycle.start > calendar.first_day() else None


def kept_from(rules: CityRules, row: Row, holder: bool, birth: date, cs: date, le: date,
              cycle: Cycle) -> tuple[Cycle, Row] | None:
    """The earlier cycle whose paper the resident still holds, with the row that gave it, or
    None (a new one comes):

    - a notice without expiry stays in use, as the city says ("再度お送りすることはありません" /
      "記載事項に変更がない限り、そのままご使用ください"), when the previous cycle's row gave the
      resident a notice without expiry and this cycle's row has no new paper before the
      cost share ("70歳の誕生日を迎え負担割合を表示する場合を除き");
    - a paper valid for N years is issued every N years from the city's first cycle."""
    years = row.valid_until.years
    if row.valid_until.rule == YEARS and years is not None and years > 1:
        behind = (cycle.year - rules.calendar.first_year) % years
        if behind:
            issued = rules.calendar.cycle_of_year(cycle.year - behind)
            return (issued, row) if birth < issued.start else None
        return None
    if row.valid_until.rule not in (NO_EXPIRY, END_OF_MONTH_OF_70TH_BIRTHDAY):
        return None  # this year's row sends a new paper for the cycle
    before = _previous(rules.calendar, cycle)
    if before is None or birth >= before.start:
        return None
    earlier = rules.table.match(group_of(holder, cs, le, before))
    if earlier is not None and earlier.paper == row.paper and earlier.valid_until.rule == NO_EXPIRY:
        return before, earlier
    return None


def timeline(doc_type: str, holder: bool, birth: date, as_of: date, cycle: Cycle, cs: date, le: date,
             rules: CityRules, condition: str | None = None) -> tuple[Document, ...]:
    """The papers of one cycle for one case, in date order, from the city's row; ``cs`` and
    ``le``: when the cost share and the late-elderly system start for this resident."""
    group = group_of(holder, cs, le, cycle)
    row = rules.table.match(group)
    documented = not cycle.projected
    year = rules.year(cycle.year)
    start = max(year.papers_from or cycle.start, birth)
    if not documented and row is not None:
        # The documented years' papers run to the cycle's end and are renewed yearly: a
        # later year's start is that pattern carried on (said as projected).
        from_basis, valid_from = Basis(PROJECTED, row.cite), start
    elif year.papers_from and start == year.papers_from:
        from_basis, valid_from = Basis(CITY, year.papers_from_cite), start
    else:
        from_basis, valid_from = NO_BASIS, None  # the document gives no start date
    validity = row.valid_until if row else Validity(NOT_STATED, None)
    found = kept_from(rules, row, holder, birth, cs, le, cycle) if row else None
    issued_in, kept_row = found if found else (None, None)
    if kept_row is not None:
        # A paper keeps what was printed on it: the kept one's validity is the row that gave
        # it (a notice issued with no expiry has none in any later cycle), not this year's.
        validity = kept_row.valid_until
    last, until_basis, why = _until(validity, documented, cycle, cs, le, issued_in)
    if last is not None and start > last:
        # NHI ends before the cycle's papers start (Shiroishi 2025: papers from 2025-10-01,
        # 75th birthday in September): no new NHI paper at all.
        return ()
    spans = [_Span(start, valid_from, from_basis, last, until_basis, why)]
    follow = row.then if row and row.then and group.turns == TURNS_70 and cs <= cycle.end else None
    if follow is not None:
        # Yamagata: "誕生月の翌月(1日生まれの方はその月)からは、負担割合を表示したものに変わります"
        then_last, then_basis, then_why = _until(follow.valid_until, documented, cycle, cs, le)
        spans.append(_Span(cs, cs, Basis(CITY if documented else PROJECTED, follow.cite),
                           then_last, then_basis, then_why))
    documents = []
    for number, span in enumerate(spans):
        kept = issued_in is not None and number == 0
        paper = (follow.paper if number and follow else row.paper) if row else doc_type
        # National (rule cost_share): from the cost share's first day the notice shows it
        # (Yamagata: "負担割合を表示したもの"). Neither document says what a certificate shows.
        shows = paper == NOTICE and span.start >= cs
        documents.append(Document(
            type=paper,
            valid_from=None if kept else span.valid_from,
            expires_on=span.last,
            shows_cost_share=shows,
            # In use until it ends or the next paper starts (a kept notice without expiry
            # gives way to the one showing the cost share).
            current=((kept or span.start <= as_of) and (span.last is None or as_of <= span.last)
                     and (number + 1 == len(spans) or as_of < spans[number + 1].start)),
            ends_because=span.ends_because,
            from_basis=Basis(EARLIER) if kept else span.from_basis,
            until_basis=span.until_basis,
            group=group, row=row, follow=follow if number else None,
            kept=kept_row.kept if kept and kept_row else None,
            until_exceptions=_exceptions(follow.valid_until if number and follow else validity, span),
            condition=condition, issued=EARLIER if kept else THIS_CYCLE))
    return tuple(documents)


def may_hold_insurance_card(answers: Answers) -> bool:
    return may_be_registered(answers.my_number_card, answers.insurance_registration)


def actions_for(answers: Answers, certificate_reasons: frozenset[str]) -> tuple[Action, ...]:
    """``certificate_reasons``: why a card holder may apply for a certificate, as the city's
    own document lists them (Shiroishi: lost card and 要配慮者; Yamagata Q2: 要介護高齢者・
    障がい者など only). A reason the document does not give is never assumed."""
    card = answers.my_number_card
    reg = answers.insurance_registration
    may_hold = may_hold_insurance_card(answers)
    condition = IF_REGISTERED if reg == UNKNOWN_REGISTRATION else None
    found: list[Action] = []
    if reg == UNKNOWN_REGISTRATION and has_card(answers):
        # Yamagata: "マイナ保険証の利用登録状況は、「マイナポータル」で確認することができます"
        found.append(Action("check_registration"))
    if answers.employer_insurance:
        # Yamagata Q3: "国民健康保険をやめる手続きが必要です"
        found.append(Action("leave_nhi"))
    wanted = ((LOST_CARD,) if card == CARD_LOST else ()) + ((CARE_NEED,) if answers.care_need else ())
    reasons = tuple(reason for reason in wanted if reason in certificate_reasons)
    if may_hold and not answers.restricted_view and reasons:
        # Shiroishi: "(1) マイナンバーカードを紛失した方 (2) …受診が困難である方(要配慮者)"
        found.append(Action("apply_certificate", condition, reasons))
    if may_hold and not answers.restricted_view and card == CARD_LOST and not reasons:
        # The city's document does not say how to see a doctor without the card: ask.
        found.append(Action("ask_without_card", condition))
    if may_hold and not answers.restricted_view and answers.care_need and not reasons:
        # The city's document does not say whether needing help at a clinic gives a
        # certificate (Chikugo, Nakano…): ask, never "nothing to do" (issue 26).
        found.append(Action("ask_certificate", condition))
    if may_hold and answers.wants_deregistration:
        # Shiroishi: "マイナ保険証の解除 … 健康推進課で申請してください"
        found.append(Action("deregister", condition))
    if card == CARD_HELD and reg == NOT_REGISTERED:
        # Shiroishi: "利用登録するには、以下の4通りの方法があります"
        found.append(Action("register_card"))
    if card == CARD_LOST:
        # Yamagata: "マイナンバーカードの申請・更新について 市民課"
        found.append(Action("replace_card"))
    return tuple(found)


def decide(answers: Answers, as_of: date, rules: CityRules, dated_ages: DatedAges) -> Outcome:
    """The whole answer for one resident on ``as_of``, with the national ages in force then."""
    ages = dated_ages.on(as_of)
    birth = answers.birth_date
    if birth > as_of:
        raise ValueError("birth date after as_of")
    cycle = rules.calendar.cycle_for(as_of)
    old_card = rules.year(cycle.year).old_card_valid_until if not cycle.projected else None
    le_start = late_elderly_start(birth, ages.late_elderly)
    cs_start = cost_share_start(birth, ages.cost_share)
    common: _Dates = dict(as_of=as_of, cycle=cycle,
                          old_card_valid_until=old_card and min(old_card, le_start - ONE_DAY),
                          cost_share_start=cs_start, late_elderly_start=le_start)
    if is_late_elderly(birth, as_of, ages):
        return Outcome(scheme="late_elderly", **common)

    cases = registration_cases(answers)
    holders = {holds_insurance_card(answers, registered) for registered, _ in cases}
    if len(holders) == 1:  # the unknown registration does not change the group
        holder = holders.pop()
        documents = timeline(NOTICE if holder else CERTIFICATE, holder, birth, as_of, cycle, cs_start, le_start,
                             rules)
    else:
        documents = tuple(
            doc for registered, condition in cases
            for doc in timeline(document_type(answers, registered), holds_insurance_card(answers, registered),
                                birth, as_of, cycle, cs_start, le_start, rules, condition))
    return Outcome(scheme="nhi", documents=documents,
                   actions=actions_for(answers, rules.certificate_reasons), **common)
