"""LadybugDB keeps memory for every row written since the database was opened and gives it back
only when the database is closed (bench/RESULTS.md, issue 22: the embedded server grew ~7 MB a
minute under a steady write mix). So once LONET_EMBEDDED_REOPEN_MB of log has been written since
it was opened, the embedded store is closed and opened again: in a pause of the writes, or
between two batches when the writes go on past twice that. Seen from outside: the count on
/metrics goes up, every write is kept, every read and write meanwhile is answered; a store that
cannot be opened again is reported unavailable and opened once it can be."""

from __future__ import annotations

import asyncio
import logging
import shutil
from pathlib import Path

import pytest

from service.store.executor import StoreUnavailable
from service.store.ladybug_executor import LadybugExecutor
from service.store.migrator import migrate
from service.store.queries import seed as q
from service.store.queries.directory import SERVICES
from service.store.resilient import ResilientExecutor

from .test_checkpoints import log_size, opened, services_in, unit, until


async def write_units(executor: LadybugExecutor | ResilientExecutor, numbers: range) -> None:
    for n in numbers:
        await executor.write(lambda tx, n=n: tx.run(q.UPSERT_SERVICES, {"rows": [unit(n)]}))


async def codes(executor: LadybugExecutor | ResilientExecutor) -> set[str]:
    return {row["code"] for row in await executor.read(lambda tx: tx.run(SERVICES))}


async def test_the_store_is_opened_again_in_a_pause_once_enough_was_written_and_nothing_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "store.lbug"
    executor = await opened(path, checkpoint_kb=16 * 1024, pause_checkpoint_ms=100, pause_checkpoint_kb=16 * 1024, reopen_kb=64)
    try:
        n = 0
        while log_size(path) < 64 * 1024:  # one write after another: no pause yet
            await write_units(executor, range(n, n + 10))
            n += 10
        assert executor.stats.reopens == 0
        before = await codes(executor)  # the reading threads' connections, made before the reopen

        await until(lambda: executor.stats.reopens == 1)  # then the pause

        assert log_size(path) == 0  # checkpointed before the close
        assert executor.stats.checkpoints["pause"] == 0  # the log was below the pause's own threshold
        assert await codes(executor) == before == {unit(k)["code"] for k in range(n)}
        await write_units(executor, range(n, n + 5))  # the write connection made again, statements prepared again
        assert len(await codes(executor)) == n + 5
        await asyncio.sleep(0.3)  # a pause again, with little written since: not opened again
        assert executor.stats.reopens == 1
    finally:
        await executor.close()
    assert await services_in(path) == {unit(k)["code"] for k in range(n + 5)}


@pytest.mark.parametrize(
    "settings",
    [
        # LadybugDB's own checkpoints at 64 KB: reopened just after one emptied the log (below 8 KB)
        {"checkpoint_kb": 64, "pause_checkpoint_kb": 8, "reopen_kb": 32},
        # none of its own (16 MB): reopened once four times the setting was written
        {"checkpoint_kb": 16 * 1024, "reopen_kb": 16},
    ],
    ids=["after-a-commit-s-checkpoint", "past-four-times"],
)
async def test_without_a_pause_the_store_is_opened_again_between_batches_while_reads_and_writes_go_on(
    tmp_path: Path, settings: dict[str, int]
) -> None:
    """Four writers that never pause and four readers that never stop: the store is opened again
    under them, and every write is kept once, every read answered."""
    path = tmp_path / "store.lbug"
    executor = await opened(path, pause_checkpoint_ms=0, **settings)
    writing = True
    reads = 0

    async def reader() -> None:
        nonlocal reads
        while writing:
            assert len(await codes(executor)) >= 0
            reads += 1

    async def writer(first: int) -> None:
        await write_units(executor, range(first, first + 60))

    try:
        readers = [asyncio.create_task(reader()) for _ in range(4)]
        await asyncio.gather(*(writer(1000 * w) for w in range(4)))
        writing = False
        await asyncio.gather(*readers)  # none failed

        assert executor.stats.reopens >= 1
        if settings["checkpoint_kb"] == 64:
            assert executor.stats.checkpoints["commit"] >= 1  # what the reopen waited for
        assert reads > 4
        assert await codes(executor) == {unit(1000 * w + k)["code"] for w in range(4) for k in range(60)}
    finally:
        await executor.close()
    assert len(await services_in(path)) == 240


async def test_never_opened_again_when_switched_off(tmp_path: Path) -> None:
    path = tmp_path / "store.lbug"
    executor = await opened(path, checkpoint_kb=16 * 1024, pause_checkpoint_ms=50, reopen_kb=0)
    try:
        await write_units(executor, range(150))
        assert log_size(path) > 64 * 1024
        await asyncio.sleep(0.3)
        assert executor.stats.reopens == 0
    finally:
        await executor.close()


async def test_a_store_that_cannot_be_opened_again_is_unavailable_until_it_can_be(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The store's file replaced by a directory while the server has it open: its reopen fails,
    requests get STORE_UNAVAILABLE (not a closed database's error), and once the file is back the
    next request opens it again with everything written before."""
    path = tmp_path / "store.lbug"
    aside = tmp_path / "aside.lbug"
    store = ResilientExecutor(
        lambda: LadybugExecutor(path, checkpoint_kb=16 * 1024, pause_checkpoint_ms=100, pause_checkpoint_kb=16 * 1024, reopen_kb=64),
        engine="embedded",
        retry_seconds=0,
    )
    try:
        await migrate(store)
        n = 0
        while log_size(path) < 64 * 1024:
            await write_units(store, range(n, n + 10))
            n += 10
        path.rename(aside)  # the open database keeps its file; its name now leads elsewhere
        path.mkdir()
        with caplog.at_level(logging.ERROR, logger="service.store.ladybug_executor"):
            await until(lambda: any("could not be opened again" in r.getMessage() for r in caplog.records))

        with pytest.raises(StoreUnavailable):
            await codes(store)
        with pytest.raises(StoreUnavailable):
            await write_units(store, range(n, n + 1))

        path.rmdir()
        aside.rename(path)
        assert await codes(store) == {unit(k)["code"] for k in range(n)}  # opened again: nothing lost
        await write_units(store, range(n, n + 1))
        assert len(await codes(store)) == n + 1
    finally:
        await store.close()
        if path.is_dir():
            shutil.rmtree(path)
