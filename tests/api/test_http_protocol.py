"""GraphQL over HTTP as a client sees it: media types, status codes, error codes, request ids, health."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

import service.usecases.directory
from service.api.app import create_app
from service.settings import Settings
from service.store import Executor, open_executor

from .conftest import GraphQLClient, dev_settings

GRAPHQL_RESPONSE = "application/graphql-response+json"
REGIONS = "{ regions { code } }"


def media_type(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0].strip()


async def post_raw(api: GraphQLClient, content: bytes | str, content_type: str = "application/json", **headers: str):
    return await api.http.post("/graphql", content=content, headers={"Content-Type": content_type, **headers})


def app_client(settings: Settings, executor: Executor, headers: dict[str, str] | None = None) -> httpx.AsyncClient:
    app = create_app(settings, executor=executor, insecure_dev_auth=True)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://lonet.test", headers=headers)


# -- media types ----------------------------------------------------------------------------


async def test_a_json_post_is_answered_with_data(api: GraphQLClient) -> None:
    response = await api.post(REGIONS)

    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body
    assert {"code": "WESTERN_BALKANS"} in body["data"]["regions"]


async def test_asking_for_graphql_response_json_gets_that_media_type(api: GraphQLClient) -> None:
    response = await api.post(REGIONS, Accept=GRAPHQL_RESPONSE)

    assert response.status_code == 200
    assert media_type(response) == GRAPHQL_RESPONSE
    assert response.json()["data"]["regions"]


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "text/csv, application/*"])
async def test_no_or_a_generic_accept_gets_application_json(api: GraphQLClient, accept: str | None) -> None:
    request = api.http.build_request("POST", "/graphql", json={"query": REGIONS})
    if accept is None:
        del request.headers["accept"]  # httpx sends */* unless told otherwise
    else:
        request.headers["accept"] = accept
    response = await api.http.send(request)

    assert response.status_code == 200
    assert media_type(response) == "application/json"
    assert response.json()["data"]["regions"]


async def test_an_accept_the_server_cannot_satisfy_is_406(api: GraphQLClient) -> None:
    response = await api.post(REGIONS, Accept="text/csv")

    assert response.status_code == 406
    assert GRAPHQL_RESPONSE in response.headers["accept"]  # tells the client what it could ask for
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


# -- malformed requests -----------------------------------------------------------------------


async def test_a_post_that_is_not_json_is_415(api: GraphQLClient) -> None:
    response = await post_raw(api, REGIONS, content_type="text/plain")

    assert response.status_code == 415
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_a_malformed_json_body_is_400_with_a_code(api: GraphQLClient) -> None:
    response = await post_raw(api, b'{"query": "{ regions { code } }"')

    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "JSON" in error["message"]


@pytest.mark.parametrize("variables", [[1, 2], "country=RS", 42])
async def test_variables_that_are_not_an_object_are_400(api: GraphQLClient, variables) -> None:
    response = await post_raw(api, json.dumps({"query": REGIONS, "variables": variables}))

    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "variables" in error["message"]


# -- document errors --------------------------------------------------------------------------


@pytest.mark.parametrize(("accept", "status"), [(GRAPHQL_RESPONSE, 400), ("application/json", 200)])
async def test_a_parse_error_is_graphql_parse_failed_without_data(api: GraphQLClient, accept: str, status: int) -> None:
    response = await api.post("{", Accept=accept)

    assert response.status_code == status
    assert media_type(response) == accept
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert body["errors"][0]["locations"] == [{"line": 1, "column": 2}]


@pytest.mark.parametrize(("accept", "status"), [(GRAPHQL_RESPONSE, 400), ("application/json", 200)])
async def test_an_unknown_field_is_graphql_validation_failed_without_data(
    api: GraphQLClient, accept: str, status: int
) -> None:
    response = await api.post("{ regions { code bogusField } }", Accept=accept)

    assert response.status_code == status
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "bogusField" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("query", "variables", "named"),
    [
        ('query ($day: Date) { searchLiaisons(country: "RS", onDate: $day) { onDate } }', {"day": "not-a-date"}, "$day"),
        ("query ($n: Int) { officers(first: $n) { nodes { id } } }", {"n": "seven"}, "$n"),
        ("query ($f: OfficerFilter) { officers(filter: $f) { nodes { id } } }", {"f": {"cuntry": "RS"}}, "cuntry"),
    ],
    ids=["date", "int", "unknown-input-field"],
)
async def test_a_variable_that_cannot_be_coerced_is_bad_user_input(
    api: GraphQLClient, query: str, variables: dict, named: str
) -> None:
    response = await api.post(query, variables)

    body = response.json()
    assert response.status_code == 200, body  # application/json: request errors are 200
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert named in body["errors"][0]["message"]


async def test_a_missing_required_variable_is_bad_user_input(api: GraphQLClient) -> None:
    response = await api.post("query ($c: String!) { searchLiaisons(country: $c) { onDate } }", {})

    body = response.json()
    assert response.status_code == 200, body
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "$c" in body["errors"][0]["message"]


# -- GET --------------------------------------------------------------------------------------


async def test_a_query_can_be_sent_with_get(api: GraphQLClient) -> None:
    response = await api.http.get("/graphql", params={"query": REGIONS})

    assert response.status_code == 200
    assert {"code": "WESTERN_BALKANS"} in response.json()["data"]["regions"]


async def test_a_browser_without_a_query_gets_graphiql(api: GraphQLClient) -> None:
    response = await api.http.get("/graphql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})

    assert response.status_code == 200
    assert media_type(response) == "text/html"
    assert "graphiql" in response.text


# -- request ids ------------------------------------------------------------------------------


async def test_every_response_carries_a_request_id(api: GraphQLClient) -> None:
    responses = [
        await api.post(REGIONS),
        await api.post("{"),
        await api.post(REGIONS, Accept="text/csv"),
        await api.http.get("/healthz"),
        await api.http.get("/readyz"),
    ]

    ids = [r.headers.get("x-request-id") for r in responses]
    assert all(ids), ids
    assert len(set(ids)) == len(ids), "each request gets its own id"


async def test_a_sane_incoming_request_id_is_echoed_beside_the_servers_own(api: GraphQLClient) -> None:
    response = await api.post("{", **{"X-Request-Id": "caseRef2026x42"})

    own = response.headers["x-request-id"]
    assert own != "caseRef2026x42" and own.isalnum()  # the server's id, never the client's
    assert response.headers["x-client-request-id"] == "caseRef2026x42"
    assert response.json()["errors"][0]["extensions"]["requestId"] == own


@pytest.mark.parametrize("incoming", ["has spaces", "semi;colon", "a" * 65])
async def test_an_unsafe_incoming_request_id_is_replaced(api: GraphQLClient, incoming: str) -> None:
    response = await api.post(REGIONS, **{"X-Request-Id": incoming})

    assert response.headers["x-request-id"] != incoming
    assert response.headers["x-request-id"].isalnum()
    assert "x-client-request-id" not in response.headers


# -- body size --------------------------------------------------------------------------------


@pytest.fixture
async def small_limit(api: GraphQLClient, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = dev_settings(tmp_path, LONET_MAX_BODY_BYTES=2048)
    async with app_client(settings, api.executor, dict(api.http.headers)) as http:
        yield http


def padded_body(size: int) -> bytes:
    """A valid request of exactly `size` bytes (padding in a GraphQL comment)."""
    empty = json.dumps({"query": REGIONS + "\n#"}).encode()
    body = json.dumps({"query": REGIONS + "\n#" + "x" * (size - len(empty))}).encode()
    assert len(body) == size
    return body


async def test_a_body_within_the_limit_is_served(small_limit: httpx.AsyncClient) -> None:
    response = await small_limit.post(
        "/graphql", content=padded_body(2048), headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 200, response.text
    assert response.json()["data"]["regions"]


async def test_a_body_above_the_limit_is_413(small_limit: httpx.AsyncClient) -> None:
    response = await small_limit.post(
        "/graphql", content=padded_body(2049), headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 413
    assert "2048" in response.json()["errors"][0]["message"]


async def test_a_streamed_body_above_the_limit_is_413(small_limit: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: the server must count
        body = padded_body(4096)
        for start in range(0, len(body), 512):
            yield body[start : start + 512]

    response = await small_limit.post("/graphql", content=chunks(), headers={"Content-Type": "application/json"})

    assert response.status_code == 413


# -- health -----------------------------------------------------------------------------------


async def test_healthz_is_ok(api: GraphQLClient) -> None:
    response = await api.http.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


async def test_readyz_is_ready_on_the_migrated_demo_store(api: GraphQLClient) -> None:
    response = await api.http.get("/readyz")

    assert response.status_code == 200
    assert response.json()["status"] == "ready"


async def test_readyz_is_503_on_a_store_that_was_never_migrated(tmp_path: Path) -> None:
    executor = open_executor(Settings(LONET_EMBEDDED_PATH=tmp_path / "x.lbug"))
    try:
        async with app_client(dev_settings(tmp_path), executor) as http:
            response = await http.get("/readyz")
    finally:
        await executor.close()

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert "migrate" in body["reason"]


# -- bugs stay inside -------------------------------------------------------------------------


async def test_an_unexpected_resolver_failure_is_internal_without_details(
    api: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args):
        raise RuntimeError("secret detail")

    # The resolver calls `usecase.get_officer` through the module, so patching the module attribute is seen.
    monkeypatch.setattr(service.usecases.directory, "get_officer", broken)

    response = await api.post('{ officer(id: "LO-001") { id name } }', **{"X-Request-Id": "bug4711"})

    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"officer": None}
    error = body["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert response.headers["x-request-id"] in error["message"]  # the server's id, to quote
    assert error["path"] == ["officer"]
    assert "secret detail" not in response.text
    assert "Traceback" not in response.text
    assert "RuntimeError" not in response.text
