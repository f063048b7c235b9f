"""Threat notices, their addressed services and acknowledgements."""

from datetime import date, datetime, timezone

from ..statement import read, write

_NOW = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)

CREATE = write(
    "notices.create",
    "CREATE (n:Notice {id: $id, subject: $subject, text: $text, handlingCode: $handlingCode, handlingNote: $handlingNote, "
    "validFrom: $validFrom, validUntil: $validUntil, issuedBy: $issuedBy, issuerOfficer: $issuerOfficer, "
    "deskPosting: $deskPosting, issuedAt: $now, status: 'ISSUED', version: 1}) RETURN n.id AS id",
    example={
        "id": "N-EXAMPLE", "subject": "Armed OMCG members travelling", "text": "Details", "handlingCode": "H2",
        "handlingNote": None, "validFrom": date(2026, 11, 24), "validUntil": date(2026, 12, 24), "issuedBy": "lo:LO-001",
        "issuerOfficer": "LO-001", "deskPosting": None, "now": _NOW,
    },
)

ADDRESS = write(
    "notices.address",
    "UNWIND $services AS code MATCH (n:Notice {id: $id}) MATCH (s:Service {code: code}) CREATE (n)-[:ADDRESSED_TO]->(s)",
    example={"id": "N-2026-OMCG-TRAVEL", "services": ["LU-POLICE"]},
    unwinds="services",
)

_NOTICE = (
    "n.id AS id, n.subject AS subject, n.text AS text, n.handlingCode AS handlingCode, n.handlingNote AS handlingNote, "
    "n.validFrom AS validFrom, n.validUntil AS validUntil, n.issuedBy AS issuedBy, n.issuerOfficer AS issuerOfficer, "
    "n.deskPosting AS deskPosting, n.issuedAt AS issuedAt, n.status AS status, n.version AS version"
)

BY_ID = read(
    "notices.by_id",
    "MATCH (n:Notice {id: $id}) OPTIONAL MATCH (n)-[:ADDRESSED_TO]->(s:Service) "
    f"RETURN {_NOTICE}, collect(s.code) AS addressees",
    example={"id": "N-2026-OMCG-TRAVEL"},
)

# The notices a caller may read: all ($everyone), or those addressed to their service or issued
# by them; still valid on $day unless $expiredToo. Newest first.
FIND = read(
    "notices.find",
    "MATCH (n:Notice) WHERE ($expiredToo = true OR (n.validUntil >= $day AND n.status = 'ISSUED')) "
    "AND ($everyone = true OR n.issuedBy = $subject "
    "OR EXISTS { MATCH (n)-[:ADDRESSED_TO]->(a:Service) WHERE a.code = $service }) "
    "OPTIONAL MATCH (n)-[:ADDRESSED_TO]->(s:Service) "
    f"WITH n, collect(s.code) AS addressees RETURN {_NOTICE}, addressees ORDER BY issuedAt DESC, id DESC LIMIT $pageSize",
    example={"expiredToo": False, "day": date(2026, 11, 24), "everyone": False, "subject": "lo:LO-001",
             "service": "LU-POLICE", "pageSize": 100},
)

ACKNOWLEDGEMENTS = read(
    "notices.acknowledgements",
    "MATCH (n:Notice)-[k:ACKNOWLEDGED_BY]->(s:Service) WHERE n.id IN $ids "
    "RETURN n.id AS notice, s.code AS service, k.at AS at, k.actor AS actor ORDER BY at, service",
    example={"ids": ["N-2026-OMCG-TRAVEL"]},
)

# The lock on the notice first (graph_schema/CYPHER.md "Lock before you compare"), then the version,
# the status and the service's earlier acknowledgement are compared on the latest committed state.
ACKNOWLEDGE = write(
    "notices.acknowledge",
    "MATCH (n:Notice {id: $id})-[:ADDRESSED_TO]->(s:Service {code: $service}) SET n.version = n.version "
    "WITH n, s WHERE n.version = $version AND n.status = 'ISSUED' "
    "AND NOT EXISTS { MATCH (n)-[:ACKNOWLEDGED_BY]->(d:Service) WHERE d.code = $service } "
    "CREATE (n)-[:ACKNOWLEDGED_BY {at: $now, actor: $actor}]->(s) RETURN s.code AS service",
    example={"id": "N-2026-RANSOMWARE-PORTS", "service": "LU-POLICE", "version": 1, "now": _NOW, "actor": "lu-police:inv.weber"},
)

WITHDRAW = write(
    "notices.withdraw",
    "MATCH (n:Notice {id: $id}) SET n.version = n.version WITH n WHERE n.version = $version AND n.status = 'ISSUED' "
    "SET n.status = 'WITHDRAWN', n.version = n.version + 1 RETURN n.version AS version",
    example={"id": "N-2026-OMCG-TRAVEL", "version": 1},
)

# -- the seed (seed/loader.py): seeding twice changes nothing ------------------------------------------
SEED_NOTICES = write(
    "notices.seed",
    "UNWIND $rows AS r OPTIONAL MATCH (x:Notice {id: r.id}) WITH r, x WHERE x IS NULL CREATE (n:Notice {id: r.id, subject: r.subject, text: r.text, handlingCode: r.handlingCode, "
    "handlingNote: r.handlingNote, validFrom: r.validFrom, validUntil: r.validUntil, issuedBy: r.issuedBy, "
    "issuerOfficer: r.issuerOfficer, deskPosting: r.deskPosting, issuedAt: r.issuedAt, status: 'ISSUED', version: 1})",
    example={"rows": [{
        "id": "N-EXAMPLE", "subject": "Subject", "text": "Text", "handlingCode": "H1", "handlingNote": None,
        "validFrom": date(2026, 11, 1), "validUntil": date(2026, 12, 31), "issuedBy": "lo:LO-001", "issuerOfficer": "LO-001",
        "deskPosting": None, "issuedAt": _NOW,
    }]},
    unwinds="rows",
)

SEED_ADDRESSEES = write(
    "notices.seed_addressees",
    "UNWIND $rows AS r MATCH (n:Notice {id: r.notice}) MATCH (s:Service {code: r.service}) MERGE (n)-[:ADDRESSED_TO]->(s)",
    example={"rows": [{"notice": "N-2026-OMCG-TRAVEL", "service": "BE-CUSTOMS"}]},
    unwinds="rows",
)

SEED_ACKNOWLEDGEMENTS = write(
    "notices.seed_acknowledgements",
    "UNWIND $rows AS r MATCH (n:Notice {id: r.notice}) MATCH (s:Service {code: r.service}) "
    "MERGE (n)-[k:ACKNOWLEDGED_BY]->(s) ON CREATE SET k.at = r.at, k.actor = r.actor",
    example={"rows": [{"notice": "N-2026-OMCG-TRAVEL", "service": "BE-FEDPOL", "at": _NOW, "actor": "be-fedpol:inv.janssens"}]},
    unwinds="rows",
)
