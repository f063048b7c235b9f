"""Availability windows: the rules both the seed and the LO's self-service obey, and an LO's
availability on a day.

Deputies may form cycles (two LOs standing in for each other is the Balkans arrangement's
heart): the DEPUTY route follows one level only (coverage.stand_ins), so no cycle can loop."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from .enums import Availability


class Window(Protocol):
    status: Availability

    def covers(self, day: date) -> bool: ...


@dataclass(frozen=True)
class Span:
    id: str
    starts_on: date
    ends_on: date | None  # None: open-ended

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


def overlapping(spans: Iterable[Span]) -> list[tuple[Span, Span]]:
    """Pairs of spans that share at least one day (inclusive bounds)."""
    ordered = sorted(spans, key=lambda s: s.starts_on)
    pairs = []
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if first.ends_on is not None and second.starts_on > first.ends_on:
                break
            pairs.append((first, second))
    return pairs


def status_on(status: Availability, windows: Iterable[Window], day: date) -> tuple[Availability, Window | None]:
    """An LO's availability on a day: a window covering the day overrides the status they set
    (the last such window, windows given earliest first), with the window it comes from."""
    found = None
    for window in windows:
        if window.covers(day):
            found = window
    return (found.status, found) if found is not None else (status, None)
