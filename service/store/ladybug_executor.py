"""The embedded engine: LadybugDB in a local directory.

LadybugDB allows one write transaction at a time per database and fails a second writer at once
instead of queueing it, so this executor serialises write units of work itself (per event loop
with an asyncio lock, across threads with a thread lock). Reads run alongside on per-thread
connections. Engine calls run on a small dedicated thread pool so the event loop never blocks.

Group commit: every transaction costs a BEGIN and a COMMIT on the writer's one connection (the
commit flushes the write-ahead log: 1.5 ms p50, 3 ms mean on the bench machine, beside 5-15 ms
of statements for a small unit of work; more on a disk with a slow flush). So the units of work
queued while the writer was busy run one after the other in one transaction, committed once (at
most BATCH_LIMIT). Each unit is still all or nothing: if a unit of a batch fails (its own error,
a version conflict, a refused statement), the batch is rolled back, the units before it run again
together, the failing unit alone in its own transaction (its caller gets its own error) and the
rest as the next batch; if the commit fails, each unit runs alone. So one unit's failure never
undoes another's work. Running a unit again is safe for the reason Neo4j's managed transactions
rely on already: use cases act outside the store only after `write` returns. The units of a batch
run in the order they came, on one connection, each seeing the ones before it: what a serial run
would give; they share the transaction's notes (`Changes.notes`: e.g. the consultation log's head
the unit before appended) and what is left for its end (`Changes.before_commit`: the units'
consultation records, appended in one statement after the last unit), and each runs in its
caller's context (language, deadline, round-trip counter). A unit whose caller gives up once its
batch has begun still commits, as a Neo4j unit whose commit was under way would; one that had not
begun is dropped. Units that claim what they write (`write(..., claims=...)`) and whose claims
no other unit of the batch holds run side by side after the others, their like statements sent
as one (ladybug_side_by_side says why that keeps each unit's meaning).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import ctypes
import logging
import os
import shutil
import threading
import time
import weakref
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import ladybug
from ladybug.connection import _pybind_param_signature

from graph_schema import GraphSchema, Migration
from graph_schema.render_ladybug import ladybug_bootstrap

from .background import BackgroundWork
from .executor import (
    Changes,
    DuplicateKey,
    Row,
    Settled,
    StoreChanged,
    StoreError,
    StoreStats,
    StoreUnavailable,
    T,
    Transaction,
    finish,
    prepare_call,
)
from .ladybug_side_by_side import Gathering, Send, UnitFailed, form_parameters, run_side_by_side, sends_of, split_rows
from .ladybug_untyped import without_untyped
from .statement import AREAS, Statement
from .values import from_ladybug, to_ladybug

log = logging.getLogger(__name__)


# The most units of work one transaction takes from the queue (group commit).
BATCH_LIMIT = 32


@dataclass(eq=False)
class _Queued:
    """A unit of work waiting for the writer, where its outcome goes, and its caller's context
    (the request's language, deadline, round-trip counter), in which it runs in any batch."""

    work: Callable[[Transaction], Awaitable[Any]]
    outcome: asyncio.Future
    context: contextvars.Context
    claims: frozenset[str] | None = None


def _in_running_order(batch: list[_Queued]) -> tuple[list[_Queued], int]:
    """The batch as it runs, and where its side-by-side part starts: first, one after another,
    the units without claims and those claiming what an earlier unit claims; then the others side
    by side (when there are at least two of them)."""
    alone: list[_Queued] = []
    together: list[_Queued] = []
    claimed: set[str] = set()
    for item in batch:
        if item.claims and claimed.isdisjoint(item.claims):
            together.append(item)
            claimed |= item.claims
        else:
            alone.append(item)
    if len(together) < 2:
        return batch, len(batch)
    return alone + together, len(alone)


class _TimedThread(ThreadPoolExecutor):
    """The writer's one thread, adding up the time its work takes (StoreStats.writer_seconds):
    behind an event loop busy with other requests, a statement's rows wait for the interpreter
    lock, and this shows it (bench/run.py prints it per transaction for the write mix)."""

    def __init__(self, spent: Callable[[float], None]) -> None:
        super().__init__(max_workers=1, thread_name_prefix="ladybug-writer")
        self._spent = spent

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        return super().submit(self._timed, fn, *args, **kwargs)

    def untimed(self, fn: Callable[[], T]) -> Future[T]:
        """On the writer's thread, not counted as write transactions' time (a checkpoint in a pause)."""
        return super().submit(fn)

    def _timed(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            self._spent(time.perf_counter() - started)


class _ReadGate:
    """Keeps the reading threads off the database while it is closed and opened again
    (LadybugExecutor._reopen_on_writer): a read waits at the gate meanwhile (on its pool thread,
    a few tens of milliseconds), and the reopening waits for the reads under way to end."""

    def __init__(self) -> None:
        self._state = threading.Condition()
        self._reading = 0
        self._shut = False

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        with self._state:
            while self._shut:
                self._state.wait()
            self._reading += 1
        try:
            yield
        finally:
            with self._state:
                self._reading -= 1
                if not self._reading:
                    self._state.notify_all()

    @contextlib.contextmanager
    def shut(self) -> Iterator[None]:
        with self._state:
            self._shut = True
            while self._reading:
                self._state.wait()
        try:
            yield
        finally:
            with self._state:
                self._shut = False
                self._state.notify_all()


def _classify(exc: Exception, statement: str | None) -> StoreError:
    message = str(exc)
    if "duplicated primary key" in message:
        return DuplicateKey(message, statement=statement)
    return StoreError(message, statement=statement)


class _LadybugTx:
    def __init__(
        self, executor: LadybugExecutor, connection: ladybug.Connection, writable: bool, *, defers: bool = False
    ) -> None:
        self._executor = executor
        self._connection = connection
        self._writable = writable
        # Its writes that answer nothing wait for its next statement that answers, or for the
        # commit, and go to the writer's thread with it (LadybugExecutor._deferred).
        self._defers = defers
        self.changes = Changes(executor.stats)  # what its statements may have changed
        # A statement failed: LadybugDB has aborted the transaction, even if the unit of work
        # carried on (a batch then runs its units again one by one).
        self.failed = False

    async def run(self, statement: Statement, params: Mapping[str, Any] | None = None) -> list[Row]:
        rows = await self._run(statement, params, [] if statement.answers_nothing else None)
        return [] if rows is None else rows

    async def run_expecting(
        self, statement: Statement, params: Mapping[str, Any], expected: list[Row], *, as_read: Settled | None = None
    ) -> list[Row] | None:
        if self._writable and not self.failed and self._executor.exclusive and self._executor.stats.unchanged_since(as_read):
            # This process writes the store alone (`exclusive`: the engine's lock on the file) and,
            # since the read the caller expects from, noted no statement that may change what it
            # read: the store would answer as that read did. Not sent, held back or counted as a
            # trip (a request's serving check: 0.3-0.5 ms of the writer's, full network).
            self._executor.stats.proven[statement.name] += 1
            return None
        return await self._run(statement, params, expected)

    async def _run(self, statement: Statement, params: Mapping[str, Any] | None, expected: list[Row] | None) -> list[Row] | None:
        """The statement's rows; None when held back (`expected`: the answer it must give then)."""
        if self.failed and self._writable:
            # LadybugDB has aborted the transaction: a statement now would run on its own,
            # committed at once (as Neo4j does, a failed transaction takes no more statements).
            raise StoreError("the transaction was aborted by an earlier statement that failed", statement=statement.name)
        prepared = prepare_call(statement, params, self._writable, self._executor.stats)
        if prepared is None:
            return []
        self.changes.note(statement, prepared)
        if expected is not None and self._hold(statement, prepared, expected):
            return None
        try:
            return await self._send(statement, prepared)
        except BaseException:
            self.failed = True
            raise

    def _hold(self, statement: Statement, params: dict[str, Any], expected: list[Row]) -> bool:
        """Keep a statement whose answer is known (`expected`: no rows for a write without a
        RETURN; Transaction.run_expecting) for the next call to the writer's thread: it goes with
        the next statement that answers or with the COMMIT, one trip to the writer's thread fewer
        (each a turn of an event loop that may be busy with other requests). Should it fail, or
        answer otherwise (StoreChanged), that statement or the commit fails with its error, and the
        unit with it: nothing of the unit is written."""
        if not self._defers:
            return False
        self._executor._deferred.append((statement, params, expected))
        return True

    async def _send(self, statement: Statement, params: dict[str, Any]) -> list[Row]:
        if not self._writable:
            return await self._executor._call(self._execute, statement, params, ())
        return await self._executor._write_call(self._execute, statement, params, self._executor._take_deferred())

    def _connection_for_call(self) -> ladybug.Connection:
        return self._connection

    def _execute(self, statement: Statement, params: dict[str, Any], deferred: Sequence[Deferred]) -> list[Row]:
        if self._writable:  # on the writer's thread: what it held back first
            self._executor._send_deferred_on_writer(deferred)
        return _rows(self._connection_for_call(), statement.name, statement.cypher, params)


# A write whose answer is known (no rows, for one that answers nothing), waiting to go to the
# writer's thread with the next call; or the writes that answer nothing which units run side by
# side held back until they ended, sent as the round they would have been (LadybugExecutor._side_by_side).
Deferred = tuple[Statement, dict[str, Any], list[Row]] | Send


def _connection(db: ladybug.Database) -> ladybug.Connection:
    """A connection whose statements run on the calling thread alone: lonet's statements are small
    (a key looked up, a few rows written), and handing one to the engine's worker threads cost more
    than it saved (full network: the serving check 0.62 -> 0.32 ms, numbering requests 0.53 -> 0.36;
    the read model's loads of every posting, officer or workload within 20% either way)."""
    connection = ladybug.Connection(db)
    connection.set_max_threads_for_exec(1)
    return connection


# Per connection, its statements as LadybugDB prepared them, by text and parameter types.
# Given a text, LadybugDB's Python package looks its own cache up the same way, but first scans
# the text once per parameter for `to_json($name)` (which no lonet statement uses) and copies the
# parameters: 60-90 us a call in Python on the connection's thread, the interpreter lock held,
# 0.6-0.7 ms of a request for assistance, 0.35 of an acceptance (in process, full bench network;
# bench/RESULTS.md, issue 22). The key is the package's own (_pybind_param_signature, which tells
# ints apart by width: the package warns that a statement prepared for a narrower int may not take
# a wider one). A statement that fails to prepare is not kept: each call reports its error.
_prepared: weakref.WeakKeyDictionary[ladybug.Connection, dict[tuple[str, tuple], ladybug.PreparedStatement]] = (
    weakref.WeakKeyDictionary()
)


def _prepared_statement(connection: ladybug.Connection, cypher: str, params: dict[str, Any]) -> ladybug.PreparedStatement:
    statements = _prepared.get(connection)
    if statements is None:
        connection.init_connection()  # the engine's connection, made on first use
        statements = _prepared[connection] = {}
    key = (cypher, _pybind_param_signature(params))
    statement = statements.get(key)
    if statement is None:
        statement = ladybug.PreparedStatement(connection, cypher, params)
        if not statement.is_success():
            raise RuntimeError(statement.get_error_message())
        statements[key] = statement
    return statement


def _rows(connection: ladybug.Connection, name: str, cypher: str, params: dict[str, Any]) -> list[Row]:
    cypher, params = without_untyped(cypher, to_ladybug(params))
    try:
        result = connection.execute(_prepared_statement(connection, cypher, params), params) if params else connection.execute(cypher)
    except RuntimeError as exc:
        raise _classify(exc, name) from exc
    columns = result.get_column_names()
    rows = [dict(zip(columns, from_ladybug(row))) for row in result.get_all()]
    result.close()
    return rows


def _as_expected(statement: Statement, answer: list[Row], expected: list[Row]) -> None:
    """StoreChanged unless a held statement answered as its unit expected."""
    if answer != expected:
        raise StoreChanged(
            f"{statement.name} answered {answer}, not {expected}: the store is not as the unit expected", statement=statement.name
        )


class _SideBySideTx(_LadybugTx):
    """A unit's transaction object while it runs side by side: its statements wait for the other
    units' (Gathering); once they are all done (the transaction's end), they run directly."""

    def __init__(self, executor: LadybugExecutor, gathering: Gathering, unit: int) -> None:
        # Once the units are done, the transaction's end steps hold back what they may (defers).
        super().__init__(executor, executor._write_connection, writable=True, defers=True)
        self._gathering = gathering
        self._unit = unit

    def _hold(self, statement: Statement, params: dict[str, Any], expected: list[Row]) -> bool:
        if self._gathering.over:
            return super()._hold(statement, params, expected)
        self._gathering.hold(self._unit, statement, params, expected)
        return True

    async def _send(self, statement: Statement, params: dict[str, Any]) -> list[Row]:
        if self._gathering.over:
            return await super()._send(statement, params)
        return await self._gathering.wait_on(self._unit, statement, params)


# A checkpoint in a pause of the writes (LadybugExecutor._checkpoint_in_pause) only once the log
# holds this much: below it the next COMMIT's own checkpoint is far off, and a checkpoint costs
# about the same for a small log as for a large one (14-123 ms for each table that got new rows,
# full bench network; bench/RESULTS.md, issue 22).
PAUSE_CHECKPOINT_KB = 256


# The buffer pool when LONET_EMBEDDED_BUFFER_POOL_MB is unset: the store as it is opened (its file
# and log) and room for what statements hold in memory, within these bounds. LadybugDB keeps every
# page it reads or writes until the pool is full, so a pool larger than the store grows with each
# page the traffic adds; one the size of the store keeps what is read and evicts the rest (evicted
# pages are read again from the system's file cache). Full bench network (a 151 MB store, so 215
# MB): the pool's resident pages stayed at 129-138 MB through the 10-minute write mix while the
# file grew to 195 MB, no statement refused (1 GB: they followed the file up). 128 MB refused some
# ("the buffer pool is full": the pool also holds the statements' intermediate results and what
# commits changed until a checkpoint). bench/RESULTS.md, issue 22.
POOL_HEADROOM_MB = 64
POOL_FLOOR_MB = 192
POOL_CEILING_MB = 1024


def buffer_pool_for(path: Path) -> int:
    """The buffer pool (MB) for the embedded store at `path`, sized to it as it is now."""
    stored = sum(part.stat().st_size for part in (path, path.with_name(path.name + ".wal")) if part.is_file())
    return min(POOL_CEILING_MB, max(POOL_FLOOR_MB, (stored >> 20) + POOL_HEADROOM_MB))


# The database is closed and opened again (LadybugExecutor._reopen_on_writer) once this much log
# has been written since it was opened. Full bench network: LadybugDB kept ~0.6 MB for each MB of
# log through a 10-minute write mix; a reopen takes 60-130 ms (a checkpoint, the close, the open).
REOPEN_MB = 16


def _give_back_freed_memory() -> None:
    """Ask glibc to hand the memory it keeps freed back to the system (malloc_trim): what the
    closed database freed stays with the process otherwise (the main heap alone kept ~86 MB on
    the full bench network). Elsewhere (musl, macOS) nothing. The process's own symbols are
    looked in (no search for the library, which would start a program while the reads wait)."""
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if trim is not None:
        trim(0)


# What LadybugDB keeps beside the store's file while it is open: the write-ahead log, the log a
# checkpoint under way froze, and that checkpoint's pages.
RECOVERY_FILES = (".wal", ".wal.checkpoint", ".shadow")


def open_database(path: Path, **options: Any) -> ladybug.Database:
    """The store at `path`, opened; after a crash, with the torn end of its log dropped.

    A process killed while it wrote a commit leaves that commit's records half in the log, and
    LadybugDB then refuses to open the store at all ("Checksum verification failed, the WAL file
    is corrupted" or "Reading past the end of the file ...wal"): the store would stay unavailable
    until someone edits files by hand. Opened again with throw_on_wal_replay_failure off, it
    replays the log up to the last whole commit and cuts the rest off; the half-written commit
    was never acknowledged (a write is answered after its commit returns). The log as it was is
    copied aside first and the operator told, so that if the damage was not a torn end (a disk
    fault in the middle of the log) what was cut off can still be looked at."""
    try:
        return ladybug.Database(str(path), **options)
    except RuntimeError as exc:
        said = str(exc).replace(str(path), "").lower()  # the store's own path aside ("/srv/wallet/")
        if "lock" in said:
            raise StoreUnavailable(
                f"the embedded store {path} is in use by another process "
                "(is `lonet serve` running?); stop it or point LONET_EMBEDDED_PATH elsewhere"
            ) from exc
        if "wal" not in said:
            raise StoreUnavailable(f"cannot open the embedded store {path}: {exc}") from exc
        refused = exc
    kept = keep_recovery_files(path)
    log.warning(
        "the embedded store %s refused its write-ahead log (%s), as after a crash in the middle of a "
        "commit: opening it with the log replayed up to its last whole commit; the log as it was is "
        "kept in %s",
        path, refused, kept,
    )
    try:
        return ladybug.Database(str(path), throw_on_wal_replay_failure=False, **options)
    except RuntimeError as exc:
        earlier = "" if str(exc) == str(refused) else f" (at first: {refused})"
        raise StoreUnavailable(f"cannot open the embedded store {path}: {exc}{earlier}") from exc


def keep_recovery_files(path: Path) -> Path:
    """Copies of the log files of the store at `path`, in a folder beside it (returned) named
    after the time they were last written: a store that cannot be opened even so, tried again
    every second (ResilientExecutor), is copied once, not once a try."""
    parts = [part for part in (path.with_name(path.name + suffix) for suffix in RECOVERY_FILES) if part.is_file()]
    written = datetime.fromtimestamp(max((part.stat().st_mtime for part in parts), default=time.time()), UTC)
    kept = path.with_name(f"{path.name}.before-recovery-{written:%Y%m%dT%H%M%S%fZ}")
    if kept.exists():
        return kept
    copying = kept.with_name(kept.name + ".partial")  # renamed once whole
    shutil.rmtree(copying, ignore_errors=True)
    copying.mkdir()
    for part in parts:
        shutil.copy2(part, copying / part.name)
    copying.rename(kept)
    return kept


class LadybugExecutor:
    engine = "embedded"
    # The directory is held by one process (a second cannot open it): every change is this
    # process's own, so what it keeps of the store never goes stale by time (usecases/caches.py).
    exclusive = True
    holds_known_answers = True  # _LadybugTx._hold
    counts_in_statements = False  # Executor.counts_in_statements
    dialect = "ladybug"

    def __init__(
        self,
        path: str | Path,
        *,
        threads: int = 4,
        buffer_pool_mb: int | None = None,
        max_db_gb: int = 64,
        checkpoint_kb: int = 4096,
        pause_checkpoint_ms: int = 250,
        pause_checkpoint_kb: int = PAUSE_CHECKPOINT_KB,
        reopen_kb: int = REOPEN_MB << 10,
    ) -> None:
        self.path = Path(path)
        self.stats = StoreStats()
        self.background = BackgroundWork()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # What LadybugDB may hold of the store in memory: the bound on its part of the process's memory.
        self.buffer_pool_mb = buffer_pool_mb or buffer_pool_for(self.path)
        max_db_size = 1 << max(30, (max_db_gb << 30).bit_length() - 1)  # a power of two, at least 1 GiB
        self._options = {
            "backend": "pybind",  # the backend _prepared_statement's keys are made for
            "buffer_pool_size": self.buffer_pool_mb << 20,
            "max_db_size": max_db_size,
            "checkpoint_threshold": checkpoint_kb << 10,  # settings.embedded_checkpoint_kb says why
        }
        self._db = open_database(self.path, **self._options)
        # The writer has a thread of its own: a write never waits for a read to give a thread back
        # (and the single writer's statements follow each other on one thread). The other threads
        # read, each on a connection of its own; every connection holds engine memory of its own.
        self._pool = ThreadPoolExecutor(max_workers=max(1, threads - 1), thread_name_prefix="ladybug")
        self._writer = _TimedThread(self._writer_spent)
        self._local = threading.local()
        self._read_connections: list[ladybug.Connection] = []
        self._write_connection = _connection(self._db)
        # LadybugDB keeps memory for every row written since the database was opened (~130 bytes
        # a string key, ~270 a node of the bench's), through checkpoints, until it is closed: the
        # embedded server grew ~7 MB a minute under a steady write mix. So once `reopen_kb` of
        # log has been written since it was opened, the executor closes the database and opens it
        # again (_reopen_on_writer): in a pause of the writes, or between two batches if writes go
        # on past twice that (_reopen_under_writes). 0: never.
        self._reopen_bytes = reopen_kb << 10
        self._logged = 0  # bytes of log written since the database was opened (the writer's thread)
        self._opened = 1  # how many times the database has been opened: read connections of an earlier one are gone
        self._read_gate = _ReadGate()
        # Why the write transaction under way did not begin (set and read on the writer's thread):
        # its statements are then refused, not run outside any transaction (_begin_on_writer).
        self._begin_failure: StoreError | None = None
        # The write transaction's statements that answer nothing, not sent yet (_LadybugTx.run);
        # on the event loop's side, under the write lock. Emptied when a transaction begins.
        self._deferred: list[Deferred] = []
        self._thread_write_lock = threading.Lock()
        self._loop_write_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        # Per event loop, the units of work waiting for the writer (group commit).
        self._queues: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, list[_Queued]] = weakref.WeakKeyDictionary()
        self._closed = False
        self.lost = False  # closed by a failure to open the database again (_reopen)
        self._reopening = False
        # LadybugDB checkpoints inside the COMMIT that takes its log past checkpoint_kb, and that
        # transaction and every unit queued behind it wait (up to half a second on the full bench
        # network). Once writes pause for `pause_checkpoint_ms` with at least `pause_checkpoint_kb`
        # in the log, lonet checkpoints then, where nobody waits: the next burst of writes starts
        # with an empty log. 0 ms: never in a pause.
        self._log_path = self.path.with_name(self.path.name + ".wal")
        self._log_bytes = self._log_size()  # as the writer's thread last saw it
        self._pause_seconds = pause_checkpoint_ms / 1000
        self._pause_checkpoint_bytes = pause_checkpoint_kb << 10
        self._last_write = 0.0  # time.monotonic() when a batch of writes last ended
        self._pause_timer: asyncio.TimerHandle | None = None

    # -- plumbing -------------------------------------------------------------------------
    async def _call(self, fn: Callable[..., T], *args: Any) -> T:
        """On a reading thread (its connection: _read_connection), never while the database is
        closed to be opened again."""
        return await self._on(self._pool, self._through_gate, fn, *args)

    def _through_gate(self, fn: Callable[..., T], *args: Any) -> T:
        with self._read_gate.reading():
            if self.lost:
                raise StoreUnavailable("the embedded store could not be opened again")
            return fn(*args)

    async def _write_call(self, fn: Callable[..., T], *args: Any) -> T:
        """On the writer's thread: whatever uses the write connection."""
        return await self._on(self._writer, fn, *args)

    async def _on(self, threads: ThreadPoolExecutor, fn: Callable[..., T], *args: Any) -> T:
        if self._closed:
            raise StoreUnavailable("the embedded store is closed")
        return await asyncio.get_running_loop().run_in_executor(threads, fn, *args)

    def _writer_spent(self, seconds: float) -> None:
        # On the writer's thread, the only one that adds; to the stats the executor has now (a
        # ResilientExecutor gives every engine it opens its own, which carry on across reopens).
        self.stats.writer_seconds += seconds

    def _take_deferred(self) -> list[Deferred]:
        deferred, self._deferred = self._deferred, []
        return deferred

    def _read_connection(self) -> ladybug.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None or self._local.opened != self._opened:
            connection = self._local.connection = _connection(self._db)
            self._local.opened = self._opened
            self._read_connections.append(connection)
        return connection

    def _raw(self, connection: ladybug.Connection, cypher: str) -> None:
        connection.execute(cypher).close()

    def _begin_on_writer(self) -> None:
        """BEGIN on the write connection (the writer's thread); a failure is kept, and every
        statement of the transaction refused with it: LadybugDB would run each on its own,
        committed at once."""
        self._begin_failure = None
        try:
            self._raw(self._write_connection, "BEGIN TRANSACTION")
        except RuntimeError as exc:
            self._begin_failure = StoreError(f"the write transaction did not begin: {exc}")

    def _begin_without_waiting(self) -> None:
        """BEGIN handed to the writer's thread, not waited for: the statements that follow it go
        to the same thread, after it; had it failed, they are refused there (_begin_on_writer)."""
        if self._closed:
            raise StoreUnavailable("the embedded store is closed")
        self._writer.submit(self._begin_on_writer)

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
            return await self._thread_locked(body)

    async def _thread_locked(self, body: Callable[[], Awaitable[T]]) -> T:
        # Another event loop (a CLI command in a thread, a test client) may hold the engine's
        # single write slot; wait for it without tying up a pool thread.
        while not self._thread_write_lock.acquire(blocking=False):
            await asyncio.sleep(0.001)
        try:
            return await body()
        finally:
            self._thread_write_lock.release()

    async def _in_transaction(
        self, work: Callable[[Transaction], Awaitable[T]], *, schema: bool = False, holding: bool = True
    ) -> T:
        """The unit of work in a transaction of its own. A schema change (`schema`) sends its DDL
        itself, straight to the writer's thread: its BEGIN is waited for and nothing of it is
        held back; any other unit's BEGIN is handed to the writer's thread without waiting for it
        (as a batch's, _run_together)."""
        self._deferred = []
        if schema:
            await self._write_call(self._begin_on_writer)
            if self._begin_failure is not None:
                raise self._begin_failure
        else:
            self._begin_without_waiting()
        tx = _LadybugTx(self, self._write_connection, writable=True, defers=holding and not schema)
        try:
            result = await work(tx)
            await finish(tx)
        except BaseException:
            await asyncio.shield(self._write_call(self._rollback))
            raise
        tx.changes.committing()
        await self._commit()
        tx.changes.committed()
        return result

    async def _commit(self) -> None:
        """COMMIT, with the writes that answer nothing still held back sent before it in the same
        call: one of them failing fails the commit with its own error (DuplicateKey, ...)."""
        try:
            await self._write_call(self._commit_on_writer, self._take_deferred())
        except StoreError:
            await self._write_call(self._rollback)
            raise
        except RuntimeError as exc:
            await self._write_call(self._rollback)
            raise StoreError(f"commit failed: {exc}") from exc
        self.stats.transactions += 1

    def _send_deferred_on_writer(self, deferred: Sequence[Deferred]) -> None:
        if self._begin_failure is not None:  # nothing is sent outside the transaction
            raise self._begin_failure
        try:
            for item in deferred:
                if isinstance(item, Send):  # what units side by side held: no rows to hand back
                    for wait, answer in zip(item.waits, self._send_rows(item)):
                        _as_expected(item.statement, answer, wait.expected)
                    continue
                statement, params, expected = item
                _as_expected(statement, _rows(self._write_connection, statement.name, statement.cypher, params), expected)
        except StoreChanged:
            # What the process expected from its last commits is wrong: none of it is trusted
            # again (the units run again read the store; one dict call, safe from this thread).
            self.stats.shared.clear()
            raise

    def _commit_on_writer(self, deferred: Sequence[Deferred]) -> None:
        self._send_deferred_on_writer(deferred)
        self._raw(self._write_connection, "COMMIT")
        self._note_log()

    # -- checkpoints ----------------------------------------------------------------------------
    def _log_size(self) -> int:
        try:
            return os.stat(self._log_path).st_size
        except FileNotFoundError:  # LadybugDB removes the log once it is checkpointed
            return 0

    def _note_log(self) -> None:
        """After a COMMIT, on the writer's thread: a log shorter than before it was checkpointed
        in it (LadybugDB's own checkpoint, which the transaction waited for)."""
        size = self._log_size()
        if size < self._log_bytes:
            self.stats.checkpoints["commit"] += 1
            self._logged += size  # what it wrote after the checkpoint (before it: not known)
        else:
            self._logged += size - self._log_bytes
        self._log_bytes = size

    def _writes_ended(self) -> None:
        """A batch of writes has ended (on the event loop): a checkpoint once they pause; the
        database opened again now if writes have gone on without a pause past twice the log that
        calls for it (_reopen_under_writes)."""
        self._last_write = time.monotonic()
        if self._reopen_under_writes() and not self._reopening and not self._closed:
            self._reopening = True
            self.background.start(self._locked_write(self._reopen))
        if self._pause_timer is None and self._pause_seconds and not self._closed:
            self._pause_timer = asyncio.get_running_loop().call_later(self._pause_seconds, self._pause_reached)

    def _pause_reached(self) -> None:
        self._pause_timer = None
        if self._closed or not (self._log_bytes >= self._pause_checkpoint_bytes or self._reopen_due()):
            return  # the next write's end looks again
        loop = asyncio.get_running_loop()
        lock = self._loop_write_locks.get(loop)
        quiet = time.monotonic() - self._last_write
        if quiet < self._pause_seconds or self._queues.get(loop) or (lock is not None and lock.locked()):
            # Writes went on: wait for the pause after them.
            self._pause_timer = loop.call_later(max(self._pause_seconds - quiet, 0.001), self._pause_reached)
            return
        self.background.start(self._locked_write(self._checkpoint_in_pause))

    async def _checkpoint_in_pause(self) -> None:
        """CHECKPOINT while no write waits (holding the write slot: a unit that comes meanwhile
        waits for it, as it would behind a COMMIT's own). A failure is only logged: LadybugDB
        checkpoints at the next COMMIT past its threshold in any case."""
        if self._reopen_due():
            await self._reopen()
            return
        if self._closed or self._log_bytes < self._pause_checkpoint_bytes:
            return  # a COMMIT checkpointed meanwhile
        try:
            await asyncio.wrap_future(self._writer.untimed(self._checkpoint_on_writer))
        except RuntimeError as exc:  # the engine refused (or the writer's thread has shut down)
            log.warning("checkpoint in a pause of the writes failed (LadybugDB checkpoints at a later COMMIT): %s", exc)

    def _checkpoint_on_writer(self) -> None:
        self._raw(self._write_connection, "CHECKPOINT")
        self.stats.checkpoints["pause"] += 1
        self._log_bytes = self._log_size()

    # -- the database opened again --------------------------------------------------------------
    def _reopen_due(self) -> bool:
        return bool(self._reopen_bytes) and self._logged >= self._reopen_bytes and not self._closed

    def _reopen_under_writes(self) -> bool:
        """Writes go on without a pause, past twice the log that calls for a reopen: reopened just
        after a COMMIT's own checkpoint emptied the log, so that the reopen's checkpoint has next to
        nothing to write (with a few MB in the log it took 300-500 ms, every write waiting; after
        one, the reopen alone, 60-130 ms), or at once past four times that."""
        if not self._reopen_bytes or self._logged < 2 * self._reopen_bytes:
            return False
        return self._log_bytes < self._pause_checkpoint_bytes or self._logged >= 4 * self._reopen_bytes

    async def _reopen(self) -> None:
        """The database closed and opened again, holding the write slot (a unit that comes
        meanwhile waits, as behind a checkpoint). Should it not open again, the executor is lost:
        every call is refused as StoreUnavailable, and a ResilientExecutor opens a new one."""
        try:
            if self._reopen_due():
                await asyncio.wrap_future(self._writer.untimed(self._reopen_on_writer))
        except Exception as exc:  # noqa: BLE001  (its caller is in the background: logged here)
            if self.lost:
                log.error("the embedded store %s could not be opened again after closing it to give memory back: %s", self.path, exc)
                self._lose()
            else:  # the checkpoint before it refused: nothing was closed; tried again after as much log again
                log.warning("the embedded store was not opened again (its checkpoint failed): %s", exc)
                self._logged = 0
        finally:
            self._reopening = False

    def _lose(self) -> None:
        """Closed for good after a failed reopen: every call refused (StoreUnavailable), the
        threads let go; what is open of the database closed (twice is harmless)."""
        self.lost = True
        self._shut_down(wait=False)

    def _reopen_on_writer(self) -> None:
        """On the writer's thread, with no write transaction under way: the reads are held at the
        gate, the log checkpointed, every connection and the database closed (LadybugDB gives back
        what it kept since the open), the memory glibc keeps freed handed back, and the database
        opened again; each connection is made again on its first use, its statements prepared again."""
        with self._read_gate.shut():
            self._raw(self._write_connection, "CHECKPOINT")  # (refused: nothing closed yet)
            try:
                self._close_database()
                _give_back_freed_memory()
                self._db = open_database(self.path, **self._options)
                self._write_connection = _connection(self._db)
            except BaseException:
                self.lost = True  # the reads held at the gate are refused, not sent to a closed database
                raise
            self._opened += 1
            self._logged = 0
            self._log_bytes = self._log_size()
            self.stats.reopens += 1

    # -- group commit -------------------------------------------------------------------------
    async def _batched_write(self, work: Callable[[Transaction], Awaitable[T]], claims: frozenset[str] | None) -> T:
        loop = asyncio.get_running_loop()
        queue = self._queues.setdefault(loop, [])
        mine = _Queued(work, loop.create_future(), contextvars.copy_context(), claims)
        queue.append(mine)
        try:
            async with self._loop_write_locks.setdefault(loop, asyncio.Lock()):
                if mine in queue:  # not taken by a batch yet: this caller runs the queue's head
                    batch = queue[:BATCH_LIMIT] if mine in queue[:BATCH_LIMIT] else [*queue[: BATCH_LIMIT - 1], mine]
                    for item in batch:
                        queue.remove(item)
                    # Shielded: the batch holds other callers' units; this caller giving up
                    # must not roll them back.
                    await asyncio.shield(loop.create_task(self._thread_locked(lambda: self._run_queued(batch))))
        except asyncio.CancelledError:
            if mine in queue:  # never begun: nothing of it is written
                queue.remove(mine)
            raise
        return await mine.outcome

    async def _run_queued(self, batch: list[_Queued]) -> None:
        try:
            await self._run_batch(batch)
        finally:
            self._writes_ended()

    async def _run_batch(self, batch: list[_Queued]) -> None:
        batch = [item for item in batch if not item.outcome.done()]  # callers gone before it began
        while len(batch) > 1:
            batch, side_by_side = _in_running_order(batch)
            failed = await self._run_together(batch, side_by_side)
            if failed is None:
                return
            if failed == len(batch):  # the commit failed: each unit alone
                break
            # The units before the failing one ran well: together again; the failing one alone
            # (its caller gets its own error); the rest as the next batch.
            await self._run_batch(batch[:failed])
            await self._run_alone(batch[failed])
            batch = batch[failed + 1 :]
        for item in batch:
            await self._run_alone(item)

    async def _run_together(self, batch: list[_Queued], side_by_side: int) -> int | None:
        """The units in one transaction, those from `side_by_side` on side by side: None once
        committed; else, nothing written, the index of the unit that failed (len(batch): the
        commit failed)."""
        # BEGIN is handed to the writer's thread without waiting for it: the units start meanwhile
        # and their statements follow it there, in order (one thread); had it failed, they are
        # refused and the batch ends as at a failed commit, each unit then run alone. (In the
        # 32-client mix the wait for BEGIN's answer through the busy loop was ~9 ms a batch.)
        self._deferred = []
        self._begin_without_waiting()
        # The transaction's, shared by its units: what they note, and what they leave for its end
        # (their consultation records, appended together: one statement for the batch).
        notes: dict[str, Any] = {}
        ending: list[Callable[[Transaction], Awaitable[None]]] = []
        done: list[tuple[_Queued, _LadybugTx, Any]] = []
        try:
            for item in batch[:side_by_side]:
                tx = _LadybugTx(self, self._write_connection, writable=True, defers=True)
                tx.changes.notes, tx.changes.before_commit = notes, ending
                result = await asyncio.get_running_loop().create_task(item.work(tx), context=item.context)
                if tx.failed:  # the unit caught its statement's error: the transaction is gone
                    raise StoreError("a statement of the batch failed")
                done.append((item, tx, result))
            if side_by_side < len(batch):
                if self._deferred:  # the units before them held back writes: sent first, in order
                    await self._write_call(self._send_deferred_on_writer, self._take_deferred())
                done.extend(await self._side_by_side(batch[side_by_side:], notes, ending))
            # In the last unit's transaction object (its changes commit with the others'); a
            # failure here counts as the commit's: each unit is then run alone.
            await finish(done[-1][1])
            for _, tx, _ in done:
                tx.changes.committing()
            await self._commit()
        except UnitFailed as failure:  # the failing unit runs again alone and meets its own error
            await asyncio.shield(self._write_call(self._rollback))
            return side_by_side + failure.index
        except Exception:  # noqa: BLE001  (the failing unit runs again alone and meets its own error)
            await asyncio.shield(self._write_call(self._rollback))
            return len(done)
        except BaseException as exc:
            await asyncio.shield(self._write_call(self._rollback))
            for item in batch:
                if not item.outcome.done():
                    item.outcome.set_exception(exc)
            raise
        for item, tx, result in done:
            tx.changes.committed()
            if not item.outcome.done():
                item.outcome.set_result(result)
        return None

    async def _side_by_side(
        self, items: list[_Queued], notes: dict[str, Any], ending: list[Callable[[Transaction], Awaitable[None]]]
    ) -> list[tuple[_Queued, _LadybugTx, Any]]:
        loop = asyncio.get_running_loop()
        txs: list[_SideBySideTx] = []
        gathering: Gathering = Gathering(lambda sends: self._hand_off(gathering, sends), lambda unit: txs[unit].failed, len(items))
        txs.extend(_SideBySideTx(self, gathering, unit) for unit in range(len(items)))
        for tx in txs:
            tx.changes.notes, tx.changes.before_commit = notes, ending

        async def tracked(unit: int, item: _Queued) -> Any:
            well = False
            try:
                result = await item.work(txs[unit])
                well = True
                return result
            finally:
                gathering.unit_ended(unit, well)

        def start(unit: int, item: _Queued) -> Callable[[], asyncio.Task[Any]]:
            return lambda: loop.create_task(tracked(unit, item), context=item.context)

        results = await run_side_by_side([start(unit, item) for unit, item in enumerate(items)], gathering)
        # The writes the units held back and had not sent when they ended: with the transaction's
        # next call to the writer (its end steps' or the COMMIT), not a round of their own; should
        # one fail, the commit fails and each unit runs again alone, meeting its own error.
        self._deferred.extend(sends_of(gathering.take_held()))
        return list(zip(items, txs, results))

    def _hand_off(self, gathering: Gathering, sends: list[Send]) -> None:
        """The waiting statements to the writer's thread in one call; as soon as it is done, each
        unit gets its answer (one turn of the loop), or the error (a statement after a refused one
        is not sent: the engine has aborted the transaction)."""
        loop = asyncio.get_running_loop()

        def done(outcome: Future[list[list[list[Row]] | BaseException]]) -> None:
            try:
                loop.call_soon_threadsafe(self._answer, gathering, sends, outcome)
            except RuntimeError:  # the loop has closed: nobody waits for the answers any more
                pass

        try:
            submitted = self._writer.submit(self._send_on_writer, sends)
        except RuntimeError:  # shut down: the store is closing
            closed: Future[list[list[list[Row]] | BaseException]] = Future()
            closed.set_exception(StoreUnavailable("the embedded store is closed"))
            loop.call_soon(self._answer, gathering, sends, closed)
            return
        submitted.add_done_callback(done)

    @staticmethod
    def _answer(gathering: Gathering, sends: list[Send], outcome: Future[list[list[list[Row]] | BaseException]]) -> None:
        try:
            outcomes: list[list[list[Row]] | BaseException] | BaseException = outcome.result()
        except BaseException as exc:  # noqa: BLE001  (each waiting unit meets it)
            outcomes = exc
        gathering.answered(sends, outcomes)

    def _send_on_writer(self, sends: list[Send]) -> list[list[list[Row]] | BaseException]:
        if self._begin_failure is not None:  # nothing is sent outside the transaction
            return [self._begin_failure] * len(sends)
        outcomes: list[list[list[Row]] | BaseException] = []
        for send in sends:
            if outcomes and isinstance(outcomes[-1], BaseException):
                outcomes.append(StoreError("not sent: a statement before it in the transaction failed", statement=send.statement.name))
                continue
            try:
                answers = self._send_rows(send)
            except StoreError as exc:
                outcomes.append(exc)
            else:
                outcomes.append(answers)
        return outcomes

    def _send_rows(self, send: Send) -> list[list[Row]]:
        """One send's answers, one list of rows per unit waiting on it (on the writer's thread)."""
        if send.form is None or len(send.waits) == 1:
            return [_rows(self._write_connection, send.statement.name, send.statement.cypher, wait.params) for wait in send.waits]
        rows = _rows(self._write_connection, send.statement.name, send.form, form_parameters(send.form, [w.params for w in send.waits]))
        self.stats.side_by_side += len(send.waits) - 1
        return split_rows(rows, len(send.waits))

    async def _run_alone(self, item: _Queued) -> None:
        loop = asyncio.get_running_loop()
        try:
            try:
                result = await loop.create_task(self._in_transaction(item.work), context=item.context)
            except StoreChanged:
                # What it expected of the store (from the process's last commits, or its own reads)
                # was wrong, and is forgotten now: run again, nothing held back, so that the unit
                # sees each answer and acts on it (nothing of the first run was written).
                result = await loop.create_task(self._in_transaction(item.work, holding=False), context=item.context)
        except BaseException as exc:
            if not item.outcome.done():
                item.outcome.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
        else:
            if not item.outcome.done():
                item.outcome.set_result(result)

    # -- the executor interface -------------------------------------------------------------
    async def read(self, work: Callable[[Transaction], Awaitable[T]]) -> T:
        # Autocommit reads on a per-thread connection; they run alongside a writer and see
        # committed data only. Anything left for the end (a write) fails the read (WrongMode).
        tx = _ThreadLocalReadTx(self)
        result = await work(tx)
        await finish(tx)
        return result

    async def fetch(self, statement: Statement, params: Mapping[str, Any] | None = None) -> list[Row]:
        return await self.read(lambda tx: tx.run(statement, params))

    async def write(self, work: Callable[[Transaction], Awaitable[T]], *, claims: frozenset[str] | None = None) -> T:
        return await self._batched_write(work, claims)

    async def _write_alone(self, work: Callable[[Transaction], Awaitable[T]]) -> T:
        """A unit of work in a transaction of its own, never batched (schema changes)."""
        return await self._locked_write(lambda: self._in_transaction(work, schema=True))

    async def apply_migration(self, migration: Migration, record: Callable[[Transaction], Awaitable[None]]) -> None:
        # LadybugDB DDL is transactional: the tables and the recorded version commit together.
        async def work(tx: Transaction) -> None:
            for ddl in migration.ladybug:
                await self._write_call(self._raw, self._write_connection, ddl)
            await record(tx)

        await self._write_alone(work)
        self.stats.changed(AREAS)

    async def bootstrap(self, schema: GraphSchema) -> None:
        async def work(tx: Transaction) -> None:
            await self._write_call(self._raw, self._write_connection, ladybug_bootstrap(schema))

        await self._write_alone(work)
        self.stats.changed(AREAS)

    async def ping(self) -> None:
        await self._call(lambda: self._raw(self._read_connection(), "RETURN 1"))

    async def close(self) -> None:
        if self._closed:
            return
        await self.background.settle()
        self._shut_down(wait=True)

    def _shut_down(self, *, wait: bool) -> None:
        """No call taken any more, the threads let go (once done with what they have: `wait`),
        the database closed."""
        self._closed = True
        if self._pause_timer is not None:
            self._pause_timer.cancel()
            self._pause_timer = None
        self._pool.shutdown(wait=wait)
        self._writer.shutdown(wait=wait)
        self._close_database()

    def _close_database(self) -> None:
        """Every connection, then the database (again: harmless)."""
        for connection in [*self._read_connections, self._write_connection]:
            _prepared.pop(connection, None)  # its statements go before it does
            connection.close()
        self._read_connections.clear()
        self._db.close()


class _ThreadLocalReadTx(_LadybugTx):
    """A read unit of work: each statement runs on the connection of the pool thread that runs it."""

    def __init__(self, executor: LadybugExecutor) -> None:
        self._executor = executor
        self._writable = False
        self._defers = False
        self.changes = Changes(executor.stats)
        self.failed = False

    def _connection_for_call(self) -> ladybug.Connection:
        return self._executor._read_connection()
