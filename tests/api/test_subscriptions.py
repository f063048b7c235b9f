"""Live updates: GraphQL subscriptions over WebSocket (graphql-transport-ws) on the demo network.

The app runs in Starlette's TestClient (its own thread and event loop); HTTP requests and
WebSocket sessions share that loop, so the in-process bus carries the app's events to the
sockets. "Receives nothing" is shown with a sentinel: a later event the subscriber may see must
be the first message it gets.
"""

from __future__ import annotations

import asyncio
import shutil
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from graphql import ExecutionResult, parse
from graphql.execution import create_source_event_stream
from starlette.exceptions import StarletteDeprecationWarning
from starlette.websockets import WebSocketDisconnect

with warnings.catch_warnings():
    # Starlette 1.x prefers `httpx2` for its TestClient and warns once, at import, with `httpx`.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient, WebSocketTestSession

from service.api.app import create_app
from service.events import InProcessEventBus
from service.graphql.context import RequestContext
from service.graphql.errors import format_error
from service.graphql.schema import schema
from service.security.identity import Identity
from service.security.tokens import DevTokens
from service.store import open_executor
from service.usecases.deliveries import fanout

from ..conftest import settings_for
from .conftest import CLAIMS, DEMO, dev_settings

PROTOCOL = "graphql-transport-ws"
TIMEOUT_S = 10
UPDATED = """subscription($id: ID) { taskingUpdated(taskingId: $id) {
    id status version assignee { id } requestingService { code } events { action } } }"""
REQUEST = "mutation($input: RequestTaskingInput!) { requestTasking(input: $input) { id version assignee { id } } }"
ACCEPT = "mutation($id: ID!, $v: Int!) { acceptTasking(id: $id, version: $v) { id status version } }"


def drugs_in(country: str) -> dict[str, Any]:
    return {
        "title": "Identify the holder of a phone number",
        "country": country,
        "competences": ["DRUGS"],
        "legalBasis": "BENELUX_POLICE_TREATY_2018",
    }


@dataclass
class Live:
    client: TestClient
    state: Any  # the Starlette app's state: bus, subscriptions, ws_init_timeout
    tokens: DevTokens

    def token(self, key: str, **changes: Any) -> str:
        demo = DEMO[key]
        values = {
            "subject": demo.subject,
            "roles": list(demo.roles),
            "service": demo.service,
            "officer_id": demo.officer_id,
            **changes,
        }
        return self.tokens.issue(**values)

    def graphql(self, key: str, query: str, variables: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
        """POST /graphql on the same app as `key`; the data of a request that must succeed."""
        response = self.client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {self.token(key, **changes)}", "X-Justification": "case AN/2026/0412"},
        )
        body = response.json()
        assert response.status_code == 200 and "errors" not in body, body
        return body["data"]

    def request_tasking(self, key: str, country: str) -> dict[str, Any]:
        return self.graphql(key, REQUEST, {"input": drugs_in(country)})["requestTasking"]

    def listening(self) -> int:
        return fanout(self.state.bus, self.state.executor).listening

    def wait_for_bus_subscribers(self, count: int) -> None:
        """Until `count` streams hear the bus (the protocol has no 'subscribed' message)."""
        deadline = time.monotonic() + TIMEOUT_S
        while self.listening() != count:
            assert time.monotonic() < deadline, f"{self.listening()} subscriptions listening, expected {count}"
            time.sleep(0.01)


@pytest.fixture
def live(tmp_path: Path, demo_template: Path) -> Iterator[Live]:
    """The app on a copy of the demo store, in a TestClient (lifespan on)."""
    path = tmp_path / "demo.lbug"
    shutil.copyfile(demo_template, path)
    executor = open_executor(settings_for("embedded", path))
    settings = dev_settings(tmp_path)
    app = create_app(settings, executor=executor, insecure_dev_auth=True)
    tokens = DevTokens(settings.dev_key_file, audience=settings.oidc_audience, claims=CLAIMS)
    try:
        with TestClient(app) as client:
            yield Live(client, app.app.state, tokens)  # type: ignore[attr-defined]
    finally:
        asyncio.run(executor.close())


_receivers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="ws-receive")


def receive(ws: WebSocketTestSession, timeout: float = TIMEOUT_S) -> dict[str, Any]:
    """The next message, or a failure after `timeout` (TestClient's receive has no timeout)."""
    future = _receivers.submit(ws.receive_json)
    try:
        return future.result(timeout)
    except FutureTimeout:
        pytest.fail(f"no message within {timeout} s")


def close_code(ws: WebSocketTestSession) -> int:
    with pytest.raises(WebSocketDisconnect) as closed:
        receive(ws)
    return closed.value.code


@contextmanager
def connected(live: Live, key: str, **changes: Any) -> Iterator[WebSocketTestSession]:
    with live.client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"Authorization": f"Bearer {live.token(key, **changes)}"}})
        assert receive(ws) == {"type": "connection_ack"}
        yield ws


def subscribe(ws: WebSocketTestSession, operation_id: str, query: str = UPDATED, **variables: Any) -> None:
    ws.send_json({"id": operation_id, "type": "subscribe", "payload": {"query": query, "variables": variables}})


def next_tasking(ws: WebSocketTestSession, operation_id: str) -> dict[str, Any]:
    message = receive(ws)
    assert message["type"] == "next" and message["id"] == operation_id, message
    assert "errors" not in message["payload"], message
    return message["payload"]["data"]["taskingUpdated"]


# -- the connection -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(lambda token: {"Authorization": f"Bearer {token}"}, id="Authorization"),
        pytest.param(lambda token: {"authorization": f"bearer {token}"}, id="authorization"),
        pytest.param(lambda token: {"token": token}, id="token"),
    ],
)
def test_a_valid_token_in_connection_init_is_acknowledged(live: Live, payload) -> None:
    with live.client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        assert ws.accepted_subprotocol == PROTOCOL
        ws.send_json({"type": "connection_init", "payload": payload(live.token("lo-belgrade"))})
        assert receive(ws) == {"type": "connection_ack"}
        ws.send_json({"type": "ping", "payload": {"at": 1}})
        assert receive(ws) == {"type": "pong", "payload": {"at": 1}}
        assert live.state.subscriptions.connections == 1
    deadline = time.monotonic() + TIMEOUT_S
    while live.state.subscriptions.connections:
        assert time.monotonic() < deadline, "the connection was not counted off"
        time.sleep(0.01)


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param({"Authorization": "Bearer not-a-token"}, id="bad-token"),
        pytest.param({"Authorization": "Basic dXNlcjpwYXNz"}, id="not-bearer"),
        pytest.param({}, id="no-token"),
        pytest.param(None, id="no-payload"),
    ],
)
def test_a_bad_or_missing_token_closes_the_socket_with_4401(live: Live, payload) -> None:
    with live.client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", **({"payload": payload} if payload is not None else {})})
        assert close_code(ws) == 4401


def test_an_expired_token_closes_the_socket_with_4401(live: Live) -> None:
    token = live.tokens.issue(subject="lo:LO-001", roles=["liaison_officer"], service="NL-POLITIE", officer_id="LO-001", ttl_seconds=-3600)
    with live.client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"token": token}})
        assert close_code(ws) == 4401


@pytest.mark.parametrize("service", ["nl-politie", "DE-BKA", "XX"])
def test_a_token_naming_no_known_service_closes_the_socket_with_4401(live: Live, service: str) -> None:
    token = live.token("manager-nl", service=service)
    with live.client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"token": token}})
        with pytest.raises(WebSocketDisconnect) as closed:
            receive(ws)
    assert closed.value.code == 4401 and "service claim" in closed.value.reason


def test_no_connection_init_in_time_closes_the_socket_with_4408(live: Live) -> None:
    live.state.ws_init_timeout = 0.2
    with live.client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        started = time.monotonic()
        assert close_code(ws) == 4408
        assert time.monotonic() - started < 5


def test_protocol_violations_close_the_socket_with_their_codes(live: Live) -> None:
    with live.client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        subscribe(ws, "1")  # before connection_ack
        assert close_code(ws) == 4401
    with connected(live, "lo-belgrade") as ws:
        ws.send_json({"type": "connection_init", "payload": {"token": live.token("lo-belgrade")}})
        assert close_code(ws) == 4429
    with connected(live, "lo-belgrade") as ws:
        subscribe(ws, "same")
        subscribe(ws, "same")
        assert close_code(ws) == 4409
    with connected(live, "lo-belgrade") as ws:
        ws.send_text("{not json")
        assert close_code(ws) == 4400
    with connected(live, "lo-belgrade") as ws:
        ws.send_json({"type": "next", "id": "1", "payload": {}})  # a server-to-client message
        assert close_code(ws) == 4400
    with connected(live, "lo-belgrade") as ws:
        ws.send_json({"type": "subscribe", "id": "1", "payload": {"variables": {}}})  # no query
        assert close_code(ws) == 4400
    with live.client.websocket_connect("/graphql") as ws:  # no subprotocol offered
        assert close_code(ws) == 4406


# -- subscriptions ----------------------------------------------------------------------------


def test_an_lo_follows_a_new_request_live_and_another_service_hears_nothing(live: Live) -> None:
    with connected(live, "lo-belgrade") as lo, connected(live, "investigator-nl") as other:
        subscribe(lo, "lo")
        subscribe(other, "nl")
        live.wait_for_bus_subscribers(2)
        assert live.state.subscriptions.active == 2

        requested = live.request_tasking("investigator-be", "RS")  # routed to LO-001, the Balkans pilot LO
        assert requested["assignee"]["id"] == "LO-001"

        update = next_tasking(lo, "lo")
        assert update["id"] == requested["id"] and update["status"] == "REQUESTED"
        assert update["assignee"] == {"id": "LO-001"} and update["requestingService"] == {"code": "BE-FEDPOL"}
        assert [e["action"] for e in update["events"]] == ["REQUESTED"]

        accepted = live.graphql("lo-belgrade", ACCEPT, {"id": requested["id"], "v": requested["version"]})["acceptTasking"]
        update = next_tasking(lo, "lo")
        assert update["id"] == requested["id"] and update["status"] == "ACCEPTED"
        assert update["version"] == accepted["version"]
        assert [e["action"] for e in update["events"]] == ["REQUESTED", "ACCEPTED"]  # re-read: current values

        # The Dutch investigator may not see a Belgian request: their first message is their own.
        sentinel = live.request_tasking("investigator-nl", "MA")
        assert next_tasking(other, "nl")["id"] == sentinel["id"]


def test_each_update_says_when_its_change_committed(live: Live) -> None:
    """A live view can tell how far behind it runs: every `next` carries the commit's real time
    (not the demo's pinned day), after the mutation was sent and before the message arrived."""
    with connected(live, "lo-belgrade") as lo:
        subscribe(lo, "lo")
        live.wait_for_bus_subscribers(1)
        stamps = []
        for _ in range(2):  # two changes: two distinct, increasing commit times
            sent = datetime.now(timezone.utc)
            requested = live.request_tasking("investigator-be", "RS")
            message = receive(lo)
            arrived = datetime.now(timezone.utc)
            assert message["payload"]["data"]["taskingUpdated"]["id"] == requested["id"]
            stamp = message["payload"]["extensions"]["committedAt"]
            assert stamp.endswith("Z"), stamp
            committed = datetime.fromisoformat(stamp)
            assert sent <= committed <= arrived
            stamps.append(committed)
        assert stamps[0] < stamps[1]


def test_each_caller_hears_only_the_taskings_their_scope_covers(live: Live) -> None:
    subscribers = {
        "investigator-be": {},
        "manager-be": {},
        "lo-belgrade": {},  # LO-001
        "admin": {},
        "investigator-nl": {},
        "manager-nl": {},
        "lo-027": {"subject": "lo:LO-027", "officer_id": "LO-027"},
    }
    with connected(live, "investigator-be") as inv_be, connected(live, "manager-be") as mgr_be, connected(
        live, "lo-belgrade"
    ) as lo_001, connected(live, "admin") as admin, connected(live, "investigator-nl") as inv_nl, connected(
        live, "manager-nl"
    ) as mgr_nl, connected(live, "lo-belgrade", **subscribers["lo-027"]) as lo_027:
        sockets = [inv_be, mgr_be, lo_001, admin, inv_nl, mgr_nl, lo_027]
        for ws in sockets:
            subscribe(ws, "s")
        live.wait_for_bus_subscribers(len(sockets))

        belgian = live.request_tasking("investigator-be", "RS")  # BE-FEDPOL, assigned to LO-001
        dutch = live.request_tasking("investigator-nl", "MA")  # NL-POLITIE, assigned to LO-027
        assert (belgian["assignee"]["id"], dutch["assignee"]["id"]) == ("LO-001", "LO-027")

        for ws in (inv_be, mgr_be, lo_001, admin):
            assert next_tasking(ws, "s")["id"] == belgian["id"]
        assert next_tasking(admin, "s")["id"] == dutch["id"]
        for ws in (inv_nl, mgr_nl, lo_027):
            assert next_tasking(ws, "s")["id"] == dutch["id"]  # the Belgian request never reached them


def test_tasking_id_narrows_the_stream_to_one_tasking(live: Live) -> None:
    first = live.request_tasking("investigator-be", "RS")
    with connected(live, "lo-belgrade") as lo:
        subscribe(lo, "one", id=first["id"])
        live.wait_for_bus_subscribers(1)
        live.request_tasking("investigator-be", "RS")  # also LO-001's, but another tasking
        live.graphql("lo-belgrade", ACCEPT, {"id": first["id"], "v": first["version"]})
        update = next_tasking(lo, "one")
        assert (update["id"], update["status"]) == (first["id"], "ACCEPTED")


def test_a_message_reaches_the_other_side_live_and_its_read_is_logged(live: Live) -> None:
    messages = """subscription($id: ID) { taskingUpdated(taskingId: $id) {
        id version events { action } messages(first: 10) { nodes { side text } } } }"""
    requested = live.request_tasking("investigator-be", "RS")  # LO-001's
    with connected(live, "lo-belgrade") as lo:
        subscribe(lo, "chat", messages, id=requested["id"])
        live.wait_for_bus_subscribers(1)
        live.graphql(
            "investigator-be", 'mutation($id: ID!) { postMessage(taskingId: $id, text: "Urgent: the suspect travels Friday.") { id } }',
            {"id": requested["id"]},
        )
        update = next_tasking(lo, "chat")
    assert update["version"] == requested["version"]  # a message changes no version
    assert update["events"][-1] == {"action": "MESSAGE_POSTED"}
    assert update["messages"]["nodes"] == [{"side": "REQUESTER", "text": "Urgent: the suspect travels Friday."}]
    log = live.graphql(
        "admin", "{ auditLog(first: 10, filter: {operation: \"converse\"}) { edges { node { subject } } } }"
    )
    assert [e["node"]["subject"] for e in log["auditLog"]["edges"]] == ["lo:LO-001"]


def test_each_event_sent_is_in_the_consultation_log(live: Live) -> None:
    with connected(live, "lo-belgrade") as lo:
        subscribe(lo, "lo")
        live.wait_for_bus_subscribers(1)
        requested = live.request_tasking("investigator-be", "RS")
        next_tasking(lo, "lo")
    log = live.graphql(
        "admin",
        'query($id: String) { auditLog(first: 10, filter: {objectId: $id}) { edges { node { operation subject } } } }',
        {"id": requested["id"]},
    )
    entries = [(e["node"]["operation"], e["node"]["subject"]) for e in log["auditLog"]["edges"]]
    assert ("readTasking", "lo:LO-001") in entries


def test_complete_from_the_client_stops_the_stream_and_leaves_the_bus(live: Live) -> None:
    with connected(live, "lo-belgrade") as lo:
        subscribe(lo, "lo")
        live.wait_for_bus_subscribers(1)
        lo.send_json({"id": "lo", "type": "complete"})
        live.wait_for_bus_subscribers(0)
        assert live.state.subscriptions.active == 0

        live.request_tasking("investigator-be", "RS")  # LO-001's, but nobody listens any more
        lo.send_json({"type": "ping"})
        assert receive(lo) == {"type": "pong"}  # no `next` came before it

        subscribe(lo, "lo")  # a completed id may be used again
        live.wait_for_bus_subscribers(1)
        again = live.request_tasking("investigator-be", "RS")
        assert next_tasking(lo, "lo")["id"] == again["id"]


def test_a_disconnect_ends_every_subscription(live: Live) -> None:
    with connected(live, "lo-belgrade") as lo:
        subscribe(lo, "a")
        subscribe(lo, "b", id="T-UNKNOWN")
        live.wait_for_bus_subscribers(2)
    live.wait_for_bus_subscribers(0)
    deadline = time.monotonic() + TIMEOUT_S
    while live.state.subscriptions.active or live.state.subscriptions.connections:
        assert time.monotonic() < deadline, live.state.subscriptions
        time.sleep(0.01)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        pytest.param("subscription { taskingUpdated { nope } }", "GRAPHQL_VALIDATION_FAILED", id="unknown-field"),
        pytest.param("subscription { taskingUpdated { id } tasking: taskingUpdated { id } }", "GRAPHQL_VALIDATION_FAILED", id="two-root-fields"),
        pytest.param("subscription { taskingUpdated { id ", "GRAPHQL_PARSE_FAILED", id="parse"),
        pytest.param('{ tasking(id: "T-1") { id } }', "BAD_REQUEST", id="query"),
        pytest.param("mutation { removeAvailabilityWindow(id: \"W-001\") }", "BAD_REQUEST", id="mutation"),
    ],
)
def test_a_refused_document_gets_an_error_message_and_the_connection_stays(live: Live, query: str, code: str) -> None:
    with connected(live, "lo-belgrade") as lo:
        subscribe(lo, "bad", query=query)
        message = receive(lo)
        assert message["type"] == "error" and message["id"] == "bad", message
        assert message["payload"] and all(e["extensions"]["code"] == code for e in message["payload"]), message
        lo.send_json({"type": "ping"})
        assert receive(lo) == {"type": "pong"}
        assert live.listening() == 0


def test_bad_variables_and_query_limits_are_refused_before_streaming(live: Live) -> None:
    with connected(live, "lo-belgrade") as lo:
        subscribe(lo, "vars", id=["not", "an", "id"])
        message = receive(lo)
        assert message["type"] == "error" and message["payload"][0]["extensions"]["code"] == "BAD_USER_INPUT", message
        deep = "subscription { taskingUpdated { assignee { %s } } }" % ("deputies { " * 9 + "id" + " }" * 9)
        subscribe(lo, "deep", query=deep)
        message = receive(lo)
        assert message["type"] == "error" and message["payload"][0]["extensions"].get("limit") == "maxDepth", message


def test_a_subscription_over_http_is_refused(live: Live) -> None:
    response = live.client.post(
        "/graphql",
        json={"query": "subscription { taskingUpdated { id } }"},
        headers={"Authorization": f"Bearer {live.token('lo-belgrade')}"},
    )
    body = response.json()
    assert response.status_code == 200 and body["errors"][0]["extensions"]["code"] == "BAD_REQUEST", body
    assert "WebSocket" in body["errors"][0]["message"] and "data" not in body


async def test_the_root_field_policy_gates_the_stream_before_it_opens(tmp_path: Path) -> None:
    """Every role has a readTasking rule, so the gate is shown with a caller who has no role at all."""
    bus = InProcessEventBus()
    nobody = Identity(subject="nobody", roles=frozenset(), service="BE-FEDPOL")
    context = RequestContext(settings=dev_settings(tmp_path), executor=None, request_id="r", identity=nobody, bus=bus)  # type: ignore[arg-type]
    result = await create_source_event_stream(schema.graphql_schema, parse("subscription { taskingUpdated { id } }"), None, context)
    assert isinstance(result, ExecutionResult) and result.errors, result
    [error] = [format_error(e, "r") for e in result.errors]
    assert error["extensions"]["code"] == "FORBIDDEN" and "readTasking" in error["message"], error
    assert bus.subscribers == 0


# -- token expiry and refresh (issue 20, item 2) ------------------------------------------------


def test_the_socket_closes_with_4401_when_the_token_expires(live: Live) -> None:
    token = live.tokens.issue(subject="lo:LO-001", roles=["liaison_officer"], service="NL-POLITIE", officer_id="LO-001", ttl_seconds=2)
    with live.client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"token": token}})
        assert receive(ws) == {"type": "connection_ack"}
        subscribe(ws, "lo")
        live.wait_for_bus_subscribers(1)
        started = time.monotonic()
        assert close_code(ws) == 4401
        assert time.monotonic() - started < 4
    live.wait_for_bus_subscribers(0)


def test_a_subscribe_after_expiry_is_refused_with_4401(live: Live) -> None:
    # Within the verifier's leeway the token is accepted, but its exp has passed: nothing streams.
    token = live.tokens.issue(subject="lo:LO-001", roles=["liaison_officer"], service="NL-POLITIE", officer_id="LO-001", ttl_seconds=-5)
    with live.client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"token": token}})
        message = receive(ws)
        if message == {"type": "connection_ack"}:
            subscribe(ws, "lo")
            assert close_code(ws) == 4401
    assert live.listening() == 0


def test_a_fresh_token_in_a_ping_keeps_the_socket_open(live: Live) -> None:
    short = live.tokens.issue(subject="lo:LO-001", roles=["liaison_officer"], service="NL-POLITIE", officer_id="LO-001", ttl_seconds=2)
    with live.client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"token": short}})
        assert receive(ws) == {"type": "connection_ack"}
        ws.send_json({"type": "ping", "payload": {"Authorization": f"Bearer {live.token('lo-belgrade')}"}})
        pong = receive(ws)
        assert pong["type"] == "pong" and pong["payload"]["tokenRefreshed"] is True, pong
        assert pong["payload"]["expiresAt"] > time.time() + 3600
        time.sleep(3)  # past the first token's exp
        subscribe(ws, "lo")
        live.wait_for_bus_subscribers(1)
        tasking = live.request_tasking("investigator-be", "RS")
        assert next_tasking(ws, "lo")["id"] == tasking["id"]


def test_a_fresh_token_for_another_subject_or_an_invalid_one_closes_the_socket(live: Live) -> None:
    with connected(live, "lo-belgrade") as ws:
        ws.send_json({"type": "ping", "payload": {"token": live.token("investigator-be")}})
        assert close_code(ws) == 4403
    with connected(live, "lo-belgrade") as ws:
        ws.send_json({"type": "ping", "payload": {"token": "not-a-token"}})
        assert close_code(ws) == 4401


def test_the_connections_language_comes_from_connection_init_or_else_the_handshake(live: Live) -> None:
    """Browsers cannot set a WebSocket's headers: connection_init's `lang` wins over the handshake's."""
    refusals = {}
    for name, headers, extra in [("init", {"Accept-Language": "fr"}, {"lang": "nl"}), ("handshake", {"Accept-Language": "fr-BE"}, {})]:
        with live.client.websocket_connect("/graphql", subprotocols=[PROTOCOL], headers=headers) as ws:
            ws.send_json({"type": "connection_init", "payload": {"token": live.token("lo-belgrade"), **extra}})
            assert receive(ws) == {"type": "connection_ack"}
            subscribe(ws, "q", query="{ __typename }")
            refusals[name] = receive(ws)["payload"][0]
    assert refusals["init"]["message"] == "via WebSocket lopen alleen abonnementen; stuur deze query met POST /graphql"
    assert refusals["handshake"]["message"] == (
        "seuls les abonnements sont servis par WebSocket ; envoyez cette opération (query) avec POST /graphql"
    )
    assert {r["extensions"]["code"] for r in refusals.values()} == {"BAD_REQUEST"}
