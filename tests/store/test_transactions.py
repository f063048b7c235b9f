"""Units of work are all or nothing, and concurrent writers never see the engine's write limit."""

from __future__ import annotations

import asyncio

import pytest

from service.store import DuplicateKey, Executor, Transaction
from service.store.executor import WrongMode
from service.store.migrator import migrate
from service.store.queries import seed as q
from service.store.queries.admin import CREATE_SERVICE
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


async def test_concurrent_writers_are_serialised_and_none_is_lost(empty_store: Executor) -> None:
    await migrate(empty_store)

    async def add(code: str) -> None:
        async def work(tx: Transaction) -> None:
            await tx.run(q.UPSERT_SERVICES, {"rows": [service(code)]})
            await asyncio.sleep(0)  # let the other writers try to start meanwhile

        await empty_store.write(work)

    await asyncio.gather(*(add(f"BE-S{i:02d}") for i in range(24)))

    assert (await graph_counts(empty_store))["Service"] == 24
