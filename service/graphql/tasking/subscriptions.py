"""Tasking subscriptions: live updates of the taskings a caller may see.

The stream comes from the process's fan-out hub (service/usecases/deliveries.py), which reads the
event bus through the `EventBus` interface only, drops every event outside the caller's
READ_TASKING scope before anything is loaded, and reads each remaining tasking once for all its
subscribers. Each delivery is then executed with a fresh request context whose consultation
record joins the event's batch, written before the `next` message leaves (service/api/websocket.py).
"""

from __future__ import annotations

import graphene

from ...domain import models
from ...errors import ServiceUnavailable
from ...i18n import _
from ...security.policy import Operation
from ...usecases.deliveries import Delivery, fanout
from .. import permissions
from .types import Tasking


class TaskingSubscriptions(graphene.ObjectType):
    tasking_updated = graphene.Field(
        Tasking,
        required=True,
        tasking_id=graphene.ID(description="Only this tasking (default: every tasking you may see)"),
        description=(
            "The current state of a tasking each time it changes (requested, accepted, declined, started, "
            "completed, cancelled, reassigned, redirected, handed over; a question asked or answered, a message "
            "posted, a delay announced), for the taskings you may read: an LO's own, an investigator's "
            "service's, a manager's country's, an administrator's all. Over WebSocket (graphql-transport-ws) only"
        ),
    )

    @staticmethod
    def subscribe_tasking_updated(root, info, tasking_id: str | None = None):
        context = info.context
        if context.bus is None:
            raise ServiceUnavailable(_("live updates are not available on this server"))
        return fanout(context.bus, context.executor).updates(context.identity, tasking_id)

    @staticmethod
    def resolve_tasking_updated(delivery: Delivery, info, tasking_id: str | None = None) -> models.Tasking:
        info.context.trail.note(Operation.READ_TASKING, [delivery.tasking.id])
        return delivery.tasking


permissions.register("Subscription", taskingUpdated=Operation.READ_TASKING)
