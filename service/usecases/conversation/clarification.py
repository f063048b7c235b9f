"""The clarification round trip: the assigned LO asks, the requester answers.

`requestInformation` puts an ACCEPTED or IN_PROGRESS tasking in AWAITING_INFORMATION and stops
its deadline clock; `provideInformation` returns it to the state it was in, with dueBy moved by
the time it waited (the LO is not late for the time the requester took to answer).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from ...domain.deadlines import resumed_due_by
from ...domain.enums import TaskingAction, TaskingStatus
from ...domain.lifecycle import DOING
from ...domain.models import Tasking
from ...events import EventBus
from ...i18n import N_, _
from ...security.policy import Operation
from ...store import Executor, Transaction
from ...store.queries import conversation as cq
from ..caller import Caller
from ..taskings import actor_of, change_tasking, required_text

A = TaskingAction

# User-visible texts of this module (English; complete sentences, translated elsewhere).


async def request_information(
    executor: Executor, bus: EventBus | None, caller: Caller, *, tasking_id: str, version: int, question: str | None
) -> Tasking:
    """The assigned LO (or an administrator) asks the requester; the clock stops."""
    caller.justified(DOING[A.INFORMATION_REQUESTED])
    question = required_text(question, "question", N_("a question"))

    async def ask(tx: Transaction, current: Tasking, target: TaskingStatus, now: datetime) -> tuple[None, list[str]]:
        clarification = f"Q-{uuid.uuid4().hex[:16].upper()}"
        await tx.run(
            cq.START_WAITING,
            {
                "id": tasking_id,
                "now": now,
                "resumeStatus": current.status,
                "clarification": clarification,
                "question": question,
                "actor": actor_of(caller.identity),
            },
        )
        return None, [clarification]

    return await change_tasking(
        executor, bus, caller, tasking_id=tasking_id, version=version, operation=Operation.WORK_TASKING,
        action=A.INFORMATION_REQUESTED, audited_as="requestInformation", apply=ask,
    )


async def provide_information(
    executor: Executor, bus: EventBus | None, caller: Caller, *, tasking_id: str, version: int, answer: str | None
) -> Tasking:
    """The requesting service (or an administrator) answers; back to the state it was in, with
    dueBy moved by the time it waited."""
    caller.justified(DOING[A.INFORMATION_PROVIDED])
    answer = required_text(answer, "answer", N_("an answer"))

    async def answered(tx: Transaction, current: Tasking, target: TaskingStatus, now: datetime) -> tuple[str, list[str]]:
        due = resumed_due_by(current.dueBy, current.awaitingSince or now, now)
        await tx.run(
            cq.END_WAITING,
            {"id": tasking_id, "dueBy": due, "answer": answer, "now": now, "actor": actor_of(caller.identity)},
        )
        hours = round((due - current.dueBy).total_seconds() / 3600, 2)
        return _(
            "The deadline moved by %(hours)s hours, the time the tasking awaited this answer, to %(due)s.",
            hours=hours, due=due.isoformat(),
        ), []

    return await change_tasking(
        executor, bus, caller, tasking_id=tasking_id, version=version, operation=Operation.PROVIDE_INFORMATION,
        action=A.INFORMATION_PROVIDED, audited_as="provideInformation", apply=answered,
    )
