"""Gathering types: the gathering, its invitations and their answers."""

from __future__ import annotations

import graphene

from ...domain import gatherings as domain
from ...usecases import gatherings as usecase
from ..directory.types import Country, Officer, cached
from ..enums import described
from ..scalars import Date, DateTime

GatheringKind = described(
    domain.GatheringKind,
    "What kind of gathering of the network",
    {
        "JOINT_LO_WEEK": "The joint week of the Benelux LOs (e.g. Brussels, 16-20 April 2018)",
        "RETURN_DAY": "A return day: the LOs of a programme or region back at headquarters",
        "SEMINAR": "A seminar for the LOs",
        "TRAINING_COURSE": "A joint training course for the LOs",
        "LOCAL_LO_MEETING": "A meeting of the LOs posted to one host country, convened by the coordinator's LO there",
    },
)
GatheringStatus = described(
    domain.GatheringStatus,
    "Whether a gathering takes place",
    {"PLANNED": "It takes place as planned", "CANCELLED": "Cancelled: its days no longer count as a mission"},
)
InvitedBy = described(
    domain.InvitedBy,
    "Whom an invitation went to (resolved to officers when the gathering was created)",
    {
        "ALL": "Every LO with a posting active during the gathering",
        "PROGRAMME": "The LOs of a programme's postings, e.g. the Balkans pilot",
        "REGION": "The LOs posted in a region",
        "COUNTRY": "The LOs posted in a host country",
        "OFFICERS": "Named officers",
    },
)
InvitationAnswer = described(
    domain.InvitationAnswer,
    "An invited LO's answer",
    {
        "ATTENDING": "Attends: the gathering's days show as ON_MISSION in their availability",
        "NOT_ATTENDING": "Does not attend",
    },
)


class Invitation(graphene.ObjectType):
    class Meta:
        description = "An invited officer and their answer"

    officer = graphene.Field(Officer, required=True, description="The invited officer")
    answer = graphene.Field(InvitationAnswer, description="Null until they answer")
    note = graphene.String(description="Their note with the answer")
    answeredAt = DateTime(description="When they answered")
    version = graphene.Int(required=True, description="Give it back with the next answer (stale: CONFLICT)")

    @staticmethod
    async def resolve_officer(parent: usecase.Invitation, info):
        return await info.context.reads.officer.load(parent.officer)


class Gathering(graphene.ObjectType):
    class Meta:
        description = "A meeting or training of the network's LOs"

    id = graphene.ID(required=True, description="The gathering's id, e.g. G-2018-JOINT-WEEK")
    kind = graphene.Field(GatheringKind, required=True, description="What kind of gathering")
    title = graphene.String(required=True, description="Its title")
    place = graphene.String(required=True, description="Where it takes place")
    startsOn = Date(required=True, description="Its first day")
    endsOn = Date(required=True, description="Its last day")
    status = graphene.Field(GatheringStatus, required=True, description="Planned or cancelled")
    cancelReason = graphene.String(description="Why it was cancelled")
    invitedBy = graphene.Field(InvitedBy, required=True, description="Whom the invitation went to")
    invitedCode = graphene.String(description="The programme, region or country invited")
    host_country = graphene.Field(Country, description="A local LO meeting's host country")
    convenor = graphene.Field(Officer, description="A local LO meeting's convening LO")
    createdBy = graphene.String(required=True, description="Who created it (token subject)")
    createdAt = DateTime(required=True, description="When it was created")
    version = graphene.Int(required=True, description="Give it back to cancel it (stale: CONFLICT)")
    invitations = graphene.List(
        graphene.NonNull(Invitation),
        required=True,
        description="Managers, administrators and the convenor: every invitation with its answer; an LO: their own",
    )
    attending = graphene.Int(required=True, description="How many of the invitations you see answer ATTENDING")

    @staticmethod
    def resolve_host_country(parent: usecase.Gathering, info):
        return cached(info, lambda countries: countries.get(parent.hostCountry), "countries") if parent.hostCountry else None

    @staticmethod
    async def resolve_convenor(parent: usecase.Gathering, info):
        return await info.context.reads.officer.load(parent.convenor) if parent.convenor else None

    @staticmethod
    async def resolve_invitations(parent: usecase.Gathering, info):
        return await usecase.invitations_of(info.context.reads, info.context.identity, parent)

    @staticmethod
    async def resolve_attending(parent: usecase.Gathering, info):
        invitations = await usecase.invitations_of(info.context.reads, info.context.identity, parent)
        return sum(1 for i in invitations if i.answer is domain.InvitationAnswer.ATTENDING)
