"""Ranking candidate LOs (design: "Finding an LO").

Order: availability on the date first (available, then LIMITED, then unavailable: on leave, on
mission, unreachable; a window on the date overrides the LO's status), then route (DIRECT,
ACCREDITED, AREA, DEPUTY), competence level, language match and open workload. An LO on leave
is no help however well placed: the request would wait. The score encodes that order
lexicographically (each criterion's weight exceeds the sum of all later ones), so sorting by
score alone is the documented order and the number itself can be shown to users.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from .enums import Availability, Route
from ..i18n import N_

ROUTE_WEIGHT = {Route.DIRECT: 400, Route.ACCREDITED: 300, Route.AREA: 200, Route.DEPUTY: 100, Route.MULTILATERAL: 0}
COMPETENCE_WEIGHT = 20  # x level 0..3: at most 60 < 100 between routes
LANGUAGE_WEIGHT = 10
WORKLOAD_SLOTS = 4  # 4 points with no open tasking, one less per open tasking, floor 0
# Above everything else: 500 exceeds the most the later criteria give (400 + 60 + 10 + 4).
AVAILABILITY_WEIGHT = {Availability.AVAILABLE: 1000, Availability.LIMITED: 500}  # unavailable: 0

# Reachable on the date: an LO with LIMITED availability still takes requests (ranked after
# the available ones); ON_LEAVE, ON_MISSION and UNREACHABLE do not.
AVAILABLE_STATES = frozenset({Availability.AVAILABLE, Availability.LIMITED})


@dataclass(frozen=True)
class Facts:
    route: Route
    competence_level: int  # 0 when the officer lacks the asked competence (or none was asked)
    speaks_language: bool
    availability: Availability  # on the date (a window on it overrides the LO's status)
    open_taskings: int

    @property
    def available(self) -> bool:
        return self.availability in AVAILABLE_STATES


def score(facts: Facts) -> int:
    return (
        AVAILABILITY_WEIGHT.get(facts.availability, 0)
        + ROUTE_WEIGHT[facts.route]
        + COMPETENCE_WEIGHT * facts.competence_level
        + (LANGUAGE_WEIGHT if facts.speaks_language else 0)
        + max(0, WORKLOAD_SLOTS - facts.open_taskings)
    )


def sort_key(facts: Facts) -> tuple[int, int, int, int, int]:
    """The documented order as a tuple; `score` must sort identically (a property test checks)."""
    routes = list(ROUTE_WEIGHT)
    bands = list(AVAILABILITY_WEIGHT)
    return (
        bands.index(facts.availability) if facts.availability in bands else len(bands),
        routes.index(facts.route),
        -facts.competence_level,
        0 if facts.speaks_language else 1,
        min(facts.open_taskings, WORKLOAD_SLOTS),
    )


# -- what a caller who may not see exact counts is shown --------------------------------------


class Load(StrEnum):
    """An LO's open workload in coarse bands: what investigators and LOs see of it (exact counts
    of other LOs' taskings are managers' and admins' statistics)."""

    LIGHT = "LIGHT"  # 0-1 open taskings
    MODERATE = "MODERATE"  # 2-3
    BUSY = "BUSY"  # WORKLOAD_SLOTS (4) or more

    @classmethod
    def of(cls, open_taskings: int) -> Load:
        return cls.LIGHT if open_taskings <= 1 else cls.MODERATE if open_taskings < WORKLOAD_SLOTS else cls.BUSY


# The open count each band stands for in a shown score: the score then says no more than the band
# (and still sorts with the exact ranking: a higher exact score never shows a lower coarse one).
_BAND_COUNT = {Load.LIGHT: 0, Load.MODERATE: 2, Load.BUSY: WORKLOAD_SLOTS}

# How each band reads in a reason (translated where shown: service/i18n).
LOAD_TEXT: dict[Load, str] = {
    Load.LIGHT: N_("light workload"),
    Load.MODERATE: N_("moderate workload"),
    Load.BUSY: N_("busy"),
}


def coarse(facts: Facts) -> Facts:
    """The facts as a caller without exact counts may see them: the workload's band only."""
    return replace(facts, open_taskings=_BAND_COUNT[Load.of(facts.open_taskings)])
