"""The conversation on a request: clarifications, messages, delays, redirection, handover.
Thin: each mutation calls one use case (service/usecases/conversation)."""

from __future__ import annotations

import graphene

from ...security.policy import Operation
from ...usecases.conversation import clarification, delays, handover, messages, redirect
from .. import permissions
from ..directory.types import Officer, Posting
from ..scalars import DateTime
from ..tasking.schema import JUSTIFICATION, transition_field
from ..tasking.types import Tasking
from .types import TaskingMessage


class WithheldTasking(graphene.ObjectType):
    """A tasking a handover left with its officer, and why."""

    tasking = graphene.Field(Tasking, required=True, description="The tasking, still with its officer")
    reason = graphene.String(required=True, description="Why it was not handed over")


class Handover(graphene.ObjectType):
    """What a handover moved, and what it left where it was."""

    handed_over = graphene.List(
        graphene.NonNull(Tasking), required=True, name="handedOver", description="The taskings now with the new officer"
    )
    withheld = graphene.List(
        graphene.NonNull(WithheldTasking),
        required=True,
        description="Open taskings that stayed: an H2 without its provider's consent, or a requesting service the new "
        "officer's posting does not serve",
    )


def _open_taskings(officer_of) -> graphene.List:
    async def resolve(parent, info):
        context = info.context
        return await handover.handover_report(context.executor, context.identity, context.trail, officer_of(parent))

    return graphene.List(
        graphene.NonNull(Tasking),
        required=True,
        name="openTaskings",
        resolver=resolve,
        description="The officer's open taskings (REQUESTED, ACCEPTED, IN_PROGRESS, AWAITING_INFORMATION), oldest "
        "first: hand them over with handOverTaskings",
    )


class EndedPosting(Posting):
    """The posting endPosting ended, with its officer's open taskings to hand over."""

    open_taskings = _open_taskings(lambda posting: posting.officer)


class RemovedPosting(graphene.ObjectType):
    """What removePosting removed, with its officer's open taskings to hand over."""

    id = graphene.ID(required=True, description="The id of the removed posting")
    officer = graphene.Field(Officer, required=True, description="Who held it")
    open_taskings = _open_taskings(lambda posting: posting.officer)

    @staticmethod
    async def resolve_officer(parent, info):
        return await info.context.reads.officer.load(parent.officer)


class ConversationMutations(graphene.ObjectType):
    request_information = transition_field(
        "The assigned LO asks the requester a question: an ACCEPTED or IN_PROGRESS tasking goes to "
        "AWAITING_INFORMATION and its deadline clock stops until the answer",
        question=graphene.String(required=True, description="What the LO needs to know"),
    )
    provide_information = transition_field(
        "The requesting service answers the LO's question: the tasking goes back to the state it was in, its dueBy "
        "moved by the time it waited",
        answer=graphene.String(required=True, description="The answer to the open question"),
    )
    post_message = graphene.Field(
        TaskingMessage,
        required=True,
        tasking_id=graphene.ID(required=True, name="taskingId", description="The tasking the message is about"),
        text=graphene.String(required=True, description="The message (at most 4000 characters)"),
        justification=graphene.String(description=JUSTIFICATION),
        description="A message between the requesting service and the assigned LO (nobody else), in any state; "
        "subscribers of taskingUpdated hear of it. It changes neither the status nor the version",
    )
    announce_delay = transition_field(
        "The assigned LO announces that the deadline cannot be kept (Directive (EU) 2023/977, art. 5): the new "
        "dueBy and why, shown to the requester on the tasking (delays) and counted in responseTimes",
        new_due_by=DateTime(required=True, name="newDueBy", description="The new deadline, later than the current dueBy"),
        reason=graphene.String(required=True, description="Why the deadline cannot be kept"),
    )
    redirect_tasking = transition_field(
        "The requester sends a DECLINED tasking to another LO (back to REQUESTED): the named one, who must cover the "
        "country, or else the routing's next best match among those who have not declined it",
        officer_id=graphene.ID(name="officerId", description="Leave out to route it to the next best match"),
    )
    hand_over_taskings = graphene.Field(
        Handover,
        required=True,
        from_officer_id=graphene.ID(required=True, name="fromOfficerId", description="The officer whose open taskings move"),
        to_officer_id=graphene.ID(required=True, name="toOfficerId", description="The officer who takes them over"),
        reason=graphene.String(required=True, description="Why (kept in each tasking's HANDED_OVER event)"),
        justification=graphene.String(description=JUSTIFICATION),
        description="Move all of an officer's open taskings to another, in one transaction with an event each "
        "(their states stay): an administrator for anyone, a liaison officer their own to one of their deputies",
    )

    @staticmethod
    async def resolve_request_information(root, info, id: str, version: int, question: str, justification=None):
        context = info.context
        return await clarification.request_information(
            context.executor, context.bus, context.caller(justification), tasking_id=id, version=version, question=question
        )

    @staticmethod
    async def resolve_provide_information(root, info, id: str, version: int, answer: str, justification=None):
        context = info.context
        return await clarification.provide_information(
            context.executor, context.bus, context.caller(justification), tasking_id=id, version=version, answer=answer
        )

    @staticmethod
    async def resolve_post_message(root, info, tasking_id: str, text: str, justification=None):
        context = info.context
        return await messages.post_message(context.executor, context.bus, context.caller(justification), tasking_id=tasking_id, text=text)

    @staticmethod
    async def resolve_announce_delay(root, info, id: str, version: int, new_due_by, reason: str, justification=None):
        context = info.context
        return await delays.announce_delay(
            context.executor,
            context.bus,
            context.caller(justification),
            tasking_id=id,
            version=version,
            new_due_by=new_due_by,
            reason=reason,
        )

    @staticmethod
    async def resolve_redirect_tasking(root, info, id: str, version: int, officer_id=None, justification=None):
        context = info.context
        return await redirect.redirect_tasking(
            context.executor,
            context.reads,
            context.bus,
            context.caller(justification),
            tasking_id=id,
            version=version,
            officer_id=officer_id,
        )

    @staticmethod
    async def resolve_hand_over_taskings(root, info, from_officer_id: str, to_officer_id: str, reason: str, justification=None):
        context = info.context
        return await handover.hand_over_taskings(
            context.executor,
            context.bus,
            context.caller(justification),
            from_officer=from_officer_id,
            to_officer=to_officer_id,
            reason=reason,
        )


permissions.register(
    "Mutation",
    requestInformation=Operation.WORK_TASKING,
    provideInformation=Operation.PROVIDE_INFORMATION,
    postMessage=Operation.CONVERSE,
    announceDelay=Operation.WORK_TASKING,
    redirectTasking=Operation.REDIRECT_TASKING,
    handOverTaskings=Operation.HAND_OVER_TASKINGS,
)
