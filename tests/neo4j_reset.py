"""Putting the shared Neo4j test database back to the demo network, fast.

Neo4j Community has one user database, so the contract tests share it. Loading the demo network
takes about a second there, and most tests change only a corner of it (a tasking, a consultation
record): after loading, the whole graph is read once into a snapshot; after a test, only the
labels and relationship types of the areas its committed writes declared (statement.AREAS,
checked against each statement's Cypher by tests/store/test_change_areas.py) are deleted and
written again from the snapshot. A write to the directory or the reference data declares
everything: then the graph is compared with the snapshot (two reads) and only what differs is
written again (an administrator's test changes a corner; writing it all again took twice as long).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncDriver, AsyncGraphDatabase, Driver, GraphDatabase

from graph_schema import SCHEMA
from service.settings import Settings
from service.store.statement import AREAS

# Node labels and relationship types each area may write (tests/store/test_change_areas.py holds
# the finer, per-property version; here a whole label is put back).
_TASKINGS = {
    "Tasking", "TaskingEvent", "Subject", "REQUESTED", "ASSIGNED_TO", "CONCERNS", "NEEDS", "HAS_EVENT",
    "NAMES", "DECONFLICTS_WITH", "Clarification", "TaskingMessage", "DelayNotice", "HAS_CLARIFICATION", "HAS_MESSAGE",
    "HAS_DELAY",
}
_AUDIT = {"AuditRecord", "Sequence"}
_SEQUENCES = {"Sequence"}
_AVAILABILITY = {"Officer"}
_WINDOWS = {"AvailabilityWindow", "HAS_WINDOW"}
_DEPUTIES = {"DEPUTISED_BY"}
_NOTIFICATIONS = {"Notification", "TaskingRequester", "Lease"}
_SETTINGS = {"NotificationSettings"}
_NARROW = {
    "taskings": _TASKINGS, "sequences": _SEQUENCES, "audit": _AUDIT, "availability": _AVAILABILITY, "windows": _WINDOWS, "deputies": _DEPUTIES,
    "notifications": _NOTIFICATIONS, "settings": _SETTINGS,
}
_EVERYTHING = {n.label for n in SCHEMA.nodes} | {r.type for r in SCHEMA.relationships}


def elements_of(areas: set[str]) -> set[str]:
    """The labels and types to put back after writes that declared `areas`."""
    held: set[str] = set()
    for area in areas:
        held |= _NARROW.get(area, _EVERYTHING)  # reference and directory: everything
    return held


KEYS = {n.label: n.key for n in SCHEMA.nodes}
ENDS = {r.type: (r.source, r.target) for r in SCHEMA.relationships}


@dataclass
class Snapshot:
    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # per type: (source key, target key, properties)
    relationships: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # The canonical form of each label's and type's rows, made on first comparison: the snapshot
    # never changes, and canonicalising it again on every comparison cost as much as the graph's.
    canonical: dict[str, list[str]] = field(default_factory=dict)

    def canonical_of(self, element: str) -> list[str]:
        if element not in self.canonical:
            rows = self.nodes[element] if element in self.nodes else self.relationships[element]
            self.canonical[element] = _canonical(rows)
        return self.canonical[element]


def driver_for(settings: Settings) -> AsyncDriver:
    return AsyncGraphDatabase.driver(
        settings.neo4j_uri, auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value())
    )


_drivers: dict[tuple[str, str], Driver] = {}


def _driver(settings: Settings) -> Driver:
    """One blocking driver per server for the whole run, kept between tests: an async driver
    belongs to its test's event loop, and opening one per reset cost a Bolt log-in each time (the
    server's password hashing was 7% of its CPU) and the async driver's per-record overhead."""
    key = (settings.neo4j_uri, settings.neo4j_password.get_secret_value())
    if key not in _drivers:
        _drivers[key] = GraphDatabase.driver(settings.neo4j_uri, auth=(settings.neo4j_user, key[1]))
    return _drivers[key]


def close_drivers() -> None:
    for driver in _drivers.values():
        driver.close()
    _drivers.clear()


async def take(settings: Settings) -> Snapshot:
    snapshot = Snapshot()
    with _driver(settings).session(database=settings.neo4j_database) as session:
        for label in KEYS:
            result = session.run(f"MATCH (n:{label}) RETURN properties(n) AS p")
            snapshot.nodes[label] = [record["p"] for record in result]
        for rel, (source, target) in ENDS.items():
            result = session.run(
                f"MATCH (a:{source})-[r:{rel}]->(b:{target}) "
                f"RETURN a.{KEYS[source]} AS a, b.{KEYS[target]} AS b, properties(r) AS p"
            )
            snapshot.relationships[rel] = [dict(record) for record in result]
    return snapshot


# Which node is which in one statement over the whole graph: each label's key, by label.
_KEY_OF = "CASE " + " ".join(f"WHEN {{v}}:{label} THEN {{v}}.{key}" for label, key in KEYS.items()) + " END"


def _canonical(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(repr(sorted(row.items())) for row in rows)


async def differing(settings: Settings, snapshot: Snapshot) -> set[str]:
    """The labels and types whose elements are not exactly the snapshot's: the whole graph read in
    two statements (far cheaper than writing it all again after a write to the directory, whose
    area is everything but which changes a corner of it)."""
    nodes: dict[str, list[dict[str, Any]]] = {label: [] for label in KEYS}
    relationships: dict[str, list[dict[str, Any]]] = {rel: [] for rel in ENDS}
    unknown: set[str] = set()
    # One record per label and per type, each holding all its rows: the async driver's cost is per
    # record, and a record per element cost more than the comparison itself.
    with _driver(settings).session(database=settings.neo4j_database) as session:
        nodes_cypher = "MATCH (n) UNWIND labels(n) AS label RETURN label, collect(properties(n)) AS rows"
        for record in session.run(nodes_cypher):
            nodes[record["label"]].extend(record["rows"]) if record["label"] in nodes else unknown.add(record["label"])
        relationships_cypher = (
            "MATCH (a)-[r]->(b) RETURN type(r) AS type, "
            f"collect({{a: {_KEY_OF.format(v='a')}, b: {_KEY_OF.format(v='b')}, p: properties(r)}}) AS rows"
        )
        for record in session.run(relationships_cypher):
            rows, rel = record["rows"], record["type"]
            relationships[rel].extend(rows) if rel in relationships else unknown.add(rel)
    assert not unknown, f"elements the graph model does not declare: {unknown}"
    elements = {**nodes, **relationships}
    return {
        element for element, rows in elements.items()
        if len(rows) != len(snapshot.canonical_of(element)) or _canonical(rows) != snapshot.canonical_of(element)
    }


async def restore(settings: Settings, snapshot: Snapshot, areas: set[str]) -> None:
    """Put back every element of the changed areas. For the narrow areas (a tasking, a
    consultation record) each of their labels is written again; for the directory and reference
    areas (everything) only what differs from the snapshot."""
    held = elements_of(areas)
    if held == _EVERYTHING:
        held = await differing(settings, snapshot)
        if not held:
            return
    await restore_elements(settings, snapshot, held)


async def restore_elements(settings: Settings, snapshot: Snapshot, held: set[str]) -> None:
    """Delete and write again these labels and types (and the types touching these labels), in
    one transaction."""
    labels = [label for label in KEYS if label in held]
    types = [rel for rel in ENDS if rel in held or ENDS[rel][0] in held or ENDS[rel][1] in held]

    def work(tx: Any) -> None:
        for rel in ENDS:
            if rel in held:  # may run between nodes that stay
                tx.run(f"MATCH ()-[r:{rel}]->() DELETE r").consume()
        for label in labels:
            tx.run(f"MATCH (n:{label}) DETACH DELETE n").consume()
        for label in labels:
            if snapshot.nodes[label]:
                tx.run(f"UNWIND $rows AS p CREATE (n:{label}) SET n = p", rows=snapshot.nodes[label]).consume()
        for rel in types:
            rows = snapshot.relationships[rel]
            if rows:
                source, target = ENDS[rel]
                tx.run(
                    f"UNWIND $rows AS row MATCH (a:{source} {{{KEYS[source]}: row.a}}) "
                    f"MATCH (b:{target} {{{KEYS[target]}: row.b}}) CREATE (a)-[r:{rel}]->(b) SET r = row.p",
                    rows=rows,
                ).consume()

    with _driver(settings).session(database=settings.neo4j_database) as session:
        session.execute_write(work)


def changed_areas(generations: dict[str, int], before: dict[str, int]) -> set[str]:
    return {area for area in AREAS if generations.get(area, 0) != before.get(area, 0)}
