"""The embedded store writes what commits changed into its file once its log reaches
LONET_EMBEDDED_CHECKPOINT_KB (settings.py says why: LadybugDB holds those changes in memory until
then, far more memory than log). Seen from outside: the log file is emptied again and again."""

from __future__ import annotations

from pathlib import Path

from service.settings import Engine, Settings
from service.store import open_executor
from service.store.migrator import migrate
from service.store.queries import seed as q

WRITES = 300


async def largest_log_while_writing(path: Path, checkpoint_kb: int) -> int:
    """The largest size the log file reached over WRITES small commits."""
    settings = Settings(LONET_ENGINE=Engine.EMBEDDED, LONET_EMBEDDED_PATH=path, LONET_EMBEDDED_CHECKPOINT_KB=checkpoint_kb)
    executor = open_executor(settings)
    log = path.with_name(path.name + ".wal")
    largest = 0
    try:
        await migrate(executor)
        for n in range(WRITES):
            row = {"code": f"BE-UNIT-{n:03d}", "name": f"Unit {n} " + "x" * 400, "country": "BE", "kind": "police"}
            await executor.write(lambda tx, row=row: tx.run(q.UPSERT_SERVICES, {"rows": [row]}))
            largest = max(largest, log.stat().st_size if log.exists() else 0)
    finally:
        await executor.close()
    return largest


async def test_the_log_is_checkpointed_at_the_configured_size(tmp_path: Path) -> None:
    small = await largest_log_while_writing(tmp_path / "small.lbug", checkpoint_kb=64)
    engine_default = await largest_log_while_writing(tmp_path / "default.lbug", checkpoint_kb=16 * 1024)

    assert engine_default > 256 * 1024, engine_default  # the same writes, left to LadybugDB's 16 MB
    assert small < 128 * 1024, small  # checkpointed each time it passed 64 KB
