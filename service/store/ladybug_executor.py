"""The embedded engine: LadybugDB in a local directory.

LadybugDB allows one write transaction at a time per database and fails a second writer at once
instead of queueing it, so this executor serialises write units of work itself (per event loop
with an asyncio lock, across threads with a thread lock). Reads run alongside on per-thread
connections. Engine calls run on a small dedicated thread pool so the event loop never blocks.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Awaitable, Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import ladybug

from graph_schema import GraphSchema, Migration
from graph_schema.render_ladybug import ladybug_bootstrap

from .executor import (
    Changes,
    DuplicateKey,
    Row,
    StoreError,
    StoreStats,
    StoreUnavailable,
    T,
    Transaction,
    prepare_call,
)
from .statement import AREAS, Statement
from .values import from_ladybug, to_ladybug


def _classify(exc: Exception, statement: str | None) -> StoreError:
    message = str(exc)
    if "duplicated primary key" in message:
        return DuplicateKey(message, statement=statement)
    return StoreError(message, statement=statement)


class _LadybugTx:
    def __init__(self, executor: LadybugExecutor, connection: ladybug.Connection, writable: bool) -> None:
        self._executor = executor
        self._connection = connection
        self._writable = writable
        self.changes = Changes(executor.stats)  # what its statements may have changed

    async def run(self, statement: Statement, params: Mapping[str, Any] | None = None) -> list[Row]:
        prepared = prepare_call(statement, params, self._writable, self._executor.stats)
        if prepared is None:
            return []
        self.changes.note(statement, prepared)
        return await self._executor._call(self._execute, statement, prepared)

    def _connection_for_call(self) -> ladybug.Connection:
        return self._connection

    def _execute(self, statement: Statement, params: dict[str, Any]) -> list[Row]:
        try:
            result = self._connection_for_call().execute(statement.cypher, to_ladybug(params))
        except RuntimeError as exc:
            raise _classify(exc, statement.name) from exc
        columns = result.get_column_names()
        rows = [dict(zip(columns, from_ladybug(row))) for row in result.get_all()]
        result.close()
        return rows


class LadybugExecutor:
    engine = "embedded"
    dialect = "ladybug"

    def __init__(self, path: str | Path, *, threads: int = 4, buffer_pool_mb: int = 1024, max_db_gb: int = 64) -> None:
        self.path = Path(path)
        self.stats = StoreStats()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        max_db_size = 1 << max(30, (max_db_gb << 30).bit_length() - 1)  # a power of two, at least 1 GiB
        try:
            self._db = ladybug.Database(
                str(self.path), buffer_pool_size=buffer_pool_mb << 20, max_db_size=max_db_size
            )
        except RuntimeError as exc:
            if "lock" in str(exc).lower():
                raise StoreUnavailable(
                    f"the embedded store {self.path} is in use by another process "
                    "(is `lonet serve` running?); stop it or point LONET_EMBEDDED_PATH elsewhere"
                ) from exc
            raise StoreUnavailable(f"cannot open the embedded store {self.path}: {exc}") from exc
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="ladybug")
        self._local = threading.local()
        self._read_connections: list[ladybug.Connection] = []
        self._write_connection = ladybug.Connection(self._db)
        self._thread_write_lock = threading.Lock()
        self._loop_write_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        self._closed = False

    # -- plumbing -------------------------------------------------------------------------
    async def _call(self, fn: Callable[..., T], *args: Any) -> T:
        if self._closed:
            raise StoreUnavailable("the embedded store is closed")
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    def _read_connection(self) -> ladybug.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = ladybug.Connection(self._db)
            self._read_connections.append(connection)
        return connection

    def _raw(self, connection: ladybug.Connection, cypher: str) -> None:
        connection.execute(cypher).close()

    def _rollback(self) -> None:
        # An error inside a LadybugDB transaction already aborts it; ROLLBACK then reports
        # "no active transaction", which is the state we want.
        try:
            self._raw(self._write_connection, "ROLLBACK")
        except RuntimeError:
            pass

    async def _locked_write(self, body: Callable[[], Awaitable[T]]) -> T:
        loop = asyncio.get_running_loop()
        loop_lock = self._loop_write_locks.setdefault(loop, asyncio.Lock())
        async with loop_lock:
            # Another event loop (a CLI command in a thread, a test client) may hold the
            # engine's single write slot; wait for it without tying up a pool thread.
            while not self._thread_write_lock.acquire(blocking=False):
                await asyncio.sleep(0.001)
            try:
                return await body()
            finally:
                self._thread_write_lock.release()

    async def _in_transaction(self, work: Callable[[Transaction], Awaitable[T]]) -> T:
        await self._call(self._raw, self._write_connection, "BEGIN TRANSACTION")
        tx = _LadybugTx(self, self._write_connection, writable=True)
        try:
            result = await work(tx)
        except BaseException:
            await asyncio.shield(self._call(self._rollback))
            raise
        try:
            await self._call(self._raw, self._write_connection, "COMMIT")
        except RuntimeError as exc:
            await self._call(self._rollback)
            raise StoreError(f"commit failed: {exc}") from exc
        tx.changes.committed()
        return result

    # -- the executor interface -------------------------------------------------------------
    async def read(self, work: Callable[[Transaction], Awaitable[T]]) -> T:
        # Autocommit reads on a per-thread connection; they run alongside a writer and see
        # committed data only.
        return await work(_ThreadLocalReadTx(self))

    async def write(self, work: Callable[[Transaction], Awaitable[T]]) -> T:
        return await self._locked_write(lambda: self._in_transaction(work))

    async def apply_migration(self, migration: Migration, record: Callable[[Transaction], Awaitable[None]]) -> None:
        # LadybugDB DDL is transactional: the tables and the recorded version commit together.
        async def work(tx: Transaction) -> None:
            for ddl in migration.ladybug:
                await self._call(self._raw, self._write_connection, ddl)
            await record(tx)

        await self.write(work)
        self.stats.changed(AREAS)

    async def bootstrap(self, schema: GraphSchema) -> None:
        async def work(tx: Transaction) -> None:
            await self._call(self._raw, self._write_connection, ladybug_bootstrap(schema))

        await self.write(work)
        self.stats.changed(AREAS)

    async def ping(self) -> None:
        await self._call(lambda: self._raw(self._read_connection(), "RETURN 1"))

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._pool.shutdown(wait=True)
        for connection in [*self._read_connections, self._write_connection]:
            connection.close()
        self._read_connections.clear()
        self._db.close()


class _ThreadLocalReadTx(_LadybugTx):
    """A read unit of work: each statement runs on the connection of the pool thread that runs it."""

    def __init__(self, executor: LadybugExecutor) -> None:
        self._executor = executor
        self._writable = False
        self.changes = Changes(executor.stats)

    def _connection_for_call(self) -> ladybug.Connection:
        return self._executor._read_connection()
