"""The request form: its fields on a tasking, the subjects a request names, deconfliction."""

from datetime import date, datetime, timezone
from functools import partial

from ..statement import read
from ..statement import write as _write

# Part of the taskings area (statement.AREAS), as the taskings themselves.
write = partial(_write, changes={"taskings"})

_NOW = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)
FORM_EXAMPLE = {
    "contactName": "Insp. An Peeters",
    "contactPhone": "+3225550199",
    "contactEmail": "an.peeters@police.example",
    "caseNumber": "AN.20.L1.012345/26",
    "judicialAuthority": None,
    "authorisationReference": None,
    "replyLanguage": "nl",
}
_FORM_SET = (
    "t.contactName = $contactName, t.contactPhone = $contactPhone, t.contactEmail = $contactEmail, "
    "t.caseNumber = $caseNumber, t.judicialAuthority = $judicialAuthority, "
    "t.authorisationReference = $authorisationReference, t.replyLanguage = $replyLanguage"
)

# An amendment: the version check and the change in one statement, the lock taken first (as
# tasking.transition: graph_schema/CYPHER.md, "Lock before you compare").
AMEND = write(
    "request_form.amend",
    "MATCH (t:Tasking {id: $id}) SET t.updatedAt = $now "
    "WITH t WHERE t.version = $version AND t.status = $fromStatus "
    f"SET t.title = $title, t.details = $details, t.priority = $priority, t.dueBy = $dueBy, {_FORM_SET}, "
    "t.version = t.version + 1 RETURN t.version AS version",
    example={
        "id": "T-0021", "version": 1, "fromStatus": "REQUESTED", "now": _NOW, "title": "Example", "details": None,
        "priority": "URGENT", "dueBy": datetime(2026, 11, 27, 12, tzinfo=timezone.utc), **FORM_EXAMPLE,
    },
    keyed_by="id",  # one tasking: the read model counts only its officers again
)

CLEAR_SUBJECTS = write(
    "request_form.clear_subjects",
    "MATCH (t:Tasking {id: $id})-[:NAMES]->(s:Subject) DETACH DELETE s",
    example={"id": "T-0001"},
    keyed_by="id",  # one tasking: the read model counts only its officers again
)

# A Subject node from a row `r` of Subject.row's fields (the seed creates its subjects with it too).
# Nullable dates inside UNWIND rows go through date() (graph_schema/CYPHER.md).
CREATE_SUBJECT = (
    "CREATE (t)-[:NAMES]->(:Subject {id: r.id, kind: r.kind, position: r.position, matchKey: r.matchKey, "
    "name: r.name, dateOfBirth: date(r.dateOfBirth), nationality: r.nationality, plate: r.plate, phone: r.phone, "
    "registrationNumber: r.registrationNumber, street: r.street, postcode: r.postcode, city: r.city, country: r.country})"
)

ADD_SUBJECTS = write(
    "request_form.add_subjects",
    f"UNWIND $rows AS r MATCH (t:Tasking {{id: $id}}) {CREATE_SUBJECT}",
    example={
        "id": "T-0001",
        "rows": [
            {
                "id": "S-EXAMPLE", "kind": "PERSON", "position": 0, "matchKey": "PERSON:jan peeters:1980-01-02",
                "name": "Jan Peeters", "dateOfBirth": date(1980, 1, 2), "nationality": "BE", "plate": None, "phone": None,
                "registrationNumber": None, "street": None, "postcode": None, "city": None, "country": None,
            }
        ],
    },
    unwinds="rows",
    keyed_by="id",  # one tasking: the read model counts only its officers again
)

# Open requests of other services naming one of the keys, not yet known as a match of this one.
# Requests of the same service are no one else's: the service deconflicts them itself.
MATCHING_TASKINGS = read(
    "request_form.matching_taskings",
    "MATCH (mine:Tasking {id: $id}) "
    "MATCH (svc:Service)-[:REQUESTED]->(t:Tasking)-[:NAMES]->(s:Subject) "
    "WHERE s.matchKey IN $keys AND t.id <> $id AND svc.code <> $service AND t.status IN $openStates "
    "AND NOT EXISTS { MATCH (mine)-[m:DECONFLICTS_WITH]-(t) WHERE m.matchKey = s.matchKey } "
    "RETURN DISTINCT t.id AS tasking, t.status AS status, s.matchKey AS matchKey, s.kind AS kind "
    "ORDER BY tasking, matchKey",
    example={
        "id": "T-0001", "service": "BE-FEDPOL", "keys": ["PHONE:+38267555014"],
        "openStates": ["REQUESTED", "ACCEPTED", "IN_PROGRESS"],
    },
)

RECORD_MATCHES = write(
    "request_form.record_matches",
    "UNWIND $rows AS r MATCH (a:Tasking {id: $id}) MATCH (b:Tasking {id: r.tasking}) "
    "CREATE (a)-[:DECONFLICTS_WITH {kind: r.kind, matchKey: r.matchKey, foundAt: $now}]->(b)",
    example={"id": "T-0001", "now": _NOW, "rows": [{"tasking": "T-0002", "kind": "PHONE", "matchKey": "PHONE:+381645550199"}]},
    unwinds="rows",
)

SUBJECTS_BY_TASKINGS = read(
    "request_form.subjects_by_taskings",
    "MATCH (t:Tasking)-[:NAMES]->(s:Subject) WHERE t.id IN $ids "
    "RETURN t.id AS tasking, s.id AS id, s.kind AS kind, s.position AS position, s.matchKey AS matchKey, "
    "s.name AS name, s.dateOfBirth AS dateOfBirth, s.nationality AS nationality, s.plate AS plate, s.phone AS phone, "
    "s.registrationNumber AS registrationNumber, s.street AS street, s.postcode AS postcode, s.city AS city, "
    "s.country AS country ORDER BY tasking, position",
    example={"ids": ["T-0002", "T-0003"]},
)

# Both directions: the later request points at the earlier, and each side sees the other. Only
# whom to contact leaves the other request: its service and contact person, nothing of its content.
DECONFLICTION_BY_TASKINGS = read(
    "request_form.deconfliction_by_taskings",
    "MATCH (t:Tasking)-[m:DECONFLICTS_WITH]-(o:Tasking) MATCH (svc:Service)-[:REQUESTED]->(o) WHERE t.id IN $ids "
    "RETURN t.id AS tasking, m.kind AS kind, m.matchKey AS matchKey, m.foundAt AS foundAt, svc.code AS service, "
    "o.contactName AS contactName, o.contactPhone AS contactPhone, o.contactEmail AS contactEmail "
    "ORDER BY tasking, foundAt, service, matchKey",
    example={"ids": ["T-0002", "T-0003"]},
)
