"""amendTasking: the requesting side changes its request until the LO has accepted it.

Like every lifecycle change: the requesting scope checked (the one that may request and cancel
it), a stale version is CONFLICT, any state but REQUESTED is BAD_USER_INPUT naming the state, and
the change, its AMENDED event and the consultation record commit together; one event on the bus
(and one for each other service's request a new subject matches: see subjects.py).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from pydantic import ConfigDict, StringConstraints

from ...domain.deadlines import time_limit
from ...domain.enums import Priority, TaskingAction
from ...domain.lifecycle import DEFAULT_DEADLINES, IllegalTransition, next_status
from ...domain.models import Tasking
from ...errors import BadUserInput, Conflict
from ...events import EventBus
from ...i18n import N_, _
from ...security.policy import Operation, Target, require
from ...store import Executor, Transaction
from ...store.queries import request_form as q
from ...store.queries import tasking as tq
from ..caller import Caller
from ..reads import DirectoryReads
from ..taskings import _load, _visible, add_event, publish, publish_matches
from . import subjects as form_subjects
from .form import RequestForm, checked

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]

REQUIRED = ("title", "priority")  # a request always has them


class Amendment(RequestForm):
    """What changes; a field left out stays as it is, a field given as null is removed (subjects:
    the list given replaces the request's)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: Text | None = None
    details: LongText | None = None
    priority: Priority | None = None

    def changed(self) -> list[str]:
        return sorted(self.model_fields_set)


def _merged(current: Tasking, amendment: Amendment) -> RequestForm:
    """The form as it will be: the amendment's fields over the current ones."""
    now = {
        "contact": (
            {"name": current.contactName, "phone": current.contactPhone, "email": current.contactEmail}
            if current.contactName
            else None
        ),
        "caseNumber": current.caseNumber,
        "judicialAuthority": current.judicialAuthority,
        "authorisationReference": current.authorisationReference,
        "replyLanguage": current.replyLanguage,
    }
    given = {name: getattr(amendment, name) for name in amendment.model_fields_set if name in now or name == "subjects"}
    return RequestForm.model_validate({**now, **given})


async def amend_tasking(
    executor: Executor,
    reads: DirectoryReads,
    bus: EventBus | None,
    caller: Caller,
    *,
    tasking_id: str,
    version: int,
    amendment: Amendment,
    deadlines: dict[Priority, timedelta] | None = None,
) -> Tasking:
    identity = caller.identity
    caller.justified(N_("amending a tasking"))
    fields = amendment.changed()
    if not fields:
        raise BadUserInput(
            _("nothing to amend: give at least one of title, details, priority, subjects or the form's fields"), field="id"
        )
    for name in REQUIRED:
        if name in fields and getattr(amendment, name) is None:
            raise BadUserInput(_("%(field)s cannot be removed from a request, only changed", field=name), field=name)
    countries = await reads.countries()
    matched: list[Tasking] = []

    async def work(tx: Transaction) -> Tasking:
        current = _visible(identity, await _load(tx, tasking_id))
        require(identity, Operation.REQUEST_TASKING, Target(service=current.requestingService))
        if current.version != version:
            raise Conflict(
                _(
                    "tasking %(reference)s was changed meanwhile (version %(current)s, not %(given)s); reload it and try again",
                    reference=current.reference, current=current.version, given=version,
                ),
                currentVersion=current.version,
                currentStatus=current.status.value,
            )
        try:
            next_status(current.status, TaskingAction.AMENDED)
        except IllegalTransition as exc:
            raise BadUserInput(str(exc), currentStatus=current.status.value) from exc
        form = _merged(current, amendment)
        checked(form, current.legalBasis, countries, caller.today)
        now = caller.now()
        priority = amendment.priority or current.priority
        due_by = current.dueBy
        if priority is not current.priority:
            # A changed priority is a changed request: its time limit runs from the amendment.
            due_by = now + time_limit(current.country, priority, current.accessibility, deadlines or DEFAULT_DEADLINES)
        params: dict[str, Any] = {
            "id": tasking_id,
            "version": version,
            "fromStatus": current.status,
            "now": now,
            "title": amendment.title if "title" in fields else current.title,
            "details": amendment.details if "details" in fields else current.details,
            "priority": priority,
            "dueBy": due_by,
            **form.form_row(),
        }
        if not await tx.run(q.AMEND, params):  # a concurrent change committed between our read and write (Neo4j)
            raise Conflict(_("tasking %(reference)s was changed meanwhile; reload it and try again", reference=current.reference))
        found: list[Tasking] = []
        if "subjects" in fields:
            subjects = form.subjects or []
            await form_subjects.replace_subjects(tx, tasking_id, subjects)
            found = await form_subjects.deconflict(
                tx, tasking_id=tasking_id, status=current.status.value, service=current.requestingService,
                subjects=subjects, now=now,
            )
        note = (
            _(
                "The requester amended: %(fields)s; the priority went from %(before)s to %(after)s, so the request is "
                "now due by %(due)s.",
                fields=", ".join(fields), before=current.priority.value, after=priority.value, due=due_by.isoformat(),
            )
            if priority is not current.priority
            else _("The requester amended: %(fields)s.", fields=", ".join(fields))
        )
        await add_event(tx, identity, tasking_id, TaskingAction.AMENDED, current.status, current.status, note, now)
        await caller.record(tx, "amendTasking", [tasking_id])
        matched[:] = found  # a retried unit of work starts over
        return await _load(tx, tasking_id)

    tasking = await executor.write(work)
    await publish(bus, tasking, TaskingAction.AMENDED)
    await publish_matches(bus, matched)
    return tasking
