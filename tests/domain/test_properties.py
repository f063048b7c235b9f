"""Property tests (Hypothesis) for the pure rules: ranking, the tasking state machine, window
overlap, deputy cycles and the query cost calculation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from graphql import OperationDefinitionNode, parse
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.domain.availability import Span, overlapping
from service.domain.coverage import stand_ins
from service.domain.enums import Availability, Route, TaskingAction, TaskingStatus
from service.domain.lifecycle import (
    CLOSED_STATES,
    IN_PLACE,
    OPEN_STATES,
    RESUMING,
    STATUS_KEEPING,
    TRANSITIONS,
    IllegalTransition,
    next_status,
    sources,
)
from service.domain.ranking import Facts, Load, coarse, score, sort_key
from service.graphql.limits import Limits, QueryRefused, check_limits
from service.graphql.schema import schema

facts = st.builds(
    Facts,
    route=st.sampled_from(list(Route)),
    competence_level=st.integers(0, 3),
    speaks_language=st.booleans(),
    availability=st.sampled_from(list(Availability)),
    open_taskings=st.integers(0, 500),
)


@given(facts, facts)
def test_a_higher_score_means_earlier_in_the_documented_order(a: Facts, b: Facts) -> None:
    if sort_key(a) < sort_key(b):
        assert score(a) > score(b)
    elif sort_key(a) == sort_key(b):
        assert score(a) == score(b)


@given(facts, facts)
def test_the_coarse_score_keeps_the_order_and_tells_only_the_workload_band(a: Facts, b: Facts) -> None:
    if score(a) > score(b):
        assert score(coarse(a)) >= score(coarse(b))  # shown coarse scores are still sorted
    same_band = Load.of(a.open_taskings) == Load.of(b.open_taskings)
    if same_band and replace(a, open_taskings=0) == replace(b, open_taskings=0):
        assert score(coarse(a)) == score(coarse(b))  # counts within a band cannot be told apart


actions = st.lists(st.sampled_from([a for a in TaskingAction if a is not TaskingAction.REQUESTED]), max_size=12)


@given(actions)
def test_any_sequence_of_actions_follows_the_lifecycle(sequence: list[TaskingAction]) -> None:
    status, resume = TaskingStatus.REQUESTED, None
    for action in sequence:
        allowed = sources(action)
        try:
            after = next_status(status, action, resume)
        except IllegalTransition as refused:
            assert status not in allowed
            assert status.value in str(refused)
            continue
        assert status in allowed
        if action in IN_PLACE:  # recorded, moves nothing (STATUS_KEEPING: in any state, closed ones too)
            assert after is status
        elif action in RESUMING:  # the answer: back to where the question interrupted
            assert after is resume
        else:
            assert after is TRANSITIONS[action][1]
        if after is TaskingStatus.AWAITING_INFORMATION and status is not after:
            resume = status
        status = after
    if status in CLOSED_STATES:  # closed is final, except that a declined request may be redirected
        for action in TRANSITIONS:
            if status in TRANSITIONS[action][0]:
                assert (status, action) == (TaskingStatus.DECLINED, TaskingAction.REDIRECTED)
    for action in STATUS_KEEPING:
        assert sources(action) == frozenset(TaskingStatus)


@given(st.sampled_from(sorted(OPEN_STATES)))
def test_every_open_state_can_be_cancelled_or_reassigned(status: TaskingStatus) -> None:
    assert next_status(status, TaskingAction.CANCELLED) is TaskingStatus.CANCELLED
    if status is TaskingStatus.AWAITING_INFORMATION:  # the answer (or a cancellation) comes first
        with pytest.raises(IllegalTransition):
            next_status(status, TaskingAction.REASSIGNED)
    else:
        assert next_status(status, TaskingAction.REASSIGNED) is TaskingStatus.REQUESTED


START = date(2027, 1, 1)
spans = st.lists(
    st.tuples(st.integers(0, 60), st.one_of(st.none(), st.integers(0, 20))), max_size=6
).map(
    lambda pairs: [
        Span(f"S{i}", START + timedelta(days=s), None if length is None else START + timedelta(days=s + length))
        for i, (s, length) in enumerate(pairs)
    ]
)


def days(span: Span) -> set[date]:
    end = span.ends_on or START + timedelta(days=200)
    return {span.starts_on + timedelta(days=n) for n in range((end - span.starts_on).days + 1)}


@given(spans)
def test_overlapping_finds_exactly_the_pairs_that_share_a_day(windows: list[Span]) -> None:
    found = {frozenset((a.id, b.id)) for a, b in overlapping(windows)}
    expected = {
        frozenset((a.id, b.id))
        for i, a in enumerate(windows)
        for b in windows[i + 1 :]
        if days(a) & days(b)
    }
    assert found == expected


officers = [f"LO-{n}" for n in range(6)]
deputy_graphs = st.dictionaries(st.sampled_from(officers), st.lists(st.sampled_from(officers), max_size=3, unique=True))


@given(deputy_graphs, st.data())
def test_stand_ins_are_one_level_each_deputy_once_even_with_cycles(graph: dict[str, list[str]], data) -> None:
    absent = data.draw(st.lists(st.sampled_from(sorted(graph) or ["A"]), unique=True))
    taken = data.draw(st.sets(st.sampled_from(sorted(graph) or ["A"])))
    found = list(stand_ins(absent, graph, taken))  # terminates, cycles or not
    deputies = [deputy for deputy, _, _ in found]
    assert len(deputies) == len(set(deputies))  # each once
    assert not set(deputies) & set(taken)
    for deputy, principal, rank in found:
        assert principal in absent and graph[principal][rank - 1] == deputy  # a direct deputy: one level
    expected = {d for a in absent for d in graph.get(a, []) if d not in taken and d != a}
    assert set(deputies) == expected


LIMITS = Limits(max_depth=10, max_cost=10**9, max_aliases=15, max_page_size=100)


def cost_of(query: str, limits: Limits = LIMITS, variables: dict | None = None) -> int:
    document = parse(query)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    return check_limits(schema.graphql_schema, operation, {}, variables, limits)


@settings(max_examples=60, deadline=None)  # a busy 2-core run took 315 ms for one example: a time, not a rule
@given(st.integers(1, 100), st.integers(1, 100))
def test_cost_grows_with_the_page_size(small: int, large: int) -> None:
    small, large = sorted((small, large))
    query = "query($n: Int) { officers(first: $n) { nodes { id postings { serves { code } } } } }"
    assert cost_of(query, variables={"n": small}) <= cost_of(query, variables={"n": large})


@settings(max_examples=40)
@given(st.integers(1, 16))
def test_depth_is_refused_exactly_above_the_limit(levels: int) -> None:
    query = '{ officer(id: "LO-001") { ' + "deputies { " * (levels - 1) + "id" + " }" * (levels - 1) + " } }"
    try:
        cost_of(query)
        refused = None
    except QueryRefused as error:
        refused = error
    depth = levels + 1  # officer, then the deputies levels, then id
    if depth > LIMITS.max_depth:
        assert refused is not None and refused.details["limit"] == "maxDepth"
    else:
        assert refused is None
