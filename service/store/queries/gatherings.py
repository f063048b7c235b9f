"""Gatherings (meetings, training) and their invitations.

Every write claims every area (statement.AREAS): an answer or a cancellation changes who is away
on which days, and the windows of the read model (directory_model.load_windows) include them.
"""

from datetime import date, datetime, timezone

from ..statement import read, write

_NOW = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)
_ACTIVE = "p.startsOn <= $endsOn AND (p.endsOn IS NULL OR p.endsOn >= $startsOn)"

# The LOs an invitation reaches: those holding a posting active during the gathering, narrowed to
# a programme, a region or a host country ('' for any: graph_schema/CYPHER.md's sentinels).
INVITEES = read(
    "gatherings.invitees",
    "MATCH (o:Officer)-[:HOLDS]->(p:Posting)-[:LOCATED_IN]->(c:Country) "
    f"WHERE {_ACTIVE} AND ($country = '' OR c.iso2 = $country) "
    "AND ($region = '' OR EXISTS { MATCH (c)-[:IN_REGION]->(r:Region) WHERE r.code = $region }) "
    "AND ($programme = '' OR EXISTS { MATCH (p)-[:PART_OF]->(g:Programme) WHERE g.code = $programme }) "
    "RETURN DISTINCT o.id AS id ORDER BY id",
    example={"startsOn": date(2018, 4, 16), "endsOn": date(2018, 4, 20), "country": "", "region": "", "programme": "BALKANS_PILOT"},
)

CREATE = write(
    "gatherings.create",
    "CREATE (g:Gathering {id: $id, kind: $kind, title: $title, place: $place, startsOn: $startsOn, endsOn: $endsOn, "
    "status: 'PLANNED', invitedBy: $invitedBy, invitedCode: $invitedCode, createdBy: $createdBy, "
    "createdAt: $now, updatedAt: $now, version: 1}) RETURN g.id AS id",
    example={
        "id": "G-EXAMPLE", "kind": "SEMINAR", "title": "Cocaine routes seminar", "place": "The Hague",
        "startsOn": date(2027, 3, 1), "endsOn": date(2027, 3, 2), "invitedBy": "ALL", "invitedCode": None,
        "createdBy": "be-fedpol:mgr.dubois", "now": _NOW,
    },
)

INVITE = write(
    "gatherings.invite",
    "UNWIND $officers AS officer MATCH (g:Gathering {id: $id}) MATCH (o:Officer {id: officer}) "
    "CREATE (g)-[:INVITES {version: 1}]->(o)",
    example={"id": "G-2027-BALKANS-RETURN", "officers": ["LO-004"]},
    unwinds="officers",
)

HOST = write(
    "gatherings.host",
    "MATCH (g:Gathering {id: $id}) MATCH (c:Country {iso2: $country}) MATCH (o:Officer {id: $convenor}) "
    "CREATE (g)-[:HOSTED_IN]->(c) CREATE (g)-[:CONVENED_BY]->(o)",
    example={"id": "G-2027-BALKANS-RETURN", "country": "RS", "convenor": "LO-001"},
)

_GATHERING = (
    "g.id AS id, g.kind AS kind, g.title AS title, g.place AS place, g.startsOn AS startsOn, g.endsOn AS endsOn, "
    "g.status AS status, g.cancelReason AS cancelReason, g.invitedBy AS invitedBy, g.invitedCode AS invitedCode, "
    "g.createdBy AS createdBy, g.createdAt AS createdAt, g.updatedAt AS updatedAt, g.version AS version, "
    "h.iso2 AS hostCountry, v.id AS convenor"
)
_OPTIONAL = "OPTIONAL MATCH (g)-[:HOSTED_IN]->(h:Country) OPTIONAL MATCH (g)-[:CONVENED_BY]->(v:Officer) "

BY_ID = read(
    "gatherings.by_id",
    f"MATCH (g:Gathering {{id: $id}}) {_OPTIONAL}RETURN {_GATHERING}",
    example={"id": "G-2027-BALKANS-RETURN"},
)

# The gatherings a caller may see ending on or after $fromDay: all of them ($everyone), or those
# the officer is invited to or convenes. Earliest first.
FIND = read(
    "gatherings.find",
    "MATCH (g:Gathering) WHERE g.endsOn >= $fromDay AND ($everyone = true "
    "OR EXISTS { MATCH (g)-[:INVITES]->(i:Officer) WHERE i.id = $officer } "
    "OR EXISTS { MATCH (g)-[:CONVENED_BY]->(c:Officer) WHERE c.id = $officer }) "
    f"{_OPTIONAL}RETURN {_GATHERING} ORDER BY startsOn, id",
    example={"fromDay": date(2018, 1, 1), "everyone": False, "officer": "LO-002"},
)

INVITATIONS = read(
    "gatherings.invitations",
    "MATCH (g:Gathering)-[i:INVITES]->(o:Officer) WHERE g.id IN $ids "
    "RETURN g.id AS gathering, o.id AS officer, i.answer AS answer, i.note AS note, i.answeredAt AS answeredAt, "
    "i.version AS version ORDER BY gathering, officer",
    example={"ids": ["G-2027-BALKANS-RETURN"]},
)

# Version check and change in one statement; the first SET takes the write lock before the
# compare (graph_schema/CYPHER.md: "Lock before you compare").
ANSWER = write(
    "gatherings.answer",
    "MATCH (g:Gathering {id: $id})-[i:INVITES]->(o:Officer {id: $officer}) SET g.updatedAt = g.updatedAt, "
    "i.version = i.version WITH g, i WHERE i.version = $version AND g.status = 'PLANNED' "
    "SET i.answer = $answer, i.note = $note, i.answeredAt = $now, i.version = i.version + 1 "
    "RETURN i.version AS version",
    example={"id": "G-2027-BALKANS-RETURN", "officer": "LO-001", "version": 1, "answer": "ATTENDING", "note": None, "now": _NOW},
)

CANCEL = write(
    "gatherings.cancel",
    "MATCH (g:Gathering {id: $id}) SET g.updatedAt = $now WITH g WHERE g.version = $version AND g.status = 'PLANNED' "
    "SET g.status = 'CANCELLED', g.cancelReason = $reason, g.version = g.version + 1 RETURN g.version AS version",
    example={"id": "G-2027-BALKANS-RETURN", "version": 1, "reason": "venue unavailable", "now": _NOW},
)

# Every officer's availability windows in one statement: their planned absences, and the days of
# the gatherings (not cancelled) they attend, as $attendanceStatus with the gathering's title and
# place (service/usecases/directory_model.load_windows builds the note and orders them).
ALL_WINDOWS = read(
    "gatherings.all_windows",
    "MATCH (o:Officer)-[:HAS_WINDOW]->(w:AvailabilityWindow) "
    "RETURN w.id AS id, o.id AS officer, w.startsOn AS startsOn, w.endsOn AS endsOn, w.status AS status, "
    "w.note AS note, false AS attending, '' AS place "
    "UNION ALL MATCH (g:Gathering)-[i:INVITES]->(o:Officer) WHERE g.status = 'PLANNED' AND i.answer = 'ATTENDING' "
    "RETURN g.id AS id, o.id AS officer, g.startsOn AS startsOn, g.endsOn AS endsOn, $attendanceStatus AS status, "
    "g.title AS note, true AS attending, g.place AS place",
    example={"attendanceStatus": "ON_MISSION"},
)

# The same for some officers: the read model patched after a commit that changed only their
# windows; and for one, by key (directory.OFFICER_BY_ID says why).
_WINDOWS_OF = (
    "MATCH {officer}-[:HAS_WINDOW]->(w:AvailabilityWindow) {where}"
    "RETURN w.id AS id, o.id AS officer, w.startsOn AS startsOn, w.endsOn AS endsOn, w.status AS status, "
    "w.note AS note, false AS attending, '' AS place "
    "UNION ALL MATCH (g:Gathering)-[i:INVITES]->{officer} WHERE {also}g.status = 'PLANNED' "
    "AND i.answer = 'ATTENDING' "
    "RETURN g.id AS id, o.id AS officer, g.startsOn AS startsOn, g.endsOn AS endsOn, $attendanceStatus AS status, "
    "g.title AS note, true AS attending, g.place AS place"
)
WINDOWS_BY_OFFICERS = read(
    "gatherings.windows_by_officers",
    _WINDOWS_OF.format(officer="(o:Officer)", where="WHERE o.id IN $ids ", also="o.id IN $ids AND "),
    example={"attendanceStatus": "ON_MISSION", "ids": ["LO-002"]},
)
WINDOWS_OF_OFFICER = read(
    "gatherings.windows_of_officer",
    _WINDOWS_OF.format(officer="(o:Officer {id: $id})", where="", also=""),
    example={"attendanceStatus": "ON_MISSION", "id": "LO-002"},
)

# -- the seed (seed/loader.py): seeding twice changes nothing ------------------------------------------
SEED_GATHERINGS = write(
    "gatherings.seed",
    "UNWIND $rows AS r OPTIONAL MATCH (x:Gathering {id: r.id}) WITH r, x WHERE x IS NULL CREATE (g:Gathering {id: r.id, kind: r.kind, title: r.title, place: r.place, "
    "startsOn: r.startsOn, endsOn: r.endsOn, status: r.status, cancelReason: r.cancelReason, "
    "invitedBy: r.invitedBy, invitedCode: r.invitedCode, createdBy: r.createdBy, createdAt: r.createdAt, "
    "updatedAt: r.createdAt, version: 1})",
    example={"rows": [{
        "id": "G-EXAMPLE", "kind": "RETURN_DAY", "title": "Return day", "place": "Brussels", "startsOn": date(2019, 6, 3),
        "endsOn": date(2019, 6, 3), "status": "PLANNED", "cancelReason": None, "invitedBy": "PROGRAMME",
        "invitedCode": "BALKANS_PILOT", "createdBy": "seed", "createdAt": _NOW,
    }]},
    unwinds="rows",
)

SEED_INVITATIONS = write(
    "gatherings.seed_invitations",
    "UNWIND $rows AS r MATCH (g:Gathering {id: r.gathering}) MATCH (o:Officer {id: r.officer}) "
    "MERGE (g)-[i:INVITES]->(o) ON CREATE SET i.answer = r.answer, i.note = r.note, i.answeredAt = r.answeredAt, "
    "i.version = r.version",
    example={"rows": [{"gathering": "G-2027-BALKANS-RETURN", "officer": "LO-004", "answer": "ATTENDING", "note": None,
                       "answeredAt": _NOW, "version": 2}]},
    unwinds="rows",
)

SEED_HOSTS = write(
    "gatherings.seed_hosts",
    "UNWIND $rows AS r MATCH (g:Gathering {id: r.gathering}) MATCH (c:Country {iso2: r.country}) "
    "MATCH (o:Officer {id: r.convenor}) MERGE (g)-[:HOSTED_IN]->(c) MERGE (g)-[:CONVENED_BY]->(o)",
    example={"rows": [{"gathering": "G-2027-BALKANS-RETURN", "country": "RS", "convenor": "LO-001"}]},
    unwinds="rows",
)
