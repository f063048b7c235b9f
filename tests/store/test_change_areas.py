"""What each write statement says it may change (statement.AREAS) is true of its Cypher.

The per-process caches (service/usecases/caches.py) are read again after a commit that changed an
area they depend on, so a statement that claims fewer areas than it writes would leave a cache
stale. Writes claim every area unless their query module says otherwise; each narrower claim is
checked here against what the statement's write clauses touch: labels created, merged, set or
deleted, and relationship types created, merged or deleted.
"""

from __future__ import annotations

import re

from service.store import Mode, StoreStats, all_statements
from service.store.executor import Changes
from service.store.queries import tasking as tq
from service.store.statement import AREAS

# What each area holds: node labels (any property, or only some) and relationship types.
HOLDS: dict[str, dict[str, set[str] | None]] = {
    "taskings": {"Tasking": None, "TaskingEvent": None, "REQUESTED": None, "ASSIGNED_TO": None,
                 "CONCERNS": None, "NEEDS": None, "HAS_EVENT": None, "Subject": None, "NAMES": None,
                 "DECONFLICTS_WITH": None, "Clarification": None, "TaskingMessage": None,
                 "DelayNotice": None, "HAS_CLARIFICATION": None, "HAS_MESSAGE": None, "HAS_DELAY": None},
    "sequences": {"Sequence": None},
    "audit": {"AuditRecord": None, "Sequence": None},
    "notifications": {"Notification": None, "TaskingRequester": None, "Lease": None},
    "settings": {"NotificationSettings": None},
    "availability": {"Officer": {"availability", "availabilityNote", "updatedAt", "version"}},
    "windows": {"AvailabilityWindow": None, "HAS_WINDOW": None},
    "deputies": {"DEPUTISED_BY": None},
}
WRITE_CLAUSE = re.compile(r"\b(CREATE|MERGE|SET|DELETE|DETACH DELETE|REMOVE)\b(.*?)(?=\b(?:MATCH|OPTIONAL MATCH|WITH|UNWIND|RETURN|CREATE|MERGE|SET|DELETE|DETACH DELETE|REMOVE|ON CREATE|ON MATCH|WHERE)\b|$)")


def variables(cypher: str) -> dict[str, str]:
    """Each node or relationship variable and its label or type."""
    bound = dict(re.findall(r"\((\w+):(\w+)", cypher))
    bound.update(re.findall(r"\[(\w+):(\w+)", cypher))
    return bound


def written(cypher: str) -> set[tuple[str, str | None]]:
    """(label or relationship type, property or None for the whole element) the statement writes."""
    bound = variables(cypher)
    touched: set[tuple[str, str | None]] = set()
    for clause, body in WRITE_CLAUSE.findall(cypher):
        if clause in ("CREATE", "MERGE"):
            touched |= {(label, None) for label in re.findall(r"\(\w*:(\w+)", body)}
            touched |= {(rel, None) for rel in re.findall(r"\[\w*:(\w+)", body)}
        elif clause == "SET":  # the assigned properties, not the values read (`n.a = r.a, n.b = r.b`)
            touched |= {(bound.get(var, f"?{var}"), prop) for var, prop in re.findall(r"\b(\w+)\.(\w+)\s*=", body)}
        elif clause == "REMOVE":
            touched |= {(bound.get(var, f"?{var}"), prop) for var, prop in re.findall(r"\b(\w+)\.(\w+)\s*(?:,|$)", body)}
        else:  # DELETE, DETACH DELETE
            touched |= {(bound.get(var, f"?{var}"), None) for var in re.findall(r"\w+", body)}
    return touched


def allowed(areas: frozenset[str], label: str, prop: str | None) -> bool:
    for area in areas:
        holds = HOLDS.get(area, {})
        if label in holds and (holds[label] is None or (prop is not None and prop in holds[label])):
            return True
    return False


def test_the_parser_sees_what_a_write_touches() -> None:
    cypher = "MATCH (o:Officer {id: $id}) WHERE o.version = 1 SET o.availability = $s, o.name = $n " \
             "CREATE (o)-[:HAS_WINDOW]->(w:AvailabilityWindow {id: $w}) WITH o MATCH (o)-[d:DEPUTISED_BY]->(:Officer) DELETE d"
    assert written(cypher) == {
        ("Officer", "availability"), ("Officer", "name"), ("HAS_WINDOW", None), ("AvailabilityWindow", None),
        ("DEPUTISED_BY", None),
    }
    assert not allowed(frozenset({"availability"}), "Officer", "name")
    assert not allowed(frozenset({"availability"}), "AvailabilityWindow", None)  # the windows area


def test_every_narrower_claim_covers_what_the_statement_writes() -> None:
    narrower = [s for s in all_statements() if s.mode is Mode.WRITE and s.changes != AREAS]
    assert narrower, "the tasking, audit and availability statements claim fewer areas"
    wrong = {
        s.name: sorted(f"{label}.{prop or '*'}" for label, prop in written(s.cypher) if not allowed(s.changes, label, prop))
        for s in narrower
    }
    assert {name: w for name, w in wrong.items() if w} == {}
    assert all(written(s.cypher) for s in narrower), "each write statement writes something the parser sees"


def test_reads_claim_nothing_and_every_claim_names_known_areas() -> None:
    for statement in all_statements():
        if statement.mode is Mode.READ:
            assert statement.changes == frozenset(), statement.name
        else:
            assert statement.changes and statement.changes <= AREAS, statement.name


def test_a_keyed_write_changes_only_what_is_reached_from_the_element_it_names() -> None:
    """A write claiming to change only one element's part of its areas (`keyed_by`: an officer,
    a tasking, a sequence; the caches then re-read just that part, here and on the other
    workers) must bind that element by the parameter and write nothing not reached from it in
    those areas (`keyed_areas`; what it writes in its other areas changes them whole)."""
    keyed = [s for s in all_statements() if s.keyed_by is not None]
    assert {s.name for s in keyed} >= {"availability.set_status", "availability.add_window", "tasking.transition", "tasking.create"}
    for statement in keyed:
        key = statement.keyed_by
        # The element by the parameter, or each row of it by its `id` (several requests numbered).
        anchored = re.search(rf"\((\w+):(\w+) \{{(?:id|name): \${key}[,}}]", statement.cypher)
        row = re.search(rf"UNWIND \${key} AS (\w+) ", statement.cypher)
        if not anchored and row:
            anchored = re.search(rf"\((\w+):(\w+) \{{id: {row.group(1)}\.id[,}}]", statement.cypher)
        assert anchored, f"{statement.name}: no element bound to ${key}"
        assert statement.keyed_areas and statement.keyed_areas <= statement.changes, statement.name
        element, kind = anchored.groups()
        bound = variables(statement.cypher)
        at = rf"\({element}(?::{kind} \{{[^}}]*\}})?\)"  # the element, as bound or named again
        whole = statement.changes - statement.keyed_areas
        for label, prop in written(statement.cypher):
            if allowed(whole, label, prop) and not allowed(statement.keyed_areas, label, prop):
                continue  # an area the key does not name: it changes as a whole
            variable = next((v for v, other in bound.items() if other == label), "")
            reached = (
                variable == element
                or re.search(rf"{at}-\[\w*:{label}\b", statement.cypher)  # its relationship
                or re.search(rf"-\[\w*:{label}\b[^\]]*\]->{at}", statement.cypher)  # a relationship into it
                or re.search(rf"{at}-\[[^\]]*\]->\({variable}[:)]", statement.cypher)  # a node it links
            )
            assert reached, f"{statement.name} writes {label} not reached from the element it names"


def test_a_keyed_write_names_its_element_only_in_the_areas_it_keys() -> None:
    """Requests numbered at their transaction's end: each tasking's part of the taskings (the open
    workload patched for their officers alone), the sequence and the notifications as a whole."""
    changes = Changes(StoreStats())
    changes.note(tq.NUMBER_REQUESTS_CHAINED, tq.NUMBER_REQUESTS_CHAINED.example)
    assert changes.areas == {"taskings", "sequences", "notifications"}
    assert changes.keys == {"taskings": frozenset({"T-0001", "T-0002"})}  # each request of the rows


def test_an_element_left_out_is_not_read_again_unless_changed_after() -> None:
    stats = StoreStats()
    changes = Changes(stats)
    changes.note(tq.TRANSITION, {**tq.TRANSITION.example, "id": "T-0001"})
    changes.note(tq.ADD_EVENT_FOR, {**tq.ADD_EVENT_FOR.example, "tasking": "T-0001"})
    changes.leave_out("taskings", "T-0001")  # its open taskings' count as it was
    assert changes.areas >= {"taskings"} and changes.keys["taskings"] == frozenset()
    changes.note(tq.TRANSITION, {**tq.TRANSITION.example, "id": "T-0001"})  # a change after it counts
    assert changes.keys["taskings"] == {"T-0001"}

    read_at = stats.generations["taskings"]
    left_out = Changes(stats)
    left_out.note(tq.TRANSITION, {**tq.TRANSITION.example, "id": "T-0002"})
    left_out.leave_out("taskings", "T-0002")
    left_out.committed()
    assert stats.keys_since("taskings", read_at) == frozenset()  # a patch that reads nothing


def test_a_cache_can_patch_only_while_every_change_since_named_its_keys() -> None:
    stats = StoreStats()
    stats.changed({"availability", "audit"}, {"availability": {"LO-001"}})
    read_at = stats.generations["availability"]
    stats.changed({"availability"}, {"availability": {"LO-002"}})
    stats.changed_elsewhere({"availability"}, {"availability": frozenset({"LO-003"})})  # another worker's

    assert stats.keys_since("availability", read_at) == {"LO-002", "LO-003"}
    assert stats.keys_since("availability", stats.generations["availability"]) == frozenset()
    assert stats.keys_since("audit", 0) is None  # changed as a whole

    stats.changed({"availability"})  # an import: the whole area
    assert stats.keys_since("availability", read_at) is None
    assert stats.keys_since("availability", 0) is None


def test_a_change_is_described_only_when_every_key_it_changed_in_the_area_is() -> None:
    """A cache applies a unit's described change instead of reading it again only when the unit
    described each tasking it changed: one it did not describe is read, with the rest."""
    stats = StoreStats()
    read_at = stats.generations["taskings"]
    whole = Changes(stats)
    whole.note(tq.TRANSITION, {**tq.TRANSITION.example, "id": "T-0001"})
    whole.describe("taskings", "T-0001", {"open": {"LO-001": -1}})
    partly = Changes(stats)
    partly.note(tq.TRANSITION, {**tq.TRANSITION.example, "id": "T-0002"})
    partly.note(tq.TRANSITION, {**tq.TRANSITION.example, "id": "T-0003"})
    partly.describe("taskings", "T-0002", {"open": {"LO-001": 1}})
    assert stats.unsure_from() == (0, frozenset())  # nothing a read could see yet
    whole.committing()
    partly.committing()
    assert stats.unsure_from() == (2, frozenset({whole.number, partly.number}))  # both COMMITs sent

    whole.committed()
    partly.committed()

    assert stats.changes_since("taskings", read_at) == [
        (frozenset({"T-0001"}), (whole.number, ({"open": {"LO-001": -1}},))),
        (frozenset({"T-0002", "T-0003"}), None),
    ]
    assert stats.unsure_from() == (2, frozenset())
    stats.changed_elsewhere({"taskings"}, {"taskings": frozenset({"T-0004"})})  # another worker's: never described
    assert stats.changes_since("taskings", read_at)[-1] == (frozenset({"T-0004"}), None)
