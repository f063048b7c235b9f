"""Directory administration (creating reference records, removing a posting entered by mistake).

Creating and changing directory records goes through the shared batched writes in bulk.py.
"""

from datetime import datetime, timezone

from ..statement import read, write

CREATE_SERVICE = write(
    "admin.create_service",
    "CREATE (s:Service {code: $code, name: $name, country: $country, kind: $kind}) RETURN s.code AS code",
    example={"code": "LU-TEST", "name": "Test service", "country": "LU", "kind": "police"},
)

# A posting is referred to by the taskings its officer held or acted on while it ran: those keep
# it (it can be ended, not removed). The bounds are computed in Python (no duration() on
# LadybugDB); `untilTime` is the end of the posting's last day, or far ahead when open-ended.
TASKINGS_DURING_POSTING = read(
    "admin.taskings_during_posting",
    "MATCH (o:Officer)-[:HOLDS]->(p:Posting {id: $id}) MATCH (t:Tasking) "
    "WHERE t.createdAt >= $fromTime AND t.createdAt < $untilTime "
    "AND (EXISTS { MATCH (t)-[:ASSIGNED_TO]->(o) } "
    "OR EXISTS { MATCH (t)-[:HAS_EVENT]->(e:TaskingEvent) WHERE e.actor = o.id }) "
    "RETURN t.reference AS reference ORDER BY reference",
    example={
        "id": "P-001",
        "fromTime": datetime(2024, 9, 1, tzinfo=timezone.utc),
        "untilTime": datetime(9999, 1, 1, tzinfo=timezone.utc),
    },
)

REMOVE_POSTING = write(
    "admin.remove_posting",
    "MATCH (p:Posting {id: $id}) DETACH DELETE p",
    example={"id": "P-001"},
)
