"""Availability windows and deputies: the rules both the seed and the LO's self-service obey."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date


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


def deputy_cycle(deputies: Mapping[str, Sequence[str]]) -> list[str] | None:
    """A cycle in the "is deputised by" graph, as the list of officer ids on it, or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(officer: str) -> list[str] | None:
        state[officer] = 1
        path.append(officer)
        for deputy in deputies.get(officer, ()):
            if state.get(deputy) == 1:
                return path[path.index(deputy) :] + [deputy]
            if deputy not in state:
                found = visit(deputy)
                if found:
                    return found
        path.pop()
        state[officer] = 2
        return None

    for officer in deputies:
        if officer not in state:
            found = visit(officer)
            if found:
                return found
    return None
