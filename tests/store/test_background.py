"""The store's work no request waits for (the caches' patches and reads again): the store's
close waits for it, and none starts on a closing store; a store opened again takes it up."""

from __future__ import annotations

import asyncio
from pathlib import Path

from service.store import Executor, open_executor
from service.store.resilient import ResilientExecutor

from ..conftest import settings_for


async def test_closing_the_store_waits_for_its_background_work_and_starts_no_more(empty_store: Executor) -> None:
    done: list[str] = []

    async def read(name: str) -> None:
        await asyncio.sleep(0.05)  # a patch's statement under way when the store closes
        done.append(name)

    running = empty_store.background.start(read("patch"))
    assert running is not None
    await empty_store.close()

    assert done == ["patch"] and running.done()  # not cut off with the store
    assert empty_store.background.start(read("too late")) is None
    await asyncio.sleep(0.1)
    assert done == ["patch"]  # nothing ran on the closed store


async def test_a_store_opened_again_after_a_close_takes_background_work_again(tmp_path: Path) -> None:
    store = ResilientExecutor(lambda: open_executor(settings_for("embedded", tmp_path / "store.lbug")), engine="embedded")
    await store.ping()
    done: list[int] = []

    async def read() -> None:
        done.append(1)

    await store.close()
    assert store.background.start(read()) is None
    await store.ping()  # opened again on first use
    started = store.background.start(read())
    assert started is not None
    await started
    assert done == [1]
    await store.close()
