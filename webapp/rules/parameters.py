"""National parameters that change over time, OpenFisca-style: each value is keyed by the
day it takes effect, and a decision reads the value in force on the day asked about. Adding
a value for a later day never changes an answer about an earlier day."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Dated(Generic[T]):
    values: tuple[tuple[date, T], ...]  # (takes effect on, value), in date order

    def __post_init__(self):
        if not self.values:
            raise ValueError("a dated parameter needs at least one value")
        if [since for since, _ in self.values] != sorted({since for since, _ in self.values}):
            raise ValueError("the days a parameter takes effect must be distinct and in order")

    def on(self, day: date) -> T:
        """The value in force on ``day`` (the first value for a day before all of them)."""
        found = self.values[0][1]
        for since, value in self.values:
            if since > day:
                break
            found = value
        return found
