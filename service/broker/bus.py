"""The event bus of a worker that shares a broker with others."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from ..events import Event, InProcessEventBus

if TYPE_CHECKING:
    from .redis_streams import RedisBroker


class BrokeredEventBus:
    """The worker's in-process bus, every change also sent through the broker and every other
    worker's change heard from it. Subscribers here hear a change made here at once, even while
    the broker is unreachable."""

    def __init__(self, broker: RedisBroker) -> None:
        self.local = InProcessEventBus()
        self.broker = broker
        broker.on_event = self.local.publish

    @property
    def subscribers(self) -> int:
        return self.local.subscribers

    async def publish(self, event: Event) -> None:
        await self.local.publish(event)
        self.broker.send_event(event)

    def subscribe(self) -> AsyncIterator[Event]:
        return self.local.subscribe()
