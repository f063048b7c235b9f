"""Store maintenance: migrating, seeding and counting what the graph holds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from seed import DEFAULT_SEED_DIR, load_seed, write_seed
from service.store import Executor, Transaction
from service.store.migrator import migrate
from service.store.queries.counts import GRAPH_COUNTS


async def graph_counts(executor: Executor) -> dict[str, int]:
    async def work(tx: Transaction) -> dict[str, int]:
        return {row["name"]: row["total"] for row in await tx.run(GRAPH_COUNTS)}

    return await executor.read(work)


async def migrate_and_seed(executor: Executor, seed_dir: Path = DEFAULT_SEED_DIR, *, today: date | None = None) -> dict[str, int]:
    """Bring the store to the newest schema and load the seed network (validated first), anchored
    on `today` when given (seed/anchoring.py)."""
    seed = load_seed(seed_dir, today=today)
    await migrate(executor)
    await write_seed(executor, seed)
    return await graph_counts(executor)
