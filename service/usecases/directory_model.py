"""The directory's read model: what search and coverage need of the whole network, in memory.

A large network has thousands of postings. Asking the store for the candidates of a search (the
postings covering a country by the network's one rule, service/domain/coverage.py), then which
of them serve the requester and which of their officers have the competence, then their records,
cost a dozen statements per search; the
directory itself changes only when an administrator or an import changes it. So the postings
(where they are, what they are accredited to, whom they serve), the officers' competence levels,
the officers and their availability windows are read whole, a handful of statements, and kept per
process (caches.py): a write that may change them (statement.AREAS) makes the next request read
them again. What changes with every request for assistance (open taskings) is still read per
search.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from cachetools import LRUCache
from pydantic import BaseModel

from ..domain.coverage import COVERING_ROUTES, NetworkPosting, routes_of
from ..domain.enums import PostingKind, Route
from ..domain.models import AvailabilityWindow, CompetenceLevel, Officer, Posting
from ..store import Executor, Statement, Transaction
from ..domain.gatherings import ATTENDANCE_STATUS
from ..store.queries import directory as q
from ..store.queries import gatherings as gq

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
Row = dict[str, Any]

# Answers kept per kind with the model (remember); coverage reports pass their own, smaller bound.
MEMO_ENTRIES = 4096
# The areas (statement.AREAS) each part of the read model depends on. Writes to the directory
# claim every area; the narrow ones (an LO's status, windows, deputies) only their own.
OFFICER_AREAS = ("availability", "directory")
WINDOW_AREAS = ("windows", "directory")
DEPUTY_AREAS = ("deputies", "directory")


async def fetch(executor: Executor, statement: Statement, params: Mapping[str, Any] | None = None) -> list[Row]:
    """Run one read statement in its own read unit of work (use cases import it from reads)."""
    return await executor.fetch(statement, params)


_GONE: Any = object()  # in a Patched mapping's changes: the key was removed


class Patched(Mapping[str, T]):
    """A read-only mapping made from a kept one with a few keys replaced or removed, without
    copying it: after an LO's change, the next search must not copy 5,000 officers, windows or
    deputy lists to replace one (about 3 ms per search on the full network: bench/RESULTS.md,
    issue 22). Made by `patched`, which keeps one layer of changes over the base and folds them
    into a new mapping once they grow (so lookups stay two dict probes at most)."""

    __slots__ = ("base", "changes", "_len")

    def __init__(self, base: Mapping[str, T], changes: dict[str, Any]) -> None:
        self.base, self.changes = base, changes
        added = sum(1 for key, value in changes.items() if value is not _GONE and key not in base)
        removed = sum(1 for key, value in changes.items() if value is _GONE and key in base)
        self._len = len(base) + added - removed

    def __getitem__(self, key: str) -> T:
        found = self.changes.get(key, self)
        if found is self:
            return self.base[key]
        if found is _GONE:
            raise KeyError(key)
        return found

    def get(self, key: str, default: Any = None) -> Any:
        found = self.changes.get(key, self)
        if found is self:
            return self.base.get(key, default)
        return default if found is _GONE else found

    def __contains__(self, key: object) -> bool:
        found = self.changes.get(key, self)  # type: ignore[call-overload]
        return key in self.base if found is self else found is not _GONE

    def __iter__(self) -> Iterator[str]:
        changes = self.changes
        yield from (key for key in self.base if key not in changes)
        yield from (key for key, value in changes.items() if value is not _GONE)

    def __len__(self) -> int:
        return self._len


# Changes kept over a base before they are folded into a new mapping: lookups stay cheap and a
# patch copies at most this many entries (a whole copy then and again after as many more).
FOLD_AT = 256


def patched(kept: Mapping[str, T], keys: Iterable[str], fresh: Mapping[str, T]) -> Mapping[str, T]:
    """`kept` with these keys' values replaced by `fresh`'s (a key `fresh` lacks is gone); `kept`
    is left as it is (requests may be using it)."""
    base, changes = (kept.base, dict(kept.changes)) if isinstance(kept, Patched) else (kept, {})
    for key in keys:
        changes[key] = fresh.get(key, _GONE)
    changes.update(fresh)
    if len(changes) > FOLD_AT:
        return MappingProxyType(dict(Patched(base, changes).items()))
    return Patched(base, changes)


class Validated(Mapping[str, M], Generic[M]):
    """Store rows by key, each validated into its model when first looked up: most answers show
    a few of the thousands of records a whole network has.

    A copy with some records replaced (`replaced`) shares this one's rows (a Patched mapping) and
    the models validated from them; only the replaced records' models are its own."""

    def __init__(
        self, model: type[M], rows: Mapping[str, Row], shared: dict[str, M] | None = None, own: dict[str, M] | None = None
    ) -> None:
        self._model = model
        self._rows = rows
        # Models of the base rows, filled by every copy patched from the same base (their rows
        # are the same); models of the rows changed since the base, this copy's alone.
        self._shared: dict[str, M] = {} if shared is None else shared
        self._own: dict[str, M] = {} if own is None else own
        self._changed: Mapping[str, Any] = rows.changes if isinstance(rows, Patched) else {}

    def __getitem__(self, key: str) -> M:
        models = self._own if key in self._changed else self._shared
        found = models.get(key)
        if found is None:
            found = models[key] = self._model.model_validate(self._rows[key])
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def row(self, key: str) -> Row:
        return self._rows[key]

    def replaced(self, keys: Iterable[str], rows: Iterable[Row]) -> Validated[M]:
        """A copy with the records of these keys replaced by these rows (a key without a row is
        gone); this one is left as it is (requests may be using it)."""
        keys = set(keys)
        fresh = {row["id"]: row for row in rows}
        changed = patched(self._rows, keys, fresh)
        if isinstance(changed, Patched):  # the same base: its models still hold for the rows not changed
            own = {key: model for key, model in self._own.items() if key not in keys}
            return Validated(self._model, changed, self._shared, own)
        # Folded into a new base: the models of the rows this patch left alone carry over (a
        # shared model of a row changed since the base is that of the row before the change).
        models = {key: model for key, model in self._shared.items() if key not in self._changed and key not in keys}
        models.update((key, model) for key, model in self._own.items() if key not in keys)
        return Validated(self._model, changed, models)


def _kind_of(key: Hashable) -> Hashable:
    """The kind of a remembered answer: its key's first item."""
    return key[0] if isinstance(key, tuple) and key else key


def _active(row: Row, day: date) -> bool:
    return row["startsOn"] <= day and (row["endsOn"] is None or day <= row["endsOn"])


class DirectoryModel:
    """Every posting (with where it is located, the countries it is accredited to, its declared
    area of responsibility and the services it serves) and every officer's competence levels.
    Shared by the requests of a process: never changed after it is built."""

    AREAS = ("directory",)

    def __init__(
        self, postings: list[Row], served: list[Row], accredited: list[Row], levels: list[Row], areas: list[Row] = ()
    ) -> None:
        self.postings: Validated[Posting] = Validated(Posting, {row["id"]: row for row in postings})
        self.serves: Mapping[str, frozenset[str]] = {row["posting"]: frozenset(row["codes"]) for row in served}
        self.serves_all: frozenset[str] = frozenset(row["id"] for row in postings if row.get("servesAll"))
        self.accreditations: Mapping[str, frozenset[str]] = {row["posting"]: frozenset(row["codes"]) for row in accredited}
        self.areas: Mapping[str, frozenset[str]] = {row["posting"]: frozenset(row["codes"]) for row in areas}
        skills: dict[str, dict[str, int]] = defaultdict(dict)
        for row in levels:
            skills[row["officer"]][row["code"]] = row["level"]
        self.skills: Mapping[str, Mapping[str, int]] = skills
        # Inverted: the postings covering each country (by the one rule, with their route), the
        # postings linked to each service, the officers holding each competence.
        covered_by: dict[str, list[tuple[Row, Route]]] = defaultdict(list)
        held: dict[str, list[Row]] = defaultdict(list)
        of_kind: dict[str, list[Row]] = defaultdict(list)
        for row in postings:  # in id order
            held[row["officer"]].append(row)
            of_kind[row["kind"]].append(row)
            routes = routes_of(
                row["country"], row["kind"], self.accreditations.get(row["id"], ()), self.areas.get(row["id"], ())
            )
            for iso2, route in routes.items():
                covered_by[iso2].append((row, route))
        self._all, self._covered_by, self._held = postings, covered_by, held
        # A search without matches offers the multilateral LOs: a few dozen postings of 12,000
        # (walking them all was 2 ms of every such search on the benchmark network).
        self._of_kind: Mapping[str, list[Row]] = of_kind
        serving: dict[str, set[str]] = defaultdict(set)
        for posting, codes in self.serves.items():
            for code in codes:
                serving[code].add(posting)
        self._linked: Mapping[str, frozenset[str]] = {code: frozenset(ids) for code, ids in serving.items()}
        holders: dict[str, dict[str, int]] = defaultdict(dict)
        for officer, skills_of in skills.items():
            for code, level in skills_of.items():
                holders[code][officer] = level
        self.holders: Mapping[str, Mapping[str, int]] = holders
        self._remembered: dict[Hashable, LRUCache[Hashable, Any]] = {}

    @classmethod
    async def load(cls, executor: Executor) -> DirectoryModel:
        postings, served, accredited, levels, areas = await asyncio.gather(
            fetch(executor, q.ALL_POSTINGS),
            fetch(executor, q.SERVED_SERVICES_OF_ALL_POSTINGS),
            fetch(executor, q.ACCREDITATIONS_OF_ALL_POSTINGS),
            fetch(executor, q.COMPETENCE_LEVELS_OF_ALL_OFFICERS),
            fetch(executor, q.AREAS_OF_ALL_POSTINGS),
        )
        return cls(postings, served, accredited, levels, areas)

    def remember(
        self, key: Hashable, make: Callable[[], T], valid: Callable[[T], bool] = lambda _: True, *, limit: int = MEMO_ENTRIES
    ) -> T:
        """What `make` computes from this model (and the key), kept with it: the model never
        changes, so neither does the answer (`valid` checks what else it was computed from).
        At most `limit` answers of a kind (the key's first item) are kept, the least recently
        used going first: a kind's answers may be large (a coverage report is about 1 MB)."""
        if limit <= 0:
            return make()
        kind = _kind_of(key)
        kept = self._remembered.get(kind)
        if kept is None or kept.maxsize != limit:
            kept = self._remembered[kind] = LRUCache(maxsize=limit)
        found = kept.get(key)
        if found is not None and valid(found):
            return found
        found = kept[key] = make()
        return found

    def network_postings(self) -> Mapping[str, NetworkPosting]:
        """Every posting as the coverage rule sees it, by id, made once per model: each keeps the
        routes it covers once asked (finding them again for every report was two thirds of
        computing a coverage report on the full network, issue 22)."""

        def make() -> Mapping[str, NetworkPosting]:
            return {
                row["id"]: NetworkPosting(
                    row["id"], row["officer"], row["country"], PostingKind(row["kind"]), row["startsOn"], row["endsOn"],
                    self.accreditations.get(row["id"], frozenset()), self.serves.get(row["id"], frozenset()),
                    self.areas.get(row["id"], frozenset()), row["id"] in self.serves_all,
                )
                for row in self._all
            }

        return self.remember(("network postings",), make, limit=1)

    def recall(self, key: Hashable) -> Any | None:
        """The answer kept for the key, whatever else it was computed from (None: none kept)."""
        kept = self._remembered.get(_kind_of(key))
        return None if kept is None else kept.get(key)

    def remembered(self, kind: Hashable) -> int:
        """How many answers of a kind are kept (tests, observability)."""
        return len(self._remembered.get(kind, ()))

    def covering(self, country: str, day: date) -> list[tuple[str, str, Route]]:
        """Each officer covering the country on the day by their own posting (DIRECT, ACCREDITED,
        AREA: service/domain/coverage.py), once, by their best route, with the posting it goes
        through: (officer, posting, route); postings in id order. The DEPUTY route depends on who
        is unavailable on the day: the caller adds it (coverage.stand_ins). Remembered per
        country and day."""

        def best_routes() -> list[tuple[str, str, Route]]:
            order = COVERING_ROUTES.index
            best: dict[str, tuple[str, str, Route]] = {}
            for row, route in self._covered_by.get(country, ()):
                if _active(row, day):
                    current = best.get(row["officer"])
                    if current is None or order(route) < order(current[2]):
                        best[row["officer"]] = (row["officer"], row["id"], route)
            return list(best.values())

        return self.remember(("covering", country, day), best_routes)

    def serves_service(self, posting: str, service: str) -> bool:
        """Whether the posting works for the service: it serves all, or is linked to it."""
        return posting in self.serves_all or posting in self._linked.get(service, frozenset())

    # What the directory's GraphQL fields show (the DataLoaders of reads.py answer from here), in
    # the order the store's statements give: postings newest first, levels highest first, codes.
    def postings_of(self, officer: str) -> list[Posting]:
        rows = sorted(self._held.get(officer, ()), key=lambda row: row["startsOn"], reverse=True)
        return [self.postings[row["id"]] for row in rows]

    def competences_of(self, officer: str) -> list[CompetenceLevel]:
        levels = sorted(self.skills.get(officer, {}).items(), key=lambda item: (-item[1], item[0]))
        return [CompetenceLevel(officer=officer, code=code, level=level) for code, level in levels]

    def served_by(self, posting: str, every_service: Iterable[str] = ()) -> list[str]:
        """The services the posting works for: `every_service` when it serves all."""
        return sorted(every_service if posting in self.serves_all else self.serves.get(posting, ()))

    def area(self, posting: str) -> list[str]:
        return sorted(self.areas.get(posting, ()))

    def accredited(self, posting: str) -> list[str]:
        return sorted(self.accreditations.get(posting, ()))

    def active_postings(self, officer: str, day: date) -> list[str]:
        """The officer's postings active on the day, by id."""
        return [row["id"] for row in self._held.get(officer, ()) if _active(row, day)]

    def active_of_kind(self, kind: str, day: date) -> Iterator[tuple[str, str]]:
        """(officer, posting) of the postings of a kind active on the day, by id."""
        rows = self._of_kind.get(getattr(kind, "value", kind), ())  # an enum member hashes by its name
        return ((row["officer"], row["id"]) for row in rows if _active(row, day))

    def not_ended(self, day: date) -> list[Row]:
        """Every posting not ended before the day (active, or starting later), by id."""
        return [row for row in self._all if row["endsOn"] is None or row["endsOn"] >= day]


async def rows_by_keys(
    executor: Executor, keys: Iterable[str], many: Statement, one: Statement, params: Mapping[str, Any] | None = None
) -> list[Row]:
    """The rows of these keys: by `one` (`$id`) when there is one, the usual patch after one
    LO's change or one tasking's (a key looked up in its index: LadybugDB scans the whole label
    for `IN $ids`), else by `many` (`$ids`)."""
    ordered = sorted(keys)
    if len(ordered) == 1:
        return await fetch(executor, one, {**(params or {}), "id": ordered[0]})
    return await fetch(executor, many, {**(params or {}), "ids": ordered})


async def load_officers(executor: Executor) -> Validated[Officer]:
    return Validated(Officer, {row["id"]: row for row in await fetch(executor, q.ALL_OFFICERS)})


async def patch_officers(executor: Executor, kept: Validated[Officer], officers: frozenset[str]) -> Validated[Officer]:
    """The kept officers with these officers' records read again (one statement)."""
    if not officers:
        return kept
    return kept.replaced(officers, await rows_by_keys(executor, officers, q.OFFICERS_BY_IDS, q.OFFICER_BY_ID))


def apply_officers(kept: Validated[Officer], effects: list[Any]) -> Validated[Officer]:
    """The kept officers with the records their changes described (`{"officer": row}`: the record
    as availability.set_status wrote and answered it, the columns officer_by_id reads), the
    latest of each officer's (effects come in the order of their commits)."""
    rows = {effect["officer"]["id"]: effect["officer"] for effect in effects}
    return kept.replaced(rows.keys(), rows.values())


def officer_record_changed(tx: Transaction, row: Row) -> None:
    """Describe the unit's change of this officer's record (area `availability`, which the kept
    officers' records follow) as the record written."""
    tx.changes.describe("availability", row["id"], {"officer": row})


def _windows(rows: Iterable[Row]) -> dict[str, list[AvailabilityWindow]]:
    """Windows by officer, earliest first: planned absences and the days of the gatherings they
    attend (ON_MISSION, noted with the gathering; its id is the window's)."""
    windows: dict[str, list[AvailabilityWindow]] = defaultdict(list)
    for row in rows:
        place = row["place"] if row["attending"] else None
        windows[row["officer"]].append(AvailabilityWindow.model_validate({**row, "gatheringPlace": place}))
    for officer_windows in windows.values():
        officer_windows.sort(key=lambda w: (w.startsOn, w.id))
    return windows


async def load_windows(executor: Executor) -> Mapping[str, list[AvailabilityWindow]]:
    """Every officer's windows: one availability for search, coverage and the officer's record alike."""
    return MappingProxyType(dict(_windows(await fetch(executor, gq.ALL_WINDOWS, {"attendanceStatus": ATTENDANCE_STATUS.value}))))


async def patch_windows(
    executor: Executor, kept: Mapping[str, list[AvailabilityWindow]], officers: frozenset[str]
) -> Mapping[str, list[AvailabilityWindow]]:
    """The kept windows with these officers' read again (one statement)."""
    if not officers:
        return kept
    rows = await rows_by_keys(
        executor, officers, gq.WINDOWS_BY_OFFICERS, gq.WINDOWS_OF_OFFICER, {"attendanceStatus": ATTENDANCE_STATUS.value}
    )
    return patched(kept, officers, _windows(rows))
