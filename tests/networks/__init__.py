"""Hand-built networks with known answers, in the seed files' format (seed/records.py)."""

from __future__ import annotations

from pathlib import Path

from seed import load_seed, write_seed
from service.store import Executor
from service.store.migrator import migrate

SMALL = Path(__file__).parent / "small"


async def load_network(executor: Executor, directory: Path = SMALL) -> None:
    """Migrate an empty store and write the network into it."""
    await migrate(executor)
    await write_seed(executor, load_seed(directory))
