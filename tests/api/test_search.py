"""An investigator looking for the right LO, through HTTP on the demo network."""

from __future__ import annotations

import re

import pytest

from .conftest import GraphQLClient

SEARCH = """
query Search($country: String!, $competence: String, $language: String, $service: String, $day: Date) {
  searchLiaisons(country: $country, competence: $competence, language: $language,
                 requestingService: $service, onDate: $day) {
    onDate
    notes
    matches { route score available reasons officer { id name } posting { id city country { iso2 } } }
    alternatives { route officer { id } reasons }
  }
}
"""


async def search(api: GraphQLClient, **variables) -> dict:
    return (await api.data(SEARCH, variables))["searchLiaisons"]


async def test_serbia_drugs_for_a_belgian_service_puts_the_balkans_pilot_lo_first(api: GraphQLClient) -> None:
    result = await search(api, country="RS", competence="DRUGS", service="BE-FEDPOL")

    first = result["matches"][0]
    assert first["officer"]["id"] == "LO-001"
    assert first["route"] == "DIRECT"
    assert first["available"] is True
    assert "posted in Serbia (Belgrade)" in first["reasons"]
    assert "DRUGS level 3 (specialist)" in first["reasons"]
    assert "serves BE-FEDPOL" in first["reasons"]
    assert result["onDate"] == "2026-11-24"  # today, in the services' time zone
    scores = [m["score"] for m in result["matches"]]
    assert scores == sorted(scores, reverse=True)


async def test_a_posting_that_does_not_serve_the_requester_is_left_out(api: GraphQLClient) -> None:
    belgian = await search(api, country="RS", competence="MIGRANT_SMUGGLING", service="BE-FEDPOL")
    dutch = await search(api, country="RS", competence="MIGRANT_SMUGGLING", service="NL-KMAR")

    assert "LO-005" not in [m["officer"]["id"] for m in belgian["matches"]]
    assert any(re.search(r"^\d+ LOs? covers? .* but (does|do) not serve BE-FEDPOL$", note) for note in belgian["notes"])
    ids = [m["officer"]["id"] for m in dutch["matches"]]
    assert "LO-005" in ids  # the KMar specialist (level 3) serves NL-KMAR ...
    assert ids[0] == "LO-001"  # ... but is on a mission until 26 November: available LOs first


async def test_montenegro_is_covered_by_accreditation_and_by_a_declared_area(api: GraphQLClient) -> None:
    result = await search(api, country="ME", service="BE-FEDPOL")

    first = result["matches"][0]
    assert (first["officer"]["id"], first["route"]) == ("LO-001", "ACCREDITED")
    assert first["posting"]["country"]["iso2"] == "RS"
    assert "accredited to Montenegro from Belgrade, Serbia" in first["reasons"]
    # Sarajevo declares Montenegro as part of its area; Tirana, in the same region, does not.
    assert [(m["officer"]["id"], m["route"]) for m in result["matches"][1:]] == [("LO-002", "AREA")]
    assert "covers Montenegro as part of its declared area, from Sarajevo, Bosnia and Herzegovina" in result["matches"][1]["reasons"]


async def test_region_membership_alone_covers_nothing(api: GraphQLClient) -> None:
    result = await search(api, country="MK", competence="DRUGS", language="fr", service="LU-POLICE")

    assert result["matches"] == []  # three Balkans pilot LOs in the region, none declares North Macedonia
    assert any("no LO covers North Macedonia for DRUGS" in note for note in result["notes"])
    assert {a["route"] for a in result["alternatives"]} == {"MULTILATERAL"}


async def test_multilateral_postings_are_alternatives_never_matches(api: GraphQLClient) -> None:
    result = await search(api.as_("investigator-nl"), country="DE", competence="DRUGS")

    # The LO in Berlin has no DRUGS competence; MAOC-N in Lisbon and Europol in The Hague are not
    # the Benelux contact in Germany: the Dutch MAOC-N LO is offered as an alternative only.
    assert result["matches"] == []
    routes = {a["officer"]["id"]: a["route"] for a in result["alternatives"]}
    assert routes["LO-018"] == "DIRECT"
    assert routes["LO-017"] == "MULTILATERAL"


@pytest.mark.parametrize(("country", "says"), [("BE", "domestic channels"), ("NL", "domestic channels"), ("LU", "domestic channels"),
                                               ("BQ", "Caribbean Netherlands"), ("AQ", "uninhabited"), ("HM", "uninhabited")])
async def test_benelux_and_uninhabited_places_are_no_destination(api: GraphQLClient, country: str, says: str) -> None:
    [error] = await api.errors(SEARCH, {"country": country})

    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["field"] == "country"
    assert says in error["message"]


async def test_an_available_lo_outranks_a_limited_one_and_both_outrank_one_on_leave(api: GraphQLClient) -> None:
    # London: LO-021 available; LO-022 LIMITED, although she speaks French and he does not.
    london = await search(api.as_("admin"), country="GB", language="fr")
    ids = [m["officer"]["id"] for m in london["matches"]]
    assert ids.index("LO-021") < ids.index("LO-022")
    limited = london["matches"][ids.index("LO-022")]
    assert limited["available"] is True
    assert any(r.startswith("limited availability: Part-time") for r in limited["reasons"])

    # On 2026-12-24 LO-001 (Belgrade, DIRECT) is on Christmas leave: after every available LO,
    # his stand-ins (route DEPUTY) included.
    result = await search(api.as_("admin"), country="RS", day="2026-12-24")

    ranked = [(m["officer"]["id"], m["available"]) for m in result["matches"]]
    assert ranked.index(("LO-001", False)) > max(i for i, (_, available) in enumerate(ranked) if available)
    scores = [m["score"] for m in result["matches"]]
    assert scores == sorted(scores, reverse=True)


async def test_when_the_first_match_is_on_leave_the_deputy_appears(api: GraphQLClient) -> None:
    result = await search(api, country="RS", competence="MIGRANT_SMUGGLING", service="BE-FEDPOL", day="2026-12-24")

    matches = result["matches"]
    on_leave = matches[-1]  # the best placed LO, but on leave: after every available one
    assert on_leave["officer"]["id"] == "LO-001" and on_leave["route"] == "DIRECT"
    assert on_leave["available"] is False
    assert any("on leave" in r and "Christmas leave" in r for r in on_leave["reasons"])
    deputies = [m for m in matches if m["route"] == "DEPUTY"]
    assert [d["officer"]["id"] for d in deputies] == ["LO-002", "LO-003"]  # first deputy first
    assert all(d["available"] for d in deputies)
    assert "deputy for Ruud Verhoeven" in deputies[0]["reasons"][0]


async def test_no_candidate_gives_an_empty_list_and_the_nearest_alternatives(api: GraphQLClient) -> None:
    result = await search(api, country="KZ", competence="CYBER", service="NL-POLITIE")

    assert result["matches"] == []
    assert result["alternatives"], "multilateral posts with the competence are offered"
    assert {a["route"] for a in result["alternatives"]} == {"MULTILATERAL"}
    assert any("no LO covers Kazakhstan for CYBER" in note for note in result["notes"])


async def test_unknown_codes_are_bad_user_input_naming_the_code(api: GraphQLClient) -> None:
    for variables, named in [
        ({"country": "QQ"}, "'QQ'"),
        ({"country": "RS", "competence": "SMUGGLING_OF_CATS"}, "'SMUGGLING_OF_CATS'"),
        ({"country": "RS", "service": "BE-NOPE"}, "'BE-NOPE'"),
        ({"country": "RS", "language": "Serbian"}, "'Serbian'"),
    ]:
        errors = await api.errors(SEARCH, variables)
        assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert named in errors[0]["message"]
