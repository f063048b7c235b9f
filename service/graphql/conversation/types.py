"""The conversation on a request, as the tasking shows it: questions and answers, messages,
announced delays."""

from __future__ import annotations

import graphene

from ..enums import MessageSide
from ..pagination import connection
from ..scalars import DateTime


class Clarification(graphene.ObjectType):
    """A question of the assigned LO to the requester, and the answer (the deadline clock stood
    still in between)."""

    id = graphene.ID(required=True, description="Unique id of the question")
    question = graphene.String(required=True, description="What the LO asked")
    askedAt = DateTime(required=True, description="When the LO asked (the clock stopped then)")
    askedBy = graphene.String(required=True, description="The officer id of the LO who asked, or an administrator's subject")
    answer = graphene.String(description="The requester's answer (null while it awaits one)")
    answeredAt = DateTime(description="When the requester answered (the clock ran again)")
    answeredBy = graphene.String(description="Token subject of who answered")


class TaskingMessage(graphene.ObjectType):
    """A message between the requesting service and the assigned LO."""

    id = graphene.ID(required=True, description="Unique id of the message")
    at = DateTime(required=True, description="When it was posted")
    author = graphene.String(required=True, description="Token subject, or the officer id for an LO")
    side = graphene.Field(MessageSide, required=True, description="Whether the requesting service or the assigned LO wrote it")
    text = graphene.String(required=True, description="The message")


TaskingMessageConnection = connection(TaskingMessage, "TaskingMessage", "messages")


class DelayNotice(graphene.ObjectType):
    """A delay the assigned LO announced (Directive (EU) 2023/977, art. 5): until when, and why."""

    id = graphene.ID(required=True, description="Unique id of the announcement")
    at = DateTime(required=True, description="When the delay was announced")
    actor = graphene.String(required=True, description="The officer id of the LO, or an administrator's subject")
    previousDueBy = DateTime(required=True, description="The deadline it replaced")
    newDueBy = DateTime(required=True, description="The new deadline (the tasking's dueBy since)")
    reason = graphene.String(required=True, description="Why the deadline could not be kept")
