"""Which papers a resident receives in the current cycle, and what they must do.

Every rule cites the seed sentence it comes from (../shared/seeds/, restated in
../shared/domain/RULES.md). Nothing here knows about a city's offices or wording: the
city data and the presenters add those.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .ages import ONE_DAY, cost_share_start, late_elderly_start
from .cycle import Cycle, CycleCalendar
from .parameters import Dated

NOTICE = "qualification_notice"
CERTIFICATE = "eligibility_certificate"

# The API and the birth-date page refuse anything earlier (API.md).
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


# A paper sent for this cycle, or one the resident already holds from an earlier cycle.
THIS_CYCLE = "this_cycle"
EARLIER = "earlier"

# Why a card holder may apply for a certificate; each city's document lists its own.
LOST_CARD = "lost_card"
CARE_NEED = "care_need"


@dataclass(frozen=True)
class Document:
    type: str
    valid_from: date | None  # None for a paper kept from an earlier cycle
    expires_on: date | None
    shows_cost_share: bool
    current: bool
    # Why it ends: "cycle_end", "cost_share_starts", "late_elderly", or None (no expiry).
    ends_because: str | None
    condition: str | None = None
    issued: str = THIS_CYCLE


@dataclass(frozen=True)
class Action:
    id: str
    condition: str | None = None
    reasons: tuple[str, ...] = ()  # apply_certificate: why the resident may apply


@dataclass(frozen=True)
class Outcome:
    as_of: date
    scheme: str  # "nhi" or "late_elderly"
    cycle: Cycle
    cost_share_start: date
    late_elderly_start: date
    old_card_valid_until: date | None = None  # a city's override year keeps the old card
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
    (Shiroishi: "※ 健康保険証の利用登録がされているマイナンバーカードのこと")."""
    return has_card(answers) and registered


def document_type(answers: Answers, registered: bool) -> str:
    """Shiroishi: マイナ保険証をお持ちの方 → 資格情報のお知らせ; お持ちでない方 → 資格確認書,
    and 資格確認書 "申請によらず交付" to "DV被害者などでマイナポータルや医療機関での自己情報が
    閲覧できない設定をしている方"."""
    if holds_insurance_card(answers, registered) and not answers.restricted_view:
        return NOTICE
    return CERTIFICATE


def registration_cases(answers: Answers) -> tuple[tuple[bool, str | None], ...]:
    """(registered?, condition) pairs to decide for; two when the resident does not know."""
    reg = answers.insurance_registration
    if has_card(answers) and reg == UNKNOWN_REGISTRATION:
        return ((True, IF_REGISTERED), (False, IF_NOT_REGISTERED))
    return ((reg == REGISTERED, None),)


def timeline(doc_type: str, birth: date, as_of: date, cycle: Cycle, ages: Ages,
             condition: str | None = None) -> tuple[Document, ...]:
    """The papers of one cycle, in date order.

    - A notice for someone under 70 all cycle has no expiry (Yamagata: "令和７年８月１日時点で
      70歳未満の方 … ありません"); a certificate always ends with the cycle (Shiroishi:
      "年齢にかかわらず、資格確認書には有効期限があります。最長で7月31日").
    - When the cost share starts inside the cycle, the first paper ends the day before and a
      second one showing the cost share runs on (Yamagata: "誕生月の末日" / "1日生まれの方は
      誕生日の前日"; "誕生月の翌月(1日生まれの方はその月)からは、負担割合を表示したものに変わります").
      For a certificate this split is inferred (RULES.md): 70–74 papers show the cost share.
    - Reaching 75 ends NHI papers the day before the birthday (Yamagata: "誕生日の前日").
    - A notice without the cost share is not sent again after the first cycle: the resident
      keeps it until a notice showing the cost share replaces it (Yamagata: "70歳の誕生日を
      迎え負担割合を表示する場合を除き、再度お送りすることはありません").
    """
    cs = cost_share_start(birth, ages.cost_share)
    le = late_elderly_start(birth, ages.late_elderly)
    first_day = max(cycle.papers_valid_from, birth)
    last_day, last_reason = (le - ONE_DAY, "late_elderly") if le <= cycle.end + ONE_DAY \
        else (cycle.end, "cycle_end")
    if first_day > last_day:
        # NHI ends before the cycle's papers start (Shiroishi 2025: papers from 2025-10-01,
        # 75th birthday in September): no new NHI paper at all, not one that expires
        # before it starts.
        return ()

    # (valid_from, expires_on, shows_cost_share, ends_because)
    spans: list[tuple[date, date | None, bool, str | None]] = []
    if cs <= first_day:
        spans.append((first_day, last_day, True, last_reason))
    elif cs <= last_day:
        spans.append((first_day, cs - ONE_DAY, False, "cost_share_starts"))
        spans.append((cs, last_day, True, last_reason))
    elif cs == last_day + ONE_DAY and last_reason == "cycle_end":
        # 70th birthday on the first day of the next cycle: still "by 2026-08-01".
        spans.append((first_day, last_day, False, "cost_share_starts"))
    elif doc_type == NOTICE:
        spans.append((first_day, None, False, None))
    else:
        spans.append((first_day, last_day, False, last_reason))

    documents = []
    for start, end, share, why in spans:
        kept = doc_type == NOTICE and not share and not cycle.first
        documents.append(Document(
            type=doc_type, valid_from=None if kept else start, expires_on=end,
            shows_cost_share=share, current=(kept or start <= as_of) and (end is None or as_of <= end),
            ends_because=why, condition=condition, issued=EARLIER if kept else THIS_CYCLE))
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


def decide(answers: Answers, as_of: date, calendar: CycleCalendar, dated_ages: DatedAges,
           certificate_reasons: frozenset[str]) -> Outcome:
    """The whole answer for one resident on ``as_of``, with the national ages in force then."""
    ages = dated_ages.on(as_of)
    birth = answers.birth_date
    if birth > as_of:
        raise ValueError("birth date after as_of")
    cycle = calendar.cycle_for(as_of)
    old_card = cycle.old_card_valid_until
    le_start = late_elderly_start(birth, ages.late_elderly)
    common = dict(as_of=as_of, cycle=cycle,
                  old_card_valid_until=old_card and min(old_card, le_start - ONE_DAY),
                  cost_share_start=cost_share_start(birth, ages.cost_share),
                  late_elderly_start=le_start)
    if is_late_elderly(birth, as_of, ages):
        return Outcome(scheme="late_elderly", **common)

    cases = registration_cases(answers)
    types = {document_type(answers, registered) for registered, _ in cases}
    if len(types) == 1:  # the unknown registration does not change the paper
        documents = timeline(types.pop(), birth, as_of, cycle, ages)
    else:
        documents = tuple(
            doc for registered, condition in cases
            for doc in timeline(document_type(answers, registered), birth, as_of, cycle, ages,
                                condition)
        )
    return Outcome(scheme="nhi", documents=documents, actions=actions_for(answers, certificate_reasons), **common)
