"""Coordinators of host countries and regions: declared by admins, shown in search results and
the coverage report, and the rule for who convenes a local LO meeting."""

from __future__ import annotations

import csv
import io

from .conftest import GraphQLClient

SEARCH = """query($country: String!) { searchLiaisons(country: $country) {
    coordination { coordinator leadNation declaredFor inherited } } }"""
COVERAGE = """{ coverage(region: "WESTERN_BALKANS") { countries { country { iso2 coordination { coordinator inherited } } } } }"""
SET = """mutation($country: String, $coordinator: String, $lead: String, $version: Int!) {
    setCoordination(country: $country, coordinator: $coordinator, leadNation: $lead, version: $version) {
    coordinator leadNation declaredFor } }"""
LOCAL = """mutation($input: CreateGatheringInput!) { createGathering(input: $input) {
    kind hostCountry { iso2 } convenor { id } invitations { officer { id } } } }"""
MEETING = {
    "kind": "LOCAL_LO_MEETING", "title": "EU LOs in Serbia", "place": "Belgrade", "startsOn": "2027-02-03",
    "endsOn": "2027-02-03", "hostCountry": "RS", "invite": {"to": "COUNTRY", "code": "RS"},
}


async def test_search_and_coverage_show_who_coordinates(api: GraphQLClient) -> None:
    serbia = (await api.data(SEARCH, {"country": "RS"}))["searchLiaisons"]["coordination"]
    colombia = (await api.data(SEARCH, {"country": "CO"}))["searchLiaisons"]["coordination"]
    coverage = (await api.as_("manager-be").data(COVERAGE))["coverage"]["countries"]

    assert serbia == {"coordinator": "NL", "leadNation": None, "declaredFor": "WESTERN_BALKANS", "inherited": True}
    assert colombia == {"coordinator": "BE", "leadNation": "Spain", "declaredFor": "CO", "inherited": False}
    shown = {c["country"]["iso2"]: c["country"]["coordination"] for c in coverage}
    assert shown["BA"] == {"coordinator": "BE", "inherited": False} and shown["RS"]["coordinator"] == "NL"


async def test_an_admin_declares_a_coordinator_with_version_checks(api: GraphQLClient) -> None:
    admin = api.as_("admin").justified("network decision 2026/12")

    declared = (await admin.data(SET, {"country": "PE", "coordinator": "nl", "lead": "Spain", "version": 1}))
    stale = await admin.errors(SET, {"country": "PE", "coordinator": "BE", "version": 1})
    not_benelux = await admin.errors(SET, {"country": "PE", "coordinator": "FR", "version": 2})
    by_manager = await api.as_("manager-be").justified().errors(SET, {"country": "PE", "coordinator": "BE", "version": 2})

    assert declared["setCoordination"] == {"coordinator": "NL", "leadNation": "Spain", "declaredFor": "PE"}
    assert (await api.data(SEARCH, {"country": "PE"}))["searchLiaisons"]["coordination"]["coordinator"] == "NL"
    assert stale[0]["extensions"]["code"] == "CONFLICT" and stale[0]["extensions"]["currentVersion"] == 2
    assert not_benelux[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert by_manager[0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_local_lo_meeting_is_convened_by_the_coordinators_lo_there(api: GraphQLClient) -> None:
    # Serbia: the Western Balkans' coordinator is NL; LO-001 is a Dutch LO in Belgrade, LO-004 a Belgian one.
    convened = (await api.as_("lo-belgrade").data(LOCAL, {"input": MEETING}))["createGathering"]
    belgian = await api.as_("lo-belgrade", officer_id="LO-004", subject="lo:LO-004", service="BE-FEDPOL").errors(
        LOCAL, {"input": MEETING}
    )
    manager = await api.as_("manager-nl").errors(LOCAL, {"input": MEETING})

    assert convened["hostCountry"]["iso2"] == "RS" and convened["convenor"]["id"] == "LO-001"
    assert {"LO-001", "LO-004", "LO-005"} <= {i["officer"]["id"] for i in convened["invitations"]}
    assert belgian[0]["extensions"]["code"] == "FORBIDDEN" and "NL coordinates RS" in belgian[0]["message"]
    assert manager[0]["extensions"]["code"] == "FORBIDDEN"


async def test_the_coverage_csv_names_each_countrys_coordinator_and_lead_nation(api: GraphQLClient) -> None:
    manager = api.as_("manager-be")
    response = await api.http.get("/exports/coverage.csv", params={"competence": "DRUGS"}, headers=manager.headers)

    rows = {r["country"]: r for r in csv.DictReader(io.StringIO(response.text))}
    assert (rows["RS"]["coordinator"], rows["RS"]["leadNation"]) == ("NL", "")  # the Western Balkans' (its region's)
    assert (rows["BA"]["coordinator"], rows["CO"]["coordinator"], rows["CO"]["leadNation"]) == ("BE", "BE", "Spain")
    assert (rows["PE"]["coordinator"], rows["PE"]["leadNation"]) == ("", "")  # none declared
