"""What only Neo4j can show: its constraints, its lock manager and the driver's retries, its DDL
applied twice, and bookmarks handed from one worker to another."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from graph_schema import SCHEMA
from service.events import InProcessEventBus, TaskingUpdated
from service.security.identity import Identity, Role
from service.store import DuplicateKey, Executor, Mode, Statement, Transaction, open_executor
from service.store.executor import caller_bookmarks, written_bookmarks
from service.store.migrator import migrate
from service.domain.enums import TaskingAction
from service.usecases import taskings
from service.store.queries import tasking as tq
from service.usecases.caller import Caller

from .. import neo4j_reset
from ..conftest import neo4j_settings, scratch_neo4j_settings

NEO4J_ONLY = pytest.mark.parametrize("demo_store", ["neo4j"], indirect=True)
EMPTY_NEO4J = pytest.mark.parametrize("empty_store", ["neo4j"], indirect=True)


def _create(label: str, key: str, extra: str) -> Statement:
    # Test-only statements: one node with its key (and the unique property under test).
    return Statement(f"test.create_{label}_{key}", f"CREATE (:{label} {{{key}: $key{extra}}})", Mode.WRITE)


@EMPTY_NEO4J
async def test_every_declared_key_and_unique_property_refuses_a_second_node_as_duplicate_key(empty_store: Executor) -> None:
    await migrate(empty_store)
    refused = []
    for node in SCHEMA.nodes:
        for unique in (node.key, *node.unique):
            extra = "" if unique == node.key else f", {unique}: 'same'"
            first, second = f"{node.label}-1", f"{node.label}-2" if unique != node.key else f"{node.label}-1"

            async def twice(tx: Transaction, statement: Statement = _create(node.label, node.key, extra)) -> None:
                await tx.run(statement, {"key": first})
                await tx.run(statement, {"key": second})

            async def count(tx: Transaction, label: str = node.label) -> int:
                rows = await tx.run(Statement(f"test.count_{label}", f"MATCH (n:{label}) RETURN count(n) AS n", Mode.READ))
                return rows[0]["n"]

            before = await empty_store.read(count)
            with pytest.raises(DuplicateKey):
                await empty_store.write(twice)
            refused.append(f"{node.label}.{unique}")
            assert await empty_store.read(count) == before  # the first node went with the failed unit of work
    assert len(refused) >= len(SCHEMA.nodes)


@EMPTY_NEO4J
async def test_migrating_again_leaves_the_same_constraints_and_indexes(empty_store: Executor) -> None:
    settings = scratch_neo4j_settings()

    async def schema() -> list[tuple[str, str]]:
        async with neo4j_reset.driver_for(settings) as driver, driver.session() as session:
            result = await session.run("SHOW INDEXES YIELD name, type, labelsOrTypes, properties RETURN *")
            return sorted([(r["type"], f"{r['labelsOrTypes']}{r['properties']}") async for r in result])

    first = await migrate(empty_store)
    after_first = await schema()
    second = await migrate(empty_store)

    assert first and second == []
    assert await schema() == after_first
    assert len(after_first) > len(SCHEMA.nodes)  # a uniqueness index per key, and the declared ones


# A real transient failure. Another transaction holds the tasking's lock; the bundled Neo4j
# waits 2 s for a lock (tools/neo4j), so the use case's first attempt fails with
# LockAcquisitionTimeout, a transient error; the driver runs the whole unit of work again (after
# about a second) once the other transaction let go, and it commits then.
class LockedOnFirstAttempt:
    def __init__(self, inner: Executor, tasking_id: str) -> None:
        self._inner = inner
        self._tasking_id = tasking_id
        self.attempts = 0
        self.engine = inner.engine
        self.holds_known_answers = inner.holds_known_answers
        self.counts_in_statements = inner.counts_in_statements
        self.stats = inner.stats
        self.background = inner.background
        self._locked = asyncio.Event()
        self._first_failed = asyncio.Event()

    async def read(self, work):  # type: ignore[no-untyped-def]
        return await self._inner.read(work)

    async def fetch(self, statement, params=None):  # type: ignore[no-untyped-def]
        return await self._inner.fetch(statement, params)

    async def write(self, work, claims=None):  # type: ignore[no-untyped-def]
        holder = asyncio.create_task(self._hold_the_tasking())
        await self._locked.wait()

        async def attempt(tx: Transaction):  # type: ignore[no-untyped-def]
            self.attempts += 1
            try:
                return await work(tx)
            except Exception:
                self._first_failed.set()
                raise

        try:
            return await self._inner.write(attempt)
        finally:
            await holder

    async def _hold_the_tasking(self) -> None:
        async with neo4j_reset.driver_for(neo4j_settings()) as driver, driver.session() as session:
            tx = await session.begin_transaction()
            # Any write, even of the same value, takes the node's write lock until commit or rollback.
            await (await tx.run("MATCH (t:Tasking {id: $id}) SET t.version = t.version", id=self._tasking_id)).consume()
            self._locked.set()
            try:
                await asyncio.wait_for(self._first_failed.wait(), timeout=15)
            finally:
                await tx.rollback()  # before the driver's retry, about a second later


@NEO4J_ONLY
async def test_a_unit_of_work_the_driver_runs_again_after_a_lock_timeout_commits_and_publishes_once(demo_store: Executor) -> None:
    flaky = LockedOnFirstAttempt(demo_store, "T-0021")
    bus = InProcessEventBus()
    heard: list[TaskingUpdated] = []

    async def listen() -> None:
        async for event in bus.subscribe():
            heard.append(event)

    listener = asyncio.create_task(listen())
    await asyncio.sleep(0)
    lo = Caller(Identity("lo-040", frozenset({Role.LIAISON_OFFICER}), "NL-POLITIE", officer_id="LO-040"), "case 1", "r-1", date(2026, 11, 24))

    accepted = await taskings.transition(flaky, bus, lo, tasking_id="T-0021", action=TaskingAction.ACCEPTED, version=1)
    await asyncio.sleep(0.05)
    listener.cancel()

    assert flaky.attempts == 2  # the driver ran it again
    assert accepted.version == 2 and accepted.status.value == "ACCEPTED"
    assert [(e.tasking_id, e.action) for e in heard] == [("T-0021", "ACCEPTED")]  # published once
    async with neo4j_reset.driver_for(neo4j_settings()) as driver, driver.session() as session:
        result = await session.run(
            "MATCH (:Tasking {id: 'T-0021'})-[:HAS_EVENT]->(e:TaskingEvent) RETURN e.action AS action ORDER BY e.at"
        )
        events = [record["action"] async for record in result]
    assert events == ["REQUESTED", "ACCEPTED"]  # the first attempt's event went with its rollback


async def _accepted_handing_out_bookmarks(store: Executor) -> list[str]:
    """Worker A's write (LO-040 accepts T-0021, version 1 -> 2): the bookmarks it hands out."""
    sink: list[str] = []
    token = written_bookmarks.set(sink)
    try:
        lo = Caller(Identity("lo-040", frozenset({Role.LIAISON_OFFICER}), "NL-POLITIE", officer_id="LO-040"), "case 1", "r-2", date(2026, 11, 24))
        await taskings.transition(store, None, lo, tasking_id="T-0021", action=TaskingAction.ACCEPTED, version=1)
    finally:
        written_bookmarks.reset(token)
    return sink


@NEO4J_ONLY
async def test_a_bookmark_from_one_worker_is_honoured_by_another(demo_store: Executor) -> None:
    """Worker A writes and hands out its bookmark; worker B (its own driver and bookmark manager)
    reads with it and sees the write (on a cluster: waits until its replica has it)."""
    sink = await _accepted_handing_out_bookmarks(demo_store)
    assert sink and all(value for value in sink)

    async def read_tasking(tx: Transaction) -> list[dict]:
        return await tx.run(tq.TASKING_BY_ID, {"id": "T-0021"})

    worker_b = open_executor(neo4j_settings())
    token = caller_bookmarks.set(tuple(sink))
    try:
        rows = await worker_b.read(read_tasking)
    finally:
        caller_bookmarks.reset(token)
        await worker_b.close()
    assert rows[0]["version"] == 2 and rows[0]["status"] == "ACCEPTED"


@NEO4J_ONLY
async def test_a_single_read_goes_in_an_auto_commit_transaction_and_still_honours_another_worker_s_bookmark(
    demo_store: Executor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Executor.fetch sends one read statement without a unit of work around it (one round trip
    where BEGIN, the statement and COMMIT are three). It answers what a read unit answers, waits
    for the bookmark of a write made through another worker, and a statement Neo4j refuses is a
    StoreError, not a driver's exception."""
    from neo4j import AsyncSession

    from service.store import StoreError

    sink = await _accepted_handing_out_bookmarks(demo_store)
    units: list[str] = []
    execute_read = AsyncSession.execute_read

    async def counted(self, work, *args, **kwargs):  # type: ignore[no-untyped-def]
        units.append("read unit")
        return await execute_read(self, work, *args, **kwargs)

    monkeypatch.setattr(AsyncSession, "execute_read", counted)
    worker_b = open_executor(neo4j_settings())
    token = caller_bookmarks.set(tuple(sink))
    try:
        fetched = await worker_b.fetch(tq.TASKING_BY_ID, {"id": "T-0021"})
        assert units == []
        assert fetched == await worker_b.read(lambda tx: tx.run(tq.TASKING_BY_ID, {"id": "T-0021"}))
        assert units == ["read unit"]
        with pytest.raises(StoreError):
            await worker_b.fetch(Statement("test.refused", "MATCH (n:Tasking) RETURN n.id AS id ORDER BY", Mode.READ))
    finally:
        caller_bookmarks.reset(token)
        await worker_b.close()
    assert fetched[0]["version"] == 2 and fetched[0]["status"] == "ACCEPTED"


@NEO4J_ONLY
async def test_every_unit_of_work_sends_its_begin_with_its_first_statement(demo_store: Executor, monkeypatch: pytest.MonkeyPatch) -> None:
    """A BEGIN sent on its own is a round trip the unit waits for: each unit's transaction,
    read or write, begins pipelined (the driver's way, neo4j_executor._begin_with_first_statement),
    and its statements are answered as before. Fails when a driver upgrade drops the way."""
    from neo4j._async.work.transaction import AsyncTransactionBase

    began: list[bool] = []
    begin = AsyncTransactionBase._begin

    async def recorded(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        began.append(bool(kwargs.get("pipelined")))
        return await begin(self, *args, **kwargs)

    monkeypatch.setattr(AsyncTransactionBase, "_begin", recorded)
    read = await demo_store.read(lambda tx: tx.run(tq.TASKING_BY_ID, {"id": "T-0021"}))
    lo = Caller(Identity("lo-040", frozenset({Role.LIAISON_OFFICER}), "NL-POLITIE", officer_id="LO-040"), "case 1", "r-4", date(2026, 11, 24))
    accepted = await taskings.transition(demo_store, None, lo, tasking_id="T-0021", action=TaskingAction.ACCEPTED, version=1)

    assert read[0]["version"] == 1 and accepted.version == 2
    assert began and all(began), began


@NEO4J_ONLY
async def test_units_and_single_reads_read_and_write_without_the_drivers_socket_timeouts(
    demo_store: Executor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neo4j hints that a connection silent for 120 s is stale; the driver made that the timeout
    of every socket read, and its own 30 s that of every write, each read or write then some
    three turns of the event loop (neo4j_executor.io_without_timeouts). The connections of read
    and write units and of single reads read and write without them, and answer as before. Fails
    when a driver upgrade moves what the function sets."""
    from neo4j import AsyncSession

    seen: list[tuple[int | None, float | None, float | None]] = []  # (the server's hint, the read and write timeouts)

    def note(connection) -> None:  # type: ignore[no-untyped-def]
        socket = connection.socket
        seen.append((connection.connection_hints.get("connection.recv_timeout_seconds"), socket.get_read_timeout(), socket.get_write_timeout()))

    async def read(tx: Transaction) -> list[dict]:
        note(tx._tx._connection)  # type: ignore[attr-defined]
        return await tx.run(tq.TASKING_BY_ID, {"id": "T-0021"})

    async def write(tx: Transaction) -> list[dict]:
        note(tx._tx._connection)  # type: ignore[attr-defined]
        return await tx.run(Statement("test.answer", "RETURN $at AS at", Mode.WRITE), {"at": 1})

    sockets = []
    run = AsyncSession.run

    async def recorded(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = await run(self, *args, **kwargs)
        sockets.append(self._connection)
        return result

    monkeypatch.setattr(AsyncSession, "run", recorded)
    read_rows = await demo_store.read(read)
    written = await demo_store.write(write)
    fetched = await demo_store.fetch(tq.TASKING_BY_ID, {"id": "T-0021"})
    for connection in sockets:
        note(connection)

    assert read_rows == fetched and read_rows[0]["id"] == "T-0021" and written == [{"at": 1}]
    assert len(seen) == 3
    assert all(hint and hint > 0 for hint, _, _ in seen), seen  # the server does hint a timeout
    assert all(read is None and write is None for _, read, write in seen), seen


async def _turns_others_get(read) -> tuple[int, list[dict]]:  # type: ignore[no-untyped-def]
    """How many turns another request of the process got while `read` ran, and what it read."""
    turns, done = 0, False

    async def other_request() -> None:
        nonlocal turns
        while not done:
            turns += 1
            await asyncio.sleep(0)

    other = asyncio.ensure_future(other_request())
    await asyncio.sleep(0)
    try:
        rows = await read()
    finally:
        done = True
        await other
    return turns, rows


async def test_an_answer_already_there_is_read_giving_the_other_requests_turns() -> None:
    """Without socket timeouts a read whose bytes are there already does not wait: a large answer
    (the read model read whole again for its age) was read to its end in one go, every other
    request of the process waiting (a second, bench/RESULTS.md). Its rows are read giving the
    event loop a turn every ROWS_BETWEEN_TURNS. The driver's records, all arrived before they are
    read, as when the answer came while the loop was busy."""
    from neo4j import Record

    from service.store.neo4j_executor import ROWS_BETWEEN_TURNS, _rows

    count = 40 * ROWS_BETWEEN_TURNS

    class Arrived:  # the records of an answer, read without waiting for the network
        def __aiter__(self):  # type: ignore[no-untyped-def]
            return self._records()

        async def _records(self):  # type: ignore[no-untyped-def]
            for n in range(1, count + 1):
                yield Record({"n": n, "label": f"row {n}"})

    turns, rows = await _turns_others_get(lambda: _rows(Arrived()))  # type: ignore[arg-type]
    assert len(rows) == count and rows[-1] == {"n": count, "label": f"row {count}"}
    assert turns >= count // ROWS_BETWEEN_TURNS, turns


@NEO4J_ONLY
async def test_a_large_answer_is_read_whole_in_a_unit_and_alone(demo_store: Executor) -> None:
    """Read as it comes, turns given between (above), a large answer is whole and the same by
    either way of reading, and the other requests of the process get turns meanwhile."""
    many = Statement("test.many", "UNWIND range(1, $n) AS n RETURN n, 'row ' + n AS label", Mode.READ)
    count = 8000

    alone_turns, alone = await _turns_others_get(lambda: demo_store.fetch(many, {"n": count}))
    unit_turns, in_unit = await _turns_others_get(lambda: demo_store.read(lambda tx: tx.run(many, {"n": count})))

    assert alone == in_unit and len(alone) == count and alone[-1] == {"n": count, "label": f"row {count}"}
    assert alone_turns > 0 and unit_turns > 0


@NEO4J_ONLY
async def test_a_statement_neo4j_does_not_answer_within_the_store_timeout_is_given_up(demo_store: Executor) -> None:
    """What bounds a server that does not answer is the store timeout (LONET_STORE_TIMEOUT_SECONDS)
    around every unit and single read: lonet's connections have no socket timeouts
    (neo4j_executor.io_without_timeouts). The caller gets StoreUnavailable then, the executor
    serves the next request, and the statement given up does not run on in Neo4j."""
    from service.store import StoreUnavailable

    slow = Statement("test.slow", "UNWIND range(1, 200000000) AS x WITH x WHERE x % 7 = 8 RETURN count(x) AS n", Mode.READ)
    worker = open_executor(neo4j_settings(LONET_STORE_TIMEOUT_SECONDS=0.5))
    try:
        started = asyncio.get_running_loop().time()
        with pytest.raises(StoreUnavailable, match="did not answer within"):
            await worker.fetch(slow)
        with pytest.raises(StoreUnavailable, match="did not answer within"):
            await worker.read(lambda tx: tx.run(slow))
        assert asyncio.get_running_loop().time() - started < 5
        rows = await worker.read(lambda tx: tx.run(tq.TASKING_BY_ID, {"id": "T-0021"}))
        assert rows[0]["id"] == "T-0021"
        # Given up, the statements do not run on: their connections closed, Neo4j stops them.
        running = Statement(
            "test.running",
            "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS 'range(1, 200000000)' RETURN count(*) AS n",
            Mode.READ,
        )
        for _ in range(50):
            if (await worker.fetch(running))[0]["n"] <= 1:  # the SHOW's own query names it too
                break
            await asyncio.sleep(0.1)
        assert (await worker.fetch(running))[0]["n"] <= 1
    finally:
        await worker.close()
