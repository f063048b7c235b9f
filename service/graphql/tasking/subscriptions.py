"""Tasking subscriptions: live updates of the taskings a caller may see.

The source stream reads the event bus through the `EventBus` interface only (an in-process bus
today, a broker with several workers), drops every event outside the caller's READ_TASKING scope
before anything is loaded, and re-reads each remaining tasking from the store so that its values
are current. Each event is then executed with a fresh request context (fresh DataLoaders, its own
consultation-log record), see `service/api/websocket.py`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import graphene

from ...domain import models
from ...errors import NotFound, ServiceUnavailable
from ...events import EventBus
from ...security.identity import Identity
from ...security.policy import Operation, Target, allowed
from ...store import Executor
from ...usecases import taskings as usecase
from ...usecases.audit import AuditTrail
from ...usecases.reads import DirectoryReads
from .. import permissions
from .types import Tasking


def may_see(identity: Identity, service: str, assignee: str) -> bool:
    """Whether a tasking update is within the caller's READ_TASKING scope (the policy table decides)."""
    return allowed(identity, Operation.READ_TASKING, Target(service=service, assignee=assignee))


async def tasking_updates(
    bus: EventBus, executor: Executor, identity: Identity, tasking_id: str | None = None
) -> AsyncIterator[models.Tasking]:
    """The current state of every tasking the caller may see, each time one changes."""
    events = bus.subscribe()
    try:
        async for event in events:
            if tasking_id is not None and event.tasking_id != tasking_id:
                continue
            if not may_see(identity, event.requesting_service, event.assignee):
                continue  # filtered on the event itself: nothing outside the scope is loaded
            # A fresh read per event. The scratch trail is dropped: the execution that sends the
            # tasking notes the read in its own trail, written before the message leaves.
            scratch = AuditTrail(identity, None, "")
            try:
                tasking = await usecase.get_tasking(DirectoryReads(executor), identity, scratch, event.tasking_id)
            except NotFound:
                continue  # it changed hands between the event and the read
            yield tasking
    finally:
        close = getattr(events, "aclose", None)
        if close is not None:
            await close()  # unsubscribe from the bus now, not when the generator is collected


class TaskingSubscriptions(graphene.ObjectType):
    tasking_updated = graphene.Field(
        Tasking,
        required=True,
        tasking_id=graphene.ID(description="Only this tasking (default: every tasking you may see)"),
        description=(
            "The current state of a tasking each time it changes (requested, accepted, declined, started, "
            "completed, cancelled, reassigned), for the taskings you may read: an LO's own, an investigator's "
            "service's, a manager's country's, an administrator's all. Over WebSocket (graphql-transport-ws) only"
        ),
    )

    @staticmethod
    def subscribe_tasking_updated(root, info, tasking_id: str | None = None):
        context = info.context
        if context.bus is None:
            raise ServiceUnavailable("live updates are not available on this server")
        return tasking_updates(context.bus, context.executor, context.identity, tasking_id)

    @staticmethod
    def resolve_tasking_updated(tasking: models.Tasking, info, tasking_id: str | None = None) -> models.Tasking:
        info.context.trail.note(Operation.READ_TASKING, [tasking.id])
        return tasking


permissions.register("Subscription", taskingUpdated=Operation.READ_TASKING)
