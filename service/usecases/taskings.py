"""Taskings: an investigator's request for assistance to an LO, and its lifecycle.

Every change is one unit of work: the state change (checked against the caller's version), its
TaskingEvent and its consultation-log record commit together or not at all. Subscribers hear of
it only after the commit.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from ..domain.deadlines import legal_basis_refusal, missed_by, time_limit
from ..domain.destinations import require_destination
from ..domain.enums import Accessibility, HandlingCode, LegalBasis, Priority, Route, SourceReliability, TaskingAction, TaskingStatus
from ..domain.handling import INFORMATION_ASSESSMENTS, Side, note_problem, sharing_refusal
from ..domain.lifecycle import DEFAULT_DEADLINES, DOING, OPEN_STATES, OPEN_STATE_VALUES, IllegalTransition, next_status
from ..domain.models import Tasking, TaskingEvent
from ..errors import BadUserInput, Conflict, Forbidden, NotFound
from ..events import EventBus, TaskingUpdated
from ..i18n import N_, _
from ..security.identity import Identity, Role
from ..security.policy import Operation, Scope, Target, allowed, require, scopes_of
from ..store import Executor, Settled, Transaction
from ..store.executor import Row, written_bookmarks
from ..store.queries import directory as dq
from ..store.queries import search as sq
from ..store.queries import tasking as q
from . import audit
from .caller import Caller
from .pages import Page, PageRequest, check_page_size, decode_time_cursor, time_cursor
from .request_form import subjects as form_subjects
from .request_form.form import RequestForm
from .request_form.form import checked as checked_form
from .directory import check_codes
from .notifications import outbox
from .notifications.kinds import Change
from .reads import DirectoryReads, fetch, open_taskings_changed, open_taskings_unchanged
from .scope import tasking_scope
from .search import LiaisonMatch, SearchQuery, route_to, search_liaisons

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
        outcome = required_text(self.outcome, "outcome", N_("the outcome"))
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
        note = required_text(self.handlingNote, "handlingNote", N_("the handling note")) if self.handlingNote else None
        return self.model_copy(update={"outcome": outcome, "handlingNote": note})


class TaskingRequest(RequestForm):
    """The request: what is asked where, under which rules, and the Benelux form (RequestForm)."""

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


def actor_of(identity: Identity) -> str:
    return identity.officer_id if identity.officer_id else identity.subject


SERVES = [{"serves": True}]  # dq.OFFICER_SERVES's answer for an officer who serves the service


async def serving_posting(
    tx: Transaction, officer: str, service: str, today, field: str = "assignee", *, expected: bool = False,
    as_read: Settled | None = None,
) -> None:
    """FORBIDDEN with the reason unless the officer's active posting serves the service.
    `expected`: the directory's read model says it does; the check then goes with the unit's next
    statement (Transaction.run_expecting), and is run again with the unit, sent at once, should
    the store say otherwise. `as_read`: the read model as settled when the request read it
    (DirectoryReads.settled): the embedded engine then leaves the check out while nothing that
    may change the directory was noted since."""
    params = {"officer": officer, "service": service, "day": today}
    if expected:
        if await tx.run_expecting(dq.OFFICER_SERVES, params, SERVES, as_read=as_read) in (None, SERVES):
            return
    elif await tx.run(dq.OFFICER_SERVES, params):
        return
    postings = await tx.run(sq.ACTIVE_POSTINGS_OF_OFFICERS, {"ids": [officer], "day": today})
    if not postings:
        exists = await tx.run(dq.OFFICER_BY_ID, {"id": officer})
        if not exists:
            raise BadUserInput(_("unknown officer %(id)r", id=officer), field=field)
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


async def serves_by_read_model(reads: DirectoryReads, officer: str, service: str, today) -> bool:
    """Whether the directory's read model has an active posting of the officer working for the
    service (what serving_posting then expects of the store)."""
    model = await reads.model()
    return any(p.active_on(today) and model.serves_service(p.id, service) for p in await reads.postings_of_officer.load(officer))


async def _contacts_by_read_model(reads: DirectoryReads, officer: str, service: str) -> list[dict[str, Any]]:
    """tasking.create's answer (the parties' contacts) from the read model."""
    assigned, requesting = (await reads.officers())[officer], (await reads.services())[service]
    return [
        {
            "officerEmail": assigned.email,
            "officerLanguages": list(assigned.languages),
            "serviceCountry": requesting.country.value,
            "mailbox": requesting.mailbox,
        }
    ]


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


async def acting_on(tx: Transaction, identity: Identity, operation: Operation, tasking_id: str) -> Tasking:
    """The tasking, read in the unit of work, if the caller may take the operation on it:
    NOT_FOUND outside their scope (as for an unknown id), FORBIDDEN without the rule."""
    return _may(identity, operation, await _load(tx, tasking_id))


def _may(identity: Identity, operation: Operation, current: Tasking) -> Tasking:
    _visible(identity, current)
    require(identity, operation, Target(service=current.requestingService, assignee=current.assignee))
    return current


def _seen(current: Tasking, version: int) -> Tasking:
    """The tasking, if the caller saw its current version; else CONFLICT."""
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
    return current


async def changeable(tx: Transaction, identity: Identity, operation: Operation, tasking_id: str, version: int) -> Tasking:
    """As `acting_on`, and only if the caller saw the current version (else CONFLICT)."""
    return _seen(await acting_on(tx, identity, operation, tasking_id), version)


async def tasking_and_parties_before(executor: Executor, tasking_id: str) -> list[Row] | None:
    """The tasking with its parties, read outside the unit of work that changes it, on a reading
    connection beside the writer, where the engine holds statements whose answer is known
    (Executor.holds_known_answers): the unit then decides on this read instead of reading again
    on the writer (changeable_with_parties). None elsewhere: on Neo4j a read before the unit would
    be a round trip more, not one fewer."""
    if not executor.holds_known_answers:
        return None
    return await fetch(executor, q.TASKING_AND_PARTIES_BY_ID, {"id": tasking_id}) or None


async def changeable_with_parties(
    tx: Transaction, identity: Identity, operation: Operation, tasking_id: str, version: int, *, seen: list[Row] | None = None
) -> tuple[Tasking, dict[str, Any]]:
    """As `changeable`, read with the tasking's parties (outbox.enqueue's `parties`), for a change
    that leaves them as they are. `seen`: the same read made before the unit
    (tasking_and_parties_before), not made again. Every change of a tasking moves its version,
    and the unit's version-checked move (`move`, whose answer the embedded engine checks with the
    commit) finds the tasking as read or fails the unit, which then runs again without `seen`
    (a CONFLICT then, naming the tasking's state, if the caller's version is no longer its). The
    parties' addresses are as read a moment before the unit, as Neo4j's isolation (read
    committed) has them anyway in a unit that reads them without writing them."""
    rows = seen if seen is not None else await tx.run(q.TASKING_AND_PARTIES_BY_ID, {"id": tasking_id})
    if not rows:
        raise _unknown(tasking_id)
    return _seen(_may(identity, operation, Tasking.model_validate(rows[0])), version), outbox.parties_of(rows[0])


async def seen_before_change(executor: Executor, identity: Identity, operation: Operation, tasking_id: str, version: int) -> Tasking:
    """`changeable` outside the unit of work, for a choice made before it (which checks again)."""

    async def work(tx: Transaction) -> Tasking:
        return await changeable(tx, identity, operation, tasking_id, version)

    return await executor.read(work)


def target_of(current: Tasking, action: TaskingAction) -> TaskingStatus:
    """The state the action leads to, or BAD_USER_INPUT naming the current state."""
    try:
        return next_status(current.status, action, current.resumeStatus)
    except IllegalTransition as exc:
        raise BadUserInput(str(exc), currentStatus=current.status.value) from exc


async def move(tx: Transaction, current: Tasking, target: TaskingStatus, now: datetime) -> Tasking:
    """The version-checked change of state (the same state for an event that changes none); the
    tasking as it now is, if the unit writes nothing else of it."""
    # The tasking was read at this version: the next is what the change must answer, unless a
    # change of it committed between that read and this write (a concurrent transition on Neo4j;
    # on the embedded engine, one after the read made before the unit). Known, it is held with
    # the unit's other writes (on either engine), and a different answer runs the unit again,
    # holding nothing, which reads the tasking afresh and gets the answer here.
    expected = [{"version": current.version + 1}]
    changed = await tx.run_expecting(
        q.TRANSITION,
        {"id": current.id, "version": current.version, "fromStatus": current.status, "toStatus": target, "now": now},
        expected,
    )
    if changed is not None and changed != expected:
        raise Conflict(_("tasking %(reference)s was changed meanwhile; reload it and try again", reference=current.reference))
    return current.model_copy(update={"status": target, "version": current.version + 1, "updatedAt": now})


async def add_event(
    tx: Transaction,
    identity: Identity,
    tasking_id: str,
    action: TaskingAction,
    from_status,
    to_status,
    note: str | None,
    now: datetime,
    *,
    assignee: str | None = None,
) -> str:
    """The tasking's event, with the assignee after it (`assignee`, when the unit knows it; else
    read from the tasking: run after any reassignment). Returns the event's id (the change's id for
    its notifications)."""
    event_id = _event_id()
    event = {
        "tasking": tasking_id,
        "id": event_id,
        "at": now,
        "actor": actor_of(identity),
        "action": action,
        "fromStatus": from_status,
        "toStatus": to_status,
        "note": note,
    }
    if assignee is None:
        await tx.run(q.ADD_EVENT, event)
    else:
        await tx.run(q.ADD_EVENT_FOR, {**event, "assignee": assignee})
    return event_id


async def reload(tx: Transaction, tasking_id: str) -> Tasking:
    return await _load(tx, tasking_id)


# What a change does besides its state: given the unit of work, the tasking as it was, the state
# it goes to and the time, it writes its part and returns the event's note and the ids to record.
Apply = Callable[[Transaction, Tasking, TaskingStatus, datetime], Awaitable[tuple[str | None, list[str]]]]


async def change_tasking(
    executor: Executor,
    bus: EventBus | None,
    caller: Caller,
    *,
    tasking_id: str,
    version: int,
    operation: Operation,
    action: TaskingAction,
    audited_as: str,
    apply: Apply,
) -> Tasking:
    """One versioned change of a tasking, as every change is made: the caller's rule and the
    version checked, the state changed, the change's own part (`apply`), its event and its
    consultation record in one unit of work; subscribers hear of it after the commit."""
    identity = caller.identity

    async def work(tx: Transaction) -> Tasking:
        current = await changeable(tx, identity, operation, tasking_id, version)
        target = target_of(current, action)
        now = caller.now()
        await move(tx, current, target, now)
        note, ids = await apply(tx, current, target, now)
        event_id = await add_event(tx, identity, tasking_id, action, current.status, target, note, now)
        await outbox.enqueue(tx, change=action, change_id=event_id, tasking_id=tasking_id, now=now, new_change=True)
        await caller.record(tx, audited_as, [tasking_id, *ids])
        return await _load(tx, tasking_id)

    tasking = await executor.write(work)
    await publish(bus, tasking, action)
    return tasking


async def publish(bus: EventBus | None, tasking: Tasking, action: TaskingAction) -> None:
    """Tell the bus of a committed change (called as soon as its unit of work has committed)."""
    if bus is not None:
        await bus.publish(
            TaskingUpdated(
                tasking.id, tasking.status.value, tasking.version, tasking.requestingService, tasking.assignee, action.value,
                tuple(written_bookmarks.get() or ()), tasking=tasking, committed_at=time.time(),
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
        return _(
            "assigned to %(officer)s, who does not cover %(country)s, by an administrator: %(reason)s",
            officer=request.assignee, country=request.country, reason=request.coverageOverride,
        )
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


async def best_match(
    reads: DirectoryReads,
    identity: Identity,
    country: str,
    competences: list[str],
    service: str,
    today,
    exclude: frozenset[str] = frozenset(),
) -> tuple[LiaisonMatch | None, list[str]]:
    """The routing's choice: the best searchLiaisons match, an available one first, leaving out
    the excluded officers (who declined it); with the search's notes for when there is none."""
    found = await search_liaisons(
        reads,
        identity,
        SearchQuery(country, competence=competences[0] if competences else None, requesting_service=service, on_date=today),
        today,
    )
    matches = [m for m in found.matches if m.officer.id not in exclude]
    available = [m for m in matches if m.available]
    return (available or matches or [None])[0], found.notes


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
    checked_form(request, request.legalBasis, await reads.countries(), caller.today)
    now = caller.now()
    if request.dueBy is not None and request.dueBy <= now:
        raise BadUserInput(_("dueBy lies in the past"), field="dueBy")
    limit = time_limit(request.country, request.priority, request.accessibility, deadlines or DEFAULT_DEADLINES)
    due_by = request.dueBy or now + limit

    assignee = request.assignee
    routing_note = None
    route = None
    if assignee is not None:
        routing_note = await _check_covers(reads, identity, request, caller.today)
        route = await route_to(reads, assignee, request.country, caller.today)
    if assignee is None:
        best, notes = await best_match(reads, identity, request.country, request.competences, service, caller.today)
        if best is None:
            raise BadUserInput(
                _("no LO can take this request: %(notes)s. Name an assignee among the alternatives.", notes="; ".join(notes)),
                field="assignee",
            )
        assignee = best.officer.id
        route = best.route
        routing_note = _(
            "routed automatically to %(officer)s (%(route)s): %(reasons)s",
            officer=best.officer.name, route=best.route.value, reasons="; ".join(best.reasons),
        )

    tasking_id = f"T-{uuid.uuid4().hex[:12].upper()}"
    settings = await reads.notification_settings()  # the process's: none read inside the unit
    matched: list[Tasking] = []  # open requests of other services naming one of its subjects
    # A deputy hears that the request is theirs because the principal is away.
    change = Change.REQUESTED_OF_DEPUTY if route is Route.DEPUTY else TaskingAction.REQUESTED

    # The request's first event, as tasking.create writes it (the answer's events are this one,
    # unless deconfliction adds its own).
    first = TaskingEvent(
        id=_event_id(), tasking=tasking_id, at=now, actor=actor_of(identity), action=TaskingAction.REQUESTED,
        toStatus=TaskingStatus.REQUESTED, note=routing_note, assignee=assignee,
    )

    serves = await serves_by_read_model(reads, assignee, service, caller.today)
    as_read = reads.settled("model")  # the read model `serves` comes from, as settled when read
    # What tasking.create answers of the parties, as the read model has them (when it knows the
    # LO): known, the CREATE goes with the unit's end, no trip of its own.
    contacts = await _contacts_by_read_model(reads, assignee, service) if serves else None

    async def work(tx: Transaction) -> dict[str, Any]:
        await serving_posting(tx, assignee, service, caller.today, expected=serves, as_read=as_read)
        # The tasking as written is the answer: LadybugDB took 5-9 ms to return a new node's
        # properties from the CREATE (the full network), for values this process already has.
        # Its reference is provisional (unique, never committed) until the unit's end: `number_it`.
        written: dict[str, Any] = {
            "id": tasking_id,
            "reference": f"BNL-{now.year}-{tasking_id}",
            "title": request.title,
            "details": request.details,
            "priority": request.priority,
            "status": TaskingStatus.REQUESTED,
            "version": 1,
            "legalBasis": request.legalBasis,
            "handlingCode": request.handlingCode,
            "handlingNote": request.handlingNote,
            "accessibility": request.accessibility,
            "dueBy": due_by,
            "createdAt": now,
            "updatedAt": now,
            "requestingService": service,
            "country": request.country,
            "assignee": assignee,
            **request.form_row(),
        }
        created = {**written, "event": first.id, "actor": first.actor, "note": first.note}
        if contacts is None:
            parties_row = (await tx.run(q.CREATE_TASKING, created))[0]
        else:
            answer = await tx.run_expecting(q.CREATE_TASKING, created, contacts)
            parties_row = (contacts if answer is None else answer)[0]
        await tx.run(q.LINK_NEEDS, {"id": tasking_id, "codes": request.competences})
        matched[:] = await form_subjects.record(tx, tasking_id, request, service, now)  # a retried unit of work starts over
        await outbox.keep_requester(tx, tasking_id, identity)
        parties = {
            **parties_row, "tasking": tasking_id, "reference": written["reference"], "dueBy": due_by, "officer": assignee,
            "service": service, "requester": identity.subject, "requesterEmail": identity.email,
        }
        queued = await outbox.enqueue(
            tx, change=change, change_id=first.id, tasking_id=tasking_id, now=now, parties=parties, new_change=True,
            settings=settings,
        )

        number_at_end(tx, Unnumbered(tasking_id, now.year, queued, written))
        open_taskings_changed(tx, tasking_id, {assignee: 1})  # a new open tasking (REQUESTED) of its LO
        await caller.record(tx, "requestTasking", [tasking_id, assignee])
        return written

    # A request writes its own new tasking and reads inside its unit only the directory, which no
    # other request writes: it may run side by side with other units (Executor.write). One naming
    # subjects may match another request of the same moment (deconfliction): it runs alone.
    claims = None if request.subjects else frozenset({f"tasking:{tasking_id}"})
    tasking = Tasking.model_validate(await executor.write(work, claims=claims))
    # What this request's answer lists of its needs and events, as written: nothing to read back.
    reads.competences_of_tasking.prime(tasking_id, sorted(request.competences))  # as tasking.needs_by_taskings
    if not matched:  # deconfliction added events of its own
        reads.events_of_tasking.prime(tasking_id, [first])
    await publish(bus, tasking, TaskingAction.REQUESTED)
    await publish_matches(bus, matched)
    return tasking


REFERENCE_GIVEN = "tasking.reference"  # StoreStats.shared / Changes.notes: the last number given, per sequence


UNNUMBERED = "tasking.unnumbered"  # Changes.notes: the transaction's requests not numbered yet


@dataclass
class Unnumbered:
    """A request created with a provisional reference, and the notifications queued of it; its
    answer (`written`) gets its reference once numbered."""

    tasking: str
    year: int
    notifications: list[str]
    written: dict[str, Any]


def number_at_end(tx: Transaction, request: Unnumbered) -> None:
    """Number the request at its transaction's end, with the transaction's other requests (the
    embedded engine commits the requests that queued together in one): one end step numbers
    them all, in the order they were made, in one statement as a rule."""
    tx.changes.at_end(UNNUMBERED, _number_unnumbered).append(request)


async def _number_unnumbered(end: Transaction) -> None:
    requests: list[Unnumbered] = end.changes.notes.pop(UNNUMBERED)
    for year in sorted({r.year for r in requests}):
        await number_requests(end, year, [r for r in requests if r.year == year])


async def number_requests(tx: Transaction, year: int, requests: list[Unnumbered]) -> None:
    """The requests' references, the year's next numbers, given at their transaction's end: the
    sequence is locked from there to the commit, while the process's turn is held
    (Neo4jExecutor._write_turn), not through the wait for it; numbers follow the commits' order.
    Set on the taskings and on the notifications queued of them. One statement when the process
    knows the number it gave last (tasking.number_requests_chained); else two, or three when
    another process numbered requests since. The embedded engine, the store's one writer, sends the
    one statement with the commit (Transaction.run_expecting); it fails the transaction, to be run
    again, should the sequence not be where the process left it."""
    name = f"tasking-reference-{year}"
    known_as = f"{REFERENCE_GIVEN}:{name}"
    last = tx.changes.known(known_as)
    count = len(requests)
    if last is not None and all(r.notifications for r in requests):
        rows = _numbered_rows(year, last + 1, requests)
        params = {"name": name, "howMany": count, "expected": last + count, "rows": rows}
        expected = [{"numbered": count}]
        if await tx.run_expecting(q.NUMBER_REQUESTS_CHAINED, params, expected) in (None, expected):
            _given(tx, known_as, last + count, rows, requests)
            return
        # Another process numbered requests since: the numbers the statement advanced to are ours;
        # or the sequence is gone (the store emptied under the process) and the statement found
        # none to advance: then as when this process never numbered, which makes it.
        sequence = await tx.run(q.REFERENCE_SEQUENCE, {"name": name})
        value = sequence[0]["value"] if sequence else await _next_references(tx, name, count)
    else:
        value = await _next_references(tx, name, count)
    rows = _numbered_rows(year, value - count + 1, requests)
    await tx.run(q.NUMBER_REQUESTS, {"rows": rows})
    _given(tx, known_as, value, rows, requests)


async def _next_references(tx: Transaction, name: str, count: int) -> int:
    """The sequence advanced by `count` (made if there is none), holding its lock: the last number given."""
    return (await tx.run(q.NEXT_REFERENCES, {"name": name, "howMany": count}))[0]["value"]


def _numbered_rows(year: int, first: int, requests: list[Unnumbered]) -> list[dict[str, Any]]:
    return [
        {"id": r.tasking, "reference": _reference(year, first + i), "notifications": r.notifications}
        for i, r in enumerate(requests)
    ]


def _given(tx: Transaction, known_as: str, last: int, rows: list[dict[str, Any]], requests: list[Unnumbered]) -> None:
    tx.changes.remember(known_as, last)
    for row, request in zip(rows, requests):
        request.written["reference"] = row["reference"]
        open_taskings_unchanged(tx, request.tasking)  # a reference: no officer's open taskings more or fewer


def _reference(year: int, number: int) -> str:
    return f"BNL-{year}-{number:06d}"


async def publish_matches(bus: EventBus | None, matched: list[Tasking]) -> None:
    """The other requests a deconfliction matched changed too (an event each): their subscribers hear of it."""
    for other in matched:
        await publish(bus, other, TaskingAction.DECONFLICTED)


def required_text(value: str | None, field: str, what: str) -> str:
    """The text stripped; BAD_USER_INPUT naming `what` (marked with N_()) when empty or too long."""
    if value is None or not value.strip():
        raise BadUserInput(_("%(what)s is required", what=_(what)), field=field)
    if len(value) > 20_000:
        raise BadUserInput(_("%(what)s is longer than 20000 characters", what=_(what)), field=field)
    return value.strip()


async def check_reassignee_covers(
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
        await check_reassignee_covers(executor, reads, caller, tasking_id, new_assignee)
    caller.justified(DOING[action])
    if action in (TaskingAction.DECLINED, TaskingAction.CANCELLED, TaskingAction.REASSIGNED):
        note = required_text(note, "reason", N_("a reason"))
    if action is TaskingAction.CONSENT_RECORDED:
        note = required_text(note, "note", N_("a note (who consented, how, to what)"))
    if action is TaskingAction.COMPLETED:
        if answer is None:
            raise BadUserInput(_("the outcome is required"), field="outcome")
        answer = answer.checked()
    # What users chose of their notifications, from the process's cache when the caller reads
    # through one: not read inside the unit, a trip to the writer fewer.
    settings = None if reads is None else await reads.notification_settings()
    # Read on a reading connection, beside the writer: the unit reads nothing on the writer then
    # (a trip to it fewer, and the writer's time shorter). For its first run alone: run again (its
    # move found the tasking changed since), the unit reads it afresh.
    before = [await tasking_and_parties_before(executor, tasking_id)]

    async def work(tx: Transaction) -> Tasking:
        seen = before.pop() if before else None
        current, parties = await changeable_with_parties(tx, identity, operation, tasking_id, version, seen=seen)
        target = target_of(current, action)
        consents = _consented_sides(identity, current) if action is TaskingAction.CONSENT_RECORDED else []
        if action is TaskingAction.REASSIGNED:
            # Another LO would read the request: not without the H2 provider's consent.
            what = _("reassigning it to %(officer)s", officer=new_assignee)
            refusal = sharing_refusal(what, current.reference, current.h2_awaiting_consent())
            if refusal:
                raise Forbidden(refusal, handlingCode=HandlingCode.H2.value)
        now = caller.now()
        moved = await move(tx, current, target, now)
        event_note = note
        # The three branches below write more of the tasking than its state; for the other
        # actions the answer is the tasking as moved, not read again (a statement and a round
        # fewer on the single writer).
        rewritten = action in (TaskingAction.COMPLETED, TaskingAction.CONSENT_RECORDED, TaskingAction.REASSIGNED)
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
            if set(consents) == {Side.REQUEST, Side.OUTCOME}:
                event_note = _("consent to onward sharing of the request's H2 and the outcome's H2: %(note)s", note=note)
            elif Side.OUTCOME in consents:
                event_note = _("consent to onward sharing of the outcome's H2: %(note)s", note=note)
            else:
                event_note = _("consent to onward sharing of the request's H2: %(note)s", note=note)
        if action is TaskingAction.REASSIGNED:
            if new_assignee == current.assignee:
                raise BadUserInput(_("%(officer)s is already the assignee", officer=new_assignee), field="officerId")
            await serving_posting(tx, new_assignee, current.requestingService, caller.today)
            await tx.run(q.REASSIGN, {"id": tasking_id, "assignee": new_assignee})
            event_note = _("from %(previous)s to %(officer)s: %(note)s", previous=current.assignee, officer=new_assignee, note=note)
        assignee = new_assignee if action is TaskingAction.REASSIGNED else current.assignee
        event_id = await add_event(tx, identity, tasking_id, action, current.status, target, event_note, now, assignee=assignee)
        if action is not TaskingAction.REASSIGNED and (current.status in OPEN_STATES) == (target in OPEN_STATES):
            # Its assignee's open taskings are as many as before (an acceptance, say): the read
            # model's count of them is not read again after the commit (a statement, and on the
            # single client's path a round trip, fewer).
            tx.changes.leave_out("taskings", tasking_id)
        elif action is not TaskingAction.REASSIGNED and current.assignee is not None:
            # Closed (or opened again): its assignee has one open tasking fewer (more); the version
            # `move` checked says the status and assignee read are the tasking's at the commit.
            open_taskings_changed(tx, tasking_id, {current.assignee: 1 if target in OPEN_STATES else -1})
        # Reassigned, its parties are read again (the new assignee hears of it); else as read above.
        kept = None if action is TaskingAction.REASSIGNED else parties
        await outbox.enqueue(
            tx, change=action, change_id=event_id, tasking_id=tasking_id, now=now, parties=kept, new_change=True, settings=settings
        )
        ids = [tasking_id] + ([new_assignee] if new_assignee else [])
        await caller.record(tx, AUDITED_AS.get(action, f"{action.value.lower()}Tasking"), ids)
        return await _load(tx, tasking_id) if rewritten else moved

    # It writes this tasking alone (its status, events, notifications) and reads inside its unit
    # only this tasking and the directory: it may run side by side with units of other keys.
    tasking = await executor.write(work, claims=frozenset({f"tasking:{tasking_id}"}))
    await publish(bus, tasking, action)
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
    return time_cursor(tasking.createdAt, tasking.id)


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
    first: int | PageRequest,
    after: str | None,
    now: datetime,
) -> Page[Tasking]:
    """A page of taskings within the caller's scope, newest first; `first` is the page size
    (forward after `after`) or a PageRequest (either direction)."""
    page = first if isinstance(first, PageRequest) else PageRequest(check_page_size(first, MAX_PAGE), after)
    scope = await tasking_scope(reads, identity)
    await check_codes(reads, country=tasking_filter.country, requestingService=tasking_filter.requestingService)
    cursor_at, cursor_id = decode_time_cursor(page.cursor, page.cursor_field) if page.cursor else (now, "")
    params = {
        **scope.params(),
        "statuses": [s.value for s in tasking_filter.status],
        "priority": tasking_filter.priority.value if tasking_filter.priority else "",
        "country": (tasking_filter.country or "").upper(),
        "requestingService": tasking_filter.requestingService or "",
        "useOverdue": tasking_filter.overdue is not None,
        "overdue": bool(tasking_filter.overdue),
        "now": now,
        "openStates": OPEN_STATE_VALUES,
        "useCursor": page.cursor is not None,
        "cursorAt": cursor_at,
        "cursorId": cursor_id,
        "pageSize": page.size + 1,
    }
    # One officer's taskings (an LO's inbox, or a list filtered by assignee) are read from the
    # officer; the statement applies the scope either way.
    assignee = tasking_filter.assignee or (scope.assignee if scope.only_assignee else None)
    if scope.empty:
        rows = []  # an empty scope is no tasking, never every tasking
    elif assignee:
        statement = q.FIND_TASKINGS_OF_ASSIGNEE_BACKWARD if page.backward else q.FIND_TASKINGS_OF_ASSIGNEE
        rows = await fetch(reads.executor, statement, {**params, "assignee": assignee})
        for row in rows:
            reads.competences_of_tasking.prime(row["id"], sorted(row["needs"]))
    else:
        rows = await fetch(reads.executor, q.FIND_TASKINGS_BACKWARD if page.backward else q.FIND_TASKINGS, params)
    found = Page.of([Tasking.model_validate(r) for r in rows], page, _cursor)
    trail.note(Operation.READ_TASKING, [t.id for t in found.items])
    return found


async def my_taskings(
    reads: DirectoryReads, identity: Identity, trail: audit.AuditTrail, tasking_filter: TaskingFilter, first: int | PageRequest, after: str | None, now: datetime
) -> Page[Tasking]:
    """An LO's inbox (assigned to them), or an investigator's service's requests."""
    if identity.officer_id:
        mine = tasking_filter.model_copy(update={"assignee": identity.officer_id})
    elif scopes_of(identity, Operation.READ_TASKING) & {Scope.OWN_SERVICE, Scope.OWN_COUNTRY, Scope.ANY}:
        mine = tasking_filter.model_copy(update={"requestingService": identity.service})
    else:
        raise Forbidden(_("myTaskings is for liaison officers (their inbox) and investigators (their service's requests)"))
    return await find_taskings(reads, identity, trail, mine, first, after, now)

