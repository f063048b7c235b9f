"""Validated documents are reused (service/api/graphql_http.py), never the decisions of a request:
each request still gets its method check, its limits with its own variables, and the
introspection rule of the server it reaches."""

from __future__ import annotations

from pathlib import Path

import httpx

from service.api.app import create_app
from service.store import Executor

from .conftest import DEMO, GraphQLClient, dev_settings

PAGE = "query($n: Int!) { officers(first: $n) { nodes { id } } }"
INTROSPECTION = "{ __schema { queryType { name } } }"


async def test_a_query_sent_again_is_answered_the_same_and_a_mutation_over_get_is_still_refused(api: GraphQLClient) -> None:
    mutation = 'mutation { cancelTasking(id: "T-NOPE", version: 1, reason: "x") { id } }'
    investigator = api.justified()
    first = await investigator.post(mutation)
    again = await investigator.post(mutation)
    over_get = await api.http.get("/graphql", params={"query": mutation}, headers=investigator.headers)

    def outcome(response: httpx.Response) -> list[tuple[str, str]]:
        return [(e["extensions"]["code"], e["message"]) for e in response.json()["errors"]]

    assert outcome(first) == outcome(again) and outcome(first)[0][0] == "NOT_FOUND"
    assert over_get.status_code == 405


async def test_limits_apply_to_each_requests_own_variables(api: GraphQLClient) -> None:
    assert len((await api.data(PAGE, {"n": 5}))["officers"]["nodes"]) == 5

    refused = await api.errors(PAGE, {"n": 5000})

    assert refused[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert refused[0]["extensions"]["limit"] == "maxPageSize"


HEAVY_PAGE = (
    "query Heavy($n: Int) { officers(first: $n) { nodes { deputies { postings { serves { code } accreditedTo { iso2 } } } "
    "competences { competence { code } } } } }"
)


async def test_the_cost_of_a_document_sent_again_is_the_cost_of_its_own_page_size(api: GraphQLClient) -> None:
    """A document found within the limits is not walked again for the same page size; another
    page size is costed for itself, before and after."""
    assert len((await api.data(HEAVY_PAGE, {"n": 5}))["officers"]["nodes"]) == 5

    refused = await api.errors(HEAVY_PAGE, {"n": 100})
    again = await api.data(HEAVY_PAGE, {"n": 5})
    refused_again = await api.errors(HEAVY_PAGE, {"n": 100})

    assert refused[0]["extensions"]["limit"] == "maxCost", refused
    assert refused_again[0]["extensions"] == {**refused[0]["extensions"], "requestId": refused_again[0]["extensions"]["requestId"]}
    assert len(again["officers"]["nodes"]) == 5


async def test_a_server_without_introspection_refuses_it_after_another_answered_it(
    api: GraphQLClient, demo_store: Executor, tmp_path: Path
) -> None:
    assert (await api.data(INTROSPECTION))["__schema"]["queryType"]["name"] == "Query"  # dev mode: on
    settings = dev_settings(tmp_path, LONET_INTROSPECTION=False)
    closed = create_app(settings, executor=demo_store, insecure_dev_auth=True)
    headers = {"Authorization": f"Bearer {api.token_for(DEMO['investigator-be'])}"}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=closed), base_url="http://lonet.test") as http:
        response = await http.post("/graphql", json={"query": INTROSPECTION}, headers=headers)

    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
