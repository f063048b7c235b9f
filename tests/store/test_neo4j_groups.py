"""Neo4j: units of work that waited together committed in one transaction (group commit,
Neo4jExecutor._group), each still all or nothing: one that fails, or needs an answer before its
end, leaves the group and runs alone; the consultation log stays one chain."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from service.security.identity import Identity, Role
from service.security.policy import Operation
from service.store import Executor, Mode, Statement, Transaction
from service.store.migrator import migrate
from service.store.queries import seed as q
from service.usecases import audit
from service.usecases.maintenance import graph_counts

NEO4J_ONLY = pytest.mark.parametrize("empty_store", ["neo4j"], indirect=True)
ADMIN = Identity("admin:groups", frozenset({Role.ADMIN}), "BE-FEDPOL")


class Boom(Exception):
    pass


def service(code: str) -> dict[str, str]:
    return {"code": code, "name": f"Service {code}", "country": code[:2], "kind": "police"}


def adding(code: str, *, then: Callable[[Transaction], Awaitable[object]] | None = None):
    """A unit writing one service and its consultation record, then (optionally) more."""

    async def work(tx: Transaction) -> str:
        await tx.run(q.UPSERT_SERVICES, {"rows": [service(code)]})
        await audit.append(tx, identity=ADMIN, operation=Operation.READ_TASKING, object_ids=[code], justification=None, request_id="groups")
        if then is not None:
            await then(tx)
        return code

    return work


async def _while_a_group_commits(store: Executor, units: list[Callable[[Transaction], Awaitable[str]]]) -> list[object]:
    """A first unit (alone) holds the process's group turn for a moment; the units asked meanwhile
    wait, and are then committed together."""

    async def slow(tx: Transaction) -> str:
        await tx.run(q.UPSERT_SERVICES, {"rows": [service("BE-FIRST")]})
        await asyncio.sleep(0.3)
        return "BE-FIRST"

    first = asyncio.ensure_future(store.write(slow, claims=frozenset({"first"})))
    await asyncio.sleep(0.05)
    outcomes = await asyncio.gather(
        *(store.write(unit, claims=frozenset({f"unit:{n}"})) for n, unit in enumerate(units)), return_exceptions=True
    )
    assert await first == "BE-FIRST"
    return list(outcomes)


SERVICE_CODES = Statement("test.service_codes", "MATCH (s:Service) RETURN s.code AS code", Mode.READ)
COUNT_SERVICES = Statement("test.count_services", "MATCH (s:Service) RETURN count(s) AS services", Mode.READ)


async def _services(store: Executor) -> set[str]:
    return {row["code"] for row in await store.read(lambda tx: tx.run(SERVICE_CODES))}


@NEO4J_ONLY
async def test_units_that_waited_together_commit_in_one_transaction_each_with_its_record(empty_store: Executor) -> None:
    await migrate(empty_store)
    committed, grouped = empty_store.stats.transactions, empty_store.stats.grouped
    codes = [f"BE-G{n}" for n in range(5)]

    outcomes = await _while_a_group_commits(empty_store, [adding(code) for code in codes])

    assert outcomes == codes
    assert empty_store.stats.transactions - committed == 2  # the first alone, the five in one
    assert empty_store.stats.grouped - grouped == 4
    assert await _services(empty_store) == {"BE-FIRST", *codes}
    log = [r["objectIds"][0] async for r in audit.records(empty_store) if r["requestId"] == "groups"]
    assert log == codes  # in the order they were asked, one chain
    assert (await audit.verify(empty_store)).intact


@NEO4J_ONLY
async def test_a_unit_failing_in_a_group_fails_alone_and_the_others_commit(empty_store: Executor) -> None:
    await migrate(empty_store)

    async def boom(tx: Transaction) -> None:
        raise Boom("the use case refused it")

    codes = [f"BE-F{n}" for n in range(4)]
    units = [adding(code, then=boom if code == "BE-F2" else None) for code in codes]

    outcomes = await _while_a_group_commits(empty_store, units)

    assert isinstance(outcomes[2], Boom)  # its caller meets its own error
    assert [o for n, o in enumerate(outcomes) if n != 2] == ["BE-F0", "BE-F1", "BE-F3"]
    assert await _services(empty_store) == {"BE-FIRST", "BE-F0", "BE-F1", "BE-F3"}  # nothing of the failing one
    log = [r["objectIds"][0] async for r in audit.records(empty_store) if r["requestId"] == "groups"]
    assert log == ["BE-F0", "BE-F1", "BE-F3"]
    assert (await audit.verify(empty_store)).intact


@NEO4J_ONLY
async def test_a_unit_needing_an_answer_leaves_the_group_and_commits_alone_with_it(empty_store: Executor) -> None:
    await migrate(empty_store)
    counted = {}

    async def count_services(tx: Transaction) -> None:  # a read inside the unit: it needs the answer
        counted["services"] = (await tx.run(COUNT_SERVICES))[0]["services"]

    codes = ["BE-A0", "BE-A1", "BE-A2"]
    units = [adding(code, then=count_services if code == "BE-A1" else None) for code in codes]
    committed = empty_store.stats.transactions

    outcomes = await _while_a_group_commits(empty_store, units)

    assert outcomes == codes
    assert await _services(empty_store) == {"BE-FIRST", *codes}
    # It read the store in its own transaction, after its own write (its count includes itself).
    assert counted["services"] >= 2
    assert empty_store.stats.transactions - committed == 3  # the first, the group of two, it alone
    assert (await graph_counts(empty_store))["Service"] == 4
    assert (await audit.verify(empty_store)).intact
