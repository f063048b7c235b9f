"""Taskings (requests for assistance): creation, transitions, events, and the scoped lists."""

from datetime import datetime, timezone
from functools import partial

from ..statement import read
from ..statement import write as _write
from .request_form import FORM_EXAMPLE

# Taskings and their events change only this area (statement.AREAS), reference sequences only
# theirs: committing them leaves the caches of the others (service/usecases/caches.py). Each names
# the tasking (or sequence) it changes (`keyed_by`), so the open workload is counted again only for
# the officers of those taskings; a reassignment (two officers' workload) changes the area as a whole.
write = partial(_write, changes={"taskings"})

_NOW = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)

# The year's next numbers for the requests of a transaction: the sequence advanced by as many.
NEXT_REFERENCES = write(
    "tasking.next_references",
    "MERGE (q:Sequence {name: $name}) ON CREATE SET q.value = 0 WITH q SET q.value = q.value + $howMany RETURN q.value AS value",
    example={"name": "tasking-reference-2099", "howMany": 2},
    changes={"sequences"},
    keyed_by="name",
)

# The requests of a transaction numbered at its end (Neo4jExecutor._write_turn says why there; the
# embedded engine commits the requests that queued together in one transaction): each row a
# request created with a provisional reference, its reference and the notifications queued of it,
# each by its key (`IN` would scan them all). Every request queues at least one notification (its
# assignee's).
_NUMBER_ROWS = (
    "UNWIND $rows AS r MATCH (t:Tasking {id: r.id}) SET t.reference = r.reference "
    "WITH r UNWIND r.notifications AS queued MATCH (n:Notification {id: queued}) SET n.reference = r.reference "
)
_NUMBER_EXAMPLE = [
    {"id": "T-0001", "reference": "BNL-2099-000002", "notifications": ["N-EXAMPLE"]},
    {"id": "T-0002", "reference": "BNL-2099-000003", "notifications": ["N-EXAMPLE"]},
]
NUMBER_REQUESTS = write(
    "tasking.number_requests",
    _NUMBER_ROWS,
    example={"rows": _NUMBER_EXAMPLE},
    unwinds="rows",
    changes={"taskings", "notifications"},
    keyed_by="rows",
    keyed_areas={"taskings"},  # the notifications: whole (no cache reads them by key)
)

# The usual numbering, in one statement: the process knows the number it gave last (the turn and
# the embedded engine's single writer make it the sequence's value, unless another process numbered
# a request since), so it advances the sequence by the transaction's requests and numbers them only
# if the sequence reaches the number expected; else nothing is numbered (numbered: 0) and the caller
# reads the number it advanced to, still holding the sequence's lock (tasking.reference_sequence).
# MATCHed, not MERGEd: a process that knows the number it gave last made the sequence (were it
# gone, nothing is numbered and the caller's fallback makes it); a MERGE cost ~0.12 ms more.
NUMBER_REQUESTS_CHAINED = write(
    "tasking.number_requests_chained",
    "MATCH (q:Sequence {name: $name}) SET q.value = q.value + $howMany "
    f"WITH q WHERE q.value = $expected {_NUMBER_ROWS}RETURN count(DISTINCT r.id) AS numbered",
    example={"name": "tasking-reference-2099", "howMany": 2, "expected": 2, "rows": _NUMBER_EXAMPLE},
    changes={"taskings", "notifications", "sequences"},
    keyed_by="rows",
    keyed_areas={"taskings"},  # the notifications and the sequence: whole (no cache reads them by key)
)

REFERENCE_SEQUENCE = read(
    "tasking.reference_sequence",
    "MATCH (q:Sequence {name: $name}) RETURN q.value AS value",
    example={"name": "tasking-reference-2026"},
)

LINK_NEEDS = write(
    "tasking.link_needs",
    "UNWIND $codes AS code MATCH (t:Tasking {id: $id}) MATCH (k:Competence {code: code}) CREATE (t)-[:NEEDS]->(k)",
    example={"id": "T-0001", "codes": ["CYBER"]},
    unwinds="codes",
    keyed_by="id",
    side_by_side=True,  # LadybugDB, full network: 25 rows 0.8 ms, one by one 5 (ladybug_side_by_side)
)

# The event keeps the assignee after it (who declined, to whom it went): run after any reassignment.
# The assignee walked from the tasking (ONE_TASKING says why): over 25 units' rows 65 -> 2.9 ms,
# one by one 15 -> 18 ms.
_CREATE_EVENT = (
    "CREATE (e:TaskingEvent {{id: $id, at: $at, actor: $actor, action: $action, fromStatus: $fromStatus, "
    "toStatus: $toStatus, note: $note, assignee: {assignee}}}) CREATE (t)-[:HAS_EVENT]->(e)"
)
ADD_EVENT = write(
    "tasking.add_event",
    "MATCH (t:Tasking {id: $tasking}) OPTIONAL MATCH (t)-[:ASSIGNED_TO]->(o:Officer) " + _CREATE_EVENT.format(assignee="o.id"),
    example={
        "tasking": "T-0001",
        "id": "E-EXAMPLE",
        "at": _NOW,
        "actor": "LO-001",
        "action": "ACCEPTED",
        "fromStatus": "REQUESTED",
        "toStatus": "ACCEPTED",
        "note": None,
    },
    keyed_by="tasking",
    side_by_side=True,  # LadybugDB, full network: 25 rows 2.9 ms, one by one 18 (ladybug_side_by_side)
)

# The same with the assignee given, where the unit knows it (a change of state): 15 units' rows
# 3.2 -> 1.9 ms on LadybugDB, full network.
ADD_EVENT_FOR = write(
    "tasking.add_event_for",
    "MATCH (t:Tasking {id: $tasking}) " + _CREATE_EVENT.format(assignee="$assignee"),
    example={**ADD_EVENT.example, "id": "E-EXAMPLE-FOR", "assignee": "LO-001"},
    keyed_by="tasking",
    side_by_side=True,
)

# The version check and the change are one statement: of two concurrent transitions given the
# same version, the second matches nothing (CONFLICT). The first SET takes the tasking's write
# lock before the version is compared: Neo4j evaluates a WHERE on the committed state it read
# without a lock, so checking first let 5 of 20 simultaneous accepts through (graph_schema/CYPHER.md).
TRANSITION = write(
    "tasking.transition",
    "MATCH (t:Tasking {id: $id}) SET t.updatedAt = $now "
    "WITH t WHERE t.version = $version AND t.status = $fromStatus "
    "SET t.status = $toStatus, t.version = t.version + 1 "
    "RETURN t.version AS version",
    example={"id": "T-0001", "version": 1, "fromStatus": "REQUESTED", "toStatus": "ACCEPTED", "now": _NOW},
    keyed_by="id",
    side_by_side=True,  # LadybugDB, full network: 25 rows 0.7 ms, one by one 2.9 (ladybug_side_by_side)
)

# The LO's answer with their handling code and 4x4 evaluation, and whether the deadline was kept.
SET_OUTCOME = write(
    "tasking.set_outcome",
    "MATCH (t:Tasking {id: $id}) SET t.outcome = $outcome, t.outcomeHandlingCode = $outcomeHandlingCode, "
    "t.outcomeHandlingNote = $outcomeHandlingNote, t.sourceReliability = $sourceReliability, "
    "t.informationAssessment = $informationAssessment, t.deadlineMissed = $deadlineMissed, "
    "t.deadlineMissedSeconds = $deadlineMissedSeconds",
    example={
        "id": "T-0001",
        "outcome": "Address confirmed",
        "outcomeHandlingCode": "H2",
        "outcomeHandlingNote": None,
        "sourceReliability": "B",
        "informationAssessment": 2,
        "deadlineMissed": True,
        "deadlineMissedSeconds": 7200,
    },
    keyed_by="id",
)

# The H2 consents of the request's provider and of the outcome's (the use case passes both).
SET_SHARING_CONSENT = write(
    "tasking.set_sharing_consent",
    "MATCH (t:Tasking {id: $id}) SET t.requestSharingConsent = $requestConsent, t.outcomeSharingConsent = $outcomeConsent",
    example={"id": "T-0002", "requestConsent": True, "outcomeConsent": False},
    keyed_by="id",
)

REASSIGN = write(
    "tasking.reassign",
    "MATCH (t:Tasking {id: $id})-[a:ASSIGNED_TO]->(:Officer) MATCH (n:Officer {id: $assignee}) "
    "DELETE a CREATE (t)-[:ASSIGNED_TO]->(n)",
    example={"id": "T-0001", "assignee": "LO-003"},
)

_TASKING = (
    "t.id AS id, t.reference AS reference, t.title AS title, t.details AS details, t.priority AS priority, "
    "t.status AS status, t.legalBasis AS legalBasis, t.handlingCode AS handlingCode, t.outcome AS outcome, "
    "t.dueBy AS dueBy, t.createdAt AS createdAt, t.updatedAt AS updatedAt, t.version AS version, "
    "s.code AS requestingService, o.id AS assignee, c.iso2 AS country, t.accessibility AS accessibility, "
    "t.handlingNote AS handlingNote, t.outcomeHandlingCode AS outcomeHandlingCode, "
    "t.outcomeHandlingNote AS outcomeHandlingNote, t.sourceReliability AS sourceReliability, "
    "t.informationAssessment AS informationAssessment, t.requestSharingConsent AS requestSharingConsent, "
    "t.outcomeSharingConsent AS outcomeSharingConsent, t.deadlineMissed AS deadlineMissed, "
    "t.deadlineMissedSeconds AS deadlineMissedSeconds, t.contactName AS contactName, t.contactPhone AS contactPhone, "
    "t.contactEmail AS contactEmail, t.caseNumber AS caseNumber, t.judicialAuthority AS judicialAuthority, "
    "t.authorisationReference AS authorisationReference, t.replyLanguage AS replyLanguage, t.awaitingSince AS awaitingSince, t.resumeStatus AS resumeStatus"
)
_MATCH = (
    "MATCH (s:Service)-[:REQUESTED]->(t:Tasking)-[:ASSIGNED_TO]->(o:Officer) MATCH (t)-[:CONCERNS]->(c:Country) "
)

# One tasking by its key: written as `{id: $id}`, a primary-key lookup; `t.id IN $ids` makes
# LadybugDB scan every tasking (22 ms instead of 0.3 on the benchmark network's 200,000). Then its
# requesting service, assignee and country, each walked from it (every tasking has the three:
# tasking.create writes them with it, a reassignment replaces the assignee in one statement).
# As one MATCH with the lookup, LadybugDB plans the relationships as joins against
# every relationship of their type when the statement runs over several units' rows (25 rows:
# 411 ms; so, 3.2 ms), and alone it is faster too (25 one by one: 14.4 -> 10.0 ms).
ONE_TASKING = (
    "MATCH (t:Tasking {id: $id}) OPTIONAL MATCH (s:Service)-[:REQUESTED]->(t) "
    "OPTIONAL MATCH (t)-[:ASSIGNED_TO]->(o:Officer) OPTIONAL MATCH (t)-[:CONCERNS]->(c:Country) "
)

TASKING_BY_ID = read(
    "tasking.by_id",
    f"{ONE_TASKING}RETURN {_TASKING}",
    example={"id": "T-0001"},
    side_by_side=True,  # LadybugDB, full network: 25 rows 3.2 ms, one by one 10 (ladybug_side_by_side)
)

# For a change of the tasking, read at its unit of work's start: the tasking, and what its
# notifications need of its parties (the fields of notifications.PARTIES_OF_TASKING, which a change
# that leaves the parties as they were then need not read: one statement and one trip fewer).
TASKING_AND_PARTIES_BY_ID = read(
    "tasking.by_id_with_parties",
    f"{ONE_TASKING}OPTIONAL MATCH (q:TaskingRequester {{tasking: $id}}) RETURN {_TASKING}, "
    "t.id AS tasking, o.id AS officer, o.email AS officerEmail, o.languages AS officerLanguages, s.code AS service, "
    "s.country AS serviceCountry, s.mailbox AS mailbox, q.subject AS requester, q.email AS requesterEmail",
    example={"id": "T-0001"},
    side_by_side=True,  # as tasking.by_id and notifications.parties_of_tasking
)

# A request as one statement: the tasking with its form, links and first event. It answers with
# what the request's notifications need of the assignee and the requesting service (as
# notifications.PARTIES_OF_TASKING), not with the tasking: the use case has every value it wrote.
CREATE_TASKING = write(
    "tasking.create",
    "MATCH (s:Service {code: $requestingService}) MATCH (c:Country {iso2: $country}) MATCH (o:Officer {id: $assignee}) "
    "CREATE (t:Tasking {id: $id, reference: $reference, title: $title, details: $details, priority: $priority, "
    "status: $status, legalBasis: $legalBasis, handlingCode: $handlingCode, handlingNote: $handlingNote, "
    "accessibility: $accessibility, requestSharingConsent: false, outcomeSharingConsent: false, "
    "dueBy: $dueBy, createdAt: $createdAt, updatedAt: $updatedAt, version: $version, "
    "contactName: $contactName, contactPhone: $contactPhone, contactEmail: $contactEmail, caseNumber: $caseNumber, "
    "judicialAuthority: $judicialAuthority, authorisationReference: $authorisationReference, replyLanguage: $replyLanguage}) "
    "CREATE (s)-[:REQUESTED]->(t) CREATE (t)-[:CONCERNS]->(c) CREATE (t)-[:ASSIGNED_TO]->(o) "
    "CREATE (e:TaskingEvent {id: $event, at: $createdAt, actor: $actor, action: 'REQUESTED', toStatus: $status, "
    "note: $note, assignee: o.id}) CREATE (t)-[:HAS_EVENT]->(e) "
    "RETURN o.email AS officerEmail, o.languages AS officerLanguages, s.country AS serviceCountry, s.mailbox AS mailbox",
    example={
        "id": "T-EXAMPLE",
        "reference": "BNL-2099-000001",
        "title": "Example",
        "details": "Example details",
        "priority": "ROUTINE",
        "legalBasis": "BENELUX_POLICE_TREATY_2018",
        "handlingCode": "H0",
        "handlingNote": None,
        "accessibility": "INDIRECT",
        "status": "REQUESTED",
        "version": 1,
        "dueBy": datetime(2026, 12, 1, 12, tzinfo=timezone.utc),
        "createdAt": _NOW,
        "updatedAt": _NOW,
        "requestingService": "BE-FEDPOL",
        "country": "RS",
        "assignee": "LO-001",
        **FORM_EXAMPLE,
        "event": "E-EXAMPLE-REQUESTED",
        "actor": "BE-FEDPOL:inv.example",
        "note": "routed automatically",
    },
    keyed_by="id",
    side_by_side=True,  # LadybugDB, full network: 32 rows 8 ms, one by one 66 (ladybug_side_by_side)
)

# The caller's READ_TASKING scope (service/usecases/scope.py), on a tasking `t` requested by `s`
# and assigned to `o`: every tasking, or those of the listed services, or those assigned to the
# officer. Nothing else: an empty list of services is no service, never every service.
SCOPE = "($allServices = true OR s.code IN $scopeServices OR o.id = $scopeAssignee) "
SCOPE_EXAMPLE = {"allServices": False, "scopeServices": ["BE-FEDPOL", "NL-POLITIE", "LU-POLICE"], "scopeAssignee": "LO-001"}

# The list filters both finders share; sentinels instead of nulls (graph_schema/CYPHER.md).
# Newest first; the cursor is (createdAt, id) of the last row seen. A backward page (last/before)
# reads oldest first from the cursor on, and the use case turns its rows round. The cursor's row
# is left out by its id as well: on Neo4j the stored createdAt of that row compared greater than
# the same instant given back as a parameter (measured: a backward page repeated its cursor's row).
_FILTERS = (
    f"{SCOPE}"
    "AND (size($statuses) = 0 OR t.status IN $statuses) "
    "AND ($priority = '' OR t.priority = $priority) "
    "AND ($country = '' OR c.iso2 = $country) "
    "AND ($requestingService = '' OR s.code = $requestingService) "
    # While awaiting information the clock stands still at awaitingSince (null otherwise).
    "AND ($useOverdue = false OR (t.dueBy < coalesce(t.awaitingSince, $now) AND t.status IN $openStates) = $overdue) "
    "AND ($useCursor = false OR ((t.createdAt {older} $cursorAt OR (t.createdAt = $cursorAt AND t.id {older} $cursorId)) "
    "AND t.id <> $cursorId)) "
)
_FILTER_EXAMPLE = {
    **SCOPE_EXAMPLE,
    "statuses": [],
    "priority": "",
    "country": "",
    "requestingService": "",
    "useOverdue": False,
    "overdue": True,
    "now": _NOW,
    "openStates": ["REQUESTED", "ACCEPTED", "IN_PROGRESS", "AWAITING_INFORMATION"],
    "useCursor": False,
    "cursorAt": _NOW,
    "cursorId": "",
    "pageSize": 10,
}

# Taskings of any assignee within the caller's services (a manager's or an investigator's list).
_FIND_TASKINGS = f"{_MATCH}WHERE {_FILTERS}RETURN {_TASKING} ORDER BY createdAt {{newest}}, id {{newest}} LIMIT $pageSize"
FIND_TASKINGS = read("tasking.find", _FIND_TASKINGS.format(older="<", newest="DESC"), example=_FILTER_EXAMPLE)
FIND_TASKINGS_BACKWARD = read("tasking.find_backward", _FIND_TASKINGS.format(older=">", newest="ASC"), example=_FILTER_EXAMPLE)

# An officer's taskings (an LO's inbox, or any list filtered by assignee), from the officer: the
# general statement above scans every tasking (40 ms instead of 9 on the benchmark network). The
# competences each tasking needs come along (the page's `competences` fields need no statement).
_FIND_TASKINGS_OF_ASSIGNEE = (
    "MATCH (o:Officer {{id: $assignee}})<-[:ASSIGNED_TO]-(t:Tasking) MATCH (s:Service)-[:REQUESTED]->(t) "
    f"MATCH (t)-[:CONCERNS]->(c:Country) WHERE {_FILTERS}"
    "WITH t, s, o, c ORDER BY t.createdAt {newest}, t.id {newest} LIMIT $pageSize "
    "OPTIONAL MATCH (t)-[:NEEDS]->(k:Competence) "
    f"RETURN {_TASKING}, collect(k.code) AS needs ORDER BY createdAt {{newest}}, id {{newest}}"
)
FIND_TASKINGS_OF_ASSIGNEE = read(
    "tasking.find_of_assignee",
    _FIND_TASKINGS_OF_ASSIGNEE.format(older="<", newest="DESC"),
    example={**_FILTER_EXAMPLE, "assignee": "LO-001"},
)
FIND_TASKINGS_OF_ASSIGNEE_BACKWARD = read(
    "tasking.find_of_assignee_backward",
    _FIND_TASKINGS_OF_ASSIGNEE.format(older=">", newest="ASC"),
    example={**_FILTER_EXAMPLE, "assignee": "LO-001"},
)

# The taskings of a list, each by its key, and then what hangs off each one. On LadybugDB
# `t.id IN $ids` scans every tasking, and a lookup per id followed by a relationship in the same
# MATCH is planned as a join against every relationship of that type (HAS_EVENT: 725,000 on the
# benchmark network): 31 ms (events) and 106 ms (open workload) for three taskings. An OPTIONAL
# MATCH after the lookup walks from each tasking found instead: 2-3 ms. Each tasking once
# (DISTINCT), as `IN` gave. Where the relationship is rare (clarifications, subjects) the scan
# of its few relationships is the faster plan and `IN` stays.
EACH_TASKING = "UNWIND $ids AS i WITH DISTINCT i MATCH (t:Tasking {id: i}) "

EVENTS_BY_TASKINGS = read(
    "tasking.events_by_taskings",
    f"{EACH_TASKING}OPTIONAL MATCH (t)-[:HAS_EVENT]->(e:TaskingEvent) WITH t, e WHERE e IS NOT NULL "
    "RETURN t.id AS tasking, e.id AS id, e.at AS at, e.actor AS actor, e.action AS action, "
    "e.fromStatus AS fromStatus, e.toStatus AS toStatus, e.note AS note, e.assignee AS assignee ORDER BY at, id",
    example={"ids": ["T-0001"]},
)

NEEDS_BY_TASKINGS = read(
    "tasking.needs_by_taskings",
    f"{EACH_TASKING}OPTIONAL MATCH (t)-[:NEEDS]->(k:Competence) WITH t, k WHERE k IS NOT NULL "
    "RETURN t.id AS tasking, k.code AS code ORDER BY code",
    example={"ids": ["T-0001"]},
)
