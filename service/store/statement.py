"""Named Cypher statements: the one place every query lives, enumerable by the lint and tests.

Each statement is written once in the Cypher subset that both LadybugDB and Neo4j run: one label
per node, values always as `$parameters` (temporal values too), no pattern comprehensions, no
APOC, no parameter names that are Cypher keywords.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any


class Mode(StrEnum):
    READ = "read"
    WRITE = "write"


@dataclass(frozen=True)
class Statement:
    name: str
    cypher: str
    mode: Mode
    # Parameters that make the statement meaningful on the demo network; the contract tests
    # execute every registered statement with them on each engine.
    example: Mapping[str, Any] = field(default_factory=dict)
    # Bulk statements UNWIND a list parameter; LadybugDB cannot bind an empty list, so the
    # executors skip the call when this parameter is empty (it would change nothing anyway).
    unwinds: str | None = None
    # What a write may change (AREAS): when its unit of work commits, the executor bumps those
    # areas' generations (`stats.generations`) and the per-process caches built on them
    # (usecases/caches.py) read again. Every area unless a query module declares fewer
    # (tests/store/test_change_areas.py checks each declaration against the statement's Cypher).
    changes: frozenset[str] = frozenset()
    # The parameter naming the one element whose part of those areas the write changes, if it
    # changes only that (an officer's availability, windows, deputies; a tasking; a sequence), or
    # a list of rows each naming its element by `id` (the requests numbered at a transaction's end):
    # the caches then re-read that part instead of the whole area (usecases/caches.py), here and on
    # every worker the broker tells. tests/store/test_change_areas.py checks the Cypher binds the
    # element to it and writes nothing that is not reached from it.
    keyed_by: str | None = None
    # The areas whose part `keyed_by` names (all it changes, unless the query module says fewer):
    # the others change as a whole (a request numbered at its end: its tasking, keyed; the
    # sequence and the notifications queued of it, which no cache reads by key, whole).
    keyed_areas: frozenset[str] = frozenset()
    # LadybugDB may send it for several units of work side by side as one statement over their
    # rows (ladybug_side_by_side). Set where measured faster on the full network: a form can lose
    # an index lookup (tasking.by_id over 25 rows took 0.4 s, against 0.6 ms a row alone).
    side_by_side: bool = False
    # That form written out, where the one made from the Cypher plans badly: `$lonet_rows` as
    # there, and `$lonet_keys_<param>` the distinct values of one parameter over the rows, for an
    # index lookup to start from (ladybug_side_by_side).
    side_by_side_form: str | None = None

    @property
    def answers_nothing(self) -> bool:
        """A write without a RETURN anywhere: it always answers no rows, so its caller cannot be
        waiting for any (the embedded engine may send it with the statement after it)."""
        return self.mode == Mode.WRITE and not _has_return(self.cypher)


# A parameter named in a statement's Cypher (`$name`): what the engines' ways of sending several
# statements or rows as one rename (ladybug_side_by_side, neo4j_held).
PARAMETER = re.compile(r"\$([A-Za-z_]\w*)")


@lru_cache(maxsize=None)
def _has_return(cypher: str) -> bool:
    return re.search(r"\bRETURN\b", cypher, re.IGNORECASE) is not None


# The parts of the graph the per-process caches follow (usecases/caches.py).
AREAS = frozenset({
    "reference",  # countries, regions, competences, services, programmes
    "directory",  # officers' records, postings and their links, competence levels, deputies
    # An LO's availability in three areas, so that a change to one re-reads only its own (the
    # first search after a setAvailability must not wait for windows and deputies read again).
    "availability",  # officers' availability status and note, and when their record last changed
    "windows",  # officers' absence windows
    "deputies",  # who stands in for whom
    "taskings",  # taskings and their events
    # Apart, so that a request's patches are of its tasking alone (no cache reads the sequences).
    "sequences",  # the taskings' reference numbers
    "audit",  # the consultation log
    "notifications",  # the outbox, requesters, leases
    # Apart, so that queueing notifications (every change of a tasking) leaves the cached
    # settings alone: they change only when a user saves theirs.
    "settings",  # users' notification settings (e-mails turned off, language, calendar token)
})


REGISTRY: dict[str, Statement] = {}


def _define(
    name: str,
    cypher: str,
    mode: Mode,
    example: Mapping[str, Any] | None,
    unwinds: str | None,
    changes: frozenset[str] = frozenset(),
    keyed_by: str | None = None,
    keyed_areas: frozenset[str] | None = None,
    side_by_side: bool = False,
    side_by_side_form: str | None = None,
) -> Statement:
    if name in REGISTRY:
        raise ValueError(f"statement {name!r} is defined twice")
    if not changes <= AREAS:
        raise ValueError(f"statement {name!r} names unknown areas {sorted(changes - AREAS)}")
    keyed = frozenset() if keyed_by is None else changes if keyed_areas is None else keyed_areas
    if not keyed <= changes:
        raise ValueError(f"statement {name!r} keys areas it does not change: {sorted(keyed - changes)}")
    if side_by_side_form is not None and not side_by_side:
        raise ValueError(f"statement {name!r} has a side-by-side form but is not sent side by side")
    form = None if side_by_side_form is None else " ".join(side_by_side_form.split())
    statement = Statement(
        name, " ".join(cypher.split()), mode, dict(example or {}), unwinds, frozenset(changes), keyed_by, keyed, side_by_side, form
    )
    REGISTRY[name] = statement
    return statement


def read(
    name: str,
    cypher: str,
    *,
    example: Mapping[str, Any] | None = None,
    side_by_side: bool = False,
    side_by_side_form: str | None = None,
) -> Statement:
    return _define(name, cypher, Mode.READ, example, None, side_by_side=side_by_side, side_by_side_form=side_by_side_form)


def write(
    name: str,
    cypher: str,
    *,
    example: Mapping[str, Any] | None = None,
    unwinds: str | None = None,
    changes: frozenset[str] | set[str] = AREAS,
    keyed_by: str | None = None,
    keyed_areas: frozenset[str] | set[str] | None = None,
    side_by_side: bool = False,
) -> Statement:
    keyed = None if keyed_areas is None else frozenset(keyed_areas)
    return _define(name, cypher, Mode.WRITE, example, unwinds, frozenset(changes), keyed_by, keyed, side_by_side)


def all_statements() -> list[Statement]:
    """Every registered statement (imports each query module so none is missed)."""
    from . import queries  # noqa: F401  (registers on import)

    return sorted(REGISTRY.values(), key=lambda s: s.name)
