"""Taskings: an investigator's request for assistance to an LO, and its lifecycle.

Every change is one unit of work: the state change (checked against the caller's version), its
TaskingEvent and its consultation-log record commit together or not at all. Subscribers hear of
it only after the commit.
"""

from __future__ import annotations

import base64
import uuid
from datetime import datetime, timedelta
from typing import Annotated

import orjson
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from ..domain.dates import out_of_range
from ..domain.deadlines import legal_basis_refusal, missed_by, time_limit
from ..domain.destinations import require_destination
from ..domain.enums import Accessibility, HandlingCode, LegalBasis, Priority, SourceReliability, TaskingAction, TaskingStatus
from ..domain.handling import INFORMATION_ASSESSMENTS, Side, note_problem, sharing_refusal
from ..domain.lifecycle import DEFAULT_DEADLINES, DOING, OPEN_STATES, IllegalTransition, next_status
from ..domain.models import Tasking, TaskingEvent
from ..errors import BadUserInput, Conflict, Forbidden, NotFound
from ..events import EventBus, TaskingUpdated
from ..i18n import N_, _
from ..security.identity import Identity, Role
from ..security.policy import Operation, Scope, Target, allowed, require, scopes_of
from ..store import Executor, Transaction
from ..store.executor import written_bookmarks
from ..store.queries import directory as dq
from ..store.queries import search as sq
from ..store.queries import tasking as q
from . import audit
from .caller import Caller
from .pages import Page, check_page_size
from .directory import check_codes
from .reads import DirectoryReads, fetch
from .scope import tasking_scope
from .search import SearchQuery, route_to, search_liaisons

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
MAX_PAGE = 100

ACTION_OPERATION = {
    TaskingAction.ACCEPTED: Operation.WORK_TASKING,
    TaskingAction.DECLINED: Operation.WORK_TASKING,
    TaskingAction.STARTED: Operation.WORK_TASKING,
    TaskingAction.COMPLETED: Operation.WORK_TASKING,
    TaskingAction.CANCELLED: Operation.CANCEL_TASKING,
    TaskingAction.REASSIGNED: Operation.REASSIGN_TASKING,
    TaskingAction.CONSENT_RECORDED: Operation.RECORD_CONSENT,
}


class Answer(BaseModel):
    """What the LO hands back on completion: the outcome, their handling code (H3 with its note)
    and Europol's 4x4 evaluation of it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: str | None
    handlingCode: HandlingCode | None
    handlingNote: str | None = None
    sourceReliability: SourceReliability | None
    informationAssessment: int | None

    def checked(self) -> Answer:
        outcome = _required(self.outcome, "outcome", N_("the outcome"))
        if self.handlingCode is None:
            raise BadUserInput(_("the outcome's handlingCode (H0-H3) is required"), field="handlingCode")
        problem = note_problem(self.handlingCode, self.handlingNote)
        if problem:
            raise BadUserInput(_("handlingNote: %(problem)s", problem=problem), field="handlingNote")
        if self.sourceReliability is None:
            raise BadUserInput(_("sourceReliability (A, B, C or X) is required"), field="sourceReliability")
        if self.informationAssessment not in INFORMATION_ASSESSMENTS:
            raise BadUserInput(
                _("informationAssessment must be 1, 2, 3 or 4 (Europol's 4x4), not %(value)s", value=self.informationAssessment),
                field="informationAssessment",
            )
        note = _required(self.handlingNote, "handlingNote", N_("the handling note")) if self.handlingNote else None
        return self.model_copy(update={"outcome": outcome, "handlingNote": note})


class TaskingRequest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    title: Text
    details: LongText | None = None
    country: Annotated[str, StringConstraints(to_upper=True, pattern=r"^[A-Za-z]{2}$")]
    competences: list[str] = Field(default_factory=list, max_length=5)
    priority: Priority = Priority.ROUTINE
    legalBasis: LegalBasis
    handlingCode: HandlingCode = HandlingCode.H0
    handlingNote: LongText | None = None  # required with H3: the restriction
    accessibility: Accessibility = Accessibility.INDIRECT
    assignee: str | None = None
    dueBy: AwareDatetime | None = None
    requestingService: str | None = None
    # An admin naming an assignee who does not cover the country says why (the first event keeps it).
    coverageOverride: Text | None = None


def _event_id() -> str:
    return f"E-{uuid.uuid4().hex[:16].upper()}"


def _actor(identity: Identity) -> str:
    return identity.officer_id if identity.officer_id else identity.subject


async def _serving_posting(tx: Transaction, officer: str, service: str, today) -> None:
    """FORBIDDEN with the reason unless the officer's active posting serves the service."""
    postings = await tx.run(sq.ACTIVE_POSTINGS_OF_OFFICERS, {"ids": [officer], "day": today})
    if not postings:
        exists = await tx.run(dq.OFFICERS_BY_IDS, {"ids": [officer]})
        if not exists:
            raise BadUserInput(_("unknown officer %(id)r", id=officer), field="assignee")
        raise Forbidden(_("%(officer)s has no active posting on %(day)s: they cannot take requests", officer=officer, day=today))
    posting_ids = [p["posting"] for p in postings]
    if not await tx.run(dq.SERVING_POSTINGS, {"ids": posting_ids, "service": service}):
        raise Forbidden(
            _(
                "%(officer)s's posting (%(postings)s) does not serve %(service)s: under the joint use "
                "agreement an LO works only for the services their posting serves",
                officer=officer,
                postings=", ".join(posting_ids),
                service=service,
            )
        )


def _unknown(tasking_id: str) -> NotFound:
    return NotFound(_("no tasking %(id)r", id=tasking_id), field="id")


def _visible(identity: Identity, tasking: Tasking) -> Tasking:
    """The tasking, if the caller may read it; else the very answer an unknown id gets (NOT_FOUND),
    so that guessing ids tells nobody which exist outside their scope."""
    if not allowed(identity, Operation.READ_TASKING, Target(service=tasking.requestingService, assignee=tasking.assignee)):
        raise _unknown(tasking.id)
    return tasking


async def _load(tx: Transaction, tasking_id: str) -> Tasking:
    rows = await tx.run(q.TASKING_BY_ID, {"id": tasking_id})
    if not rows:
        raise _unknown(tasking_id)
    return Tasking.model_validate(rows[0])


async def _publish(bus: EventBus | None, tasking: Tasking, action: TaskingAction) -> None:
    if bus is not None:
        await bus.publish(
            TaskingUpdated(
                tasking.id, tasking.status.value, tasking.version, tasking.requestingService, tasking.assignee, action.value,
                tuple(written_bookmarks.get() or ()),
            )
        )


async def _check_covers(reads: DirectoryReads, identity: Identity, request: TaskingRequest, today) -> str | None:
    """BAD_USER_INPUT unless the named assignee covers the country today by the network's rule
    (search.route_to); an admin may override with a reason, which the first event's note keeps."""
    if request.assignee not in await reads.officers():
        return None  # reported as an unknown officer when the request is written
    if await route_to(reads, request.assignee, request.country, today) is not None:
        return None
    if request.coverageOverride is not None and Role.ADMIN in identity.roles:
        return f"assigned to {request.assignee}, who does not cover {request.country}, by an administrator: {request.coverageOverride}"
    facts = {"officer": request.assignee, "country": request.country, "day": today}
    if Role.ADMIN in identity.roles:
        message = _(
            "%(officer)s does not cover %(country)s on %(day)s (not posted there, accredited to it, responsible for it, "
            "nor standing in for an unavailable LO who is): search with searchLiaisons, or leave the assignee out to "
            "route it automatically; an administrator may give a coverageOverride reason",
            **facts,
        )
    else:
        message = _(
            "%(officer)s does not cover %(country)s on %(day)s (not posted there, accredited to it, responsible for it, "
            "nor standing in for an unavailable LO who is): search with searchLiaisons, or leave the assignee out to "
            "route it automatically",
            **facts,
        )
    raise BadUserInput(message, field="assignee")


async def request_tasking(
    executor: Executor,
    reads: DirectoryReads,
    bus: EventBus | None,
    caller: Caller,
    request: TaskingRequest,
    deadlines: dict[Priority, timedelta] | None = None,
) -> Tasking:
    identity = caller.identity
    service = request.requestingService or identity.service
    require(identity, Operation.REQUEST_TASKING, Target(service=service))
    caller.justified(DOING[TaskingAction.REQUESTED])
    await check_codes(reads, country=request.country, requestingService=service)
    require_destination(request.country)
    for code in request.competences:
        await check_codes(reads, competence=code)
    problem = note_problem(request.handlingCode, request.handlingNote)
    if problem:
        raise BadUserInput(_("handlingNote: %(problem)s", problem=problem), field="handlingNote")
    country = (await reads.countries())[request.country]
    refusal = legal_basis_refusal(request.legalBasis, request.country, country.name())
    if refusal:
        raise BadUserInput(refusal, field="legalBasis")
    now = caller.now()
    if request.dueBy is not None and request.dueBy <= now:
        raise BadUserInput(_("dueBy lies in the past"), field="dueBy")
    limit = time_limit(request.country, request.priority, request.accessibility, deadlines or DEFAULT_DEADLINES)
    due_by = request.dueBy or now + limit

    assignee = request.assignee
    routing_note = None
    if assignee is not None:
        routing_note = await _check_covers(reads, identity, request, caller.today)
    if assignee is None:
        found = await search_liaisons(
            reads,
            identity,
            SearchQuery(
                request.country,
                competence=request.competences[0] if request.competences else None,
                requesting_service=service,
                on_date=caller.today,
            ),
            caller.today,
        )
        available = [m for m in found.matches if m.available]
        best = (available or found.matches or [None])[0]
        if best is None:
            raise BadUserInput(
                _("no LO can take this request: %(notes)s. Name an assignee among the alternatives.", notes="; ".join(found.notes)),
                field="assignee",
            )
        assignee = best.officer.id
        routing_note = f"routed automatically to {best.officer.name} ({best.route.value}): " + "; ".join(best.reasons)

    tasking_id = f"T-{uuid.uuid4().hex[:12].upper()}"

    async def work(tx: Transaction) -> Tasking:
        await _serving_posting(tx, assignee, service, caller.today)
        number = (await tx.run(q.NEXT_REFERENCE, {"name": f"tasking-reference-{now.year}"}))[0]["value"]
        reference = f"BNL-{now.year}-{number:06d}"
        await tx.run(
            q.CREATE_TASKING,
            {
                "id": tasking_id,
                "reference": reference,
                "title": request.title,
                "details": request.details,
                "priority": request.priority,
                "legalBasis": request.legalBasis,
                "handlingCode": request.handlingCode,
                "handlingNote": request.handlingNote,
                "accessibility": request.accessibility,
                "dueBy": due_by,
                "now": now,
                "requestingService": service,
                "country": request.country,
                "assignee": assignee,
            },
        )
        await tx.run(q.LINK_NEEDS, {"id": tasking_id, "codes": request.competences})
        await tx.run(
            q.ADD_EVENT,
            {
                "tasking": tasking_id,
                "id": _event_id(),
                "at": now,
                "actor": _actor(identity),
                "action": TaskingAction.REQUESTED,
                "fromStatus": None,
                "toStatus": TaskingStatus.REQUESTED,
                "note": routing_note,
            },
        )
        await caller.record(tx, "requestTasking", [tasking_id, assignee])
        return await _load(tx, tasking_id)

    tasking = await executor.write(work)
    await _publish(bus, tasking, TaskingAction.REQUESTED)
    return tasking


def _required(value: str | None, field: str, what: str) -> str:
    """The text stripped; BAD_USER_INPUT naming `what` (marked with N_()) when empty or too long."""
    if value is None or not value.strip():
        raise BadUserInput(_("%(what)s is required", what=_(what)), field=field)
    if len(value) > 20_000:
        raise BadUserInput(_("%(what)s is longer than 20000 characters", what=_(what)), field=field)
    return value.strip()


async def _check_reassignee_covers(
    executor: Executor, reads: DirectoryReads, caller: Caller, tasking_id: str, new_assignee: str
) -> None:
    """A reassignment, like a named assignee on a request, goes to an LO who covers the tasking's
    country by the network's rule; an administrator may insist (their reason stays in the event).
    Checked before the write (the read model is read outside the unit of work), and only for a
    tasking the caller may see and reassign: anything else is answered inside it, as before."""
    if Role.ADMIN in caller.identity.roles or new_assignee not in await reads.officers():
        return

    rows = await fetch(executor, q.TASKING_BY_ID, {"id": tasking_id})
    current = Tasking.model_validate(rows[0]) if rows else None
    if current is None or not allowed(
        caller.identity, Operation.READ_TASKING, Target(service=current.requestingService, assignee=current.assignee)
    ):
        return
    if await route_to(reads, new_assignee, current.country, caller.today) is None:
        raise BadUserInput(
            _(
                "%(officer)s does not cover %(country)s on %(day)s (not posted there, accredited to it, responsible for it, "
                "nor standing in for an unavailable LO who is): find one with searchLiaisons",
                officer=new_assignee,
                country=current.country,
                day=caller.today,
            ),
            field="officerId",
        )


async def transition(
    executor: Executor,
    bus: EventBus | None,
    caller: Caller,
    *,
    tasking_id: str,
    action: TaskingAction,
    version: int,
    note: str | None = None,
    answer: Answer | None = None,
    new_assignee: str | None = None,
    reads: DirectoryReads | None = None,
) -> Tasking:
    identity = caller.identity
    operation = ACTION_OPERATION[action]
    if action is TaskingAction.REASSIGNED and new_assignee is not None and reads is not None:
        await _check_reassignee_covers(executor, reads, caller, tasking_id, new_assignee)
    caller.justified(DOING[action])
    if action in (TaskingAction.DECLINED, TaskingAction.CANCELLED, TaskingAction.REASSIGNED):
        note = _required(note, "reason", N_("a reason"))
    if action is TaskingAction.CONSENT_RECORDED:
        note = _required(note, "note", N_("a note (who consented, how, to what)"))
    if action is TaskingAction.COMPLETED:
        if answer is None:
            raise BadUserInput(_("the outcome is required"), field="outcome")
        answer = answer.checked()

    async def work(tx: Transaction) -> Tasking:
        current = _visible(identity, await _load(tx, tasking_id))
        require(identity, operation, Target(service=current.requestingService, assignee=current.assignee))
        if current.version != version:
            raise Conflict(
                _(
                    "tasking %(reference)s was changed meanwhile (version %(current)s, not %(given)s); reload it and try again",
                    reference=current.reference,
                    current=current.version,
                    given=version,
                ),
                currentVersion=current.version,
                currentStatus=current.status.value,
            )
        try:
            target = next_status(current.status, action)
        except IllegalTransition as exc:
            raise BadUserInput(str(exc), currentStatus=current.status.value) from exc
        consents = _consented_sides(identity, current) if action is TaskingAction.CONSENT_RECORDED else []
        if action is TaskingAction.REASSIGNED:
            # Another LO would read the request: not without the H2 provider's consent.
            what = _("reassigning it to %(officer)s", officer=new_assignee)
            refusal = sharing_refusal(what, current.reference, current.h2_awaiting_consent())
            if refusal:
                raise Forbidden(refusal, handlingCode=HandlingCode.H2.value)
        now = caller.now()
        changed = await tx.run(
            q.TRANSITION,
            {"id": tasking_id, "version": version, "fromStatus": current.status, "toStatus": target, "now": now},
        )
        if not changed:  # a concurrent transition committed between our read and write (Neo4j)
            raise Conflict(_("tasking %(reference)s was changed meanwhile; reload it and try again", reference=current.reference))
        event_note = note
        if action is TaskingAction.COMPLETED:
            late = missed_by(current.dueBy, now)
            await tx.run(
                q.SET_OUTCOME,
                {
                    "id": tasking_id,
                    "outcome": answer.outcome,
                    "outcomeHandlingCode": answer.handlingCode,
                    "outcomeHandlingNote": answer.handlingNote,
                    "sourceReliability": answer.sourceReliability,
                    "informationAssessment": answer.informationAssessment,
                    "deadlineMissed": late is not None,
                    "deadlineMissedSeconds": int(late.total_seconds()) if late else 0,
                },
            )
        if action is TaskingAction.CONSENT_RECORDED:
            await tx.run(
                q.SET_SHARING_CONSENT,
                {
                    "id": tasking_id,
                    "requestConsent": current.requestSharingConsent or Side.REQUEST in consents,
                    "outcomeConsent": current.outcomeSharingConsent or Side.OUTCOME in consents,
                },
            )
            whose = " and ".join(f"the {side.value.lower()}'s H2" for side in consents)
            event_note = f"consent to onward sharing of {whose}: {note}"
        if action is TaskingAction.REASSIGNED:
            if new_assignee == current.assignee:
                raise BadUserInput(_("%(officer)s is already the assignee", officer=new_assignee), field="officerId")
            await _serving_posting(tx, new_assignee, current.requestingService, caller.today)
            await tx.run(q.REASSIGN, {"id": tasking_id, "assignee": new_assignee})
            event_note = f"from {current.assignee} to {new_assignee}: {note}"
        await tx.run(
            q.ADD_EVENT,
            {
                "tasking": tasking_id,
                "id": _event_id(),
                "at": now,
                "actor": _actor(identity),
                "action": action,
                "fromStatus": current.status,
                "toStatus": target,
                "note": event_note,
            },
        )
        ids = [tasking_id] + ([new_assignee] if new_assignee else [])
        await caller.record(tx, AUDITED_AS.get(action, f"{action.value.lower()}Tasking"), ids)
        return await _load(tx, tasking_id)

    tasking = await executor.write(work)
    await _publish(bus, tasking, action)
    return tasking


def _consented_sides(identity: Identity, tasking: Tasking) -> list[Side]:
    """The H2 sides this caller provides and may consent for: the requesting service the request's,
    the assigned LO the outcome's (an admin either); BAD_USER_INPUT when none awaits consent."""
    provides = {
        Side.REQUEST: allowed(identity, Operation.RECORD_CONSENT, Target(service=tasking.requestingService)),
        Side.OUTCOME: allowed(identity, Operation.RECORD_CONSENT, Target(assignee=tasking.assignee)),
    }
    sides = [side for side in tasking.h2_awaiting_consent() if provides[side]]
    if not sides:
        facts = {
            "reference": tasking.reference,
            "request": tasking.handlingCode.value,
            "outcome": tasking.outcomeHandlingCode.value if tasking.outcomeHandlingCode else None,
            "request_consent": tasking.requestSharingConsent,
            "outcome_consent": tasking.outcomeSharingConsent,
        }
        if tasking.outcomeHandlingCode:
            message = _(
                "no H2 of yours awaits consent on %(reference)s (the request carries %(request)s, the outcome %(outcome)s; "
                "consent already recorded: request %(request_consent)s, outcome %(outcome_consent)s)",
                **facts,
            )
        else:
            message = _(
                "no H2 of yours awaits consent on %(reference)s (the request carries %(request)s, no outcome yet; "
                "consent already recorded: request %(request_consent)s, outcome %(outcome_consent)s)",
                **facts,
            )
        raise BadUserInput(message, field="id")
    return sides


# The consultation log's operation names (the others: `<action>Tasking`).
AUDITED_AS = {TaskingAction.CONSENT_RECORDED: "recordConsent"}


# -- reading -----------------------------------------------------------------------------------


class TaskingFilter(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    status: list[TaskingStatus] = Field(default_factory=list)
    priority: Priority | None = None
    overdue: bool | None = None
    country: str | None = None
    assignee: str | None = None
    requestingService: str | None = None


def _cursor(tasking: Tasking) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([tasking.createdAt.isoformat(), tasking.id])).decode()


def _decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        created, tasking_id = orjson.loads(base64.urlsafe_b64decode(cursor.encode()))
        at = datetime.fromisoformat(created)
        if not isinstance(tasking_id, str) or at.tzinfo is None or out_of_range(at):
            raise ValueError("not a cursor of ours")
        return at, tasking_id
    except (ValueError, TypeError, orjson.JSONDecodeError):
        raise BadUserInput(_("after is not a cursor this API gave out"), field="after") from None


async def get_tasking(reads: DirectoryReads, identity: Identity, trail: audit.AuditTrail, tasking_id: str) -> Tasking:
    """One tasking; NOT_FOUND alike for an unknown id and for one outside the caller's scope."""
    rows = await fetch(reads.executor, q.TASKING_BY_ID, {"id": tasking_id})
    if not rows:
        raise _unknown(tasking_id)
    tasking = _visible(identity, Tasking.model_validate(rows[0]))
    trail.note(Operation.READ_TASKING, [tasking.id])
    return tasking


async def find_taskings(
    reads: DirectoryReads,
    identity: Identity,
    trail: audit.AuditTrail,
    tasking_filter: TaskingFilter,
    first: int,
    after: str | None,
    now: datetime,
) -> Page[Tasking]:
    first = check_page_size(first, MAX_PAGE)
    scope = await tasking_scope(reads, identity)
    await check_codes(reads, country=tasking_filter.country, requestingService=tasking_filter.requestingService)
    cursor_at, cursor_id = _decode_cursor(after) if after else (now, "")
    params = {
        **scope.params(),
        "statuses": [s.value for s in tasking_filter.status],
        "priority": tasking_filter.priority.value if tasking_filter.priority else "",
        "country": (tasking_filter.country or "").upper(),
        "requestingService": tasking_filter.requestingService or "",
        "useOverdue": tasking_filter.overdue is not None,
        "overdue": bool(tasking_filter.overdue),
        "now": now,
        "openStates": sorted(s.value for s in OPEN_STATES),
        "useCursor": after is not None,
        "cursorAt": cursor_at,
        "cursorId": cursor_id,
        "pageSize": first + 1,
    }
    # One officer's taskings (an LO's inbox, or a list filtered by assignee) are read from the
    # officer; the statement applies the scope either way.
    assignee = tasking_filter.assignee or (scope.assignee if scope.only_assignee else None)
    if scope.empty:
        rows = []  # an empty scope is no tasking, never every tasking
    elif assignee:
        rows = await fetch(reads.executor, q.FIND_TASKINGS_OF_ASSIGNEE, {**params, "assignee": assignee})
        for row in rows:
            reads.competences_of_tasking.prime(row["id"], sorted(row["needs"]))
    else:
        rows = await fetch(reads.executor, q.FIND_TASKINGS, params)
    page = Page.of([Tasking.model_validate(r) for r in rows], first, _cursor)
    trail.note(Operation.READ_TASKING, [t.id for t in page.items])
    return page


async def my_taskings(
    reads: DirectoryReads, identity: Identity, trail: audit.AuditTrail, tasking_filter: TaskingFilter, first: int, after: str | None, now: datetime
) -> Page[Tasking]:
    """An LO's inbox (assigned to them), or an investigator's service's requests."""
    if identity.officer_id:
        mine = tasking_filter.model_copy(update={"assignee": identity.officer_id})
    elif scopes_of(identity, Operation.READ_TASKING) & {Scope.OWN_SERVICE, Scope.OWN_COUNTRY, Scope.ANY}:
        mine = tasking_filter.model_copy(update={"requestingService": identity.service})
    else:
        raise Forbidden(_("myTaskings is for liaison officers (their inbox) and investigators (their service's requests)"))
    return await find_taskings(reads, identity, trail, mine, first, after, now)

