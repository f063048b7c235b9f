"""Per-process caches of what requests read most and writes change least.

Reference lists (countries, regions, competences, services, programmes) and the directory's read
model (postings, their links, competence levels, officers, windows: directory_model.py) are read
whole, in a few statements, and shared by the requests of the process. Each cached value depends
on areas of the graph (statement.AREAS). The executors count, per area, the units of work that
committed a change there (`stats.generations`, bumped after the commit), so a value is served from
memory only while

- the generations of its areas are those it was read at (a write of this process that may change
  it has not committed since), and
- it is younger than the time to live (LONET_CACHE_SECONDS): changes made by another process
  that no broker told of (several workers on Neo4j) are seen within it. A value only older than
  that is still served while it is read again in the background (one read at a time), so such
  changes show within the time to live and one read, and no request waits for the read.

A value is kept with the generations it was read at, taken before the read began: a change that
committed during the read makes the next request bring it up to date, never serve it stale.
A value that can be patched (`patch`: every officer's record, window, deputy link; the open
workload) is not read whole again after commits that changed only named elements' part of its
areas (Statement.keyed_by: officers, taskings; here or on another worker): only those are read,
and a new value is made from the kept one with theirs replaced. So an LO setting their availability costs the next search a few small
statements (their record, windows, deputies), not a read of the whole network; a request for
assistance, the open taskings of one LO.
A request keeps the values it got first (DirectoryReads memoises them), so it sees one state.
Values are shared: read-only mappings and frozen models, never changed in place.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
import weakref
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

DEFAULT_TTL = 30.0  # seconds; LONET_CACHE_SECONDS

log = logging.getLogger("lonet.caches")

Stamp = tuple[int, ...]


@dataclass(frozen=True)
class _Entry:
    stamp: Stamp
    loaded_at: float  # monotonic time the read started
    value: Any


class ProcessCache:
    """One store's cached values, by name."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._loading: dict[tuple[str, Stamp], asyncio.Future[Any]] = {}
        self._refreshing: dict[str, asyncio.Task[None]] = {}

    @staticmethod
    def stamp(stats: Any, areas: Iterable[str]) -> Stamp:
        return tuple(stats.generations[area] for area in sorted(areas))

    def peek(self, name: str, stamp: Stamp, ttl: float) -> Any | None:
        entry = self._entries.get(name)
        if entry is None or entry.stamp != stamp or time.monotonic() - entry.loaded_at >= ttl:
            return None
        return entry.value

    @staticmethod
    def _patchable(entry: _Entry | None, stats: Any, areas: tuple[str, ...]) -> frozenset[str] | None:
        """The keys changed since the entry was read, if only keyed changes came since."""
        if entry is None:
            return None
        keys: set[str] = set()
        for area, generation in zip(sorted(areas), entry.stamp):
            changed = stats.keys_since(area, generation)
            if changed is None:
                return None
            keys |= changed
        return frozenset(keys)

    async def get(
        self,
        name: str,
        areas: Iterable[str],
        stats: Any,
        ttl: float,
        load: Callable[[], Awaitable[Any]],
        patch: Callable[[Any, frozenset[str]], Awaitable[Any]] | None = None,
    ) -> Any:
        areas = tuple(areas)
        stamp = self.stamp(stats, areas)
        cached = self.peek(name, stamp, ttl)
        if cached is not None:
            return cached
        entry = self._entries.get(name)
        if entry is not None and ttl > 0 and entry.stamp == stamp:
            # Only its age is against it: what this process changed since would have changed the
            # stamp. Served as it is while it is read again in the background, so no request waits
            # for the whole network to be read (on Neo4j seconds under load: the 30 s stalls of
            # bench/RESULTS.md, issue 22).
            self._refresh(name, areas, stats, ttl, load)
            return entry.value
        key = (name, stamp)
        pending = self._loading.get(key)
        if pending is not None:  # one read per value and state, however many requests wait for it
            return await asyncio.shield(pending)
        keys = self._patchable(entry, stats, areas) if patch is not None and ttl > 0 else None
        if entry is not None and keys is not None and patch is not None:
            started, read = entry.loaded_at, patch(entry.value, keys)  # the time to live runs from the whole read
        else:
            started, read = time.monotonic(), load()
        pending = self._loading[key] = asyncio.ensure_future(read)
        try:
            value = await pending
        finally:
            self._loading.pop(key, None)
        self._keep(name, stamp, started, value, ttl)
        if time.monotonic() - started >= ttl > 0:  # patched, but the whole read it patched is old
            self._refresh(name, areas, stats, ttl, load)
        return value

    def _keep(self, name: str, stamp: Stamp, started: float, value: Any, ttl: float) -> None:
        if ttl > 0:
            current = self._entries.get(name)
            if current is None or all(old <= new for old, new in zip(current.stamp, stamp)):
                self._entries[name] = _Entry(stamp, started, value)  # never over a newer one

    def _refresh(self, name: str, areas: tuple[str, ...], stats: Any, ttl: float, load: Callable[[], Awaitable[Any]]) -> None:
        """Read the value whole again in the background, once at a time per value."""
        running = self._refreshing.get(name)
        loop = asyncio.get_running_loop()
        if running is not None and not running.done() and running.get_loop() is loop:
            return

        async def refresh() -> None:
            stamp, started = self.stamp(stats, areas), time.monotonic()
            try:
                value = await load()
            except Exception:  # the store unavailable: the next request past the time to live tries again
                log.warning("reading a cached value again failed", extra={"cached": name}, exc_info=True)
                return
            self._keep(name, stamp, started, value, ttl)

        # In no request's context: its deadline and round-trip count are not this read's.
        self._refreshing[name] = loop.create_task(refresh(), context=contextvars.Context())


_CACHES: weakref.WeakKeyDictionary[Any, ProcessCache] = weakref.WeakKeyDictionary()


def process_cache(executor: Any) -> ProcessCache:
    """The process's cache for this store (one per executor object)."""
    cache = _CACHES.get(executor)
    if cache is None:
        cache = _CACHES[executor] = ProcessCache()
    return cache
