"""Ranking candidate LOs (design: "Finding an LO").

Order: route (DIRECT, ACCREDITED, REGIONAL, DEPUTY), then competence level, language match,
availability on the date, then open workload. The score encodes that order lexicographically
(each criterion's weight exceeds the sum of all later ones), so sorting by score alone is the
documented order and the number itself can be shown to users.
"""

from __future__ import annotations

from dataclasses import dataclass

from .enums import Availability, Route

ROUTE_WEIGHT = {Route.DIRECT: 400, Route.ACCREDITED: 300, Route.REGIONAL: 200, Route.DEPUTY: 100, Route.MULTILATERAL: 0}
COMPETENCE_WEIGHT = 20  # x level 0..3: at most 60 < 100 between routes
LANGUAGE_WEIGHT = 10
AVAILABLE_WEIGHT = 5
WORKLOAD_SLOTS = 4  # 4 points with no open tasking, one less per open tasking, floor 0

AVAILABLE_STATES = frozenset({Availability.AVAILABLE, Availability.LIMITED})


@dataclass(frozen=True)
class Facts:
    route: Route
    competence_level: int  # 0 when the officer lacks the asked competence (or none was asked)
    speaks_language: bool
    available: bool
    open_taskings: int


def score(facts: Facts) -> int:
    return (
        ROUTE_WEIGHT[facts.route]
        + COMPETENCE_WEIGHT * facts.competence_level
        + (LANGUAGE_WEIGHT if facts.speaks_language else 0)
        + (AVAILABLE_WEIGHT if facts.available else 0)
        + max(0, WORKLOAD_SLOTS - facts.open_taskings)
    )


def sort_key(facts: Facts) -> tuple[int, int, int, int, int]:
    """The documented order as a tuple; `score` must sort identically (a property test checks)."""
    routes = list(ROUTE_WEIGHT)
    return (
        routes.index(facts.route),
        -facts.competence_level,
        0 if facts.speaks_language else 1,
        0 if facts.available else 1,
        min(facts.open_taskings, WORKLOAD_SLOTS),
    )
