"""Units of work that claim what they write run side by side on the embedded engine, their like
statements sent as one (ladybug_side_by_side); each is still written as if it ran alone, and one
unit's failure undoes only its own work. On Neo4j the claims change nothing (a transaction each):
the same outcomes hold there."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest

from service.store import DuplicateKey, Executor, Mode, Statement, Transaction, all_statements
from service.store.ladybug_side_by_side import form_for, form_parameters, side_by_side_form, split_rows
from service.store.migrator import migrate
from service.store.queries import seed as q
from service.store.queries.admin import CREATE_SERVICE as CREATE_SERVICE_ALONE
from service.store.queries.directory import ALL_OFFICERS, SERVICES
from service.store.queries.directory import OFFICER_SERVES as SERVING
from service.usecases.maintenance import graph_counts
from tests.conftest import embedded_demo

from .rolled_back import RolledBack, rolled_back


# The statement sent side by side (it is not, in lonet: a service is created by one administrator).
CREATE_SERVICE = replace(CREATE_SERVICE_ALONE, side_by_side=True)


def service(code: str, name: str | None = None) -> dict[str, str]:
    return {"code": code, "name": name or f"Service {code}", "country": code[:2], "kind": "police"}


class Boom(Exception):
    pass


async def test_units_claiming_different_keys_each_get_their_own_answers(empty_store: Executor) -> None:
    await migrate(empty_store)
    await empty_store.write(lambda tx: tx.run(CREATE_SERVICE, service("BE-FIRST")))

    async def add(code: str) -> list[str]:
        async def work(tx: Transaction) -> list[str]:
            created = await tx.run(CREATE_SERVICE, service(code))
            again = await tx.run(CREATE_SERVICE, service(f"{code}X"))
            return [row["code"] for row in created + again]

        return await empty_store.write(work, claims=frozenset({f"service:{code}"}))

    codes = [f"BE-S{i}" for i in range(12)]
    sent, committed = empty_store.stats.side_by_side, empty_store.stats.transactions
    answers = await asyncio.gather(*(add(code) for code in codes))

    assert answers == [[code, f"{code}X"] for code in codes]  # each unit its own rows, in its order
    assert (await graph_counts(empty_store))["Service"] == 1 + 2 * len(codes)
    if empty_store.engine == "embedded":  # the first alone, the eleven queued behind it together:
        assert empty_store.stats.side_by_side - sent >= len(codes)  # their 22 statements as a few
        assert empty_store.stats.transactions - committed <= 2


async def test_a_failing_unit_side_by_side_undoes_only_its_own_work(empty_store: Executor) -> None:
    await migrate(empty_store)
    await empty_store.write(lambda tx: tx.run(CREATE_SERVICE, service("BE-OLD")))

    async def add(code: str, failure: str | None) -> str:
        async def work(tx: Transaction) -> str:
            await tx.run(CREATE_SERVICE, service(code))
            if failure == "refused":  # the engine refuses it: as one statement with the others'
                await tx.run(CREATE_SERVICE, service("BE-OLD"))
            elif failure == "raised":
                raise Boom
            await tx.run(CREATE_SERVICE, service(f"{code}X"))
            return code

        return await empty_store.write(work, claims=frozenset({code}))

    failures = {2: "refused", 6: "raised"}
    outcomes = await asyncio.gather(*(add(f"BE-S{i}", failures.get(i)) for i in range(9)), return_exceptions=True)

    assert isinstance(outcomes[2], DuplicateKey) and isinstance(outcomes[6], Boom)
    assert [o for i, o in enumerate(outcomes) if i not in failures] == [f"BE-S{i}" for i in range(9) if i not in failures]
    names = {row["code"] for row in await empty_store.read(lambda tx: tx.run(SERVICES))}
    assert names == {"BE-OLD"} | {f"BE-S{i}{x}" for i in range(9) if i not in failures for x in ("", "X")}


async def test_units_that_await_other_things_between_statements_are_waited_for(empty_store: Executor) -> None:
    """A round goes to the writer once every unit still running waits on a statement: a unit busy
    with something else (a read, a pause) is waited for, one that ends early is not, and each
    unit's statements keep their order."""
    await migrate(empty_store)

    async def add(i: int) -> list[str]:
        async def work(tx: Transaction) -> list[str]:
            code = f"BE-W{i}"
            if i % 3 == 0:
                return []  # ends before any statement
            first = await tx.run(CREATE_SERVICE, service(code))
            if i % 3 == 1:
                await asyncio.sleep(0.02 * (i % 4))
                await empty_store.read(lambda read: read.run(SERVICES))
            second = await tx.run(CREATE_SERVICE, service(f"{code}X"))
            return [row["code"] for row in first + second]

        return await empty_store.write(work, claims=frozenset({f"service:{i}"}))

    answers = await asyncio.wait_for(asyncio.gather(*(add(i) for i in range(10))), timeout=30)

    assert answers == [[] if i % 3 == 0 else [f"BE-W{i}", f"BE-W{i}X"] for i in range(10)]
    names = {row["code"] for row in await empty_store.read(lambda tx: tx.run(SERVICES))}
    assert names == {f"BE-W{i}{x}" for i in range(10) if i % 3 for x in ("", "X")}


async def test_a_unit_that_carries_on_after_a_refused_statement_writes_nothing_and_holds_up_nobody(
    empty_store: Executor,
) -> None:
    """A unit that catches its refused statement and goes on gets an error at its next statement
    (the engine aborted its transaction: nothing more of it may be written, on either engine;
    LadybugDB would run that next statement on its own and commit it at once); the units beside
    it commit."""
    await migrate(empty_store)
    await empty_store.write(lambda tx: tx.run(CREATE_SERVICE, service("BE-OLD")))

    async def add(code: str, stubborn: bool) -> str:
        async def work(tx: Transaction) -> str:
            await tx.run(CREATE_SERVICE, service(code))
            if stubborn:
                try:
                    await tx.run(CREATE_SERVICE, service("BE-OLD"))
                except DuplicateKey:
                    pass
            await tx.run(CREATE_SERVICE, service(f"{code}X"))
            return code

        return await empty_store.write(work, claims=frozenset({code}))

    outcomes = await asyncio.wait_for(asyncio.gather(*(add(f"BE-S{i}", i == 1) for i in range(6)), return_exceptions=True), 60)

    assert isinstance(outcomes[1], Exception)
    assert [o for i, o in enumerate(outcomes) if i != 1] == [f"BE-S{i}" for i in range(6) if i != 1]
    names = {row["code"] for row in await empty_store.read(lambda tx: tx.run(SERVICES))}
    assert names == {"BE-OLD"} | {f"BE-S{i}{x}" for i in range(6) if i != 1 for x in ("", "X")}


async def test_units_claiming_the_same_key_see_each_other_s_work(tmp_path: Path) -> None:
    """Embedded: three changes of one service's name, read then written, each claiming the
    service, among others: each sees the one before (one after the other), none is lost. (Neo4j
    runs them as concurrent transactions; its use cases guard such changes with versions.)"""
    from service.store.ladybug_executor import LadybugExecutor

    empty_store = LadybugExecutor(tmp_path / "store.lbug")
    try:
        await _three_marks(empty_store)
    finally:
        await empty_store.close()


async def _three_marks(empty_store: Executor) -> None:
    await migrate(empty_store)
    await empty_store.write(lambda tx: tx.run(q.UPSERT_SERVICES, {"rows": [service("BE-NAME", "Name")]}))

    async def append_mark(mark: str) -> None:
        async def work(tx: Transaction) -> None:
            current = {row["code"]: row["name"] for row in await tx.run(SERVICES)}["BE-NAME"]
            await tx.run(q.UPSERT_SERVICES, {"rows": [service("BE-NAME", current + mark)]})

        await empty_store.write(work, claims=frozenset({"service:BE-NAME"}))

    async def other(code: str) -> None:
        await empty_store.write(lambda tx: tx.run(CREATE_SERVICE, service(code)), claims=frozenset({code}))

    await asyncio.gather(append_mark("!"), other("BE-A"), append_mark("?"), other("BE-B"), append_mark("*"))

    names = {row["code"]: row["name"] for row in await empty_store.read(lambda tx: tx.run(SERVICES))}
    assert sorted(names["BE-NAME"][4:]) == sorted("!?*")
    assert {"BE-A", "BE-B"} <= set(names)


async def test_each_statement_s_side_by_side_form_answers_each_row_as_the_statement_does(
    tmp_path: Path, demo_template: Path
) -> None:
    """The form of every statement that has one, on the demo network: a read over its example
    twice gives each row what the statement gives; a write over its example once (rolled back)
    gives what the statement gives. Statements whose results would mix rows have none."""
    async with embedded_demo(tmp_path, demo_template) as store:
        marked = {s.name for s in all_statements() if s.side_by_side}
        assert {"tasking.create", "directory.officer_serves", "notifications.enqueue_new"} <= marked
        # Every statement with a form is checked, marked to be sent so or not.
        with_form = [replace(s, side_by_side=True) for s in all_statements() if side_by_side_form(s) is not None]
        assert marked <= {s.name for s in with_form}
        assert side_by_side_form(SERVICES) is None  # ORDER BY across the rows
        mismatches, compared = [], 0
        for statement in with_form:
            if statement.unwinds and not statement.example.get(statement.unwinds):
                continue
            try:
                plain, together = await _both(store, statement)
            except Exception as exc:  # collect all, report together
                mismatches.append(f"{statement.name}: {exc}")
                continue
            compared += bool(plain)
            if together != plain:
                mismatches.append(f"{statement.name}: {plain!r} != {together!r}")
        assert not mismatches, "\n".join(mismatches)
        assert compared > 40


def _sorted(rows: list[dict]) -> list[str]:
    return sorted(repr(sorted(row.items())) for row in rows)


async def _both(store: Executor, statement) -> tuple[list, list]:  # type: ignore[no-untyped-def]
    copies = 2 if statement.mode is Mode.READ else 1
    cypher = form_for(statement, [dict(statement.example)])
    if cypher is None:  # these parameters go alone
        return [], []
    form = Statement(statement.name, cypher, statement.mode, {}, None)
    answers = []
    for cypher_of in ("plain", "form"):

        async def work(tx: Transaction) -> list:
            if cypher_of == "plain":
                rows = [await tx.run(statement, statement.example) for _ in range(copies)]
            else:
                rows = split_rows(await tx.run(form, form_parameters(cypher, [dict(statement.example)] * copies)), copies)
            if statement.mode is Mode.WRITE:
                raise RolledBack(rows)
            return rows

        if statement.mode is Mode.READ:
            rows = await store.read(work)
        else:
            rows, _ = await rolled_back(store, work)
        answers.append([_sorted(r) for r in rows])
    return answers[0], answers[1]


async def test_a_written_form_answers_rows_of_different_keys_each_as_alone(tmp_path: Path, demo_template: Path) -> None:
    """The serving check's written form starts from the officers' keys (`$lonet_keys_officer`):
    over rows naming different officers and services, those serving, not serving and unknown,
    each row gets what the statement gives it alone."""
    async with embedded_demo(tmp_path, demo_template) as store:
        day = SERVING.example["day"]
        officers = sorted(r["id"] for r in await store.read(lambda tx: tx.run(ALL_OFFICERS)))
        params = [
            {"officer": officer, "service": service, "day": day}
            for officer in [*officers[:6], "LO-NOBODY"]
            for service in ("BE-FEDPOL", "NL-POLITIE", "LU-POLICE")
        ]
        form = form_for(SERVING, params)
        assert form is not None and "$lonet_keys_officer" in form

        async def alone(tx: Transaction) -> list:
            return [await tx.run(SERVING, p) for p in params]

        async def together(tx: Transaction) -> list:
            as_one = Statement(SERVING.name, form, Mode.READ, {}, None)
            return split_rows(await tx.run(as_one, form_parameters(form, params)), len(params))

        each = await store.read(alone)
        assert any(each) and not all(each)  # some serve the service asked for, some do not
        assert await store.read(together) == each


async def test_a_batch_whose_begin_fails_sends_nothing_outside_a_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch's BEGIN goes to the writer's thread without waiting for it. Made to fail once
    (as an engine out of memory would refuse it), the units' statements are refused, not run on
    their own and committed at once: every unit is then written once, alone, and answered."""
    from service.store.factory import open_executor
    from tests.conftest import settings_for

    store = open_executor(settings_for("embedded", tmp_path / "store.lbug"))
    try:
        await migrate(store)
        await store.write(lambda tx: tx.run(CREATE_SERVICE, service("BE-FIRST")))
        raw, refused = store._raw, []

        def begin_refused_once(connection, cypher: str) -> None:  # type: ignore[no-untyped-def]
            if cypher.startswith("BEGIN") and not refused:
                refused.append(cypher)
                raise RuntimeError("Buffer manager exception: the buffer pool is full")
            raw(connection, cypher)

        async def add(code: str) -> str:
            async def work(tx: Transaction) -> str:
                return (await tx.run(CREATE_SERVICE, service(code)))[0]["code"]

            return await store.write(work, claims=frozenset({f"service:{code}"}))

        async def held() -> None:  # holds the writer while the others queue: they form one batch
            await store.write(lambda tx: asyncio.sleep(0.2))

        first = asyncio.ensure_future(held())
        await asyncio.sleep(0.05)
        monkeypatch.setattr(store, "_raw", begin_refused_once)
        codes = [f"BE-B{i}" for i in range(6)]
        answers = await asyncio.gather(*(add(code) for code in codes))
        await first

        assert refused and answers == codes
        rows = await store.read(lambda tx: tx.run(SERVICES))
        assert sorted(row["code"] for row in rows) == sorted(["BE-FIRST", *codes])  # each once
    finally:
        await store.close()
