"""An executor that survives the store being unavailable, and recovers by itself.

The engine is opened on first use and, after a failure to open it (for the embedded engine:
another process holds the file; for Neo4j the driver itself reconnects) or once the engine says
it lost the store (`lost`: the embedded one could not open it again), tried again at most once
per `retry_seconds`. Meanwhile every call raises StoreUnavailable: /readyz answers 503 and
requests get a typed STORE_UNAVAILABLE (HTTP 503). Nothing needs a restart when the store comes back.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from graph_schema import GraphSchema, Migration

from .background import BackgroundWork
from .executor import Executor, Row, StoreStats, StoreUnavailable, T, Transaction
from .statement import Statement

log = logging.getLogger(__name__)


class ResilientExecutor:
    def __init__(self, opener: Callable[[], Executor], *, engine: str, retry_seconds: float = 1.0) -> None:
        self._opener = opener
        self._inner: Executor | None = None
        self._lock = threading.Lock()
        self._failed_at = 0.0
        self._failure: StoreUnavailable | None = None
        self.retry_seconds = retry_seconds
        self.engine = engine
        self.exclusive = engine == "embedded"  # as the engine's own executor says (Executor.exclusive)
        self.holds_known_answers = engine == "embedded"  # likewise
        self.counts_in_statements = engine == "neo4j"  # likewise
        self.stats = StoreStats()  # shared with every engine instance opened, so counts carry on
        self.background = BackgroundWork()  # shared likewise: closing one stops what it started

    def _current(self) -> Executor:
        inner = self._inner
        if inner is not None and not getattr(inner, "lost", False):
            return inner
        with self._lock:
            if self._inner is not None and getattr(self._inner, "lost", False):
                # The engine gave up its store (the embedded one could not open it again after
                # closing it to give memory back): opened anew, as after a failure to open.
                log.warning("the store was lost by the engine that had it open: opening it again")
                self._inner = None
            if self._inner is not None:
                return self._inner
            if self._failure is not None and time.monotonic() - self._failed_at < self.retry_seconds:
                raise self._failure
            try:
                inner = self._opener()
            except StoreUnavailable as exc:
                # Said once per reason, not at every retry: the operator learns why /readyz says 503.
                if self._failure is None or str(self._failure) != str(exc):
                    log.warning("the store cannot be opened (tried again every %g s): %s", self.retry_seconds, exc)
                self._failure, self._failed_at = exc, time.monotonic()
                raise
            inner.stats, inner.background = self.stats, self.background
            self.background.reopen()  # opened again (after a close): background work may start again
            if self._failure is not None:
                log.warning("the store is open again after: %s", self._failure)
            self._inner, self._failure = inner, None
            return inner

    @property
    def buffer_pool_mb(self) -> int | None:
        """The open embedded store's buffer pool (None: Neo4j, or not open)."""
        return getattr(self._inner, "buffer_pool_mb", None)

    async def read(self, work: Callable[[Transaction], Awaitable[T]]) -> T:
        return await self._current().read(work)

    async def fetch(self, statement: Statement, params: Mapping[str, Any] | None = None) -> list[Row]:
        return await self._current().fetch(statement, params)

    async def write(self, work: Callable[[Transaction], Awaitable[T]], *, claims: frozenset[str] | None = None) -> T:
        return await self._current().write(work, claims=claims)

    async def apply_migration(self, migration: Migration, record: Callable[[Transaction], Awaitable[None]]) -> None:
        await self._current().apply_migration(migration, record)

    async def bootstrap(self, schema: GraphSchema) -> None:
        await self._current().bootstrap(schema)

    async def ping(self) -> None:
        await self._current().ping()

    async def close(self) -> None:
        inner, self._inner = self._inner, None
        if inner is not None:
            await inner.close()
