"""Redirection: the requester sends a DECLINED request on to another LO, who starts over.

Without a named officer the routing picks the next best match (searchLiaisons' ranking, an
available LO first), leaving out everyone who already declined it; a named officer must cover the
country, as for any assignment (an administrator may insist). The decline and its reason stay in
the events; the REDIRECTED event says from whom to whom.
"""

from __future__ import annotations

from datetime import datetime

from ...domain.enums import HandlingCode, TaskingAction, TaskingStatus
from ...domain.handling import sharing_refusal
from ...domain.lifecycle import DOING
from ...domain.models import Tasking
from ...errors import BadUserInput, Forbidden
from ...i18n import _
from ...events import EventBus
from ...security.policy import Operation
from ...store import Executor, Transaction
from ...store.queries import conversation as cq
from ...store.queries import tasking as q
from ..caller import Caller
from ..reads import DirectoryReads, fetch
from ..taskings import best_match, change_tasking, check_reassignee_covers, seen_before_change, serving_posting, target_of

A = TaskingAction

# User-visible texts of this module (English; complete sentences, translated elsewhere).


async def _declined_by(executor: Executor, tasking: Tasking) -> frozenset[str]:
    """Everyone who declined it: the current assignee (it is DECLINED) and earlier ones."""
    rows = await fetch(executor, cq.DECLINED_BY, {"id": tasking.id})
    return frozenset({tasking.assignee, *(r["officer"] for r in rows)})


async def redirect_tasking(
    executor: Executor,
    reads: DirectoryReads,
    bus: EventBus | None,
    caller: Caller,
    *,
    tasking_id: str,
    version: int,
    officer_id: str | None = None,
) -> Tasking:
    identity = caller.identity
    caller.justified(DOING[A.REDIRECTED])
    # The choice is made on what the caller may see and act on; the unit of work checks it all again.
    seen = await seen_before_change(executor, identity, Operation.REDIRECT_TASKING, tasking_id, version)
    target_of(seen, A.REDIRECTED)
    declined = await _declined_by(executor, seen)
    note: str
    if officer_id is not None:
        if officer_id in declined:
            raise BadUserInput(_(
                    "%(officer)s already declined %(reference)s: name another officer, or leave officerId out to route it.",
                    officer=officer_id, reference=seen.reference,
                ), field="officerId")
        await check_reassignee_covers(executor, reads, caller, tasking_id, officer_id)
        new_assignee = officer_id
        note = _("Redirected from %(previous)s, who declined it, to %(officer)s.", previous=seen.assignee, officer=officer_id)
    else:
        competences = await reads.competences_of_tasking.load(tasking_id)
        best, notes = await best_match(
            reads, identity, seen.country, list(competences), seen.requestingService, caller.today, exclude=declined
        )
        if best is None:
            raise BadUserInput(
                _(
                    "No other LO can take %(reference)s (declined by %(declined)s): %(notes)s.",
                    reference=seen.reference, declined=", ".join(sorted(declined)), notes="; ".join(notes),
                ),
                field="officerId",
            )
        new_assignee = best.officer.id
        note = _(
            "Redirected from %(previous)s, who declined it, to %(officer)s (the routing's next best match: %(reasons)s).",
            previous=seen.assignee, officer=new_assignee, reasons="; ".join(best.reasons),
        )

    async def redirected(tx: Transaction, current: Tasking, target: TaskingStatus, now: datetime) -> tuple[str, list[str]]:
        # Another LO would read the request: not without the H2 provider's consent.
        refusal = sharing_refusal(f"redirecting it to {new_assignee}", current.reference, current.h2_awaiting_consent())
        if refusal:
            raise Forbidden(refusal, handlingCode=HandlingCode.H2.value)
        await serving_posting(tx, new_assignee, current.requestingService, caller.today, field="officerId")
        await tx.run(q.REASSIGN, {"id": tasking_id, "assignee": new_assignee})
        return note, [new_assignee]

    return await change_tasking(
        executor, bus, caller, tasking_id=tasking_id, version=version, operation=Operation.REDIRECT_TASKING,
        action=A.REDIRECTED, audited_as="redirectTasking", apply=redirected,
    )
