"""Per-request batched, cached reads of the directory (DataLoaders over the batched statements).

One instance lives for one request. Every `load` made in the same tick is answered by one store
statement per loader, so a response's nesting depth, not its width, sets the round trips.
Reference data (countries, regions, competences, services, programmes) and the directory's read
model (directory_model.py: postings, their links, competence levels, officers, windows) are read
whole, in a few statements, and kept per process (caches.py) until a write that may change them
commits; a request keeps the values it got first.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping, Sequence
from datetime import date
from functools import cached_property
from types import MappingProxyType
from typing import Any, TypeVar

from aiodataloader import DataLoader
from pydantic import BaseModel

from ..domain.lifecycle import OPEN_STATE_VALUES
from ..domain.models import (
    AvailabilityWindow,
    Competence,
    Country,
    Deputy,
    Officer,
    Posting,
    Programme,
    Region,
    Service,
    TaskingEvent,
)
from ..store import Executor, Settled, Statement, Transaction
from ..store.queries import availability as aq
from ..store.queries import conversation as cq
from ..store.queries import directory as q
from ..store.queries import notifications as nq
from ..store.queries import search as sq
from ..store.queries import request_form as rq
from ..store.queries import tasking as tq
from .caches import DEFAULT_TTL, Apply, Patch, ProcessCache, process_cache
from .directory_model import (
    DEPUTY_AREAS,
    OFFICER_AREAS,
    WINDOW_AREAS,
    DirectoryModel,
    apply_officers,
    fetch,
    load_officers,
    load_windows,
    patch_officers,
    patch_windows,
    patched,
    rows_by_keys,
)
from .request_form.records import DeconflictionMatch, SubjectRecord
from .conversation.models import Clarification, Delay

M = TypeVar("M", bound=BaseModel)


COVERAGE_MEMO = 32  # LONET_COVERAGE_MEMO_ENTRIES


def _when_used(make: Callable[[DirectoryReads], DataLoader]) -> cached_property:
    """A request's loader, made the first time the request uses it."""
    return cached_property(make)


class DirectoryReads:
    def __init__(self, executor: Executor, *, cache_ttl: float = DEFAULT_TTL, coverage_memo: int = COVERAGE_MEMO) -> None:
        self.executor = executor
        # Only another process's changes make a kept value stale with time (caches.py): none can
        # on the embedded engine, and reading the whole network again every LONET_CACHE_SECONDS
        # there only cost every request the rebuild's CPU.
        self.cache_ttl = math.inf if cache_ttl > 0 and getattr(executor, "exclusive", False) else cache_ttl
        self.coverage_memo = coverage_memo  # computed coverage reports kept with the read model
        self._memo: dict[str, Any] = {}  # cached value name -> what this request uses
        # cached value name -> the store as settled just before this request first read it
        # (StoreStats.settled): what a unit of work may expect of the store from it (`settled`).
        self._as_read: dict[str, Settled | None] = {}
        self._shared: ProcessCache | None = None

    @property
    def _cache(self) -> ProcessCache:
        if self._shared is None:
            self._shared = process_cache(self.executor)
        return self._shared

    async def _cached(
        self,
        name: str,
        areas: Iterable[str],
        load: Callable[[], Awaitable[Any]],
        patch: Patch | None = None,
        apply: Apply | None = None,
    ) -> Any:
        known = self._memo.get(name)
        if known is None:
            # Taken before the read: the value it gets is at least this new (a request that reads it
            # at the same time keeps the first such mark, taken before either read).
            self._as_read.setdefault(name, self.executor.stats.settled(areas))
            value = await self._cache.get(name, areas, self.executor.stats, self.cache_ttl, load, patch, apply)
            known = self._memo.setdefault(name, value)
        return known

    def settled(self, kind: str) -> Settled | None:
        """The store as settled when this request first read the cached value of this kind ("model",
        "officers", ...; None: not read yet, or a change of its areas was under way then): a unit
        of work that expects of the store what the value says passes it on
        (Transaction.run_expecting's `as_read`)."""
        return self._as_read.get(_CACHED[kind][0])

    # -- the request's loaders, made when first used (most requests use one or two of them) --
    # From the per-process read model (directory_model.py): no statement once it is read.
    officer = _when_used(lambda r: r._cached_loader(DirectoryReads.officers, lambda officers, key: officers.get(key)))
    postings_of_officer = _when_used(lambda r: r._cached_loader(DirectoryReads.model, DirectoryModel.postings_of))
    competences_of_officer = _when_used(lambda r: r._cached_loader(DirectoryReads.model, DirectoryModel.competences_of))
    services_served_by_posting = _when_used(lambda r: r._cached_loader(DirectoryReads.model, DirectoryModel.served_by))
    # From the store, batched per level of a response.
    deputies_of_officer = _when_used(lambda r: r._cached_loader(DirectoryReads._deputy_links, lambda links, key: links(key)))
    programmes_of_posting = _when_used(lambda r: r._codes(q.PROGRAMMES_BY_POSTINGS))
    countries_of_programme = _when_used(lambda r: r._codes(q.COUNTRIES_BY_PROGRAMMES, key="programme"))
    postings_of_programme = _when_used(lambda r: r._codes(q.POSTINGS_BY_PROGRAMMES, key="programme"))
    events_of_tasking = _when_used(lambda r: r._grouped(tq.EVENTS_BY_TASKINGS, TaskingEvent, "tasking"))
    competences_of_tasking = _when_used(lambda r: r._codes(tq.NEEDS_BY_TASKINGS, key="tasking"))
    # The request form's (usecases/request_form/read.py checks the scope before loading).
    subjects_of_tasking = _when_used(lambda r: r._grouped(rq.SUBJECTS_BY_TASKINGS, SubjectRecord, "tasking"))
    deconfliction_of_tasking = _when_used(lambda r: r._grouped(rq.DECONFLICTION_BY_TASKINGS, DeconflictionMatch, "tasking"))
    clarifications_of_tasking = _when_used(lambda r: r._grouped(cq.CLARIFICATIONS_BY_TASKINGS, Clarification, "tasking"))
    delays_of_tasking = _when_used(lambda r: r._grouped(cq.DELAYS_BY_TASKINGS, Delay, "tasking"))
    successors_of_posting = _when_used(lambda r: r._codes(cq.SUCCESSORS_BY_POSTINGS))

    # -- loader factories -----------------------------------------------------------------
    # A loader never holds the reads that hold it: such a cycle kept each request's reads,
    # loaders and all they had loaded alive after the response, until the cyclic collector came
    # round, seldom on a server (api/collector.py). The officers page left ~250 objects a request
    # behind that way, and the server's memory grew with its traffic. A loader holds what it
    # reads through: the executor, or `_values` (these reads without their loaders).
    def _loader(self, batch: Callable[[list[str]], Awaitable[list[Any]]]) -> DataLoader:
        return DataLoader(batch_load_fn=batch, max_batch_size=1000)

    @cached_property
    def _values(self) -> DirectoryReads:
        """These reads without their loaders, sharing what the request got first (`_memo`)."""
        values = object.__new__(DirectoryReads)
        values.__dict__.update({k: self.__dict__[k] for k in ("executor", "cache_ttl", "coverage_memo", "_memo", "_as_read", "_shared")})
        return values

    def _cached_loader(
        self, source: Callable[[DirectoryReads], Awaitable[Any]], pick: Callable[[Any, str], Any]
    ) -> DataLoader:
        """A loader answered from one of the per-process cached values (`source`: a method of the reads)."""
        values = self._values

        async def batch(keys: list[str]) -> list[Any]:
            value = await source(values)
            return [pick(value, key) for key in keys]

        return self._loader(batch)

    def _grouped(self, statement: Statement, model: type[M], key: str) -> DataLoader:
        executor = self.executor

        async def batch(ids: list[str]) -> list[list[M]]:
            rows = await fetch(executor, statement, {"ids": list(ids)})
            groups: dict[Hashable, list[M]] = defaultdict(list)
            for row in rows:
                groups[row[key]].append(model.model_validate(row))
            return [groups.get(i, []) for i in ids]

        return self._loader(batch)

    def _codes(self, statement: Statement, key: str = "posting") -> DataLoader:
        executor = self.executor

        async def batch(ids: list[str]) -> list[list[str]]:
            rows = await fetch(executor, statement, {"ids": list(ids)})
            groups: dict[str, list[str]] = defaultdict(list)
            for row in rows:
                groups[row[key]].append(row["code"])
            return [groups.get(i, []) for i in ids]

        return self._loader(batch)

    def prime_officers(self, officers: Sequence[Officer]) -> None:
        for officer in officers:
            self.officer.prime(officer.id, officer)

    # -- reference data -------------------------------------------------------------------
    async def _all(self, kind: str, model: type[M], key: str) -> Mapping[str, M]:
        async def load() -> Mapping[str, M]:
            rows = await fetch(self.executor, _REFERENCE[kind])
            return MappingProxyType({row[key]: model.model_validate(row) for row in rows})

        return await self._cached(*_CACHED[kind], load)

    def loaded(self, kind: str) -> Any | None:
        """A cached value (a reference list, or "model", "officers", "windows") this request can
        use without waiting: read by it already, or in the process cache. Lets a resolver answer
        at once instead of awaiting (graphql-core handles a returned value far faster)."""
        name, areas = _CACHED[kind]
        known = self._memo.get(name)
        if known is None:
            settled = self.executor.stats.settled(areas)
            known = self._cache.peek(name, self._cache.stamp(self.executor.stats, areas), self.cache_ttl)
            if known is not None:
                self._memo[name] = known
                self._as_read.setdefault(name, settled)
        return known

    async def countries(self) -> Mapping[str, Country]:
        return await self._all("countries", Country, "iso2")

    async def regions(self) -> Mapping[str, Region]:
        return await self._all("regions", Region, "code")

    async def competences(self) -> Mapping[str, Competence]:
        return await self._all("competences", Competence, "code")

    async def services(self) -> Mapping[str, Service]:
        return await self._all("services", Service, "code")

    async def programmes(self) -> Mapping[str, Programme]:
        return await self._all("programmes", Programme, "code")

    # -- the directory's read model (directory_model.py) -----------------------------------
    async def model(self) -> DirectoryModel:
        """Every posting with its links, and every officer's competence levels."""
        return await self._cached(*_CACHED["model"], lambda: DirectoryModel.load(self.executor))

    async def officers(self) -> Mapping[str, Officer]:
        """Every officer, by id (availability included)."""
        return await self._cached(*_CACHED["officers"], lambda: load_officers(self.executor), patch_officers, apply_officers)

    async def windows(self) -> Mapping[str, list[AvailabilityWindow]]:
        """Every officer's availability windows, by officer, earliest first."""
        return await self._cached(*_CACHED["windows"], lambda: load_windows(self.executor), patch_windows)

    async def deputies(self) -> Mapping[str, tuple[str, ...]]:
        """Every officer's deputies, by officer, in rank order (the DEPUTY route)."""
        return await self._cached(*_CACHED["deputies"], lambda: _load_deputies(self.executor), _patch_deputies)

    async def _deputy_links(self) -> Callable[[str], list[Deputy]]:
        deputies = await self.deputies()
        return lambda officer: [Deputy(officer=officer, deputy=d, rank=rank) for rank, d in enumerate(deputies.get(officer, ()), 1)]

    def forget(self, kind: str) -> None:
        """Let this request read a cached value again (after its own write changed it)."""
        self._memo.pop(_CACHED[kind][0], None)
        self._as_read.pop(_CACHED[kind][0], None)

    async def workload(self) -> Mapping[str, int]:
        """Every officer's open taskings (officers without any are left out)."""
        return await self._cached(*_CACHED["workload"], lambda: _load_workload(self.executor), _patch_workload, _apply_workload)

    async def notification_settings(self) -> Mapping[str, Mapping[str, Any]]:
        """What users chose of their notifications (e-mails turned off, language), by recipient;
        those who chose nothing are left out (outbox.enqueue)."""
        return await self._cached(*_CACHED["settings"], lambda: _load_settings(self.executor))

    async def active_posting(self, officer_id: str, day: date) -> Posting | None:
        postings = await self.postings_of_officer.load(officer_id)
        active = [p for p in postings if p.active_on(day)]
        # A resident posting is the officer's main one when several are active.
        active.sort(key=lambda p: (p.kind != "resident", p.startsOn))
        return active[0] if active else None


# The patchable values' reads and patches (caches.Patch): module functions of the store alone,
# since the process cache may patch a value after the request that read it is gone.
def _grouped_deputies(rows: list[dict[str, Any]]) -> dict[str, tuple[str, ...]]:
    links: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in rows:
        links[row["officer"]].append((row["rank"], row["deputy"]))
    return {o: tuple(d for _, d in sorted(found)) for o, found in links.items()}


async def _load_deputies(executor: Executor) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType(_grouped_deputies(await fetch(executor, aq.ALL_DEPUTY_LINKS)))


async def _patch_deputies(
    executor: Executor, kept: Mapping[str, tuple[str, ...]], officers: frozenset[str]
) -> Mapping[str, tuple[str, ...]]:
    if not officers:
        return kept
    rows = await rows_by_keys(executor, officers, q.DEPUTIES_BY_OFFICERS, q.DEPUTIES_OF_OFFICER)
    return patched(kept, officers, _grouped_deputies(rows))


async def _load_workload(executor: Executor) -> Mapping[str, int]:
    rows = await fetch(executor, sq.OPEN_WORKLOAD, {"openStates": OPEN_STATE_VALUES})
    return MappingProxyType({row["officer"]: row["open"] for row in rows})


async def workload_rows(executor: Executor, taskings: Iterable[str]) -> list[dict[str, Any]]:
    """The open taskings (`open`) of the officers assigned these taskings (`officer`), one row per
    officer: several in one statement, and one tasking's so where the engine counts cheaply
    (Executor.counts_in_statements); else by its key, counted here (search.STATUSES_ASSIGNED_WITH_TASKING)."""
    ordered = sorted(set(taskings))
    if len(ordered) != 1 or executor.counts_in_statements:
        return await fetch(executor, sq.OPEN_WORKLOAD_OF_TASKINGS, {"ids": ordered, "openStates": OPEN_STATE_VALUES})
    counted: dict[str, int] = {}
    for row in await fetch(executor, sq.STATUSES_ASSIGNED_WITH_TASKING, {"id": ordered[0]}):
        counted[row["officer"]] = counted.get(row["officer"], 0) + (row["status"] in OPEN_STATE_VALUES)
    return [{"officer": officer, "open": count} for officer, count in counted.items()]


async def _patch_workload(executor: Executor, kept: Mapping[str, int], taskings: frozenset[str]) -> Mapping[str, int]:
    if not taskings:
        return kept
    rows = await workload_rows(executor, taskings)
    # The officers of these taskings, counted again (one left without any is left out).
    return patched(kept, (row["officer"] for row in rows), {row["officer"]: row["open"] for row in rows if row["open"]})


def _apply_workload(kept: Mapping[str, int], effects: list[Any]) -> Mapping[str, int]:
    """The open taskings with described changes applied (Changes.describe: `{"open": {officer:
    +1 or -1}}`, a request for assistance, a tasking closed or opened again)."""
    counts: dict[str, int] = {}
    for effect in effects:
        for officer, delta in effect["open"].items():
            counts[officer] = counts.get(officer, kept.get(officer, 0)) + delta
    # A layer over the kept counts, not a copy of every officer's (as a patch read makes); an
    # officer left without open taskings is left out, as when read.
    return patched(kept, counts, {officer: count for officer, count in counts.items() if count > 0})


def open_taskings_changed(tx: Transaction, tasking: str, by: Mapping[str, int]) -> None:
    """Describe the unit's change of this tasking to the open workload (`workload`): how many
    open taskings each officer gained or lost by it, known from what the unit read (a new request:
    its LO +1; closed: its LO -1). Applied to the kept counts after the commit, nothing read."""
    tx.changes.describe("taskings", tasking, {"open": dict(by)})


def open_taskings_unchanged(tx: Transaction, tasking: str) -> None:
    """Describe a change of this tasking that leaves every officer's open taskings as they were
    (its reference given at its transaction's end), unless its unit described its change already:
    the end step of a group commit numbers the other units' requests in the last unit's name."""
    tx.changes.describe("taskings", tasking, {"open": {}}, unless_described=True)


async def _load_settings(executor: Executor) -> Mapping[str, Mapping[str, Any]]:
    rows = await fetch(executor, nq.CHOSEN_SETTINGS)
    return MappingProxyType({row["recipient"]: MappingProxyType(row) for row in rows})


REFERENCE_AREAS = ("reference",)
_REFERENCE = {
    "countries": q.COUNTRIES,
    "regions": q.REGIONS,
    "competences": q.COMPETENCES,
    "services": q.SERVICES,
    "programmes": q.PROGRAMMES,
}
# Each cached value's name in the process cache and the areas of the graph it depends on.
_CACHED: dict[str, tuple[str, tuple[str, ...]]] = {
    **{kind: (statement.name, REFERENCE_AREAS) for kind, statement in _REFERENCE.items()},
    "model": ("directory.model", DirectoryModel.AREAS),
    "officers": ("directory.officers", OFFICER_AREAS),
    "windows": ("directory.windows", WINDOW_AREAS),
    "deputies": (aq.ALL_DEPUTY_LINKS.name, DEPUTY_AREAS),  # setDeputies, and officers' imports
    "workload": (sq.OPEN_WORKLOAD.name, ("taskings",)),
    "settings": (nq.CHOSEN_SETTINGS.name, ("settings",)),  # setNotificationSettings
}
