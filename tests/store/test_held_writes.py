"""Writes that answer nothing (no RETURN) are held back by the embedded engine and sent to its
writer with the unit's next statement that answers, or with the COMMIT; side by side, with the
next round (ladybug_executor, ladybug_side_by_side). A unit must still see its own writes in
order, and a held write that fails must fail its unit and leave nothing of it written: on both
engines, whichever way the unit runs (alone, one after another in a batch, side by side)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from service.errors import Conflict
from service.store import DuplicateKey, Executor, Mode, Transaction
from service.store.ladybug_side_by_side import Waiting, sends_of
from service.store.migrator import migrate
from service.store.queries.directory import SERVICES
from service.store.statement import AREAS, Statement

# Statements of the test's own, registered nowhere: like lonet's writes that answer nothing.
ADD_SERVICE = Statement(
    "test.add_service", "CREATE (s:Service {code: $code, name: $name, country: $country, kind: $kind})", Mode.WRITE, changes=AREAS
)
RENAME_SERVICE = Statement("test.rename_service", "MATCH (s:Service {code: $code}) SET s.name = $name", Mode.WRITE, changes=AREAS)
NAME_OF = Statement("test.name_of", "MATCH (s:Service {code: $code}) RETURN s.name AS name", Mode.READ)
# A write whose answer its caller knows beforehand, as the consultation log's chained append.
ADD_ANSWERING = Statement(ADD_SERVICE.name + "_answering", ADD_SERVICE.cypher + " RETURN s.code AS code", Mode.WRITE, changes=AREAS)
KNOWN = "test.code_expected"  # what the process keeps of its last commits (StoreStats.shared)


def service(code: str) -> dict[str, str]:
    return {"code": code, "name": f"Service {code}", "country": code[:2], "kind": "police"}


def test_only_writes_without_a_return_are_held() -> None:
    assert ADD_SERVICE.answers_nothing and RENAME_SERVICE.answers_nothing
    assert not NAME_OF.answers_nothing  # a read always answers
    returning = Statement("test.add_returning", ADD_SERVICE.cypher + " RETURN s.code AS code", Mode.WRITE)
    assert not returning.answers_nothing


async def codes(store: Executor) -> set[str]:
    return {row["code"] for row in await store.read(lambda tx: tx.run(SERVICES))}


def unit(code: str, *, duplicate_last: bool = False):  # type: ignore[no-untyped-def]
    """Adds a service, renames it, reads the name back (it must see both), renames it again; with
    `duplicate_last`, ends by adding a service that exists (refused: the unit must fail)."""

    async def work(tx: Transaction) -> str:
        await tx.run(ADD_SERVICE, service(code))
        await tx.run(RENAME_SERVICE, {"code": code, "name": f"renamed {code}"})
        seen = (await tx.run(NAME_OF, {"code": code}))[0]["name"]
        await tx.run(RENAME_SERVICE, {"code": code, "name": f"{seen}, twice"})
        if duplicate_last:
            await tx.run(ADD_SERVICE, service("BE-OLD"))
        return seen

    return work


async def test_a_unit_sees_its_held_writes_and_its_last_held_write_is_committed(empty_store: Executor) -> None:
    await migrate(empty_store)

    seen = await empty_store.write(unit("BE-ONE"))

    assert seen == "renamed BE-ONE"  # the add and the first rename, in order, before the read
    name = await empty_store.read(lambda tx: tx.run(NAME_OF, {"code": "BE-ONE"}))
    assert name == [{"name": "renamed BE-ONE, twice"}]  # held until the commit, and committed


async def test_a_held_write_that_fails_last_fails_its_unit_with_its_own_error(empty_store: Executor) -> None:
    await migrate(empty_store)
    await empty_store.write(lambda tx: tx.run(ADD_SERVICE, service("BE-OLD")))

    with pytest.raises(DuplicateKey):  # the refusal itself, not "commit failed"
        await empty_store.write(unit("BE-TWO", duplicate_last=True))

    assert await codes(empty_store) == {"BE-OLD"}  # nothing of the unit


@pytest.mark.parametrize("claimed", [True, False], ids=["side by side", "one after another"])
async def test_in_a_batch_a_held_write_that_fails_fails_only_its_own_unit(empty_store: Executor, claimed: bool) -> None:
    """Units queued behind a unit that holds the writer form one batch: side by side when each
    claims its own key, else one after another. The unit whose held write is refused fails with
    its own error; every other unit is written, and sees its own writes in order."""
    await migrate(empty_store)
    await empty_store.write(lambda tx: tx.run(ADD_SERVICE, service("BE-OLD")))
    ADD = replace(ADD_SERVICE, side_by_side=True)  # sent as one statement over the units' rows
    failing = {3, 7}

    async def add(i: int) -> str:
        code = f"BE-U{i}"

        async def work(tx: Transaction) -> str:
            await tx.run(ADD, service(code))
            seen = await unit(f"{code}X", duplicate_last=i in failing)(tx)
            return seen

        return await empty_store.write(work, claims=frozenset({code}) if claimed else None)

    async def holding() -> None:  # holds the writer while the others queue
        await empty_store.write(lambda tx: asyncio.sleep(0.2))

    first = asyncio.ensure_future(holding())
    await asyncio.sleep(0.05)
    outcomes = await asyncio.wait_for(asyncio.gather(*(add(i) for i in range(10)), return_exceptions=True), 60)
    await first

    assert all(isinstance(outcomes[i], DuplicateKey) for i in failing)
    assert [o for i, o in enumerate(outcomes) if i not in failing] == [f"renamed BE-U{i}X" for i in range(10) if i not in failing]
    assert await codes(empty_store) == {"BE-OLD"} | {f"BE-U{i}{x}" for i in range(10) if i not in failing for x in ("", "X")}
    names = await empty_store.read(lambda tx: tx.run(NAME_OF, {"code": "BE-U0X"}))
    assert names == [{"name": "renamed BE-U0X, twice"}]


def writer_calls(store: Any) -> list[str]:
    """The names of what the embedded store hands its writer's thread from now on, in order."""
    submitted = store._writer.submit
    calls: list[str] = []

    def counted(fn, *args):  # type: ignore[no-untyped-def]
        calls.append(getattr(fn, "__name__", repr(fn)))
        return submitted(fn, *args)

    store._writer.submit = counted
    return calls


async def test_writes_that_answer_nothing_take_no_trip_to_the_writer_of_their_own(tmp_path: Path) -> None:
    """Embedded: each trip to the writer's thread is a turn of the event loop, which a busy server
    makes wait behind other requests. Three held writes and a read in one unit: one trip for the
    read (the writes before it with it), one for the COMMIT (the write after it with it); BEGIN is
    handed over without waiting for it."""
    from service.store.factory import open_executor
    from tests.conftest import settings_for

    store: Any = open_executor(settings_for("embedded", tmp_path / "store.lbug"))
    try:
        await migrate(store)
        calls = writer_calls(store)
        assert await store.write(unit("BE-TRIPS")) == "renamed BE-TRIPS"
        assert calls == ["_begin_on_writer", "_execute", "_commit_on_writer"]
    finally:
        await store.close()


def test_a_round_keeps_each_unit_s_statements_in_the_order_it_ran_them() -> None:
    """Side by side, held writes let units reach different statements in one round. Statements of
    one kind go as one, at the place of the first of them, unless that would put a unit's
    statement before one it ran earlier."""
    first = replace(ADD_SERVICE, name="test.first", side_by_side=True)
    second = replace(RENAME_SERVICE, name="test.second", side_by_side=True)
    waiting = [
        Waiting(0, first, service("BE-A"), None),
        Waiting(0, second, {"code": "BE-A", "name": "a"}, None),
        Waiting(1, second, {"code": "BE-B", "name": "b"}, None),
        Waiting(1, first, service("BE-B"), None),
        Waiting(2, first, service("BE-C"), None),
    ]

    sends = sends_of(waiting)

    order = [(send.statement.name, [wait.unit for wait in send.waits]) for send in sends]
    # unit 1's `second` joins unit 0's; its `first` then cannot join unit 0's (it would run before
    # its `second`): it starts a send of its own, which unit 2's joins.
    assert order == [("test.first", [0]), ("test.second", [0, 1]), ("test.first", [1, 2])]
    for unit_index in range(3):
        ran = [w.statement.name for w in waiting if w.unit == unit_index]
        sent = [send.statement.name for send in sends for wait in send.waits if wait.unit == unit_index]
        assert sent == ran


async def test_the_writer_s_time_is_counted_in_the_stats_a_server_reads(tmp_path: Path) -> None:
    """/metrics reads the stats of the executor the server holds: a ResilientExecutor, whose
    stats the embedded engine it opens adopts. The writer's time must land there."""
    from service.store.factory import open_executor
    from service.store.resilient import ResilientExecutor
    from tests.conftest import settings_for

    store = ResilientExecutor(lambda: open_executor(settings_for("embedded", tmp_path / "store.lbug")), engine="embedded")
    try:
        await migrate(store)
        spent, committed = store.stats.writer_seconds, store.stats.transactions

        assert await store.write(unit("BE-COUNTED")) == "renamed BE-COUNTED"

        assert store.stats.transactions > committed and store.stats.writer_seconds > spent
    finally:
        await store.close()


def expecting(code: str, attempts: list[str]):  # type: ignore[no-untyped-def]
    """Adds a service, expecting the answer the process's last commits let it expect (`KNOWN`),
    as the consultation log's append expects the head the process left; once written, that code
    is what the process expects next. Run again holding nothing, when the answer differs the unit
    takes it as it is (the log's own fallback reads the store)."""

    async def work(tx: Transaction) -> str:
        attempts.append(code)
        expected = [{"code": tx.changes.known(KNOWN) or code}]
        answer = await tx.run_expecting(ADD_ANSWERING, service(code), expected)
        tx.changes.remember(KNOWN, code)
        return "as expected" if answer in (None, expected) else "read the store"

    return work


async def test_a_write_whose_answer_is_known_is_sent_with_the_commit(empty_store: Executor) -> None:
    await migrate(empty_store)
    answers: list[list[Any] | None] = []

    async def work(tx: Transaction) -> None:
        answers.append(await tx.run_expecting(ADD_ANSWERING, service("BE-KNOWN"), [{"code": "BE-KNOWN"}]))

    await empty_store.write(work)

    # Held back (None: no answer to compare): by the store's one writer until the commit; on Neo4j
    # until the unit's end, sent then with the unit's other held writes (neo4j_held).
    assert answers == [None]
    assert await codes(empty_store) == {"BE-KNOWN"}


@pytest.mark.parametrize("batched", [False, True], ids=["alone", "in a batch"])
async def test_a_held_write_answering_otherwise_runs_its_units_again_reading_the_store(empty_store: Executor, batched: bool) -> None:
    """What the process expects from its last commits can be wrong (the store changed under it).
    Such a write is held (embedded: to the commit; Neo4j: to the unit's end): its answer fails the
    transaction, nothing of it is written, the process forgets what it expected, and each unit runs
    again, reading the store. Every service is written once."""
    await migrate(empty_store)
    empty_store.stats.shared[KNOWN] = "BE-GONE"  # as if the store had changed under the process
    attempts: list[str] = []
    units = [f"BE-E{i}" for i in range(6 if batched else 1)]

    async def holding() -> None:  # holds the writer while the others queue
        await empty_store.write(lambda tx: asyncio.sleep(0.2))

    first = asyncio.ensure_future(holding())
    await asyncio.sleep(0.05 if batched else 0.3)
    outcomes = await asyncio.gather(*(empty_store.write(expecting(code, attempts)) for code in units))
    await first

    assert await codes(empty_store) == set(units)
    assert len(attempts) > len(units)  # the transaction that answered otherwise, then again
    if empty_store.engine == "embedded":
        assert outcomes == ["as expected"] * len(units)  # run again, nothing read by the caller itself
    else:  # units side by side in transactions of their own: one may see another's commit when run again
        assert set(outcomes) <= {"as expected", "read the store"}, outcomes
    assert empty_store.stats.shared[KNOWN] in units  # what a commit left, expected next


async def test_a_unit_whose_held_statement_answers_otherwise_runs_again_and_sees_the_answer(tmp_path: Path) -> None:
    """Embedded: a unit's expectation of a held statement can be wrong (the serving check the read
    model said would pass). Its transaction fails, nothing of it written, and the unit runs again
    with nothing held back: it gets the statement's answer and acts on it (here it refuses, as
    the serving check explains its FORBIDDEN); nothing of either run is written."""
    from service.store.factory import open_executor
    from tests.conftest import settings_for

    store = open_executor(settings_for("embedded", tmp_path / "store.lbug"))
    try:
        await migrate(store)
        expected = [{"code": "BE-OTHER"}]
        answers: list[list[Any] | None] = []

        async def work(tx: Transaction) -> None:
            await tx.run(ADD_SERVICE, service("BE-BEFORE"))
            answer = await tx.run_expecting(ADD_ANSWERING, service("BE-NEVER"), expected)
            answers.append(answer)
            if answer not in (None, expected):
                raise Conflict("not as the unit expected")

        with pytest.raises(Conflict):
            await store.write(work)

        assert answers == [None, [{"code": "BE-NEVER"}]]  # held, then sent at once and answered
        assert await codes(store) == set()
    finally:
        await store.close()


async def test_side_by_side_the_writes_held_to_the_units_end_and_the_end_steps_go_with_the_commit(tmp_path: Path) -> None:
    """Embedded: units run side by side share each round to the writer. What they still hold back
    when they have all ended, and the transaction's end steps whose answers are known (the
    consultation record, the numbering), go with the COMMIT: no round of their own. Each unit's
    writes are all there afterwards, the end step's too."""
    from service.store.factory import open_executor
    from tests.conftest import settings_for

    store: Any = open_executor(settings_for("embedded", tmp_path / "store.lbug"))
    try:
        await migrate(store)
        read = replace(NAME_OF, name="test.name_of_side_by_side", side_by_side=True)
        add = replace(ADD_SERVICE, name="test.add_side_by_side", side_by_side=True)

        async def end_step(tx: Transaction) -> None:
            codes = tx.changes.notes.pop("test.ended")
            await tx.run_expecting(ADD_ANSWERING, service("BE-END"), [{"code": "BE-END"}])
            assert codes == [f"BE-S{i}" for i in range(5)]

        def unit(code: str):  # type: ignore[no-untyped-def]
            async def work(tx: Transaction) -> None:
                assert await tx.run(read, {"code": code}) == []
                await tx.run(add, service(code))
                tx.changes.at_end("test.ended", end_step).append(code)

            return work

        calls = writer_calls(store)
        holder = asyncio.ensure_future(store.write(lambda tx: asyncio.sleep(0.2)))
        await asyncio.sleep(0.05)
        await asyncio.gather(*(store.write(unit(f"BE-S{i}"), claims=frozenset({f"BE-S{i}"})) for i in range(5)))
        await holder

        batch = calls[calls.index("_commit_on_writer") + 1 :]  # after the holder's transaction
        assert batch == ["_begin_on_writer", "_send_on_writer", "_commit_on_writer"], calls
        assert await codes(store) == {f"BE-S{i}" for i in range(5)} | {"BE-END"}
        assert store.stats.side_by_side >= 4  # the five reads as one statement, the five adds too
    finally:
        await store.close()
