"""Announced delays: the assigned LO who cannot keep the deadline says until when, and why.

Directive (EU) 2023/977 (art. 5) has the requested side inform the requester of a delay, its
length and its reasons; lonet does so for every request. The requester sees each delay on the
tasking (`delays`), the response-time statistics count them.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from ...domain.deadlines import delay_problem
from ...domain.enums import TaskingAction, TaskingStatus
from ...domain.lifecycle import DOING
from ...domain.models import Tasking
from ...errors import BadUserInput
from ...i18n import N_, _
from ...events import EventBus
from ...security.policy import Operation
from ...store import Executor, Transaction
from ...store.queries import conversation as cq
from ..caller import Caller
from ..taskings import actor_of, change_tasking, required_text

A = TaskingAction

# User-visible texts of this module (English; complete sentences, translated elsewhere).


async def announce_delay(
    executor: Executor,
    bus: EventBus | None,
    caller: Caller,
    *,
    tasking_id: str,
    version: int,
    new_due_by: datetime,
    reason: str | None,
) -> Tasking:
    caller.justified(DOING[A.DELAY_ANNOUNCED])
    reason = required_text(reason, "reason", N_("a reason"))

    async def delayed(tx: Transaction, current: Tasking, target: TaskingStatus, now: datetime) -> tuple[str, list[str]]:
        problem = delay_problem(current.dueBy, new_due_by, now)
        if problem:
            raise BadUserInput(problem, field="newDueBy")
        await tx.run(
            cq.ADD_DELAY,
            {
                "id": tasking_id,
                "newDueBy": new_due_by,
                "delay": f"D-{uuid.uuid4().hex[:16].upper()}",
                "now": now,
                "actor": actor_of(caller.identity),
                "previousDueBy": current.dueBy,
                "reason": reason,
            },
        )
        return _(
            "Due by %(new)s instead of %(previous)s: %(reason)s",
            new=new_due_by.isoformat(), previous=current.dueBy.isoformat(), reason=reason,
        ), []

    return await change_tasking(
        executor, bus, caller, tasking_id=tasking_id, version=version, operation=Operation.WORK_TASKING,
        action=A.DELAY_ANNOUNCED, audited_as="announceDelay", apply=delayed,
    )
