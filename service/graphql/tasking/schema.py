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
from ..request_form.types import FormInputFields, plain
from ...usecases.pages import page_request
from ..pagination import page_arguments
from .types import Tasking, TaskingConnection

JUSTIFICATION = "Case reference for the consultation log (else the X-Justification header)"


class TaskingFilter(graphene.InputObjectType):
    """Which taskings to list, within your scope: every filter given must hold."""

    status = graphene.List(graphene.NonNull(TaskingStatus), description="Only taskings in one of these statuses")
    priority = graphene.Field(Priority, description="Only taskings of this priority")
    overdue = graphene.Boolean(description="Only overdue taskings (true) or only those that are not (false)")
    country = graphene.String(description="Only taskings concerning this country (ISO code)")
    assignee = graphene.ID(description="Only taskings assigned to this officer (id)")
    requestingService = graphene.String(description="Only taskings requested by this service (code)")


class RequestTaskingInput(FormInputFields, graphene.InputObjectType):
    """A request for assistance: what is needed, where, how urgently, under which legal basis."""

    title = graphene.String(required=True, description="What is asked, in a line")
    details = graphene.String(description="What is asked, in full")
    country = graphene.String(required=True, description="ISO code of the country the help is needed in")
    competences = graphene.List(graphene.NonNull(graphene.String), description="e.g. [DRUGS]")
    priority = graphene.Field(Priority, default_value="ROUTINE", description="How urgent it is; sets the default dueBy")
    accessibility = graphene.Field(
        Accessibility, default_value="INDIRECT", description="Of the information asked for (EU deadlines depend on it)"
    )
    legalBasis = graphene.Field(
        LegalBasis, required=True, description="DIRECTIVE_EU_2023_977 only for a country of the EU"
    )
    handlingCode = graphene.Field(
        HandlingCode, default_value="H0", description="The requester's handling code for the request (H0-H3)"
    )
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
    return {"filter": TaskingFilter(description="Which taskings; all within your scope when absent"), **page_arguments(20, str(usecase.MAX_PAGE))}


class TaskingQueries(graphene.ObjectType):
    tasking = graphene.Field(Tasking, id=graphene.ID(required=True, description="The tasking's id"), description="One tasking; NOT_FOUND if unknown or outside your scope (the same answer)")
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
    async def resolve_taskings(root, info, filter=None, first=None, after=None, last=None, before=None):
        context = info.context
        page = page_request(first, after, last, before, usecase.MAX_PAGE)
        return await usecase.find_taskings(
            context.reads, context.identity, context.trail, _filter(filter), page, None, context.now()
        )

    @staticmethod
    async def resolve_my_taskings(root, info, filter=None, first=None, after=None, last=None, before=None):
        context = info.context
        page = page_request(first, after, last, before, usecase.MAX_PAGE)
        return await usecase.my_taskings(
            context.reads, context.identity, context.trail, _filter(filter), page, None, context.now()
        )


def transition_field(description: str, **extra) -> graphene.Field:
    return graphene.Field(
        Tasking,
        required=True,
        description=description,
        id=graphene.ID(required=True, description="The tasking's id"),
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
        reads=context.reads,
        **kwargs,
    )


class TaskingMutations(graphene.ObjectType):
    request_tasking = graphene.Field(
        Tasking,
        required=True,
        input=RequestTaskingInput(required=True, description="What is asked, where and how urgently"),
        justification=graphene.String(description=JUSTIFICATION),
        description="Ask an LO for assistance on behalf of your service",
    )
    accept_tasking = transition_field("The assigned LO takes the request on")
    decline_tasking = transition_field(
        "The assigned LO declines, saying why",
        reason=graphene.String(required=True, description="Why the LO declines (the requester reads it)"),
    )
    start_tasking = transition_field("The assigned LO starts work")
    complete_tasking = transition_field(
        "The assigned LO reports the outcome, with their handling code and Europol's 4x4 evaluation",
        outcome=graphene.String(required=True, description="What the LO found or did"),
        handling_code=graphene.Argument(HandlingCode, required=True, name="handlingCode", description="The LO's, on the outcome"),
        handling_note=graphene.String(name="handlingNote", description="The restriction, required with H3"),
        source_reliability=graphene.Argument(
            SourceReliability, required=True, name="sourceReliability", description="Europol's 4x4 evaluation: the source, A-D or X"
        ),
        information_assessment=graphene.Int(
            required=True, name="informationAssessment", description="1 accuracy not in doubt ... 4 cannot be corroborated"
        ),
    )
    cancel_tasking = transition_field(
        "The requesting service withdraws the request",
        reason=graphene.String(required=True, description="Why the request is withdrawn (the LO reads it)"),
    )
    reassign_tasking = transition_field(
        "Give the request to another LO (it starts over as REQUESTED)",
        officer_id=graphene.ID(required=True, description="The id of the LO who takes it over"),
        reason=graphene.String(required=True, description="Why it changes hands (kept in the event)"),
    )
    record_consent = transition_field(
        "A provider lets H2 information go further: the requesting service for the request, the assigned LO for "
        "the outcome (an admin for either); kept as a CONSENT_RECORDED event",
        note=graphene.String(required=True, description="Who consented, how and to what"),
    )

    @staticmethod
    async def resolve_request_tasking(root, info, input, justification=None):
        context = info.context
        raw = {k: plain(v) for k, v in dict(input).items() if v is not None}
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
    recordConsent=Operation.RECORD_CONSENT,
)
