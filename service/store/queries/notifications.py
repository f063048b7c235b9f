"""Notifications: the outbox, the requester of each tasking, per-user settings, the scheduler's lease."""

from datetime import datetime, timezone
from functools import partial

from ..statement import read
from ..statement import write as _write

# The outbox and its companions change only this area (statement.AREAS): committing them leaves
# the caches of the directory and the taskings alone.
write = partial(_write, changes={"notifications"})

_NOW = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)
_LATER = datetime(2026, 11, 24, 12, 5, tzinfo=timezone.utc)

_ENQUEUE_EXAMPLE = {
    "rows": [
        {
            "id": "N-EXAMPLE",
            "recipient": "officer:LO-001",
            "kind": "NEW_REQUEST",
            "email": "lo@example.invalid",
            "language": "en",
            "emailStatus": "PENDING",
        }
    ],
    "subjectKind": "TASKING",
    "subjectId": "T-0001",
    "tasking": "T-0001",
    "reference": "BNL-2026-000001",
    "dueBy": _LATER,
    "now": _NOW,
}

# MERGE on the id (derived from recipient and change: the idempotency key): a change written
# again, or a second scheduler alerting the same deadline, queues nothing more. One call is about
# one subject (a tasking or a notice), given once beside the rows: a deadline that is null for
# every row (a notice has none) would not bind as a TIMESTAMP inside UNWIND rows on LadybugDB.
ENQUEUE = write(
    "notifications.enqueue",
    "UNWIND $rows AS r MERGE (n:Notification {id: r.id}) "
    "ON CREATE SET n.recipient = r.recipient, n.kind = r.kind, n.email = r.email, n.language = r.language, "
    "n.emailStatus = r.emailStatus, n.subjectKind = $subjectKind, n.subjectId = $subjectId, n.tasking = $tasking, "
    "n.reference = $reference, n.dueBy = $dueBy, n.createdAt = $now, n.attempts = 0, n.nextAttemptAt = $now",
    example=_ENQUEUE_EXAMPLE,
    unwinds="rows",
)

# The notifications of a change just made in the same unit of work (its event's id is new, so are
# theirs): CREATE, not MERGE. LadybugDB plans the MERGE of ENQUEUE as a join with every
# notification (12-14 ms for two rows on the full network's 23,000; 1.5 ms so). A second write of
# the same id would be refused by the key, never queued twice.
ENQUEUE_NEW = write(
    "notifications.enqueue_new",
    "UNWIND $rows AS r CREATE (n:Notification {id: r.id, recipient: r.recipient, kind: r.kind, email: r.email, "
    "language: r.language, emailStatus: r.emailStatus, subjectKind: $subjectKind, subjectId: $subjectId, "
    "tasking: $tasking, reference: $reference, dueBy: $dueBy, createdAt: $now, attempts: 0, nextAttemptAt: $now})",
    example={**_ENQUEUE_EXAMPLE, "rows": [{**_ENQUEUE_EXAMPLE["rows"][0], "id": "N-EXAMPLE-NEW"}]},
    unwinds="rows",
    side_by_side=True,  # LadybugDB, full network: 25 rows 2.1 ms, one by one 10 (ladybug_side_by_side)
)

SAVE_REQUESTER = write(
    "notifications.save_requester",
    "MERGE (r:TaskingRequester {tasking: $tasking}) SET r.subject = $subject, r.email = $email",
    example={"tasking": "T-0001", "subject": "be-fedpol:inv.janssens", "email": "janssens@example.invalid"},
    side_by_side=True,  # LadybugDB, full network: 25 rows 2.1 ms, one by one 11 (ladybug_side_by_side)
)

# Everyone a change of the tasking may concern, with what is needed to reach them. Each walked
# from the tasking (tasking.ONE_TASKING says why): over 25 units' rows 318 -> 2.1 ms, one by one
# 3.4 -> 4.8 ms.
PARTIES_OF_TASKING = read(
    "notifications.parties_of_tasking",
    "MATCH (t:Tasking {id: $id}) OPTIONAL MATCH (s:Service)-[:REQUESTED]->(t) OPTIONAL MATCH (t)-[:ASSIGNED_TO]->(o:Officer) "
    "OPTIONAL MATCH (q:TaskingRequester {tasking: $id}) "
    "RETURN t.id AS tasking, t.reference AS reference, t.dueBy AS dueBy, o.id AS officer, o.email AS officerEmail, "
    "o.languages AS officerLanguages, s.code AS service, s.country AS serviceCountry, s.mailbox AS mailbox, "
    "q.subject AS requester, q.email AS requesterEmail",
    example={"id": "T-0001"},
    side_by_side=True,  # LadybugDB, full network: 25 rows 2.1 ms, one by one 4.8 (ladybug_side_by_side)
)

# How to reach the users of services (their functional mailbox, in the country's language) and an
# officer: for notifications about something else than a tasking (threat notices).
SERVICE_CONTACTS = read(
    "notifications.service_contacts",
    "MATCH (s:Service) WHERE s.code IN $codes RETURN s.code AS service, s.country AS country, s.mailbox AS mailbox "
    "ORDER BY service",
    example={"codes": ["LU-POLICE", "BE-FEDPOL"]},
)

OFFICER_CONTACT = read(
    "notifications.officer_contact",
    "MATCH (o:Officer {id: $id}) RETURN o.id AS officer, o.email AS email, o.languages AS languages",
    example={"id": "LO-001"},
)

# Every user's choices that change what they are sent, for the process cache
# (DirectoryReads.notification_settings): a change's notifications are queued without a read of
# them inside its unit of work, a trip to the writer fewer. Few users choose.
CHOSEN_SETTINGS = read(
    "notifications.chosen_settings",
    "MATCH (p:NotificationSettings) WHERE p.emailOff IS NOT NULL OR p.language IS NOT NULL "
    "RETURN p.recipient AS recipient, p.emailOff AS emailOff, p.language AS language",
)

SETTINGS_OF = read(
    "notifications.settings_of",
    "MATCH (p:NotificationSettings) WHERE p.recipient IN $recipients "
    "RETURN p.recipient AS recipient, p.emailOff AS emailOff, p.language AS language",
    example={"recipients": ["officer:LO-001"]},
    side_by_side=True,  # LadybugDB, full network: 25 rows 0.6 ms, one by one 5 (ladybug_side_by_side)
)

SAVE_PREFERENCES = write(
    "notifications.save_preferences",
    "MERGE (p:NotificationSettings {recipient: $recipient}) SET p.emailOff = $emailOff, p.language = $language "
    "RETURN p.recipient AS recipient, p.emailOff AS emailOff, p.language AS language",
    example={"recipient": "officer:LO-001", "emailOff": ["DEADLINE_APPROACHING"], "language": "nl"},
    changes={"settings"},
)

SET_CALENDAR_TOKEN = write(
    "notifications.set_calendar_token",
    "MERGE (p:NotificationSettings {recipient: $recipient}) SET p.calendarTokenHash = $hash, p.officer = $officer",
    example={"recipient": "officer:LO-001", "hash": "0" * 64, "officer": "LO-001"},
    changes={"settings"},
)

OFFICER_BY_CALENDAR_TOKEN = read(
    "notifications.officer_by_calendar_token",
    "MATCH (p:NotificationSettings) WHERE p.calendarTokenHash = $hash RETURN p.officer AS officer",
    example={"hash": "0" * 64},
)

# An officer's open taskings for their calendar: the reference and the due date, nothing else.
OPEN_TASKINGS_OF_OFFICER = read(
    "notifications.open_taskings_of_officer",
    "MATCH (o:Officer {id: $officer})<-[:ASSIGNED_TO]-(t:Tasking) WHERE t.status IN $openStates "
    "RETURN t.id AS id, t.reference AS reference, t.dueBy AS dueBy, t.priority AS priority, t.status AS status "
    "ORDER BY dueBy, id",
    example={"officer": "LO-001", "openStates": ["REQUESTED", "ACCEPTED", "IN_PROGRESS"]},
)

# A notification written before version 12 names no subject: it is about its tasking.
_SUBJECT = "coalesce(n.subjectKind, 'TASKING') AS subjectKind, coalesce(n.subjectId, n.tasking) AS subjectId"
_FIELDS = (
    f"n.id AS id, n.recipient AS recipient, n.kind AS kind, n.tasking AS tasking, {_SUBJECT}, n.reference AS reference, "
    "n.dueBy AS dueBy, n.createdAt AS createdAt, n.readAt AS readAt, n.emailStatus AS emailStatus"
)

# The caller's own notifications, newest first; the cursor is (createdAt, id) of the last row seen.
MINE = read(
    "notifications.mine",
    "MATCH (n:Notification) WHERE n.recipient IN $recipients AND ($unreadOnly = false OR n.readAt IS NULL) "
    "AND ($useCursor = false OR n.createdAt < $cursorAt OR (n.createdAt = $cursorAt AND n.id < $cursorId)) "
    f"RETURN {_FIELDS} ORDER BY createdAt DESC, id DESC LIMIT $pageSize",
    example={
        "recipients": ["officer:LO-001"],
        "unreadOnly": False,
        "useCursor": False,
        "cursorAt": _NOW,
        "cursorId": "",
        "pageSize": 10,
    },
)

# For the live stream: the caller's notifications created since a moment, oldest first.
MINE_SINCE = read(
    "notifications.mine_since",
    f"MATCH (n:Notification) WHERE n.recipient IN $recipients AND n.createdAt >= $since RETURN {_FIELDS} "
    "ORDER BY createdAt, id LIMIT 100",
    example={"recipients": ["officer:LO-001"], "since": _NOW},
)

MARK_READ = write(
    "notifications.mark_read",
    "MATCH (n:Notification) WHERE n.id IN $ids AND n.recipient IN $recipients "
    f"SET n.readAt = coalesce(n.readAt, $now) RETURN {_FIELDS} ORDER BY createdAt DESC, id DESC",
    example={"ids": ["N-EXAMPLE"], "recipients": ["officer:LO-001"], "now": _NOW},
)

# -- delivery ---------------------------------------------------------------------------------

# Mail due now: waiting, or claimed by a worker that did not finish in time (it died).
DUE = read(
    "notifications.due",
    "MATCH (n:Notification) WHERE n.emailStatus IN ['PENDING', 'SENDING'] AND n.nextAttemptAt <= $now "
    "AND (n.emailStatus = 'PENDING' OR n.claimedUntil < $now) "
    "RETURN n.id AS id ORDER BY n.nextAttemptAt LIMIT $batchSize",
    example={"now": _NOW, "batchSize": 50},
)

# One worker takes a notification for a while. The first SET takes the write lock before the
# state is compared (graph_schema/CYPHER.md: lock before you compare), so of two workers only one
# gets a row back.
CLAIM = write(
    "notifications.claim",
    "MATCH (n:Notification {id: $id}) SET n.attempts = n.attempts "
    "WITH n WHERE n.nextAttemptAt <= $now AND (n.emailStatus = 'PENDING' OR (n.emailStatus = 'SENDING' AND n.claimedUntil < $now)) "
    "SET n.emailStatus = 'SENDING', n.claimedBy = $worker, n.claimedUntil = $until, n.attempts = n.attempts + 1 "
    f"RETURN n.id AS id, n.kind AS kind, {_SUBJECT}, n.reference AS reference, n.dueBy AS dueBy, "
    "n.email AS email, n.language AS language, n.attempts AS attempts",
    example={"id": "N-EXAMPLE", "now": _NOW, "until": _LATER, "worker": "w-1"},
)

DELIVERED = write(
    "notifications.delivered",
    "MATCH (n:Notification {id: $id}) WHERE n.claimedBy = $worker AND n.emailStatus = 'SENDING' "
    "SET n.emailStatus = 'DELIVERED', n.deliveredAt = $now, n.lastError = $error RETURN n.id AS id",
    example={"id": "N-EXAMPLE", "worker": "w-1", "now": _NOW, "error": None},
)

# A failed attempt: PENDING again at `next`, or FAILED for good (status given by the caller).
ATTEMPT_FAILED = write(
    "notifications.attempt_failed",
    "MATCH (n:Notification {id: $id}) WHERE n.claimedBy = $worker AND n.emailStatus = 'SENDING' "
    "SET n.emailStatus = $status, n.nextAttemptAt = $next, n.lastError = $error RETURN n.id AS id",
    example={"id": "N-EXAMPLE", "worker": "w-1", "status": "PENDING", "next": _LATER, "error": "connection refused"},
)

# Counted in WITH first: a constant beside an aggregate would be a grouping key (CYPHER.md).
OUTBOX_COUNTS = read(
    "notifications.outbox_counts",
    "MATCH (n:Notification) WHERE n.emailStatus IN ['PENDING', 'SENDING', 'DELIVERED', 'FAILED'] "
    "RETURN n.emailStatus AS status, count(n) AS count, min(n.createdAt) AS oldest",
    example={},
)

# -- deadline alerts --------------------------------------------------------------------------

# Open taskings due before the horizon (the scheduler computes who is past their alert point).
DEADLINE_CANDIDATES = read(
    "notifications.deadline_candidates",
    "MATCH (t:Tasking) WHERE t.status IN $openStates AND t.dueBy <= $horizon "
    "RETURN t.id AS id, t.createdAt AS createdAt, t.dueBy AS dueBy ORDER BY dueBy, id",
    example={"openStates": ["REQUESTED", "ACCEPTED", "IN_PROGRESS"], "horizon": datetime(2027, 1, 1, tzinfo=timezone.utc)},
)

ALERTS_OF_TASKINGS = read(
    "notifications.alerts_of_taskings",
    "MATCH (n:Notification) WHERE n.tasking IN $ids AND n.kind IN $kinds "
    "RETURN DISTINCT n.tasking AS tasking, n.kind AS kind, n.dueBy AS dueBy",
    example={"ids": ["T-0001"], "kinds": ["NEW_REQUEST", "DEADLINE_APPROACHING", "DEADLINE_PASSED"]},
)

# One holder of a deployment-wide duty at a time: kept while renewed, taken over once expired.
# The first SET locks the lease before its holder is compared (CYPHER.md).
TAKE_LEASE = write(
    "notifications.take_lease",
    "MERGE (l:Lease {name: $name}) ON CREATE SET l.holder = $holder, l.expiresAt = $until "
    "WITH l SET l.expiresAt = l.expiresAt "
    "WITH l WHERE l.holder = $holder OR l.expiresAt < $now "
    "SET l.holder = $holder, l.expiresAt = $until RETURN l.holder AS holder",
    example={"name": "deadline-alerts", "holder": "w-1", "now": _NOW, "until": _LATER},
)
