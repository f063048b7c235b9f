"""Retention: closed taskings past the retention period lose their free text.

What stays: reference, title, priority, status, legal basis, handling code, dates, the
requesting service, assignee, country, competences and every event (action, actor, time,
states). What goes: `details`, `outcome` and the events' notes (decline and cancel reasons,
reassignment and routing notes), which are free text too.
"""

from datetime import datetime, timezone
from functools import partial

from ..statement import read
from ..statement import write as _write

# Retention's changes to closed taskings change only this area (statement.AREAS):
# committing them leaves the caches of the others (service/usecases/caches.py).
write = partial(_write, changes={"taskings"})

# Only taskings that still hold some free text: a second run finds nothing (idempotent).
RETAINABLE_TASKINGS = read(
    "retention.candidates",
    "MATCH (t:Tasking) WHERE t.status IN $closed AND t.updatedAt < $cutoff "
    "OPTIONAL MATCH (t)-[:HAS_EVENT]->(e:TaskingEvent) WHERE e.note IS NOT NULL "
    "WITH t, count(e) AS notes "
    "OPTIONAL MATCH (t)-[:NAMES]->(s:Subject) "
    "WITH t, notes, count(s) AS subjects "
    "WITH t, notes, (t.contactName IS NOT NULL OR subjects > 0) AS hasForm "
    "WHERE t.details IS NOT NULL OR t.outcome IS NOT NULL OR notes > 0 OR hasForm "
    # The conversation on it is free text too (service/store/queries/conversation.py).
    "OR EXISTS { MATCH (t)-[:HAS_CLARIFICATION]->(:Clarification) } OR EXISTS { MATCH (t)-[:HAS_MESSAGE]->(:TaskingMessage) } "
    "OR EXISTS { MATCH (t)-[:HAS_DELAY]->(:DelayNotice) } "
    "RETURN t.id AS id, t.reference AS reference, t.status AS status, t.updatedAt AS updatedAt, "
    "t.details IS NOT NULL AS hasDetails, t.outcome IS NOT NULL AS hasOutcome, notes, hasForm "
    "ORDER BY updatedAt, id",
    example={"closed": ["COMPLETED", "DECLINED", "CANCELLED"], "cutoff": datetime(2026, 11, 24, tzinfo=timezone.utc)},
)

REMOVE_FREE_TEXT = write(
    "retention.remove_free_text",
    "UNWIND $ids AS i MATCH (t:Tasking {id: i}) SET t.details = NULL, t.outcome = NULL",
    example={"ids": ["T-0001"]},
    unwinds="ids",
)

REMOVE_EVENT_NOTES = write(
    "retention.remove_event_notes",
    "UNWIND $ids AS i MATCH (t:Tasking {id: i})-[:HAS_EVENT]->(e:TaskingEvent) SET e.note = NULL",
    example={"ids": ["T-0014"]},
    unwinds="ids",
)

# The request form's personal data (schema version 8): the contact person, the subjects, and the
# deconfliction links (their match keys name phone numbers, plates and people).
REMOVE_FORM_CONTACT = write(
    "retention.remove_form_contact",
    "UNWIND $ids AS i MATCH (t:Tasking {id: i}) SET t.contactName = NULL, t.contactPhone = NULL, t.contactEmail = NULL",
    example={"ids": ["T-0001"]},
    unwinds="ids",
)

REMOVE_SUBJECTS = write(
    "retention.remove_subjects",
    "UNWIND $ids AS i MATCH (t:Tasking {id: i})-[:NAMES]->(s:Subject) DETACH DELETE s",
    example={"ids": ["T-0002"]},
    unwinds="ids",
)

# Either end: LadybugDB refuses to delete a relationship matched undirected (graph_schema/CYPHER.md).
REMOVE_DECONFLICTIONS = write(
    "retention.remove_deconflictions",
    "MATCH (a:Tasking)-[m:DECONFLICTS_WITH]->(b:Tasking) WHERE a.id IN $ids OR b.id IN $ids DELETE m",
    example={"ids": ["T-0002"]},
)
