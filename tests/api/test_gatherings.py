"""Gatherings: managers invite, LOs answer, attendance shows in availability (and search), and it
goes when the gathering is cancelled."""

from __future__ import annotations

from .conftest import GraphQLClient

CREATE = """mutation($input: CreateGatheringInput!) { createGathering(input: $input) {
    id kind status version invitedBy invitedCode invitations { officer { id } answer version } } }"""
SEMINAR = {
    "kind": "RETURN_DAY", "title": "Balkans return day", "place": "Brussels", "startsOn": "2027-02-01",
    "endsOn": "2027-02-02", "invite": {"to": "PROGRAMME", "code": "BALKANS_PILOT"},
}
ANSWER = """mutation($id: ID!, $attending: Boolean!, $version: Int!) {
    answerInvitation(id: $id, attending: $attending, note: "flying in on Sunday", version: $version) { answer note version } }"""
SEARCH_ON = """query($day: Date) { searchLiaisons(country: "RS", competence: "MIGRANT_SMUGGLING",
    requestingService: "BE-FEDPOL", onDate: $day) { matches { route available officer { id } reasons } } }"""
GATHERING = """query($id: ID!) { gathering(id: $id) { id attending invitations { officer { id } answer note } } }"""


async def _return_day(api: GraphQLClient, **changes) -> dict:
    return (await api.as_("manager-be").data(CREATE, {"input": {**SEMINAR, **changes}}))["createGathering"]


async def test_a_manager_invites_a_programme_and_its_lo_s_are_invited(api: GraphQLClient) -> None:
    gathering = await _return_day(api)

    invited = {i["officer"]["id"] for i in gathering["invitations"]}
    assert gathering["status"] == "PLANNED" and gathering["invitedCode"] == "BALKANS_PILOT"
    assert {"LO-001", "LO-002", "LO-003"} <= invited and "LO-004" not in invited  # LO-004: Belgrade, not the pilot
    assert all(i["answer"] is None and i["version"] == 1 for i in gathering["invitations"])


async def test_an_unknown_programme_and_a_gathering_ending_before_it_starts_are_bad_input(api: GraphQLClient) -> None:
    manager = api.as_("manager-be")
    before = (await manager.data('{ gatherings(fromDate: "2027-01-01") { id } }'))["gatherings"]
    unknown = await manager.errors(CREATE, {"input": {**SEMINAR, "invite": {"to": "PROGRAMME", "code": "ATLANTIS"}}})
    backwards = await manager.errors(CREATE, {"input": {**SEMINAR, "endsOn": "2027-01-31"}})

    assert unknown[0]["extensions"]["code"] == "BAD_USER_INPUT" and "ATLANTIS" in unknown[0]["message"]
    assert backwards[0]["extensions"]["code"] == "BAD_USER_INPUT" and "before startsOn" in backwards[0]["message"]
    assert (await manager.data('{ gatherings(fromDate: "2027-01-01") { id } }'))["gatherings"] == before  # nothing written


async def test_attending_makes_the_lo_on_mission_so_search_routes_to_deputies_until_cancelled(api: GraphQLClient) -> None:
    gathering = await _return_day(api)
    lo = api.as_("lo-belgrade")

    answer = (await lo.data(ANSWER, {"id": gathering["id"], "attending": True, "version": 1}))["answerInvitation"]
    during = (await api.data(SEARCH_ON, {"day": "2027-02-02"}))["searchLiaisons"]["matches"]
    seen = (await api.as_("manager-nl").data(GATHERING, {"id": gathering["id"]}))["gathering"]
    own = (await lo.data(GATHERING, {"id": gathering["id"]}))["gathering"]

    assert answer == {"answer": "ATTENDING", "note": "flying in on Sunday", "version": 2}
    away = next(m for m in during if m["officer"]["id"] == "LO-001")
    assert away["available"] is False
    assert any("attending the gathering Balkans return day in Brussels" in r for r in away["reasons"])
    assert any(m["route"] == "DEPUTY" for m in during)
    assert seen["attending"] == 1 and len(seen["invitations"]) > 1  # managers see everyone's answers
    assert [i["officer"]["id"] for i in own["invitations"]] == ["LO-001"]  # an LO their own

    cancelled = await api.as_("manager-be").data(
        'mutation($id: ID!) { cancelGathering(id: $id, version: 1, reason: "venue closed") { status version } }',
        {"id": gathering["id"]},
    )
    after = (await api.data(SEARCH_ON, {"day": "2027-02-02"}))["searchLiaisons"]["matches"]
    assert cancelled["cancelGathering"] == {"status": "CANCELLED", "version": 2}
    assert next(m for m in after if m["officer"]["id"] == "LO-001")["available"] is True


async def test_a_stale_answer_is_a_conflict(api: GraphQLClient) -> None:
    gathering = await _return_day(api)
    lo = api.as_("lo-belgrade")
    await lo.data(ANSWER, {"id": gathering["id"], "attending": True, "version": 1})

    errors = await lo.errors(ANSWER, {"id": gathering["id"], "attending": False, "version": 1})

    assert errors[0]["extensions"]["code"] == "CONFLICT" and errors[0]["extensions"]["currentVersion"] == 2


async def test_who_may_organise_and_see_gatherings(api: GraphQLClient) -> None:
    gathering = await _return_day(api)

    by_lo = await api.as_("lo-belgrade").errors(CREATE, {"input": SEMINAR})
    by_investigator = await api.errors(GATHERING, {"id": gathering["id"]})
    not_invited = await api.as_("lo-belgrade", officer_id="LO-004", subject="lo:LO-004").errors(GATHERING, {"id": gathering["id"]})
    stranger_answers = await api.as_("lo-belgrade", officer_id="LO-004", subject="lo:LO-004").errors(
        ANSWER, {"id": gathering["id"], "attending": True, "version": 1}
    )

    assert by_lo[0]["extensions"]["code"] == "FORBIDDEN"
    assert by_investigator[0]["extensions"]["code"] == "FORBIDDEN"
    assert not_invited[0]["extensions"]["code"] == "NOT_FOUND"
    assert stranger_answers[0]["extensions"]["code"] == "NOT_FOUND"


async def test_the_demo_holds_the_joint_week_of_april_2018_and_a_balkans_return_day(api: GraphQLClient) -> None:
    listed = (await api.as_("manager-be").data('{ gatherings(fromDate: "2018-01-01") { id kind attending invitations { officer { id } } } }'))
    by_id = {g["id"]: g for g in listed["gatherings"]}

    week = by_id["G-2018-JOINT-WEEK"]
    assert week["kind"] == "JOINT_LO_WEEK" and len(week["invitations"]) == 60 and week["attending"] >= 55
    assert by_id["G-2027-BALKANS-RETURN"]["kind"] == "RETURN_DAY"
    assert {"G-2027-CO-LOCAL", "G-2027-CRYPTO-COURSE"} <= set(by_id)
