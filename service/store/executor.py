"""The engine-neutral executor interface and the errors the store raises.

A use case hands the executor one async function (its unit of work). The executor runs it in one
transaction: all statements commit together or none does. Nothing above the store knows which
engine runs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from graph_schema import GraphSchema, Migration

from .statement import Statement

T = TypeVar("T")
Row = dict[str, Any]


class StoreError(Exception):
    """A statement failed for a reason that is not the caller's input (a bug or an outage)."""

    def __init__(self, message: str, *, statement: str | None = None) -> None:
        super().__init__(message)
        self.statement = statement


class StoreUnavailable(StoreError):
    """The database cannot be reached (or is held by another process)."""


class DuplicateKey(StoreError):
    """A write would create a second node with the same key."""


class InvalidBookmark(StoreError):
    """A caller sent a bookmark the cluster does not know (not one lonet gave out)."""


class WrongMode(StoreError):
    """A write statement was run inside a read unit of work."""


@dataclass
class StoreStats:
    """Round trips to the engine, in total and per statement: what the N+1 and bench checks read.

    Also a generation per area of the graph (statement.AREAS): bumped each time a unit of work
    that ran a statement changing that area commits (every area for a migration), so the
    per-process caches of what lies there know to read it again (usecases/caches.py). Another
    worker's commits, heard through the broker (service/broker), bump them too
    (`changed_elsewhere`); only this process's own are told to `on_commit` (the broker passes
    them on).
    """

    round_trips: int = 0
    by_statement: Counter[str] = field(default_factory=Counter)
    generations: Counter[str] = field(default_factory=Counter)
    on_commit: list[Callable[[frozenset[str]], None]] = field(default_factory=list)

    def record(self, statement: Statement) -> None:
        self.round_trips += 1
        self.by_statement[statement.name] += 1
        counter = request_round_trips.get()
        if counter is not None:
            counter[0] += 1

    def changed(self, areas: Iterable[str]) -> None:
        """A unit of work of this process committed, changing these areas."""
        areas = frozenset(areas)
        self.changed_elsewhere(areas)
        if areas:
            for listener in self.on_commit:
                listener(areas)

    def changed_elsewhere(self, areas: Iterable[str]) -> None:
        """Another process committed a change in these areas (the broker says so)."""
        for area in areas:
            self.generations[area] += 1


# Set per request (a one-item list, mutated in place) so a request can report its own round trips.
request_round_trips: ContextVar[list[int] | None] = ContextVar("request_round_trips", default=None)

# Causal consistency on a Neo4j cluster: the bookmarks a caller sent with its request (its own
# last write, maybe made through another worker) that this request's reads must see, and, set
# per request to a list the executor fills, the bookmarks of the writes this request made.
# The embedded engine has one copy of the data and ignores both.
# When the request being served must have its answer (the event loop's clock): every unit of
# work of the request shares what is left, so a request that needs the store several times
# still gives up within the store timeout in an outage. None outside requests (the CLI).
request_deadline: ContextVar[float | None] = ContextVar("request_deadline", default=None)

caller_bookmarks: ContextVar[tuple[str, ...]] = ContextVar("caller_bookmarks", default=())
written_bookmarks: ContextVar[list[str] | None] = ContextVar("written_bookmarks", default=None)


class Transaction(Protocol):
    async def run(self, statement: Statement, params: Mapping[str, Any] | None = None) -> list[Row]: ...


class Executor(Protocol):
    engine: str
    stats: StoreStats

    async def read(self, work: Callable[[Transaction], Awaitable[T]]) -> T: ...

    async def write(self, work: Callable[[Transaction], Awaitable[T]]) -> T: ...

    async def apply_migration(
        self, migration: Migration, record: Callable[[Transaction], Awaitable[None]]
    ) -> None: ...

    async def bootstrap(self, schema: GraphSchema) -> None: ...

    async def ping(self) -> None: ...

    async def close(self) -> None: ...


def prepare_call(
    statement: Statement, params: Mapping[str, Any] | None, writable: bool, stats: StoreStats
) -> dict[str, Any] | None:
    """What every executor does before sending a statement: the parameters to send, or None
    when there is nothing to do (a bulk statement over an empty list, which LadybugDB could not
    even bind)."""
    if statement.mode == "write" and not writable:
        raise WrongMode(f"write statement {statement.name} run in a read unit of work", statement=statement.name)
    params = dict(params or {})
    if statement.unwinds is not None and not params.get(statement.unwinds):
        return None
    stats.record(statement)
    return params
