"""Neo4j: the writes a unit holds, sent together as one statement (service/store/neo4j_held.py)."""

from __future__ import annotations

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
