"""Managers' analytics over HTTP: GraphQL and the CSV exports, on the hand-built small network
(tests/networks/small) whose answers are worked out by hand below, and on the demo network.

The small network as of 2026-11-24 (LONET_TODAY), by hand:

  postings   P-101 LO-101 Belgrade RS, regional, accredited to MK, serves all, Balkans pilot
             P-102 LO-102 Tirana AL, regional, declared area ME and RS, serves NL-POLITIE only,
                   Balkans pilot, ends 2028-06-30
             P-103 LO-103 The Hague NL, multilateral (Europol): never counts; ends 2027-01-31
             P-104 LO-104 Rabat MA, resident, declared area DZ, serves BE-FEDPOL and LU-POLICE,
                   ends 2027-02-28
             P-105 LO-105 Algiers DZ, resident, starts 2027-02-01 (not active yet)
             P-106 LO-102 Sarajevo BA, ended 2022-12-31 (Balkans pilot)
  skills     LO-101 DRUGS 3, THB 2 (deputy LO-102); LO-102 DRUGS 2; LO-103 CYBER 3, THB 1;
             LO-104 DRUGS 1, CYBER 2; LO-105 DRUGS 2
  regions    WESTERN_BALKANS AL BA ME MK RS XK; MAGHREB DZ MA; EUROPEAN_UNION BE LU NL FR; EAST_ASIA CN
  in scope   AL BA CN DZ FR MA ME MK RS XK (the Benelux countries are not)

  Region membership covers nothing. Western Balkans: RS by LO-101 (direct) and LO-102 (area);
    MK by LO-101 (accredited); AL (direct) and ME (area) by LO-102; BA and XK by nobody.
    DRUGS: RS covered, AL ME MK single points; THB: LO-101 alone in RS and MK; CYBER: nobody.
  MA, DZ: LO-104 (MA direct, DZ area) alone for DRUGS and CYBER; THB nobody.
  FR (only the multilateral P-103 is in its region) and CN: nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.api.app import create_app
from service.security.tokens import DevTokens
from service.store import Executor

from .conftest import CLAIMS, GraphQLClient, dev_settings

WB = ["AL", "BA", "ME", "MK", "RS", "XK"]
BALKANS = {"RS": "COVERED", "AL": "SINGLE_POINT", "ME": "SINGLE_POINT", "MK": "SINGLE_POINT", "BA": "GAP", "XK": "GAP"}
COVERAGE = """query Coverage($asOf: Date, $region: String, $competence: String, $servedService: String, $months: Int) {
  coverage(asOf: $asOf, region: $region, competence: $competence, servedService: $servedService) {
    asOf region competence servedService
    summary { countries covered singlePoint gap gapCells singlePointCells }
    countries { country { iso2 } status officerCount coveredCompetences missingCompetences }
    gaps { country { iso2 } competence { code } }
    singlePoints { country { iso2 } competence { code } officer { id } posting { id } route level hasDeputy deputies { id } }
    expiringPostings(withinMonths: $months) { posting { id } officer { id } endsOn daysLeft wouldBecomeGaps { country { iso2 } competence { code } } }
  }
}"""

# Who covers each country, by which route, with which competences, for which services.
MATRIX = """query Matrix($region: String, $competence: String, $servedService: String) {
  coverage(region: $region, competence: $competence, servedService: $servedService) {
    countries { country { iso2 } providers { officer { id } posting { id } route servedServices competences { competence { code } level } } }
  }
}"""


@pytest.fixture
async def small(small_store: Executor, tmp_path: Path) -> AsyncIterator[GraphQLClient]:
    """The small network behind the API, acting as the Dutch manager."""
    settings = dev_settings(tmp_path)
    tokens = DevTokens(settings.dev_key_file, audience=settings.oidc_audience, claims=CLAIMS)
    transport = httpx.ASGITransport(app=create_app(settings, executor=small_store, insecure_dev_auth=True))
    async with httpx.AsyncClient(transport=transport, base_url="http://lonet.test") as http:
        yield GraphQLClient(http, small_store, tokens).as_("manager-nl")


async def coverage(api: GraphQLClient, **variables: Any) -> dict[str, Any]:
    return (await api.data(COVERAGE, variables))["coverage"]


def cells(items: list[dict]) -> set[tuple[str, str]]:
    return {(i["country"]["iso2"], i["competence"]["code"]) for i in items}


def statuses(report: dict) -> dict[str, str]:
    return {c["country"]["iso2"]: c["status"] for c in report["countries"]}


# -- coverage ------------------------------------------------------------------------------------


async def test_the_coverage_of_the_small_network_is_the_hand_worked_answer(small: GraphQLClient) -> None:
    report = await coverage(small)

    assert report["asOf"] == "2026-11-24"
    assert report["summary"] == {
        "countries": 10, "covered": 1, "singlePoint": 5, "gap": 4,
        # AL ME x THB CYBER, MK RS x CYBER, BA XK FR CN x all three, MA DZ x THB
        "gapCells": 2 * 2 + 2 + 4 * 3 + 2,
        # AL ME x DRUGS (LO-102), MK x DRUGS THB and RS x THB (LO-101), MA DZ x DRUGS CYBER (LO-104)
        "singlePointCells": 2 + 3 + 4,
    }
    assert statuses(report) == {
        "RS": "COVERED", "AL": "SINGLE_POINT", "ME": "SINGLE_POINT", "MK": "SINGLE_POINT", "BA": "GAP", "XK": "GAP",
        "MA": "SINGLE_POINT", "DZ": "SINGLE_POINT", "FR": "GAP", "CN": "GAP",
    }
    assert cells(report["gaps"]) == {(c, k) for c in ("AL", "ME") for k in ("THB", "CYBER")} | {
        ("MK", "CYBER"), ("RS", "CYBER"), ("MA", "THB"), ("DZ", "THB")
    } | {(c, k) for c in ("BA", "XK", "FR", "CN") for k in ("CYBER", "DRUGS", "THB")}
    singles = {(p["country"]["iso2"], p["competence"]["code"]): p for p in report["singlePoints"]}
    assert set(singles) == {("AL", "DRUGS"), ("ME", "DRUGS"), ("MK", "DRUGS"), ("MK", "THB"), ("RS", "THB")} | {
        (c, k) for c in ("MA", "DZ") for k in ("DRUGS", "CYBER")
    }
    assert singles[("RS", "THB")] == {
        "country": {"iso2": "RS"}, "competence": {"code": "THB"}, "officer": {"id": "LO-101"}, "posting": {"id": "P-101"},
        "route": "DIRECT", "level": 2, "hasDeputy": True, "deputies": [{"id": "LO-102"}],
    }
    assert (singles[("DZ", "CYBER")]["officer"], singles[("DZ", "CYBER")]["route"]) == ({"id": "LO-104"}, "AREA")
    assert singles[("DZ", "CYBER")]["hasDeputy"] is False and singles[("DZ", "CYBER")]["deputies"] == []

    rs = next(c for c in report["countries"] if c["country"]["iso2"] == "RS")
    assert (rs["officerCount"], rs["coveredCompetences"], rs["missingCompetences"]) == (2, ["DRUGS", "THB"], ["CYBER"])


async def test_the_matrix_says_who_covers_each_country_by_which_route_for_which_services(small: GraphQLClient) -> None:
    by_country = {c["country"]["iso2"]: c for c in (await small.data(MATRIX))["coverage"]["countries"]}
    rs = by_country["RS"]
    assert [(p["officer"]["id"], p["route"], p["posting"]["id"]) for p in rs["providers"]] == [
        ("LO-101", "DIRECT", "P-101"), ("LO-102", "AREA", "P-102")
    ]
    anna = rs["providers"][0]
    assert anna["servedServices"] == ["BE-FEDPOL", "LU-POLICE", "NL-POLITIE"]  # "ALL" in the seed
    assert [(c["competence"]["code"], c["level"]) for c in anna["competences"]] == [("DRUGS", 3), ("THB", 2)]
    assert rs["providers"][1]["servedServices"] == ["NL-POLITIE"]
    assert [(p["officer"]["id"], p["route"]) for p in by_country["MK"]["providers"]] == [("LO-101", "ACCREDITED")]
    assert by_country["BA"]["providers"] == []  # in the region of both, declared by neither
    assert by_country["FR"]["providers"] == []  # the Europol desk in The Hague does not count


async def test_an_lo_going_on_leave_and_back_changes_the_matrix_only_where_they_reach(small: GraphQLClient) -> None:
    """After LO-101's change only the countries LO-101 reaches are worked out again (the rest of
    the report is taken from the one before: domain/coverage.py); by hand: LO-102, LO-101's
    deputy, stands in where LO-101 reaches and LO-102 does not already (North Macedonia), and
    leaves again when LO-101 is back."""

    async def matrix() -> dict[str, list[tuple[str, str]]]:
        found = (await small.data(MATRIX))["coverage"]["countries"]
        return {c["country"]["iso2"]: [(p["officer"]["id"], p["route"]) for p in c["providers"]] for c in found}

    async def set_availability(status: str) -> None:
        version = (await small.data('{ officer(id: "LO-101") { version } }'))["officer"]["version"]
        lo = small.as_("lo-belgrade", officer_id="LO-101").justified("leave")
        await lo.data(f"mutation {{ setAvailability(status: {status}, version: {version}) {{ version }} }}")

    before = await matrix()
    await set_availability("ON_LEAVE")
    on_leave = await matrix()
    await set_availability("AVAILABLE")
    back = await matrix()

    assert before["MK"] == [("LO-101", "ACCREDITED")]
    assert on_leave["MK"] == [("LO-101", "ACCREDITED"), ("LO-102", "DEPUTY")]
    assert on_leave["RS"] == before["RS"] == [("LO-101", "DIRECT"), ("LO-102", "AREA")]  # LO-102 covers it already
    assert {c: v for c, v in on_leave.items() if c != "MK"} == {c: v for c, v in before.items() if c != "MK"}
    assert back == before
    single_points = cells((await coverage(small, competence="DRUGS"))["singlePoints"])
    assert ("MK", "DRUGS") in single_points  # the report itself, not only the matrix, is back


@pytest.mark.parametrize(
    ("filters", "expected_statuses", "gaps", "singles"),
    [
        pytest.param(
            {"competence": "DRUGS"},
            {**BALKANS, "MA": "SINGLE_POINT", "DZ": "SINGLE_POINT", "FR": "GAP", "CN": "GAP"},
            {(c, "DRUGS") for c in ("BA", "XK", "FR", "CN")},
            {(c, "DRUGS") for c in ("AL", "ME", "MK", "MA", "DZ")},
            id="drugs",
        ),
        pytest.param(
            {"competence": "CYBER"},
            {**dict.fromkeys(WB, "GAP"), "MA": "SINGLE_POINT", "DZ": "SINGLE_POINT", "FR": "GAP", "CN": "GAP"},
            {(c, "CYBER") for c in [*WB, "FR", "CN"]},
            {("MA", "CYBER"), ("DZ", "CYBER")},
            id="cyber",
        ),
        pytest.param(
            # P-104 does not serve the Dutch police: the Maghreb is not covered for them.
            {"servedService": "NL-POLITIE"},
            {**BALKANS, "MA": "GAP", "DZ": "GAP", "FR": "GAP", "CN": "GAP"},
            {(c, k) for c in ("AL", "ME") for k in ("THB", "CYBER")} | {("MK", "CYBER"), ("RS", "CYBER")}
            | {(c, k) for c in ("BA", "XK", "MA", "DZ", "FR", "CN") for k in ("CYBER", "DRUGS", "THB")},
            {("AL", "DRUGS"), ("ME", "DRUGS"), ("MK", "DRUGS"), ("MK", "THB"), ("RS", "THB")},
            id="for-the-dutch-police",
        ),
        pytest.param(
            # P-102 serves only the Dutch police: LO-101 alone covers the Balkans for Luxembourg.
            {"servedService": "LU-POLICE", "region": "WESTERN_BALKANS"},
            {**dict.fromkeys(WB, "GAP"), "RS": "SINGLE_POINT", "MK": "SINGLE_POINT"},
            {("RS", "CYBER"), ("MK", "CYBER")} | {(c, k) for c in ("AL", "BA", "ME", "XK") for k in ("CYBER", "DRUGS", "THB")},
            {(c, k) for c in ("RS", "MK") for k in ("DRUGS", "THB")},
            id="balkans-for-luxembourg",
        ),
        pytest.param(
            # On 2027-03-01 P-104 has ended and P-105 (DRUGS only, no declared area) has started in Algiers.
            {"asOf": "2027-03-01", "region": "MAGHREB"},
            {"MA": "GAP", "DZ": "SINGLE_POINT"},
            {(c, k) for c in ("MA", "DZ") for k in ("CYBER", "THB")} | {("MA", "DRUGS")},
            {("DZ", "DRUGS")},
            id="after-rabat-ends",
        ),
    ],
)
async def test_filters_narrow_the_answer_as_worked_out(small: GraphQLClient, filters, expected_statuses, gaps, singles) -> None:
    report = await coverage(small, **filters)
    assert statuses(report) == expected_statuses
    assert cells(report["gaps"]) == gaps
    assert cells(report["singlePoints"]) == singles
    assert report["summary"]["gapCells"] == len(gaps) and report["summary"]["singlePointCells"] == len(singles)
    assert report["competence"] == filters.get("competence") and report["servedService"] == filters.get("servedService")


async def test_expiring_postings_say_what_would_become_a_gap(small: GraphQLClient) -> None:
    [rabat] = (await coverage(small))["expiringPostings"]  # P-103 ends sooner but is multilateral
    assert rabat["posting"] == {"id": "P-104"} and rabat["officer"] == {"id": "LO-104"}
    assert (rabat["endsOn"], rabat["daysLeft"]) == ("2027-02-28", 96)
    # LO-105 arrives in Algiers on 2027-02-01 with DRUGS only and no area: Morocco goes, and CYBER
    # in Algeria; THB was never there.
    assert cells(rabat["wouldBecomeGaps"]) == {("MA", "CYBER"), ("MA", "DRUGS"), ("DZ", "CYBER")}

    assert (await coverage(small, months=3))["expiringPostings"] == []  # 2027-02-24 is before the end
    assert (await coverage(small, servedService="NL-POLITIE"))["expiringPostings"] == []  # P-104 does not serve them
    [later] = (await coverage(small, months=24))["expiringPostings"][1:]
    # LO-101 stays for DRUGS in Serbia; Albania and Montenegro lose their only LO.
    assert later["posting"] == {"id": "P-102"} and cells(later["wouldBecomeGaps"]) == {("AL", "DRUGS"), ("ME", "DRUGS")}


@pytest.mark.parametrize(
    ("variables", "field"),
    [({"region": "ATLANTIS"}, "region"), ({"competence": "POETRY"}, "competence"), ({"servedService": "XX-NONE"}, "servedService"), ({"months": 0}, "withinMonths")],
)
async def test_unknown_codes_and_bad_ranges_are_bad_user_input(small: GraphQLClient, variables, field) -> None:
    [error] = await small.errors(COVERAGE, variables)
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["field"] == field


# -- workload, response times, programme report --------------------------------------------------


WORKLOAD = """{ workload { open overdue
  byOfficer { key name open overdue } byCountry { key open overdue } byRequestingService { key open overdue } } }"""


async def test_workload_counts_open_taskings_per_officer_country_and_service(small: GraphQLClient) -> None:
    workload = (await small.as_("admin").data(WORKLOAD))["workload"]  # every service's taskings
    # Open: T-102 (LO-101 ME LU-POLICE, overdue), T-103 (LO-102 AL NL-POLITIE), T-104 (LO-104 MA
    # BE-FEDPOL, overdue), T-108 (LO-101 RS BE-FEDPOL), T-109 (LO-102 AL NL-POLITIE).
    assert (workload["open"], workload["overdue"]) == (5, 2)
    assert workload["byOfficer"] == [
        {"key": "LO-101", "name": "Anna Peeters", "open": 2, "overdue": 1},
        {"key": "LO-102", "name": "Bram de Vries", "open": 2, "overdue": 0},
        {"key": "LO-104", "name": "Driss Alaoui", "open": 1, "overdue": 1},
    ]
    assert workload["byCountry"] == [
        {"key": "AL", "open": 2, "overdue": 0}, {"key": "MA", "open": 1, "overdue": 1},
        {"key": "ME", "open": 1, "overdue": 1}, {"key": "RS", "open": 1, "overdue": 0},
    ]
    assert workload["byRequestingService"] == [
        {"key": "BE-FEDPOL", "open": 2, "overdue": 1}, {"key": "NL-POLITIE", "open": 2, "overdue": 0},
        {"key": "LU-POLICE", "open": 1, "overdue": 1},
    ]


RESPONSE_TIMES = """query Times($from: Date, $to: Date) { responseTimes(from: $from, to: $to) {
  from to
  overall { taskings toAccepted { count medianHours p90Hours } toCompleted { count medianHours p90Hours } }
  byOfficer { key name taskings toAccepted { count medianHours p90Hours } toCompleted { count medianHours p90Hours } }
  byCountry { key taskings toAccepted { count medianHours } toCompleted { count medianHours } }
} }"""


def times(count: int, median: float | None, p90: float | None) -> dict:
    return {"count": count, "medianHours": median, "p90Hours": p90}


async def test_response_times_are_medians_and_90th_percentiles_per_officer_and_country(small: GraphQLClient) -> None:
    small = small.as_("admin")  # every service's taskings
    result = (await small.data(RESPONSE_TIMES))["responseTimes"]
    # Created 2025-11-24..2026-11-24: all but T-106 (2021). Hours to ACCEPTED by the current
    # assignee: T-101 2, T-102 4, T-103 6, T-105 10, T-109 8 (accepted again after its
    # reassignment, counted from the request); to COMPLETED: T-101 50, T-105 100.
    assert (result["from"], result["to"]) == ("2025-11-24", "2026-11-24")
    assert result["overall"] == {"taskings": 8, "toAccepted": times(5, 6.0, 9.2), "toCompleted": times(2, 75.0, 95.0)}
    assert result["byOfficer"] == [
        {"key": "LO-101", "name": "Anna Peeters", "taskings": 4, "toAccepted": times(2, 3.0, 3.8), "toCompleted": times(1, 50.0, 50.0)},
        {"key": "LO-102", "name": "Bram de Vries", "taskings": 2, "toAccepted": times(2, 7.0, 7.8), "toCompleted": times(0, None, None)},
        {"key": "LO-104", "name": "Driss Alaoui", "taskings": 2, "toAccepted": times(1, 10.0, 10.0), "toCompleted": times(1, 100.0, 100.0)},
    ]
    assert {c["key"]: (c["taskings"], c["toAccepted"]["medianHours"], c["toCompleted"]["medianHours"]) for c in result["byCountry"]} == {
        "AL": (2, 7.0, None), "DZ": (1, 10.0, 100.0), "MA": (1, None, None), "ME": (1, 4.0, None), "RS": (3, 2.0, 50.0)
    }

    early = (await small.data(RESPONSE_TIMES, {"from": "2021-01-01", "to": "2021-12-31"}))["responseTimes"]
    assert early["overall"] == {"taskings": 1, "toAccepted": times(1, 1.0, 1.0), "toCompleted": times(1, 24.0, 24.0)}
    [error] = await small.errors(RESPONSE_TIMES, {"from": "2026-02-01", "to": "2026-01-01"})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


PROGRAMME = """query Report($code: String!, $from: Date, $to: Date) { programmeReport(code: $code, from: $from, to: $to) {
  programme { code } from to taskings declined servedCountries allThreeServed
  byRequestingCountry { key count } byRequestingService { key count } byCountry { key count }
  postings { posting { id } officer { id } taskings declined servedCountries allThreeServed
             byRequestingService { key count } byCountry { key count } }
} }"""


async def test_the_programme_report_shows_whether_the_joint_use_served_all_three_countries(small: GraphQLClient) -> None:
    small = small.as_("admin")  # every service's taskings
    report = (await small.data(PROGRAMME, {"code": "BALKANS_PILOT"}))["programmeReport"]
    # P-101 (LO-101): T-101 BE RS, T-102 LU ME, T-107 BE RS (declined), T-108 BE RS.
    # P-102 (LO-102): T-103 and T-109 NL AL. P-106 (LO-102 until 2022): T-106 NL BA.
    assert (report["from"], report["to"]) == ("2010-09-01", "2026-11-24")  # the programme's start to today
    assert (report["taskings"], report["declined"], report["servedCountries"], report["allThreeServed"]) == (7, 1, ["BE", "LU", "NL"], True)
    assert report["byRequestingCountry"] == [{"key": "BE", "count": 3}, {"key": "NL", "count": 3}, {"key": "LU", "count": 1}]
    posts = {p["posting"]["id"]: p for p in report["postings"]}
    assert list(posts) == ["P-101", "P-102", "P-106"]
    belgrade = posts["P-101"]
    assert (belgrade["officer"], belgrade["taskings"], belgrade["declined"]) == ({"id": "LO-101"}, 4, 1)
    assert belgrade["byRequestingService"] == [{"key": "BE-FEDPOL", "count": 3}, {"key": "LU-POLICE", "count": 1}]
    assert belgrade["byCountry"] == [{"key": "RS", "count": 3}, {"key": "ME", "count": 1}]
    assert (belgrade["servedCountries"], belgrade["allThreeServed"]) == (["BE", "LU"], False)
    assert (posts["P-102"]["taskings"], posts["P-102"]["servedCountries"]) == (2, ["NL"])
    assert (posts["P-106"]["taskings"], posts["P-106"]["byCountry"]) == (1, [{"key": "BA", "count": 1}])

    # Before November 2026 no Dutch request reached the pilot; P-106 had ended long before.
    narrow = (await small.data(PROGRAMME, {"code": "BALKANS_PILOT", "from": "2026-01-01", "to": "2026-10-31"}))["programmeReport"]
    assert [p["posting"]["id"] for p in narrow["postings"]] == ["P-101", "P-102"]
    assert (narrow["taskings"], narrow["servedCountries"], narrow["allThreeServed"]) == (2, ["BE", "LU"], False)

    [error] = await small.errors(PROGRAMME, {"code": "NO_SUCH_PROGRAMME"})
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["field"] == "programme"


async def test_a_manager_counts_only_the_taskings_of_their_own_countrys_services(small: GraphQLClient) -> None:
    """The Dutch manager's statistics are those of the Dutch services' requests (T-103, T-106,
    T-109), as `taskings` shows them: not the Belgian and Luxembourg ones."""
    workload = (await small.data(WORKLOAD))["workload"]
    assert (workload["open"], workload["overdue"]) == (2, 0)
    assert workload["byRequestingService"] == [{"key": "NL-POLITIE", "open": 2, "overdue": 0}]
    assert [g["key"] for g in workload["byOfficer"]] == ["LO-102"]

    times = (await small.data(RESPONSE_TIMES, {"from": "2020-01-01"}))["responseTimes"]
    assert times["overall"]["taskings"] == 3 and [g["key"] for g in times["byOfficer"]] == ["LO-102"]

    report = (await small.data(PROGRAMME, {"code": "BALKANS_PILOT"}))["programmeReport"]
    assert (report["taskings"], report["servedCountries"], report["byRequestingService"]) == (
        3, ["NL"], [{"key": "NL-POLITIE", "count": 3}]
    )
    table = rows(await export(small, "programme-report.csv", code="BALKANS_PILOT"))
    assert {r["requestingService"] for r in table} == {"", "NL-POLITIE"}

    listed = (await small.data("{ taskings(first: 100) { nodes { id } } }"))["taskings"]["nodes"]
    assert sorted(t["id"] for t in listed) == ["T-103", "T-106", "T-109"]


# -- bounded statements --------------------------------------------------------------------------

ANSWERS = {
    "coverage": COVERAGE,
    "workload": "{ workload { open byOfficer { key name } byCountry { name } byRequestingService { name } } }",
    "responseTimes": RESPONSE_TIMES,
    "programmeReport": PROGRAMME,
}


async def statements_for(api: GraphQLClient, name: str) -> int:
    variables = {"code": "BALKANS_PILOT"} if name == "programmeReport" else {}
    before = api.executor.stats.round_trips
    await api.data(ANSWERS[name], variables)
    return api.executor.stats.round_trips - before


@pytest.mark.parametrize("name", sorted(ANSWERS))
async def test_each_answer_takes_a_bounded_number_of_statements_whatever_the_network(
    small: GraphQLClient, api: GraphQLClient, name: str
) -> None:
    on_small = await statements_for(small, name)  # 10 countries, 6 postings, 9 taskings
    on_demo = await statements_for(api.as_("manager-be"), name)  # 240 countries in scope, 137 postings, 36 taskings
    assert on_small <= 12 and on_demo <= 12, (on_small, on_demo)
    assert abs(on_demo - on_small) <= 1, (on_small, on_demo)  # at most the deputies' names differ


# -- CSV exports ---------------------------------------------------------------------------------


async def export(api: GraphQLClient, path: str, **params: str) -> httpx.Response:
    return await api.http.get(f"/exports/{path}", params=params, headers=api.headers)


def rows(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(response.text)))


@pytest.mark.parametrize("filters", [{}, {"competence": "CYBER"}, {"servedService": "LU-POLICE", "region": "WESTERN_BALKANS"}])
async def test_the_coverage_csv_is_the_graphql_answer(small: GraphQLClient, filters: dict[str, str]) -> None:
    report = await coverage(small, **filters)
    matrix = (await small.data(MATRIX, filters))["coverage"]
    table = rows(await export(small, "coverage.csv", **filters))

    from_graphql = {
        (c["country"]["iso2"], k["competence"]["code"], p["officer"]["id"], p["route"], str(k["level"]))
        for c in matrix["countries"] for p in c["providers"] for k in p["competences"]
    }
    assert {(r["country"], r["competence"], r["officerId"], r["route"], r["level"]) for r in table if r["officerId"]} == from_graphql
    assert {(r["country"], r["competence"]) for r in table if r["status"] == "GAP"} == cells(report["gaps"])
    assert {(r["country"], r["competence"]) for r in table if r["status"] == "SINGLE_POINT"} == cells(report["singlePoints"])
    assert all(r["asOf"] == "2026-11-24" for r in table)


async def test_the_programme_csv_has_a_row_per_posting_service_and_country(small: GraphQLClient) -> None:
    small = small.as_("admin")  # every service's taskings
    table = rows(await export(small, "programme-report.csv", code="BALKANS_PILOT"))
    assert [(r["postingId"], r["requestingService"], r["country"], r["taskings"]) for r in table] == [
        ("P-101", "BE-FEDPOL", "RS", "3"), ("P-101", "LU-POLICE", "ME", "1"),
        ("P-102", "NL-POLITIE", "AL", "2"), ("P-106", "NL-POLITIE", "BA", "1"),
    ]
    assert {(r["programme"], r["from"], r["to"]) for r in table} == {("BALKANS_PILOT", "2010-09-01", "2026-11-24")}
    later = rows(await export(small, "programme-report.csv", code="BALKANS_PILOT", **{"from": "2026-11-20"}))
    assert [(r["postingId"], r["requestingService"], r["taskings"]) for r in later] == [("P-101", "BE-FEDPOL", "1"), ("P-102", "", "0")]


@pytest.mark.parametrize("path", ["coverage.csv", "programme-report.csv?code=BALKANS_PILOT"])
async def test_exports_need_a_manager_or_admin_token(small: GraphQLClient, path: str) -> None:
    anonymous = await small.http.get(f"/exports/{path}")
    assert anonymous.status_code == 401 and anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    for key in ("investigator-be", "lo-belgrade"):
        refused = await small.http.get(f"/exports/{path}", headers=small.as_(key).headers)
        assert refused.status_code == 403, refused.text
        [error] = refused.json()["errors"]
        assert error["extensions"]["code"] == "FORBIDDEN" and "not allowed" in error["message"]
        assert "Anna Peeters" not in refused.text
    assert (await small.http.get(f"/exports/{path}", headers=small.as_("admin").headers)).status_code == 200


@pytest.mark.parametrize(
    ("path", "field"),
    [("coverage.csv?asOf=yesterday", "asOf"), ("coverage.csv?competence=POETRY", "competence"), ("programme-report.csv", "code")],
)
async def test_bad_export_parameters_are_typed_400s(small: GraphQLClient, path: str, field: str) -> None:
    response = await small.http.get(f"/exports/{path}", headers=small.headers)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": field, "requestId": response.headers["x-request-id"]}


# -- the demo network, as a manager sees it ------------------------------------------------------


async def test_on_the_demo_network_the_balkans_show_their_gaps_and_single_points(api: GraphQLClient) -> None:
    manager = api.as_("manager-nl")
    report = (await manager.data(
        "{ coverage { countries { country { iso2 region { code } } status } gaps { country { iso2 } competence { code } } "
        "singlePoints { country { iso2 } competence { code } } } }"
    ))["coverage"]
    balkans = {c["country"]["iso2"]: c["status"] for c in report["countries"] if (c["country"]["region"] or {}).get("code") == "WESTERN_BALKANS"}
    # Nobody declares North Macedonia or Kosovo: sharing a region with Belgrade covers nothing.
    assert balkans == {"AL": "SINGLE_POINT", "BA": "SINGLE_POINT", "ME": "COVERED", "RS": "COVERED", "MK": "GAP", "XK": "GAP"}
    assert report["gaps"] and report["singlePoints"]
    table = rows(await export(manager, "coverage.csv"))
    assert {(r["country"], r["competence"]) for r in table if r["status"] == "GAP"} == cells(report["gaps"])
    assert {(r["country"], r["competence"]) for r in table if r["status"] == "SINGLE_POINT"} == cells(report["singlePoints"])


# -- the demo network: real gaps, programmes and their stand-ins ---------------------------------


async def test_on_the_demo_network_region_membership_covers_nothing_and_real_gaps_show(api: GraphQLClient) -> None:
    manager = api.as_("manager-be")
    balkans = (await manager.data(COVERAGE, {"region": "WESTERN_BALKANS"}))["coverage"]
    # Nobody declares North Macedonia or Kosovo: the Balkans pilot LOs in Belgrade, Sarajevo and
    # Tirana no longer "cover" them by sharing a region.
    assert statuses(balkans) == {
        "AL": "SINGLE_POINT", "BA": "SINGLE_POINT", "ME": "COVERED", "RS": "COVERED", "MK": "GAP", "XK": "GAP"
    }
    assert balkans["summary"]["covered"] < len(WB)

    whole = (await manager.data("{ coverage { summary { countries gap } countries { country { iso2 } } } }"))["coverage"]
    in_scope = {c["country"]["iso2"] for c in whole["countries"]}
    assert not in_scope & {"BE", "NL", "LU", "BQ", "AQ", "BV", "HM", "TF", "GS", "UM"}
    assert whole["summary"]["gap"] > 100  # most of the world has no Benelux LO: managers see it


async def test_a_programme_names_its_countries_and_postings(api: GraphQLClient) -> None:
    found = (await api.as_("manager-nl").data(
        '{ programmes { code countries { iso2 } postings { id startsOn officer { id } } } }'
    ))["programmes"]
    pilot = next(p for p in found if p["code"] == "BALKANS_PILOT")
    assert [c["iso2"] for c in pilot["countries"]] == WB
    assert min(p["startsOn"] for p in pilot["postings"]) == "2010-09-01"  # the pilot's first LOs
    assert {"P-001", "P-002", "P-003"} <= {p["id"] for p in pilot["postings"]}


STAND_INS = """query Report($code: String!) { programmeReport(code: $code, to: "2028-11-23") {
  standIns { taskingId country deputy { id } standingInFor { id } posting { id } } } }"""


async def test_the_programme_report_shows_the_taskings_a_stand_in_handled(api: GraphQLClient) -> None:
    admin = api.as_("admin").justified()
    assert (await admin.data(STAND_INS, {"code": "BALKANS_PILOT"}))["programmeReport"]["standIns"] == []
    # The Tirana LO (LO-003, Albania) is away; her first deputy, LO-001 in Belgrade, takes an Albanian request.
    await admin.data(
        # (to the longest allowed end: the request is stamped with the wall clock's time, not LONET_TODAY)
        'mutation { addAvailabilityWindow(officerId: "LO-003", startsOn: "2026-11-24", endsOn: "2028-11-23", '
        'status: ON_MISSION, note: "secondment to Skopje") { id } }'
    )
    request = {
        "title": "Owner of a speedboat in Vlorë", "country": "AL", "competences": ["DRUGS"],
        "legalBasis": "BENELUX_POLICE_TREATY_2018", "assignee": "LO-001",
    }
    made = (await api.as_("investigator-be").justified().data(
        "mutation($input: RequestTaskingInput!) { requestTasking(input: $input) { id assignee { id } } }", {"input": request}
    ))["requestTasking"]

    [stand_in] = (await admin.data(STAND_INS, {"code": "BALKANS_PILOT"}))["programmeReport"]["standIns"]
    assert stand_in == {
        "taskingId": made["id"], "country": "AL", "deputy": {"id": "LO-001"}, "standingInFor": {"id": "LO-003"},
        "posting": {"id": "P-003"},
    }
