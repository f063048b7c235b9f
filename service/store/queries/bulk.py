"""The directory as records: whole-directory reads (export, import plans) and batched
create-or-update writes shared by the bulk import and the admin mutations.

Unlike the seed's create-only statements, these overwrite: the caller has already decided, record
by record, what is created and what is updated (and bumped each record's version). Relationship
lists (competences, deputies, accreditations, declared areas, served services, programmes, a
programme's countries, home service, region)
are replaced: the old links of the given records are removed, then the seed's LINK_* statements
create the new ones. Nothing here deletes a node.

Records written before schema version 4 have no `version`; it reads as 1 (graph_schema/model.py).
"""

from datetime import date, datetime, timezone

from ..statement import Statement, read, write
from .directory import OFFICER_FIELDS, _POSTING

_NOW = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)
_NAMES = {"name_en": "T", "name_nl": "T", "name_fr": "T", "name_de": "T"}

ALL_OFFICERS = read(
    "bulk.all_officers",
    f"MATCH (o:Officer)-[:MEMBER_OF]->(s:Service) RETURN {OFFICER_FIELDS} ORDER BY id",
)

ALL_POSTINGS = read(
    "bulk.all_postings",
    f"MATCH (o:Officer)-[:HOLDS]->(p:Posting)-[:LOCATED_IN]->(c:Country) RETURN {_POSTING} ORDER BY id",
)

# -- locks: taken before a change is planned ------------------------------------------------
# Setting a property takes Neo4j's write lock on the node, so the records a change reads stay
# as read until it commits (LadybugDB runs one writer at a time anyway). Each returns the
# records that exist, with their version: what a create refuses and an update compares.


def _lock(label: str, key: str, example: str) -> Statement:
    return write(
        f"bulk.lock_{label.lower()}s",
        f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}}) SET n.version = coalesce(n.version, 1) "
        f"RETURN n.{key} AS key, n.version AS version",
        example={"keys": [example]},
        unwinds="keys",
    )


LOCK = {
    "services": _lock("Service", "code", "BE-FEDPOL"),
    "regions": _lock("Region", "code", "WESTERN_BALKANS"),
    "countries": _lock("Country", "iso2", "RS"),
    "competences": _lock("Competence", "code", "DRUGS"),
    "programmes": _lock("Programme", "code", "BALKANS_PILOT"),
    "officers": _lock("Officer", "id", "LO-001"),
    "postings": _lock("Posting", "id", "P-001"),
}

# -- create-or-update ---------------------------------------------------------------------------

UPSERT_SERVICES = write(
    "bulk.upsert_services",
    "UNWIND $rows AS r MERGE (s:Service {code: r.code}) "
    "SET s.name = r.name, s.country = r.country, s.kind = r.kind, s.mailbox = r.mailbox, s.version = r.version",
    example={
        "rows": [
            {"code": "BE-FEDPOL", "name": "Federale Politie", "country": "BE", "kind": "police",
             "mailbox": "requests.be-fedpol@lonet.example.invalid", "version": 2}
        ]
    },
    unwinds="rows",
)


def _labelled(label: str, key: str, example: str, *, coordinated: bool = False) -> Statement:
    """Countries and regions also carry their coordination (2003/170/JHA: coordinator, leadNation)."""
    coordination = ", n.coordinator = r.coordinator, n.leadNation = r.leadNation" if coordinated else ""
    values = {"coordinator": "NL", "leadNation": None} if coordinated else {}
    return write(
        f"bulk.upsert_{label.lower()}s",
        f"UNWIND $rows AS r MERGE (n:{label} {{{key}: r.{key}}}) "
        "SET n.name_en = r.name_en, n.name_nl = r.name_nl, n.name_fr = r.name_fr, n.name_de = r.name_de, "
        f"n.version = r.version{coordination}",
        example={"rows": [{key: example, **_NAMES, "version": 2, **values}]},
        unwinds="rows",
    )


UPSERT_REGIONS = _labelled("Region", "code", "WESTERN_BALKANS", coordinated=True)
UPSERT_COUNTRIES = _labelled("Country", "iso2", "RS", coordinated=True)
UPSERT_COMPETENCES = _labelled("Competence", "code", "DRUGS")

UPSERT_PROGRAMMES = write(
    "bulk.upsert_programmes",
    "UNWIND $rows AS r MERGE (g:Programme {code: r.code}) "
    "SET g.name = r.name, g.startsOn = r.startsOn, g.endsOn = date(r.endsOn), g.version = r.version",
    example={"rows": [{"code": "BALKANS_PILOT", "name": "T", "startsOn": date(2010, 9, 1), "endsOn": None, "version": 2}]},
    unwinds="rows",
)

UPSERT_OFFICERS = write(
    "bulk.upsert_officers",
    "UNWIND $rows AS r MERGE (o:Officer {id: r.id}) "
    "SET o.name = r.name, o.rank = r.rank, o.email = r.email, o.phone = r.phone, o.languages = r.languages, "
    "o.availability = r.availability, o.availabilityNote = r.availabilityNote, o.updatedAt = r.updatedAt, "
    "o.version = r.version",
    example={
        "rows": [
            {
                "id": "LO-001",
                "name": "Test",
                "rank": None,
                "email": None,
                "phone": None,
                "languages": ["nl"],
                "availability": "AVAILABLE",
                "availabilityNote": None,
                "updatedAt": _NOW,
                "version": 2,
            }
        ]
    },
    unwinds="rows",
)

LINK_MEMBERSHIPS = write(
    "bulk.link_memberships",
    "UNWIND $rows AS r MATCH (o:Officer {id: r.officer}) MATCH (s:Service {code: r.service}) MERGE (o)-[:MEMBER_OF]->(s)",
    example={"rows": [{"officer": "LO-001", "service": "NL-POLITIE"}]},
    unwinds="rows",
)

UPSERT_POSTINGS = write(
    "bulk.upsert_postings",
    "UNWIND $rows AS r MATCH (o:Officer {id: r.officer}) MATCH (c:Country {iso2: r.country}) "
    "MERGE (p:Posting {id: r.id}) "
    "SET p.city = r.city, p.station = r.station, p.startsOn = r.startsOn, p.endsOn = date(r.endsOn), "
    "p.kind = r.kind, p.version = r.version, p.servesAll = r.servesAll "
    "MERGE (o)-[:HOLDS]->(p) MERGE (p)-[:LOCATED_IN]->(c)",
    example={
        "rows": [
            {
                "id": "P-001",
                "officer": "LO-001",
                "country": "RS",
                "city": "Belgrade",
                "station": None,
                "startsOn": date(2024, 9, 1),
                "endsOn": date(2027, 8, 31),
                "kind": "regional",
                "version": 2,
                "servesAll": True,
            }
        ]
    },
    unwinds="rows",
)


# -- replacing links: the old links of the given records go, the new ones are then linked ------


def _clear(name: str, label: str, key: str, rel: str, target: str, example: str) -> Statement:
    return write(
        f"bulk.clear_{name}",
        f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}})-[x:{rel}]->(:{target}) DELETE x",
        example={"keys": [example]},
        unwinds="keys",
    )


CLEAR_COUNTRY_REGIONS = _clear("country_regions", "Country", "iso2", "IN_REGION", "Region", "RS")
CLEAR_MEMBERSHIPS = _clear("memberships", "Officer", "id", "MEMBER_OF", "Service", "LO-001")
CLEAR_OFFICER_COMPETENCES = _clear("officer_competences", "Officer", "id", "HAS_COMPETENCE", "Competence", "LO-001")
CLEAR_DEPUTIES = _clear("deputies", "Officer", "id", "DEPUTISED_BY", "Officer", "LO-001")
CLEAR_POSTING_ACCREDITATIONS = _clear("posting_accreditations", "Posting", "id", "ACCREDITED_TO", "Country", "P-001")
CLEAR_POSTING_SERVICES = _clear("posting_services", "Posting", "id", "SERVES", "Service", "P-001")
CLEAR_POSTING_PROGRAMMES = _clear("posting_programmes", "Posting", "id", "PART_OF", "Programme", "P-001")
CLEAR_POSTING_AREA = _clear("posting_area", "Posting", "id", "RESPONSIBLE_FOR", "Country", "P-001")
CLEAR_PROGRAMME_COUNTRIES = _clear("programme_countries", "Programme", "code", "COVERS", "Country", "BALKANS_PILOT")
