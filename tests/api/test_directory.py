"""Browsing the directory through HTTP on the demo network; expectations come from the seed files."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from typing import Any

import pytest

from seed import DEFAULT_SEED_DIR

from .conftest import DEMO_TODAY, GraphQLClient


@cache
def seed(name: str) -> list[dict[str, Any]]:
    return json.loads((DEFAULT_SEED_DIR / f"{name}.json").read_text(encoding="utf-8"))


def active_on(posting: dict[str, Any], day: date) -> bool:
    ends = posting["endsOn"]
    return date.fromisoformat(posting["startsOn"]) <= day and (ends is None or date.fromisoformat(ends) >= day)


OFFICER_IDS = """
query Officers($filter: OfficerFilter, $first: Int, $after: String) {
  officers(filter: $filter, first: $first, after: $after) {
    nodes { id }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def officer_ids(api: GraphQLClient, **filter: Any) -> list[str]:
    data = await api.data(OFFICER_IDS, {"filter": filter, "first": 100})
    assert data["officers"]["pageInfo"]["hasNextPage"] is False
    return [n["id"] for n in data["officers"]["nodes"]]


async def first_error(api: GraphQLClient, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    errors = await api.errors(query, variables)
    return errors[0]


# -- one officer ------------------------------------------------------------------------------

OFFICER = """
query Officer($id: ID!) {
  officer(id: $id) {
    id name
    homeService { code }
    competences { level competence { code } }
    deputies { id }
    currentPosting { city country { iso2 } serves { code } accreditedTo { iso2 } }
  }
}
"""


async def test_an_officer_with_service_competences_deputies_and_current_posting(api: GraphQLClient) -> None:
    seeded = next(o for o in seed("officers") if o["id"] == "LO-001")

    officer = (await api.data(OFFICER, {"id": "LO-001"}))["officer"]

    assert officer["name"] == seeded["name"] == "Ruud Verhoeven"
    assert officer["homeService"]["code"] == "NL-POLITIE"
    levels = {c["competence"]["code"]: c["level"] for c in officer["competences"]}
    assert levels["DRUGS"] == 3
    assert levels == {c["code"]: c["level"] for c in seeded["competences"]}
    assert [d["id"] for d in officer["deputies"]] == ["LO-002", "LO-003"]  # first deputy first
    posting = officer["currentPosting"]
    assert posting["city"] == "Belgrade"  # P-001 is active today; the Europol posting ended in 2024
    assert posting["country"]["iso2"] == "RS"
    served = [s["code"] for s in posting["serves"]]
    assert sorted(served) == sorted(s["code"] for s in seed("services"))  # joint use: serves ALL (a flag)
    assert [c["iso2"] for c in posting["accreditedTo"]] == ["ME"]


async def test_an_unknown_officer_is_null_without_errors(api: GraphQLClient) -> None:
    data = await api.data(OFFICER, {"id": "NOPE"})

    assert data == {"officer": None}


# -- officers: filters ------------------------------------------------------------------------


async def test_programme_filter_gives_the_officers_posted_under_that_programme(api: GraphQLClient) -> None:
    expected = sorted({p["officer"] for p in seed("postings") if "BALKANS_PILOT" in p["programmes"]})
    assert expected  # the demo network has a Balkans pilot

    assert await officer_ids(api, programme="BALKANS_PILOT") == expected


async def test_country_and_active_on_filter_only_counts_postings_active_that_day(api: GraphQLClient) -> None:
    in_serbia = [p for p in seed("postings") if p["country"] == "RS"]
    active = sorted({p["officer"] for p in in_serbia if active_on(p, DEMO_TODAY)})
    ever = sorted({p["officer"] for p in in_serbia})
    assert active == ["LO-001", "LO-004", "LO-005"]
    assert set(ever) > set(active), "the seed holds an ended Serbian posting, so the date filter matters"

    assert await officer_ids(api, country="RS", activeOn=DEMO_TODAY.isoformat()) == active
    assert await officer_ids(api, country="rs") == ever  # the code is case-insensitive


async def test_region_filter(api: GraphQLClient) -> None:
    balkans = {c["iso2"] for c in seed("countries") if c["region"] == "WESTERN_BALKANS"}
    expected = sorted({p["officer"] for p in seed("postings") if p["country"] in balkans})

    assert await officer_ids(api, region="WESTERN_BALKANS") == expected


async def test_language_filter(api: GraphQLClient) -> None:
    expected = sorted(o["id"] for o in seed("officers") if "sr" in o["languages"])
    assert "LO-001" in expected

    assert await officer_ids(api, language="sr") == expected


async def test_competence_and_language_filters_combine(api: GraphQLClient) -> None:
    expected = sorted(
        o["id"]
        for o in seed("officers")
        if "fr" in o["languages"] and any(c["code"] == "DRUGS" for c in o["competences"])
    )
    assert expected

    assert await officer_ids(api, competence="DRUGS", language="fr") == expected


async def test_name_contains_ignores_case(api: GraphQLClient) -> None:
    expected = sorted(o["id"] for o in seed("officers") if "van" in o["name"].lower())
    assert len(expected) > 1, "the seed has both 'van' and 'Van' names"

    assert await officer_ids(api, nameContains="VAN") == expected
    assert await officer_ids(api, nameContains="van") == expected


# -- officers: pagination ---------------------------------------------------------------------


async def test_walking_the_pages_visits_every_officer_once_in_id_order(api: GraphQLClient) -> None:
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = (await api.data(OFFICER_IDS, {"first": 7, "after": after}))["officers"]
        pages += 1
        ids = [n["id"] for n in page["nodes"]]
        assert 1 <= len(ids) <= 7
        seen += ids
        if not page["pageInfo"]["hasNextPage"]:
            break
        assert len(ids) == 7
        after = page["pageInfo"]["endCursor"]
        assert pages < 100, "pagination does not terminate"

    all_ids = sorted(o["id"] for o in seed("officers"))
    assert seen == all_ids
    assert pages == -(-len(all_ids) // 7)


@pytest.mark.parametrize("first", [0, -1, 101])
async def test_a_page_size_out_of_range_is_bad_user_input(api: GraphQLClient, first: int) -> None:
    error = await first_error(api, OFFICER_IDS, {"first": first})

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "first" in error["message"]


@pytest.mark.parametrize("after", ["garbage!", "b2ZmaWNlcg", "Y3Vyc29yOkxPLTAwMQ=="])  # bad base64, 'officer', 'cursor:LO-001'
async def test_a_cursor_the_api_did_not_give_out_is_bad_user_input(api: GraphQLClient, after: str) -> None:
    error = await first_error(api, OFFICER_IDS, {"first": 5, "after": after})

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "after" in error["message"]


@pytest.mark.parametrize(
    ("filter", "named"),
    [
        ({"country": "QQ"}, "'QQ'"),
        ({"region": "NOWHERE"}, "'NOWHERE'"),
        ({"competence": "SMUGGLING_OF_CATS"}, "'SMUGGLING_OF_CATS'"),
        ({"servedService": "BE-NOPE"}, "'BE-NOPE'"),
        ({"programme": "MOON_PILOT"}, "'MOON_PILOT'"),
    ],
)
async def test_an_unknown_filter_code_is_bad_user_input_naming_it(
    api: GraphQLClient, filter: dict[str, str], named: str
) -> None:
    error = await first_error(api, OFFICER_IDS, {"filter": filter})

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert named in error["message"]


# -- reference lists --------------------------------------------------------------------------


async def test_countries_of_a_region(api: GraphQLClient) -> None:
    expected = sorted(c["iso2"] for c in seed("countries") if c["region"] == "WESTERN_BALKANS")

    data = await api.data('{ countries(region: "WESTERN_BALKANS") { iso2 region { code } } }')

    assert sorted(c["iso2"] for c in data["countries"]) == expected
    assert {c["region"]["code"] for c in data["countries"]} == {"WESTERN_BALKANS"}


async def test_countries_of_an_unknown_region_is_bad_user_input(api: GraphQLClient) -> None:
    error = await first_error(api, '{ countries(region: "NOWHERE") { iso2 } }')

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "'NOWHERE'" in error["message"]


async def test_country_names_in_the_four_languages(api: GraphQLClient) -> None:
    by_code = {c["iso2"]: c for c in seed("countries")}
    assert by_code["BE"]["name_nl"] == "België"
    assert by_code["NL"]["name_de"] == "Niederlande"

    data = await api.data("{ countries { iso2 en: name nl: name(lang: NL) fr: name(lang: FR) de: name(lang: DE) } }")

    names = {c["iso2"]: c for c in data["countries"]}
    assert names["BE"]["nl"] == "België"
    assert names["NL"]["de"] == "Niederlande"
    assert sorted(names) == sorted(by_code)
    for code in ("BE", "NL", "LU", "RS"):
        assert [names[code][lang] for lang in ("en", "nl", "fr", "de")] == [
            by_code[code][f"name_{lang}"] for lang in ("en", "nl", "fr", "de")
        ]


async def test_regions_are_the_seeded_regions(api: GraphQLClient) -> None:
    data = await api.data("{ regions { code name fr: name(lang: FR) countries { iso2 } } }")

    assert {r["code"]: (r["name"], r["fr"]) for r in data["regions"]} == {
        r["code"]: (r["name_en"], r["name_fr"]) for r in seed("regions")
    }
    balkans = next(r for r in data["regions"] if r["code"] == "WESTERN_BALKANS")
    assert sorted(c["iso2"] for c in balkans["countries"]) == sorted(
        c["iso2"] for c in seed("countries") if c["region"] == "WESTERN_BALKANS"
    )


async def test_competences_are_the_twelve_seeded_codes(api: GraphQLClient) -> None:
    data = await api.data("{ competences { code name nl: name(lang: NL) } }")

    assert len(data["competences"]) == 12
    assert {c["code"]: (c["name"], c["nl"]) for c in data["competences"]} == {
        c["code"]: (c["name_en"], c["name_nl"]) for c in seed("competences")
    }


async def test_services_are_the_seeded_services(api: GraphQLClient) -> None:
    """Its country is a Country like every other `country` (countryCode: the code alone)."""
    data = await api.data("{ services { code name countryCode country { iso2 name(lang: NL) } kind } }")

    names = {c["iso2"]: c["name_nl"] for c in seed("countries")}
    assert {s["code"]: (s["name"], s["countryCode"], s["country"], s["kind"]) for s in data["services"]} == {
        s["code"]: (s["name"], s["country"], {"iso2": s["country"], "name": names[s["country"]]}, s["kind"].upper())
        for s in seed("services")
    }


async def test_programmes_are_the_seeded_programmes(api: GraphQLClient) -> None:
    data = await api.data("{ programmes { code name startsOn endsOn } }")

    assert {p["code"]: (p["name"], p["startsOn"], p["endsOn"]) for p in data["programmes"]} == {
        p["code"]: (p["name"], p["startsOn"], p["endsOn"]) for p in seed("programmes")
    }


async def test_codes_are_matched_whatever_their_case(api: GraphQLClient) -> None:
    """`co` is the country CO and `drugs` the competence DRUGS, in every argument and filter."""
    search = """query($country: String!, $competence: String, $service: String) {
      searchLiaisons(country: $country, competence: $competence, requestingService: $service) { matches { officer { id } } } }"""
    officers = "query($f: OfficerFilter) { officers(filter: $f, first: 100) { nodes { id } } }"
    coverage = "query($region: String, $competence: String) { coverage(region: $region, competence: $competence) { countries { country { iso2 } status } } }"
    manager = api.as_("manager-nl")

    upper = await api.data(search, {"country": "RS", "competence": "DRUGS", "service": "BE-FEDPOL"})
    lower = await api.data(search, {"country": "rs", "competence": "drugs", "service": "be-fedpol"})
    filtered = await api.data(officers, {"f": {"competence": "DRUGS", "region": "WESTERN_BALKANS", "programme": "BALKANS_PILOT"}})
    filtered_lower = await api.data(officers, {"f": {"competence": "drugs", "region": "western_balkans", "programme": "balkans_pilot"}})
    covered = await manager.data(coverage, {"region": "WESTERN_BALKANS", "competence": "DRUGS"})
    covered_lower = await manager.data(coverage, {"region": "Western_Balkans", "competence": "Drugs"})

    assert lower == upper and upper["searchLiaisons"]["matches"]
    assert filtered_lower == filtered and filtered["officers"]["nodes"]
    assert covered_lower == covered and covered["coverage"]["countries"]


def test_every_enum_and_enum_value_is_described() -> None:
    """GraphiQL's docs pane says what each value means, never graphene's "An enumeration."."""
    from graphql import GraphQLEnumType

    from service.graphql.schema import schema

    enums = [t for t in schema.graphql_schema.type_map.values() if isinstance(t, GraphQLEnumType) and not t.name.startswith("__")]
    undescribed = {
        t.name: [name for name, value in t.values.items() if not value.description]
        for t in enums
        if (not t.description or t.description == "An enumeration." or any(not v.description for v in t.values.values()))
    }

    assert len(enums) >= 10 and undescribed == {}
