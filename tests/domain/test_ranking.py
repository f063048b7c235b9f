"""The ranking score encodes the documented order: availability, route, competence, language, workload."""

from __future__ import annotations

import itertools

from service.domain.enums import Availability, Route
from service.domain.ranking import Facts, score, sort_key


def every_facts() -> list[Facts]:
    return [
        Facts(route, level, speaks, availability, open_taskings)
        for route, level, speaks, availability, open_taskings in itertools.product(
            list(Route), range(4), (False, True), list(Availability), range(7)
        )
    ]


def test_sorting_by_score_is_the_documented_lexicographic_order() -> None:
    for a, b in itertools.combinations(every_facts(), 2):
        if sort_key(a) < sort_key(b):
            assert score(a) > score(b), (a, b)
        elif sort_key(a) > sort_key(b):
            assert score(a) < score(b), (a, b)
        else:
            assert score(a) == score(b), (a, b)


def test_a_better_route_beats_any_combination_of_lesser_criteria() -> None:
    weakest_direct = Facts(Route.DIRECT, 0, False, Availability.AVAILABLE, 99)
    strongest_accredited = Facts(Route.ACCREDITED, 3, True, Availability.AVAILABLE, 0)
    assert score(weakest_direct) > score(strongest_accredited)


def test_available_beats_limited_beats_unavailable_whatever_the_route() -> None:
    on_leave_here = Facts(Route.DIRECT, 3, True, Availability.ON_LEAVE, 0)
    limited_here = Facts(Route.DIRECT, 3, True, Availability.LIMITED, 0)
    available_deputy = Facts(Route.DEPUTY, 0, False, Availability.AVAILABLE, 99)
    assert score(available_deputy) > score(limited_here) > score(on_leave_here)
