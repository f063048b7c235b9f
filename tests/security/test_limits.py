"""Query limits and the rate limit: a refused request names the limit and costs no store call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from graphql import get_introspection_query
import pytest

from service.security.tokens import DevTokens
from service.settings import Settings
from service.store import Executor
from tests.api.conftest import CLAIMS, DEMO, GraphQLClient, dev_settings

from .helpers import serve

DEFAULTS = Settings()  # the limits the app is built with (dev_settings overrides none of them)
GRAPHQL_RESPONSE = "application/graphql-response+json"
HEAVY = "nodes { deputies { postings { serves { code } accreditedTo { iso2 } } } competences { competence { code } } }"


async def refusal(api: GraphQLClient, query: str, variables: dict[str, Any] | None = None, **headers: str) -> dict[str, Any]:
    """The extensions of a limit refusal, after checking it came without data and without a store call."""
    await api.post("{ __typename }")  # authentication's list of known services, read once per process
    before = api.executor.stats.round_trips
    response = await api.post(query, variables, **headers)
    assert api.executor.stats.round_trips == before, "the refused query reached the store"
    body = response.json()
    assert response.status_code == 200, body
    assert "data" not in body, body
    [error] = body["errors"]
    extensions = error["extensions"]
    assert extensions["code"] == "BAD_USER_INPUT", error
    assert isinstance(extensions["allowed"], int) and isinstance(extensions["actual"], int), error
    assert extensions["actual"] > extensions["allowed"], error
    return extensions


def deputies_chain(levels: int, leaf: str = "id") -> str:
    return "deputies { " * levels + leaf + " }" * levels


def officer_query_of_depth(depth: int) -> str:
    """officer (1) > deputies (2 .. depth-1) > id (depth)."""
    return '{ officer(id: "LO-001") { %s } }' % deputies_chain(depth - 2)


# -- depth ---------------------------------------------------------------------------------------


async def test_a_query_nested_deeper_than_the_limit_is_refused(api: GraphQLClient) -> None:
    extensions = await refusal(api, officer_query_of_depth(DEFAULTS.max_depth + 1))

    assert extensions["limit"] == "maxDepth"
    assert (extensions["allowed"], extensions["actual"]) == (DEFAULTS.max_depth, DEFAULTS.max_depth + 1)


async def test_a_query_exactly_at_the_depth_limit_runs(api: GraphQLClient) -> None:
    data = await api.data(officer_query_of_depth(DEFAULTS.max_depth))

    assert data["officer"] is not None


DEEP_BODY = deputies_chain(DEFAULTS.max_depth - 1)  # under officer: one level too deep


@pytest.mark.parametrize(
    "query",
    [
        pytest.param('{ officer(id: "LO-001") { ...Chain } } fragment Chain on Officer { %s }' % DEEP_BODY, id="named-fragment"),
        pytest.param('{ officer(id: "LO-001") { ... on Officer { %s } } }' % DEEP_BODY, id="inline-fragment"),
        pytest.param('{ officer(id: "LO-001") { ... { %s } } }' % DEEP_BODY, id="untyped-inline-fragment"),
        pytest.param(
            '{ officer(id: "LO-001") { ...A } }'
            " fragment A on Officer { deputies { deputies { ...B } } }"
            " fragment B on Officer { deputies { ... on Officer { %s } } }" % deputies_chain(DEFAULTS.max_depth - 4),
            id="fragment-spreading-a-fragment",
        ),
    ],
)
async def test_fragments_do_not_hide_depth(api: GraphQLClient, query: str) -> None:
    extensions = await refusal(api, query)

    assert extensions["limit"] == "maxDepth"
    assert extensions["actual"] == DEFAULTS.max_depth + 1


# -- cost ------------------------------------------------------------------------------------------


async def test_a_shallow_but_expensive_query_is_refused_and_a_cheaper_variant_runs(api: GraphQLClient) -> None:
    extensions = await refusal(api, "{ officers(first: 100) { %s } }" % HEAVY)

    assert extensions["limit"] == "maxCost"
    assert extensions["allowed"] == DEFAULTS.max_cost
    assert extensions["actual"] > DEFAULTS.max_cost

    data = await api.data("{ officers(first: 5) { %s } }" % HEAVY)
    assert len(data["officers"]["nodes"]) == 5


VARIABLE_PAGE = "query Heavy($n: Int) { officers(first: $n) { %s } }" % HEAVY
DEFAULTED_PAGE = "query Heavy($n: Int = 100) { officers(first: $n) { %s } }" % HEAVY


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        pytest.param(VARIABLE_PAGE, {"n": 100}, id="int-variable"),
        pytest.param(DEFAULTED_PAGE, None, id="variable-default"),
        pytest.param(VARIABLE_PAGE, {"n": 100.0}, id="float-variable"),
    ],
)
async def test_a_page_size_from_a_variable_costs_the_same_as_a_literal(
    api: GraphQLClient, query: str, variables: dict[str, Any] | None
) -> None:
    literal = await refusal(api, "{ officers(first: 100) { %s } }" % HEAVY)

    extensions = await refusal(api, query, variables)

    assert extensions["limit"] == "maxCost"
    assert extensions["actual"] == literal["actual"]


# -- aliases ---------------------------------------------------------------------------------------


def aliased(count: int, field: str = "regions { code }") -> str:
    return "{ " + " ".join(f"a{i}: {field}" for i in range(count)) + " }"


async def test_one_alias_too_many_is_refused_and_the_limit_itself_runs(api: GraphQLClient) -> None:
    extensions = await refusal(api, aliased(DEFAULTS.max_aliases + 1))

    assert extensions["limit"] == "maxAliases"
    assert (extensions["allowed"], extensions["actual"]) == (DEFAULTS.max_aliases, DEFAULTS.max_aliases + 1)

    data = await api.data(aliased(DEFAULTS.max_aliases))
    assert len(data) == DEFAULTS.max_aliases
    assert {"code": "WESTERN_BALKANS"} in data["a0"]


async def test_aliases_of_typename_count_towards_the_alias_limit(api: GraphQLClient) -> None:
    extensions = await refusal(api, aliased(DEFAULTS.max_aliases + 1, "__typename"))

    assert extensions["limit"] == "maxAliases"


# -- page size ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        pytest.param("{ officers(first: 1000) { nodes { id } } }", None, id="literal"),
        pytest.param("query Page($n: Int!) { officers(first: $n) { nodes { id } } }", {"n": 1000}, id="variable"),
        pytest.param(
            "query Page($n: Int = 1000) { officers(first: $n) { nodes { id } } }", None, id="variable-default",
        ),
    ],
)
async def test_a_page_above_the_cap_is_refused(api: GraphQLClient, query: str, variables: dict[str, Any] | None) -> None:
    extensions = await refusal(api, query, variables)

    assert extensions["limit"] == "maxPageSize"
    assert (extensions["allowed"], extensions["actual"]) == (DEFAULTS.max_page_size, 1000)


async def test_an_operators_lower_page_cap_holds_for_a_defaulted_variable(demo_store: Executor, tmp_path: Path) -> None:
    settings = dev_settings(tmp_path, LONET_MAX_PAGE_SIZE=10)
    tokens = DevTokens(settings.dev_key_file, audience=settings.oidc_audience, claims=CLAIMS)
    d = DEMO["investigator-be"]
    headers = {"Authorization": f"Bearer {tokens.issue(subject=d.subject, roles=list(d.roles), service=d.service)}"}
    async with serve(settings, demo_store) as (_app, http):
        literal = await http.post("/graphql", json={"query": "{ officers(first: 50) { nodes { id } } }"}, headers=headers)
        defaulted = await http.post(
            "/graphql", json={"query": "query Page($n: Int = 50) { officers(first: $n) { nodes { id } } }"}, headers=headers
        )

    assert literal.json()["errors"][0]["extensions"]["limit"] == "maxPageSize"  # the cap is in force
    body = defaulted.json()
    assert "data" not in body, f"{len(body['data']['officers']['nodes'])} officers on a page capped at 10"
    assert body["errors"][0]["extensions"]["limit"] == "maxPageSize"


async def test_a_null_page_size_is_no_internal_error_but_the_default_page(api: GraphQLClient) -> None:
    """Relay: `first: null` is `first` not given (backward paging made it optional), so the
    default page, never an internal error; a page size out of range stays a user error."""
    given_null = await api.data("{ officers(first: null) { nodes { id } } }")
    left_out = await api.data("{ officers { nodes { id } } }")
    errors = await api.errors("{ officers(first: 0) { nodes { id } } }")

    assert given_null == left_out and given_null["officers"]["nodes"]
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


# -- status codes by media type ---------------------------------------------------------------------


async def test_a_limit_refusal_is_400_under_graphql_response_json_and_200_under_json(api: GraphQLClient) -> None:
    deep = officer_query_of_depth(DEFAULTS.max_depth + 1)
    await api.post("{ __typename }")  # authentication's list of known services, read once per process
    before = api.executor.stats.round_trips

    strict = await api.post(deep, Accept=GRAPHQL_RESPONSE)
    legacy = await api.post(deep, Accept="application/json")

    assert api.executor.stats.round_trips == before
    assert strict.status_code == 400
    assert strict.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert legacy.status_code == 200
    assert legacy.headers["content-type"].startswith("application/json")
    for response in (strict, legacy):
        body = response.json()
        assert "data" not in body
        assert body["errors"][0]["extensions"]["limit"] == "maxDepth"


# -- rate limit --------------------------------------------------------------------------------------


async def test_the_fourth_request_of_a_caller_over_3_per_minute_is_429_and_others_are_unaffected(
    demo_store: Executor, tmp_path: Path
) -> None:
    settings = dev_settings(tmp_path, LONET_RATE_LIMIT="3/minute")
    tokens = DevTokens(settings.dev_key_file, audience=settings.oidc_audience, claims=CLAIMS)

    def bearer(key: str) -> dict[str, str]:
        d = DEMO[key]
        token = tokens.issue(subject=d.subject, roles=list(d.roles), service=d.service, officer_id=d.officer_id)
        return {"Authorization": f"Bearer {token}"}

    async def regions(http: httpx.AsyncClient, headers: dict[str, str]) -> httpx.Response:
        return await http.post("/graphql", json={"query": "{ regions { code } }"}, headers=headers)

    async with serve(settings, demo_store) as (_app, http):
        belgian, dutch = bearer("investigator-be"), bearer("investigator-nl")
        for _ in range(3):
            response = await regions(http, belgian)
            assert response.status_code == 200 and response.json()["data"]["regions"]

        before = demo_store.stats.round_trips
        limited = await regions(http, belgian)
        assert demo_store.stats.round_trips == before
        assert limited.status_code == 429
        error = limited.json()["errors"][0]
        assert error["extensions"]["code"] == "RATE_LIMITED"
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        assert "data" not in limited.json()

        # A fresh token of the same subject is the same caller.
        assert (await regions(http, bearer("investigator-be"))).status_code == 429

        other = await regions(http, dutch)
        assert other.status_code == 200 and other.json()["data"]["regions"]


# -- introspection (issue 20, item 10) ----------------------------------------------------------------

FULL_INTROSPECTION = get_introspection_query(
    descriptions=True, specified_by_url=True, directive_is_repeatable=True, schema_description=True, input_value_deprecation=True
)


async def test_aliases_under_schema_count_towards_the_alias_limit(api: GraphQLClient) -> None:
    inner = "{ __schema { " + " ".join(f"t{i}: types {{ name }}" for i in range(330)) + " } }"
    assert (await refusal(api, inner))["limit"] == "maxAliases"

    outer = aliased(DEFAULTS.max_aliases + 1, "__schema { types { name } }")
    assert (await refusal(api, outer))["limit"] == "maxAliases"


async def test_introspection_nested_deeper_than_the_limit_is_refused(api: GraphQLClient) -> None:
    # graphql-core's own rule stops at `fields` nested three times; args and types are not counted there.
    query = "{ __schema { directives { args { type { " + "fields { args { type { " * 2 + "enumValues { name }" + " } } }" * 2 + " } } } } }"
    extensions = await refusal(api, query)

    assert extensions["limit"] == "maxDepth"
    type_refs = '{ __type(name: "Officer") { fields { type { ' + "ofType { " * 20 + "name" + " }" * 20 + " } } } }"
    assert (await refusal(api, type_refs))["limit"] == "maxDepth"


async def test_the_full_introspection_query_runs_and_twice_it_is_too_costly(api: GraphQLClient) -> None:
    data = await api.data(FULL_INTROSPECTION)
    assert data["__schema"]["queryType"]["name"] == "Query"

    twice = FULL_INTROSPECTION.replace("__schema {", "a: __schema {", 1).replace(
        "query IntrospectionQuery {", "query IntrospectionQuery { b: __schema { types { ...FullType } }", 1
    )
    assert (await refusal(api, twice))["limit"] == "maxCost"
