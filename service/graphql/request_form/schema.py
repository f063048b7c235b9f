"""amendTasking: thin, it calls one use case."""

from __future__ import annotations

import graphene

from ...security.policy import Operation
from ...settings import deadlines
from ...usecases.request_form import amend as usecase
from .. import permissions
from ..enums import Lang, Priority
from ..tasking.schema import JUSTIFICATION
from ..tasking.types import Tasking
from .types import ContactInput, SubjectInput, plain


class RequestFormMutations(graphene.ObjectType):
    amend_tasking = graphene.Field(
        Tasking,
        required=True,
        description="The requesting service changes its request until the LO accepts it (REQUESTED only): a field "
        "left out stays, a field given as null is removed, subjects given replace the request's; a changed "
        "priority sets dueBy anew from now",
        id=graphene.ID(required=True, description="The tasking"),
        version=graphene.Int(required=True, description="The version you last saw (stale: CONFLICT)"),
        title=graphene.String(description="New title"),
        details=graphene.String(description="New details (null removes them)"),
        priority=graphene.Argument(Priority, description="New priority"),
        contact=graphene.Argument(ContactInput, description="The requesting contact person"),
        caseNumber=graphene.String(description="The requesting service's case number"),
        judicialAuthority=graphene.String(description="The judicial authority (required under MUTUAL_LEGAL_ASSISTANCE)"),
        authorisationReference=graphene.String(
            description="Its authorisation's reference (required under MUTUAL_LEGAL_ASSISTANCE)"
        ),
        replyLanguage=graphene.Argument(Lang, description="The language the reply should be in"),
        subjects=graphene.List(graphene.NonNull(SubjectInput), description="The subjects, all of them (replaces the list)"),
        justification=graphene.String(description=JUSTIFICATION),
    )

    @staticmethod
    async def resolve_amend_tasking(root, info, id: str, version: int, justification=None, **changes):
        context = info.context
        # Only the arguments given: one given as null removes the value, one left out keeps it.
        amendment = usecase.Amendment.model_validate(plain(changes))
        return await usecase.amend_tasking(
            context.executor,
            context.reads,
            context.bus,
            context.caller(justification),
            tasking_id=id,
            version=version,
            amendment=amendment,
            deadlines=deadlines(context.settings),
        )


permissions.register("Mutation", amendTasking=Operation.REQUEST_TASKING)
