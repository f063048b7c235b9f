"""Metrics an operator scrapes and logs an operator reads, as they come out of real requests."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
from pathlib import Path

import httpx
import pytest

import service.usecases.directory
from service.api.app import shutdown_step
from service.observability import JsonFormatter, log_handler
from service.store.ladybug_executor import POOL_FLOOR_MB

from .conftest import GraphQLClient
from .test_graphql_http_audit import demo_server, server_env

FIND = 'query FindLiaison { searchLiaisons(country: "RS", competence: "DRUGS") { matches { officer { id } } } }'


def sample(metrics: str, name: str, **labels: str) -> float | None:
    """The value of one sample of the Prometheus text format, or None."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in metrics.splitlines():
        if line.startswith("#"):
            continue
        match = re.fullmatch(r"(\w+)(?:\{(.*)\})? (\S+)", line)
        if match and match.group(1) == name:
            found = ",".join(sorted((match.group(2) or "").split(","))) if match.group(2) else ""
            if found == wanted:
                return float(match.group(3))
    return None


async def test_metrics_show_the_operations_just_executed(api: GraphQLClient) -> None:
    await api.data(FIND)
    await api.data(FIND)
    await api.errors('query Broken { searchLiaisons(country: "QQ") { notes } }')
    await api.data("{ regions { code } }")

    metrics = (await api.http.get("/metrics")).text

    assert sample(metrics, "lonet_graphql_requests_total", operation="FindLiaison", outcome="ok") == 2
    assert sample(metrics, "lonet_graphql_requests_total", operation="Broken", outcome="error") == 1
    assert sample(metrics, "lonet_graphql_requests_total", operation="anonymous:regions", outcome="ok") == 1
    assert sample(metrics, "lonet_graphql_errors_total", code="BAD_USER_INPUT") == 1
    assert sample(metrics, "lonet_graphql_request_seconds_count", operation="FindLiaison") == 2
    # the directory's read model and the open workload: read by the first search, kept for the second
    assert sample(metrics, "lonet_store_round_trips_total", statement="directory.all_postings") == 1
    assert sample(metrics, "lonet_store_round_trips_total", statement="search.open_workload") == 1
    assert sample(metrics, "lonet_active_subscriptions") == 0


async def test_refusals_are_counted_by_their_code(api: GraphQLClient) -> None:
    await api.http.post("/graphql", json={"query": "{ regions { code } }"}, headers={"Authorization": "Bearer nope"})
    await api.post("{ nosuchfield }")

    metrics = (await api.http.get("/metrics")).text

    assert sample(metrics, "lonet_graphql_errors_total", code="UNAUTHENTICATED") == 1
    assert sample(metrics, "lonet_graphql_errors_total", code="GRAPHQL_VALIDATION_FAILED") == 1


async def test_a_bug_is_logged_as_json_with_the_request_id_and_no_secrets(
    api: GraphQLClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args):
        raise RuntimeError("lookup failed for ruud.verhoeven@lo.example.nl, +381 11 555 0142, Bearer abc.def.ghi")

    monkeypatch.setattr(service.usecases.directory, "get_officer", broken)
    with caplog.at_level(logging.ERROR, logger="lonet.graphql"):
        response = await api.post('{ officer(id: "LO-001") { name } }')

    request_id = response.headers["x-request-id"]
    [record] = [r for r in caplog.records if r.name == "lonet.graphql"]
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["request_id"] == request_id
    assert entry["level"] == "ERROR"
    assert "RuntimeError" in entry["exception"]
    for secret in ("ruud.verhoeven@lo.example.nl", "555 0142", "abc.def.ghi"):
        assert secret not in line
    assert "[redacted-email]" in line and "Bearer [redacted]" in line


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _logged(handler: logging.Handler) -> str:
    record = logging.LogRecord("lonet.http", logging.WARNING, __file__, 1, "token Bearer eyJa.eyJb.c for ana@politie.nl", None, None)
    return handler.format(record)


def test_logs_are_text_at_a_terminal_and_json_otherwise_masked_alike() -> None:
    at_terminal = _logged(log_handler("auto", _Terminal()))
    collected = _logged(log_handler("auto", io.StringIO()))

    assert not at_terminal.startswith("{") and "WARNING lonet.http: token Bearer [redacted] for [redacted-email]" in at_terminal
    assert json.loads(collected)["message"] == "token Bearer [redacted] for [redacted-email]"
    assert json.loads(_logged(log_handler("json", _Terminal())))["level"] == "WARNING"  # asked for: JSON anyway


async def test_metrics_count_the_write_transactions_and_the_embedded_writer_s_time(api: GraphQLClient) -> None:
    """An operator tells a writer starved by busy searches (its time per transaction grows) from
    a store that is slow itself: committed transactions, and on the embedded engine the seconds
    its writer thread spent on them, and how much of the store it may keep in memory; on Neo4j,
    how often the process's write turn was taken, and how long waited for and held."""
    before = (await api.http.get("/metrics")).text
    lo = api.as_("lo-belgrade").justified("availability update")

    await lo.data("mutation { setAvailability(status: LIMITED, version: 1) { version } }")
    await lo.data("mutation { setAvailability(status: AVAILABLE, version: 2) { version } }")

    after = (await api.http.get("/metrics")).text
    committed = (sample(after, "lonet_store_transactions_total") or 0) - (sample(before, "lonet_store_transactions_total") or 0)
    assert committed >= 2  # one each (more: what the requests' consultation records wrote)
    # Requests that waited for a cached value's read or patch, by value (the first to need the
    # read model here read it; the counts are the store's).
    waits = {name: sample(after, "lonet_cache_waits_total", value=name) for name in api.executor.stats.cache_waits}
    assert waits and all(count is not None and count > 0 for count in waits.values()), waits
    writer = sample(after, "lonet_store_writer_seconds_total")
    pool = sample(after, "lonet_store_buffer_pool_bytes")
    if api.executor.engine == "embedded":
        assert writer is not None and writer > (sample(before, "lonet_store_writer_seconds_total") or 0)
        assert pool == api.executor.buffer_pool_mb << 20 and pool >= 64 << 20  # the bound on what it keeps of the store
        for when in ("commit", "pause"):  # when its writes waited for a checkpoint, and when none did
            assert sample(after, "lonet_store_checkpoints_total", when=when) == api.executor.stats.checkpoints[when]
        # How often the store was closed and opened again to give memory back (tests/store/test_reopen.py)
        assert sample(after, "lonet_store_reopens_total") == api.executor.stats.reopens
        assert sample(after, "lonet_store_write_turns_total") is None  # one writer thread: no turn to queue for
    else:  # Neo4j's writes run in its server, and its memory is its own
        assert writer is None and pool is None and sample(after, "lonet_store_checkpoints_total", when="commit") is None
        assert sample(after, "lonet_store_reopens_total") is None
        # Whether writes queue for the process's write turn: each write took it once for its end
        # steps and COMMIT, and held it a while; the waits are counted as well (none here: one at a time).
        turn_seconds = "lonet_store_write_turn_seconds_total"
        turns = sample(after, "lonet_store_write_turns_total") - (sample(before, "lonet_store_write_turns_total") or 0)
        held = sample(after, turn_seconds, what="held") - (sample(before, turn_seconds, what="held") or 0)
        waited = sample(after, turn_seconds, what="waited")
        assert turns >= 2 and held > 0 and waited is not None and waited >= 0, (turns, held, waited)


def test_the_served_embedded_store_reports_how_much_of_it_is_kept_in_memory(tmp_path: Path) -> None:
    """`lonet serve` (its store opened on first use, behind the reconnecting executor): /metrics
    gives the bound on what LadybugDB keeps of the store, sized to the store as it was opened
    (the demo's small store: the floor) when LONET_EMBEDDED_BUFFER_POOL_MB is unset."""
    env = {key: value for key, value in server_env(tmp_path).items() if key != "LONET_EMBEDDED_BUFFER_POOL_MB"}
    with demo_server(tmp_path, env) as url:
        metrics = httpx.get(url.removesuffix("/graphql") + "/metrics", timeout=10)

    assert metrics.status_code == 200
    assert sample(metrics.text, "lonet_store_buffer_pool_bytes") == POOL_FLOOR_MB << 20


async def test_a_slow_step_of_the_shutdown_is_logged_while_it_waits_and_when_it_ends(caplog: pytest.LogCaptureFixture) -> None:
    """A worker that does not stop after Ctrl+C says in its log which step it waits in (the
    store closed, the broker closed, the delivery records written), and how long it took."""
    with caplog.at_level(logging.WARNING, logger="lonet.http"):
        await shutdown_step("the store closed", asyncio.sleep(0.3), slow=0.1)
        await shutdown_step("the broker closed", asyncio.sleep(0), slow=0.1)  # quick: nothing said
    said = [record.getMessage() for record in caplog.records if record.name == "lonet.http"]
    assert len(said) == 2 and said[0] == "shutdown: still waiting for the store closed after 0.1 s", said
    assert re.fullmatch(r"shutdown: the store closed after \d+\.\d s", said[1]), said
