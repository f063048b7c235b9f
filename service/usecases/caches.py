"""Per-process caches of what requests read most and writes change least.

Reference lists (countries, regions, competences, services, programmes), the directory's read
model (postings, their links, competence levels, officers, windows: directory_model.py) and what
users chose of their notifications are read whole, in a few statements, and shared by the
requests of the process. Each cached value depends on areas of the graph (statement.AREAS). The
executors count, per area, the units of work that committed a change there (`stats.generations`,
bumped after the commit), so a value is served from memory only while

- the generations of its areas are those it was read at (a write of this process that may change
  it has not committed since), and
- it is younger than the time to live (LONET_CACHE_SECONDS): changes made by another process
  that no broker told of (several workers on Neo4j) are seen within it. A value only older than
  that is still served while it is read again in the background (one read at a time), so such
  changes show within the time to live and one read, and no request waits for the read; the
  read again, caught up in its own task with what this process changed meanwhile, replaces it.

A value is kept with the generations it was read at, taken before the read began: a change that
committed during the read makes the next request bring it up to date, never serve it stale.
A value that can be patched (`patch`: every officer's record, window, deputy link; the open
workload) is not read whole again after commits that changed only named elements' part of its
areas (Statement.keyed_by: officers, taskings; here or on another worker): only those are read,
and a new value is made from the kept one with theirs replaced. So a window planned by an LO
costs two small statements (their windows and record, by key), not a read of the whole network;
another worker's request for assistance, the open taskings of one LO.
Such a patch starts as soon as the change is counted (the commit, or the broker's word), not when
the next request needs the value: that request finds it patched, or waits for the patch already
under way, instead of making it itself (the first search after an LO's change was 2.6-2.9 times a
warm one: bench/RESULTS.md, issue 22). One patch per value at a time: changes that come meanwhile
are patched by the next request, all together.
A change whose use case described what it amounts to (Changes.describe: a request for
assistance is one more open tasking for its LO; an LO's availability, the record the update gave
back) is applied to the kept value at once, with no read at all (`apply`). A read does not know
whether it saw the changes of the units whose COMMIT was under way while it ran (sent, maybe
committed in the store, not yet counted here): the value keeps those units' numbers (`unsure`),
and their changes are read by key as before, never applied twice.
A request keeps the values it got first (DirectoryReads memoises them), so it sees one state.
Values are shared: read-only mappings and frozen models, never changed in place.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..store.background import BackgroundWork

DEFAULT_TTL = 30.0  # seconds; LONET_CACHE_SECONDS
# How many times a value read again for its age is caught up with the changes counted while it
# was read, and while it was caught up, before it is dropped (ProcessCache._keep_caught_up).
CATCH_UP_ROUNDS = 4

log = logging.getLogger("lonet.caches")

Stamp = tuple[int, ...]


@dataclass(frozen=True)
class _Entry:
    stamp: Stamp
    loaded_at: float  # monotonic time the read started
    value: Any
    # The units of work whose change the reads behind the value may or may not have seen
    # (StoreStats.unsure_since): their described effects are not applied to it, their keys read.
    unsure: frozenset[int] = frozenset()


# A patch: the store, the kept value, the keys changed since it was read -> the value patched.
Patch = Callable[[Any, Any, frozenset[str]], Awaitable[Any]]
# Described changes applied: the kept value, the effects (Changes.describe) -> the value with them.
Apply = Callable[[Any, list[Any]], Any]


class ProcessCache:
    """One store's cached values, by name."""

    def __init__(self, executor: Any = None) -> None:
        self._entries: dict[str, _Entry] = {}
        self._loading: dict[tuple[str, Stamp], asyncio.Future[Any]] = {}
        self._refreshing: dict[str, asyncio.Task[None]] = {}
        # The store, weakly (the process's caches are kept by store: they must not keep it alive).
        self._executor = (lambda: None) if executor is None else weakref.ref(executor)
        # Where its patches and reads again run: the store's, whose close waits for them.
        self._background: BackgroundWork = BackgroundWork() if executor is None else executor.background
        # The values that can be patched, with how: patched as soon as a change is counted.
        self._patches: dict[str, tuple[tuple[str, ...], float, Patch, Apply | None]] = {}
        self._patch_due: asyncio.AbstractEventLoop | None = None
        if executor is not None:
            executor.stats.on_change.append(self._changed)

    @staticmethod
    def stamp(stats: Any, areas: Iterable[str]) -> Stamp:
        return tuple(stats.generations[area] for area in sorted(areas))

    def peek(self, name: str, stamp: Stamp, ttl: float) -> Any | None:
        entry = self._entries.get(name)
        if entry is None or entry.stamp != stamp or time.monotonic() - entry.loaded_at >= ttl:
            return None
        return entry.value

    @staticmethod
    def _catch_up(entry: _Entry, stats: Any, areas: tuple[str, ...], apply: Apply | None) -> tuple[Any, frozenset[str]] | None:
        """The entry's value with the described changes since its stamp applied, and the keys still
        to read (changed since, not described, or by a unit it is unsure of); None when a change
        of a whole area came since."""
        keys: set[str] = set()
        effects: list[Any] = []
        for area, generation in zip(sorted(areas), entry.stamp):
            changes = stats.changes_since(area, generation)
            if changes is None:
                return None
            for changed, described in changes:
                if apply is not None and described is not None and described[0] not in entry.unsure:
                    effects.extend(described[1])
                else:
                    keys |= changed
        return (apply(entry.value, effects) if effects else entry.value), frozenset(keys)

    async def get(
        self,
        name: str,
        areas: Iterable[str],
        stats: Any,
        ttl: float,
        load: Callable[[], Awaitable[Any]],
        patch: Patch | None = None,
        apply: Apply | None = None,
    ) -> Any:
        areas = tuple(areas)
        stamp = self.stamp(stats, areas)
        cached = self.peek(name, stamp, ttl)
        if cached is not None:
            return cached
        if patch is not None and ttl > 0:
            self._patches[name] = (areas, ttl, patch, apply)
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
        if pending is not None and pending.get_loop() is asyncio.get_running_loop():
            stats.cache_waits[name] += 1  # this request waits for a read (StoreStats.cache_waits)
            return await asyncio.shield(pending)  # one read per value and state, however many requests wait for it
        caught_up = self._catch_up(entry, stats, areas, apply) if entry is not None and patch is not None and ttl > 0 else None
        if caught_up is not None:  # (a kept value that can be patched)
            assert entry is not None and patch is not None
            value, keys = caught_up
            if not keys:  # every change since described: applied, nothing read, nobody waits
                self._keep(name, stamp, entry.loaded_at, value, ttl, entry.unsure)
                return self._refreshed_when_old(name, areas, stats, ttl, load, entry.loaded_at, value)
            started, read = entry.loaded_at, patch(self._executor(), value, keys)  # the time to live runs from the whole read
        else:
            started, read = time.monotonic(), load()
        stats.cache_waits[name] += 1
        pending = self._loading[key] = asyncio.ensure_future(
            self._read_and_keep(name, stamp, started, read, ttl, stats, stats.unsure_from())
        )
        value = await pending
        return self._refreshed_when_old(name, areas, stats, ttl, load, started, value)

    def _refreshed_when_old(
        self, name: str, areas: tuple[str, ...], stats: Any, ttl: float, load: Callable[[], Awaitable[Any]], started: float, value: Any
    ) -> Any:
        kept = self._entries.get(name)
        if kept is not None:  # read whole again meanwhile: that read's age counts
            started = max(started, kept.loaded_at)
        if time.monotonic() - started >= ttl > 0:  # patched, but the whole read it patched is old
            self._refresh(name, areas, stats, ttl, load)
        return value

    async def _read_and_keep(
        self, name: str, stamp: Stamp, started: float, read: Awaitable[Any], ttl: float, stats: Any, unsure_from: tuple[int, frozenset[int]]
    ) -> Any:
        try:
            value = await read
        finally:
            self._loading.pop((name, stamp), None)
        self._keep(name, stamp, started, value, ttl, stats.unsure_since(unsure_from))
        return value

    def _keep(self, name: str, stamp: Stamp, started: float, value: Any, ttl: float, unsure: frozenset[int]) -> None:
        """Kept, unless the kept value is newer: counts changes its stamp does not, or comes from
        a whole read started after the one behind this value. A patch of the value a read again
        (`_refresh`) has just replaced is the latter: the new value is patched instead (`_changed`)."""
        if ttl <= 0:
            return
        current = self._entries.get(name)
        if current is not None and any(old > new for old, new in zip(current.stamp, stamp)):
            return
        if current is not None and current.loaded_at > started:
            if current.stamp != stamp:
                self._changed()
            return
        self._entries[name] = _Entry(stamp, started, value, unsure)

    def _changed(self) -> None:
        """A change was counted: patch what can be patched once every unit of the commit (a group
        commit tells them one by one) has been counted."""
        if not self._patches:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # counted outside any event loop: the next request patches
            return
        if self._patch_due is not loop:  # (a loop that closed before it patched is no obstacle)
            self._patch_due = loop
            loop.call_soon(self._patch_now)

    def _patch_now(self) -> None:
        self._patch_due = None
        executor = self._executor()
        if executor is None or self._background.closing:
            return
        stats = executor.stats
        for name, (areas, ttl, patch, apply) in self._patches.items():
            entry = self._entries.get(name)
            stamp = self.stamp(stats, areas)
            if entry is None or entry.stamp == stamp or any(loading == name for loading, _ in self._loading):
                continue
            caught_up = self._catch_up(entry, stats, areas, apply)
            if caught_up is None:  # changed as a whole: read by the next request that needs it
                continue
            value, keys = caught_up
            if not keys:  # every change since described: applied, nothing read
                self._keep(name, stamp, entry.loaded_at, value, ttl, entry.unsure)
                continue
            read = patch(executor, value, keys)
            task = self._background.start(self._read_and_keep(name, stamp, entry.loaded_at, read, ttl, stats, stats.unsure_from()))
            if task is not None:
                task.add_done_callback(_log_failure)
                self._loading[(name, stamp)] = task

    def _refresh(self, name: str, areas: tuple[str, ...], stats: Any, ttl: float, load: Callable[[], Awaitable[Any]]) -> None:
        """Read the value whole again in the background, once at a time per value."""
        running = self._refreshing.get(name)
        loop = asyncio.get_running_loop()
        if running is not None and not running.done() and running.get_loop() is loop:
            return

        async def refresh() -> None:
            stamp, started, unsure_from = self.stamp(stats, areas), time.monotonic(), stats.unsure_from()
            try:
                value = await load()
                await self._keep_caught_up(name, areas, stats, ttl, _Entry(stamp, started, value, stats.unsure_since(unsure_from)))
            except Exception:  # the store unavailable: the next request past the time to live tries again
                log.warning("reading a cached value again failed", extra={"cached": name}, exc_info=True)

        task = self._background.start(refresh())
        if task is not None:
            self._refreshing[name] = task

    async def _keep_caught_up(self, name: str, areas: tuple[str, ...], stats: Any, ttl: float, read: _Entry) -> None:
        """A value read whole again for its age, kept. The read takes a while, and the changes
        counted meanwhile are already in the kept value (patched as they came): the new value is
        caught up with them here, in the read again's own task (described changes applied, other
        keys and those of units it may or may not have seen read by key), so no request waits for
        it. Dropped as older than the kept value, it left that value old, and the next request
        started the whole read again: under steady writes on Neo4j the open workload was read
        whole 27 times in a short bench run, 26 of them dropped (bench/RESULTS.md, issue 22,
        thirtieth session). A few rounds at most: should changes keep coming faster than they are
        read, the value is dropped and the next request past the time to live reads it again."""
        _areas, _ttl, patch, apply = self._patches.get(name, ((), ttl, None, None))
        for _ in range(CATCH_UP_ROUNDS):
            stamp = self.stamp(stats, areas)
            if read.stamp == stamp:
                self._keep(name, stamp, read.loaded_at, read.value, ttl, read.unsure)
                return
            caught_up = None if patch is None else self._catch_up(read, stats, areas, apply)
            if caught_up is None:  # changed as a whole meanwhile (or cannot be patched): read again later
                return
            value, keys = caught_up
            unsure = read.unsure
            if keys:
                unsure_from = stats.unsure_from()
                value = await patch(self._executor(), value, keys)
                unsure = stats.unsure_since(unsure_from)
            read = _Entry(stamp, read.loaded_at, value, unsure)


def _log_failure(task: asyncio.Task[Any]) -> None:
    """A patch started by a change failed (the store unavailable): the next request reads again."""
    if not task.cancelled() and task.exception() is not None:
        log.warning("patching a cached value failed", exc_info=task.exception())


_CACHES: weakref.WeakKeyDictionary[Any, ProcessCache] = weakref.WeakKeyDictionary()


def process_cache(executor: Any) -> ProcessCache:
    """The process's cache for this store (one per executor object)."""
    cache = _CACHES.get(executor)
    if cache is None:
        cache = _CACHES[executor] = ProcessCache(executor)
    return cache
