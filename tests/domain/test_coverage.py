"""The pure coverage rules: routes, cells, gaps and single points, what an ending posting leaves
uncovered, percentiles and the response-time timeline."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.domain.coverage import (
    CoverageStatus,
    Durations,
    Network,
    NetworkPosting,
    ResponseGroup,
    Scope,
    Timeline,
    add_months,
    compute,
    expiring,
    deputy_refusal,
    percentile,
    routes_of,
    stand_ins,
)
from service.domain.enums import PostingKind, Route, TaskingAction

DAY = date(2026, 11, 24)
REGIONS = {"RS": "WB", "ME": "WB", "AL": "WB", "BG": "EU", "FR": "EU", "BE": "EU", "NL": "EU", "CN": None}


def posting(id: str, officer: str, country: str, kind: PostingKind = PostingKind.RESIDENT, **changes) -> NetworkPosting:
    values = {"startsOn": date(2024, 1, 1), "endsOn": None, "accredited_to": frozenset(), "serves": frozenset({"BE-FEDPOL", "NL-POLITIE"})}
    return NetworkPosting(id, officer, country, kind, **{**values, **changes})


def network(*postings: NetworkPosting, skills: dict | None = None) -> Network:
    return Network(REGIONS, ["DRUGS", "THB"], list(postings), skills or {})


def cell(coverage, country: str, competence: str):
    return next(c for row in coverage.countries for c in row.cells if c.key == (country, competence))


def test_a_posting_covers_its_country_its_accreditations_and_its_declared_area_never_its_region() -> None:
    p = posting("P-1", "A", "RS", PostingKind.REGIONAL, accredited_to=frozenset({"ME", "BG"}), area=frozenset({"MK", "ME"}))
    assert p.routes == {"RS": Route.DIRECT, "ME": Route.ACCREDITED, "BG": Route.ACCREDITED, "MK": Route.AREA}
    assert "AL" not in p.routes  # same region, not declared: not covered
    assert routes_of("CN", "resident", (), ()) == {"CN": Route.DIRECT}


def test_multilateral_postings_benelux_and_uninhabited_places_are_never_covered() -> None:
    assert routes_of("NL", PostingKind.MULTILATERAL, ["DE"], ["FR"]) == {}  # Europol: an alternative only
    assert routes_of("CW", PostingKind.RESIDENT, ["AW", "BQ", "NL"], ["AQ"]) == {"CW": Route.DIRECT, "AW": Route.ACCREDITED}


def test_cells_count_officers_once_by_their_best_route_and_need_the_competence() -> None:
    rs = posting("P-1", "A", "RS")
    al = posting("P-2", "B", "AL", area=frozenset({"RS"}))
    also_rs = posting("P-3", "A", "ME", PostingKind.REGIONAL, accredited_to=frozenset({"RS"}))
    result = compute(network(rs, al, also_rs, skills={"A": {"DRUGS": 3}, "B": {"DRUGS": 1, "THB": 2}}), Scope(DAY))

    drugs_rs = cell(result, "RS", "DRUGS")
    assert [(p.officer, p.route, p.posting.id) for p in drugs_rs.providers] == [("A", Route.DIRECT, "P-1"), ("B", Route.AREA, "P-2")]
    assert drugs_rs.status is CoverageStatus.COVERED
    assert cell(result, "RS", "THB").status is CoverageStatus.SINGLE_POINT
    assert cell(result, "FR", "DRUGS").status is CoverageStatus.GAP
    assert cell(result, "BG", "DRUGS").status is CoverageStatus.GAP  # a neighbour of no one
    assert {c.key for c in result.gaps} >= {("FR", "DRUGS"), ("BG", "THB"), ("CN", "DRUGS")}


def test_multilateral_postings_do_not_count_and_benelux_is_out_of_scope() -> None:
    europol = posting("P-1", "A", "NL", PostingKind.MULTILATERAL)
    result = compute(network(europol, skills={"A": {"DRUGS": 3}}), Scope(DAY))
    assert [c.country for c in result.countries] == ["AL", "BG", "CN", "FR", "ME", "RS"]
    assert all(c.status is CoverageStatus.GAP for c in result.countries)


def test_a_deputy_covers_for_an_unavailable_officer_one_level_deep() -> None:
    rs = posting("P-1", "A", "RS")
    al = posting("P-2", "B", "AL")
    cn = posting("P-3", "C", "CN")
    skills = {o: {"DRUGS": 1} for o in "ABC"}
    mutual = {"A": ["B"], "B": ["A", "C"]}  # A and B stand in for each other; C for B
    net = Network(REGIONS, ["DRUGS"], [rs, al, cn], skills, deputies=mutual, unavailable=frozenset({"A"}))

    result = compute(net, Scope(DAY))
    assert [(p.officer, p.route) for p in cell(result, "RS", "DRUGS").providers] == [("A", Route.DIRECT), ("B", Route.DEPUTY)]
    assert [p.officer for p in cell(result, "AL", "DRUGS").providers] == ["B"]  # B is available: nobody stands in
    both_away = compute(Network(REGIONS, ["DRUGS"], [rs, al, cn], skills, deputies=mutual, unavailable=frozenset({"A", "B"})), Scope(DAY))
    # B stands in for A in Serbia, but C, B's deputy, is not reached through B: one level only.
    assert [(p.officer, p.route) for p in cell(both_away, "RS", "DRUGS").providers] == [("A", Route.DIRECT), ("B", Route.DEPUTY)]
    assert [(p.officer, p.route) for p in cell(both_away, "AL", "DRUGS").providers] == [
        ("B", Route.DIRECT), ("A", Route.DEPUTY), ("C", Route.DEPUTY)
    ]


def test_stand_ins_follow_one_level_and_name_each_deputy_once() -> None:
    deputies = {"A": ["B", "C"], "B": ["A", "C"], "C": ["A"]}
    assert list(stand_ins(["A", "B"], deputies, taken=["A", "B"])) == [("C", "A", 2)]
    assert list(stand_ins(["A"], deputies)) == [("B", "A", 1), ("C", "A", 2)]


def test_a_posting_serving_all_serves_a_service_created_later() -> None:
    p = posting("P-1", "A", "RS", serves=frozenset(), serves_all=True)
    result = compute(network(p, skills={"A": {"DRUGS": 1}}), Scope(DAY, served_service="LU-SRE"))
    assert cell(result, "RS", "DRUGS").status is CoverageStatus.SINGLE_POINT


def test_a_deputy_must_serve_what_the_principal_serves_and_work_in_the_same_region() -> None:
    every = ["BE-FEDPOL", "NL-POLITIE", "LU-POLICE"]
    belgrade = posting("P-1", "A", "RS", serves_all=True)
    sarajevo = posting("P-2", "B", "ME", serves_all=True)
    beijing = posting("P-3", "C", "CN", serves_all=True)
    dutch_only = posting("P-4", "D", "AL", serves=frozenset({"NL-POLITIE"}))
    europol = posting("P-5", "E", "NL", PostingKind.MULTILATERAL, serves_all=True)
    assert deputy_refusal("B", [belgrade], [sarajevo], every, REGIONS) is None
    assert "covers no country" in deputy_refusal("C", [belgrade], [beijing], every, REGIONS)
    assert "does not serve BE-FEDPOL, LU-POLICE" in deputy_refusal("D", [belgrade], [dutch_only], every, REGIONS)
    assert "no active resident or regional posting" in deputy_refusal("E", [belgrade], [europol], every, REGIONS)
    assert deputy_refusal("C", [], [beijing], every, REGIONS) is None  # nobody to stand in for


def test_only_active_postings_serving_the_service_count() -> None:
    ended = posting("P-1", "A", "RS", endsOn=DAY - timedelta(days=1))
    future = posting("P-2", "B", "RS", startsOn=DAY + timedelta(days=1))
    last_day = posting("P-3", "C", "RS", endsOn=DAY)
    dutch_only = posting("P-4", "D", "RS", serves=frozenset({"NL-POLITIE"}))
    net = network(ended, future, last_day, dutch_only, skills={o: {"DRUGS": 1} for o in "ABCD"})
    assert [p.officer for p in cell(compute(net, Scope(DAY)), "RS", "DRUGS").providers] == ["C", "D"]
    belgian = compute(net, Scope(DAY, served_service="BE-FEDPOL"))
    assert [p.officer for p in cell(belgian, "RS", "DRUGS").providers] == ["C"]


def test_filters_narrow_countries_and_competences() -> None:
    result = compute(network(posting("P-1", "A", "RS"), skills={"A": {"THB": 1}}), Scope(DAY, region="WB", competence="THB"))
    assert [c.country for c in result.countries] == ["AL", "ME", "RS"]
    assert result.competences == ("THB",)
    assert [c.status for c in result.countries] == [CoverageStatus.GAP, CoverageStatus.GAP, CoverageStatus.SINGLE_POINT]


def test_an_ending_posting_lists_the_cells_nobody_else_covers_the_day_after() -> None:
    leaving = posting("P-1", "A", "RS", area=frozenset({"AL", "ME"}), endsOn=date(2027, 2, 28))
    successor = posting("P-2", "B", "AL", area=frozenset({"RS"}), startsOn=date(2027, 3, 1))  # takes over DRUGS in AL and RS
    net = network(leaving, successor, skills={"A": {"DRUGS": 2, "THB": 1}, "B": {"DRUGS": 1}})
    [found] = expiring(net, Scope(DAY), 6)
    assert (found.posting.id, found.ends_on, found.days_left) == ("P-1", date(2027, 2, 28), 96)
    assert found.would_become_gaps == (("AL", "THB"), ("ME", "DRUGS"), ("ME", "THB"), ("RS", "THB"))
    assert expiring(net, Scope(DAY), 3) == []  # ends after 2027-02-24


def test_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    assert add_months(date(2026, 11, 24), 6) == date(2027, 5, 24)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 24), -12) == date(2025, 11, 24)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


@pytest.mark.parametrize(
    ("values", "median", "p90"),
    [([], None, None), ([5.0], 5.0, 5.0), ([2.0, 4.0], 3.0, 3.8), ([10.0, 2.0, 8.0, 4.0, 6.0], 6.0, 9.2), (list(range(1, 11)), 5.5, 9.1)],
)
def test_percentiles_interpolate_linearly_between_ranks(values, median, p90) -> None:
    assert percentile(values, 0.5) == median
    assert Durations.of(values) == Durations(len(values), median, p90)


def at(hours: float) -> datetime:
    return datetime(2026, 11, 1, 8, tzinfo=timezone.utc) + timedelta(hours=hours)


def test_acceptance_is_the_current_assignees_and_counts_from_the_request() -> None:
    A = TaskingAction
    straight = Timeline(at(0), [(A.REQUESTED, at(0)), (A.ACCEPTED, at(2)), (A.STARTED, at(3)), (A.COMPLETED, at(50))])
    reassigned = Timeline(at(0), [(A.REQUESTED, at(0)), (A.ACCEPTED, at(1)), (A.REASSIGNED, at(5)), (A.ACCEPTED, at(8))])
    waiting_again = Timeline(at(0), [(A.REQUESTED, at(0)), (A.ACCEPTED, at(1)), (A.REASSIGNED, at(5))])
    declined = Timeline(at(0), [(A.REQUESTED, at(0)), (A.DECLINED, at(3))])

    group = ResponseGroup("all")
    for timeline in (straight, reassigned, waiting_again, declined):
        group.add(timeline)
    assert group.taskings == 4
    assert group.to_accepted == [2.0, 8.0]
    assert group.to_completed == [50.0]
    assert group.accepted == Durations(2, 5.0, 7.4)


# -- a report after a change of availability, from the one before it -----------------------------

OFFICERS = [f"LO-{i}" for i in range(4)]  # few, so that deputies often stand in
DEPUTIES = st.dictionaries(st.sampled_from(OFFICERS), st.lists(st.sampled_from(OFFICERS), max_size=3, unique=True))
AVAILABILITY_STATES = st.tuples(
    st.frozensets(st.sampled_from(OFFICERS)),  # who is unavailable
    st.one_of(st.none(), st.none(), DEPUTIES),  # the deputies, mostly as they were (None)
)


@settings(max_examples=150, deadline=None)
@given(
    postings=st.lists(
        st.tuples(st.sampled_from(OFFICERS), st.sampled_from(sorted(REGIONS)), st.frozensets(st.sampled_from(sorted(REGIONS)), max_size=2)),
        min_size=2,
        max_size=10,
    ),
    skills=st.fixed_dictionaries({o: st.dictionaries(st.sampled_from(["DRUGS", "THB"]), st.integers(1, 3), min_size=1) for o in OFFICERS}),
    deputies=DEPUTIES,
    states=st.lists(AVAILABILITY_STATES, min_size=2, max_size=5),
    region=st.sampled_from([None, "WB"]),
)
def test_a_report_made_from_the_one_before_a_change_of_availability_is_the_report_made_whole(
    postings: list, skills: dict, deputies: dict, states: list, region: str | None
) -> None:
    """Each report after a change of who is unavailable (or of deputies) reuses the report before
    it for the countries the change does not touch: country by country, cell by cell, officer by
    officer and route by route it is the report computed from nothing."""
    every = [posting(f"P-{n:02d}", officer, country, accredited_to=accredited) for n, (officer, country, accredited) in enumerate(postings)]
    scope = Scope(DAY, region)

    def shown(coverage) -> list:
        return [
            (row.country, dict(row.reach), [(c.competence, dict(c.reach), [(p.officer, p.route) for p in c.providers]) for c in row.cells])
            for row in coverage.countries
        ]

    before = None
    for unavailable, new_deputies in states:
        deputies = deputies if new_deputies is None else new_deputies
        now = Network(REGIONS, ["DRUGS", "THB"], every, skills, deputies, unavailable)
        whole = compute(now, scope)
        made = compute(now, scope, previous=before) if before is not None else whole
        assert shown(made) == shown(whole)
        before = (now, made)
