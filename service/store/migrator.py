"""Applying the declared schema versions in order; each applied version is recorded in the graph."""

from __future__ import annotations

from datetime import datetime, timezone

from graph_schema import SCHEMA, GraphSchema, Migration, migrations

from .executor import Executor, StoreError, Transaction
from .queries.versions import CURRENT_SCHEMA_VERSION, RECORD_SCHEMA_VERSION


async def applied_versions(executor: Executor, schema: GraphSchema = SCHEMA) -> list[int]:
    await executor.bootstrap(schema)

    async def work(tx: Transaction) -> list[int]:
        return [row["version"] for row in await tx.run(CURRENT_SCHEMA_VERSION)]

    return await executor.read(work)


async def migrate(executor: Executor, *, target: int | None = None, schema: GraphSchema = SCHEMA) -> list[Migration]:
    """Upgrade the store to `target` (default: the newest version); returns what was applied.

    Idempotent: versions already recorded are skipped, and every DDL statement is IF NOT EXISTS,
    so an interrupted run is completed by running it again.
    """
    done = set(await applied_versions(executor, schema))
    pending = [m for m in migrations(schema) if m.version not in done and (target is None or m.version <= target)]
    for migration in pending:

        async def record(tx: Transaction, migration: Migration = migration) -> None:
            await tx.run(
                RECORD_SCHEMA_VERSION,
                {
                    "version": migration.version,
                    "description": migration.description,
                    "appliedAt": datetime.now(timezone.utc),
                },
            )

        await executor.apply_migration(migration, record)
    return pending


async def recorded_versions(executor: Executor) -> list[int]:
    """The versions applied so far, [] on a store never migrated (a read only: unlike
    applied_versions it never creates anything)."""

    async def work(tx: Transaction) -> list[int]:
        return [row["version"] for row in await tx.run(CURRENT_SCHEMA_VERSION)]

    try:
        return await executor.read(work)
    except StoreError:
        return []  # no version table yet on LadybugDB: nothing is migrated


async def is_current(executor: Executor, schema: GraphSchema = SCHEMA) -> bool:
    """Whether every declared version is applied (a read only: it never creates anything)."""
    return max(await recorded_versions(executor), default=0) >= schema.version
