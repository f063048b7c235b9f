"""Bulk upserts used by the seed loader (and later by bulk import): one UNWIND per record kind.

Reference data (services, countries, regions, competences, programmes) is overwritten from the
files, which are its source. Officers, postings, windows and taskings are created when missing
and never overwritten, so re-seeding a live store keeps what users changed since.

"Created when missing" is written `OPTIONAL MATCH (x {key}) WITH r, x WHERE x IS NULL ... CREATE`,
not `MERGE (x {key}) ON CREATE SET`: LadybugDB plans a MERGE on a key taken from an UNWIND row as
a scan of the whole label (each batch of the benchmark network's 725,000 events scanned all the
events already written: 8.7 minutes for that network), the OPTIONAL MATCH as a primary-key
lookup. A record that exists is left alone whole, its relationships included (MERGE re-linked a
reassigned tasking to its first assignee). Likewise each further MATCH on a key from the row
follows a `WITH`: two MATCH clauses in a row are planned as a cross product of both labels.
"""

from datetime import date, datetime, timezone

from ..statement import write
from .request_form import CREATE_SUBJECT

UPSERT_SERVICES = write(
    "seed.services",
    "UNWIND $rows AS r MERGE (s:Service {code: r.code}) SET s.name = r.name, s.country = r.country, s.kind = r.kind",
    example={"rows": [{"code": "XX-TEST", "name": "Test", "country": "BE", "kind": "police"}]},
    unwinds="rows",
)

# A service's functional mailbox (notifications of requests whose requester gave no address).
SET_SERVICE_MAILBOXES = write(
    "seed.service_mailboxes",
    "UNWIND $rows AS r MATCH (s:Service {code: r.code}) SET s.mailbox = r.mailbox",
    example={"rows": [{"code": "BE-FEDPOL", "mailbox": "requests@fedpol.example.invalid"}]},
    unwinds="rows",
)

UPSERT_REGIONS = write(
    "seed.regions",
    "UNWIND $rows AS r MERGE (g:Region {code: r.code}) "
    "SET g.name_en = r.name_en, g.name_nl = r.name_nl, g.name_fr = r.name_fr, g.name_de = r.name_de",
    example={"rows": [{"code": "TEST", "name_en": "T", "name_nl": "T", "name_fr": "T", "name_de": "T"}]},
    unwinds="rows",
)

UPSERT_COUNTRIES = write(
    "seed.countries",
    "UNWIND $rows AS r MERGE (c:Country {iso2: r.iso2}) "
    "SET c.name_en = r.name_en, c.name_nl = r.name_nl, c.name_fr = r.name_fr, c.name_de = r.name_de",
    example={"rows": [{"iso2": "ZZ", "name_en": "Z", "name_nl": "Z", "name_fr": "Z", "name_de": "Z"}]},
    unwinds="rows",
)

LINK_COUNTRY_REGIONS = write(
    "seed.country_regions",
    "UNWIND $rows AS r MATCH (c:Country {iso2: r.iso2}) WITH r, c MATCH (g:Region {code: r.region}) MERGE (c)-[:IN_REGION]->(g)",
    example={"rows": [{"iso2": "RS", "region": "WESTERN_BALKANS"}]},
    unwinds="rows",
)

UPSERT_COMPETENCES = write(
    "seed.competences",
    "UNWIND $rows AS r MERGE (k:Competence {code: r.code}) "
    "SET k.name_en = r.name_en, k.name_nl = r.name_nl, k.name_fr = r.name_fr, k.name_de = r.name_de",
    example={"rows": [{"code": "TEST", "name_en": "T", "name_nl": "T", "name_fr": "T", "name_de": "T"}]},
    unwinds="rows",
)

UPSERT_PROGRAMMES = write(
    "seed.programmes",
    "UNWIND $rows AS r MERGE (p:Programme {code: r.code}) SET p.name = r.name, p.startsOn = r.startsOn, p.endsOn = date(r.endsOn)",
    example={"rows": [{"code": "TEST", "name": "T", "startsOn": date(2020, 1, 1), "endsOn": None}]},
    unwinds="rows",
)

CREATE_OFFICERS = write(
    "seed.officers",
    "UNWIND $rows AS r OPTIONAL MATCH (x:Officer {id: r.id}) WITH r, x WHERE x IS NULL "
    "MATCH (s:Service {code: r.service}) "
    "CREATE (o:Officer {id: r.id, name: r.name, rank: r.rank, email: r.email, phone: r.phone, "
    "languages: r.languages, availability: r.availability, availabilityNote: r.availabilityNote, "
    "updatedAt: r.updatedAt, version: 1}) "
    "CREATE (o)-[:MEMBER_OF]->(s)",
    example={
        "rows": [
            {
                "id": "LO-TEST",
                "service": "BE-FEDPOL",
                "name": "Test",
                "rank": None,
                "email": None,
                "phone": None,
                "languages": ["nl"],
                "availability": "AVAILABLE",
                "availabilityNote": None,
                "updatedAt": datetime(2026, 11, 24, 12, tzinfo=timezone.utc),
            }
        ]
    },
    unwinds="rows",
)

LINK_OFFICER_COMPETENCES = write(
    "seed.officer_competences",
    "UNWIND $rows AS r MATCH (o:Officer {id: r.officer}) WITH r, o MATCH (k:Competence {code: r.code}) "
    "MERGE (o)-[h:HAS_COMPETENCE]->(k) ON CREATE SET h.level = r.level",
    example={"rows": [{"officer": "LO-001", "code": "CYBER", "level": 1}]},
    unwinds="rows",
)

LINK_DEPUTIES = write(
    "seed.deputies",
    "UNWIND $rows AS r MATCH (o:Officer {id: r.officer}) WITH r, o MATCH (d:Officer {id: r.deputy}) "
    "MERGE (o)-[x:DEPUTISED_BY]->(d) ON CREATE SET x.rank = r.rank",
    example={"rows": [{"officer": "LO-002", "deputy": "LO-003", "rank": 9}]},
    unwinds="rows",
)

CREATE_POSTINGS = write(
    "seed.postings",
    "UNWIND $rows AS r OPTIONAL MATCH (x:Posting {id: r.id}) WITH r, x WHERE x IS NULL "
    "MATCH (o:Officer {id: r.officer}) WITH r, o MATCH (c:Country {iso2: r.country}) "
    "CREATE (p:Posting {id: r.id, city: r.city, station: r.station, startsOn: r.startsOn, endsOn: date(r.endsOn), "
    "kind: r.kind, servesAll: r.servesAll}) "
    "CREATE (o)-[:HOLDS]->(p) CREATE (p)-[:LOCATED_IN]->(c)",
    example={
        "rows": [
            {
                "id": "P-TEST",
                "officer": "LO-001",
                "country": "MK",
                "city": "Skopje",
                "station": None,
                "startsOn": date(2026, 1, 1),
                "endsOn": None,
                "kind": "resident",
                "servesAll": True,
            }
        ]
    },
    unwinds="rows",
)

LINK_POSTING_ACCREDITATIONS = write(
    "seed.posting_accreditations",
    "UNWIND $rows AS r MATCH (p:Posting {id: r.posting}) WITH r, p MATCH (c:Country {iso2: r.iso2}) "
    "MERGE (p)-[:ACCREDITED_TO]->(c)",
    example={"rows": [{"posting": "P-001", "iso2": "MK"}]},
    unwinds="rows",
)

LINK_POSTING_AREA = write(
    "seed.posting_area",
    "UNWIND $rows AS r MATCH (p:Posting {id: r.posting}) WITH r, p MATCH (c:Country {iso2: r.iso2}) "
    "MERGE (p)-[:RESPONSIBLE_FOR]->(c)",
    example={"rows": [{"posting": "P-001", "iso2": "MK"}]},
    unwinds="rows",
)

LINK_PROGRAMME_COUNTRIES = write(
    "seed.programme_countries",
    "UNWIND $rows AS r MATCH (g:Programme {code: r.programme}) WITH r, g MATCH (c:Country {iso2: r.iso2}) "
    "MERGE (g)-[:COVERS]->(c)",
    example={"rows": [{"programme": "BALKANS_PILOT", "iso2": "MK"}]},
    unwinds="rows",
)

LINK_POSTING_SERVICES = write(
    "seed.posting_services",
    "UNWIND $rows AS r MATCH (p:Posting {id: r.posting}) WITH r, p MATCH (s:Service {code: r.service}) MERGE (p)-[:SERVES]->(s)",
    example={"rows": [{"posting": "P-005", "service": "LU-POLICE"}]},
    unwinds="rows",
)

LINK_POSTING_PROGRAMMES = write(
    "seed.posting_programmes",
    "UNWIND $rows AS r MATCH (p:Posting {id: r.posting}) WITH r, p MATCH (g:Programme {code: r.programme}) "
    "MERGE (p)-[:PART_OF]->(g)",
    example={"rows": [{"posting": "P-004", "programme": "BALKANS_PILOT"}]},
    unwinds="rows",
)

CREATE_WINDOWS = write(
    "seed.windows",
    "UNWIND $rows AS r OPTIONAL MATCH (x:AvailabilityWindow {id: r.id}) WITH r, x WHERE x IS NULL "
    "MATCH (o:Officer {id: r.officer}) "
    "CREATE (w:AvailabilityWindow {id: r.id, startsOn: r.startsOn, endsOn: r.endsOn, status: r.status, note: r.note}) "
    "CREATE (o)-[:HAS_WINDOW]->(w)",
    example={
        "rows": [
            {"id": "W-TEST", "officer": "LO-002", "startsOn": date(2027, 3, 1), "endsOn": date(2027, 3, 2), "status": "ON_LEAVE", "note": None}
        ]
    },
    unwinds="rows",
)

CREATE_TASKINGS = write(
    "seed.taskings",
    "UNWIND $rows AS r OPTIONAL MATCH (x:Tasking {id: r.id}) WITH r, x WHERE x IS NULL "
    "MATCH (o:Officer {id: r.assignee}) WITH r, o MATCH (s:Service {code: r.requestingService}) "
    "WITH r, o, s MATCH (c:Country {iso2: r.country}) "
    "CREATE (t:Tasking {id: r.id, reference: r.reference, title: r.title, details: r.details, priority: r.priority, "
    "status: r.status, legalBasis: r.legalBasis, handlingCode: r.handlingCode, outcome: r.outcome, "
    "dueBy: r.dueBy, createdAt: r.createdAt, updatedAt: r.updatedAt, version: r.version, "
    "accessibility: r.accessibility, handlingNote: r.handlingNote, outcomeHandlingCode: r.outcomeHandlingCode, "
    "outcomeHandlingNote: r.outcomeHandlingNote, sourceReliability: r.sourceReliability, "
    "informationAssessment: r.informationAssessment, requestSharingConsent: r.requestSharingConsent, "
    "outcomeSharingConsent: r.outcomeSharingConsent, deadlineMissed: r.deadlineMissed, "
    "deadlineMissedSeconds: r.deadlineMissedSeconds}) "
    "CREATE (s)-[:REQUESTED]->(t) CREATE (t)-[:CONCERNS]->(c) CREATE (t)-[:ASSIGNED_TO]->(o)",
    example={
        "rows": [
            {
                "id": "T-TEST",
                "reference": "BNL-2099-999999",
                "title": "Test",
                "details": None,
                "priority": "ROUTINE",
                "status": "REQUESTED",
                "legalBasis": "BENELUX_POLICE_TREATY_2018",
                "handlingCode": "H0",
                "outcome": None,
                "dueBy": datetime(2026, 12, 1, 12, tzinfo=timezone.utc),
                "createdAt": datetime(2026, 11, 24, 12, tzinfo=timezone.utc),
                "updatedAt": datetime(2026, 11, 24, 12, tzinfo=timezone.utc),
                "version": 1,
                "requestingService": "BE-FEDPOL",
                "country": "RS",
                "assignee": "LO-001",
                "accessibility": "DIRECT",
                "requestSharingConsent": True,
                "outcomeSharingConsent": False,
                **dict.fromkeys(("handlingNote", "outcomeHandlingCode", "outcomeHandlingNote", "sourceReliability")),
                **dict.fromkeys(("informationAssessment", "deadlineMissed", "deadlineMissedSeconds")),
            }
        ]
    },
    unwinds="rows",
)

LINK_TASKING_COMPETENCES = write(
    "seed.tasking_competences",
    "UNWIND $rows AS r MATCH (t:Tasking {id: r.tasking}) WITH r, t MATCH (k:Competence {code: r.code}) MERGE (t)-[:NEEDS]->(k)",
    example={"rows": [{"tasking": "T-0001", "code": "CYBER"}]},
    unwinds="rows",
)

CREATE_TASKING_EVENTS = write(
    "seed.tasking_events",
    "UNWIND $rows AS r OPTIONAL MATCH (x:TaskingEvent {id: r.id}) WITH r, x WHERE x IS NULL "
    "MATCH (t:Tasking {id: r.tasking}) "
    "CREATE (e:TaskingEvent {id: r.id, at: r.at, actor: r.actor, action: r.action, fromStatus: r.fromStatus, "
    "toStatus: r.toStatus, note: r.note}) "
    "CREATE (t)-[:HAS_EVENT]->(e)",
    example={
        "rows": [
            {
                "id": "E-TEST",
                "tasking": "T-0001",
                "at": datetime(2026, 11, 24, 12, tzinfo=timezone.utc),
                "actor": "test",
                "action": "REQUESTED",
                "fromStatus": None,
                "toStatus": "REQUESTED",
                "note": None,
            }
        ]
    },
    unwinds="rows",
)

# The request form's subjects of the seed's taskings (Subject.row's fields and the tasking's id);
# seeding again creates none twice (their ids come from the tasking's).
CREATE_TASKING_SUBJECTS = write(
    "seed.tasking_subjects",
    "UNWIND $rows AS r OPTIONAL MATCH (x:Subject {id: r.id}) WITH r, x WHERE x IS NULL "
    f"MATCH (t:Tasking {{id: r.tasking}}) {CREATE_SUBJECT}",
    example={
        "rows": [
            {
                "tasking": "T-0001", "id": "T-0001-S99", "kind": "PHONE", "position": 99, "matchKey": "PHONE:+381645550199",
                "name": None, "dateOfBirth": None, "nationality": None, "plate": None, "phone": "+381645550199",
                "registrationNumber": None, "street": None, "postcode": None, "city": None, "country": None,
            }
        ]
    },
    unwinds="rows",
)

# Deconfliction among the seed's open taskings (seed/loader.py finds the pairs by the rule).
LINK_DECONFLICTIONS = write(
    "seed.deconflictions",
    "UNWIND $rows AS r MATCH (a:Tasking {id: r.later}) MATCH (b:Tasking {id: r.earlier}) "
    "WHERE NOT EXISTS { MATCH (a)-[m:DECONFLICTS_WITH]-(b) WHERE m.matchKey = r.matchKey } "
    "CREATE (a)-[:DECONFLICTS_WITH {kind: r.kind, matchKey: r.matchKey, foundAt: r.foundAt}]->(b)",
    example={
        "rows": [
            {"later": "T-0003", "earlier": "T-0002", "kind": "PHONE", "matchKey": "PHONE:+38267555014",
             "foundAt": datetime(2026, 11, 22, 9, tzinfo=timezone.utc)}
        ]
    },
    unwinds="rows",
)

RAISE_SEQUENCES = write(
    "seed.sequences",
    "UNWIND $rows AS r MERGE (q:Sequence {name: r.name}) "
    "SET q.value = CASE WHEN q.value IS NULL OR q.value < r.value THEN r.value ELSE q.value END",
    example={"rows": [{"name": "tasking-reference-2099", "value": 1}]},
    unwinds="rows",
)
