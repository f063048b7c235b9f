"""Managers' analytics: a handful of bulk reads; coverage, percentiles and reports are computed in
Python (service/domain/coverage.py, service/usecases/analytics.py), never one statement per country.
Coverage reads the network from the directory's read model (service/usecases/directory_model.py)."""

from datetime import date, datetime, timezone

from ..statement import read
from .directory import _POSTING
from .tasking import SCOPE, SCOPE_EXAMPLE

_OPEN = ["REQUESTED", "ACCEPTED", "IN_PROGRESS", "AWAITING_INFORMATION"]
_TASKING = (
    "MATCH (s:Service)-[:REQUESTED]->(t:Tasking)-[:ASSIGNED_TO]->(o:Officer) MATCH (t)-[:CONCERNS]->(c:Country) "
)
_RANGE = "t.createdAt >= $since AND t.createdAt < $until"
# Every statistic counts only the taskings the caller may read (SCOPE, service/usecases/scope.py).
_SINCE, _UNTIL = datetime(2026, 1, 1, tzinfo=timezone.utc), datetime(2026, 11, 25, tzinfo=timezone.utc)

OPEN_TASKINGS = read(
    "analytics.open_taskings",
    f"{_TASKING}WHERE {SCOPE}AND t.status IN $openStates "
    "RETURN t.id AS id, o.id AS officer, c.iso2 AS country, s.code AS requestingService, t.dueBy AS dueBy, "
    "t.status AS status, t.awaitingSince AS awaitingSince ORDER BY id",
    example={**SCOPE_EXAMPLE, "openStates": _OPEN},
)

# One row per event of every tasking created in the range, oldest first within a tasking.
TASKING_EVENTS_CREATED_BETWEEN = read(
    "analytics.tasking_events_created_between",
    f"{_TASKING}MATCH (t)-[:HAS_EVENT]->(e:TaskingEvent) WHERE {SCOPE}AND {_RANGE} "
    "RETURN t.id AS tasking, t.createdAt AS createdAt, o.id AS officer, c.iso2 AS country, "
    "s.code AS requestingService, t.deadlineMissed AS deadlineMissed, e.id AS event, e.action AS action, e.at AS at "
    "ORDER BY tasking, at, event",
    example={**SCOPE_EXAMPLE, "since": _SINCE, "until": _UNTIL},
)

PROGRAMME_POSTINGS = read(
    "analytics.programme_postings",
    "MATCH (m:Programme {code: $code})<-[:PART_OF]-(p:Posting)<-[:HOLDS]-(o:Officer) "
    f"MATCH (p)-[:LOCATED_IN]->(c:Country) RETURN {_POSTING} ORDER BY id",
    example={"code": "BALKANS_PILOT"},
)

TASKINGS_OF_OFFICERS_CREATED_BETWEEN = read(
    "analytics.taskings_of_officers_created_between",
    f"{_TASKING}WHERE {SCOPE}AND o.id IN $ids AND {_RANGE} "
    "RETURN t.id AS id, o.id AS officer, c.iso2 AS country, s.code AS requestingService, t.status AS status, "
    "t.createdAt AS createdAt ORDER BY id",
    example={**SCOPE_EXAMPLE, "ids": ["LO-001", "LO-003"], "since": _SINCE, "until": _UNTIL},
)
