"""The yearly cycle of papers: valid to 31 July, new ones mailed in July.

Shiroishi: "有効期限 最長で令和8年7月31日 / 毎年更新し、7月中に郵送します";
Yamagata: "令和７年８月１日時点で…" / "令和８年７月31日". A cycle for year Y runs from the
national start day in Y to the day before that start day in Y+1. A city may override one
year (Shiroishi 2025: the old cards stay valid to 2025-09-30).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from .ages import ONE_DAY


@dataclass(frozen=True)
class CycleOverride:
    """A city's exception for one cycle year, read from its data file."""

    start: date | None = None  # the new papers are valid from this day
    old_card_valid_until: date | None = None  # the old 保険証 is still valid until


@dataclass(frozen=True)
class Cycle:
    year: int
    start: date  # first day of the cycle (as_of picks the cycle by this day's month/day)
    end: date
    papers_valid_from: date  # later than start only where a city overrides the year
    old_card_valid_until: date | None = None
    # True when the city's documents do not describe this year: its dates follow the
    # yearly pattern and are a projection until the city publishes them
    # (docs/rules.md "Years the documents do not describe").
    projected: bool = False
    # The first cycle of all: every paper was sent then; later cycles keep some of them.
    first: bool = False


def anniversary(day: date, year: int) -> date:
    return date(year, day.month, day.day)  # start days are at most the 28th (schema)


@dataclass(frozen=True)
class CycleCalendar:
    """The national start days of the cycle, the city's overrides and documented years.

    ``starts`` holds, for each start day the law has set, the first day of the first cycle
    that begins on it (national.yaml, dated): cycles begin on that month and day every year
    until the next entry. Adding an entry never changes an earlier cycle."""

    starts: tuple[date, ...]
    overrides: Mapping[int, CycleOverride]
    documented: frozenset[int] = frozenset()  # the years the city's documents describe

    @property
    def first_year(self) -> int:
        return self.starts[0].year

    def first_day(self) -> date:
        return self.starts[0]

    def cycle_for(self, as_of: date) -> Cycle:
        if as_of < self.starts[0]:
            raise ValueError(f"{as_of} is before the first cycle ({self.first_day()})")
        rule = max(since for since in self.starts if since <= as_of)
        start = anniversary(rule, as_of.year)
        if start > as_of:
            start = anniversary(rule, as_of.year - 1)
        next_start = min([anniversary(rule, start.year + 1)] +
                         [since for since in self.starts if since > start])
        year = start.year
        override = self.overrides.get(year, CycleOverride())
        return Cycle(
            year=year,
            start=start,
            end=next_start - ONE_DAY,
            papers_valid_from=override.start or start,
            old_card_valid_until=override.old_card_valid_until,
            projected=year not in self.documented,
            first=start == self.starts[0],
        )

    def cycle_of_year(self, year: int) -> Cycle:
        """The cycle that starts in ``year``."""
        rule = max((since for since in self.starts if since.year <= year), default=self.starts[0])
        return self.cycle_for(anniversary(rule, year))
