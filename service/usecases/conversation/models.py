"""What the conversation on a request holds, as read from the store."""

from __future__ import annotations

from datetime import datetime

from ...domain.enums import MessageSide
from ...domain.models import Model


class Clarification(Model):
    """A question of the assigned LO and the requester's answer (None while it awaits one)."""

    id: str
    tasking: str
    question: str
    askedAt: datetime
    askedBy: str
    answer: str | None = None
    answeredAt: datetime | None = None
    answeredBy: str | None = None


class Message(Model):
    id: str
    tasking: str
    at: datetime
    author: str
    side: MessageSide
    text: str


class Delay(Model):
    """A delay the assigned LO announced: the deadline it replaced, the new one, and why."""

    id: str
    tasking: str
    at: datetime
    actor: str
    previousDueBy: datetime
    newDueBy: datetime
    reason: str
