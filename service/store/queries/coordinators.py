"""Coordinators of host countries and regions (Council Decision 2003/170/JHA): a country's or a
region's coordinating Benelux country and, as text, the EU lead nation."""

from ..statement import read, write

# Version check and change in one statement, the lock taken before the compare (graph_schema/CYPHER.md).
SET_COUNTRY = write(
    "coordinators.set_country",
    "MATCH (n:Country {iso2: $code}) SET n.version = coalesce(n.version, 1) "
    "WITH n WHERE n.version = $version "
    "SET n.coordinator = $coordinator, n.leadNation = $leadNation, n.version = n.version + 1 RETURN n.version AS version",
    example={"code": "RS", "version": 1, "coordinator": "NL", "leadNation": None},
)

SET_REGION = write(
    "coordinators.set_region",
    "MATCH (n:Region {code: $code}) SET n.version = coalesce(n.version, 1) "
    "WITH n WHERE n.version = $version "
    "SET n.coordinator = $coordinator, n.leadNation = $leadNation, n.version = n.version + 1 RETURN n.version AS version",
    example={"code": "WESTERN_BALKANS", "version": 1, "coordinator": "NL", "leadNation": "Austria"},
)

VERSION_OF = read(
    "coordinators.version_of",
    "MATCH (n:Country {iso2: $code}) RETURN coalesce(n.version, 1) AS version "
    "UNION ALL MATCH (n:Region {code: $code}) RETURN coalesce(n.version, 1) AS version",
    example={"code": "RS"},
)

# -- the seed (seed/loader.py) ---------------------------------------------------------------------
SEED_COUNTRIES = write(
    "coordinators.seed_countries",
    "UNWIND $rows AS r MATCH (n:Country {iso2: r.code}) SET n.coordinator = r.coordinator, n.leadNation = r.leadNation",
    example={"rows": [{"code": "CO", "coordinator": "NL", "leadNation": None}]},
    unwinds="rows",
)

SEED_REGIONS = write(
    "coordinators.seed_regions",
    "UNWIND $rows AS r MATCH (n:Region {code: r.code}) SET n.coordinator = r.coordinator, n.leadNation = r.leadNation",
    example={"rows": [{"code": "WESTERN_BALKANS", "coordinator": "NL", "leadNation": None}]},
    unwinds="rows",
)
