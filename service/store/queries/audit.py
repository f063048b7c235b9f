"""The consultation log: append-only. There is deliberately no statement that changes or removes
an AuditRecord; a test checks that none is ever registered."""

from datetime import datetime, timezone
from functools import partial

from ..statement import read
from ..statement import write as _write

# Consultation records and their sequence change only this area (statement.AREAS):
# committing them leaves the caches of the others (service/usecases/caches.py).
write = partial(_write, changes={"audit"})

AUDIT_HASH_OF = read(
    "audit.hash_of",
    "MATCH (a:AuditRecord {seq: $seq}) RETURN a.hash AS hash",
    example={"seq": 1},
)

# Appending when the process does not know the log's head (usecases/audit.py): the sequence is
# advanced by the records' count in one step (its write lock taken on Neo4j, the single write slot
# on LadybugDB, so concurrent appends are serialised and the chain never forks), the hash before
# them read, then they are created together, chained in the order given.
RESERVE_AUDIT_SEQS = write(
    "audit.reserve_seqs",
    "MERGE (q:Sequence {name: 'audit-log'}) ON CREATE SET q.value = 0 "
    "WITH q SET q.value = q.value + $howMany RETURN q.value AS last",
    example={"howMany": 2},
)

def _example_record(seq: int, digit: str) -> dict:
    return {
        "seq": seq,
        "at": datetime(2026, 11, 24, 12, tzinfo=timezone.utc),
        "subject": "be-fedpol:inv.test",
        "service": "BE-FEDPOL",
        "roles": ["investigator"],
        "operation": "readTasking",
        "objectIds": ["T-0001"],
        "justification": None,
        "requestId": "abc",
        "clientRequestId": None,
        "prevHash": "0" * 64,
        "hash": digit * 64,
        "mac": None,
    }


APPEND_AUDIT_RECORDS = write(
    "audit.append_many",
    "UNWIND $records AS r CREATE (a:AuditRecord {seq: r.seq, at: r.at, subject: r.subject, service: r.service, "
    "roles: r.roles, operation: r.operation, objectIds: r.objectIds, justification: r.justification, "
    "requestId: r.requestId, clientRequestId: r.clientRequestId, prevHash: r.prevHash, hash: r.hash, mac: r.mac})",
    example={"records": [_example_record(999998, "e")]},
    unwinds="records",
)

# The usual append, in one statement: the process knows the log's head it committed last (the
# embedded engine's single writer always does), so it chains the records to it and sends them
# with the sequence number it expects the counter to reach. The counter is advanced first (its
# write lock taken, as in reserve_seqs), and the records are created only if it reached exactly that
# number and the record before them is the head the process knows (a store restored or reset under
# it): anything else (another worker appended meanwhile) creates nothing (created: 0), and the
# caller chains them again from the log itself, still holding the lock. The counter is MATCHed,
# not MERGEd: a process that knows a head has appended, so the counter exists (were it gone, nothing
# is created and the caller's fallback makes it); LadybugDB, full network: 0.77 -> 0.65 ms.
APPEND_AUDIT_CHAINED = write(
    "audit.append_chained",
    "MATCH (q:Sequence {name: 'audit-log'}) "
    "SET q.value = q.value + $howMany WITH q WHERE q.value = $last "
    "OPTIONAL MATCH (p:AuditRecord {seq: $previous}) WITH q, p WHERE $previous = 0 OR p.hash = $prevHash "
    "UNWIND $records AS r CREATE (a:AuditRecord {seq: r.seq, at: r.at, subject: r.subject, service: r.service, "
    "roles: r.roles, operation: r.operation, objectIds: r.objectIds, justification: r.justification, "
    "requestId: r.requestId, clientRequestId: r.clientRequestId, prevHash: r.prevHash, hash: r.hash, mac: r.mac}) "
    "RETURN count(a) AS created",
    example={
        "howMany": 1,
        "last": 999997,
        "previous": 999996,
        "prevHash": "0" * 64,
        "records": [_example_record(999997, "d")],
    },
    unwinds="records",
)

AUDIT_HEAD = read(
    "audit.head",
    "MATCH (q:Sequence {name: 'audit-log'}) RETURN q.value AS seq",
)

_RECORD = (
    "a.seq AS seq, a.at AS at, a.subject AS subject, a.service AS service, a.roles AS roles, "
    "a.operation AS operation, a.objectIds AS objectIds, a.justification AS justification, "
    "a.requestId AS requestId, a.clientRequestId AS clientRequestId, a.prevHash AS prevHash, a.hash AS hash, a.mac AS mac"
)

AUDIT_RECORDS_FROM = read(
    "audit.records_from",
    f"MATCH (a:AuditRecord) WHERE a.seq > $afterSeq RETURN {_RECORD} ORDER BY seq LIMIT $pageSize",
    example={"afterSeq": 0, "pageSize": 100},
)

# Optional filters use sentinels (graph_schema/CYPHER.md). Newest first: a forward page reads the records older than the cursor's ($cursorSeq, above every
# seq for the first page); a backward page (last/before) reads the newer ones oldest first (from
# -1 for the last page), and the use case turns its rows round.
_SEARCH_AUDIT_RECORDS = (
    "MATCH (a:AuditRecord) WHERE a.seq {older} $cursorSeq "
    "AND ($subject = '' OR a.subject = $subject) "
    "AND ($operation = '' OR a.operation = $operation) "
    "AND ($objectId = '' OR $objectId IN a.objectIds) "
    "AND ($useFrom = false OR a.at >= $since) "
    "AND ($useTo = false OR a.at < $until) "
    f"RETURN {_RECORD} ORDER BY seq {{newest}} LIMIT $pageSize"
)
_SEARCH_EXAMPLE = {
    "cursorSeq": 1_000_000_000,
    "subject": "",
    "operation": "",
    "objectId": "",
    "useFrom": False,
    "since": datetime(2026, 1, 1, tzinfo=timezone.utc),
    "useTo": False,
    "until": datetime(2026, 1, 1, tzinfo=timezone.utc),
    "pageSize": 10,
}
SEARCH_AUDIT_RECORDS = read("audit.search", _SEARCH_AUDIT_RECORDS.format(older="<", newest="DESC"), example=_SEARCH_EXAMPLE)
SEARCH_AUDIT_RECORDS_BACKWARD = read(
    "audit.search_backward", _SEARCH_AUDIT_RECORDS.format(older=">", newest="ASC"), example={**_SEARCH_EXAMPLE, "cursorSeq": -1}
)
