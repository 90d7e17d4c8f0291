"""A city's own table of papers, as a decision table (DMN): one row per group of residents,
hit policy *unique* (at most one row matches a resident; a resident no row matches is an
answer too: the city's document does not say), and a closed set of date rules for each
paper's validity, each defined by the national dates in ``ages``.

Plain data and plain Python (no Flask): the city files (citydata.py) fill these classes,
and ``outcome.decide`` reads them.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import product

from .ages import ONE_DAY

Text = Mapping[str, str]  # {"ja": …, "en": …}

NOTICE = "qualification_notice"
CERTIFICATE = "eligibility_certificate"

# The groups a row names: a My Number health insurance card held or not; the age band on
# the cycle's first day (whether the 70–74 cost share already applies then); whether the
# cost share (70) or the late-elderly system (75) starts within the cycle.
HOLDER, NOT_HOLDER = "holder", "not_holder"
UNDER_70, AGED_70_TO_74 = "under_70", "70_to_74"
TURNS_70, TURNS_75, TURNS_NONE = 70, 75, "none"
ANY = "any"

# The closed set of validity rules (docs/adding.md): a clerk chooses one, never programs.
NO_EXPIRY = "no_expiry"
CYCLE_END = "cycle_end"
END_OF_MONTH_OF_70TH_BIRTHDAY = "end_of_month_of_70th_birthday"
DAY_BEFORE_75TH_BIRTHDAY = "day_before_75th_birthday"
YEARS = "years"
STATED_DATE = "date"
NOT_STATED = "not_stated"


@dataclass(frozen=True)
class Cite:
    """Where a cell was read: a source id and its own words (None only for a law)."""

    source: str
    words: str | None


@dataclass(frozen=True)
class Said:
    """A sentence the pages show, with the words it was read from; ``who``: only for that
    group of the row's residents (None: all of them)."""

    text: Text
    cite: Cite
    who: Who | None = None
    link: Mapping[str, object] | None = None
    # The national rule these words state for the city (a clinic note): where the city words
    # a rule, its pages say its words instead of the rule's own sentences.
    restates: str | None = None


@dataclass(frozen=True)
class Group:
    """One resident's group in one cycle."""

    card: str  # HOLDER or NOT_HOLDER
    age: str  # UNDER_70 or AGED_70_TO_74
    turns: int | str  # TURNS_70, TURNS_75 or TURNS_NONE


# Every group a resident in National Health Insurance can be in (under 70 cannot turn 75
# within one cycle; 70–74 cannot turn 70).
_TURNS: tuple[int | str, ...] = (TURNS_NONE, TURNS_70, TURNS_75)
GROUPS = tuple(Group(card, age, turns)
               for card, age, turns in product((HOLDER, NOT_HOLDER), (UNDER_70, AGED_70_TO_74), _TURNS)
               if not (age == UNDER_70 and turns == TURNS_75) and not (age == AGED_70_TO_74 and turns == TURNS_70))


@dataclass(frozen=True)
class Who:
    """A row's group; ``any`` leaves a key open."""

    card: str = ANY
    age: str = ANY
    turns: int | str = ANY

    def matches(self, group: Group) -> bool:
        return ((self.card == ANY or self.card == group.card) and (self.age == ANY or self.age == group.age)
                and (self.turns == ANY or self.turns == group.turns))


@dataclass(frozen=True)
class Validity:
    rule: str  # one of the rules above (the schema's enum lists the same)
    cite: Cite | None  # None only for NOT_STATED
    years: int | None = None  # YEARS
    day: date | None = None  # STATED_DATE, for the cycle of its year
    # The page's words where the rule has exceptions it does not list ("原則、…"): kept.
    exceptions: Said | None = None

    def last_day(self, cycle_start: date, cycle_end: date, cost_share_start: date,
                 late_elderly_start: date, cycle_year: int) -> date | None:
        """The last day a paper issued for the cycle is valid; None for no expiry or where
        the document does not say (tell them apart by ``rule``)."""
        if self.rule == CYCLE_END:
            return cycle_end
        if self.rule == END_OF_MONTH_OF_70TH_BIRTHDAY:
            # The day before the cost share starts: the end of the birth month, or the day
            # before the birthday for those born on the 1st (ages.cost_share_start).
            return cost_share_start - ONE_DAY
        if self.rule == DAY_BEFORE_75TH_BIRTHDAY:
            return late_elderly_start - ONE_DAY
        if self.rule == YEARS:
            assert self.years is not None, "the schema requires years with this rule"
            return _years_on(cycle_start, self.years) - ONE_DAY
        if self.rule == STATED_DATE:
            assert self.day is not None, "the loader requires the date with this rule"
            # A stated date is the date of its own year's cycle; carried into a later one
            # it moves by whole years (a projection, said as such).
            starts_in = self.day.year - ((self.day.month, self.day.day) < (cycle_start.month, cycle_start.day))
            return _years_on(self.day, cycle_year - starts_in)
        return None


def _years_on(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 3, 1)


@dataclass(frozen=True)
class Mailing:
    """How, to whom and when a paper is mailed, each as the city says it (None: not said)."""

    method: str | None = None  # regular_mail, simple_registered_mail, specified_record_mail, registered_mail
    method_said: Said | None = None
    recipient: str | None = None  # each_person or householder
    recipient_said: Said | None = None
    when: Said | None = None
    # The page's words on later years' mailing (「令和8年度以降の送付は未定です」): said there
    # instead of this year's mailing carried on.
    later_years: Said | None = None


@dataclass(frozen=True)
class Then:
    """The paper that follows within the cycle once the cost share starts."""

    paper: str
    cite: Cite
    valid_until: Validity
    mailing: Mailing
    notes: tuple[Said, ...] = ()


@dataclass(frozen=True)
class Row:
    who: Who
    paper: str
    cite: Cite
    valid_until: Validity
    mailing: Mailing
    form: Said | None = None
    not_mailed: tuple[Said, ...] = ()
    notes: tuple[Said, ...] = ()
    kept: Said | None = None  # the city's words for keeping the paper into later cycles
    then: Then | None = None
    number: int = 0  # its place in the city file (papers/N), for messages and the preview


@dataclass(frozen=True)
class PaperTable:
    rows: tuple[Row, ...] = ()

    def match(self, group: Group) -> Row | None:
        """The row for ``group`` (hit policy unique: the loader refuses overlapping rows)."""
        return next((row for row in self.rows if row.who.matches(group)), None)

    def overlaps(self) -> list[tuple[Group, Row, Row]]:
        """Groups that more than one row names: a table the loader refuses."""
        found = []
        for group in GROUPS:
            rows = [row for row in self.rows if row.who.matches(group)]
            found += [(group, rows[0], other) for other in rows[1:]]
        return found


def applies_to(said: Said, group: Group) -> bool:
    return said.who is None or said.who.matches(group)
