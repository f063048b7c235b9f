"""Guessing ids tells nothing: a tasking outside the caller's scope answers exactly as an id that
does not exist (NOT_FOUND), for reads and for every transition; and search shows investigators a
coarse load of each LO, not the exact count of their open taskings (managers and admins keep it)."""

from __future__ import annotations

import re

import pytest

from ..api.conftest import GraphQLClient

OUTSIDE = "T-0004"  # BE-FEDPOL's, assigned to LO-004, IN_PROGRESS (version 3)
UNKNOWN = "T-9999"

OPERATIONS = {
    "tasking": ("investigator-nl", {}, 'query($id: ID!) { tasking(id: $id) { id title } }'),
    "cancelTasking": (
        "investigator-nl", {}, 'mutation($id: ID!) { cancelTasking(id: $id, version: 3, reason: "closed") { status } }'
    ),
    "reassignTasking": (
        "investigator-nl", {},
        'mutation($id: ID!) { reassignTasking(id: $id, version: 3, officerId: "LO-001", reason: "leave") { status } }',
    ),
    "completeTasking": (
        "lo-belgrade", {}, 'mutation($id: ID!) { completeTasking(id: $id, version: 3, outcome: "done", handlingCode: H1, sourceReliability: B, informationAssessment: 2) { status } }'
    ),
    "tasking-as-lo": ("lo-belgrade", {}, 'query($id: ID!) { tasking(id: $id) { id } }'),
    "tasking-as-manager": ("manager-nl", {}, 'query($id: ID!) { tasking(id: $id) { id } }'),
}


def answer(body: dict, tasking_id: str) -> tuple:
    """What a caller learns from a response, with the asked id taken out."""
    [error] = body["errors"]
    extensions = {k: v for k, v in error["extensions"].items() if k != "requestId"}
    return re.sub(re.escape(tasking_id), "<id>", error["message"]), extensions, body.get("data")


@pytest.mark.parametrize("name", sorted(OPERATIONS))
async def test_a_tasking_outside_the_scope_answers_as_an_unknown_id(api: GraphQLClient, name: str) -> None:
    key, changes, query = OPERATIONS[name]
    caller = api.as_(key, **changes).justified()

    outside = (await caller.post(query, {"id": OUTSIDE})).json()
    unknown = (await caller.post(query, {"id": UNKNOWN})).json()

    assert answer(outside, OUTSIDE) == answer(unknown, UNKNOWN)
    assert answer(unknown, UNKNOWN)[1] == {"code": "NOT_FOUND", "field": "id"}
    seen = await api.as_("admin").data('query($id: ID!) { tasking(id: $id) { id status version } }', {"id": OUTSIDE})
    assert seen["tasking"] == {"id": OUTSIDE, "status": "IN_PROGRESS", "version": 3}  # it exists, unchanged


async def test_a_role_without_the_operation_is_forbidden_whatever_the_id(api: GraphQLClient) -> None:
    manager = api.as_("manager-nl").justified()
    query = "mutation($id: ID!) { acceptTasking(id: $id, version: 1) { status } }"

    codes = {(await manager.post(query, {"id": i})).json()["errors"][0]["extensions"]["code"] for i in (OUTSIDE, UNKNOWN)}

    assert codes == {"FORBIDDEN"}


# -- search: a band of the load, not the count -----------------------------------------------------

SEARCH = """query($lang: Lang) { searchLiaisons(country: "RS", competence: "DRUGS", lang: $lang) {
  matches { score reasons officer { id } } } }"""
BANDS = {
    "en": ("light workload", "moderate workload", "busy"),
    "nl": ("lichte werklast", "matige werklast", "druk bezet"),
    "fr": ("charge de travail légère", "charge de travail modérée", "très sollicité"),
    "de": ("geringe Arbeitslast", "mittlere Arbeitslast", "stark ausgelastet"),
}
# The exact count a manager reads, in each language (the catalogue's "%(num)d open tasking(s)").
COUNTS = {
    "en": re.compile(r"^(\d+) open taskings?$"),
    "nl": re.compile(r"^(\d+) openstaande? verzoek(?:en)?$"),
    "fr": re.compile(r"^(\d+) demandes? en cours$"),
    "de": re.compile(r"^(\d+) offenes? Ersuchen$"),
}


def band(open_taskings: int) -> int:
    return 0 if open_taskings <= 1 else 1 if open_taskings < 4 else 2


@pytest.mark.parametrize("lang", sorted(BANDS))
async def test_investigators_see_a_coarse_load_in_search_and_managers_the_exact_count(api: GraphQLClient, lang: str) -> None:
    request = (
        'mutation { requestTasking(input: {title: "Check an address", country: "RS", competences: ["DRUGS"], '
        'legalBasis: BENELUX_POLICE_TREATY_2018, assignee: "LO-001"}) { id } }'
    )
    for _ in range(2):  # LO-001 carries 3 open taskings, the other Serbian LOs 1 each
        await api.as_("investigator-be").justified().data(request)
    exact = {
        m["officer"]["id"]: int(next(COUNTS[lang].match(r).group(1) for r in m["reasons"] if COUNTS[lang].match(r)))
        for m in (await api.as_("manager-be").data(SEARCH, {"lang": lang.upper()}))["searchLiaisons"]["matches"]
    }
    assert exact["LO-001"] == 3 and 1 in exact.values()

    for key in ("investigator-be", "lo-belgrade"):
        matches = (await api.as_(key).data(SEARCH, {"lang": lang.upper()}))["searchLiaisons"]["matches"]
        assert matches
        for match in matches:
            assert not any(COUNTS[lang].match(r) or "open tasking" in r for r in match["reasons"]), match
            shown = [r for r in match["reasons"] if r in BANDS[lang]]
            assert shown == [BANDS[lang][band(exact[match["officer"]["id"]])]], match
            # The score says no more than the band: its last points (ranking.py: every other
            # weight is a multiple of 5) are the band's, 4, 2 or 0, not 4 less the exact count.
            assert match["score"] % 5 == (4, 2, 0)[band(exact[match["officer"]["id"]])], match
        scores = [m["score"] for m in matches]
        assert scores == sorted(scores, reverse=True)
