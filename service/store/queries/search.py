"""Finding an LO: what search reads from the store per request.

The candidates (which postings cover a country, by which route, whom they serve, their officers'
competences) come from the directory's read model (service/usecases/directory_model.py), read
whole and kept per process; so are the officers' open taskings, read again after every change to
a tasking (usecases/reads.py: `workload`).
"""

from datetime import date

from ..statement import read
from .tasking import EACH_TASKING

_ACTIVE = "p.startsOn <= $day AND (p.endsOn IS NULL OR p.endsOn >= $day)"

ACTIVE_POSTINGS_OF_OFFICERS = read(
    "search.active_postings_of_officers",
    # Each officer by its key, then its postings (tasking.EACH_TASKING says why): `o.id IN $ids`
    # in one MATCH scanned every officer's postings (5.8 -> 2 ms for one officer, full network).
    "UNWIND $ids AS i WITH DISTINCT i MATCH (o:Officer {id: i}) OPTIONAL MATCH (o)-[:HOLDS]->(p:Posting) "
    f"WITH o, p WHERE p IS NOT NULL AND {_ACTIVE} RETURN o.id AS officer, p.id AS posting",
    example={"ids": ["LO-002"], "day": date(2026, 11, 24)},
)

# Every officer's open taskings, in one statement (10 ms on the benchmark network's 200,000
# taskings; a country-only search shows 100 officers and more, 6 ms when read per search). From
# the officers: starting from the taskings costs 12 ms, counting with CASE instead of WHERE 27.
# The open taskings of the officers holding these taskings now (a write named the taskings it
# changed: their officers' counts are all that moved). Each tasking by its key, then its officer
# (tasking.EACH_TASKING says why: 106 ms for three taskings written as one MATCH, 3 ms so). An
# officer without open taskings left counts 0.
OPEN_WORKLOAD_OF_TASKINGS = read(
    "search.open_workload_of_taskings",
    f"{EACH_TASKING}OPTIONAL MATCH (t)-[:ASSIGNED_TO]->(o:Officer) WITH DISTINCT o WHERE o IS NOT NULL "
    "OPTIONAL MATCH (o)<-[:ASSIGNED_TO]-(x:Tasking) WHERE x.status IN $openStates "
    "RETURN o.id AS officer, count(x) AS open",
    example={"ids": ["T-0001", "T-0002"], "openStates": ["REQUESTED", "ACCEPTED", "IN_PROGRESS"]},
)
# For one tasking (the usual write), by key: the status of every tasking of its officer, the
# tasking itself among them (two MATCHes: Neo4j takes no relationship twice in one), counted by
# the caller (reads.workload_rows). LadybugDB, full network: 0.12 ms, against 0.8 ms for the
# count in the statement (its aggregate) and 2 ms for the statement above with one key.
STATUSES_ASSIGNED_WITH_TASKING = read(
    "search.statuses_assigned_with_tasking",
    "MATCH (t:Tasking {id: $id})-[:ASSIGNED_TO]->(o:Officer) MATCH (o)<-[:ASSIGNED_TO]-(x:Tasking) "
    "RETURN o.id AS officer, x.status AS status",
    example={"id": "T-0001"},
)

OPEN_WORKLOAD = read(
    "search.open_workload",
    "MATCH (o:Officer) MATCH (o)<-[:ASSIGNED_TO]-(t:Tasking) WHERE t.status IN $openStates "
    "WITH o.id AS officer, count(t) AS open RETURN officer, open",
    example={"openStates": ["REQUESTED", "ACCEPTED", "IN_PROGRESS"]},
)
