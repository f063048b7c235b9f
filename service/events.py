"""Tasking updates for live subscribers, behind an interface.

The in-process bus serves one lonet process. With several workers, the broker's bus
(service/broker: Redis Streams, LONET_BROKER_URL) implements the same two methods so that every
worker's subscribers hear every change; nothing else changes.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, fields
from typing import Any, Protocol


@dataclass(frozen=True)
class TaskingUpdated:
    tasking_id: str
    status: str
    version: int
    requesting_service: str
    assignee: str
    action: str
    # The bookmarks of the write (Neo4j): a worker that hears of it through the broker reads the
    # tasking at least as new as the write, whichever cluster member serves the read.
    bookmarks: tuple[str, ...] = ()
    # The tasking as the write committed it (a domain Tasking): its subscribers are served without
    # reading it again. Through the broker it travels only sealed (LONET_BROKER_KEY: free text is
    # never in Redis in clear); without the key another worker reads the tasking itself.
    tasking: Any = field(default=None, compare=False, repr=False)
    # When the write committed, in seconds since the epoch on the writing server's wall clock (the
    # real time, not the pinned demo day): subscribers are told it (`extensions.committedAt`) and
    # can see how far behind a live view runs; None for an entry of a worker that did not stamp it.
    committed_at: float | None = None

    def shareable(self) -> dict[str, Any]:
        """What another worker is told in clear (the broker's entry): ids, status, version, services."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "tasking"}


@dataclass(frozen=True)
class NoticeIssued:
    """A threat notice was issued to these services: the hook for notifications (issue 18), which
    tell the addressed services' people. Ids and codes only, no text: a listener reads the notice
    under the reader's own scope."""

    notice_id: str
    services: tuple[str, ...]
    bookmarks: tuple[str, ...] = ()

    def shareable(self) -> dict[str, Any]:
        """What another worker is told (the broker's entry)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


Event = TaskingUpdated | NoticeIssued


class EventBus(Protocol):
    async def publish(self, event: Event) -> None: ...

    def subscribe(self) -> AsyncIterator[Event]: ...


class InProcessEventBus:
    """Fan-out to every subscriber's queue; a slow subscriber loses its oldest events, not others'."""

    def __init__(self, queue_size: int = 256) -> None:
        self._queues: set[asyncio.Queue[TaskingUpdated]] = set()
        self._queue_size = queue_size

    @property
    def subscribers(self) -> int:
        return len(self._queues)

    async def publish(self, event: TaskingUpdated) -> None:
        for queue in list(self._queues):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(event)

    async def subscribe(self) -> AsyncIterator[TaskingUpdated]:
        queue: asyncio.Queue[TaskingUpdated] = asyncio.Queue(self._queue_size)
        self._queues.add(queue)
        try:
            while True:
                yield await queue.get()
        finally:
            self._queues.discard(queue)
