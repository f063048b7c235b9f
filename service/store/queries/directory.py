"""Directory reads. Batched statements take a list of keys (`$ids`, `$codes`) so one call serves
a whole level of a GraphQL response (the DataLoaders call them)."""

from datetime import date

from ..statement import Statement, read

OFFICER_FIELDS = (  # an officer's record, of `o` and their service `s`
    "o.id AS id, o.name AS name, o.rank AS rank, o.email AS email, o.phone AS phone, o.languages AS languages, "
    "o.availability AS availability, o.availabilityNote AS availabilityNote, o.updatedAt AS updatedAt, "
    "o.version AS version, s.code AS service"
)
_POSTING = (
    "p.id AS id, o.id AS officer, p.city AS city, p.station AS station, c.iso2 AS country, "
    "p.startsOn AS startsOn, p.endsOn AS endsOn, p.kind AS kind, coalesce(p.version, 1) AS version, "
    "coalesce(p.servesAll, false) AS servesAll"
)
_NAMES = "n.name_en AS name_en, n.name_nl AS name_nl, n.name_fr AS name_fr, n.name_de AS name_de"

COUNTRIES = read(
    "directory.countries",
    f"MATCH (n:Country) OPTIONAL MATCH (n)-[:IN_REGION]->(r:Region) "
    f"RETURN n.iso2 AS iso2, {_NAMES}, r.code AS region, coalesce(n.version, 1) AS version, "
    "n.coordinator AS coordinator, n.leadNation AS leadNation ORDER BY iso2",
)
REGIONS = read(
    "directory.regions",
    f"MATCH (n:Region) RETURN n.code AS code, {_NAMES}, coalesce(n.version, 1) AS version, "
    "n.coordinator AS coordinator, n.leadNation AS leadNation ORDER BY code",
)
COMPETENCES = read(
    "directory.competences",
    f"MATCH (n:Competence) RETURN n.code AS code, {_NAMES}, coalesce(n.version, 1) AS version ORDER BY code",
)
SERVICES = read(
    "directory.services",
    "MATCH (s:Service) RETURN s.code AS code, s.name AS name, s.country AS country, s.kind AS kind, "
    "s.mailbox AS mailbox, coalesce(s.version, 1) AS version ORDER BY code",
)
PROGRAMMES = read(
    "directory.programmes",
    "MATCH (p:Programme) RETURN p.code AS code, p.name AS name, p.startsOn AS startsOn, p.endsOn AS endsOn, "
    "coalesce(p.version, 1) AS version ORDER BY code",
)

OFFICERS_BY_IDS = read(
    "directory.officers_by_ids",
    f"MATCH (o:Officer)-[:MEMBER_OF]->(s:Service) WHERE o.id IN $ids RETURN {OFFICER_FIELDS}",
    example={"ids": ["LO-001", "LO-002"]},
)
# One officer, by key: LadybugDB scans every officer for `o.id IN $ids` (1.9 ms on the bench's
# full network) and looks a key up in its index (0.07 ms). The by-key twins below exist for the
# same reason: one LO's change, and the read-model patch after it, are the common case.
OFFICER_BY_ID = read(
    "directory.officer_by_id",
    f"MATCH (o:Officer {{id: $id}})-[:MEMBER_OF]->(s:Service) RETURN {OFFICER_FIELDS}",
    example={"id": "LO-001"},
)

# A page of officers by id, read forward (`o.id > $after`, '' for the first page) or backward
# (`o.id < $before`, LAST_ID for the last page; the use case turns the rows round), in both
# directions from one text. Names are matched by the use case, accents aside (domain/folding.py):
# the statement gets the ids it found (`$named`, used when `$byName`).
LAST_ID = "\U0010ffff"  # after every id: the bound of a backward page without a cursor
_DIRECTIONS = {"forward": ("o.id > $after", "id"), "backward": ("o.id < $before", "id DESC")}


def _both_ways(name: str, cypher: str, example: dict) -> dict[str, Statement]:
    """The forward and the backward statement of a page (`{bound}` and `{order}` in the text)."""
    statements = {}
    for direction, (bound, order) in _DIRECTIONS.items():
        cursor = {"after": ""} if direction == "forward" else {"before": LAST_ID}
        statements[direction] = read(
            name if direction == "forward" else f"{name}_backward",
            cypher.format(bound=bound, order=order),
            example={**cursor, **example},
        )
    return statements


_OFFICER_FILTERS = (
    "{bound} AND ($byName = false OR o.id IN $named) "
    "AND ($language = '' OR $language IN o.languages) "
)
# Optional filters use sentinels ('' / [] / a flag), never null: see graph_schema/CYPHER.md.
FIND_OFFICERS = _both_ways(
    "directory.find_officers",
    "MATCH (o:Officer)-[:MEMBER_OF]->(s:Service) "
    f"WHERE {_OFFICER_FILTERS}"
    "AND ($competence = '' OR EXISTS {{ MATCH (o)-[:HAS_COMPETENCE]->(k:Competence) WHERE k.code = $competence }}) "
    "AND ($postingFilter = false OR EXISTS {{ "
    "  MATCH (o)-[:HOLDS]->(p:Posting)-[:LOCATED_IN]->(c:Country) "
    "  WHERE ($useDay = false OR (p.startsOn <= $day AND (p.endsOn IS NULL OR p.endsOn >= $day))) "
    "  AND ($country = '' OR c.iso2 = $country) "
    "  AND ($region = '' OR EXISTS {{ MATCH (c)-[:IN_REGION]->(g:Region) WHERE g.code = $region }}) "
    "  AND ($servedService = '' OR coalesce(p.servesAll, false) "
    "       OR EXISTS {{ MATCH (p)-[:SERVES]->(v:Service) WHERE v.code = $servedService }}) "
    "  AND ($programme = '' OR EXISTS {{ MATCH (p)-[:PART_OF]->(m:Programme) WHERE m.code = $programme }}) "
    "}}) "
    f"RETURN {OFFICER_FIELDS} ORDER BY {{order}} LIMIT $pageSize",
    {
        "byName": False,
        "named": [],
        "language": "nl",
        "competence": "DRUGS",
        "postingFilter": True,
        "useDay": True,
        "day": date(2026, 11, 24),
        "country": "RS",
        "region": "",
        "servedService": "BE-FEDPOL",
        "programme": "",
        "pageSize": 10,
    },
)

# The same page without posting filters, in two cheaper shapes (the EXISTS subqueries above are
# evaluated for every officer even when their sentinel switches them off: 18 ms instead of 4 on
# the benchmark network). find_officers picks the statement by the filters given.
OFFICERS_PAGE = _both_ways(
    "directory.officers_page",
    f"MATCH (o:Officer)-[:MEMBER_OF]->(s:Service) WHERE {_OFFICER_FILTERS}"
    f"RETURN {OFFICER_FIELDS} ORDER BY {{order}} LIMIT $pageSize",
    {"byName": True, "named": ["LO-001", "LO-017"], "language": "", "pageSize": 10},
)
OFFICERS_PAGE_WITH_COMPETENCE = _both_ways(
    "directory.officers_page_with_competence",
    "MATCH (k:Competence {{code: $competence}})<-[:HAS_COMPETENCE]-(o:Officer)-[:MEMBER_OF]->(s:Service) "
    f"WHERE {_OFFICER_FILTERS}RETURN {OFFICER_FIELDS} ORDER BY {{order}} LIMIT $pageSize",
    {"byName": False, "named": [], "language": "", "competence": "DRUGS", "pageSize": 10},
)

POSTINGS_BY_OFFICERS = read(
    "directory.postings_by_officers",
    f"MATCH (o:Officer)-[:HOLDS]->(p:Posting)-[:LOCATED_IN]->(c:Country) WHERE o.id IN $ids "
    f"RETURN {_POSTING} ORDER BY startsOn DESC",
    example={"ids": ["LO-001"]},
)

POSTINGS_BY_IDS = read(
    "directory.postings_by_ids",
    f"MATCH (o:Officer)-[:HOLDS]->(p:Posting)-[:LOCATED_IN]->(c:Country) WHERE p.id IN $ids RETURN {_POSTING}",
    example={"ids": ["P-001"]},
)

COMPETENCES_BY_OFFICERS = read(
    "directory.competences_by_officers",
    "MATCH (o:Officer)-[h:HAS_COMPETENCE]->(k:Competence) WHERE o.id IN $ids "
    "RETURN o.id AS officer, k.code AS code, h.level AS level ORDER BY level DESC, code",
    example={"ids": ["LO-001"]},
)

DEPUTIES_BY_OFFICERS = read(
    "directory.deputies_by_officers",
    "MATCH (o:Officer)-[d:DEPUTISED_BY]->(x:Officer) WHERE o.id IN $ids "
    "RETURN o.id AS officer, x.id AS deputy, d.rank AS rank ORDER BY rank",
    example={"ids": ["LO-001"]},
)
DEPUTIES_OF_OFFICER = read(
    "directory.deputies_of_officer",
    "MATCH (o:Officer {id: $id})-[d:DEPUTISED_BY]->(x:Officer) "
    "RETURN o.id AS officer, x.id AS deputy, d.rank AS rank ORDER BY rank",
    example={"id": "LO-001"},
)

WINDOWS_BY_OFFICERS = read(
    "directory.windows_by_officers",
    "MATCH (o:Officer)-[:HAS_WINDOW]->(w:AvailabilityWindow) WHERE o.id IN $ids "
    "RETURN w.id AS id, o.id AS officer, w.startsOn AS startsOn, w.endsOn AS endsOn, w.status AS status, "
    "w.note AS note ORDER BY startsOn, id",
    example={"ids": ["LO-001"]},
)

SERVED_SERVICES_BY_POSTINGS = read(
    "directory.served_services_by_postings",
    "MATCH (p:Posting)-[:SERVES]->(s:Service) WHERE p.id IN $ids RETURN p.id AS posting, s.code AS code ORDER BY code",
    example={"ids": ["P-004"]},  # a posting serving all has no SERVES links: its servesAll flag says it
)

ACCREDITATIONS_BY_POSTINGS = read(
    "directory.accreditations_by_postings",
    "MATCH (p:Posting)-[:ACCREDITED_TO]->(c:Country) WHERE p.id IN $ids RETURN p.id AS posting, c.iso2 AS code "
    "ORDER BY code",
    example={"ids": ["P-001"]},
)

AREA_BY_POSTINGS = read(
    "directory.area_by_postings",
    "MATCH (p:Posting)-[:RESPONSIBLE_FOR]->(c:Country) WHERE p.id IN $ids RETURN p.id AS posting, c.iso2 AS code "
    "ORDER BY code",
    example={"ids": ["P-002"]},
)

# The postings among $ids that work for a service: linked to it, or serving all.
SERVING_POSTINGS = read(
    "directory.serving_postings",
    "MATCH (p:Posting) WHERE p.id IN $ids AND (coalesce(p.servesAll, false) "
    "OR EXISTS { MATCH (p)-[:SERVES]->(s:Service) WHERE s.code = $service }) RETURN p.id AS posting",
    example={"ids": ["P-001", "P-004"], "service": "LU-POLICE"},
)

# Whether an active posting of one officer serves the service (a request's assignee, checked in
# its unit of work): one row (`serves` true) or none, one statement on the way that succeeds; the
# use case asks why only when there is none. One row whatever the number of such postings, so that
# a unit that expects it to serve knows its answer beforehand (Transaction.run_expecting: sent
# with the unit's next statement); over the units' rows (its side-by-side form) one row each,
# DISTINCT (a LIMIT would limit them all).
# The postings matched from the officer's key (an OPTIONAL MATCH and a filter after it cost 1.0
# against 0.7 ms on LadybugDB, full network); the service served found from the posting in an
# OPTIONAL MATCH (LadybugDB 0.3 ms against 0.9 for an EXISTS subquery). Its code in a WHERE, not in
# the pattern: with `{code: $service}` Neo4j started from the service and its thousands of postings
# (a request at 1 client 14 -> 17-26 ms; direct 15 -> 22 ms, back to 15 so).
OFFICER_SERVES = read(
    "directory.officer_serves",
    "MATCH (o:Officer {id: $officer})-[:HOLDS]->(p:Posting) "
    "WHERE p.startsOn <= $day AND (p.endsOn IS NULL OR p.endsOn >= $day) "
    "OPTIONAL MATCH (p)-[:SERVES]->(s:Service) WHERE s.code = $service WITH p, s WHERE coalesce(p.servesAll, false) OR s IS NOT NULL "
    "RETURN true AS serves LIMIT 1",  # LadybugDB: DISTINCT 0.15 ms more (full network)
    example={"officer": "LO-002", "day": date(2026, 11, 24), "service": "LU-POLICE"},
    side_by_side=True,  # LadybugDB, full network: 32 rows 7 ms, one by one 30 (ladybug_side_by_side)
    # The form made from it joined the rows with every officer's postings: 15 rows 6.9 ms, against
    # 2.6 from the officers' keys (full network).
    side_by_side_form=(
        "MATCH (o:Officer)-[:HOLDS]->(p:Posting) WHERE o.id IN $lonet_keys_officer "
        "UNWIND $lonet_rows AS lonet_row WITH lonet_row, o, p "
        "WHERE o.id = lonet_row.officer AND p.startsOn <= lonet_row.day AND (p.endsOn IS NULL OR p.endsOn >= lonet_row.day) "
        "AND (coalesce(p.servesAll, false) OR EXISTS { MATCH (p)-[:SERVES]->(s:Service) WHERE s.code = lonet_row.service }) "
        "RETURN DISTINCT lonet_row.lonet_index AS lonet_index, true AS serves"
    ),
)

COUNTRIES_BY_PROGRAMMES = read(
    "directory.countries_by_programmes",
    "MATCH (g:Programme)-[:COVERS]->(c:Country) WHERE g.code IN $ids RETURN g.code AS programme, c.iso2 AS code "
    "ORDER BY code",
    example={"ids": ["BALKANS_PILOT"]},
)

POSTINGS_BY_PROGRAMMES = read(
    "directory.postings_by_programmes",
    "MATCH (g:Programme)<-[:PART_OF]-(p:Posting) WHERE g.code IN $ids RETURN g.code AS programme, p.id AS code "
    "ORDER BY code",
    example={"ids": ["BALKANS_PILOT"]},
)

PROGRAMMES_BY_POSTINGS = read(
    "directory.programmes_by_postings",
    "MATCH (p:Posting)-[:PART_OF]->(g:Programme) WHERE p.id IN $ids RETURN p.id AS posting, g.code AS code "
    "ORDER BY code",
    example={"ids": ["P-001"]},
)


# The directory whole, for the per-process read model (service/usecases/directory_model.py):
# a few statements, each a single pass, lists collected per posting.
ALL_POSTINGS = read(
    "directory.all_postings",
    f"MATCH (o:Officer)-[:HOLDS]->(p:Posting)-[:LOCATED_IN]->(c:Country) RETURN {_POSTING} ORDER BY id",
)

SERVED_SERVICES_OF_ALL_POSTINGS = read(
    "directory.served_services_of_all_postings",
    "MATCH (p:Posting)-[:SERVES]->(s:Service) RETURN p.id AS posting, collect(s.code) AS codes",
)

ACCREDITATIONS_OF_ALL_POSTINGS = read(
    "directory.accreditations_of_all_postings",
    "MATCH (p:Posting)-[:ACCREDITED_TO]->(c:Country) RETURN p.id AS posting, collect(c.iso2) AS codes",
)

AREAS_OF_ALL_POSTINGS = read(
    "directory.areas_of_all_postings",
    "MATCH (p:Posting)-[:RESPONSIBLE_FOR]->(c:Country) RETURN p.id AS posting, collect(c.iso2) AS codes",
)

COMPETENCE_LEVELS_OF_ALL_OFFICERS = read(
    "directory.competence_levels_of_all_officers",
    "MATCH (o:Officer)-[h:HAS_COMPETENCE]->(k:Competence) RETURN o.id AS officer, k.code AS code, h.level AS level",
)

ALL_OFFICERS = read(
    "directory.all_officers",
    f"MATCH (o:Officer)-[:MEMBER_OF]->(s:Service) RETURN {OFFICER_FIELDS} ORDER BY id",
)
