"""Live tasking updates fanned out to many subscriptions, off the writers' path.

One hub per bus listens for every committed change (a use case's `publish` only puts the event on
the hub's queue, so a writer never waits for deliveries). For each event the hub picks the
subscriptions whose caller may see it (the READ_TASKING rule, on the event itself), takes the
tasking from the event when the change was made in this process (as committed) or reads it ONCE
for all of them (a change heard through the broker), checks the rule again on it, and hands each
a `Delivery`: the tasking, the directory reads to execute with (shared: one batched read per level
for every subscription) and the process's `DeliveryRecords`. Each subscription notes what it reads
and hands its trail over; its `next` message leaves at once, and the records of every delivery
gathered meanwhile are written together in one unit of work, off the delivery path (the single
writer may be busy with other writes for a while: a delivery does not wait for it). A record
accepted is never dropped: a failed write is tried again; while the log cannot be written no
further delivery is sent; the server writes what is waiting before it stops.
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
from ..store import Executor, StoreUnavailable
from ..store.executor import caller_bookmarks
from ..store.queries import tasking as q
from .audit import AuditTrail, Entry, append_many
from .reads import DirectoryReads, fetch

log = logging.getLogger("lonet.deliveries")

QUEUE_SIZE = 256  # per subscription: a slow one loses its oldest updates, not others'
GATHER_SECONDS = 0.02  # the records of deliveries arriving within this are written together
BATCH = 2000  # records per unit of work at most
MAX_WAITING = 100_000  # records waiting to be written before deliveries are refused
RETRY_SECONDS = 0.5


def may_see(identity: Identity, service: str, assignee: str) -> bool:
    """Whether a tasking is within the caller's READ_TASKING scope (the policy table decides)."""
    return allowed(identity, Operation.READ_TASKING, Target(service=service, assignee=assignee))


class DeliveryRecords:
    """The consultation records of deliveries, written in batches by one task per process."""

    def __init__(self, executor: Executor, *, retry_seconds: float = RETRY_SECONDS) -> None:
        self.executor = executor
        self.retry_seconds = retry_seconds
        self.waiting: list[Entry] = []
        self.failure: Exception | None = None  # of the last write, until one succeeds
        self._wake = asyncio.Event()
        self._writer: asyncio.Task[None] | None = None

    async def add(self, trail: AuditTrail) -> None:
        """Take a delivery's records to write; its message may leave at once. Raises instead
        while the log cannot be written, or too many records wait: nothing is sent unrecorded."""
        if self.failure is not None:
            raise StoreUnavailable(f"the consultation log cannot be written: {self.failure}")
        if len(self.waiting) >= MAX_WAITING:
            raise StoreUnavailable(f"{len(self.waiting)} consultation records are waiting to be written")
        self.waiting.extend(trail.entries())
        trail.reads.clear()
        if self._writer is None or self._writer.done():
            self._writer = asyncio.ensure_future(self._write())
        self._wake.set()

    async def _write(self) -> None:
        while True:
            await self._wake.wait()
            await asyncio.sleep(GATHER_SECONDS)  # the other deliveries of the event join the batch
            self._wake.clear()
            while self.waiting:
                batch = self.waiting[:BATCH]

                async def work(tx: Any, batch: list[Entry] = batch) -> None:
                    await append_many(tx, batch)

                try:
                    await self.executor.write(work)
                except Exception as exc:  # kept, and tried again: a record is never dropped
                    if self.failure is None:
                        log.error("could not write %d delivery records (%s); trying again", len(self.waiting), exc)
                    self.failure = exc
                    await asyncio.sleep(self.retry_seconds)
                    continue
                self.failure = None
                del self.waiting[: len(batch)]

    async def drain(self, timeout: float = 5.0) -> bool:
        """Wait until every record taken is written (at shutdown, in tests); whether it was."""
        try:
            async with asyncio.timeout(timeout):
                while self.waiting:
                    self._wake.set()
                    await asyncio.sleep(0.01)
        except TimeoutError:
            log.error("%d delivery records not written", len(self.waiting))
            return False
        return True


_RECORDS: weakref.WeakKeyDictionary[Any, dict[asyncio.AbstractEventLoop, DeliveryRecords]] = weakref.WeakKeyDictionary()


def delivery_records(executor: Executor) -> DeliveryRecords:
    """The process's delivery records for this store (one per executor and event loop)."""
    loop = asyncio.get_running_loop()
    per_loop = _RECORDS.setdefault(executor, {})
    for other in [known for known in per_loop if known.is_closed()]:
        del per_loop[other]
    found = per_loop.get(loop)
    if found is None:
        found = per_loop[loop] = DeliveryRecords(executor)
    return found


async def drain_delivery_records(executor: Executor, timeout: float = 5.0) -> bool:
    """Write every delivery record still waiting (the server, before it stops)."""
    found = _RECORDS.get(executor, {}).get(asyncio.get_running_loop())
    return True if found is None else await found.drain(timeout)


@dataclass
class Delivery:
    """One event for one subscription: the current tasking, the reads to resolve it with, its
    batch, and `answers`, shared by the event's deliveries: what the API layer computed once for
    identical subscriptions (same document, variables and caller) and may reuse."""

    tasking: Tasking
    reads: DirectoryReads
    records: DeliveryRecords
    answers: dict[Hashable, Any]
    committed_at: float | None = None  # the event's (events.TaskingUpdated.committed_at)


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
            self.queue.get_nowait()  # the oldest goes: nothing of it was sent, so nothing is recorded
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
        tasking = event.tasking if isinstance(event.tasking, Tasking) else await self._read(event)
        if tasking is None:
            return
        # It may have changed hands between the event and the read: the rule again, on the tasking.
        hearing = [s for s in hearing if may_see(s.identity, tasking.requestingService, tasking.assignee)]
        if not hearing:
            return
        records = delivery_records(self.executor)
        reads = DirectoryReads(self.executor)
        answers: dict[Hashable, Any] = {}
        for subscriber in hearing:
            subscriber.offer(Delivery(tasking, reads, records, answers, event.committed_at))

    async def _read(self, event: TaskingUpdated) -> Tasking | None:
        """The tasking of a change made through another worker, as new as that write."""
        bookmarks = caller_bookmarks.set(event.bookmarks)  # on any cluster member
        try:
            rows = await fetch(self.executor, q.TASKING_BY_ID, {"id": event.tasking_id})
        except Exception:
            log.exception("could not read tasking %s for its subscribers", event.tasking_id)
            return None
        finally:
            caller_bookmarks.reset(bookmarks)
        return Tasking.model_validate(rows[0]) if rows else None


_HUBS: weakref.WeakKeyDictionary[Any, TaskingFanout] = weakref.WeakKeyDictionary()


def fanout(bus: EventBus, executor: Executor) -> TaskingFanout:
    """The hub of this bus (one per bus object, so per process)."""
    hub = _HUBS.get(bus)
    if hub is None or hub.executor is not executor:
        hub = _HUBS[bus] = TaskingFanout(bus, executor)
    return hub
