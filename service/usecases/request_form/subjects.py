"""The form and its subjects in the graph, and deconfliction, inside the caller's unit of work.

Deconfliction: a request that names a subject (phone number, vehicle, person with a date of
birth) an open request of another requesting service names too is linked to it
(DECONFLICTS_WITH) and both get a DECONFLICTED event. Each requesting service then sees, on its
own request, with whom to get in touch: the other service and its contact person, never the
other request's content (`deconfliction` on Tasking). Requests of the same service are not
matched: the service deconflicts them itself.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from ...domain.enums import TaskingAction
from ...domain.lifecycle import OPEN_STATE_VALUES
from ...domain.models import Tasking
from ...i18n import _
from ...store import Transaction
from ...store.queries import request_form as q
from ...store.queries import tasking as tq
from .form import RequestForm, Subject

# Who records a deconfliction: the service itself, not the requester whose request found the
# match (the other side must not learn who that was from its history).
DECONFLICTION_ACTOR = "lonet:deconfliction"

# A match is recorded just after the change that found it, so that the history lists it after that
# change's own event (events are listed by time).
FOUND_AFTER = timedelta(microseconds=1)



def _subject_id() -> str:
    return f"S-{uuid.uuid4().hex[:16].upper()}"


def _event_id() -> str:
    return f"E-{uuid.uuid4().hex[:16].upper()}"


async def replace_subjects(tx: Transaction, tasking_id: str, subjects: list[Subject]) -> None:
    await tx.run(q.CLEAR_SUBJECTS, {"id": tasking_id})
    rows = [subject.row(_subject_id(), position) for position, subject in enumerate(subjects)]
    await tx.run(q.ADD_SUBJECTS, {"id": tasking_id, "rows": rows})


async def _event(tx: Transaction, tasking_id: str, status: str, kinds: set[str], now: datetime) -> None:
    await tx.run(
        tq.ADD_EVENT,
        {
            "tasking": tasking_id,
            "id": _event_id(),
            "at": now + FOUND_AFTER,
            "actor": DECONFLICTION_ACTOR,
            "action": TaskingAction.DECONFLICTED,
            "fromStatus": status,
            "toStatus": status,
            "note": _(
                "A subject of this request (%(kinds)s) is also named in an open request of another service: "
                "the requesting service sees with whom to get in touch under deconfliction.",
                kinds=", ".join(sorted(k.lower() for k in kinds)),
            ),
        },
    )


async def deconflict(
    tx: Transaction, *, tasking_id: str, status: str, service: str, subjects: list[Subject], now: datetime
) -> list[Tasking]:
    """Link the request to the open requests of other services that name one of its subjects
    (each pair and subject once), with an event on each side; returns the other requests, whose
    subscribers are told after the commit."""
    keys = sorted({key for key in (s.match_key for s in subjects) if key is not None})
    if not keys:
        return []
    found = await tx.run(
        q.MATCHING_TASKINGS,
        {"id": tasking_id, "service": service, "keys": keys, "openStates": OPEN_STATE_VALUES},
    )
    if not found:
        return []
    await tx.run(q.RECORD_MATCHES, {"id": tasking_id, "now": now, "rows": found})
    kinds_of: dict[str, set[str]] = {}
    for row in found:
        kinds_of.setdefault(row["tasking"], set()).add(row["kind"])
    await _event(tx, tasking_id, status, {row["kind"] for row in found}, now)
    others = []
    for other, kinds in sorted(kinds_of.items()):
        rows = await tx.run(tq.TASKING_BY_ID, {"id": other})
        tasking = Tasking.model_validate(rows[0])
        await _event(tx, other, tasking.status.value, kinds, now)
        others.append(tasking)
    return others


async def record(tx: Transaction, tasking_id: str, form: RequestForm, service: str, now: datetime) -> list[Tasking]:
    """A new request's subjects and deconfliction (inside its unit of work; the form's fields are
    written with the tasking, tasking.create)."""
    subjects = form.subjects or []
    if subjects:
        await replace_subjects(tx, tasking_id, subjects)
    return await deconflict(tx, tasking_id=tasking_id, status="REQUESTED", service=service, subjects=subjects, now=now)
