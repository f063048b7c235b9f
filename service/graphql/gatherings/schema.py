"""Gatherings: meetings and training of the network's LOs, invitations and answers."""

from __future__ import annotations

import graphene

from ...security.policy import Operation
from ...usecases import gatherings as usecase
from .. import permissions
from ..enums import value_of
from ..scalars import Date
from .types import Gathering, GatheringKind, Invitation, InvitedBy

JUSTIFICATION = "A reference for the consultation log (else the X-Justification header)"


class InvitationInput(graphene.InputObjectType):
    class Meta:
        description = "Whom to invite: every LO, a programme's, a region's or a host country's LOs, or named officers"

    to = graphene.Field(InvitedBy, required=True, description="Whom the invitation goes to")
    code = graphene.String(description="The programme (e.g. BALKANS_PILOT), region (e.g. WESTERN_BALKANS) or country (e.g. RS)")
    officers = graphene.List(graphene.NonNull(graphene.ID), description="The officers, for an invitation to named officers")


class CreateGatheringInput(graphene.InputObjectType):
    class Meta:
        description = "A new gathering and whom it invites"

    kind = graphene.Field(GatheringKind, required=True, description="What kind of gathering")
    title = graphene.String(required=True, description="Its title")
    place = graphene.String(required=True, description="Where it takes place")
    starts_on = Date(required=True, description="Its first day")
    ends_on = Date(required=True, description="Its last day (not before startsOn)")
    invite = graphene.Field(InvitationInput, required=True, description="Whom it invites (resolved to officers now)")
    host_country = graphene.String(description="A local LO meeting's host country (ISO code)")
    convenor = graphene.ID(description="Administrators: a local LO meeting's convening LO (default: yourself)")


class GatheringQueries(graphene.ObjectType):
    gatherings = graphene.List(
        graphene.NonNull(Gathering),
        required=True,
        from_date=Date(description="Gatherings ending on or after this day (default: today)"),
        description="Managers and administrators: every gathering; an LO: those they are invited to or convene. Earliest first",
    )
    gathering = graphene.Field(
        Gathering,
        id=graphene.ID(required=True, description="The gathering's id"),
        description="One gathering; NOT_FOUND if unknown or not yours to see (the same answer)",
    )

    @staticmethod
    async def resolve_gatherings(root, info, from_date=None):
        context = info.context
        return await usecase.find_gatherings(context.reads, context.identity, context.trail, from_date or context.today())

    @staticmethod
    async def resolve_gathering(root, info, id: str):
        context = info.context
        return await usecase.get_gathering(context.reads, context.identity, context.trail, id)


class GatheringMutations(graphene.ObjectType):
    create_gathering = graphene.Field(
        Gathering,
        required=True,
        input=CreateGatheringInput(required=True, description="The gathering"),
        justification=graphene.String(description=JUSTIFICATION),
        description="Managers and administrators organise a gathering; the coordinator's LO in a host country "
        "convenes a local LO meeting there",
    )
    answer_invitation = graphene.Field(
        Invitation,
        required=True,
        id=graphene.ID(required=True, description="The gathering's id"),
        attending=graphene.Boolean(required=True, description="Whether you attend"),
        note=graphene.String(description="A note with your answer"),
        version=graphene.Int(required=True, description="Your invitation's version you last saw (stale: CONFLICT)"),
        officer_id=graphene.ID(description="Administrators only: whose answer; an LO always answers for themself"),
        justification=graphene.String(description=JUSTIFICATION),
        description="An invited LO answers; attending makes the gathering's days ON_MISSION in their availability",
    )
    cancel_gathering = graphene.Field(
        Gathering,
        required=True,
        id=graphene.ID(required=True, description="The gathering's id"),
        version=graphene.Int(required=True, description="The gathering's version you last saw (stale: CONFLICT)"),
        reason=graphene.String(required=True, description="Why it is cancelled"),
        justification=graphene.String(description=JUSTIFICATION),
        description="Cancel a gathering: its attendees' days no longer count as a mission",
    )

    @staticmethod
    async def resolve_create_gathering(root, info, input, justification=None):
        context = info.context
        invite = input["invite"]
        request = usecase.GatheringRequest(
            kind=value_of(input["kind"]),
            title=input["title"],
            place=input["place"],
            startsOn=input["starts_on"],
            endsOn=input["ends_on"],
            invitedBy=value_of(invite["to"]),
            code=invite.get("code"),
            officers=list(invite.get("officers") or []),
            hostCountry=input.get("host_country"),
            convenor=input.get("convenor"),
        )
        return await usecase.create_gathering(context.executor, context.reads, context.caller(justification), request)

    @staticmethod
    async def resolve_answer_invitation(root, info, id, attending, version, note=None, officer_id=None, justification=None):
        context = info.context
        return await usecase.answer_invitation(
            context.executor, context.caller(justification), gathering_id=id, attending=attending, note=note,
            version=version, officer_id=officer_id,
        )

    @staticmethod
    async def resolve_cancel_gathering(root, info, id, version, reason, justification=None):
        context = info.context
        return await usecase.cancel_gathering(
            context.executor, context.caller(justification), gathering_id=id, version=version, reason=reason
        )


permissions.register("Query", gatherings=Operation.READ_GATHERINGS, gathering=Operation.READ_GATHERINGS)
permissions.register(
    "Mutation",
    createGathering=Operation.ORGANISE_GATHERING,
    answerInvitation=Operation.ANSWER_INVITATION,
    cancelGathering=Operation.ORGANISE_GATHERING,
)
