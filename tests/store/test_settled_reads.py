"""A check whose answer a read of the process already gave (Transaction.run_expecting's `as_read`).

The process notes every statement that may change an area before the engine runs it
(StoreStats.noted), and which of its units that noted one are not counted yet. A read taken while
none is under way (StoreStats.settled) is as the store was; the embedded engine, its store's one
writer, then leaves out a check that expects the read's answer while nothing that may change
those areas was noted since. Any change noted or counted since, one under way when the read was
taken, or one the unit itself made first, and the check is sent again. Neo4j always sends it:
other processes write its store."""

from __future__ import annotations

import asyncio
import gc

import pytest

from service.store import Executor, Mode, Transaction
from service.store.migrator import migrate
from service.store.statement import Statement

AREAS = ("reference",)  # what NAME_OF reads; RENAME changes it
RENAME = Statement("test.settled_rename", "MATCH (s:Service {code: $code}) SET s.name = $name", Mode.WRITE, changes=frozenset(AREAS))
ADD = Statement(
    "test.settled_add", "CREATE (s:Service {code: $code, name: $name, country: 'BE', kind: 'police'})", Mode.WRITE, changes=frozenset(AREAS)
)
NAME_OF = Statement("test.settled_name_of", "MATCH (s:Service {code: $code}) RETURN s.name AS name", Mode.READ)


async def named(store: Executor, code: str, name: str) -> None:
    await store.write(lambda tx: tx.run(ADD, {"code": code, "name": name}))


async def name_in_store(store: Executor, code: str) -> str:
    return (await store.read(lambda tx: tx.run(NAME_OF, {"code": code})))[0]["name"]


def checking(expected: str, as_read, answers: list):  # type: ignore[no-untyped-def]
    """A unit that expects the service's name to be `expected`, as a read had it, and keeps what
    each of its runs got back (None: not sent or held back; else the store's rows)."""

    async def work(tx: Transaction) -> None:
        answers.append(await tx.run_expecting(NAME_OF, {"code": "BE-X"}, [{"name": expected}], as_read=as_read))

    return work


def sole_writer(store: Executor) -> bool:
    """The embedded engine: no other process writes its store (Executor.exclusive)."""
    return store.exclusive


async def test_a_check_expected_from_a_settled_read_is_left_out_by_the_embedded_engine_alone(empty_store: Executor) -> None:
    await migrate(empty_store)
    await named(empty_store, "BE-X", "first")
    stats = empty_store.stats
    settled = stats.settled(AREAS)
    assert settled is not None
    read = await name_in_store(empty_store, "BE-X")
    before = stats.by_statement[NAME_OF.name]

    answers: list = []
    await empty_store.write(checking(read, settled, answers))

    if sole_writer(empty_store):
        assert answers == [None] and stats.by_statement[NAME_OF.name] == before  # not sent
        assert stats.proven[NAME_OF.name] == 1
    else:
        assert stats.by_statement[NAME_OF.name] == before + 1 and not stats.proven  # sent, as ever


async def test_a_change_noted_after_the_read_sends_the_check_which_finds_the_store_changed(empty_store: Executor) -> None:
    await migrate(empty_store)
    await named(empty_store, "BE-X", "first")
    settled = empty_store.stats.settled(AREAS)
    read = await name_in_store(empty_store, "BE-X")
    await empty_store.write(lambda tx: tx.run(RENAME, {"code": "BE-X", "name": "second"}))
    assert not empty_store.stats.unchanged_since(settled)

    answers: list = []
    await empty_store.write(checking(read, settled, answers))

    # Sent: held back first (the unit expected "first"), found otherwise at the commit, and the
    # unit run again with nothing held back, which sees the store's answer.
    assert answers[-1] == [{"name": "second"}]
    assert not empty_store.stats.proven


async def test_no_read_is_settled_while_a_change_of_its_areas_is_under_way(empty_store: Executor) -> None:
    await migrate(empty_store)
    await named(empty_store, "BE-X", "first")
    stats = empty_store.stats
    renamed, release = asyncio.Event(), asyncio.Event()

    async def slow_rename(tx: Transaction) -> None:
        await tx.run(RENAME, {"code": "BE-X", "name": "second"})
        renamed.set()
        await release.wait()

    under_way = asyncio.create_task(empty_store.write(slow_rename))
    await renamed.wait()
    assert stats.settled(AREAS) is None  # noted, not committed: a read now may or may not see it
    assert stats.settled(("taskings",)) is not None  # other areas are not held up
    release.set()
    await under_way
    assert stats.settled(AREAS) is not None


async def test_a_change_the_unit_made_itself_before_its_check_sends_the_check(empty_store: Executor) -> None:
    await migrate(empty_store)
    await named(empty_store, "BE-X", "first")
    settled = empty_store.stats.settled(AREAS)
    answers: list = []

    async def rename_then_check(tx: Transaction) -> None:
        await tx.run(RENAME, {"code": "BE-X", "name": "mine"})
        answers.append(await tx.run_expecting(NAME_OF, {"code": "BE-X"}, [{"name": "first"}], as_read=settled))

    await empty_store.write(rename_then_check)

    assert answers[-1] == [{"name": "mine"}]  # the unit sees its own change
    assert not empty_store.stats.proven


async def test_once_a_unit_that_failed_after_noting_a_change_is_gone_reads_settle_again_and_nothing_of_it_is_written(empty_store: Executor) -> None:
    await migrate(empty_store)
    await named(empty_store, "BE-X", "first")
    stats = empty_store.stats

    async def rename_then_fail(tx: Transaction) -> None:
        await tx.run(RENAME, {"code": "BE-X", "name": "never"})
        raise ValueError("the unit gives up")

    with pytest.raises(ValueError):
        await empty_store.write(rename_then_fail)
    gc.collect()  # the failed unit's transaction and its Changes, gone

    settled = stats.settled(AREAS)
    assert settled is not None
    assert await name_in_store(empty_store, "BE-X") == "first"  # nothing of it written
    answers: list = []
    await empty_store.write(checking("first", settled, answers))
    if sole_writer(empty_store):
        assert answers == [None] and stats.proven[NAME_OF.name] == 1


async def test_a_change_counted_without_being_noted_here_unsettles_too(empty_store: Executor) -> None:
    """Another worker's change, as the broker tells it, or a migration's."""
    await migrate(empty_store)
    await named(empty_store, "BE-X", "first")
    settled = empty_store.stats.settled(AREAS)

    empty_store.stats.changed_elsewhere(AREAS)

    assert not empty_store.stats.unchanged_since(settled)
    answers: list = []
    await empty_store.write(checking("first", settled, answers))
    assert not empty_store.stats.proven


async def test_without_a_settled_read_the_check_is_sent(empty_store: Executor) -> None:
    await migrate(empty_store)
    await named(empty_store, "BE-X", "first")
    before = empty_store.stats.by_statement[NAME_OF.name]

    await empty_store.write(checking("first", None, []))

    assert empty_store.stats.by_statement[NAME_OF.name] == before + 1
    assert not empty_store.stats.proven
