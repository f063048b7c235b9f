"""Per-request batched, cached reads of the directory (DataLoaders over the batched statements).

One instance lives for one request. Every `load` made in the same tick is answered by one store
statement per loader, so a response's nesting depth, not its width, sets the round trips.
Reference data (countries, regions, competences, services, programmes) is read whole, once per
request: a few hundred rows in one statement.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar

from aiodataloader import DataLoader
from pydantic import BaseModel

from ..domain.models import (
    AvailabilityWindow,
    Competence,
    CompetenceLevel,
    Country,
    Deputy,
    Officer,
    Posting,
    Programme,
    Region,
    Service,
    TaskingEvent,
)
from ..store import Executor, Statement, Transaction
from ..store.queries import directory as q
from ..store.queries import tasking as tq

M = TypeVar("M", bound=BaseModel)


async def fetch(executor: Executor, statement: Statement, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run one read statement in its own read unit of work."""

    async def work(tx: Transaction) -> list[dict[str, Any]]:
        return await tx.run(statement, params)

    return await executor.read(work)


class DirectoryReads:
    def __init__(self, executor: Executor) -> None:
        self.executor = executor
        self.officer = self._by_key(q.OFFICERS_BY_IDS, Officer, "id")
        self.posting = self._by_key(q.POSTINGS_BY_IDS, Posting, "id")
        self.postings_of_officer = self._grouped(q.POSTINGS_BY_OFFICERS, Posting, "officer")
        self.competences_of_officer = self._grouped(q.COMPETENCES_BY_OFFICERS, CompetenceLevel, "officer")
        self.deputies_of_officer = self._grouped(q.DEPUTIES_BY_OFFICERS, Deputy, "officer")
        self.windows_of_officer = self._grouped(q.WINDOWS_BY_OFFICERS, AvailabilityWindow, "officer")
        self.services_served_by_posting = self._codes(q.SERVED_SERVICES_BY_POSTINGS)
        self.accreditations_of_posting = self._codes(q.ACCREDITATIONS_BY_POSTINGS)
        self.programmes_of_posting = self._codes(q.PROGRAMMES_BY_POSTINGS)
        self.events_of_tasking = self._grouped(tq.EVENTS_BY_TASKINGS, TaskingEvent, "tasking")
        self.competences_of_tasking = self._codes(tq.NEEDS_BY_TASKINGS, key="tasking")
        self._reference: dict[str, asyncio.Future[Any]] = {}  # statement name -> its load

    # -- loader factories -----------------------------------------------------------------
    def _loader(self, batch: Callable[[list[str]], Awaitable[list[Any]]]) -> DataLoader:
        return DataLoader(batch_load_fn=batch, max_batch_size=1000)

    def _by_key(self, statement: Statement, model: type[M], key: str) -> DataLoader:
        async def batch(ids: list[str]) -> list[M | None]:
            rows = await fetch(self.executor, statement, {"ids": list(ids)})
            found = {row[key]: model.model_validate(row) for row in rows}
            return [found.get(i) for i in ids]

        return self._loader(batch)

    def _grouped(self, statement: Statement, model: type[M], key: str) -> DataLoader:
        async def batch(ids: list[str]) -> list[list[M]]:
            rows = await fetch(self.executor, statement, {"ids": list(ids)})
            groups: dict[Hashable, list[M]] = defaultdict(list)
            for row in rows:
                groups[row[key]].append(model.model_validate(row))
            return [groups.get(i, []) for i in ids]

        return self._loader(batch)

    def _codes(self, statement: Statement, key: str = "posting") -> DataLoader:
        async def batch(ids: list[str]) -> list[list[str]]:
            rows = await fetch(self.executor, statement, {"ids": list(ids)})
            groups: dict[str, list[str]] = defaultdict(list)
            for row in rows:
                groups[row[key]].append(row["code"])
            return [groups.get(i, []) for i in ids]

        return self._loader(batch)

    def prime_officers(self, officers: Sequence[Officer]) -> None:
        for officer in officers:
            self.officer.prime(officer.id, officer)

    # -- reference data -------------------------------------------------------------------
    async def _all(self, statement: Statement, model: type[M], key: str) -> dict[str, M]:
        task = self._reference.get(statement.name)
        if task is None:

            async def load() -> dict[str, M]:
                rows = await fetch(self.executor, statement)
                return {row[key]: model.model_validate(row) for row in rows}

            task = self._reference[statement.name] = asyncio.ensure_future(load())
        try:
            return await task
        except BaseException:
            self._reference.pop(statement.name, None)  # let a later call try again
            raise

    async def countries(self) -> dict[str, Country]:
        return await self._all(q.COUNTRIES, Country, "iso2")

    async def regions(self) -> dict[str, Region]:
        return await self._all(q.REGIONS, Region, "code")

    async def competences(self) -> dict[str, Competence]:
        return await self._all(q.COMPETENCES, Competence, "code")

    async def services(self) -> dict[str, Service]:
        return await self._all(q.SERVICES, Service, "code")

    async def programmes(self) -> dict[str, Programme]:
        return await self._all(q.PROGRAMMES, Programme, "code")

    async def active_posting(self, officer_id: str, day: date) -> Posting | None:
        postings = await self.postings_of_officer.load(officer_id)
        active = [p for p in postings if p.active_on(day)]
        # A resident posting is the officer's main one when several are active.
        active.sort(key=lambda p: (p.kind != "resident", p.startsOn))
        return active[0] if active else None
