"""A process killed while it wrote a commit leaves the embedded store's log with a half-written
end. The store opens again by itself: every whole commit is there, the half-written one is not
(it was never acknowledged), the log as it was is kept beside the store, and what is written
afterwards survives the next restart (the torn end was cut off, not left in the middle)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from service.store import StoreUnavailable
from service.store.ladybug_executor import LadybugExecutor
from service.store.queries import seed as q
from service.store.queries.directory import SERVICES

from .test_checkpoints import services_in

COMMITS = 5

# Writes COMMITS services one commit each, then ends the process without closing the store, as a
# crash would: the commits are in the log only (no checkpoint: the thresholds are far off).
WRITE_AND_DIE = textwrap.dedent(
    """
    import asyncio, os, sys
    from service.store.ladybug_executor import LadybugExecutor
    from service.store.migrator import migrate
    from service.store.queries import seed as q

    async def main():
        executor = LadybugExecutor(sys.argv[1], checkpoint_kb=64 * 1024, pause_checkpoint_ms=0)
        await migrate(executor)
        for n in range(int(sys.argv[2])):
            row = {"code": f"BE-UNIT-{n}", "name": f"Unit {n}", "country": "BE", "kind": "police"}
            await executor.write(lambda tx, row=row: tx.run(q.UPSERT_SERVICES, {"rows": [row]}))
        os._exit(0)

    asyncio.run(main())
    """
)


def crash_after_commits(path: Path) -> Path:
    done = subprocess.run([sys.executable, "-c", WRITE_AND_DIE, str(path), str(COMMITS)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    wal = path.with_name(path.name + ".wal")
    assert wal.stat().st_size > 0, "the commits should be in the log only"
    return wal


def tear(wal: Path, how: str) -> None:
    """The last commit's end as a kill in the middle of writing it leaves it."""
    size = wal.stat().st_size
    if how == "cut short":
        os.truncate(wal, size - 3)
    else:  # bytes that never became what the engine meant to write
        with wal.open("r+b") as log:
            log.seek(size - 3)
            tail = log.read(3)
            log.seek(size - 3)
            log.write(bytes(b ^ 0xFF for b in tail))


async def services_of(executor: LadybugExecutor) -> set[str]:
    return {row["code"] for row in await executor.read(lambda tx: tx.run(SERVICES))}


def copies(folder: Path) -> list[Path]:
    """The copies of logs made before a recovery, in `folder`."""
    return [kept for kept in folder.iterdir() if ".before-recovery-" in kept.name]


@pytest.mark.parametrize("how", ["cut short", "garbled"])
async def test_the_store_opens_after_a_crash_in_the_middle_of_a_commit_with_every_whole_commit(
    tmp_path: Path, how: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "store.lbug"
    wal = crash_after_commits(path)
    tear(wal, how)
    torn = wal.read_bytes()

    with caplog.at_level(logging.WARNING, logger="service.store.ladybug_executor"):
        executor = LadybugExecutor(path, pause_checkpoint_ms=0)
    try:
        found = await services_of(executor)
        assert {f"BE-UNIT-{n}" for n in range(COMMITS - 1)} <= found  # every whole commit
        assert f"BE-UNIT-{COMMITS - 1}" not in found  # the torn one, never acknowledged
        await executor.write(lambda tx: tx.run(q.UPSERT_SERVICES, {"rows": [
            {"code": "BE-UNIT-AFTER", "name": "After the crash", "country": "BE", "kind": "police"}]}))
    finally:
        await executor.close()

    kept = copies(tmp_path)
    assert len(kept) == 1 and (kept[0] / "store.lbug.wal").read_bytes() == torn  # the log as it was
    assert str(kept[0]) in caplog.text and "refused its write-ahead log" in caplog.text

    assert await services_in(path) == found | {"BE-UNIT-AFTER"}  # a clean start: nothing to recover
    assert len(copies(tmp_path)) == 1


async def test_a_log_that_cannot_be_replayed_at_all_leaves_the_store_unavailable_and_is_copied_once(tmp_path: Path) -> None:
    """Not a torn end: another store's log beside this one. Refused both ways; each try to open
    it again (a server tries every second) finds the copy already made."""
    path = tmp_path / "store.lbug"
    crash_after_commits(path)
    other = crash_after_commits(tmp_path / "other.lbug")
    os.replace(other, path.with_name(path.name + ".wal"))

    for _try in range(3):
        with pytest.raises(StoreUnavailable, match="cannot open the embedded store"):
            LadybugExecutor(path, pause_checkpoint_ms=0)
    assert len(copies(tmp_path)) == 1


async def test_another_refusal_is_not_taken_for_a_torn_log_even_when_the_store_s_path_says_wal(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "wallet" / "store.lbug"
    path.mkdir(parents=True)  # a folder where the store's file should be: LadybugDB refuses it

    with caplog.at_level(logging.WARNING, logger="service.store.ladybug_executor"):
        with pytest.raises(StoreUnavailable, match="cannot be a directory"):
            LadybugExecutor(path, pause_checkpoint_ms=0)
    assert not copies(path.parent)
    assert "write-ahead log" not in caplog.text
