"""The conversation on a request: clarifications, messages, announced delays, redirection and
handover (service/usecases/conversation). Status changes go through tasking.TRANSITION, events
through tasking.ADD_EVENT; these statements write what comes with them."""

from datetime import datetime, timezone
from functools import partial

from ..statement import read
from ..statement import write as _write
from .tasking import _MATCH, _TASKING

# Clarifications, messages and delays belong to the taskings area (statement.AREAS).
write = partial(_write, changes={"taskings"})

_NOW = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)

# The LO's question: the clock stops now; the answer returns the tasking to `resumeStatus`.
START_WAITING = write(
    "conversation.start_waiting",
    "MATCH (t:Tasking {id: $id}) SET t.awaitingSince = $now, t.resumeStatus = $resumeStatus "
    "CREATE (t)-[:HAS_CLARIFICATION]->(q:Clarification {id: $clarification, question: $question, askedAt: $now, "
    "askedBy: $actor})",
    example={
        "id": "T-0036",
        "now": _NOW,
        "resumeStatus": "ACCEPTED",
        "clarification": "Q-EXAMPLE",
        "question": "Which of the two addresses?",
        "actor": "LO-025",
    },
)

# The requester's answer: the open question is answered, the deadline moved by the time waited.
END_WAITING = write(
    "conversation.end_waiting",
    "MATCH (t:Tasking {id: $id})-[:HAS_CLARIFICATION]->(q:Clarification) WHERE q.answeredAt IS NULL "
    "SET t.dueBy = $dueBy, t.awaitingSince = NULL, t.resumeStatus = NULL, "
    "q.answer = $answer, q.answeredAt = $now, q.answeredBy = $actor",
    example={"id": "T-0036", "dueBy": _NOW, "answer": "The second one", "now": _NOW, "actor": "be-fedpol:inv.janssens"},
)

CLARIFICATIONS_BY_TASKINGS = read(
    "conversation.clarifications_by_taskings",
    "MATCH (t:Tasking)-[:HAS_CLARIFICATION]->(q:Clarification) WHERE t.id IN $ids "
    "RETURN t.id AS tasking, q.id AS id, q.question AS question, q.askedAt AS askedAt, q.askedBy AS askedBy, "
    "q.answer AS answer, q.answeredAt AS answeredAt, q.answeredBy AS answeredBy ORDER BY askedAt, id",
    example={"ids": ["T-0036"]},
)

ADD_MESSAGE = write(
    "conversation.add_message",
    "MATCH (t:Tasking {id: $tasking}) "
    "CREATE (t)-[:HAS_MESSAGE]->(m:TaskingMessage {id: $id, at: $at, author: $author, side: $side, text: $text})",
    example={"tasking": "T-0036", "id": "M-EXAMPLE", "at": _NOW, "author": "LO-025", "side": "ASSIGNEE", "text": "Noted."},
)

# Oldest first; the cursor is (at, id) of the last message seen.
MESSAGES_OF_TASKING = read(
    "conversation.messages_of_tasking",
    "MATCH (t:Tasking {id: $tasking})-[:HAS_MESSAGE]->(m:TaskingMessage) "
    "WHERE $useCursor = false OR m.at > $cursorAt OR (m.at = $cursorAt AND m.id > $cursorId) "
    "RETURN m.id AS id, t.id AS tasking, m.at AS at, m.author AS author, m.side AS side, m.text AS text "
    "ORDER BY at, id LIMIT $pageSize",
    example={"tasking": "T-0036", "useCursor": False, "cursorAt": _NOW, "cursorId": "", "pageSize": 21},
)

# The LO's announced delay (Directive (EU) 2023/977, art. 5): the new deadline and why.
ADD_DELAY = write(
    "conversation.add_delay",
    "MATCH (t:Tasking {id: $id}) SET t.dueBy = $newDueBy "
    "CREATE (t)-[:HAS_DELAY]->(d:DelayNotice {id: $delay, at: $now, actor: $actor, previousDueBy: $previousDueBy, "
    "newDueBy: $newDueBy, reason: $reason})",
    example={
        "id": "T-0036",
        "newDueBy": datetime(2026, 12, 1, 12, tzinfo=timezone.utc),
        "delay": "D-EXAMPLE",
        "now": _NOW,
        "actor": "LO-025",
        "previousDueBy": datetime(2026, 11, 25, 10, tzinfo=timezone.utc),
        "reason": "The registry answers on Monday.",
    },
)

DELAYS_BY_TASKINGS = read(
    "conversation.delays_by_taskings",
    "MATCH (t:Tasking)-[:HAS_DELAY]->(d:DelayNotice) WHERE t.id IN $ids "
    "RETURN t.id AS tasking, d.id AS id, d.at AS at, d.actor AS actor, d.previousDueBy AS previousDueBy, "
    "d.newDueBy AS newDueBy, d.reason AS reason ORDER BY at, id",
    example={"ids": ["T-0036"]},
)

# Everyone a tasking was ever declined by (events since schema version 9 know the assignee).
DECLINED_BY = read(
    "conversation.declined_by",
    "MATCH (t:Tasking {id: $id})-[:HAS_EVENT]->(e:TaskingEvent) WHERE e.action = 'DECLINED' AND e.assignee IS NOT NULL "
    "RETURN DISTINCT e.assignee AS officer ORDER BY officer",
    example={"id": "T-0014"},
)

# An officer's open taskings, for a handover (read inside its unit of work).
OPEN_TASKINGS_OF_OFFICER = read(
    "conversation.open_taskings_of_officer",
    f"{_MATCH}WHERE o.id = $officer AND t.status IN $openStates RETURN {_TASKING} ORDER BY createdAt, id",
    example={"officer": "LO-001", "openStates": ["REQUESTED", "ACCEPTED", "IN_PROGRESS", "AWAITING_INFORMATION"]},
)

# The successor an administrator names on an ended posting (one at most).
CLEAR_SUCCESSOR = _write(
    "conversation.clear_successor",
    "MATCH (p:Posting {id: $id})-[r:SUCCEEDED_BY]->(:Officer) DELETE r",
    example={"id": "P-001"},
)
LINK_SUCCESSOR = _write(
    "conversation.link_successor",
    "MATCH (p:Posting {id: $id}) MATCH (n:Officer {id: $successor}) CREATE (p)-[:SUCCEEDED_BY]->(n)",
    example={"id": "P-001", "successor": "LO-002"},
)
SUCCESSORS_BY_POSTINGS = read(
    "conversation.successors_by_postings",
    "MATCH (p:Posting)-[:SUCCEEDED_BY]->(n:Officer) WHERE p.id IN $ids RETURN p.id AS posting, n.id AS code",
    example={"ids": ["P-001"]},
)

# Retention (service/usecases/retention.py): a closed tasking past the retention period loses the
# conversation's free text with its other free text: the questions and answers, the messages and
# the delays' reasons go (the events stay, so the statistics do not change).
REMOVE_CONVERSATION = tuple(
    write(
        f"conversation.remove_{kind}",
        f"UNWIND $ids AS i MATCH (t:Tasking {{id: i}})-[:{rel}]->(n:{label}) DETACH DELETE n",
        example={"ids": ["T-0036"]},
        unwinds="ids",
    )
    for kind, rel, label in (
        ("clarifications", "HAS_CLARIFICATION", "Clarification"),
        ("messages", "HAS_MESSAGE", "TaskingMessage"),
        ("delays", "HAS_DELAY", "DelayNotice"),
    )
)
