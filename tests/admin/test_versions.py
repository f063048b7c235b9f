"""Schema version 4 added `version` to directory records: rows written before it read as version 1."""

from __future__ import annotations

from datetime import date

import pytest

from graph_schema.migrations import migrations
from seed import load_seed, write_seed
from service.errors import Conflict
from service.security.identity import Identity, Role
from service.store import Executor, Transaction
from service.store.statement import AREAS, Mode, Statement
from service.store.migrator import migrate
from service.usecases import admin
from service.usecases.caller import Caller
from service.usecases.reads import DirectoryReads

# Not registered (the contract tests run every registered statement): this test's own.
WITHOUT_VERSION = [
    Statement(f"test.{label}_without_version", f"MATCH (n:{label}) SET n.version = NULL", Mode.WRITE, changes=AREAS)
    for label in ("Posting", "Service")
]
ADMIN = Caller(Identity("admin:test", frozenset({Role.ADMIN}), "BE-FEDPOL"), "CHG-9", "req-9", date(2026, 11, 24))


async def test_records_of_an_upgraded_store_take_part_in_optimistic_concurrency(empty_store: Executor) -> None:
    await migrate(empty_store, target=3)
    applied = await migrate(empty_store)
    assert [m.version for m in applied] == [m.version for m in migrations() if m.version > 3]
    # Today's seed writes properties of later versions, so it cannot be written into a version-3
    # store (LadybugDB's tables are typed): the directory is written now, then its versions are
    # taken away, as records written before version 4 have none.
    await write_seed(empty_store, load_seed())

    async def forget_versions(tx: Transaction) -> None:
        for statement in WITHOUT_VERSION:
            await tx.run(statement)

    await empty_store.write(forget_versions)

    reads = DirectoryReads(empty_store)
    assert (await reads.model()).postings["P-001"].version == 1
    assert {s.version for s in (await reads.services()).values()} == {1}

    changed = await admin.update_posting(empty_store, ADMIN, "P-001", 1, {"city": "Beograd"})
    assert (changed.city, changed.version) == ("Beograd", 2)
    with pytest.raises(Conflict):
        await admin.update_posting(empty_store, ADMIN, "P-001", 1, {"city": "Belgrade"})
    service = await admin.update_service(empty_store, ADMIN, "BE-FEDPOL", 1, {"name": "Federale Politie"})
    assert service.version == 2
