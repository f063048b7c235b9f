"""Neo4j's write turn given over as a unit's COMMIT goes (Neo4jExecutor._write_turn): each unit
locks a marker of its own, a sequence no other unit uses meanwhile, with the writes it sends
before its end; the unit the turn goes to waits on that lock in its end steps, so on Neo4j they
run after the first's commit, whichever arrives first. The markers are this process's, named by
a prefix of its own, and removed when it closes."""

from functools import partial

from ..statement import write

# Markers are sequences of their own, each named (the keyed part of the area: no cache reads them).
_marker = partial(write, example={"name": "write-turn:example:0"}, changes={"sequences"}, keyed_by="name")
_LOCK = "MATCH (q:Sequence {name: $name}) SET q.value = q.value + 1"

MAKE_MARKER = _marker("write_turn.make_marker", "MERGE (q:Sequence {name: $name}) ON CREATE SET q.value = 0")

# Before the unit's end, with its held writes: the marker's lock, held to the unit's commit.
LOCK_MARKER = _marker("write_turn.lock_marker", _LOCK)

# First of the next unit's end steps: waits for the lock above, so for the first unit's commit.
AFTER_MARKER = _marker("write_turn.after_marker", _LOCK)

FORGET_MARKERS = write(
    "write_turn.forget_markers",
    "MATCH (q:Sequence) WHERE q.name STARTS WITH $prefix DELETE q",
    example={"prefix": "write-turn:example:"},
    changes={"sequences"},
)
