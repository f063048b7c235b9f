"""Schema versions: a fresh store is created, an old one is upgraded in place, re-runs do nothing."""

from __future__ import annotations

from graph_schema import SCHEMA, migrations
from service.store import Executor, Transaction
from service.store.migrator import applied_versions, is_current, migrate
from service.store.queries import seed as q
from service.usecases.maintenance import graph_counts

BELGRADE_SERVICE = {"code": "BE-FEDPOL", "name": "Federale Politie", "country": "BE", "kind": "police"}


async def test_fresh_store_gets_every_version_in_order(empty_store: Executor) -> None:
    applied = await migrate(empty_store)

    assert [m.version for m in applied] == sorted(SCHEMA.descriptions)
    assert await applied_versions(empty_store) == sorted(SCHEMA.descriptions)
    assert await is_current(empty_store)
    counts = await graph_counts(empty_store)
    assert set(counts) == set(SCHEMA.labels) | set(SCHEMA.relationship_types)


async def test_migrate_twice_applies_nothing_the_second_time(empty_store: Executor) -> None:
    await migrate(empty_store)
    before = await graph_counts(empty_store)

    assert await migrate(empty_store) == []
    assert await graph_counts(empty_store) == before


async def test_old_store_is_upgraded_in_place_keeping_its_data(empty_store: Executor) -> None:
    applied = await migrate(empty_store, target=1)
    assert [m.version for m in applied] == [1]
    assert not await is_current(empty_store)

    async def add_service(tx: Transaction) -> None:
        await tx.run(q.UPSERT_SERVICES, {"rows": [BELGRADE_SERVICE]})

    await empty_store.write(add_service)

    upgraded = await migrate(empty_store)

    assert [m.version for m in upgraded] == [v for v in sorted(SCHEMA.descriptions) if v > 1]
    counts = await graph_counts(empty_store)
    assert counts["Service"] == 1  # the version-1 data survived the upgrade
    assert counts["Tasking"] == 0  # and the version-2 tables now exist
    assert await is_current(empty_store)


def test_every_version_has_ddl_for_both_engines() -> None:
    for migration in migrations():
        assert migration.ladybug, f"version {migration.version} renders no LadybugDB DDL"
        # Neo4j declares only keys and indexes: a version adding just properties and relationship
        # types (6: declared areas, servesAll, programme countries; 7: tasking rules) has nothing to create there.
        v = migration.version
        declares = any(n.since == v for n in SCHEMA.nodes) or any(i.since == v for n in SCHEMA.nodes for i in n.indexes)
        assert bool(migration.neo4j) == declares, f"version {v}: Neo4j DDL {migration.neo4j}"
    every_neo4j = [ddl for m in migrations() for ddl in m.neo4j]
    assert all("IF NOT EXISTS" in ddl for ddl in every_neo4j)
    assert len({ddl.split()[2] if ddl.startswith("CREATE CONSTRAINT") else ddl for ddl in every_neo4j}) == len(
        every_neo4j
    ), "constraint names must be unique"


def test_every_key_is_a_declared_property_with_a_neo4j_uniqueness_constraint() -> None:
    neo4j = "\n".join(ddl for m in migrations() for ddl in m.neo4j)
    for node in SCHEMA.nodes:
        assert node.property(node.key).required
        assert f"FOR (n:{node.label}) REQUIRE n.{node.key} IS UNIQUE" in neo4j
        for prop in node.properties:
            assert prop.since >= node.since, f"{node.label}.{prop.name} is older than its label"
