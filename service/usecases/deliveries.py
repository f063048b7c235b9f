"""Live tasking updates fanned out to many subscriptions, off the writers' path.

One hub per bus listens for every committed change (a use case's `publish` only puts the event on
the hub's queue, so a writer never waits for deliveries). For each event the hub picks the
subscriptions whose caller may see it (the READ_TASKING rule, on the event itself), reads the
tasking ONCE for all of them, and hands each a `Delivery`: the tasking, the directory reads to
execute with (shared: one batched read per level for every subscription) and the event's
`RecordBatch`. Each subscription notes what it reads and adds its trail to the batch; the batch
writes every delivery's consultation record in one unit of work (three statements whatever their
number: audit.append_many) and only then do the `next` messages leave.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import AsyncIterator, Hashable
from dataclasses import dataclass, field
from typing import Any

from ..domain.models import Tasking
from ..events import EventBus, TaskingUpdated
from ..security.identity import Identity
from ..security.policy import Operation, Target, allowed
from ..store import Executor
from ..store.executor import caller_bookmarks
from ..store.queries import tasking as q
from .audit import AuditTrail, Entry, append_many
from .reads import DirectoryReads, fetch

log = logging.getLogger("lonet.deliveries")

QUEUE_SIZE = 256  # per subscription: a slow one loses its oldest updates, not others'
BATCH_WINDOW_SECONDS = 0.2  # a batch writes when every delivery added to it, or after this


def may_see(identity: Identity, service: str, assignee: str) -> bool:
    """Whether a tasking is within the caller's READ_TASKING scope (the policy table decides)."""
    return allowed(identity, Operation.READ_TASKING, Target(service=service, assignee=assignee))


class RecordBatch:
    """The consultation records of one event's deliveries, written together."""

    def __init__(self, executor: Executor, expected: int) -> None:
        self.executor = executor
        self.pending = expected
        self.entries: list[Entry] = []
        self.written: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.timer: asyncio.TimerHandle | None = None
        self.writing = False

    async def add(self, trail: AuditTrail) -> None:
        """Add a delivery's records; returns once they are written (raises if they could not be)."""
        if self.written.done():  # late: the batch went without it
            await trail.flush(self.executor)
            return
        self.entries.extend(trail.entries())
        trail.reads.clear()
        self.pending -= 1
        if self.pending <= 0:
            self._write()
        elif self.timer is None:
            self.timer = asyncio.get_running_loop().call_later(BATCH_WINDOW_SECONDS, self._write)
        await asyncio.shield(self.written)

    def drop(self) -> None:
        """A delivery that will not add anything (its subscription ended, or lost it)."""
        self.pending -= 1
        if self.pending <= 0 and not self.written.done():
            self._write()

    def _write(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if self.written.done() or self.writing:
            return
        self.writing = True
        entries, self.entries = self.entries, []
        asyncio.ensure_future(self._commit(entries))

    async def _commit(self, entries: list[Entry]) -> None:
        try:
            if entries:
                async def work(tx: Any) -> None:
                    await append_many(tx, entries)

                await self.executor.write(work)
        except BaseException as exc:  # every waiting delivery learns it, and sends nothing
            if not self.written.done():
                self.written.set_exception(exc)
                self.written.exception()  # retrieved: no "never retrieved" warning if nobody waits
            if not isinstance(exc, Exception):
                raise
        else:
            if not self.written.done():
                self.written.set_result(None)


@dataclass
class Delivery:
    """One event for one subscription: the current tasking, the reads to resolve it with, its
    batch, and `answers`, shared by the event's deliveries: what the API layer computed once for
    identical subscriptions (same document, variables and caller) and may reuse."""

    tasking: Tasking
    reads: DirectoryReads
    records: RecordBatch
    answers: dict[Hashable, Any]


@dataclass(eq=False)
class _Subscriber:
    identity: Identity
    tasking_id: str | None
    queue: asyncio.Queue[Delivery] = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))

    def wants(self, event: TaskingUpdated) -> bool:
        if self.tasking_id is not None and event.tasking_id != self.tasking_id:
            return False
        return may_see(self.identity, event.requesting_service, event.assignee)

    def offer(self, delivery: Delivery) -> None:
        if self.queue.full():
            self.queue.get_nowait().records.drop()
        self.queue.put_nowait(delivery)


class TaskingFanout:
    """The process's one listener on a bus, serving every tasking subscription."""

    def __init__(self, bus: EventBus, executor: Executor) -> None:
        self.bus = bus
        self.executor = executor
        self.subscribers: set[_Subscriber] = set()
        self._task: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()

    @property
    def listening(self) -> int:
        """Subscriptions that hear changes committed from now on (tests, metrics)."""
        return len(self.subscribers) if self._listening.is_set() and self._task is not None else 0

    async def updates(self, identity: Identity, tasking_id: str | None = None) -> AsyncIterator[Delivery]:
        """Every update of a tasking the caller may see (of one tasking, if given)."""
        subscriber = _Subscriber(identity, tasking_id)
        self.subscribers.add(subscriber)
        if self._task is None or self._task.done():
            self._listening.clear()
            self._task = asyncio.create_task(self._listen())
        await self._listening.wait()  # changes committed from now on are heard
        try:
            while True:
                yield await subscriber.queue.get()
        finally:
            self.subscribers.discard(subscriber)
            while not subscriber.queue.empty():
                subscriber.queue.get_nowait().records.drop()
            if not self.subscribers and self._task is not None:
                self._task.cancel()
                self._task = None

    async def _listen(self) -> None:
        events = self.bus.subscribe()
        try:
            first = asyncio.ensure_future(anext(events))
            await asyncio.sleep(0)  # the generator has registered its queue with the bus
            self._listening.set()
            event = await first
            while True:
                await self._dispatch(event)
                event = await anext(events)
        finally:
            close = getattr(events, "aclose", None)
            if close is not None:
                await close()

    async def _dispatch(self, event: TaskingUpdated) -> None:
        if not isinstance(event, TaskingUpdated):
            return  # other events on the bus (NoticeIssued) are not tasking updates
        hearing = [s for s in self.subscribers if s.wants(event)]  # nothing outside a scope is read
        if not hearing:
            return
        bookmarks = caller_bookmarks.set(event.bookmarks)  # as new as the write, on any cluster member
        try:
            rows = await fetch(self.executor, q.TASKING_BY_ID, {"id": event.tasking_id})
        except Exception:
            log.exception("could not read tasking %s for its subscribers", event.tasking_id)
            return
        finally:
            caller_bookmarks.reset(bookmarks)
        if not rows:
            return
        tasking = Tasking.model_validate(rows[0])
        # It may have changed hands between the event and the read: the rule again, on what was read.
        hearing = [s for s in hearing if may_see(s.identity, tasking.requestingService, tasking.assignee)]
        if not hearing:
            return
        batch = RecordBatch(self.executor, len(hearing))
        reads = DirectoryReads(self.executor)
        answers: dict[Hashable, Any] = {}
        for subscriber in hearing:
            subscriber.offer(Delivery(tasking, reads, batch, answers))


_HUBS: weakref.WeakKeyDictionary[Any, TaskingFanout] = weakref.WeakKeyDictionary()


def fanout(bus: EventBus, executor: Executor) -> TaskingFanout:
    """The hub of this bus (one per bus object, so per process)."""
    hub = _HUBS.get(bus)
    if hub is None or hub.executor is not executor:
        hub = _HUBS[bus] = TaskingFanout(bus, executor)
    return hub
