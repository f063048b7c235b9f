"""Schema version 4 added `version` to directory records: rows written before it read as version 1."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from graph_schema.migrations import migrations
from seed import load_seed, write_seed
from service.errors import Conflict
from service.security.identity import Identity, Role
from service.store import Executor
from service.store.migrator import migrate
from service.usecases import admin
from service.usecases.caller import Caller
from service.usecases.reads import DirectoryReads

ADMIN = Caller(Identity("admin:test", frozenset({Role.ADMIN}), "BE-FEDPOL"), "CHG-9", "req-9", date(2026, 11, 24))


async def test_records_of_an_upgraded_store_take_part_in_optimistic_concurrency(empty_store: Executor) -> None:
    await migrate(empty_store, target=3)
    # The directory (postings, services, countries ... without a version) as a version-3 store held
    # it; today's taskings carry properties of later versions.
    await write_seed(empty_store, replace(load_seed(), taskings=[]))
    applied = await migrate(empty_store)
    assert [m.version for m in applied] == [m.version for m in migrations() if m.version > 3]

    reads = DirectoryReads(empty_store)
    assert (await reads.model()).postings["P-001"].version == 1
    assert {s.version for s in (await reads.services()).values()} == {1}

    changed = await admin.update_posting(empty_store, ADMIN, "P-001", 1, {"city": "Beograd"})
    assert (changed.city, changed.version) == ("Beograd", 2)
    with pytest.raises(Conflict):
        await admin.update_posting(empty_store, ADMIN, "P-001", 1, {"city": "Belgrade"})
    service = await admin.update_service(empty_store, ADMIN, "BE-FEDPOL", 1, {"name": "Federale Politie"})
    assert service.version == 2
