"""Subscription fan-out (issue 20, item 3): one caller's connections and subscriptions are capped,
one event's deliveries are read once and their consultation records written together, and a
writer does not wait for the deliveries of its change."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from service.api.app import create_app
from service.security.tokens import DevTokens
from service.store import open_executor
from service.store.queries import audit as audit_queries
from service.usecases.reads import fetch

from ..conftest import settings_for
from .conftest import CLAIMS, dev_settings
from .test_subscriptions import PROTOCOL, TestClient, Live, close_code, connected, receive, subscribe

CONNECTIONS, PER_CONNECTION = 6, 50  # 300 subscriptions of one investigator
UPDATED = "subscription { taskingUpdated { id status version requestingService { code } } }"


@pytest.fixture
def make_live(tmp_path: Path, demo_template: Path) -> Iterator:
    opened: list = []

    def make(**overrides: str) -> Live:
        path = tmp_path / f"demo-{len(opened)}.lbug"
        shutil.copyfile(demo_template, path)
        executor = open_executor(settings_for("embedded", path))
        settings = dev_settings(tmp_path, LONET_RATE_LIMIT="100000/minute", **overrides)
        app = create_app(settings, executor=executor, insecure_dev_auth=True)
        tokens = DevTokens(settings.dev_key_file, audience=settings.oidc_audience, claims=CLAIMS)
        client = TestClient(app)
        client.__enter__()
        opened.append((client, executor))
        return Live(client, app.app.state, tokens)  # type: ignore[attr-defined]

    yield make
    for client, executor in opened:
        client.__exit__(None, None, None)
        asyncio.run(executor.close())


def subscribed_300_times(live: Live, stack: ExitStack) -> list:
    """One investigator's sockets, each running PER_CONNECTION subscriptions, all listening."""
    sockets = [stack.enter_context(connected(live, "investigator-be")) for _ in range(CONNECTIONS)]
    for c, ws in enumerate(sockets):
        for n in range(PER_CONNECTION):
            subscribe(ws, f"{c}-{n}", UPDATED)
    live.wait_for_bus_subscribers(CONNECTIONS * PER_CONNECTION)
    return sockets


def test_connections_and_subscriptions_per_subject_are_capped(make_live) -> None:
    live = make_live(LONET_WS_MAX_CONNECTIONS_PER_SUBJECT="2", LONET_WS_MAX_SUBSCRIPTIONS_PER_SUBJECT="3")
    with connected(live, "investigator-be") as first, connected(live, "investigator-be"):
        with live.client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as third:
            third.send_json({"type": "connection_init", "payload": {"token": live.token("investigator-be")}})
            assert close_code(third) == 4429
        with connected(live, "investigator-nl"):  # another subject is not affected
            pass
        for n in range(3):
            subscribe(first, f"s{n}", UPDATED)
        subscribe(first, "s3", UPDATED)
        refused = receive(first)
        assert refused["type"] == "error" and refused["id"] == "s3", refused
        assert refused["payload"][0]["extensions"]["limit"] == "maxSubscriptionsPerSubject"
        first.send_json({"id": "s0", "type": "complete"})
        live.wait_for_bus_subscribers(2)
        subscribe(first, "s4", UPDATED)  # a place freed
        live.wait_for_bus_subscribers(3)
    with connected(live, "investigator-be"), connected(live, "investigator-be"):
        pass  # both connections counted off when they closed


def test_one_event_for_300_subscriptions_is_read_once_and_logged_in_one_statement(make_live) -> None:
    live = make_live(LONET_WS_MAX_SUBSCRIPTIONS_PER_SUBJECT="1000")
    stats = live.state.executor.stats
    with ExitStack() as stack:
        sockets = subscribed_300_times(live, stack)
        before = stats.by_statement.copy()

        tasking = live.request_tasking("investigator-be", "RS")
        for ws in sockets:
            ids = set()
            for _ in range(PER_CONNECTION):
                message = receive(ws)
                assert message["type"] == "next", message
                assert message["payload"]["data"]["taskingUpdated"]["id"] == tasking["id"]
                ids.add(message["id"])
            assert len(ids) == PER_CONNECTION

        # Written off the delivery path, together: soon after the messages left.
        deadline = time.monotonic() + 10
        while (records := asyncio.run(_records_about(live, tasking["id"]))) < CONNECTIONS * PER_CONNECTION:
            assert time.monotonic() < deadline, records
            time.sleep(0.05)
        assert records == CONNECTIONS * PER_CONNECTION

        used = stats.by_statement - before
        # The mutation's own read: the fan-out takes the tasking from the event of this process.
        assert used["tasking.by_id"] <= 1, used
        # The mutation's record, and the deliveries' in a few units of work (not one each).
        writes = used["audit.append_many"] + used["audit.append_chained"]
        assert writes <= 1 + CONNECTIONS * PER_CONNECTION // 10, used


async def _records_about(live: Live, tasking_id: str) -> int:
    rows = await fetch(
        live.state.executor, audit_queries.AUDIT_RECORDS_FROM, {"afterSeq": 0, "pageSize": 100000}
    )
    return sum(1 for r in rows if r["operation"] == "readTasking" and tasking_id in r["objectIds"])


def test_an_unrelated_write_does_not_wait_for_300_deliveries(make_live) -> None:
    live = make_live(LONET_WS_MAX_SUBSCRIPTIONS_PER_SUBJECT="1000")
    with ExitStack() as stack:
        sockets = subscribed_300_times(live, stack)
        live.request_tasking("investigator-nl", "RS")  # warm: nobody here hears it

        started = time.monotonic()
        live.request_tasking("investigator-nl", "RS")
        alone = time.monotonic() - started

        live.request_tasking("investigator-be", "RS")  # 300 deliveries
        started = time.monotonic()
        live.request_tasking("investigator-nl", "RS")  # unrelated: right behind them
        behind = time.monotonic() - started

        for ws in sockets:
            for _ in range(PER_CONNECTION):
                assert receive(ws)["type"] == "next"
    # Measured: 3.6 s before the fan-out was batched, 0.1-1.1 s after on this shared 2-core machine
    # (the deliveries still share the event loop with the writer; they no longer hold the store's writer).
    assert behind < max(1.5, 10 * alone), (alone, behind)
