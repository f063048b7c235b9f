"""An LO keeping their availability true: status, planned absences, deputies; and what search makes of it."""

from __future__ import annotations

import re

import pytest

from .conftest import GraphQLClient

OFFICER = '{ officer(id: "LO-001") { availability availabilityNote version availabilityWindows { id startsOn endsOn status } deputies { id } } }'
SEARCH_ON = """query($day: Date) { searchLiaisons(country: "RS", competence: "MIGRANT_SMUGGLING",
    requestingService: "BE-FEDPOL", onDate: $day) { matches { route available officer { id } reasons } } }"""
ADD_WINDOW = """mutation($from: Date!, $to: Date!, $status: Availability!, $who: ID) {
    addAvailabilityWindow(startsOn: $from, endsOn: $to, status: $status, note: "mission", officerId: $who) { id startsOn endsOn } }"""


def lo(api: GraphQLClient) -> GraphQLClient:
    return api.as_("lo-belgrade").justified("availability update")


async def test_an_lo_sets_their_status_and_search_shows_it(api: GraphQLClient) -> None:
    changed = await lo(api).data(
        'mutation { setAvailability(status: ON_MISSION, note: "in Podgorica all week", version: 1) { availability version } }'
    )
    assert changed["setAvailability"] == {"availability": "ON_MISSION", "version": 2}

    matches = (await api.data(SEARCH_ON, {"day": "2026-11-25"}))["searchLiaisons"]["matches"]
    away = next(m for m in matches if m["officer"]["id"] == "LO-001")
    assert away["available"] is False and matches[-1] == away  # available LOs first
    assert "on mission: in Podgorica all week" in away["reasons"]
    assert [m["officer"]["id"] for m in matches if m["route"] == "DEPUTY"] == ["LO-002", "LO-003"]


async def test_a_stale_version_is_a_conflict_and_changes_nothing(api: GraphQLClient) -> None:
    await lo(api).data('mutation { setAvailability(status: LIMITED, version: 1) { version } }')

    errors = await lo(api).errors('mutation { setAvailability(status: ON_LEAVE, version: 1) { version } }')

    assert errors[0]["extensions"]["code"] == "CONFLICT"
    assert errors[0]["extensions"]["currentVersion"] == 2
    assert (await api.data(OFFICER))["officer"]["availability"] == "LIMITED"


async def test_a_planned_window_makes_search_fall_back_to_deputies_on_those_days(api: GraphQLClient) -> None:
    window = (await lo(api).data(ADD_WINDOW, {"from": "2027-02-01", "to": "2027-02-10", "status": "ON_MISSION"}))[
        "addAvailabilityWindow"
    ]

    during = (await api.data(SEARCH_ON, {"day": "2027-02-05"}))["searchLiaisons"]["matches"]
    after = (await api.data(SEARCH_ON, {"day": "2027-02-11"}))["searchLiaisons"]["matches"]

    assert window["id"].startswith("W-")
    lo_001 = [(m["officer"]["id"], m["available"]) for m in during if m["officer"]["id"] == "LO-001"]
    assert lo_001 == [("LO-001", False)] and any(m["route"] == "DEPUTY" for m in during)
    assert during[0]["available"] is True  # a stand-in (or another LO) first, LO-001 after them
    assert after[0]["officer"]["id"] == "LO-001" and after[0]["available"] is True
    assert not any(m["route"] == "DEPUTY" for m in after)


@pytest.mark.parametrize(
    ("starts", "ends", "status", "field", "message"),
    [
        ("2027-03-10", "2027-03-01", "ON_LEAVE", "endsOn", "is before startsOn"),
        ("2026-12-28", "2027-01-10", "ON_LEAVE", "startsOn", "overlaps window W-001"),
        ("2027-03-07", "2027-03-09", "ON_LEAVE", "startsOn", "overlaps window W-020"),
        ("2028-11-01", "2028-12-01", "ON_LEAVE", "endsOn", "more than 2 years ahead"),
        ("2026-01-01", "2026-01-31", "ON_LEAVE", "endsOn", "before today"),
        ("2027-04-01", "2027-04-02", "AVAILABLE", "status", "AVAILABLE is the default"),
    ],
    ids=["ends-before-start", "overlaps-christmas", "overlaps-march", "too-far-ahead", "in-the-past", "available"],
)
async def test_an_invalid_window_is_refused_naming_the_field(api: GraphQLClient, starts, ends, status, field, message) -> None:
    errors = await lo(api).errors(ADD_WINDOW, {"from": starts, "to": ends, "status": status})

    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert errors[0]["extensions"]["field"] == field
    assert message in errors[0]["message"]
    windows = (await api.data(OFFICER))["officer"]["availabilityWindows"]
    assert [w["id"] for w in windows] == ["W-001", "W-020"]  # nothing added


async def test_windows_are_removed_by_their_owner_only(api: GraphQLClient) -> None:
    other_lo = api.as_("lo-belgrade", officer_id="LO-002").justified()
    refused = await other_lo.errors('mutation { removeAvailabilityWindow(id: "W-001") }')
    missing = await lo(api).errors('mutation { removeAvailabilityWindow(id: "W-NOPE") }')
    removed = await lo(api).data('mutation { removeAvailabilityWindow(id: "W-001") }')

    assert refused[0]["extensions"]["code"] == "FORBIDDEN"
    assert missing[0]["extensions"]["code"] == "NOT_FOUND"
    assert removed == {"removeAvailabilityWindow": "W-001"}
    assert [w["id"] for w in (await api.data(OFFICER))["officer"]["availabilityWindows"]] == ["W-020"]


async def test_an_lo_orders_their_deputies(api: GraphQLClient) -> None:
    result = await lo(api).data('mutation { setDeputies(officerIds: ["LO-003", "LO-002"]) { deputies { id } } }')

    assert [d["id"] for d in result["setDeputies"]["deputies"]] == ["LO-003", "LO-002"]
    assert [d["id"] for d in (await api.data(OFFICER))["officer"]["deputies"]] == ["LO-003", "LO-002"]


async def test_two_los_may_stand_in_for_each_other_and_search_follows_one_level(api: GraphQLClient) -> None:
    # LO-001 is deputised by LO-002 already; LO-002 names LO-001: the Balkans arrangement.
    sarajevo = api.as_("lo-belgrade", officer_id="LO-002").justified()
    result = await sarajevo.data('mutation { setDeputies(officerIds: ["LO-001"]) { deputies { id } } }')
    assert [d["id"] for d in result["setDeputies"]["deputies"]] == ["LO-001"]

    # Both away on 2026-12-24 (LO-001's Christmas leave, a mission of LO-002's): the search for
    # Bosnia stands in LO-001 for LO-002 once, and does not loop back.
    await api.as_("admin").justified().data(
        'mutation { addAvailabilityWindow(officerId: "LO-002", startsOn: "2026-12-20", endsOn: "2026-12-28", '
        'status: ON_MISSION, note: "mission") { id } }'
    )
    found = (await api.data(
        '{ searchLiaisons(country: "BA", onDate: "2026-12-24", requestingService: "BE-FEDPOL") '
        "{ matches { officer { id } route available } } }"
    ))["searchLiaisons"]["matches"]
    # LO-001's own deputies (LO-002 again, LO-003) are not followed: one level, no loop.
    assert [(m["officer"]["id"], m["route"], m["available"]) for m in found] == [
        ("LO-002", "DIRECT", False), ("LO-001", "DEPUTY", False)
    ]


@pytest.mark.parametrize(
    ("who", "deputies", "message"),
    [
        ("LO-001", ["LO-001"], "cannot deputise for themself"),
        ("LO-001", ["LO-002", "LO-002"], "named twice"),
        ("LO-001", ["LO-999"], "unknown officer: LO-999"),
        # Beijing cannot stand in for Belgrade (it serves the same services, but is posted elsewhere).
        ("LO-001", ["LO-039"], "LO-039 is posted in CN and covers no country"),
        # LO-004 (Belgrade, Belgian services only) cannot take over the Dutch requests LO-001 serves.
        ("LO-001", ["LO-004"], "LO-004's posting does not serve BE-BBI"),
        ("LO-001", ["LO-011"], "LO-011 holds no active resident or regional posting"),  # Europol
    ],
    ids=["self", "twice", "unknown", "far-away", "not-serving", "multilateral"],
)
async def test_invalid_deputies_are_refused(api: GraphQLClient, who: str, deputies: list[str], message: str) -> None:
    client = api.as_("lo-belgrade", officer_id=who).justified()

    errors = await client.errors("mutation($d: [ID!]!) { setDeputies(officerIds: $d) { id } }", {"d": deputies})

    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert message in errors[0]["message"]
    assert [d["id"] for d in (await api.data(OFFICER))["officer"]["deputies"]] == ["LO-002", "LO-003"]


async def test_an_admin_changes_any_officers_availability_and_it_is_logged(api: GraphQLClient) -> None:
    admin = api.as_("admin").justified("HR correction 2026-77")

    await admin.data('mutation { setAvailability(officerId: "LO-001", status: UNREACHABLE, version: 1) { version } }')

    log = await admin.data('{ auditLog(first: 5, filter: {operation: "setAvailability"}) { edges { node { subject objectIds justification } } } }')
    [entry] = [e["node"] for e in log["auditLog"]["edges"]]
    assert entry == {"subject": "lonet:admin", "objectIds": ["LO-001"], "justification": "HR correction 2026-77"}


async def test_an_lo_keeps_their_own_record_without_a_case_reference_and_it_is_still_logged(api: GraphQLClient) -> None:
    """Self-administration involves no case: no justification asked, every change logged. An
    admin changing someone else's record still gives one."""
    own = api.as_("lo-belgrade")  # no X-Justification

    await own.data('mutation { setAvailability(status: LIMITED, note: "court", version: 1) { version } }')
    window = (await own.data(ADD_WINDOW, {"from": "2027-02-01", "to": "2027-02-10", "status": "ON_MISSION"}))["addAvailabilityWindow"]
    await own.data('mutation($id: ID!) { removeAvailabilityWindow(id: $id) }', {"id": window["id"]})
    await own.data('mutation { setDeputies(officerIds: ["LO-003"]) { id } }')
    refused = await api.as_("admin").errors('mutation { setAvailability(officerId: "LO-001", status: ON_LEAVE, version: 3) { version } }')

    assert refused[0]["extensions"]["code"] == "BAD_USER_INPUT" and refused[0]["extensions"]["field"] == "justification"
    log = await api.as_("admin").justified("audit review").data(
        '{ auditLog(first: 20) { edges { node { at roles operation objectIds justification } } } }'
    )
    logged = {e["node"]["operation"]: e["node"] for e in log["auditLog"]["edges"] if "liaison_officer" in e["node"]["roles"]}
    assert set(logged) >= {"setAvailability", "addAvailabilityWindow", "removeAvailabilityWindow", "setDeputies"}
    assert all(entry["justification"] is None and "LO-001" in entry["objectIds"] for entry in logged.values())
    # Times as a reader wants them: ISO 8601 to the second, with the zone (no microseconds).
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", entry["at"]) for entry in logged.values()), logged
