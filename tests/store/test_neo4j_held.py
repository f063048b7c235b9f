"""Neo4j: the writes a unit holds, sent together as one statement (service/store/neo4j_held.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from neo4j.exceptions import ClientError

from service.security.identity import Identity, Role
from service.security.policy import Operation
from service.store import Executor, Mode, Statement, Transaction, all_statements, open_executor
from service.store.executor import Row
from service.store.neo4j_executor import Neo4jExecutor
from service.store.neo4j_held import ANSWERED_OTHERWISE, Held, checked
from service.usecases import audit

from ..conftest import neo4j_settings
from .rolled_back import RolledBack, rolled_back

NEO4J_ONLY = pytest.mark.parametrize("demo_store", ["neo4j"], indirect=True)

# A held write that matches nothing, sent first: every statement below then runs as the second
# subquery of a combined statement.
NOTHING = Statement("test.touch_nothing", "MATCH (q:Sequence {name: $name}) SET q.value = q.value", Mode.WRITE)


@NEO4J_ONLY
async def test_every_write_held_with_another_answers_and_writes_as_it_does_alone(demo_store: Executor) -> None:
    """Each registered write with its example, on the demo network: alone, then held behind
    another write and sent with it as one statement; the same answer (the unit is not run again)
    and the same graph counts after it. Both rolled back."""
    counts = Statement("test.counts", "MATCH (n) RETURN count(n) AS nodes", Mode.READ)
    relationships = Statement("test.relationships", "MATCH ()-[r]->() RETURN count(r) AS relationships", Mode.READ)
    mismatches: list[str] = []
    compared = 0
    for statement in all_statements():
        if statement.mode is not Mode.WRITE or (statement.unwinds and not statement.example.get(statement.unwinds)):
            continue

        async def alone(tx: Transaction, statement: Statement = statement) -> None:
            rows = await tx.run(statement, statement.example)
            await tx.send_held()  # type: ignore[attr-defined]  (a write that answers nothing was held)
            raise RolledBack((rows, await _counts(tx)))

        async def together(tx: Transaction, statement: Statement = statement, expected: list[Row] | None = None) -> None:
            await tx.run(NOTHING, {"name": "no such sequence"})
            answer = await tx.run_expecting(statement, statement.example, expected or [])
            await tx.send_held()  # type: ignore[attr-defined]
            raise RolledBack((answer, await _counts(tx)))

        async def _counts(tx: Transaction) -> tuple[int, int]:
            return (await tx.run(counts))[0]["nodes"], (await tx.run(relationships))[0]["relationships"]

        try:
            (rows, counted_alone), _ = await rolled_back(demo_store, alone)
        except Exception:  # noqa: BLE001  (refused alone, e.g. a key the demo network has: not comparable)
            continue
        before = demo_store.stats.held_together

        async def expecting(tx: Transaction, statement: Statement = statement, rows: list[Row] = rows) -> None:
            await together(tx, statement, rows)

        try:
            (answer, counted_together), runs = await rolled_back(demo_store, expecting)
        except Exception as exc:  # noqa: BLE001  (collect all, report together)
            mismatches.append(f"{statement.name}: {exc}")
            continue
        compared += 1
        if runs != 1 or (answer is not None and answer != rows) or counted_together != counted_alone:
            mismatches.append(f"{statement.name}: ran {runs}x, {answer!r} != {rows!r} or {counted_together} != {counted_alone}")
        if demo_store.stats.held_together == before:
            mismatches.append(f"{statement.name}: not sent with the other")
    assert not mismatches, "\n".join(mismatches)
    assert compared > 60


def _holds_null(rows: list[Row]) -> bool:
    return any(value is None or (isinstance(value, list) and None in value) for row in rows for value in row.values())


@NEO4J_ONLY
async def test_every_write_checked_passes_on_its_own_answer_and_fails_on_another(demo_store: Executor) -> None:
    """End steps sent with the COMMIT are checked in their statement (neo4j_held.checked), since
    no one waits for their answer: each registered write with its example, checked against the
    answer it gives alone, passes (whatever its answer holds: numbers, texts, lists, times);
    against another (a row more), fails, with the message the executor knows. Answers holding a
    null never equal in Cypher: such a check fails too, and its unit runs again (not compared)."""
    problems: list[str] = []
    compared = 0
    for statement in all_statements():
        if statement.mode is not Mode.WRITE or statement.answers_nothing:
            continue
        if statement.unwinds and not statement.example.get(statement.unwinds):
            continue

        async def alone(tx: Transaction, statement: Statement = statement) -> None:
            raise RolledBack(await tx.run(statement, statement.example))

        try:
            rows, _ = await rolled_back(demo_store, alone)
        except Exception:  # noqa: BLE001  (refused alone, e.g. a key the demo network has: not comparable)
            continue
        if _holds_null(rows):
            continue
        for expected, passes in ((rows, True), ([*rows, rows[0]] if rows else [{}], False)):
            cypher, params = checked([Held(statement, dict(statement.example), expected)])

            async def check(tx: Transaction, cypher: str = cypher, params: dict[str, Any] = params) -> None:
                try:
                    await tx._send(statement.name, cypher, params)  # type: ignore[attr-defined]
                except ClientError as exc:
                    raise RolledBack(exc.message or "") from exc
                raise RolledBack("")

            failure, _ = await rolled_back(demo_store, check)
            if passes and failure:
                problems.append(f"{statement.name}: its own answer {rows!r} failed the check: {failure}")
            if not passes and ANSWERED_OTHERWISE not in failure:
                problems.append(f"{statement.name}: another answer passed the check or failed otherwise: {failure!r}")
        compared += 1
    assert not problems, "\n".join(problems)
    assert compared > 30, compared


@NEO4J_ONLY
async def test_a_held_write_answering_otherwise_fails_its_transaction_and_the_unit_runs_again_seeing_the_answer(
    demo_store: Executor,
) -> None:
    """A unit expects an answer the store does not give (its read model behind, say): the held
    writes sent with it are not written, and the unit runs again holding nothing, gets the answer
    and acts on it: here it writes a marker only on the second run, which alone is kept."""
    mark = Statement("test.mark", "MERGE (q:Sequence {name: $name}) SET q.value = $value", Mode.WRITE)
    version = Statement("test.version_of", "MATCH (t:Tasking {id: $id}) RETURN t.version AS version", Mode.WRITE)
    read = Statement("test.read_mark", "MATCH (q:Sequence {name: $name}) RETURN q.value AS value", Mode.READ)
    forget = Statement("test.forget_mark", "MATCH (q:Sequence {name: $name}) DELETE q", Mode.WRITE)
    answers: list[list[Row] | None] = []

    async def work(tx: Transaction) -> None:
        await tx.run(mark, {"name": "test-held", "value": len(answers) + 1})
        answers.append(await tx.run_expecting(version, {"id": "T-0001"}, [{"version": 99}]))

    try:
        await demo_store.write(work)
        assert answers[0] is None and answers[1] != [{"version": 99}] and len(answers) == 2, answers
        assert await demo_store.read(lambda tx: tx.run(read, {"name": "test-held"})) == [{"value": 2}]
    finally:
        await demo_store.write(lambda tx: tx.run(forget, {"name": "test-held"}))


@NEO4J_ONLY
async def test_a_held_write_whose_column_needs_quoting_is_answered_as_expected(demo_store: Executor) -> None:
    """The combined statement names each held statement's columns; one whose name Cypher must
    quote (a name with a space: `the end`) is still answered, and as expected: the unit runs once."""
    named = Statement("test.quoted_column", "MERGE (q:Sequence {name: $name}) SET q.value = 7 RETURN q.value AS `the end`", Mode.WRITE)

    async def work(tx: Transaction) -> None:
        await tx.run(NOTHING, {"name": "no such sequence"})
        answer = await tx.run_expecting(named, {"name": "test-quoted"}, [{"the end": 7}])
        await tx.send_held()  # type: ignore[attr-defined]
        raise RolledBack(answer)

    answer, runs = await rolled_back(demo_store, work)
    assert answer is None and runs == 1


@NEO4J_ONLY
async def test_end_steps_are_held_together_until_another_worker_moves_the_log_and_then_alone_for_a_while(
    demo_store: Executor,
) -> None:
    """A lone worker sends a write's end steps (here its consultation record, chained to the record
    it appended last) held, with its COMMIT. Another worker appending meanwhile makes that record's
    chain miss: the statement fails, the COMMIT is ignored, the unit runs again, only the second
    run kept, chained after theirs.
    The next writes send their end steps alone, each acting on its answer (another worker's record
    then costs no second run), until three in a row answered as expected; then they are held
    again. The log stays one intact chain, each record once."""
    assert isinstance(demo_store, Neo4jExecutor)
    admin = Identity("admin", frozenset({Role.ADMIN}), "BE-FGP")
    runs: list[str] = []

    def write_as(name: str):
        async def work(tx: Transaction) -> None:
            runs.append(name)
            await audit.append(tx, identity=admin, operation=Operation.READ_TASKING, object_ids=[name], justification=None, request_id=name)

        return work

    async def ran(name: str) -> int:
        runs.clear()
        await demo_store.write(write_as(name))
        return len(runs)

    other_worker = open_executor(neo4j_settings())
    try:
        assert [await ran("first"), await ran("second")] == [1, 1]  # the log's head known since the first
        assert demo_store.end_steps_held
        await other_worker.write(write_as("theirs"))
        assert await ran("third") == 2  # held, its record's chain missed: run again, holding nothing
        assert not demo_store.end_steps_held
        await other_worker.write(write_as("theirs again"))
        assert await ran("fourth") == 1  # sent alone, it read the head and went on
        assert [await ran(f"after-{n}") for n in range(3)] == [1, 1, 1]  # three in a row as expected
        assert demo_store.end_steps_held
        await other_worker.write(write_as("theirs at last"))
        assert await ran("last") == 2
    finally:
        await other_worker.close()

    records = [row async for row in audit.records(demo_store)]
    written = ["first", "second", "theirs", "third", "theirs again", "fourth", "after-0", "after-1", "after-2", "theirs at last", "last"]
    assert [row["requestId"] for row in records if row["requestId"] in written] == written
    verified = await audit.verify(demo_store)
    assert verified.intact, verified.problems


def _two_writers(demo_store: Executor, first_ends: Callable[[], Awaitable[None]], second_ends: Callable[[], Awaitable[None]]):
    """Two writes, each a held write and a consultation record at its end, the first holding the
    write turn until `first_ends` returns (the second, with nothing to wait for before its end,
    queues for the turn meanwhile), `second_ends` run under the turn before the second's record.
    Returns the runs of their units and a coroutine running both."""
    admin = Identity("admin", frozenset({Role.ADMIN}), "BE-FGP")
    runs: list[str] = []

    def write_as(name: str, at_end: Callable[[], Awaitable[None]]):
        async def work(tx: Transaction) -> None:
            runs.append(name)
            # Held, goes before the turn is taken; a name of its own: Neo4j locks the key it looked up.
            await tx.run(NOTHING, {"name": f"no such sequence: {name}"})

            async def before_its_record(_tx: Transaction) -> None:
                await at_end()

            tx.changes.at_end("test.before-its-record", before_its_record)  # runs before the record's append
            await audit.append(tx, identity=admin, operation=Operation.READ_TASKING, object_ids=[name], justification=None, request_id=name)

        return work

    async def both() -> None:
        first = asyncio.ensure_future(demo_store.write(write_as("first", first_ends)))
        await asyncio.sleep(0.1)  # the first holds the turn
        await asyncio.gather(first, demo_store.write(write_as("second", second_ends)))

    return runs, both()


async def _log_of(demo_store: Executor, names: set[str]) -> list[str]:
    verified = await audit.verify(demo_store)
    assert verified.intact, verified.problems
    return [row["requestId"] async for row in audit.records(demo_store) if row["requestId"] in names]


async def _let_the_second_queue() -> None:
    await asyncio.sleep(0.5)


@NEO4J_ONLY
async def test_a_write_waiting_for_the_turn_ends_while_the_one_before_it_commits(demo_store: Executor) -> None:
    """The unit holding the process's write turn, another waiting for it, gives the turn over as
    its COMMIT goes: the second's end steps begin before the first's COMMIT is answered,
    wait on Neo4j for its commit (the marker it locked before its end) and chain to its record;
    neither runs twice, and the log is one chain."""
    assert isinstance(demo_store, Neo4jExecutor)
    committed_before = demo_store.stats.transactions
    committed_when_second_ended: list[int] = []

    async def note_the_commits() -> None:
        committed_when_second_ended.append(demo_store.stats.transactions - committed_before)

    runs, both = _two_writers(demo_store, _let_the_second_queue, note_the_commits)
    await both

    assert committed_when_second_ended == [0]  # the first's COMMIT sent, not answered yet
    assert runs == ["first", "second"]
    assert await _log_of(demo_store, {"first", "second"}) == ["first", "second"]


@NEO4J_ONLY
async def test_a_commit_failing_after_it_gave_the_turn_over_runs_again_and_so_does_the_next_write(demo_store: Executor) -> None:
    """Another worker appends to the log while the first unit holds the turn: the first's record,
    sent with its COMMIT, chains to a head that is no longer the log's, and that commit fails after
    the turn went to the second, whose record chained to the first's. The second's commit fails
    too; both run again, each kept once, after the other worker's record; the log stays one chain."""
    assert isinstance(demo_store, Neo4jExecutor)
    admin = Identity("admin", frozenset({Role.ADMIN}), "BE-FGP")
    other_worker = open_executor(neo4j_settings())

    appended: list[str] = []

    async def another_worker_appends() -> None:  # the first time the first unit ends
        if appended:
            return
        await _let_the_second_queue()

        async def theirs(tx: Transaction) -> None:
            await audit.append(tx, identity=admin, operation=Operation.READ_TASKING, object_ids=["theirs"], justification=None, request_id="theirs")

        await other_worker.write(theirs)
        appended.append("theirs")

    async def nothing() -> None:
        pass

    try:
        await demo_store.write(lambda tx: audit.append(tx, identity=admin, operation=Operation.READ_TASKING, object_ids=["warm"], justification=None, request_id="warm"))
        runs, both = _two_writers(demo_store, another_worker_appends, nothing)
        await both
    finally:
        await other_worker.close()

    assert sorted(runs) == ["first", "first", "second", "second"]
    log = await _log_of(demo_store, {"warm", "theirs", "first", "second"})
    assert log[:2] == ["warm", "theirs"] and sorted(log[2:]) == ["first", "second"]


@NEO4J_ONLY
async def test_a_process_removes_its_write_turn_markers_when_it_closes(demo_store: Executor) -> None:
    """The markers a worker's writes lock (Sequence nodes of its own) are gone once it closes;
    the sequences the writes use (the log's) stay."""
    admin = Identity("admin", frozenset({Role.ADMIN}), "BE-FGP")
    markers = Statement("test.markers", "MATCH (q:Sequence) WHERE q.name STARTS WITH $prefix RETURN count(q) AS markers", Mode.READ)
    log_sequence = Statement("test.log_sequence", "MATCH (q:Sequence {name: 'audit-log'}) RETURN q.value AS seq", Mode.READ)
    worker = open_executor(neo4j_settings())
    assert isinstance(worker, Neo4jExecutor)
    prefix = worker._marker_prefix

    def write_as(name: str):
        async def work(tx: Transaction) -> None:
            await tx.run(NOTHING, {"name": f"no such sequence: {name}"})
            await audit.append(tx, identity=admin, operation=Operation.READ_TASKING, object_ids=[name], justification=None, request_id=name)

        return work

    try:
        await asyncio.gather(*(worker.write(write_as(f"marked-{n}")) for n in range(4)))
        count = await demo_store.read(lambda tx: tx.run(markers, {"prefix": prefix}))
        assert count[0]["markers"] >= 1
    finally:
        await worker.close()

    assert await demo_store.read(lambda tx: tx.run(markers, {"prefix": prefix})) == [{"markers": 0}]
    [head] = await demo_store.read(lambda tx: tx.run(log_sequence))
    assert head["seq"] >= 4
    assert sorted(await _log_of(demo_store, {f"marked-{n}" for n in range(4)})) == [f"marked-{n}" for n in range(4)]
