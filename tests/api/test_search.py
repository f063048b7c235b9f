"""An investigator looking for the right LO, through HTTP on the demo network."""

from __future__ import annotations

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
    assert any("do not serve BE-FEDPOL" in note for note in belgian["notes"])
    assert dutch["matches"][0]["officer"]["id"] == "LO-005"  # the KMar specialist, level 3


async def test_montenegro_is_covered_by_the_lo_accredited_there(api: GraphQLClient) -> None:
    result = await search(api, country="ME", service="BE-FEDPOL")

    first = result["matches"][0]
    assert (first["officer"]["id"], first["route"]) == ("LO-001", "ACCREDITED")
    assert first["posting"]["country"]["iso2"] == "RS"
    assert "accredited to Montenegro from Belgrade, Serbia" in first["reasons"]
    assert {m["route"] for m in result["matches"][1:]} == {"REGIONAL"}


async def test_a_country_without_postings_falls_back_to_the_region(api: GraphQLClient) -> None:
    result = await search(api, country="MK", competence="DRUGS", language="fr", service="LU-POLICE")

    assert result["matches"], result
    assert {m["route"] for m in result["matches"]} == {"REGIONAL"}
    assert {m["officer"]["id"] for m in result["matches"]} >= {"LO-001", "LO-002", "LO-003"}
    speaking_french = [m for m in result["matches"] if "speaks fr" in m["reasons"]]
    assert speaking_french, "language match is explained"


async def test_when_the_first_match_is_on_leave_the_deputy_appears(api: GraphQLClient) -> None:
    result = await search(api, country="RS", competence="MIGRANT_SMUGGLING", service="BE-FEDPOL", day="2026-12-24")

    matches = result["matches"]
    assert matches[0]["officer"]["id"] == "LO-001"
    assert matches[0]["available"] is False
    assert any("on leave" in r and "Christmas leave" in r for r in matches[0]["reasons"])
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
