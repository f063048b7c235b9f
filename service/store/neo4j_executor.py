"""The production engine: Neo4j through the official async driver.

Units of work run as the driver's managed transactions (`execute_read` / `execute_write`), which
retry transient failures (a leader switch, a deadlock, a lost connection) by running the whole
unit of work again, for at most `retry_seconds`; nothing here retries a failure by hand (a unit
whose held write answered otherwise runs once more, holding nothing: neo4j_held), and use cases
publish side effects only after `write` returns. Round trips are what a unit waits for: a write
unit's known writes go as one statement (neo4j_held), its end steps as one more, with the
COMMIT (`end_steps_held`), every unit's BEGIN goes with its first statement, and a read of one
statement goes in an auto-commit transaction (`fetch`). Reads run as read transactions, so on a
cluster the driver's routing (`neo4j://`) sends them to followers or read replicas, and writes to
the leader.

Causal consistency: every session of this process shares one bookmark manager, so a read waits
until the cluster member serving it has every write this process committed before it; a request
may also bring the bookmarks of its caller's last write made through another worker
(`caller_bookmarks`), and gets those of its own writes back (`written_bookmarks`).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
import weakref
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from neo4j import AsyncGraphDatabase, AsyncManagedTransaction, AsyncResult, AsyncSession, Bookmarks
from neo4j.exceptions import (
    ClientError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph_schema import GraphSchema, Migration
from graph_schema.render_neo4j import neo4j_bootstrap

from . import neo4j_temporal
from .background import BackgroundWork
from .executor import (
    Changes,
    DuplicateKey,
    InvalidBookmark,
    Row,
    Settled,
    StoreChanged,
    StoreError,
    StoreStats,
    StoreUnavailable,
    T,
    Transaction,
    caller_bookmarks,
    finish,
    prepare_call,
    request_deadline,
    written_bookmarks,
)
from .neo4j_held import ANSWERED_OTHERWISE, Held, answers, checked, combined
from .queries.write_turn import AFTER_MARKER, FORGET_MARKERS, LOCK_MARKER, MAKE_MARKER
from .statement import AREAS, Statement
from .values import from_neo4j, to_neo4j


log = logging.getLogger(__name__)

# After an end step answered otherwise than this process expected, how many in a row must answer
# as expected, sent alone, before end steps are held again (Neo4jExecutor.end_steps_held).
END_STEPS_TRUSTED_AFTER = 3

# How many rows of an answer are read between two turns the event loop is given (_rows).
ROWS_BETWEEN_TURNS = 200


class _Neo4jTx:
    def __init__(self, executor: Neo4jExecutor, tx: AsyncManagedTransaction, writable: bool, *, holding: bool = False) -> None:
        self._executor = executor
        self._tx = tx
        io_without_timeouts(getattr(tx, "_connection", None))
        self._writable = writable
        self.changes = Changes(executor.stats)  # what its statements may have changed
        # Its writes whose answers it knows, not sent yet (neo4j_held): held while `holding`,
        # sent as one statement when it next needs an answer or ends (`send_held`).
        self._holding = holding and writable
        self._held: list[Held] = []
        self._ending = False  # running what the unit left for its end (`end`)
        self.marker: _Marker | None = None  # locked before its end (lock_marker_with_held)
        self.after: _Marker | None = None  # the marker its end steps waited on (wait_after)
        self._handing_over: Any = None  # the connection whose COMMIT gives the turn over
        self.handed_over = False  # it did: what the unit noted is the process's already

    async def run(self, statement: Statement, params: Mapping[str, Any] | None = None) -> list[Row]:
        rows = await self._run(statement, params, [] if statement.answers_nothing else None)
        return [] if rows is None else rows

    async def run_expecting(
        self, statement: Statement, params: Mapping[str, Any], expected: list[Row], *, as_read: Settled | None = None
    ) -> list[Row] | None:
        # `as_read` is not taken as proof here: other processes (workers, hosts) write the store.
        return await self._run(statement, params, expected)

    async def _run(self, statement: Statement, params: Mapping[str, Any] | None, expected: list[Row] | None) -> list[Row] | None:
        """The statement's rows; None when held (`expected`: what it must answer then)."""
        prepared = prepare_call(statement, params, self._writable, self._executor.stats)
        if prepared is None:
            return []
        self.changes.note(statement, prepared)
        if expected is not None and self._holding:
            self._held.append(Held(statement, prepared, expected))
            return None
        await self.send_held()
        rows = await self._send(statement.name, statement.cypher, prepared)
        if expected is not None and self._ending:
            self._executor.end_step_answered(rows == expected)
        return rows

    async def send_held(self) -> None:
        """The held writes, as one statement (one alone as it is); StoreChanged unless each
        answered as its unit expected."""
        held, self._held = self._held, []
        if not held:
            return
        if len(held) == 1:
            [only] = held
            found: list[list[Row] | None] = [await self._send(only.statement.name, only.statement.cypher, only.params)]
        else:
            cypher, params = combined(held)
            [row] = await self._send("+".join(item.statement.name for item in held), cypher, params)
            found = answers(held, row)
            self._executor.stats.held_together += len(held) - 1
        for item, rows in zip(held, found):
            if rows is not None and rows != item.expected:
                if self._ending:
                    self._executor.end_step_answered(False)
                raise StoreChanged(
                    f"{item.statement.name} answered {rows}, not {item.expected}: the store is not as the unit expected",
                    statement=item.statement.name,
                )

    def send_held_with_commit(self) -> bool:
        """The held writes (the unit's end steps) as one statement queued to go with the COMMIT
        the driver sends next, without waiting for its answer: one round trip for both, so the
        process's write turn is held for one trip. Each answer is checked in the statement
        (neo4j_held.checked): one answering otherwise fails it, Neo4j ignores the COMMIT behind it,
        and nothing of the unit is written (Neo4jExecutor._managed: StoreChanged). False when
        nothing was held, or the driver has no way to queue a statement (then sent as before)."""
        connection = getattr(self._tx, "_connection", None)
        if not self._held or not callable(getattr(connection, "discard", None)):
            return False
        held, self._held = self._held, []
        cypher, params = checked(held)
        self._queue("+".join(item.statement.name for item in held), cypher, params)
        self._executor.stats.held_together += len(held) - 1
        return True

    def _queue(self, name: str, cypher: str, params: dict[str, Any]) -> None:
        """RUN and DISCARD on the transaction's connection, left in its outbox: the driver's
        commit sends them with its COMMIT (a private attribute of the driver version
        pyproject.toml pins, as _begin_with_first_statement's; tested in
        tests/store/test_neo4j_held.py). A failure, its own or a constraint's, fails the commit."""
        connection = self._tx._connection  # type: ignore[attr-defined]
        connection.run(cypher, to_neo4j(params))
        connection.discard()

    @property
    def holds_writes(self) -> bool:
        return bool(self._held)

    def lock_marker_with_held(self, marker: _Marker) -> None:
        """The marker locked by the statement of the writes the unit holds, sent before the turn
        is taken: no trip of its own unless it holds none (`holds_writes`)."""
        self._hold_untracked(LOCK_MARKER, {"name": marker.name})
        self.marker = marker

    def wait_after(self, marker: _Marker) -> None:
        """The unit's end steps begin by waiting on Neo4j for the marker the unit before it holds
        until its commit ends: held with them (sent alone, if they are)."""
        marker.waited = True
        self.after = marker
        self._hold_untracked(AFTER_MARKER, {"name": marker.name})

    def _hold_untracked(self, statement: Statement, params: dict[str, Any]) -> None:
        # Not among the unit's changes (no cache reads a marker), nor its statements (the executor's
        # own, sent with the unit's writes): the request's statements counted as before.
        self._held.append(Held(statement, params, []))

    def hand_over_turn(self, turn: _WriteTurn) -> None:
        """The write turn given over as soon as the driver has sent the COMMIT, not once Neo4j has
        answered it (the answer waits for the event loop, behind every search ready by then: at 32
        clients the turn was held 8-12 ms a write and the writes queued for it, bench/RESULTS.md,
        issue 22). The unit's marker, locked before its end and held to its commit, goes with the
        turn: the next unit's end steps wait on it on Neo4j (wait_after), so they run after this
        commit even if they arrive before this unit's end steps (two connections: seen on a local
        server). What the unit noted for the process (the log's head, the last reference given) is
        the process's from then on, for the next unit to chain to; should this commit fail, the
        executor forgets it (Neo4jExecutor._managed) and the next unit's end steps, finding the
        store otherwise, fail its commit and it runs again, as when another worker wrote first.
        The driver's send_all on the transaction's connection, wrapped for that one call (a private
        attribute of the driver version pyproject.toml pins, as `_queue`'s; tested in
        tests/store/test_neo4j_held.py)."""
        connection = getattr(self._tx, "_connection", None)
        send_all = getattr(connection, "send_all", None)
        if self.marker is None or send_all is None:
            return  # given over once the commit is answered

        async def send_then_hand_over() -> None:
            self.stop_handing_over()
            await send_all()
            self.changes.expect_committed()
            self.handed_over = True
            turn.hand_over(self.marker)

        connection.send_all = send_then_hand_over
        self._handing_over = connection

    def stop_handing_over(self) -> None:
        """The driver's own send_all on the connection again (it goes back to the driver's pool)."""
        connection, self._handing_over = self._handing_over, None
        if connection is not None:
            del connection.send_all

    def end(self, *, holding: bool) -> None:
        """What the unit does from now on are its end steps (the number, the consultation record):
        held together while `holding` (Neo4jExecutor.end_steps_held), else each sent at once,
        acting on its answer."""
        self._ending = True
        self._holding = self._holding and holding

    async def _send(self, name: str, cypher: str, params: dict[str, Any]) -> list[Row]:
        try:
            result = await self._tx.run(cypher, to_neo4j(params))
            return await _rows(result)
        except ConstraintError as exc:
            raise DuplicateKey(str(exc), statement=name) from exc


async def _rows(result: AsyncResult) -> list[Row]:
    """The result's records as rows, the event loop given a turn every ROWS_BETWEEN_TURNS of them.
    Without socket timeouts (io_without_timeouts) a socket read whose bytes are there already
    does not wait, so a large answer (the read model read whole again for its age: tens of
    thousands of rows, a second of decoding) was read to its end in one go while every request
    of the process waited: requests for assistance arriving then took a second (bench/RESULTS.md,
    issue 22, thirty-first session)."""
    rows: list[Row] = []
    async for record in result:
        rows.append({key: from_neo4j(record[key]) for key in record.keys()})
        if len(rows) % ROWS_BETWEEN_TURNS == 0:
            await asyncio.sleep(0)
    return rows


def io_without_timeouts(connection: Any) -> None:
    """The connection's socket reads and writes without timeouts of their own. The driver gives
    each write (`connection_write_timeout`, 30 s) and each read (Neo4j's hint that a connection
    silent for `connection.recv_timeout_seconds`, 120 s, is stale) a timeout, and an I/O with a
    timeout waits in a task and a timer of its own: some three turns of the event loop each, the
    answer there or not. While searches keep the loop busy a statement's answer took ~21 turns
    (84 ms, against 12 ms without; 8 tasks busy 0.5 ms each) and the COMMIT's sending 3 (12 ms,
    against 0.02), the latter under the process's write turn (bench/RESULTS.md, issue 22, thirtieth
    session). Every unit of work and fetch here is bounded by LONET_STORE_TIMEOUT_SECONDS
    (asyncio.timeout, 30 s unless set): a server gone silent is given up on then, as before (tested
    in tests/store/test_neo4j.py); the Bolt specification lets a driver ignore the hint. The
    socket's private methods of the driver version pyproject.toml pins (as
    _begin_with_first_statement's); should a driver lack them, its timeouts stay."""
    socket = getattr(connection, "socket", None)
    for get, set_ in (("get_read_timeout", "set_read_timeout"), ("get_write_timeout", "set_write_timeout")):
        if socket is not None and getattr(socket, get, lambda: None)() is not None:
            getattr(socket, set_)(None)


def _begin_with_first_statement(session: AsyncSession) -> AbstractContextManager[Any]:
    """Within it, the session's transactions send BEGIN with their first statement (or their
    COMMIT) instead of on its own, waiting for its answer: one round trip fewer for every unit of
    work. The driver's own way, which its execute_query takes; a private attribute of the driver
    version pyproject.toml pins (as neo4j_temporal's), tested in tests/store/test_neo4j.py. Should
    a driver lack it, BEGIN goes on its own, as before. A BEGIN refused (a bookmark the database
    does not know) fails the first statement instead, with the same error."""
    pipelined = getattr(session, "_pipelined_begin", None)  # a ContextBool: false until entered
    return nullcontext() if pipelined is None else pipelined


def _store_error(exc: Neo4jError | DriverError) -> StoreError:
    """What lonet raises for a failure of Neo4j's that is not an outage."""
    if isinstance(exc, ClientError) and "InvalidBookmark" in (exc.code or ""):
        return InvalidBookmark(f"a bookmark this database does not know was sent: {exc.message}")
    return StoreError(str(exc))


class _Marker:
    """A sequence of this process's that one unit at a time locks before its end (_Neo4jTx.
    lock_marker_with_held); free again once that unit's transaction and the one of the unit that
    waited on it have ended: reused earlier, a unit waiting on it could wait for a unit that waits
    for the turn it holds."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.locked = False
        self.waited = False


class _Turns:
    """The process's write turn on one event loop (Neo4jExecutor._write_turn): the lock, and the
    marker of the unit that gave it over as its COMMIT went, whose commit may still be under way
    (None once a unit gave it back after its commit)."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.after: _Marker | None = None


class _WriteTurn:
    """One write unit of work's hold on the process's turn (Neo4jExecutor._write_turn): taken at
    its end, once, whatever attempt of the driver's gets there, and given over as its COMMIT is
    sent (_Neo4jTx.hand_over_turn), else given back once the driver has committed or given up,
    or before it tries again. How long it waited and held the turn
    goes to the store's counters (StoreStats.write_turn_*)."""

    def __init__(self, turns: _Turns, stats: StoreStats) -> None:
        self._turns = turns
        self._stats = stats
        self._held = False
        self._taken_at = 0.0

    @property
    def held(self) -> bool:
        return self._held

    @property
    def taken(self) -> bool:
        """By some unit."""
        return self._turns.lock.locked()

    def take_after(self) -> _Marker | None:
        """Held: the marker the unit before gave it over with, for this unit to wait on."""
        after, self._turns.after = self._turns.after, None
        return after

    def hand_over(self, marker: _Marker) -> None:
        self._turns.after = marker
        self.release()

    def forget_after(self, marker: _Marker) -> None:
        if self._turns.after is marker:
            self._turns.after = None

    async def take(self) -> None:
        if not self._held:
            asked = time.perf_counter()
            await self._turns.lock.acquire()
            self._held = True
            self._taken_at = time.perf_counter()
            self._stats.write_turns += 1
            self._stats.write_turn_waited_seconds += self._taken_at - asked

    def release(self) -> None:
        if self._held:
            self._held = False
            self._turns.lock.release()
            self._stats.write_turn_held_seconds += time.perf_counter() - self._taken_at


class Neo4jExecutor:
    engine = "neo4j"
    exclusive = False  # other workers and hosts write the same database
    # Writes are held and sent together (neo4j_held), but a read before the unit, on which it could
    # decide, would be a transaction and round trips of its own (Executor.holds_known_answers).
    holds_known_answers = False
    counts_in_statements = True  # Executor.counts_in_statements
    dialect = "neo4j"

    def __init__(
        self,
        uri: str,
        user: str,
        password: str,
        database: str | None = None,
        *,
        retry_seconds: float = 5.0,
        timeout_seconds: float = 30.0,
    ) -> None:
        self.stats = StoreStats()
        self.background = BackgroundWork()
        self._timeout = timeout_seconds
        neo4j_temporal.install()  # before the driver opens its first connection
        # bolt:// (one server) or neo4j:// (a cluster: the driver fetches the routing table).
        self._driver = AsyncGraphDatabase.driver(
            uri,
            auth=(user, password),
            # How long a unit of work is retried on transient errors and lost connections: past
            # it, the caller gets STORE_UNAVAILABLE rather than waiting for the outage to end.
            max_transaction_retry_time=retry_seconds,
            connection_timeout=min(5.0, timeout_seconds),
            connection_acquisition_timeout=timeout_seconds,
            notifications_min_severity="OFF",  # the driver would log the planner's hints per query
        )
        self._database = database
        self._bookmarks = AsyncGraphDatabase.bookmark_manager()
        # Per event loop: this process's write units of work take turns (write()).
        self._write_turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Turns] = weakref.WeakKeyDictionary()
        # The markers a unit locks before its end (_Marker), named by a prefix of this process's.
        self._marker_prefix = f"write-turn:{uuid.uuid4().hex[:12]}:"
        self._markers: list[_Marker] = []  # free ones
        self._markers_made = False
        # How many of this process's end steps in a row answered as it expected (end_steps_held).
        self._end_steps_as_expected = END_STEPS_TRUSTED_AFTER

    def _session(self, *, default_access: str = "WRITE"):
        return self._driver.session(
            database=self._database,
            bookmark_manager=self._bookmarks,
            bookmarks=Bookmarks.from_raw_values(caller_bookmarks.get()),
            default_access_mode=default_access,
        )

    async def _managed(self, writable: bool, work: Callable[[Transaction], Awaitable[T]], *, holding: bool = False) -> T:
        attempts: list[_Neo4jTx] = []  # the driver may run the unit of work again (transient failures)
        turn = _WriteTurn(self._write_turn(), self.stats)  # a write's, from its end to its commit

        async def body(tx: AsyncManagedTransaction) -> T:
            turn.release()  # an earlier attempt's (its commit failed): that transaction is gone
            self._attempt_over(attempts, turn)
            attempts.append(_Neo4jTx(self, tx, writable, holding=holding))
            try:
                unit = attempts[-1]
                result = await work(unit)
                ending = writable and bool(unit.changes.before_commit)
                # Its marker locked with what it holds; alone, a trip of its own, only while the
                # turn is taken: a unit that cannot give the turn over holds it to its COMMIT's answer.
                if ending and (unit.holds_writes or turn.taken):
                    unit.lock_marker_with_held(await self._free_marker())
                # What it held goes before its turn is taken, as its statements went before: the
                # locks of what it wrote are not taken while other units wait for the turn.
                await unit.send_held()
                unit.end(holding=self.end_steps_held)
                if ending:
                    await turn.take()
                    after = turn.take_after()
                    if after is not None:
                        unit.wait_after(after)
                await finish(unit)  # what the unit left for its end, in its transaction
                # Its end steps as one statement, under the turn: with the COMMIT where it can; the
                # turn given over as the COMMIT goes (hand_over_turn).
                if not unit.send_held_with_commit():
                    await unit.send_held()
                if turn.held:
                    unit.hand_over_turn(turn)
            except BaseException:
                turn.release()  # not while the driver waits to try again
                raise
            if writable:
                unit.changes.committing()  # the driver sends the COMMIT once this returns
            return result  # the turn held until the driver has committed or given up: below

        try:
            async with asyncio.timeout(self._time_left()):  # waiting for its turn included
                if writable:
                    try:
                        async with self._session() as session:
                            with _begin_with_first_statement(session):
                                result = await session.execute_write(body)
                            turn.release()
                            self.stats.transactions += 1
                            if attempts:  # the last attempt is the one that committed
                                attempts[-1].changes.committed()
                                attempts[-1].handed_over = False  # what it made the process's stands
                            self._remember_written(await session.last_bookmarks())
                            return result
                    finally:
                        self._attempt_over(attempts, turn)
                        turn.release()
                async with self._session(default_access="READ") as session:
                    with _begin_with_first_statement(session):
                        return await session.execute_read(body)
        except TimeoutError as exc:
            raise StoreUnavailable(f"Neo4j did not answer within {self._timeout:g} s") from exc
        except (ServiceUnavailable, SessionExpired, TransientError) as exc:
            # Still failing after the driver's retries: an outage, not the caller's fault.
            raise StoreUnavailable(f"Neo4j is unavailable: {exc}") from exc
        except (Neo4jError, DriverError) as exc:
            if isinstance(exc, ClientError) and ANSWERED_OTHERWISE in (exc.message or ""):
                # Its end steps, sent with the COMMIT, answered otherwise (neo4j_held.checked).
                self.end_step_answered(False)
                raise StoreChanged("an end step sent with the commit answered otherwise than the unit expected") from exc
            raise _store_error(exc) from exc

    def _attempt_over(self, attempts: list[_Neo4jTx], turn: _WriteTurn) -> None:
        """The last attempt's transaction has ended (the driver tries again, or returns): its
        markers may be free, and if its COMMIT gave the turn over and it did not commit, what it
        made the process's is forgotten (a commit that did not fail took back `handed_over`)."""
        if not attempts:
            return
        last = attempts[-1]
        last.stop_handing_over()
        if last.handed_over:
            last.handed_over = False
            self.stats.shared.clear()
        if last.marker is not None:
            turn.forget_after(last.marker)  # its commit has ended: no unit need wait on it now
        for marker, done in ((last.marker, "locked"), (last.after, "waited")):
            if marker is not None:
                setattr(marker, done, False)
                if not (marker.locked or marker.waited):
                    self._markers.append(marker)
        last.marker = last.after = None

    async def _free_marker(self) -> _Marker:
        """A marker no unit holds or waits on; a new one made in a transaction of its own (a lock
        on a sequence made in the same transaction would not be waited on)."""
        if self._markers:
            marker = self._markers.pop()
        else:
            marker = _Marker(f"{self._marker_prefix}{uuid.uuid4().hex[:8]}")
            await self._alone(MAKE_MARKER, {"name": marker.name})
            self._markers_made = True
        marker.locked = True
        return marker

    async def _alone(self, statement: Statement, params: dict[str, Any]) -> None:
        """A write of the executor's own in an auto-commit transaction, its answer not read."""
        prepared = prepare_call(statement, params, True, self.stats)
        async with self._session() as session:
            await (await session.run(statement.cypher, prepared)).consume()

    def _time_left(self) -> float:
        """How long a unit of work may take: the executor's timeout, or less if the request's
        deadline comes first."""
        timeout = self._timeout
        deadline = request_deadline.get()
        if deadline is not None:
            timeout = min(timeout, deadline - asyncio.get_running_loop().time())
            if timeout <= 0:
                raise StoreUnavailable(f"Neo4j did not answer within {self._timeout:g} s")
        return timeout

    async def fetch(self, statement: Statement, params: Mapping[str, Any] | None = None) -> list[Row]:
        """One read statement in an auto-commit transaction: the statement and the request for its
        rows go together, one round trip where a read unit of work takes three (BEGIN, the
        statement, COMMIT). Its session's bookmarks make it wait, as a unit's, for every write this
        process committed (and the caller's). Should it fail as the driver would retry a unit of
        work (a lost connection, a leader switch, a transient error), it runs as one, retried."""
        prepared = prepare_call(statement, params, False, self.stats)
        if prepared is None:
            return []
        try:
            async with asyncio.timeout(self._time_left()):
                async with self._session(default_access="READ") as session:
                    result = await session.run(statement.cypher, to_neo4j(prepared))
                    io_without_timeouts(getattr(session, "_connection", None))  # from its rows on
                    return await _rows(result)
        except TimeoutError as exc:
            raise StoreUnavailable(f"Neo4j did not answer within {self._timeout:g} s") from exc
        except (ServiceUnavailable, SessionExpired, TransientError):
            return await self.read(lambda tx: tx.run(statement, params))
        except (Neo4jError, DriverError) as exc:
            raise _store_error(exc) from exc

    @property
    def end_steps_held(self) -> bool:
        """Whether units hold their end steps (the number, the consultation record: both act on
        what this process committed last) and send them together with the COMMIT, one round trip
        under the write turn instead of one each and the COMMIT's. An end step answers otherwise
        when another worker numbered a request or appended to the log since: held, that fails its
        transaction (the statement checks its answers; Neo4j ignores the COMMIT behind it), and
        the unit runs again (Neo4jExecutor.write); sent alone, the step reads the head and goes
        on, as it did before. So after one answered otherwise they are sent alone, until
        END_STEPS_TRUSTED_AFTER in a row answered as expected: a lone worker holds them, workers
        writing by turns mostly do not, and few units run twice."""
        return self._end_steps_as_expected >= END_STEPS_TRUSTED_AFTER

    def end_step_answered(self, as_expected: bool) -> None:
        self._end_steps_as_expected = self._end_steps_as_expected + 1 if as_expected else 0

    def _write_turn(self) -> _Turns:
        """This process's write units of work end one at a time, in the order they get there: from
        what they leave for their end (Changes.before_commit: the consultation records, a request's
        number) to the sending of the COMMIT, the next unit's end then waiting on Neo4j for the
        commit (_Neo4jTx.hand_over_turn; to the COMMIT's answer for a unit that locked no marker).
        What comes before their ends runs alongside.

        Every write appends to the consultation log, whose chain has one head: Neo4j serialises
        the writes there anyway, by the sequence's lock held from the append to the commit. With
        the append in the middle of a unit of work, a process's concurrent writes queued on that
        lock holding the locks of what they had written (an LO given several requests at once,
        whose availability changes meanwhile): lock waits past the timeout and deadlocks, each
        retried by the driver after a second or more (bench/RESULTS.md, issue 22: among 32 clients
        requestTasking p95 8 s, HTTP 503s). The whole unit of work then took a turn; now only its
        end does, and an end writes only what nothing else of the process locks before its own end
        (the log's sequence and its records, the year's reference sequence, the request it has just
        created): so the unit holding the turn never waits on a lock a unit waiting for the turn
        holds. A shared lock taken before the end would be held through the wait for the turn:
        the year's reference sequence taken at the request's start made requests queue behind
        every write's end (bench/RESULTS.md, tenth session), hence a request's number at its end.
        The writes of other processes still meet on Neo4j's locks (waits and retries, as before).
        Reads never wait for a turn."""
        return self._write_turns.setdefault(asyncio.get_running_loop(), _Turns())

    @staticmethod
    def _remember_written(bookmarks: Bookmarks) -> None:
        sink = written_bookmarks.get()
        if sink is not None:
            sink[:] = sorted(bookmarks.raw_values)

    async def read(self, work: Callable[[Transaction], Awaitable[T]]) -> T:
        return await self._managed(False, work)

    async def write(self, work: Callable[[Transaction], Awaitable[T]], *, claims: frozenset[str] | None = None) -> T:
        # Each unit has a transaction of its own here; the claims matter to the embedded engine.
        try:
            return await self._managed(True, work, holding=True)
        except StoreChanged:
            # A held write answered otherwise than the unit expected (neo4j_held): nothing of it
            # was written. What the process expected is not trusted again (as on the embedded
            # engine), and the unit runs again holding nothing, so that it sees each answer.
            self.stats.shared.clear()
            return await self._managed(True, work)

    async def _schema(self, ddl: Sequence[str]) -> None:
        # Neo4j runs schema commands in their own auto-commit transactions; every rendered
        # statement is IF NOT EXISTS, so re-running an interrupted migration is safe.
        try:
            async with self._session() as session:
                for statement in ddl:
                    result = await session.run(statement)
                    await result.consume()
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailable(f"Neo4j is unavailable: {exc}") from exc

    async def apply_migration(self, migration: Migration, record: Callable[[Transaction], Awaitable[None]]) -> None:
        await self._schema(migration.neo4j)
        await self.write(record)
        self.stats.changed(AREAS)

    async def bootstrap(self, schema: GraphSchema) -> None:
        await self._schema([neo4j_bootstrap(schema)])
        self.stats.changed(AREAS)

    async def ping(self) -> None:
        try:
            async with asyncio.timeout(min(5.0, self._timeout)):
                await self._driver.verify_connectivity()
        except Exception as exc:  # the driver raises several types for "cannot connect"
            raise StoreUnavailable(f"Neo4j is unavailable: {exc}") from exc

    async def close(self) -> None:
        await self.background.settle()
        if self._markers_made:
            await self._forget_markers()
        await self._driver.close()

    async def _forget_markers(self) -> None:
        """This process's markers (_Marker) removed: another process makes its own."""
        try:
            async with asyncio.timeout(min(5.0, self._timeout)):
                await self._alone(FORGET_MARKERS, {"prefix": self._marker_prefix})
        except (TimeoutError, Neo4jError, DriverError) as exc:
            log.warning("the write turn's markers (%s*) were left in Neo4j: %s", self._marker_prefix, exc)
