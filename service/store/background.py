"""Work on the store that no request waits for: the caches' patches after a commit and their
reads again past the time to live (usecases/caches.py).

Its own object, owned by the executor (and shared by a resilient executor with every engine it
opens, as the statistics are), because its life is the store's: none of it may start once the
store is closing, and the store's close waits for what is under way, or it would run on a closed
store or be cut off with its event loop.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class BackgroundWork:
    def __init__(self) -> None:
        self.tasks: set[asyncio.Task[Any]] = set()
        self.closing = False

    def start(self, work: Coroutine[Any, Any, T]) -> asyncio.Task[T] | None:
        """Run the work in no request's context (its deadline and round-trip count are not this
        work's); None (the work not run) once the store is closing."""
        if self.closing:
            work.close()
            return None
        task = asyncio.get_running_loop().create_task(work, context=contextvars.Context())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def settle(self, timeout: float = 10.0) -> None:
        """Before the store closes: start no more, and let this event loop's work finish
        (cancelled after `timeout`)."""
        self.closing = True
        await asyncio.sleep(0)  # what a commit just scheduled sees the store closing
        loop = asyncio.get_running_loop()
        mine = [task for task in self.tasks if task.get_loop() is loop and not task.done()]
        if mine:
            _, late = await asyncio.wait(mine, timeout=timeout)
            for task in late:
                task.cancel()

    def reopen(self) -> None:
        """The store opened again after a close: background work may start again."""
        self.closing = False
