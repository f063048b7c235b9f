"""The ranking score encodes the documented order: route, competence, language, availability, workload."""

from __future__ import annotations

import itertools

from service.domain.enums import Route
from service.domain.ranking import Facts, score, sort_key


def every_facts() -> list[Facts]:
    return [
        Facts(route, level, speaks, available, open_taskings)
        for route, level, speaks, available, open_taskings in itertools.product(
            list(Route), range(4), (False, True), (False, True), range(7)
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
    weakest_direct = Facts(Route.DIRECT, 0, False, False, 99)
    strongest_accredited = Facts(Route.ACCREDITED, 3, True, True, 0)
    assert score(weakest_direct) > score(strongest_accredited)
