"""The embedded store writes what commits changed into its file once its log reaches
LONET_EMBEDDED_CHECKPOINT_KB (settings.py says why: LadybugDB holds those changes in memory until
then, far more memory than log). Seen from outside: the log file is emptied again and again.
And once the writes pause (LONET_EMBEDDED_PAUSE_CHECKPOINT_MS), lonet checkpoints then, where no
write waits for it; both kinds are counted for /metrics."""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path

from service.settings import Engine, Settings
from service.store import open_executor
from service.store.ladybug_executor import LadybugExecutor
from service.store.migrator import migrate
from service.store.queries import seed as q
from service.store.queries.directory import SERVICES

WRITES = 300


async def largest_log_while_writing(path: Path, checkpoint_kb: int) -> int:
    """The largest size the log file reached over WRITES small commits."""
    settings = Settings(
        LONET_ENGINE=Engine.EMBEDDED,
        LONET_EMBEDDED_PATH=path,
        LONET_EMBEDDED_CHECKPOINT_KB=checkpoint_kb,
        LONET_EMBEDDED_PAUSE_CHECKPOINT_MS=0,  # LadybugDB's own checkpoints alone, whatever a slow machine's pauses
    )
    executor = open_executor(settings)
    largest = 0
    try:
        await migrate(executor)
        for n in range(WRITES):
            row = {"code": f"BE-UNIT-{n:03d}", "name": f"Unit {n} " + "x" * 400, "country": "BE", "kind": "police"}
            await executor.write(lambda tx, row=row: tx.run(q.UPSERT_SERVICES, {"rows": [row]}))
            largest = max(largest, log_size(path))
    finally:
        await executor.close()
    return largest


async def test_the_log_is_checkpointed_at_the_configured_size(tmp_path: Path) -> None:
    small = await largest_log_while_writing(tmp_path / "small.lbug", checkpoint_kb=64)
    engine_default = await largest_log_while_writing(tmp_path / "default.lbug", checkpoint_kb=16 * 1024)

    assert engine_default > 256 * 1024, engine_default  # the same writes, left to LadybugDB's 16 MB
    assert small < 128 * 1024, small  # checkpointed each time it passed 64 KB


def unit(n: int) -> dict[str, str]:
    return {"code": f"BE-UNIT-{n:04d}", "name": f"Unit {n} " + "x" * 400, "country": "BE", "kind": "police"}


def log_size(path: Path) -> int:
    log = path.with_name(path.name + ".wal")
    return log.stat().st_size if log.exists() else 0


async def opened(path: Path, **options: int) -> LadybugExecutor:
    executor = LadybugExecutor(path, **options)
    await migrate(executor)
    return executor


async def services_in(path: Path) -> set[str]:
    """The services the store at `path` holds, read by a process that opens it afresh."""
    executor = LadybugExecutor(path, pause_checkpoint_ms=0)
    try:
        return {row["code"] for row in await executor.read(lambda tx: tx.run(SERVICES))}
    finally:
        await executor.close()


async def until(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time"
        await asyncio.sleep(0.02)


async def test_the_log_is_checkpointed_in_a_pause_of_the_writes_and_nothing_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "store.lbug"
    executor = await opened(path, checkpoint_kb=16 * 1024, pause_checkpoint_ms=100, pause_checkpoint_kb=16)
    try:
        for n in range(60):
            await executor.write(lambda tx, n=n: tx.run(q.UPSERT_SERVICES, {"rows": [unit(n)]}))
        assert log_size(path) > 16 * 1024  # written one after another: no pause yet
        assert executor.stats.checkpoints["pause"] == 0

        await until(lambda: executor.stats.checkpoints["pause"] == 1)  # then the pause

        assert log_size(path) == 0
        assert executor.stats.checkpoints == {"pause": 1}  # LadybugDB's own threshold never reached
        assert len(await executor.read(lambda tx: tx.run(SERVICES))) == 60
    finally:
        await executor.close()
    assert await services_in(path) == {unit(n)["code"] for n in range(60)}


async def test_no_checkpoint_in_a_pause_when_the_log_is_small_or_when_switched_off(tmp_path: Path) -> None:
    small = await opened(tmp_path / "small.lbug", pause_checkpoint_ms=50, pause_checkpoint_kb=256)
    off = await opened(tmp_path / "off.lbug", pause_checkpoint_ms=0, pause_checkpoint_kb=16)
    try:
        for executor, writes in ((small, 3), (off, 60)):
            for n in range(writes):
                await executor.write(lambda tx, n=n: tx.run(q.UPSERT_SERVICES, {"rows": [unit(n)]}))
        await asyncio.sleep(0.5)  # pauses ten times the 50 ms

        assert small.stats.checkpoints["pause"] == 0 and 0 < log_size(tmp_path / "small.lbug") < 256 * 1024
        assert off.stats.checkpoints["pause"] == 0 and log_size(tmp_path / "off.lbug") > 16 * 1024
    finally:
        await small.close()
        await off.close()


async def test_writes_that_come_while_the_pause_s_checkpoint_runs_wait_for_it_and_commit(tmp_path: Path) -> None:
    """Writers that pause about as long as the pause the checkpoint waits for: some checkpoints
    begin while a write is on its way, and every write commits, none lost or written twice."""
    path = tmp_path / "store.lbug"
    executor = await opened(path, checkpoint_kb=16 * 1024, pause_checkpoint_ms=30, pause_checkpoint_kb=4)
    pace = random.Random(22)
    written: list[str] = []

    async def writer(first: int) -> None:
        for n in range(first, first + 10):
            await executor.write(lambda tx, n=n: tx.run(q.UPSERT_SERVICES, {"rows": [unit(n)]}))
            written.append(unit(n)["code"])
            await asyncio.sleep(pace.uniform(0.0, 0.06))

    try:
        for round_ in range(4):
            await asyncio.gather(*(writer(1000 * w + 10 * round_) for w in range(3)))
            # All three pause at once here, whatever the machine's load (a checkpoint each round);
            # within a round their own short pauses start others while a write is on its way.
            await asyncio.sleep(0.1)
        assert executor.stats.checkpoints["pause"] >= 2
        assert {row["code"] for row in await executor.read(lambda tx: tx.run(SERVICES))} == set(written)
    finally:
        await executor.close()
    assert len(written) == 120 and await services_in(path) == set(written)


async def test_a_checkpoint_in_a_commit_is_counted_each_time_the_log_empties(tmp_path: Path) -> None:
    path = tmp_path / "store.lbug"
    executor = await opened(path, checkpoint_kb=64, pause_checkpoint_ms=0)
    emptied, last = 0, log_size(path)
    try:
        for n in range(WRITES):
            await executor.write(lambda tx, n=n: tx.run(q.UPSERT_SERVICES, {"rows": [unit(n)]}))
            emptied += log_size(path) < last
            last = log_size(path)
        assert emptied >= 2 and executor.stats.checkpoints == {"commit": emptied}
    finally:
        await executor.close()
