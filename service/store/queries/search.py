"""Finding an LO: what search reads from the store per request.

The candidates (which postings cover a country, by which route, whom they serve, their officers'
competences) come from the directory's read model (service/usecases/directory_model.py), read
whole and kept per process; the open taskings of the officers a search shows change with every
request for assistance and are read each time.
"""

from datetime import date

from ..statement import read

_ACTIVE = "p.startsOn <= $day AND (p.endsOn IS NULL OR p.endsOn >= $day)"

ACTIVE_POSTINGS_OF_OFFICERS = read(
    "search.active_postings_of_officers",
    f"MATCH (o:Officer)-[:HOLDS]->(p:Posting) WHERE o.id IN $ids AND {_ACTIVE} RETURN o.id AS officer, p.id AS posting",
    example={"ids": ["LO-002"], "day": date(2026, 11, 24)},
)

# From the officers to their taskings, the status tested per tasking: with the status filter in
# the pattern's WHERE, LadybugDB scans every tasking first (7.5 ms instead of 2.3 for 50 officers
# on the benchmark network's 200,000 taskings).
OPEN_WORKLOAD = read(
    "search.open_workload",
    "MATCH (o:Officer) WHERE o.id IN $ids MATCH (o)<-[:ASSIGNED_TO]-(t:Tasking) "
    "WITH o.id AS officer, sum(CASE WHEN t.status IN $openStates THEN 1 ELSE 0 END) AS open RETURN officer, open",
    example={"ids": ["LO-001"], "openStates": ["REQUESTED", "ACCEPTED", "IN_PROGRESS"]},
)
