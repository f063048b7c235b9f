"""The broker on Redis Streams: one stream that every worker appends to and reads on.

Streams rather than pub/sub: a reader names the last entry it read, so a worker whose connection
dropped while Redis stayed up reads on from there and misses nothing (the stream keeps about its
last MAX_ENTRIES entries); pub/sub would drop whatever was sent while it was away.

Each entry says which worker sent it (`origin`) and is one of
- `tasking`: a TaskingUpdated event (ids, status, version, services), which the receiving worker
  hands to its own bus: its fan-out checks each subscriber's scope as for a change made through
  it. With LONET_BROKER_KEY set, the entry also carries the tasking as committed, sealed (Fernet:
  AES-CBC with an HMAC, so Redis never holds a subject or a case number in clear and a forged or
  altered entry is refused): the receiving worker then serves its subscribers without reading the
  store, as the worker that made the change does. A snapshot older than SEALED_SECONDS (an entry
  read back after a reconnect), one it cannot open (another key) or an entry without one: the
  worker reads the tasking's current state itself;
- `changes`: the areas of the graph a commit changed (statement.AREAS), and for an area it
  changed only for named officers (an LO's availability, windows, deputies) those officers: the
  receiving worker's caches read those areas again, or only those officers' part of them.
- `notice`: a NoticeIssued event (the notice's id and addressed services), handed to the bus the
  same way, for the notifications that listen for it;
A worker skips its own entries (its subscribers and caches heard of them at once, in process).

Nothing waits for Redis on a request's path: entries go to an outbox that one task sends, in
order, and keeps while Redis is unreachable (the oldest dropped past OUTBOX_ENTRIES). During an
outage every worker serves on its own (its caches for at most LONET_CACHE_SECONDS, its own
subscribers only); the broker is reported degraded (/readyz) and tried again every
`retry_seconds`. Once it is back, each worker counts a reconnect, reads every area again (it
cannot know what changed meanwhile), sends its outbox and reads on.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import fields
from typing import Any
from urllib.parse import urlsplit

import orjson
from cryptography.fernet import Fernet, InvalidToken
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from ..domain.models import Tasking
from ..events import Event, NoticeIssued, TaskingUpdated
from ..store import StoreStats
from ..store.executor import Keys
from ..store.statement import AREAS

log = logging.getLogger("lonet.broker")

STREAM = "lonet:changes"
MAX_ENTRIES = 10_000  # kept in the stream (approximately): how far a reconnecting worker can read back
OUTBOX_ENTRIES = 10_000  # kept by a worker while Redis is unreachable
BATCH = 256  # entries sent or read per round trip
READ_BLOCK_MS = 1_000  # a read waits this long for new entries, then asks again
# A sealed tasking older than this is not used: a worker reading entries back after an outage
# serves the tasking's current state, not a past one.
SEALED_SECONDS = 10
TASKING_UPDATED_FIELDS = frozenset(f.name for f in fields(TaskingUpdated))


def where(url: str) -> str:
    """The broker's address for messages and /readyz, without any password in the URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}:{parts.port or 6379}{parts.path}"


def _stop_if_asked(failure: Exception) -> None:
    """CancelledError if this task was asked to stop (close()) while a call of the Redis client
    ran: the client may answer the cancellation with a failure of its own (a timeout that met it,
    a connection closed for it), which the loops would take for an outage and try again after
    `retry_seconds`, for ever: a two-worker demo shutting down on a loaded machine waited on it."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError from failure


class RedisBroker:
    def __init__(self, url: str, *, retry_seconds: float = 0.5, key: str | None = None) -> None:
        self.url = url
        # The workers' shared key (LONET_BROKER_KEY) for the taskings sent along with their events.
        self._sealer = Fernet(key) if key else None
        self._unopened = 0  # sealed taskings this worker could not open (logged once)
        self.retry_seconds = retry_seconds
        self.origin = uuid.uuid4().hex.encode()
        self.reconnects = 0  # connections made again after one was lost (or could not be made)
        self.on_event: Callable[[Event], Awaitable[None]] | None = None
        self._reading = False
        self._read_failure: str | None = "not connected yet"
        self._send_failure: str | None = None
        self._last_id: bytes | None = None
        self._outbox: deque[dict[bytes, bytes]] = deque(maxlen=OUTBOX_ENTRIES)
        self._wake = asyncio.Event()
        self._reader: asyncio.Task[None] | None = None
        self._sender: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stats: StoreStats | None = None
        # No retries inside a command: an outage is noticed at once and handled here.
        # Named after host and process, so `CLIENT LIST` on the broker tells the workers apart.
        self.client_name = f"lonet:{socket.gethostname()}:{os.getpid()}"
        self._client = Redis.from_url(
            url, socket_connect_timeout=1.0, socket_timeout=5.0, retry=Retry(NoBackoff(), 0), client_name=self.client_name
        )

    # -- lifetime -----------------------------------------------------------------------------
    def start(self, stats: StoreStats) -> None:
        """Read and send from now on (within the app's event loop); this process's commits are
        passed on to the other workers."""
        self._loop = asyncio.get_running_loop()
        self._stats = stats
        stats.on_commit.append(self._committed)
        self._reader = asyncio.create_task(self._read(), name="broker-read")
        self._sender = asyncio.create_task(self._send(), name="broker-send")

    async def close(self) -> None:
        if self._stats is not None and self._committed in self._stats.on_commit:
            self._stats.on_commit.remove(self._committed)
        if self._sender is not None and self._outbox and self._send_failure is None:
            try:  # what this worker committed last still reaches the others
                async with asyncio.timeout(1.0):
                    while self._outbox and not self._sender.done():
                        await asyncio.sleep(0.01)
            except TimeoutError:
                log.warning("broker: %d changes not sent at shutdown", len(self._outbox))
        tasks = [task for task in (self._reader, self._sender) if task is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self._client.aclose()

    # -- what /readyz and /metrics show ------------------------------------------------------------
    @property
    def connected(self) -> bool:
        return self._reading and self._send_failure is None

    @property
    def waiting(self) -> int:
        """Entries not yet sent (an outage's backlog)."""
        return len(self._outbox)

    def status(self) -> dict[str, Any]:
        if self.connected:
            return {"status": "ready", "url": where(self.url)}
        reason = self._read_failure or self._send_failure or "unreachable"
        return {"status": "degraded", "url": where(self.url), "reason": reason}

    # -- sending -------------------------------------------------------------------------------
    def send_event(self, event: Event) -> None:
        if isinstance(event, NoticeIssued):
            self._push({b"kind": b"notice", b"body": orjson.dumps(event.shareable())})
        else:
            body = event.shareable()
            if self._sealer is not None and isinstance(event.tasking, Tasking):
                body["sealed"] = self._sealer.encrypt(orjson.dumps(event.tasking.model_dump(mode="json"))).decode()
            self._push({b"kind": b"tasking", b"body": orjson.dumps(body)})

    def _committed(self, areas: frozenset[str], keys: Keys) -> None:
        body = {"areas": sorted(areas), "keys": {area: sorted(k) for area, k in keys.items()}}
        self._push({b"kind": b"changes", b"body": orjson.dumps(body)})

    def _push(self, fields: dict[bytes, bytes]) -> None:
        loop = self._loop
        if loop is None:
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._queue(fields)
        else:  # a commit made on another thread's loop (a CLI command, a test client)
            try:
                loop.call_soon_threadsafe(self._queue, fields)
            except RuntimeError:  # the app's loop has ended: nobody left to send it
                pass

    def _queue(self, fields: dict[bytes, bytes]) -> None:
        self._outbox.append({b"origin": self.origin, **fields})
        self._wake.set()

    async def _send(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._outbox:
                batch = [self._outbox[i] for i in range(min(len(self._outbox), BATCH))]
                try:
                    async with self._client.pipeline(transaction=False) as pipe:
                        for fields in batch:
                            pipe.xadd(STREAM, fields, maxlen=MAX_ENTRIES, approximate=True)
                        await pipe.execute()
                except Exception as exc:  # RedisError, OSError; anything else must not end the sending either
                    _stop_if_asked(exc)
                    if self._send_failure is None:
                        log.warning("broker: cannot send to %s (%s); keeping %d changes to send later", where(self.url), exc, len(self._outbox))
                    self._send_failure = f"cannot send to {where(self.url)}: {exc}"
                    await asyncio.sleep(self.retry_seconds)
                    continue
                self._send_failure = None
                sent = {id(fields) for fields in batch}
                while self._outbox and id(self._outbox[0]) in sent:  # the oldest may have been dropped meanwhile
                    self._outbox.popleft()

    # -- reading -------------------------------------------------------------------------------
    async def _read(self) -> None:
        lost = False
        while True:
            try:
                await self._client.ping()
                if self._last_id is None:  # from the newest entry on: what was before is not news
                    newest = await self._client.xrevrange(STREAM, count=1)
                    self._last_id = newest[0][0] if newest else b"0-0"
                if lost:
                    self.reconnects += 1
                    assert self._stats is not None
                    self._stats.changed_elsewhere(AREAS)  # what changed meanwhile is not known: all of it
                    log.info("broker: %s reachable again (reconnect %d)", where(self.url), self.reconnects)
                    self._wake.set()  # the outbox too
                self._reading, self._read_failure, lost = True, None, False
                while True:
                    answer = await self._client.xread({STREAM: self._last_id}, count=BATCH, block=READ_BLOCK_MS)
                    for entry_id, fields in _entries(answer):
                        self._last_id = entry_id
                        await self._receive(fields)
            except Exception as exc:  # RedisError, OSError; anything else must not end the reading either
                _stop_if_asked(exc)
                if not lost:
                    unexpected = not isinstance(exc, RedisError | OSError)
                    log.warning(
                        "broker: lost %s (%s); serving on, trying again every %g s", where(self.url), exc, self.retry_seconds,
                        exc_info=unexpected,
                    )
                self._reading, self._read_failure, lost = False, f"{where(self.url)} unreachable: {exc}", True
                await asyncio.sleep(self.retry_seconds)

    async def _receive(self, fields: dict[bytes, bytes]) -> None:
        if fields.get(b"origin") == self.origin:
            return
        try:
            kind, body = fields[b"kind"], orjson.loads(fields[b"body"])
            if kind == b"changes":
                assert self._stats is not None
                if isinstance(body, list):  # a worker of the version before keys: whole areas
                    body = {"areas": body}
                keys = {area: frozenset(k) for area, k in (body.get("keys") or {}).items()}
                self._stats.changed_elsewhere(AREAS.intersection(body["areas"]), keys)
            elif kind == b"tasking" and self.on_event is not None:
                tasking = self._open(body.pop("sealed", None))
                # Only the fields this version knows: a newer worker's entry (a field added) still
                # reaches this one's subscribers during a rolling upgrade.
                known = {k: v for k, v in body.items() if k in TASKING_UPDATED_FIELDS}
                await self.on_event(TaskingUpdated(**{**known, "bookmarks": tuple(body.get("bookmarks", ())), "tasking": tasking}))
            elif kind == b"notice" and self.on_event is not None:
                await self.on_event(NoticeIssued(body["notice_id"], tuple(body["services"]), tuple(body.get("bookmarks", ()))))
        except Exception:  # one unreadable entry (another version's?) must not stop the others
            log.exception("broker: skipped an entry it could not read: %r", fields)


    def _open(self, sealed: str | None) -> Tasking | None:
        """The tasking sent along with an event, if this worker can open it and it is recent."""
        if sealed is None or self._sealer is None:
            return None
        try:
            return Tasking.model_validate_json(self._sealer.decrypt(sealed, ttl=SEALED_SECONDS))
        except InvalidToken:  # another key, or read back after an outage: the store has it
            self._unopened += 1
            if self._unopened == 1:
                log.warning("broker: a tasking sent by another worker could not be opened (another LONET_BROKER_KEY, or older "
                            "than %d s); reading taskings from the store instead", SEALED_SECONDS)
            return None


def _entries(answer: Any) -> list[tuple[bytes, dict[bytes, bytes]]]:
    """XREAD's entries (RESP2, the client's protocol: [[stream, [(id, fields), ...]]]), in order."""
    return [(entry_id, fields) for _stream, items in answer or () for entry_id, fields in items]
