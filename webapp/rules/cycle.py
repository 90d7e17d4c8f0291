"""The yearly cycle of papers: valid to 31 July, new ones mailed in July.

Shiroishi: "有効期限 最長で令和8年7月31日 / 毎年更新し、7月中に郵送します";
Yamagata: "令和７年８月１日時点で…" / "令和８年７月31日". A cycle for year Y runs from the
national start day in Y to the day before that start day in Y+1. A city may override one
year (Shiroishi 2025: the old cards stay valid to 2025-09-30).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Mapping

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
    # yearly pattern and are a projection until the city publishes them (RULES.md).
    projected: bool = False
    # The first cycle of all: every paper was sent then; later cycles keep some of them.
    first: bool = False


@dataclass(frozen=True)
class CycleCalendar:
    """National start day of the cycle, the city's first cycle and its overrides."""

    start_month: int
    start_day: int
    first_year: int
    overrides: Mapping[int, CycleOverride]
    documented: frozenset[int] = frozenset()  # the years the city's documents describe

    def year_of(self, as_of: date) -> int:
        starts_this_year = date(as_of.year, self.start_month, self.start_day)
        return as_of.year if as_of >= starts_this_year else as_of.year - 1

    def first_day(self) -> date:
        return date(self.first_year, self.start_month, self.start_day)

    def cycle_for(self, as_of: date) -> Cycle:
        year = self.year_of(as_of)
        if year < self.first_year:
            raise ValueError(f"{as_of} is before the first cycle ({self.first_day()})")
        start = date(year, self.start_month, self.start_day)
        end = date(year + 1, self.start_month, self.start_day) - ONE_DAY
        override = self.overrides.get(year, CycleOverride())
        return Cycle(
            year=year,
            start=start,
            end=end,
            papers_valid_from=override.start or start,
            old_card_valid_until=override.old_card_valid_until,
            projected=year not in self.documented,
            first=year == self.first_year,
        )
