"""GraphQL enums, generated from the domain's vocabularies so the two never drift."""

import graphene

from ..domain import enums as domain
from ..domain.models import Lang as DomainLang

Lang = graphene.Enum.from_enum(DomainLang, description="Language of names and labels")
Availability = graphene.Enum.from_enum(domain.Availability)
PostingKind = graphene.Enum.from_enum(domain.PostingKind)
ServiceKind = graphene.Enum.from_enum(domain.ServiceKind)
Route = graphene.Enum.from_enum(
    domain.Route, description="How a liaison officer covers the asked country, best first"
)


def lang_of(value: object) -> DomainLang:
    """graphene hands enum arguments over as the Python enum member or its value."""
    if isinstance(value, DomainLang):
        return value
    return DomainLang(getattr(value, "value", value) or "en")
Priority = graphene.Enum.from_enum(
    domain.Priority,
    description="ROUTINE, URGENT, IMMEDIATE (URGENT and IMMEDIATE are the urgent requests of Directive (EU) 2023/977); "
    "outside the EU the default deadlines are 7 days, 3 days and 8 hours",
)
Accessibility = graphene.Enum.from_enum(
    domain.Accessibility,
    description="DIRECT: information the requested authorities hold themselves; INDIRECT: to be obtained from other "
    "authorities or private parties. Sets the deadline of an urgent request to an EU Member State (8 hours or 3 days)",
)
SourceReliability = graphene.Enum.from_enum(
    domain.SourceReliability,
    description="Europol's 4x4, the source: A reliable, B mostly reliable, C mostly unreliable, X cannot be assessed",
)
TaskingStatus = graphene.Enum.from_enum(domain.TaskingStatus)
TaskingAction = graphene.Enum.from_enum(domain.TaskingAction)
LegalBasis = graphene.Enum.from_enum(domain.LegalBasis)
HandlingCode = graphene.Enum.from_enum(
    domain.HandlingCode,
    description="H0 law-enforcement use only; H1 not for court use without consent; "
    "H2 no onward sharing without consent; H3 other restrictions (see note)",
)


def value_of(member: object) -> object:
    """graphene hands enum arguments over as members of the Python enum (or their values)."""
    return getattr(member, "value", member)
