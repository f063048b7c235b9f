"""The engine-neutral executor interface and the errors the store raises.

A use case hands the executor one async function (its unit of work). The executor runs it in one
transaction: all statements commit together or none does. Nothing above the store knows which
engine runs.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from graph_schema import GraphSchema, Migration

from .background import BackgroundWork
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


class StoreChanged(StoreError):
    """A write the engine held back to send with the commit (Transaction.run_expecting) answered
    other than the process expected from its own last commits (the consultation log's head, the
    last reference given): the store changed under it. Nothing of the transaction is written, and
    what the process kept of its last commits (StoreStats.shared) is forgotten, so the unit run
    again reads the store instead."""


# How many generations of each area remember which keys they changed (StoreStats.changes_since):
# a cached value older than that is read whole again.
KEYED_HISTORY = 1024

# The keys a commit changed, per area; an area missing from it changed as a whole.
Keys = Mapping[str, frozenset[str]]
# What this process's last counted commits left of some areas, as StoreStats.settled gives it:
# the areas, and how many statements that may change each had been noted by then.
Settled = tuple[tuple[str, ...], tuple[int, ...]]
# What a unit of work's change of an area amounts to for the process's caches, when its use case
# described it for each key it changed there (Changes.describe): the unit's number and the
# effects, for a cache to apply instead of reading the keys again (usecases/caches.py).
Described = Mapping[str, tuple[int, tuple[Any, ...]]]


def _keys_of(value: Any) -> list[str] | None:
    """The keys a `keyed_by` parameter names: one key, or a list of rows each naming its element
    by `id` (several requests numbered at once); None for anything else (the areas change whole)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(row, dict) and isinstance(row.get("id"), str) for row in value):
        return [row["id"] for row in value]
    return None


class Changes:
    """What the statements of one unit of work may have changed: the areas (statement.AREAS)
    and, for an area every statement changed only for named officers (`Statement.keyed_by`),
    those officers; plus what use cases note for the rest of the unit of work (`notes`, e.g. the
    consultation log's head it wrote; `remember`: for the process too, once committed), and what
    to write at its end, just before the commit (`before_commit`). Units of work committed together
    (the embedded engine's group commit) share their transaction's `notes` and `before_commit`."""

    def __init__(self, stats: StoreStats) -> None:
        self.stats = stats
        self.areas: frozenset[str] = frozenset()
        self._keys: dict[str, set[str] | None] = {}
        self._effects: dict[str, dict[str, Any]] = {}  # area -> key -> what its change amounts to (`describe`)
        self.number: int | None = None  # given as its commit is sent (`committing`)
        self._remembered: list[str] = []  # noted for the process once committed (`remember`)
        self.notes: dict[str, Any] = {}
        # Run in order by the executor once the transaction's units of work are done (`finish`):
        # the consultation records, appended once per transaction (usecases/audit.py), and a
        # request's number (usecases/taskings.py): what Neo4j's write turn covers.
        self.before_commit: list[Callable[[Transaction], Awaitable[None]]] = []

    def note(self, statement: Statement, params: Mapping[str, Any]) -> None:
        if not statement.changes:
            return
        self.stats.noted_change(self, statement.changes - self.areas, statement.changes)
        self.areas |= statement.changes
        keys = _keys_of(params.get(statement.keyed_by)) if statement.keyed_by is not None else None
        for area in statement.changes:
            if keys is None or area not in statement.keyed_areas:
                self._keys[area] = None
            else:
                known = self._keys.setdefault(area, set())
                if known is not None:
                    known.update(keys)

    def leave_out(self, area: str, key: str) -> None:
        """What the unit changed so far of this element of a keyed area leaves what the process's
        caches read of it there as it was (a tasking moved from one open state to another: its
        assignee's open taskings as many as before), so no cache reads it again for this commit,
        here or on another worker. A change of it noted after this counts again."""
        known = self._keys.get(area)
        if known is not None:
            known.discard(key)

    def describe(self, area: str, key: str, effect: Any, *, unless_described: bool = False) -> None:
        """What the unit's whole change of this element of a keyed area amounts to for the values
        the process's caches keep of the area (for the open workload of "taskings":
        `{"open": {officer: +1 or -1}}`), known to the use case from what it read inside the unit.
        A cache then applies it instead of reading the element again after the commit, unless it
        read the store while the unit was under way (caches.ProcessCache says why). Only a commit
        whose every key of the area is described is applied so; another worker reads the keys.
        `unless_described`: what an end step adds (the unit described its own change of the key)."""
        described = self._effects.setdefault(area, {})
        if not (unless_described and key in described):
            described[key] = effect

    def at_end(self, name: str, step: Callable[[Transaction], Awaitable[None]]) -> list[Any]:
        """The transaction's list noted under `name`, for `step` to handle at its end: the first
        unit to ask registers the step (`before_commit`), so the units committed together are
        handled by one step, in the order they added to it."""
        items = self.notes.get(name)
        if items is None:
            items = self.notes[name] = []
            self.before_commit.append(step)
        return items

    def known(self, name: str) -> Any:
        """What this transaction noted under `name`, else what the process's last commits left
        there (StoreStats.shared: e.g. the consultation log's head, the last reference given)."""
        return self.notes.get(name) or self.stats.shared.get(name)

    def remember(self, name: str, value: Any) -> None:
        """Note `value` for the rest of the transaction; the process's (StoreStats.shared) once it
        committed."""
        # By name, not as a closure over this object: that made every unit a reference cycle,
        # left for the cyclic collector (api/collector.py) after its request.
        if name not in self.notes:
            self._remembered.append(name)
        self.notes[name] = value

    @property
    def keys(self) -> dict[str, frozenset[str]]:
        return {area: frozenset(keys) for area, keys in self._keys.items() if keys is not None}

    def expect_committed(self) -> None:
        """What the unit noted for the process, made the process's before its commit is answered:
        the next unit in the write turn chains to it (Neo4jExecutor: the turn given over as the
        COMMIT goes). Should that commit fail, the executor forgets them (StoreStats.shared)."""
        self._share_remembered()
        self._remembered = []  # not again once the COMMIT is answered: a later unit's may be there by then

    def committing(self) -> None:
        """Told by the executor just before it sends the unit's COMMIT: from here until it is
        counted (`committed`), a read of the store may or may not see its change (a read cannot
        see it before: the store shows what committed)."""
        if self.number is None and self.areas:
            self.number = self.stats.unit_committing(self)

    @property
    def described(self) -> dict[str, tuple[int, tuple[Any, ...]]]:
        """The areas whose every changed key the unit described, with its number and the effects."""
        found = {}
        for area, keys in self.keys.items():
            effects = self._effects.get(area, {})
            if self.number is not None and keys <= effects.keys():
                found[area] = (self.number, tuple(effects[key] for key in sorted(keys)))
        return found

    def committed(self) -> None:
        if self.number is not None:  # counted in the same step as its generations (StoreStats.unsure_from)
            self.stats.uncounted.pop(self.number, None)
        self.stats.changed(self.areas, self.keys, self.described)
        self.stats.settle(self)
        self._share_remembered()

    def _share_remembered(self) -> None:
        for name in self._remembered:
            self.stats.shared[name] = self.notes[name]


@dataclass
class StoreStats:
    """Round trips to the engine, in total and per statement: what the N+1 and bench checks read.

    Also a generation per area of the graph (statement.AREAS): bumped each time a unit of work
    that ran a statement changing that area commits (every area for a migration), so the
    per-process caches of what lies there know to read it again (usecases/caches.py). For each
    recent generation it also keeps which officers' part changed, when the commit changed only
    named officers' (Statement.keyed_by): a cache then re-reads just theirs. Another worker's
    commits, heard through the broker (service/broker), bump them too (`changed_elsewhere`);
    only this process's own are told to `on_commit` (the broker passes them on).
    """

    round_trips: int = 0
    by_statement: Counter[str] = field(default_factory=Counter)
    # Write transactions committed: fewer than the units of work when the embedded engine commits
    # units that waited together in one (group commit).
    transactions: int = 0
    # Statements the embedded engine did not send on their own: each unit's statement sent as a
    # row of one statement with other units' (ladybug_side_by_side).
    side_by_side: int = 0
    # Statements Neo4j got inside another: a unit's held writes sent as one (neo4j_held).
    held_together: int = 0
    # Seconds the embedded engine's writer thread spent on write transactions (BEGIN, statements,
    # COMMIT, ROLLBACK), the time it took to get the interpreter lock back included: beside
    # `transactions`, what a commit costs on the writer against what its callers wait for.
    writer_seconds: float = 0.0
    # Neo4j: this process's write turn (Neo4jExecutor._write_turn), taken by a write unit for its
    # end steps and held until its COMMIT is answered: how often, the seconds units waited for it
    # and the seconds it was held. Held seconds against a phase's length is how busy it was: near
    # all of it, the writes queue for the turn; well below, they wait elsewhere (bench/RESULTS.md,
    # issue 22, twenty-fifth session).
    write_turns: int = 0
    write_turn_waited_seconds: float = 0.0
    write_turn_held_seconds: float = 0.0
    # The embedded engine's checkpoints (its log written into the store file), by when they ran:
    # "commit", LadybugDB's own inside the COMMIT that took the log past its threshold (that
    # transaction and every unit queued behind it wait); "pause", lonet's once writes paused.
    checkpoints: Counter[str] = field(default_factory=Counter)
    # The embedded engine's database closed and opened again to give back the memory LadybugDB
    # keeps for what was written since it was opened (LadybugExecutor._reopen).
    reopens: int = 0
    # Requests that waited for a cached value to be read or patched (usecases/caches.py), by the
    # value's name: after a commit, a search waits for the patch of what it changed before it is
    # answered. Beside `transactions`, how much of the writes' cost their readers pay.
    cache_waits: Counter[str] = field(default_factory=Counter)
    generations: Counter[str] = field(default_factory=Counter)
    on_commit: list[Callable[[frozenset[str], Keys], None]] = field(default_factory=list)
    # Told after every change counted here, this process's or another's (the caches patch theirs).
    on_change: list[Callable[[], None]] = field(default_factory=list)
    # area -> generation -> the keys that generation changed (absent: the whole area, or too old)
    keyed: dict[str, dict[int, frozenset[str]]] = field(default_factory=dict)
    # area -> generation -> the committing unit's number and the effects it described of every key
    # it changed there (Changes.describe); absent: not described, or another process's
    described: dict[str, dict[int, tuple[int, tuple[Any, ...]]]] = field(default_factory=dict)
    # Units of work of this process whose COMMIT was sent and that have not been counted (or that
    # failed: gone once collected), by number: a read made meanwhile may or may not see their
    # change (`unsure_from`).
    units_given: int = 0
    uncounted: weakref.WeakValueDictionary[int, Changes] = field(default_factory=weakref.WeakValueDictionary)
    # What use cases keep per store across units of work (the consultation log's committed head).
    shared: dict[str, Any] = field(default_factory=dict)
    # Per area, the statements that may change it noted so far (Changes.note: as a unit sends or
    # holds one, before the engine runs it), and the changes counted (`_count`) besides; and the
    # units of work of this process that noted one and have not been counted. A unit that failed
    # leaves them with its Changes (weakly held). With them the embedded engine, its store's one
    # writer, knows that a part of its store is as a read of this process had it (`settled`,
    # `unchanged_since`), and leaves out the statement that would check it (Transaction.run_expecting).
    noted: Counter[str] = field(default_factory=Counter)
    unsettled: dict[str, weakref.WeakSet[Changes]] = field(default_factory=dict)
    # Statements left out so (the serving check of a request, on the embedded engine).
    proven: Counter[str] = field(default_factory=Counter)

    def record(self, statement: Statement) -> None:
        self.round_trips += 1
        self.by_statement[statement.name] += 1
        counter = request_round_trips.get()
        if counter is not None:
            counter[0] += 1

    def unit_committing(self, changes: Changes) -> int:
        """A number for a unit of work whose COMMIT is about to be sent, kept among the uncounted
        until its commit is counted."""
        self.units_given += 1
        self.uncounted[self.units_given] = changes
        return self.units_given

    def noted_change(self, changes: Changes, first: Iterable[str], areas: Iterable[str]) -> None:
        """A unit of work sends or holds a statement that may change these areas (`first`: those
        it had not noted before)."""
        for area in first:
            self.unsettled.setdefault(area, weakref.WeakSet()).add(changes)
        for area in areas:
            self.noted[area] += 1

    def settle(self, changes: Changes) -> None:
        """The unit's changes are counted (Changes.committed)."""
        for area in changes.areas:
            unsettled = self.unsettled.get(area)
            if unsettled is not None:
                unsettled.discard(changes)

    def settled(self, areas: Iterable[str]) -> Settled | None:
        """Taken before a read of these areas: how many changes of them had been noted; None while
        a unit of work of this process that may change one is under way, or failed and is not gone
        yet (its change may or may not be in the store). A read made after this sees every change
        noted before it: each was committed and counted (or never written)."""
        areas = tuple(sorted(areas))
        if any(self.unsettled.get(area) for area in areas):
            return None
        return areas, tuple(self.noted[area] for area in areas)

    def unchanged_since(self, settled: Settled | None) -> bool:
        """No statement that may change those areas was noted since `settled` was taken, and no
        change of them counted (another worker's, a migration's). Only the store's one writer may
        take it to mean that the store's part is still as read then (LadybugExecutor)."""
        if settled is None:
            return False
        areas, noted = settled
        return tuple(self.noted[area] for area in areas) == noted

    def unsure_from(self) -> tuple[int, frozenset[int]]:
        """Taken as a read of the store starts: the last unit number given, and the units whose
        COMMIT is under way. The read may or may not see those units' changes, nor those of the
        units numbered after it before it ends (`unsure_since`); every other unit's it sees if
        counted, not if not."""
        return self.units_given, frozenset(self.uncounted.keys())

    def unsure_since(self, start: tuple[int, frozenset[int]]) -> frozenset[int]:
        """The units whose change a read that started at `start` (unsure_from) and ends now may or
        may not have seen."""
        given, under_way = start
        return under_way | frozenset(range(given + 1, self.units_given + 1))

    def changed(self, areas: Iterable[str], keys: Keys | None = None, described: Described | None = None) -> None:
        """A unit of work of this process committed, changing these areas (only these keys of
        the areas named in `keys`; with these effects of the areas in `described`)."""
        areas = frozenset(areas)
        keys = {area: frozenset(k) for area, k in (keys or {}).items() if area in areas}
        self._count(areas, keys, described or {})
        if areas:
            for listener in self.on_commit:
                listener(areas, keys)

    def changed_elsewhere(self, areas: Iterable[str], keys: Keys | None = None) -> None:
        """Another process committed a change in these areas (the broker says so)."""
        self._count(areas, keys or {}, {})

    def _count(self, areas: Iterable[str], keys: Keys, described: Described) -> None:
        for area in areas:
            self.generations[area] += 1
            self.noted[area] += 1  # a change not noted here first (another worker's) unsettles too
            generation = self.generations[area]
            history = self.keyed.setdefault(area, {})
            effects = self.described.setdefault(area, {})
            if area in keys:
                history[generation] = frozenset(keys[area])
                history.pop(generation - KEYED_HISTORY, None)
                effects.pop(generation - KEYED_HISTORY, None)
                if area in described:
                    effects[generation] = described[area]
            elif history:
                history.clear()  # a change of the whole area: nothing before it can be patched
                effects.clear()
        for listener in self.on_change:
            listener()

    def changes_since(self, area: str, generation: int) -> list[tuple[frozenset[str], tuple[int, tuple[Any, ...]] | None]] | None:
        """Each change of the area after that generation: its keys, and the committing unit's number
        and effects where it described them; None when the area changed as a whole meanwhile (or
        too long ago to know)."""
        current = self.generations[area]
        if current - generation > KEYED_HISTORY:
            return None
        history, effects = self.keyed.get(area, {}), self.described.get(area, {})
        found = []
        for later in range(generation + 1, current + 1):
            keys = history.get(later)
            if keys is None:
                return None
            found.append((keys, effects.get(later)))
        return found

    def keys_since(self, area: str, generation: int) -> frozenset[str] | None:
        """The keys of the area changed after that generation, or None when the area changed
        as a whole meanwhile (or too long ago to know)."""
        changes = self.changes_since(area, generation)
        return None if changes is None else frozenset().union(*(keys for keys, _ in changes))


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
    changes: Changes  # what it may have changed so far; `after_commit` runs once it committed

    async def run(self, statement: Statement, params: Mapping[str, Any] | None = None) -> list[Row]: ...

    async def run_expecting(
        self, statement: Statement, params: Mapping[str, Any], expected: list[Row], *, as_read: Settled | None = None
    ) -> list[Row] | None:
        """A statement whose answer the caller knows beforehand (`expected`) unless the store
        changed under the process or is not as the unit's own reads had it. Its answer, for the
        caller to compare (and to act otherwise if it differs); or None: the engine holds it back,
        to send with the unit's next statement or with the commit (Neo4j: with the unit's other
        held writes, before its next statement that answers or at its end), and fails the
        transaction (StoreChanged) should it answer anything else: the unit is then run again with
        nothing held back, and sees the answer.
        `as_read`: the expectation comes from a read of the process's that was this settled
        (StoreStats.settled). The embedded engine, its store's one writer, then sends nothing when
        nothing that may change those areas was noted since (StoreStats.unchanged_since): the
        store's answer would be the read's. Neo4j sends it: other processes write its store."""
        ...


async def finish(tx: Transaction) -> None:
    """What the transaction's units of work left for its end (Changes.before_commit), in order;
    the executor calls it after the last unit and before the commit. A failure here fails the
    transaction as a statement of its units would."""
    pending = tx.changes.before_commit
    while pending:
        await pending.pop(0)(tx)


class Executor(Protocol):
    engine: str
    exclusive: bool  # no other process can write this store: nothing it keeps goes stale by time
    # Transaction.run_expecting holds the statement back (the embedded engine): a unit gains by
    # knowing answers beforehand, and may decide on a read made just before it, its held, checked
    # statements telling at the commit whether the store is still so. Neo4j holds a unit's known
    # writes too (neo4j_held), but a read before the unit would cost a transaction of its own there.
    holds_known_answers: bool
    # Counting in a statement (an aggregate) costs the engine less than returning the rows to
    # count: Neo4j's cost is per row returned (one tasking's officer's 40 statuses 2.7-3.8 ms, their
    # count 1.0), LadybugDB's in its aggregate (0.8 ms against 0.12 for the rows): reads.workload_rows.
    counts_in_statements: bool
    stats: StoreStats
    background: BackgroundWork  # the store's work no request waits for (background.py)

    async def read(self, work: Callable[[Transaction], Awaitable[T]]) -> T: ...

    async def fetch(self, statement: Statement, params: Mapping[str, Any] | None = None) -> list[Row]:
        """One read statement in a read unit of work of its own: its rows."""
        ...

    async def write(self, work: Callable[[Transaction], Awaitable[T]], *, claims: frozenset[str] | None = None) -> T:
        """The unit of work in a write transaction. `claims`: the keys of what it writes (its own
        new nodes, the tasking or officer it changes), given when it reads nothing inside the
        transaction that a unit claiming other keys writes; the embedded engine may then run it
        side by side with such units, their statements sent together (ladybug_side_by_side)."""
        ...

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
