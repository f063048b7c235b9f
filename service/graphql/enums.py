"""GraphQL enums, generated from the domain's vocabularies so the two never drift; every enum and
every value is described (GraphiQL's docs pane is where a new user reads what they mean)."""

from collections.abc import Mapping
from enum import Enum

import graphene

from ..domain import enums as domain
from ..domain.enums import Lang as DomainLang
from ..i18n import current_lang


def described(enum: type[Enum], description: str, values: Mapping[str, str]) -> type[graphene.Enum]:
    """The domain enum as a GraphQL enum, with a description of the type and of each value."""
    missing = {member.name for member in enum} - set(values)
    if missing:
        raise ValueError(f"{enum.__name__}: no description for {sorted(missing)}")
    # graphene calls a callable description with None for the type and with each member.
    return graphene.Enum.from_enum(enum, description=lambda member: description if member is None else values[member.name])


Lang = described(
    DomainLang,
    "A language lonet answers in (labels, reasons, notes, error messages); the request's comes from Accept-Language",
    {"EN": "English", "NL": "Dutch (Nederlands)", "FR": "French (français)", "DE": "German (Deutsch)"},
)
Availability = described(
    domain.Availability,
    "Whether an officer can take requests (a planned absence overrides it on its days)",
    {
        "AVAILABLE": "Takes requests as usual",
        "LIMITED": "Takes requests, slower or only urgent ones (see the note); ranked after available officers",
        "ON_MISSION": "Away on a mission: search offers the deputies too",
        "ON_LEAVE": "On leave: search offers the deputies too",
        "UNREACHABLE": "Cannot be reached: search offers the deputies too",
    },
)
PostingKind = described(
    domain.PostingKind,
    "What kind of posting an officer holds",
    {
        "RESIDENT": "Posted in the country it covers directly",
        "REGIONAL": "Posted in one country, covering others of its declared area too",
        "MULTILATERAL": "At Europol, Interpol or MAOC-N: offered as an alternative, never as a match or coverage",
    },
)
ServiceKind = described(
    domain.ServiceKind,
    "What kind of service a police or law-enforcement service is",
    {
        "POLICE": "A police force",
        "CUSTOMS": "A customs administration",
        "GENDARMERIE": "A gendarmerie (e.g. the Royal Netherlands Marechaussee)",
        "JUSTICE": "A prosecution or justice service",
        "INSPECTION": "An inspection or investigation service (e.g. FIOD)",
    },
)
Route = described(
    domain.Route,
    "How a liaison officer covers the asked country, best first",
    {
        "DIRECT": "Posted in the country (resident, or regional and located there)",
        "ACCREDITED": "Accredited to the country from a posting elsewhere",
        "AREA": "The country is in the declared area of responsibility of the posting",
        "DEPUTY": "Deputy of an officer who covers the country but is unavailable on the date",
        "MULTILATERAL": "A Europol, Interpol or MAOC-N desk with the competence: an alternative when nobody covers the country",
    },
)


def lang_of(value: object) -> DomainLang:
    """A `lang` argument as the domain's language; none given: the request's (Accept-Language).
    graphene hands enum arguments over as the Python enum member or its value."""
    if isinstance(value, DomainLang):
        return value
    given = getattr(value, "value", value)
    return DomainLang(given) if given else current_lang()


def override_of(value: object) -> DomainLang | None:
    """A field's `lang` argument, or None when the request's language stands."""
    return lang_of(value) if value else None


# A field's `lang` argument: no default, so the request's language (Accept-Language) applies.
LANG_ARGUMENT = Lang(description="Language of this field's texts; default: the request's (Accept-Language, else en)")
Priority = described(
    domain.Priority,
    "How urgent a request is. URGENT and IMMEDIATE are the urgent requests of Directive (EU) 2023/977 "
    "(to an EU Member State: 8 hours on directly, 3 days on indirectly accessible information; otherwise 7 days)",
    {
        "ROUTINE": "Not urgent: 7 days in the EU; outside it due within 7 days by default",
        "URGENT": "Urgent: in the EU 8 hours or 3 days by accessibility; outside it 3 days by default",
        "IMMEDIATE": "Urgent: in the EU 8 hours or 3 days by accessibility; outside it 8 hours by default",
    },
)
Accessibility = described(
    domain.Accessibility,
    "Where the asked information is held; sets the deadline of an urgent request to an EU Member State",
    {
        "DIRECT": "Held by the requested authorities themselves (urgent: 8 hours)",
        "INDIRECT": "To be obtained from other authorities or private parties (urgent: 3 days)",
    },
)
SourceReliability = described(
    domain.SourceReliability,
    "Europol's 4x4 evaluation, the source (Regulation (EU) 2016/794, art. 29)",
    {
        "A": "Reliable: no doubt about the source's authenticity, trustworthiness and competence",
        "B": "Mostly reliable: the source has proved reliable in most instances",
        "C": "Mostly unreliable: the source has proved unreliable in most instances",
        "X": "Cannot be assessed",
    },
)
TaskingStatus = described(
    domain.TaskingStatus,
    "Where a request for assistance stands",
    {
        "REQUESTED": "Sent to the assignee, not yet accepted or declined",
        "ACCEPTED": "The assignee took it on",
        "DECLINED": "The assignee declined it (closed)",
        "IN_PROGRESS": "The assignee is working on it",
        "AWAITING_INFORMATION": "The assignee asked the requester a question (requestInformation); the deadline clock "
        "stands still until the answer (provideInformation) returns it to ACCEPTED or IN_PROGRESS",
        "COMPLETED": "Done, with an outcome (closed)",
        "CANCELLED": "Withdrawn by the requester (closed)",
    },
)
TaskingAction = described(
    domain.TaskingAction,
    "What happened to a request, as its events record it",
    {
        "REQUESTED": "The request was made",
        "ACCEPTED": "The assignee accepted it",
        "DECLINED": "The assignee declined it",
        "STARTED": "The assignee started working on it",
        "COMPLETED": "The assignee completed it with an outcome",
        "CANCELLED": "The requester cancelled it",
        "REASSIGNED": "It was given to another officer (back to REQUESTED)",
        "CONSENT_RECORDED": "An H2 provider consented to onward sharing (the status does not change)",
        "AMENDED": "The requester amended the request before it was accepted",
        "DECONFLICTED": "A subject of it is named by an open request of another service too (see deconfliction; the status does not change)",
        "INFORMATION_REQUESTED": "The assignee asked the requester a question (to AWAITING_INFORMATION)",
        "INFORMATION_PROVIDED": "The requester answered; back to the state it was in, dueBy moved by the time waited",
        "MESSAGE_POSTED": "The requesting service or the assignee posted a message (the status does not change)",
        "DELAY_ANNOUNCED": "The assignee announced a later dueBy, with the reason (the status does not change)",
        "REDIRECTED": "The requester sent the declined request to another officer (back to REQUESTED)",
        "HANDED_OVER": "It went to another officer when its assignee's posting ended (the status does not change)",
    },
)
MessageSide = described(
    domain.MessageSide,
    "Who wrote a message on a request",
    {"REQUESTER": "The requesting service", "ASSIGNEE": "The assigned liaison officer"},
)
LegalBasis = described(
    domain.LegalBasis,
    "The legal basis of a request for assistance",
    {
        "BENELUX_POLICE_TREATY_2018": "Benelux police treaty of 2018 (in force since 1 October 2023)",
        "COUNCIL_DECISION_2003_170_JHA": "Council Decision 2003/170/JHA on the common use of liaison officers",
        "DIRECTIVE_EU_2023_977": "Directive (EU) 2023/977 on information exchange between EU Member States (EU destinations only)",
        "MUTUAL_LEGAL_ASSISTANCE": "Mutual legal assistance",
    },
)
HandlingCode = described(
    domain.HandlingCode,
    "How the information may be used (Europol's handling codes)",
    {
        "H0": "Law-enforcement use only",
        "H1": "Not for court use without the provider's consent",
        "H2": "No onward sharing without consent (blocks reassignment, redirection and export)",
        "H3": "Other restrictions, stated in a note",
    },
)


def value_of(member: object) -> object:
    """graphene hands enum arguments over as members of the Python enum (or their values)."""
    return getattr(member, "value", member)
