"""Handover when a posting ends: an officer's open taskings go to a successor or a deputy.

`endPosting` and `removePosting` report the officer's open taskings; `handOverTaskings` moves
them all in one unit of work, each with a HANDED_OVER event (its state stays: an accepted request
stays accepted with its new LO). An administrator hands over anyone's; an LO their own, to one of
their deputies. A tasking whose H2 its provider has not released, or whose requesting service the
new officer's posting does not serve, stays where it is and is reported as withheld, with why.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...domain.enums import TaskingAction
from ...domain.handling import sharing_refusal
from ...domain.lifecycle import OPEN_STATE_VALUES
from ...domain.models import Posting, Tasking
from ...errors import BadUserInput, Forbidden, NotFound
from ...events import EventBus
from ...i18n import N_, _
from ...security.identity import Identity, Role
from ...security.policy import Operation, Target, allowed, require
from ...store import Executor, Transaction
from ...store.queries import conversation as cq
from ...store.queries import directory as dq
from ...store.queries import tasking as q
from ..audit import AuditTrail
from ..caller import Caller
from ..reads import fetch
from ..notifications import outbox
from ..taskings import add_event, move, publish, reload, required_text, serving_posting, target_of

A = TaskingAction

# User-visible texts of this module (English; complete sentences, translated elsewhere).


def _unknown_officer(officer: str) -> str:
    return _("There is no officer %(officer)r.", officer=officer)


@dataclass(frozen=True)
class Withheld:
    tasking: Tasking
    reason: str


@dataclass(frozen=True)
class Handover:
    handed_over: list[Tasking]
    withheld: list[Withheld]


async def _known_officers(tx: Transaction, ids: list[str]) -> set[str]:
    return {row["id"] for row in await tx.run(dq.OFFICERS_BY_IDS, {"ids": ids})}


async def _withheld_because(tx: Transaction, tasking: Tasking, to_officer: str, caller: Caller) -> str | None:
    refusal = sharing_refusal(f"handing it over to {to_officer}", tasking.reference, tasking.h2_awaiting_consent())
    if refusal:
        return refusal
    try:
        await serving_posting(tx, to_officer, tasking.requestingService, caller.today, field="toOfficerId")
    except Forbidden as exc:
        return str(exc)
    return None


async def hand_over_taskings(
    executor: Executor, bus: EventBus | None, caller: Caller, *, from_officer: str, to_officer: str, reason: str | None
) -> Handover:
    identity = caller.identity
    require(identity, Operation.HAND_OVER_TASKINGS, Target(officer=from_officer))
    caller.justified(N_("handing over taskings"))
    reason = required_text(reason, "reason", N_("a reason"))
    if from_officer == to_officer:
        raise BadUserInput(_("fromOfficerId and toOfficerId are the same officer: nothing to hand over."), field="toOfficerId")

    async def work(tx: Transaction) -> Handover:
        known = await _known_officers(tx, [from_officer, to_officer])
        if from_officer not in known:
            raise NotFound(_unknown_officer(from_officer), field="fromOfficerId")
        if to_officer not in known:
            raise BadUserInput(_unknown_officer(to_officer), field="toOfficerId")
        if Role.ADMIN not in identity.roles:
            deputies = {row["deputy"] for row in await tx.run(dq.DEPUTIES_OF_OFFICER, {"id": from_officer})}
            if to_officer not in deputies:
                raise Forbidden(
                    _(
                        "%(officer)s is not one of your deputies: a liaison officer hands taskings over to a deputy only "
                        "(an administrator to anyone).",
                        officer=to_officer,
                    ),
                    field="toOfficerId",
                )
        rows = await tx.run(cq.OPEN_TASKINGS_OF_OFFICER, {"officer": from_officer, "openStates": OPEN_STATE_VALUES})
        now = caller.now()
        moved: list[str] = []
        withheld: list[Withheld] = []
        for current in (Tasking.model_validate(row) for row in rows):
            why = await _withheld_because(tx, current, to_officer, caller)
            if why:
                withheld.append(Withheld(current, why))
                continue
            target = target_of(current, A.HANDED_OVER)
            await move(tx, current, target, now)
            await tx.run(q.REASSIGN, {"id": current.id, "assignee": to_officer})
            note = _("From %(previous)s to %(officer)s: %(reason)s", previous=from_officer, officer=to_officer, reason=reason)
            event_id = await add_event(tx, identity, current.id, A.HANDED_OVER, current.status, target, note, now)
            await outbox.enqueue(tx, change=A.HANDED_OVER, change_id=event_id, tasking_id=current.id, now=now, new_change=True)
            moved.append(current.id)
        await caller.record(tx, "handOverTaskings", [from_officer, to_officer, *moved])
        return Handover([await reload(tx, tasking_id) for tasking_id in moved], withheld)

    handover = await executor.write(work)
    for tasking in handover.handed_over:
        await publish(bus, tasking, A.HANDED_OVER)
    return handover


async def handover_report(executor: Executor, identity: Identity, trail: AuditTrail, officer_id: str) -> list[Tasking]:
    """The officer's open taskings the caller may read, oldest first: what a handover would move."""
    rows = await fetch(executor, cq.OPEN_TASKINGS_OF_OFFICER, {"officer": officer_id, "openStates": OPEN_STATE_VALUES})
    taskings = [Tasking.model_validate(row) for row in rows]
    visible = [
        t for t in taskings if allowed(identity, Operation.READ_TASKING, Target(service=t.requestingService, assignee=t.assignee))
    ]
    trail.note(Operation.READ_TASKING, [t.id for t in visible])
    return visible


async def name_successor(tx: Transaction, posting: Posting, successor: str) -> None:
    """Inside the unit of work that ends the posting: who takes over from its holder."""
    if successor == posting.officer:
        raise BadUserInput(
            _("The successor must be another officer than the posting's holder (%(officer)s).", officer=posting.officer),
            field="successorOfficerId",
        )
    if successor not in await _known_officers(tx, [successor]):
        raise BadUserInput(_unknown_officer(successor), field="successorOfficerId")
    await tx.run(cq.CLEAR_SUCCESSOR, {"id": posting.id})
    await tx.run(cq.LINK_SUCCESSOR, {"id": posting.id, "successor": successor})
