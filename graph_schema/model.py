"""The lonet graph model, declared once.

Both engines' DDL (Neo4j constraints/indexes, LadybugDB node/rel tables) and the Neo4j lint
schema are rendered from these declarations; migrations are derived from the `since` version of
every element, so adding a property means adding one line here with the next version number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class PropertyType(StrEnum):
    STRING = "STRING"
    INT64 = "INT64"
    DOUBLE = "DOUBLE"
    BOOLEAN = "BOOLEAN"
    DATE = "DATE"
    TIMESTAMP = "TIMESTAMP"  # always UTC; executors re-attach the zone on reading
    STRING_LIST = "STRING_LIST"


class IndexKind(StrEnum):
    RANGE = "range"  # equality and range lookups
    TEXT = "text"  # CONTAINS / STARTS WITH lookups


@dataclass(frozen=True)
class Property:
    name: str
    type: PropertyType
    required: bool = False
    since: int = 1


@dataclass(frozen=True)
class Index:
    property: str
    kind: IndexKind = IndexKind.RANGE
    since: int = 1


@dataclass(frozen=True)
class NodeType:
    label: str
    key: str
    properties: tuple[Property, ...]
    indexes: tuple[Index, ...] = ()
    # Keys other than the primary key that must be unique. Neo4j enforces them with a
    # constraint; LadybugDB has no secondary unique constraint, so the writing use case
    # guarantees them (e.g. tasking references come from a sequence).
    unique: tuple[str, ...] = ()
    since: int = 1

    def property(self, name: str) -> Property:
        for prop in self.properties:
            if prop.name == name:
                return prop
        raise KeyError(f"{self.label} has no property {name!r}")


@dataclass(frozen=True)
class RelType:
    type: str
    source: str
    target: str
    properties: tuple[Property, ...] = ()
    since: int = 1


@dataclass(frozen=True)
class GraphSchema:
    nodes: tuple[NodeType, ...]
    relationships: tuple[RelType, ...]
    descriptions: dict[int, str] = field(default_factory=dict)

    @property
    def version(self) -> int:
        return max(self.descriptions)

    def node(self, label: str) -> NodeType:
        for node in self.nodes:
            if node.label == label:
                return node
        raise KeyError(f"unknown label {label!r}")

    def relationship(self, rel_type: str) -> RelType:
        for rel in self.relationships:
            if rel.type == rel_type:
                return rel
        raise KeyError(f"unknown relationship type {rel_type!r}")

    @property
    def labels(self) -> list[str]:
        return [n.label for n in self.nodes]

    @property
    def relationship_types(self) -> list[str]:
        return [r.type for r in self.relationships]

    @property
    def property_keys(self) -> list[str]:
        keys = {p.name for n in self.nodes for p in n.properties}
        keys |= {p.name for r in self.relationships for p in r.properties}
        return sorted(keys)


S, I, F, B = PropertyType.STRING, PropertyType.INT64, PropertyType.DOUBLE, PropertyType.BOOLEAN
D, T, L = PropertyType.DATE, PropertyType.TIMESTAMP, PropertyType.STRING_LIST


def _names(*, since: int = 1) -> tuple[Property, ...]:
    """Labels in the four languages of the Benelux services' users."""
    return tuple(Property(f"name_{lang}", S, required=True, since=since) for lang in ("en", "nl", "fr", "de"))


# Directory records written before version 4 have no version: every statement reads a missing
# one as 1 (`coalesce(n.version, 1)`), so no data migration is needed and old rows take part in
# optimistic concurrency from their first change on.
_VERSION = Property("version", I, since=4)

# Council Decision 2003/170/JHA: the LOs posted to one country (or region) meet, coordinated by a
# lead nation. `coordinator` is the Benelux country (BE, NL, LU) that coordinates there; when
# another member state leads, `leadNation` names it as text. Missing: no coordinator declared.
_COORDINATION = (Property("coordinator", S, since=11), Property("leadNation", S, since=11))

SCHEMA = GraphSchema(
    descriptions={
        1: "directory: services, officers, postings, countries, regions, programmes, competences, availability",
        2: "taskings: requests for assistance, their events and reference sequences",
        3: "consultation log: append-only, hash-chained audit records",
        4: "administration: versions on directory records (optimistic concurrency); taskings by updatedAt (retention)",
        5: "consultation log: the client's own X-Request-Id beside the server's; a keyed MAC per record",
        6: "network rules: declared areas of responsibility, serves-all-Benelux flag, programme countries and postings",
        7: "tasking rules: accessibility, outcome handling code and evaluation, provider consent, deadline breaches",
        8: "request form: contact person, case number, judicial authorisation, reply language, subjects, deconfliction",
        9: "conversation on a request: clarifications (the clock stops), messages, announced delays, "
        "the assignee on each event, a posting's successor",
        10: "notifications: an outbox of notifications, the requester of each tasking, per-user settings, "
        "service mailboxes, leases for one scheduler per deployment",
        11: "network life: gatherings and their invitations, coordinators of host countries and regions, threat notices",
        12: "notifications about threat notices as well as taskings: what a notification is about (subjectKind, subjectId)",
    },
    nodes=(
        NodeType(
            "SchemaVersion",
            key="version",
            properties=(
                Property("version", I, required=True),
                Property("description", S),
                Property("appliedAt", T, required=True),
            ),
        ),
        NodeType(
            "Service",
            key="code",
            properties=(
                Property("code", S, required=True),
                Property("name", S, required=True),
                Property("country", S, required=True),
                Property("kind", S, required=True),
                _VERSION,
                # The service's functional mailbox: its requests' notifications go there when the
                # requester's token carried no e-mail address.
                Property("mailbox", S, since=10),
            ),
            indexes=(Index("country"),),
        ),
        NodeType(
            "Officer",
            key="id",
            properties=(
                Property("id", S, required=True),
                Property("name", S, required=True),
                Property("rank", S),
                Property("email", S),
                Property("phone", S),
                Property("languages", L),
                Property("availability", S, required=True),
                Property("availabilityNote", S),
                Property("updatedAt", T, required=True),
                Property("version", I, required=True),
            ),
            indexes=(Index("name", IndexKind.TEXT),),
        ),
        NodeType(
            "Posting",
            key="id",
            properties=(
                Property("id", S, required=True),
                Property("city", S, required=True),
                Property("station", S),
                Property("startsOn", D, required=True),
                Property("endsOn", D),
                Property("kind", S, required=True),
                _VERSION,
                # Works for every Benelux service, those created later included (joint use); a
                # posting without it serves the services it is linked to (SERVES). Missing: false.
                Property("servesAll", B, since=6),
            ),
            indexes=(Index("startsOn"), Index("endsOn")),
        ),
        NodeType("Country", key="iso2", properties=(Property("iso2", S, required=True), *_names(), _VERSION, *_COORDINATION)),
        NodeType("Region", key="code", properties=(Property("code", S, required=True), *_names(), _VERSION, *_COORDINATION)),
        NodeType(
            "Programme",
            key="code",
            properties=(
                Property("code", S, required=True),
                Property("name", S, required=True),
                Property("startsOn", D, required=True),
                Property("endsOn", D),
                _VERSION,
            ),
        ),
        NodeType("Competence", key="code", properties=(Property("code", S, required=True), *_names(), _VERSION)),
        NodeType(
            "AvailabilityWindow",
            key="id",
            properties=(
                Property("id", S, required=True),
                Property("startsOn", D, required=True),
                Property("endsOn", D, required=True),
                Property("status", S, required=True),
                Property("note", S),
            ),
            indexes=(Index("startsOn"), Index("endsOn")),
        ),
        NodeType(
            "Tasking",
            key="id",
            since=2,
            properties=(
                Property("id", S, required=True, since=2),
                Property("reference", S, required=True, since=2),
                Property("title", S, required=True, since=2),
                Property("details", S, since=2),
                Property("priority", S, required=True, since=2),
                Property("status", S, required=True, since=2),
                Property("legalBasis", S, required=True, since=2),
                Property("handlingCode", S, required=True, since=2),
                Property("outcome", S, since=2),
                Property("dueBy", T, required=True, since=2),
                Property("createdAt", T, required=True, since=2),
                Property("updatedAt", T, required=True, since=2),
                Property("version", I, required=True, since=2),
                # Directive (EU) 2023/977's time limits depend on it (DIRECT or INDIRECT); read as
                # INDIRECT when missing (taskings written before version 7).
                Property("accessibility", S, since=7),
                Property("handlingNote", S, since=7),  # the request's H3 restriction
                # The LO's answer: their handling code (H3: with its note) and Europol's 4x4
                # evaluation, source A/B/C/X and information 1-4.
                Property("outcomeHandlingCode", S, since=7),
                Property("outcomeHandlingNote", S, since=7),
                Property("sourceReliability", S, since=7),
                Property("informationAssessment", I, since=7),
                # H2 consents of the request's provider (the requester) and of the outcome's (the LO).
                Property("requestSharingConsent", B, since=7),
                Property("outcomeSharingConsent", B, since=7),
                # Kept at completion: whether the deadline was missed and by how many seconds.
                Property("deadlineMissed", B, since=7),
                Property("deadlineMissedSeconds", I, since=7),
                # The Benelux request form (service/usecases/request_form/): the requesting contact
                # person, the case number, the judicial authority and its authorisation reference
                # (required under mutual legal assistance), the language the reply should be in.
                Property("contactName", S, since=8),
                Property("contactPhone", S, since=8),  # E.164
                Property("contactEmail", S, since=8),
                Property("caseNumber", S, since=8),
                Property("judicialAuthority", S, since=8),
                Property("authorisationReference", S, since=8),
                Property("replyLanguage", S, since=8),  # en, nl, fr, de
                # While AWAITING_INFORMATION: since when (the deadline clock stopped then) and the
                # state the requester's answer returns it to.
                Property("awaitingSince", T, since=9),
                Property("resumeStatus", S, since=9),
            ),
            unique=("reference",),
            indexes=(Index("status", since=2), Index("createdAt", since=2), Index("updatedAt", since=4)),
        ),
        NodeType(
            "TaskingEvent",
            key="id",
            since=2,
            properties=(
                Property("id", S, required=True, since=2),
                Property("at", T, required=True, since=2),
                Property("actor", S, required=True, since=2),
                Property("action", S, required=True, since=2),
                Property("fromStatus", S, since=2),
                Property("toStatus", S, required=True, since=2),
                Property("note", S, since=2),
                # The assignee after the event: who declined it, to whom it went (redirection,
                # handover). Events before version 9 have none.
                Property("assignee", S, since=9),
            ),
        ),
        # A question of the assigned LO to the requester, and its answer (AWAITING_INFORMATION).
        NodeType(
            "Clarification",
            key="id",
            since=9,
            properties=(
                Property("id", S, required=True, since=9),
                Property("question", S, required=True, since=9),
                Property("askedAt", T, required=True, since=9),
                Property("askedBy", S, required=True, since=9),
                Property("answer", S, since=9),
                Property("answeredAt", T, since=9),
                Property("answeredBy", S, since=9),
            ),
        ),
        # A message between the requesting service and the assigned LO; `side` says which wrote it.
        NodeType(
            "TaskingMessage",
            key="id",
            since=9,
            properties=(
                Property("id", S, required=True, since=9),
                Property("at", T, required=True, since=9),
                Property("author", S, required=True, since=9),
                Property("side", S, required=True, since=9),
                Property("text", S, required=True, since=9),
            ),
            indexes=(Index("at", since=9),),
        ),
        # A delay the assigned LO announced (Directive (EU) 2023/977, art. 5): the deadline it
        # replaced, the new one and why.
        NodeType(
            "DelayNotice",
            key="id",
            since=9,
            properties=(
                Property("id", S, required=True, since=9),
                Property("at", T, required=True, since=9),
                Property("actor", S, required=True, since=9),
                Property("previousDueBy", T, required=True, since=9),
                Property("newDueBy", T, required=True, since=9),
                Property("reason", S, required=True, since=9),
            ),
        ),
        # A person, vehicle, phone number, company or address a request names (NAMES). `matchKey`
        # is the normalised value deconfliction compares (phone: E.164; vehicle: country and plate;
        # person: folded name and date of birth); companies, addresses and persons without a date
        # of birth have none.
        NodeType(
            "Subject",
            key="id",
            since=8,
            properties=(
                Property("id", S, required=True, since=8),
                Property("kind", S, required=True, since=8),  # PERSON, VEHICLE, PHONE, COMPANY, ADDRESS
                Property("position", I, required=True, since=8),  # its place in the request's list
                Property("matchKey", S, since=8),
                Property("name", S, since=8),  # person or company
                Property("dateOfBirth", D, since=8),
                Property("nationality", S, since=8),  # ISO 3166-1 alpha-2
                Property("plate", S, since=8),
                Property("phone", S, since=8),  # E.164
                Property("registrationNumber", S, since=8),  # a company's
                Property("street", S, since=8),
                Property("postcode", S, since=8),
                Property("city", S, since=8),
                Property("country", S, since=8),  # a vehicle's registration, a company's or an address's
            ),
            indexes=(Index("matchKey", since=8),),
        ),
        NodeType(
            "Sequence",
            key="name",
            since=2,
            properties=(Property("name", S, required=True, since=2), Property("value", I, required=True, since=2)),
        ),
        NodeType(
            "AuditRecord",
            key="seq",
            since=3,
            properties=(
                Property("seq", I, required=True, since=3),
                Property("at", T, required=True, since=3),
                Property("subject", S, required=True, since=3),
                Property("service", S, since=3),
                Property("roles", L, since=3),
                Property("operation", S, required=True, since=3),
                Property("objectIds", L, since=3),
                Property("justification", S, since=3),
                Property("requestId", S, since=3),  # the server's: one per request, never the client's
                Property("clientRequestId", S, since=5),  # the X-Request-Id the client sent, if any
                Property("mac", S, since=5),  # HMAC of `hash` with the audit key the store does not hold
                Property("prevHash", S, required=True, since=3),
                Property("hash", S, required=True, since=3),
            ),
            indexes=(
                Index("at", since=3), Index("subject", since=3), Index("operation", since=3),
                Index("clientRequestId", since=5),  # a caller's own id, to find their records by
            ),
        ),
        # The outbox (service/usecases/notifications): one node per recipient and change, written in
        # the change's own unit of work; its id is derived from that pair (the idempotency key),
        # so nothing is ever queued twice. `recipient` is who reads it in the API ("officer:LO-001",
        # "subject:<sub>", "service:<code>"); `email` where it is mailed (none: not mailed).
        # `subjectKind` (TASKING, NOTICE) and `subjectId` say what it is about; `tasking` is kept
        # on a tasking's (the deadline alerts look it up), and a notification written before
        # version 12 has neither: it is a tasking's (the statements read it so, no migration).
        NodeType(
            "Notification",
            key="id",
            since=10,
            properties=(
                Property("id", S, required=True, since=10),
                Property("recipient", S, required=True, since=10),
                Property("kind", S, required=True, since=10),
                Property("tasking", S, since=10),
                Property("subjectKind", S, since=12),
                Property("subjectId", S, since=12),
                Property("reference", S, required=True, since=10),
                Property("dueBy", T, since=10),
                Property("createdAt", T, required=True, since=10),
                Property("readAt", T, since=10),
                Property("email", S, since=10),
                Property("language", S, required=True, since=10),
                # PENDING, SENDING (claimed by a worker until claimedUntil), DELIVERED, FAILED, NOT_SENT
                Property("emailStatus", S, required=True, since=10),
                Property("attempts", I, required=True, since=10),
                Property("nextAttemptAt", T, since=10),
                Property("claimedBy", S, since=10),
                Property("claimedUntil", T, since=10),
                Property("deliveredAt", T, since=10),
                Property("lastError", S, since=10),
            ),
            indexes=(
                Index("recipient", since=10), Index("emailStatus", since=10), Index("tasking", since=10),
                Index("createdAt", since=10),
            ),
        ),
        # Who asked (the token's subject and e-mail claim at request time): the requesting side's
        # notifications go to them. One per tasking, keyed by it.
        NodeType(
            "TaskingRequester",
            key="tasking",
            since=10,
            properties=(
                Property("tasking", S, required=True, since=10),
                Property("subject", S, required=True, since=10),
                Property("email", S, since=10),
            ),
        ),
        # A user's own notification settings, keyed like Notification.recipient: the kinds they do
        # not want by e-mail, their language, and the hash of their calendar token (revocable).
        NodeType(
            "NotificationSettings",
            key="recipient",
            since=10,
            properties=(
                Property("recipient", S, required=True, since=10),
                Property("emailOff", L, since=10),
                Property("language", S, since=10),
                Property("calendarTokenHash", S, since=10),
                Property("officer", S, since=10),
            ),
            indexes=(Index("calendarTokenHash", since=10),),
        ),
        # One holder at a time for a deployment-wide duty (the deadline scheduler), until expiresAt.
        NodeType(
            "Lease",
            key="name",
            since=10,
            properties=(
                Property("name", S, required=True, since=10),
                Property("holder", S, required=True, since=10),
                Property("expiresAt", T, required=True, since=10),
            ),
        ),
        NodeType(
            "Gathering",
            key="id",
            since=11,
            properties=(
                Property("id", S, required=True, since=11),
                # JOINT_LO_WEEK, RETURN_DAY, SEMINAR, TRAINING_COURSE, LOCAL_LO_MEETING
                Property("kind", S, required=True, since=11),
                Property("title", S, required=True, since=11),
                Property("place", S, required=True, since=11),
                Property("startsOn", D, required=True, since=11),
                Property("endsOn", D, required=True, since=11),
                Property("status", S, required=True, since=11),  # PLANNED or CANCELLED
                Property("cancelReason", S, since=11),
                # Whom the invitation went to, as given (ALL, PROGRAMME, REGION, COUNTRY, OFFICERS)
                # and the code it named; the invited officers are INVITES links, resolved once.
                Property("invitedBy", S, required=True, since=11),
                Property("invitedCode", S, since=11),
                Property("createdBy", S, required=True, since=11),  # token subject
                Property("createdAt", T, required=True, since=11),
                Property("updatedAt", T, required=True, since=11),
                Property("version", I, required=True, since=11),
            ),
            indexes=(Index("startsOn", since=11), Index("endsOn", since=11)),
        ),
        NodeType(
            "Notice",
            key="id",
            since=11,
            properties=(
                Property("id", S, required=True, since=11),
                Property("subject", S, required=True, since=11),
                Property("text", S, required=True, since=11),
                Property("handlingCode", S, required=True, since=11),
                Property("handlingNote", S, since=11),
                Property("validFrom", D, required=True, since=11),
                Property("validUntil", D, required=True, since=11),
                Property("issuedBy", S, required=True, since=11),  # token subject
                Property("issuerOfficer", S, since=11),  # the issuing LO, if an LO issued it
                Property("deskPosting", S, since=11),  # the multilateral desk an admin issued it for
                Property("issuedAt", T, required=True, since=11),
                Property("status", S, required=True, since=11),  # ISSUED or WITHDRAWN
                Property("version", I, required=True, since=11),
            ),
            indexes=(Index("issuedAt", since=11),),
        ),
    ),
    relationships=(
        RelType("MEMBER_OF", "Officer", "Service"),
        RelType("HOLDS", "Officer", "Posting"),
        RelType("LOCATED_IN", "Posting", "Country"),
        RelType("IN_REGION", "Country", "Region"),
        RelType("ACCREDITED_TO", "Posting", "Country"),
        RelType("SERVES", "Posting", "Service"),
        RelType("PART_OF", "Posting", "Programme"),
        # The posting's declared area of responsibility: countries it covers besides its host
        # country and accreditations (service/domain/coverage.py: route AREA).
        RelType("RESPONSIBLE_FOR", "Posting", "Country", since=6),
        # The countries a programme is about (its postings are PART_OF it).
        RelType("COVERS", "Programme", "Country", since=6),
        RelType("HAS_COMPETENCE", "Officer", "Competence", properties=(Property("level", I, required=True),)),
        RelType("DEPUTISED_BY", "Officer", "Officer", properties=(Property("rank", I, required=True),)),
        RelType("HAS_WINDOW", "Officer", "AvailabilityWindow"),
        RelType("REQUESTED", "Service", "Tasking", since=2),
        RelType("ASSIGNED_TO", "Tasking", "Officer", since=2),
        RelType("CONCERNS", "Tasking", "Country", since=2),
        RelType("NEEDS", "Tasking", "Competence", since=2),
        RelType("HAS_EVENT", "Tasking", "TaskingEvent", since=2),
        RelType("NAMES", "Tasking", "Subject", since=8),
        # Deconfliction: the later request names a subject an open request of another service
        # names too (from the later to the earlier; read in both directions). Both requesting
        # services see with whom to get in touch, never the other request's content.
        RelType(
            "DECONFLICTS_WITH",
            "Tasking",
            "Tasking",
            properties=(
                Property("kind", S, required=True, since=8),
                Property("matchKey", S, required=True, since=8),
                Property("foundAt", T, required=True, since=8),
            ),
            since=8,
        ),
        RelType("HAS_CLARIFICATION", "Tasking", "Clarification", since=9),
        RelType("HAS_MESSAGE", "Tasking", "TaskingMessage", since=9),
        RelType("HAS_DELAY", "Tasking", "DelayNotice", since=9),
        # The officer who takes over from an ended posting's holder (named by an administrator).
        RelType("SUCCEEDED_BY", "Posting", "Officer", since=9),
        # An invited officer and their answer: ATTENDING, NOT_ATTENDING, or none yet; `version`
        # checks concurrent answers (an invitation's own, so answers of others never conflict).
        RelType(
            "INVITES", "Gathering", "Officer", since=11,
            properties=(
                Property("answer", S, since=11), Property("note", S, since=11), Property("answeredAt", T, since=11),
                Property("version", I, required=True, since=11),
            ),
        ),
        RelType("HOSTED_IN", "Gathering", "Country", since=11),  # a local LO meeting's host country
        RelType("CONVENED_BY", "Gathering", "Officer", since=11),  # a local LO meeting's convening LO
        RelType("ADDRESSED_TO", "Notice", "Service", since=11),
        # A reading service's acknowledgement, by whom (token subject) and when.
        RelType(
            "ACKNOWLEDGED_BY", "Notice", "Service", since=11,
            properties=(Property("at", T, required=True, since=11), Property("actor", S, required=True, since=11)),
        ),
    ),
)
