"""Tasking queries and mutations: thin, each calls one use case."""

from __future__ import annotations

import graphene

from ...domain.enums import TaskingAction as Action
from ...security.policy import Operation
from ...settings import deadlines
from ...usecases import taskings as usecase
from .. import permissions
from ..enums import Accessibility, HandlingCode, LegalBasis, Priority, SourceReliability, TaskingStatus, value_of
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
    accessibility = graphene.Field(
        Accessibility, default_value="INDIRECT", description="Of the information asked for (EU deadlines depend on it)"
    )
    legalBasis = graphene.Field(
        LegalBasis, required=True, description="DIRECTIVE_EU_2023_977 only for a country of the EU"
    )
    handlingCode = graphene.Field(HandlingCode, default_value="H0")
    handlingNote = graphene.String(description="The restriction, required with H3")
    assignee = graphene.ID(description="Leave out to route to the best searchLiaisons match")
    dueBy = DateTime(
        description="Default: Directive (EU) 2023/977's limit for an EU country (urgent: 8 hours DIRECT, 3 days "
        "INDIRECT; others 7 days), else by priority (LONET_DEADLINE_*_HOURS)"
    )
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
            context.reads, context.identity, context.trail, _filter(filter), first, after, context.now()
        )

    @staticmethod
    async def resolve_my_taskings(root, info, first: int, filter=None, after=None):
        context = info.context
        return await usecase.my_taskings(
            context.reads, context.identity, context.trail, _filter(filter), first, after, context.now()
        )


def transition_field(description: str, **extra) -> graphene.Field:
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
    accept_tasking = transition_field("The assigned LO takes the request on")
    decline_tasking = transition_field("The assigned LO declines, saying why", reason=graphene.String(required=True))
    start_tasking = transition_field("The assigned LO starts work")
    complete_tasking = transition_field(
        "The assigned LO reports the outcome, with their handling code and Europol's 4x4 evaluation",
        outcome=graphene.String(required=True),
        handling_code=graphene.Argument(HandlingCode, required=True, name="handlingCode", description="The LO's, on the outcome"),
        handling_note=graphene.String(name="handlingNote", description="The restriction, required with H3"),
        source_reliability=graphene.Argument(SourceReliability, required=True, name="sourceReliability"),
        information_assessment=graphene.Int(
            required=True, name="informationAssessment", description="1 accuracy not in doubt ... 4 cannot be corroborated"
        ),
    )
    cancel_tasking = transition_field("The requesting service withdraws the request", reason=graphene.String(required=True))
    reassign_tasking = transition_field(
        "Give the request to another LO (it starts over as REQUESTED)",
        officer_id=graphene.ID(required=True),
        reason=graphene.String(required=True),
    )
    record_consent = transition_field(
        "A provider lets H2 information go further: the requesting service for the request, the assigned LO for "
        "the outcome (an admin for either); kept as a CONSENT_RECORDED event",
        note=graphene.String(required=True, description="Who consented, how and to what"),
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
    async def resolve_complete_tasking(
        root, info, outcome: str, handling_code, source_reliability, information_assessment: int, handling_note=None, **args
    ):
        answer = usecase.Answer(
            outcome=outcome,
            handlingCode=value_of(handling_code),
            handlingNote=handling_note,
            sourceReliability=value_of(source_reliability),
            informationAssessment=information_assessment,
        )
        return await _transition(info, Action.COMPLETED, answer=answer, **args)

    @staticmethod
    async def resolve_record_consent(root, info, note: str, **args):
        return await _transition(info, Action.CONSENT_RECORDED, note=note, **args)

    @staticmethod
    async def resolve_cancel_tasking(root, info, reason: str, **args):
        return await _transition(info, Action.CANCELLED, note=reason, **args)

    @staticmethod
    async def resolve_reassign_tasking(root, info, officer_id: str, reason: str, **args):
        return await _transition(info, Action.REASSIGNED, note=reason, new_assignee=officer_id, reads=info.context.reads, **args)


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
    recordConsent=Operation.RECORD_CONSENT,
)
