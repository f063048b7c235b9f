"""Units of work are all or nothing, and concurrent writers never see the engine's write limit.
On the embedded engine, writers waiting together commit together (group commit), and still one
unit's failure undoes only its own work."""

from __future__ import annotations

import asyncio
import contextvars
import threading
from datetime import date

import pytest

from service.domain.enums import Availability
from service.errors import Conflict
from service.security.identity import Identity, Role
from service.store import DuplicateKey, Executor, Transaction
from service.store.executor import WrongMode, request_round_trips
from service.store.migrator import migrate
from service.store.queries import seed as q
from service.store.queries.admin import CREATE_SERVICE
from service.store.queries.directory import OFFICERS_BY_IDS
from service.usecases import audit
from service.usecases.availability import set_availability
from service.usecases.caller import Caller
from service.usecases.maintenance import graph_counts


def service(code: str) -> dict[str, str]:
    return {"code": code, "name": f"Service {code}", "country": code[:2], "kind": "police"}


class Boom(Exception):
    pass


async def test_an_exception_in_the_unit_of_work_rolls_back_every_statement(empty_store: Executor) -> None:
    await migrate(empty_store)

    async def work(tx: Transaction) -> None:
        await tx.run(q.UPSERT_SERVICES, {"rows": [service("BE-ONE")]})
        await tx.run(q.UPSERT_REGIONS, {"rows": [{"code": "R", "name_en": "R", "name_nl": "R", "name_fr": "R", "name_de": "R"}]})
        raise Boom

    with pytest.raises(Boom):
        await empty_store.write(work)

    counts = await graph_counts(empty_store)
    assert counts["Service"] == 0 and counts["Region"] == 0


async def test_a_failing_statement_rolls_back_the_earlier_ones(empty_store: Executor) -> None:
    await migrate(empty_store)

    async def first(tx: Transaction) -> None:
        await tx.run(q.UPSERT_SERVICES, {"rows": [service("BE-ONE")]})

    await empty_store.write(first)

    async def second(tx: Transaction) -> None:
        await tx.run(q.UPSERT_SERVICES, {"rows": [service("BE-TWO")]})
        # Creating an existing key: the engine refuses it in the middle of the transaction.
        await tx.run(CREATE_SERVICE, service("BE-ONE"))

    with pytest.raises(DuplicateKey):
        await empty_store.write(second)

    counts = await graph_counts(empty_store)
    assert counts["Service"] == 1  # BE-TWO was rolled back with the failed statement


async def test_a_write_statement_is_refused_in_a_read_unit_of_work(empty_store: Executor) -> None:
    await migrate(empty_store)

    async def work(tx: Transaction) -> None:
        await tx.run(q.UPSERT_SERVICES, {"rows": [service("BE-ONE")]})

    with pytest.raises(WrongMode):
        await empty_store.read(work)


async def test_a_consultation_record_taken_in_a_read_unit_of_work_fails_it(empty_store: Executor) -> None:
    """Records are appended at the transaction's end: a read unit of work has one too, where the
    append is refused, rather than the record being dropped unwritten."""
    await migrate(empty_store)
    reader = Identity("be-fedpol:inv.read", frozenset({Role.INVESTIGATOR}), "BE-FEDPOL")

    async def work(tx: Transaction) -> str:
        await audit.append(tx, identity=reader, operation="readContactData", object_ids=["LO-001"], justification="case 1", request_id="r1")
        return "read"

    with pytest.raises(WrongMode):
        await empty_store.read(work)
    assert [r async for r in audit.records(empty_store)] == []


async def test_concurrent_writers_are_serialised_and_none_is_lost(empty_store: Executor) -> None:
    await migrate(empty_store)

    async def add(code: str) -> None:
        async def work(tx: Transaction) -> None:
            await tx.run(q.UPSERT_SERVICES, {"rows": [service(code)]})
            await asyncio.sleep(0)  # let the other writers try to start meanwhile

        await empty_store.write(work)

    await asyncio.gather(*(add(f"BE-S{i:02d}") for i in range(24)))

    assert (await graph_counts(empty_store))["Service"] == 24


async def test_a_process_s_write_units_of_work_end_in_turns_in_the_order_they_get_there(empty_store: Executor) -> None:
    """Each appends to the one consultation log, at its end: on Neo4j, overlapping appends queued on
    its lock and on each other's, past the lock timeout or into deadlocks (retried after a second or
    more). So a process's writes end one at a time, from what they leave for their end to the
    commit, in the order they get there; on Neo4j what comes before the end goes on alongside."""
    await migrate(empty_store)
    steps: list[str] = []
    writer = Identity("be-fedpol:admin.turns", frozenset({Role.ADMIN}), "BE-FEDPOL")

    async def add(code: str) -> None:
        async def ending(tx: Transaction) -> None:
            steps.append(f"{code} ends")
            await asyncio.sleep(0.05)  # an end still going: the next one must not start
            steps.append(f"{code} ended")

        async def work(tx: Transaction) -> None:
            steps.append(f"{code} starts")
            await tx.run(OFFICERS_BY_IDS, {"ids": ["LO-001"]})  # a read first
            steps.append(f"{code} read")
            await tx.run(q.UPSERT_SERVICES, {"rows": [service(code)]})
            steps.append(f"{code} wrote")
            await audit.append(tx, identity=writer, operation="createService", object_ids=[code], justification="case 1", request_id=code)
            tx.changes.before_commit.append(ending)

        await empty_store.write(work)

    reads = asyncio.ensure_future(asyncio.gather(*(graph_counts(empty_store) for _ in range(3))))
    await asyncio.gather(*(add(f"BE-T{i}") for i in range(4)))

    ends = [step for step in steps if step.split()[1] in ("ends", "ended")]
    in_turn = list(dict.fromkeys(step.split()[0] for step in ends))  # the codes, as they got there
    assert sorted(in_turn) == ["BE-T0", "BE-T1", "BE-T2", "BE-T3"]
    assert ends == [f"{code} {step}" for code in in_turn for step in ("ends", "ended")]
    if empty_store.engine == "neo4j":  # all four had written before the first end was over
        assert max(steps.index(f"BE-T{i} wrote") for i in range(4)) < steps.index(ends[1])
    # (The embedded engine's single writer runs the units in turn, those that queued together
    # in one transaction, whose ends come after its last unit.)
    assert len(await reads) == 3  # reads went on meanwhile, without a turn
    assert (await graph_counts(empty_store))["Service"] == 4
    records = [r async for r in audit.records(empty_store)]
    assert sorted(r["requestId"] for r in records) == ["BE-T0", "BE-T1", "BE-T2", "BE-T3"]
    assert (await audit.verify(empty_store)).intact


async def test_a_failing_writer_among_concurrent_ones_undoes_only_its_own_work(empty_store: Executor) -> None:
    await migrate(empty_store)

    async def first(tx: Transaction) -> None:
        await tx.run(q.UPSERT_SERVICES, {"rows": [service("BE-OLD")]})

    await empty_store.write(first)

    async def add(code: str, failure: str | None) -> str:
        async def work(tx: Transaction) -> str:
            await tx.run(q.UPSERT_SERVICES, {"rows": [service(code)]})
            if failure == "refused":  # the engine refuses a statement: its transaction is aborted
                await tx.run(CREATE_SERVICE, service("BE-OLD"))
            elif failure == "raised":
                raise Boom
            return code

        return await empty_store.write(work)

    failures = {3: "refused", 5: "raised"}
    committed = empty_store.stats.transactions
    outcomes = await asyncio.gather(*(add(f"BE-S{i}", failures.get(i)) for i in range(8)), return_exceptions=True)

    assert isinstance(outcomes[3], DuplicateKey) and isinstance(outcomes[5], Boom)
    assert [o for i, o in enumerate(outcomes) if i not in failures] == [f"BE-S{i}" for i in range(8) if i not in failures]
    assert (await graph_counts(empty_store))["Service"] == 1 + 6  # neither BE-S3 nor BE-S5
    if empty_store.engine == "embedded":  # a failure splits the batch; it does not dissolve it
        assert empty_store.stats.transactions - committed < 6


async def test_writers_waiting_together_commit_together_and_a_conflict_fails_only_its_own(demo_store: Executor) -> None:
    officers = [f"LO-00{i}" for i in range(1, 7)]

    async def current() -> dict[str, dict]:
        async def work(tx: Transaction) -> list[dict]:
            return await tx.run(OFFICERS_BY_IDS, {"ids": officers})

        return {row["id"]: row for row in await demo_store.read(work)}

    before = await current()
    admin = Caller(Identity("admin:batch", frozenset({Role.ADMIN}), "BE-FEDPOL"), "BNL-2026-000042", "request-batch", date(2026, 11, 24))
    stale = "LO-003"

    def change(officer: str, status: Availability, version: int):
        return set_availability(demo_store, admin, officer_id=officer, status=status, note=None, version=version)

    # An administrator's six changes at once, one with a version the record does not have.
    outcomes = await asyncio.gather(
        *(change(o, Availability.LIMITED, before[o]["version"] + (5 if o == stale else 0)) for o in officers), return_exceptions=True
    )

    assert isinstance(outcomes[officers.index(stale)], Conflict)
    after = await current()
    for officer, outcome in zip(officers, outcomes):
        if officer == stale:  # nothing of it written (its statement had touched updatedAt first)
            assert after[officer] == before[officer]
        else:
            assert outcome.version == after[officer]["version"] == before[officer]["version"] + 1
            assert after[officer]["availability"] == "LIMITED"
    log = [r async for r in audit.records(demo_store) if r["requestId"] == "request-batch"]
    assert sorted(r["objectIds"][0] for r in log) == sorted(set(officers) - {stale})
    assert (await audit.verify(demo_store)).intact  # one chain, whatever ran together

    # Six changes at once, all valid: on the embedded engine (one writer), the first runs alone
    # and the five that queued meanwhile commit in one transaction, their five consultation
    # records appended in one statement at its end.
    committed, statements = demo_store.stats.transactions, demo_store.stats.by_statement.copy()
    done = await asyncio.gather(*(change(o, Availability.AVAILABLE, after[o]["version"]) for o in officers))
    assert [o.availability for o in done] == [Availability.AVAILABLE] * 6
    if demo_store.engine == "embedded":
        assert demo_store.stats.transactions - committed == 2
    else:  # Neo4j runs each unit in a transaction of its own
        assert demo_store.stats.transactions - committed == 6
    used = demo_store.stats.by_statement - statements
    assert used["audit.append_chained"] + used["audit.append_many"] == demo_store.stats.transactions - committed
    log = [r async for r in audit.records(demo_store) if r["requestId"] == "request-batch"]
    assert len(log) == 5 + 6
    assert (await audit.verify(demo_store)).intact


async def test_what_units_leave_for_the_end_runs_after_the_last_and_a_failure_there_is_only_its_own(empty_store: Executor) -> None:
    """Changes.before_commit: run once the transaction's units are done, before the commit. On the
    embedded engine the units committed together run theirs after the last of them; one failing
    there fails only its own unit (the others commit, each alone)."""
    await migrate(empty_store)
    steps: list[str] = []

    async def add(code: str, fails_at_end: bool) -> str:
        async def end(tx: Transaction) -> None:
            steps.append(f"{code} end")
            if fails_at_end:
                raise Boom

        async def work(tx: Transaction) -> str:
            await tx.run(q.UPSERT_SERVICES, {"rows": [service(code)]})
            steps.append(f"{code} unit")
            tx.changes.before_commit.append(end)
            await asyncio.sleep(0)  # let the others queue meanwhile
            return code

        return await empty_store.write(work)

    outcomes = await asyncio.gather(*(add(f"BE-E{i}", i == 2) for i in range(5)), return_exceptions=True)

    assert isinstance(outcomes[2], Boom)
    assert [o for i, o in enumerate(outcomes) if i != 2] == ["BE-E0", "BE-E1", "BE-E3", "BE-E4"]
    assert (await graph_counts(empty_store))["Service"] == 4  # BE-E2's statement undone with it
    for code in ("BE-E0", "BE-E1", "BE-E3", "BE-E4"):
        assert steps.index(f"{code} end") > steps.index(f"{code} unit")
    if empty_store.engine == "embedded":  # BE-E1..4 queued behind BE-E0: their ends after the last
        assert steps.index("BE-E1 end") > steps.index("BE-E4 unit")


CALLER = contextvars.ContextVar("caller")


async def test_a_unit_of_work_that_awaits_the_event_loop_midway_is_written_once(empty_store: Executor) -> None:
    """Units of work may await more than their statements (a read of the read model, a pause):
    alone or among others waiting with them, each one's work is written exactly once."""
    await migrate(empty_store)

    async def add(code: str, pause: bool) -> str:
        async def work(tx: Transaction) -> str:
            # CREATE, not MERGE: a first attempt left behind would make the second a duplicate key.
            await tx.run(CREATE_SERVICE, service(code))
            if pause:
                await asyncio.sleep(0.01)
            await tx.run(CREATE_SERVICE, service(f"{code}X"))
            return code

        return await empty_store.write(work)

    codes = [f"BE-P{i}" for i in range(8)]
    assert await add("BE-FIRST", True) == "BE-FIRST"
    assert await asyncio.gather(*(add(code, i % 3 == 0) for i, code in enumerate(codes))) == codes
    assert (await graph_counts(empty_store))["Service"] == 2 + 2 * len(codes)


async def test_a_unit_of_work_runs_in_its_caller_s_context(empty_store: Executor) -> None:
    """The request's language, deadline and round-trip count live in context variables: a unit
    of work sees its own caller's, whichever caller's turn ran the transaction."""
    await migrate(empty_store)

    async def add(code: str) -> tuple[str, int]:
        CALLER.set(code)
        counted = [0]
        request_round_trips.set(counted)

        async def work(tx: Transaction) -> str:
            await tx.run(CREATE_SERVICE, service(code))
            await tx.run(q.UPSERT_SERVICES, {"rows": [service(f"{code}X")]})
            return CALLER.get()

        return await empty_store.write(work), counted[0]

    codes = [f"BE-C{i}" for i in range(6)]
    assert await asyncio.gather(*(add(code) for code in codes)) == [(code, 2) for code in codes]


async def test_an_embedded_write_does_not_wait_for_the_reads_queued_before_it(tmp_path) -> None:
    """The embedded writer has a thread of its own: a change sent while every reading thread is
    busy, with reads queued behind it, is written at once, not after them (a request for
    assistance during a burst of searches that reach the store). The one reading thread is held
    until the write has landed, so a writer that needed it would never finish (no race on timing:
    an earlier form counted reads done during the write, and a loaded machine's slow commit let
    half of them through)."""
    from service.store.ladybug_executor import LadybugExecutor

    store = LadybugExecutor(tmp_path / "store.lbug", threads=2)  # one reader, the writer
    try:
        await migrate(store)
        reading_thread_released = threading.Event()
        holding = asyncio.ensure_future(store._call(reading_thread_released.wait, 120))
        read_back: list[int] = []

        async def read(n: int) -> None:
            async def work(tx: Transaction) -> None:
                await tx.run(OFFICERS_BY_IDS, {"ids": [f"LO-{n:03d}"]})

            await store.read(work)
            read_back.append(n)

        async def change() -> None:
            async def work(tx: Transaction) -> None:
                await tx.run(q.UPSERT_SERVICES, {"rows": [service("BE-WRT")]})

            await store.write(work)

        reads = [asyncio.ensure_future(read(n)) for n in range(100)]
        await asyncio.sleep(0)  # the reads are queued behind the held thread
        try:
            await asyncio.wait_for(change(), timeout=60)
            assert read_back == []  # written while no read could run
        finally:
            reading_thread_released.set()
        assert await holding
        await asyncio.gather(*reads)
        assert sorted(read_back) == list(range(100))
        assert (await graph_counts(store))["Service"] == 1
    finally:
        await store.close()
