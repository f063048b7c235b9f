"""Threat notices: issued by an LO (an administrator: for a multilateral desk) to Benelux services."""

from __future__ import annotations

import graphene

from ...security.policy import Operation
from ...usecases import notices as usecase
from .. import permissions
from ..enums import HandlingCode, value_of
from ..scalars import Date
from .types import Notice

JUSTIFICATION = "Case reference for the consultation log (else the X-Justification header)"


class IssueNoticeInput(graphene.InputObjectType):
    class Meta:
        description = "A threat notice and whom it is addressed to"

    subject = graphene.String(required=True, description="What it is about, in a line")
    text = graphene.String(required=True, description="The notice itself")
    handling_code = graphene.Field(HandlingCode, required=True, description="How its information may be used")
    handling_note = graphene.String(description="The restriction, required with H3")
    valid_from = Date(description="First day it is valid (default: today)")
    valid_until = Date(required=True, description="Last day it is valid (a year at most)")
    services = graphene.List(graphene.NonNull(graphene.String), description="Addressed services, e.g. LU-POLICE")
    countries = graphene.List(graphene.NonNull(graphene.String), description="Every service of these countries: BE, NL, LU")
    desk_posting = graphene.ID(description="Administrators: the multilateral desk's posting the notice is issued for")


def _version_field(description: str) -> graphene.Field:
    return graphene.Field(
        Notice,
        required=True,
        id=graphene.ID(required=True, description="The notice's id"),
        version=graphene.Int(required=True, description="The notice's version you last saw (stale: CONFLICT)"),
        justification=graphene.String(description=JUSTIFICATION),
        description=description,
    )


class NoticeQueries(graphene.ObjectType):
    notices = graphene.List(
        graphene.NonNull(Notice),
        required=True,
        expired_too=graphene.Boolean(default_value=False, description="Also expired and withdrawn notices"),
        description="The threat notices addressed to your service or issued by you (administrators: all), newest first",
    )
    notice = graphene.Field(
        Notice,
        id=graphene.ID(required=True, description="The notice's id"),
        description="One notice; NOT_FOUND if unknown or not addressed to you (the same answer)",
    )

    @staticmethod
    async def resolve_notices(root, info, expired_too=False):
        context = info.context
        return await usecase.find_notices(context.reads, context.identity, context.trail, context.today(), expired_too=expired_too)

    @staticmethod
    async def resolve_notice(root, info, id: str):
        context = info.context
        return await usecase.get_notice(context.reads, context.identity, context.trail, id)


class NoticeMutations(graphene.ObjectType):
    issue_notice = graphene.Field(
        Notice,
        required=True,
        input=IssueNoticeInput(required=True, description="The notice"),
        justification=graphene.String(description=JUSTIFICATION),
        description="An LO (an administrator: for a multilateral desk) issues a threat notice to Benelux services",
    )
    acknowledge_notice = _version_field("Your service has read the notice (once per addressed service)")
    withdraw_notice = _version_field("The issuer (or an administrator) withdraws a notice")

    @staticmethod
    async def resolve_issue_notice(root, info, input, justification=None):
        context = info.context
        request = usecase.NoticeRequest(
            subject=input["subject"], text=input["text"], handlingCode=value_of(input["handling_code"]),
            handlingNote=input.get("handling_note"), validFrom=input.get("valid_from"), validUntil=input["valid_until"],
            services=list(input.get("services") or []), countries=list(input.get("countries") or []),
            deskPosting=input.get("desk_posting"),
        )
        return await usecase.issue_notice(context.executor, context.reads, context.bus, context.caller(justification), request)

    @staticmethod
    async def resolve_acknowledge_notice(root, info, id, version, justification=None):
        context = info.context
        return await usecase.acknowledge_notice(context.executor, context.caller(justification), notice_id=id, version=version)

    @staticmethod
    async def resolve_withdraw_notice(root, info, id, version, justification=None):
        context = info.context
        return await usecase.withdraw_notice(context.executor, context.caller(justification), notice_id=id, version=version)


permissions.register("Query", notices=Operation.READ_NOTICE, notice=Operation.READ_NOTICE)
permissions.register(
    "Mutation",
    issueNotice=Operation.ISSUE_NOTICE,
    acknowledgeNotice=Operation.ACKNOWLEDGE_NOTICE,
    withdrawNotice=Operation.ISSUE_NOTICE,  # the issuing LO (their own notice) or an administrator
)
