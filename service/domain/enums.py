"""The closed vocabularies of the domain (stored as their string values)."""

from enum import StrEnum


class Lang(StrEnum):
    """The languages lonet speaks (service/i18n): labels, reasons, notes and error messages."""

    EN = "en"
    NL = "nl"
    FR = "fr"
    DE = "de"


class BeneluxCountry(StrEnum):
    BE = "BE"
    NL = "NL"
    LU = "LU"


class ServiceKind(StrEnum):
    POLICE = "police"
    CUSTOMS = "customs"
    GENDARMERIE = "gendarmerie"
    JUSTICE = "justice"
    INSPECTION = "inspection"


class Availability(StrEnum):
    AVAILABLE = "AVAILABLE"
    LIMITED = "LIMITED"
    ON_MISSION = "ON_MISSION"
    ON_LEAVE = "ON_LEAVE"
    UNREACHABLE = "UNREACHABLE"


class PostingKind(StrEnum):
    RESIDENT = "resident"
    REGIONAL = "regional"
    MULTILATERAL = "multilateral"


class Priority(StrEnum):
    ROUTINE = "ROUTINE"
    URGENT = "URGENT"
    IMMEDIATE = "IMMEDIATE"


class TaskingStatus(StrEnum):
    REQUESTED = "REQUESTED"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    IN_PROGRESS = "IN_PROGRESS"
    # The assigned LO asked the requester a question; the deadline clock stops until the answer.
    AWAITING_INFORMATION = "AWAITING_INFORMATION"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class TaskingAction(StrEnum):
    REQUESTED = "REQUESTED"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    STARTED = "STARTED"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"
    REASSIGNED = "REASSIGNED"
    # The provider of H2 information allows it to go further (the status does not change).
    CONSENT_RECORDED = "CONSENT_RECORDED"
    # The requester changed the request before it was accepted (amendTasking).
    AMENDED = "AMENDED"
    # A subject of it is named by an open request of another service too (the status does not change).
    DECONFLICTED = "DECONFLICTED"
    # The conversation on a request (service/usecases/conversation).
    INFORMATION_REQUESTED = "INFORMATION_REQUESTED"  # to AWAITING_INFORMATION
    INFORMATION_PROVIDED = "INFORMATION_PROVIDED"  # back to the state it was in
    MESSAGE_POSTED = "MESSAGE_POSTED"  # the status does not change
    DELAY_ANNOUNCED = "DELAY_ANNOUNCED"  # a later dueBy; the status does not change
    REDIRECTED = "REDIRECTED"  # a declined request sent to another LO, back to REQUESTED
    HANDED_OVER = "HANDED_OVER"  # to another LO when a posting ends; the status does not change


class Accessibility(StrEnum):
    """How the requested information can be had (Directive (EU) 2023/977, art. 2): held by the
    requested authorities themselves, or obtainable from other authorities or private parties."""

    DIRECT = "DIRECT"
    INDIRECT = "INDIRECT"


class SourceReliability(StrEnum):
    """Europol's 4x4 evaluation, the source (Regulation (EU) 2016/794, art. 29)."""

    A = "A"  # no doubt of authenticity, trustworthiness and competence, or always reliable
    B = "B"  # in most instances proved reliable
    C = "C"  # in most instances proved unreliable
    X = "X"  # reliability cannot be assessed


class LegalBasis(StrEnum):
    BENELUX_POLICE_TREATY_2018 = "BENELUX_POLICE_TREATY_2018"
    COUNCIL_DECISION_2003_170_JHA = "COUNCIL_DECISION_2003_170_JHA"
    DIRECTIVE_EU_2023_977 = "DIRECTIVE_EU_2023_977"
    MUTUAL_LEGAL_ASSISTANCE = "MUTUAL_LEGAL_ASSISTANCE"


class HandlingCode(StrEnum):
    H0 = "H0"  # law-enforcement use only
    H1 = "H1"  # not for court use without the provider's consent
    H2 = "H2"  # no onward sharing without consent
    H3 = "H3"  # other restrictions, stated in a note


class Route(StrEnum):
    """How a candidate LO covers the asked country, best first (service/domain/coverage.py)."""

    DIRECT = "DIRECT"  # posted there (resident or regional posting)
    ACCREDITED = "ACCREDITED"  # the posting is accredited to it
    AREA = "AREA"  # in the posting's declared area of responsibility
    DEPUTY = "DEPUTY"  # stands in for an unavailable LO who covers it by one of the routes above
    # Never a match nor coverage, only an alternative: a Europol/Interpol/MAOC-N... posting with
    # the competence, when nobody covers the country.
    MULTILATERAL = "MULTILATERAL"


class MessageSide(StrEnum):
    """Who wrote a message on a request: the requesting service or the assigned LO."""

    REQUESTER = "REQUESTER"
    ASSIGNEE = "ASSIGNEE"
