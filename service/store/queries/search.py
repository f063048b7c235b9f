"""Finding an LO: which active postings cover a country, by which route, and the facts to rank them."""

from datetime import date

from ..statement import read

_ACTIVE = "p.startsOn <= $day AND (p.endsOn IS NULL OR p.endsOn >= $day)"
_FOUND = "RETURN o.id AS officer, p.id AS posting"

# Three plain traversals in one round trip: a single pattern with OR-ed EXISTS is an order of
# magnitude slower on LadybugDB (bench hint in the performance issue).
COVERING_POSTINGS = read(
    "search.covering_postings",
    f"MATCH (c:Country {{iso2: $country}})<-[:LOCATED_IN]-(p:Posting)<-[:HOLDS]-(o:Officer) WHERE {_ACTIVE} "
    f"{_FOUND}, 'DIRECT' AS route "
    "UNION ALL "
    f"MATCH (c:Country {{iso2: $country}})<-[:ACCREDITED_TO]-(p:Posting)<-[:HOLDS]-(o:Officer) WHERE {_ACTIVE} "
    f"{_FOUND}, 'ACCREDITED' AS route "
    "UNION ALL "
    "MATCH (c:Country {iso2: $country})-[:IN_REGION]->(:Region)<-[:IN_REGION]-(pc:Country)"
    f"<-[:LOCATED_IN]-(p:Posting)<-[:HOLDS]-(o:Officer) WHERE pc.iso2 <> $country AND {_ACTIVE} "
    f"{_FOUND}, 'REGIONAL' AS route",
    example={"country": "RS", "day": date(2026, 11, 24)},
)

ACTIVE_POSTINGS_OF_OFFICERS = read(
    "search.active_postings_of_officers",
    f"MATCH (o:Officer)-[:HOLDS]->(p:Posting) WHERE o.id IN $ids AND {_ACTIVE} {_FOUND}",
    example={"ids": ["LO-002"], "day": date(2026, 11, 24)},
)

ACTIVE_MULTILATERAL_POSTINGS = read(
    "search.active_multilateral_postings",
    f"MATCH (o:Officer)-[:HOLDS]->(p:Posting) WHERE p.kind = 'multilateral' AND {_ACTIVE} {_FOUND}",
    example={"day": date(2026, 11, 24)},
)

WINDOWS_ON_DAY = read(
    "search.windows_on_day",
    "MATCH (o:Officer)-[:HAS_WINDOW]->(w:AvailabilityWindow) "
    "WHERE o.id IN $ids AND w.startsOn <= $day AND w.endsOn >= $day "
    "RETURN w.id AS id, o.id AS officer, w.startsOn AS startsOn, w.endsOn AS endsOn, w.status AS status, w.note AS note",
    example={"ids": ["LO-001"], "day": date(2026, 12, 24)},
)

OPEN_WORKLOAD = read(
    "search.open_workload",
    "MATCH (t:Tasking)-[:ASSIGNED_TO]->(o:Officer) WHERE o.id IN $ids AND t.status IN $openStates "
    "WITH o.id AS officer, count(t) AS open RETURN officer, open",
    example={"ids": ["LO-001"], "openStates": ["REQUESTED", "ACCEPTED", "IN_PROGRESS"]},
)
