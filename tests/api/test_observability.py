"""Metrics an operator scrapes and logs an operator reads, as they come out of real requests."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest

import service.usecases.directory
from service.observability import JsonFormatter, log_handler

from .conftest import GraphQLClient

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
    its writer thread spent on them."""
    before = (await api.http.get("/metrics")).text
    lo = api.as_("lo-belgrade").justified("availability update")

    await lo.data("mutation { setAvailability(status: LIMITED, version: 1) { version } }")
    await lo.data("mutation { setAvailability(status: AVAILABLE, version: 2) { version } }")

    after = (await api.http.get("/metrics")).text
    committed = (sample(after, "lonet_store_transactions_total") or 0) - (sample(before, "lonet_store_transactions_total") or 0)
    assert committed >= 2  # one each (more: what the requests' consultation records wrote)
    writer = sample(after, "lonet_store_writer_seconds_total")
    if api.executor.engine == "embedded":
        assert writer is not None and writer > (sample(before, "lonet_store_writer_seconds_total") or 0)
    else:  # Neo4j's writes run in its server
        assert writer is None
