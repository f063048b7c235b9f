"""Metrics (Prometheus) and structured logs.

Metrics live in a registry per app (tests build many apps). Store round trips and live
subscriptions are read from their owners when Prometheus scrapes, so the hot path only counts
requests. Logs are JSON lines carrying the request id; a filter masks bearer tokens, e-mail
addresses and phone numbers should any message ever contain one.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)

OPERATION_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,60}$")
MAX_OPERATION_NAMES = 200  # client-chosen names beyond this are counted as "other"


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "lonet_graphql_requests", "GraphQL requests by operation and outcome", ["operation", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "lonet_graphql_request_seconds", "GraphQL request latency by operation", ["operation"],
            buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
            registry=self.registry,
        )
        self.errors = Counter("lonet_graphql_errors", "GraphQL errors by extensions.code", ["code"], registry=self.registry)
        self.reports_waited = Counter(
            "lonet_reports_waited", "Whole-network reports that waited for another to be answered first (LONET_REPORTS_AT_ONCE)",
            registry=self.registry,
        )
        self._names: set[str] = set()

    def operation_label(self, name: str | None, root_fields: Iterable[str]) -> str:
        """The client's operation name when sane (bounded in number), else the root fields asked."""
        if name and OPERATION_NAME.match(name):
            if name in self._names or len(self._names) < MAX_OPERATION_NAMES:
                self._names.add(name)
                return name
            return "other"
        fields = sorted(set(root_fields))
        return "anonymous:" + ",".join(fields[:3]) if fields else "anonymous"

    def observe(self, operation: str, started: float, error_codes: list[str]) -> None:
        self.latency.labels(operation).observe(time.perf_counter() - started)
        self.requests.labels(operation, "error" if error_codes else "ok").inc()
        for code in error_codes:
            self.errors.labels(code).inc()

    def watch(self, collector: Collector) -> None:
        self.registry.register(collector)


def _by_label(name: str, documentation: str, label: str, values: Iterable[tuple[str, float]]) -> CounterMetricFamily:
    """A counter with one sample per value of its one label."""
    family = CounterMetricFamily(name, documentation, labels=[label])
    for key, value in values:
        family.add_metric([key], value)
    return family


class StoreCollector(Collector):
    """The store's counters (round trips per statement, transactions, requests waiting for cached
    values, each engine's own), read from the executor's stats at scrape time."""

    def __init__(self, app_state: Any) -> None:
        self.app_state = app_state

    def collect(self):
        executor = getattr(self.app_state, "executor", None)
        stats = getattr(executor, "stats", None)
        yield _by_label(
            "lonet_store_round_trips", "Store round trips by statement", "statement", sorted(getattr(stats, "by_statement", {}).items())
        )
        if stats is None:
            return
        engine = getattr(executor, "engine", None)
        yield CounterMetricFamily("lonet_store_transactions", "Write transactions committed", value=stats.transactions)
        yield _by_label(
            "lonet_cache_waits",
            "Requests that waited for a cached value (the read model's parts, reference lists) to be read or patched, by value",
            "value",
            sorted(stats.cache_waits.items()),
        )
        if engine == "neo4j":
            yield CounterMetricFamily(
                "lonet_store_write_turns",
                "Times a write unit took this process's write turn (for its end steps and COMMIT)",
                value=stats.write_turns,
            )
            yield _by_label(
                "lonet_store_write_turn_seconds",
                "Seconds write units waited for this process's write turn, and held it (held against a phase's length: how busy it was)",
                "what",
                [("waited", stats.write_turn_waited_seconds), ("held", stats.write_turn_held_seconds)],
            )
        if engine == "embedded":
            yield CounterMetricFamily(
                "lonet_store_writer_seconds",
                "Seconds the embedded engine's writer thread spent on write transactions (waits for the interpreter lock included)",
                value=stats.writer_seconds,
            )
            yield _by_label(
                "lonet_store_checkpoints",
                "The embedded engine's checkpoints: in a COMMIT past the log's threshold (its writes wait) or in a pause of the writes",
                "when",
                [(when, stats.checkpoints[when]) for when in ("commit", "pause")],
            )
            yield CounterMetricFamily(
                "lonet_store_reopens",
                "The embedded engine's database closed and opened again to give back the memory it keeps for what was written since it was opened",
                value=stats.reopens,
            )
            pool = getattr(executor, "buffer_pool_mb", None)  # None: the store is not open (yet)
            if pool is not None:
                yield GaugeMetricFamily(
                    "lonet_store_buffer_pool_bytes",
                    "The embedded engine's buffer pool: at most this much of the store is kept in memory (LONET_EMBEDDED_BUFFER_POOL_MB)",
                    value=pool << 20,
                )


class SubscriptionCollector(Collector):
    def __init__(self, app_state: Any) -> None:
        self.app_state = app_state

    def collect(self):
        live = getattr(self.app_state, "subscriptions", None)
        connections = GaugeMetricFamily("lonet_websocket_connections", "Open WebSocket connections")
        connections.add_metric([], getattr(live, "connections", 0))
        active = GaugeMetricFamily("lonet_active_subscriptions", "Running GraphQL subscriptions")
        active.add_metric([], getattr(live, "active", 0))
        yield connections
        yield active


class NotificationCollector(Collector):
    """The outbox as the store holds it (all workers' notifications, as of this worker's last
    delivery round) and this worker's own deliveries and failures (service/notifier.py)."""

    def __init__(self, app_state: Any) -> None:
        self.app_state = app_state

    def collect(self):
        notifier = getattr(self.app_state, "notifier", None)
        if notifier is None:
            return
        tally = notifier.tally
        outbox = GaugeMetricFamily("lonet_notifications", "Notifications in the outbox by e-mail status", labels=["status"])
        for status in ("PENDING", "SENDING", "DELIVERED", "FAILED"):
            outbox.add_metric([status.lower()], tally.outbox.get(status, 0))
        yield outbox
        delivered = CounterMetricFamily("lonet_notifications_delivered", "Notification mails this worker delivered")
        delivered.add_metric([], tally.delivered)
        yield delivered
        failed = CounterMetricFamily("lonet_notification_attempts_failed", "Mail attempts of this worker that failed (retried later)")
        failed.add_metric([], tally.failed_attempts)
        yield failed
        oldest = GaugeMetricFamily("lonet_notifications_oldest_undelivered_seconds", "Age of the oldest notification not yet mailed")
        waiting = tally.oldest_undelivered
        oldest.add_metric([], (notifier.now() - waiting).total_seconds() if waiting is not None else 0)
        yield oldest


class BrokerCollector(Collector):
    """The broker's connection (service/broker), read from it at scrape time; nothing without one."""

    def __init__(self, app_state: Any) -> None:
        self.app_state = app_state

    def collect(self):
        broker = getattr(self.app_state, "broker", None)
        if broker is None:
            return
        reconnects = CounterMetricFamily(
            "lonet_broker_reconnects", "Connections to the broker made again after it was unreachable"
        )
        reconnects.add_metric([], broker.reconnects)
        up = GaugeMetricFamily("lonet_broker_up", "1 while the broker is reachable, 0 while lonet serves without it")
        up.add_metric([], 1 if broker.connected else 0)
        waiting = GaugeMetricFamily("lonet_broker_unsent", "Changes of this worker not yet sent to the broker")
        waiting.add_metric([], broker.waiting)
        yield reconnects
        yield up
        yield waiting


# -- logs -------------------------------------------------------------------------------------

_SECRETS = [
    (re.compile(r"(?i)bearer\s+[A-Za-z0-9._~+/=-]+"), "Bearer [redacted]"),
    (re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), "[redacted-jwt]"),
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "[redacted-email]"),
    (re.compile(r"\+\d[\d ]{7,}\d"), "[redacted-phone]"),
]


def redact(text: str) -> str:
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extra fields."""

    # Standard record attributes, and uvicorn's terminal-coloured copy of its message.
    RESERVED = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime", "color_message"}

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        request_id = getattr(record, "request_id", None) or current_request_id.get()
        if request_id:
            entry["request_id"] = request_id
        for key, value in record.__dict__.items():
            if key not in self.RESERVED and key != "request_id":
                entry[key] = redact(str(value)) if isinstance(value, str) else value
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, default=str)


class TextFormatter(logging.Formatter):
    """One line for a person at a terminal: time, level, logger, message, request id; masked as
    the JSON lines are."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        request_id = getattr(record, "request_id", None) or current_request_id.get()
        return redact(f"{line} [{request_id}]" if request_id else line)


def log_handler(fmt: str = "auto", stream: Any = None) -> logging.Handler:
    """Logs to standard error: JSON lines for collectors, text for a terminal; `auto` (the
    default) is text when the stream is a terminal and JSON otherwise."""
    handler = logging.StreamHandler(stream)
    if fmt == "auto":
        isatty = getattr(handler.stream, "isatty", None)
        fmt = "text" if isatty is not None and isatty() else "json"
    if fmt == "json":
        formatter: logging.Formatter = JsonFormatter()
        formatter.converter = time.gmtime
    else:
        formatter = TextFormatter()
    handler.setFormatter(formatter)
    return handler


def configure_logging(fmt: str = "auto", level: int = logging.INFO) -> None:
    handler = log_handler(fmt)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # uvicorn's loggers propagate to ours, so its lines come out in the same format.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
