"""Threat notices: an LO (or an administrator, for a multilateral desk) tells one or more Benelux
services, or every service of a country, about a serious threat. The addressed services read it
in their `notices` and each acknowledges it; the issuer sees who has. Like taskings, nobody
outside the addressees reads one (NOT_FOUND, as for an unknown id), an administrator excepted,
and every read is in the consultation log.

Issuing queues a notification for each addressed service in the same unit of work, and the
issuer hears when every addressee has acknowledged (notifying.py); NoticeIssued is published on
the event bus after the commit (the delivery loop and notificationAdded wake on it).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ...domain.enums import HandlingCode, PostingKind
from ...domain.handling import note_problem
from ...domain.notices import NoticeStatus, addressees, validity_problem
from ...errors import BadUserInput, Conflict, Forbidden, NotFound
from ...i18n import N_, _
from ...events import EventBus, NoticeIssued
from ...security.identity import Identity, Role
from ...security.policy import Operation, Target, allowed, require
from ...store import Executor, Transaction
from ...store.executor import written_bookmarks
from ...store.queries import notices as q
from ..audit import AuditTrail
from ..caller import Caller
from ..reads import DirectoryReads, fetch
from .models import Acknowledgement, Notice
from .notifying import tell_addressees, tell_issuer_when_all_acknowledged

__all__ = ["Acknowledgement", "Notice", "NoticeRequest", "acknowledge_notice", "acknowledgements_of", "find_notices",
           "get_notice", "issue_notice", "withdraw_notice"]

MAX_LIST = 200


class NoticeRequest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    subject: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
    handlingCode: HandlingCode
    handlingNote: str | None = None
    validFrom: date | None = None  # default: today
    validUntil: date
    services: list[str] = Field(default_factory=list, max_length=50)
    countries: list[str] = Field(default_factory=list, max_length=3)
    deskPosting: str | None = None  # an administrator's: the multilateral desk it is issued for


def _unknown(notice_id: str) -> NotFound:
    return NotFound(_("no notice %(id)r", id=notice_id), field="id")


def _stale(current: int, given: int) -> str:
    return _("the notice was changed meanwhile (version %(current)s, not %(given)s); reload it and try again.", current=current, given=given)


def _reads_all(identity: Identity, notice: Notice) -> bool:
    """The issuer and administrators see every addressee and acknowledgement."""
    return notice.issuedBy == identity.subject or Role.ADMIN in identity.roles


def _may_read(identity: Identity, notice: Notice) -> bool:
    return _reads_all(identity, notice) or any(
        allowed(identity, Operation.READ_NOTICE, Target(service=code)) for code in notice.addressees
    )


async def _load(tx: Transaction, notice_id: str) -> Notice:
    rows = await tx.run(q.BY_ID, {"id": notice_id})
    if not rows:
        raise _unknown(notice_id)
    return Notice.model_validate(rows[0])


async def _issuer(reads: DirectoryReads, caller: Caller, desk: str | None) -> tuple[str | None, str | None]:
    """(issuing officer, desk posting): an LO issues from their active posting; an administrator
    for a multilateral desk, named by its posting."""
    identity = caller.identity
    if identity.officer_id and Role.LIAISON_OFFICER in identity.roles:
        require(identity, Operation.ISSUE_NOTICE, Target(officer=identity.officer_id))
        if await reads.active_posting(identity.officer_id, caller.today) is None:
            raise Forbidden(
                _(
                    "not allowed: %(officer)s holds no active posting on %(day)s: only a posted LO issues a notice.",
                    officer=identity.officer_id, day=caller.today,
                )
            )
        return identity.officer_id, None
    require(identity, Operation.ISSUE_NOTICE)  # an administrator
    if not desk:
        raise BadUserInput(
            _("an administrator issues a notice for a multilateral desk: name its posting (deskPosting)."), field="deskPosting"
        )
    posting = (await reads.model()).postings.get(desk)
    if posting is None:
        raise BadUserInput(_("there is no posting %(id)r.", id=desk), field="deskPosting")
    if posting.kind != PostingKind.MULTILATERAL or not posting.active_on(caller.today):
        raise BadUserInput(
            _("%(id)s is not an active multilateral desk (Europol, Interpol, MAOC-N ...).", id=desk), field="deskPosting"
        )
    return None, desk


async def issue_notice(
    executor: Executor, reads: DirectoryReads, bus: EventBus | None, caller: Caller, request: NoticeRequest
) -> Notice:
    identity = caller.identity
    officer, desk = await _issuer(reads, caller, request.deskPosting)
    caller.justified(N_("issuing a threat notice"))
    problem = note_problem(request.handlingCode, request.handlingNote)
    if problem:
        raise BadUserInput(_("handlingNote: %(problem)s", problem=problem), field="handlingNote")
    valid_from = request.validFrom or caller.today
    problem = validity_problem(valid_from, request.validUntil, caller.today)
    if problem:
        raise BadUserInput(problem, field="validUntil")
    services = {code: s.country for code, s in (await reads.services()).items()}
    try:
        to = addressees(
            [c.strip().upper() for c in request.services], [c.strip().upper() for c in request.countries], services
        )
    except ValueError as exc:
        raise BadUserInput(str(exc), field="services") from None
    notice_id = f"N-{uuid.uuid4().hex[:12].upper()}"

    async def work(tx: Transaction) -> Notice:
        await tx.run(
            q.CREATE,
            {
                "id": notice_id, "subject": request.subject, "text": request.text, "handlingCode": request.handlingCode,
                "handlingNote": request.handlingNote, "validFrom": valid_from, "validUntil": request.validUntil,
                "issuedBy": identity.subject, "issuerOfficer": officer, "deskPosting": desk, "now": caller.now(),
            },
        )
        await tx.run(q.ADDRESS, {"id": notice_id, "services": to})
        await tell_addressees(tx, notice_id, to, caller.now())
        await caller.record(tx, "issueNotice", [notice_id, *to])
        return await _load(tx, notice_id)

    notice = await executor.write(work)
    if bus is not None:  # after the commit: the notifications' hook (a unit of work may run twice)
        await bus.publish(NoticeIssued(notice.id, tuple(notice.addressees), tuple(written_bookmarks.get() or ())))
    return notice


async def acknowledge_notice(executor: Executor, caller: Caller, *, notice_id: str, version: int) -> Notice:
    """The caller's service has read the notice (once per service)."""
    identity = caller.identity
    service = identity.service
    require(identity, Operation.ACKNOWLEDGE_NOTICE, Target(service=service))

    async def work(tx: Transaction) -> Notice:
        notice = await _load(tx, notice_id)
        if not _may_read(identity, notice):
            raise _unknown(notice_id)
        if service not in notice.addressees:
            raise Forbidden(
                _("not allowed: the notice is not addressed to %(service)s: only an addressed service acknowledges it.", service=service)
            )
        if notice.status is NoticeStatus.WITHDRAWN:
            raise BadUserInput(_("the notice was withdrawn: there is nothing to acknowledge."), field="id")
        done = [a for a in await tx.run(q.ACKNOWLEDGEMENTS, {"ids": [notice_id]}) if a["service"] == service]
        if done:
            raise Conflict(
                _("%(service)s acknowledged the notice already, on %(at)s UTC.", service=service, at=f"{done[0]['at']:%Y-%m-%d %H:%M}"),
                field="id",
            )
        if notice.version != version:
            raise Conflict(
                _stale(notice.version, version),
                currentVersion=notice.version,
            )
        if not await tx.run(
            q.ACKNOWLEDGE, {"id": notice_id, "service": service, "version": version, "now": caller.now(), "actor": identity.subject}
        ):
            raise Conflict(_("the notice was changed or acknowledged meanwhile; reload it and try again."))
        acknowledged = {a["service"] for a in await tx.run(q.ACKNOWLEDGEMENTS, {"ids": [notice_id]})}
        await tell_issuer_when_all_acknowledged(tx, notice, acknowledged, caller.now())
        await caller.record(tx, "acknowledgeNotice", [notice_id, service])
        return notice

    return await executor.write(work)


async def withdraw_notice(executor: Executor, caller: Caller, *, notice_id: str, version: int) -> Notice:
    """The issuer (or an administrator) withdraws a notice: it leaves the addressees' current list."""
    identity = caller.identity
    caller.justified(N_("withdrawing a threat notice"))

    async def work(tx: Transaction) -> Notice:
        notice = await _load(tx, notice_id)
        if not _may_read(identity, notice):
            raise _unknown(notice_id)
        require(identity, Operation.ISSUE_NOTICE, Target(officer=notice.issuerOfficer))  # the issuing LO, or an admin
        if notice.status is NoticeStatus.WITHDRAWN:
            raise BadUserInput(_("the notice is withdrawn already."), field="id")
        if notice.version != version or not await tx.run(q.WITHDRAW, {"id": notice_id, "version": version}):
            raise Conflict(
                _stale(notice.version, version),
                currentVersion=notice.version,
            )
        await caller.record(tx, "withdrawNotice", [notice_id])
        return await _load(tx, notice_id)

    return await executor.write(work)


# -- reading -----------------------------------------------------------------------------------


async def find_notices(
    reads: DirectoryReads, identity: Identity, trail: AuditTrail, today: date, *, expired_too: bool = False
) -> list[Notice]:
    """The notices addressed to the caller's service or issued by them (an administrator: all),
    newest first; by default only those valid today."""
    everyone = allowed(identity, Operation.READ_NOTICE, Target())  # ANY: an administrator
    rows = await fetch(
        reads.executor,
        q.FIND,
        {"expiredToo": expired_too, "day": today, "everyone": everyone, "subject": identity.subject,
         "service": identity.service or "", "pageSize": MAX_LIST},
    )
    found = [n for n in (Notice.model_validate(r) for r in rows) if _may_read(identity, n)]
    trail.note(Operation.READ_NOTICE, [n.id for n in found])
    return found


async def get_notice(reads: DirectoryReads, identity: Identity, trail: AuditTrail, notice_id: str) -> Notice:
    """One notice; NOT_FOUND alike for an unknown id and one not addressed to the caller."""
    rows = await fetch(reads.executor, q.BY_ID, {"id": notice_id})
    if not rows:
        raise _unknown(notice_id)
    notice = Notice.model_validate(rows[0])
    if not _may_read(identity, notice):
        raise _unknown(notice_id)
    trail.note(Operation.READ_NOTICE, [notice.id])
    return notice


def visible_addressees(identity: Identity, notice: Notice) -> list[str]:
    """The issuer and administrators: every addressed service; a reader: their own."""
    return notice.addressees if _reads_all(identity, notice) else [s for s in notice.addressees if s == identity.service]


async def acknowledgements_of(reads: DirectoryReads, identity: Identity, notice: Notice) -> list[Acknowledgement]:
    """Who has acknowledged: all of them for the issuer and administrators, a reader their service's."""
    rows = await fetch(reads.executor, q.ACKNOWLEDGEMENTS, {"ids": [notice.id]})
    shown = set(visible_addressees(identity, notice))
    return [Acknowledgement.model_validate(r) for r in rows if r["service"] in shown]
