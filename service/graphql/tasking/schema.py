"""Tasking queries and mutations: thin, each calls one use case."""

from __future__ import annotations

from datetime import datetime, timezone

import graphene

from ...domain.enums import TaskingAction as Action
from ...security.policy import Operation
from ...settings import deadlines
from ...usecases import taskings as usecase
from .. import permissions
from ..enums import HandlingCode, LegalBasis, Priority, TaskingStatus, value_of
from ..scalars import DateTime
from .types import Tasking, TaskingConnection

JUSTIFICATION = "Case reference for the consultation log (else the X-Justification header)"


class TaskingFilter(graphene.InputObjectType):
    status = graphene.List(graphene.NonNull(TaskingStatus))
    priority = graphene.Field(Priority)
    overdue = graphene.Boolean()
    country = graphene.String()
    assignee = graphene.ID()
    requestingService = graphene.String()


class RequestTaskingInput(graphene.InputObjectType):
    title = graphene.String(required=True)
    details = graphene.String()
    country = graphene.String(required=True, description="ISO code of the country the help is needed in")
    competences = graphene.List(graphene.NonNull(graphene.String), description="e.g. [DRUGS]")
    priority = graphene.Field(Priority, default_value="ROUTINE")
    legalBasis = graphene.Field(LegalBasis, required=True)
    handlingCode = graphene.Field(HandlingCode, default_value="H0")
    assignee = graphene.ID(description="Leave out to route to the best searchLiaisons match")
    dueBy = DateTime(description="Default by priority")
    requestingService = graphene.String(description="Default: your own service")
    coverageOverride = graphene.String(
        description="Admins only: why the named assignee takes it although they do not cover the country (kept in the first event)"
    )


def _filter(value) -> usecase.TaskingFilter:
    raw = dict(value or {})
    if "status" in raw:
        raw["status"] = [value_of(s) for s in raw["status"] or []]
    if raw.get("priority") is not None:
        raw["priority"] = value_of(raw["priority"])
    return usecase.TaskingFilter.model_validate({k: v for k, v in raw.items() if v is not None})


def _page_args() -> dict:
    return {"filter": TaskingFilter(), "first": graphene.Int(default_value=20), "after": graphene.String()}


class TaskingQueries(graphene.ObjectType):
    tasking = graphene.Field(Tasking, id=graphene.ID(required=True), description="One tasking; NOT_FOUND if unknown or outside your scope (the same answer)")
    taskings = graphene.Field(TaskingConnection, required=True, description="Newest first, within your scope", **_page_args())
    my_taskings = graphene.Field(
        TaskingConnection,
        required=True,
        description="An LO's inbox, or an investigator's service's requests",
        **_page_args(),
    )

    @staticmethod
    async def resolve_tasking(root, info, id: str):
        context = info.context
        return await usecase.get_tasking(context.reads, context.identity, context.trail, id)

    @staticmethod
    async def resolve_taskings(root, info, first: int, filter=None, after=None):
        context = info.context
        return await usecase.find_taskings(
            context.reads, context.identity, context.trail, _filter(filter), first, after, datetime.now(timezone.utc)
        )

    @staticmethod
    async def resolve_my_taskings(root, info, first: int, filter=None, after=None):
        context = info.context
        return await usecase.my_taskings(
            context.reads, context.identity, context.trail, _filter(filter), first, after, datetime.now(timezone.utc)
        )


def _transition_field(description: str, **extra) -> graphene.Field:
    return graphene.Field(
        Tasking,
        required=True,
        description=description,
        id=graphene.ID(required=True),
        version=graphene.Int(required=True, description="The version you last saw (stale: CONFLICT)"),
        justification=graphene.String(description=JUSTIFICATION),
        **extra,
    )


async def _transition(info, action: Action, id: str, version: int, justification=None, **kwargs):
    context = info.context
    return await usecase.transition(
        context.executor,
        context.bus,
        context.caller(justification),
        tasking_id=id,
        action=action,
        version=version,
        **kwargs,
    )


class TaskingMutations(graphene.ObjectType):
    request_tasking = graphene.Field(
        Tasking,
        required=True,
        input=RequestTaskingInput(required=True),
        justification=graphene.String(description=JUSTIFICATION),
        description="Ask an LO for assistance on behalf of your service",
    )
    accept_tasking = _transition_field("The assigned LO takes the request on")
    decline_tasking = _transition_field("The assigned LO declines, saying why", reason=graphene.String(required=True))
    start_tasking = _transition_field("The assigned LO starts work")
    complete_tasking = _transition_field("The assigned LO reports the outcome", outcome=graphene.String(required=True))
    cancel_tasking = _transition_field("The requesting service withdraws the request", reason=graphene.String(required=True))
    reassign_tasking = _transition_field(
        "Give the request to another LO (it starts over as REQUESTED)",
        officer_id=graphene.ID(required=True),
        reason=graphene.String(required=True),
    )

    @staticmethod
    async def resolve_request_tasking(root, info, input, justification=None):
        context = info.context
        raw = {k: value_of(v) for k, v in dict(input).items() if v is not None}
        request = usecase.TaskingRequest.model_validate(raw)
        return await usecase.request_tasking(
            context.executor, context.reads, context.bus, context.caller(justification), request, deadlines(context.settings)
        )

    @staticmethod
    async def resolve_accept_tasking(root, info, **args):
        return await _transition(info, Action.ACCEPTED, **args)

    @staticmethod
    async def resolve_decline_tasking(root, info, reason: str, **args):
        return await _transition(info, Action.DECLINED, note=reason, **args)

    @staticmethod
    async def resolve_start_tasking(root, info, **args):
        return await _transition(info, Action.STARTED, **args)

    @staticmethod
    async def resolve_complete_tasking(root, info, outcome: str, **args):
        return await _transition(info, Action.COMPLETED, outcome=outcome, **args)

    @staticmethod
    async def resolve_cancel_tasking(root, info, reason: str, **args):
        return await _transition(info, Action.CANCELLED, note=reason, **args)

    @staticmethod
    async def resolve_reassign_tasking(root, info, officer_id: str, reason: str, **args):
        return await _transition(info, Action.REASSIGNED, note=reason, new_assignee=officer_id, **args)


permissions.register(
    "Query", tasking=Operation.READ_TASKING, taskings=Operation.READ_TASKING, myTaskings=Operation.READ_TASKING
)
permissions.register(
    "Mutation",
    requestTasking=Operation.REQUEST_TASKING,
    acceptTasking=Operation.WORK_TASKING,
    declineTasking=Operation.WORK_TASKING,
    startTasking=Operation.WORK_TASKING,
    completeTasking=Operation.WORK_TASKING,
    cancelTasking=Operation.CANCEL_TASKING,
    reassignTasking=Operation.REASSIGN_TASKING,
)
