"""Gatherings: a manager or admin invites LOs to a joint LO week, a return day, a seminar or a
training course; the coordinating country's LO in a host country convenes a local LO meeting
there. Invited LOs answer; while an LO attends, their availability shows the gathering's days as
ON_MISSION (the windows of the read model include them: directory_model.load_windows), so search
routes to deputies, until the gathering is cancelled.

Every change is one unit of work with its consultation-log record.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ...domain.coordination import coordination_of
from ...domain.gatherings import (
    ConvenorPosting,
    GatheringKind,
    GatheringStatus,
    InvitationAnswer,
    InvitedBy,
    convenor_refusal,
    dates_problem,
    invitation_problem,
)
from ...errors import BadUserInput, Conflict, Forbidden, NotFound
from ...i18n import N_, _
from ...security.identity import Identity, Role
from ...security.policy import Operation, Target, require
from ...store import Executor, Transaction
from ...store.queries import gatherings as q
from ..audit import AuditTrail
from ..caller import Caller
from ..reads import DirectoryReads, fetch
from .models import Gathering, Invitation

__all__ = ["Gathering", "GatheringRequest", "Invitation", "answer_invitation", "cancel_gathering", "create_gathering",
           "find_gatherings", "get_gathering", "invitations_of"]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
MAX_NOTE = 500
MAX_INVITED = 500


class GatheringRequest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: GatheringKind
    title: Text
    place: Text
    startsOn: date
    endsOn: date
    invitedBy: InvitedBy
    code: str | None = None  # the programme, region or country invited
    officers: list[str] = Field(default_factory=list, max_length=MAX_INVITED)
    hostCountry: str | None = None  # a local LO meeting's
    convenor: str | None = None  # a local LO meeting's convening LO (default: the caller)


def _unknown(gathering_id: str) -> NotFound:
    return NotFound(_("no gathering %(id)r", id=gathering_id), field="id")


def _manages(identity: Identity) -> bool:
    return bool({Role.MANAGER, Role.ADMIN} & set(identity.roles))


def _sees_attendance(identity: Identity, gathering: Gathering) -> bool:
    """Managers and admins see every invitation and answer; the convenor of a local meeting too."""
    return _manages(identity) or (identity.officer_id is not None and identity.officer_id == gathering.convenor)


async def _load(tx: Transaction, gathering_id: str) -> Gathering:
    rows = await tx.run(q.BY_ID, {"id": gathering_id})
    if not rows:
        raise _unknown(gathering_id)
    return Gathering.model_validate(rows[0])


async def _check_invitation(reads: DirectoryReads, request: GatheringRequest) -> str | None:
    """The invitation's code, upper-cased and known to the directory (BAD_USER_INPUT otherwise)."""
    problem = invitation_problem(request.invitedBy, request.code, request.officers)
    if problem:
        raise BadUserInput(problem, field="invite")
    code = request.code.strip().upper() if request.code else None
    known = {
        InvitedBy.PROGRAMME: (N_("there is no programme %(code)r to invite: check invite.code."), reads.programmes),
        InvitedBy.REGION: (N_("there is no region %(code)r to invite: check invite.code."), reads.regions),
        InvitedBy.COUNTRY: (N_("there is no country %(code)r to invite: check invite.code."), reads.countries),
    }.get(request.invitedBy)
    if known is not None and code not in await known[1]():
        raise BadUserInput(_(known[0], code=code), field="invite.code")
    if request.invitedBy is InvitedBy.OFFICERS:
        officers = await reads.officers()
        unknown = sorted({o for o in request.officers if o not in officers})
        if unknown:
            raise BadUserInput(_("unknown officers to invite: %(officers)s.", officers=", ".join(unknown)), field="invite.officers")
    return code


async def _check_convenor(reads: DirectoryReads, identity: Identity, request: GatheringRequest) -> tuple[str, str]:
    """A local LO meeting's host country and convenor, by the rule of 2003/170/JHA."""
    if not request.hostCountry:
        raise BadUserInput(_("a local LO meeting names its host country (hostCountry)."), field="hostCountry")
    host = request.hostCountry.strip().upper()
    countries, regions = await reads.countries(), await reads.regions()
    if host not in countries:
        raise BadUserInput(_("unknown host country %(code)r.", code=host), field="hostCountry")
    # An LO convenes for themself only; an administrator may record the meeting for the convenor.
    if Role.ADMIN not in identity.roles and (identity.officer_id is None or request.convenor not in (None, identity.officer_id)):
        raise Forbidden(
            _(
                "not allowed: a local LO meeting is convened by the coordinator's LO in the host country, for themself: "
                "not by a manager, nor for another LO."
            )
        )
    convenor = request.convenor or identity.officer_id
    if convenor is None:
        raise BadUserInput(_("a local LO meeting names its convening LO (convenor)."), field="convenor")
    require(identity, Operation.ORGANISE_GATHERING, Target(officer=convenor))
    officers = await reads.officers()
    if convenor not in officers:
        raise BadUserInput(_("unknown officer %(id)r", id=convenor), field="convenor")
    services = await reads.services()
    home = services[officers[convenor].service].country if officers[convenor].service in services else ""
    postings = [
        ConvenorPosting(p.country, home, p.active_on(request.startsOn))
        for p in await reads.postings_of_officer.load(convenor)
    ]
    coordination = coordination_of(countries[host], regions)
    refusal = convenor_refusal(convenor, host, coordination.coordinator if coordination else None, postings)
    if refusal:
        raise Forbidden(_("not allowed: %(reason)s", reason=refusal), field="convenor")
    return host, convenor


async def create_gathering(executor: Executor, reads: DirectoryReads, caller: Caller, request: GatheringRequest) -> Gathering:
    identity = caller.identity
    problem = dates_problem(request.startsOn, request.endsOn)
    if problem:
        raise BadUserInput(problem, field="endsOn")
    host = convenor = None
    if request.kind is GatheringKind.LOCAL_LO_MEETING:
        host, convenor = await _check_convenor(reads, identity, request)
    elif not _manages(identity):
        raise Forbidden(
            _(
                "not allowed: managers and administrators organise gatherings; an LO convenes only a local LO meeting as "
                "the coordinator's LO in the host country."
            )
        )
    else:
        require(identity, Operation.ORGANISE_GATHERING)
    code = await _check_invitation(reads, request)
    gathering_id = f"G-{uuid.uuid4().hex[:12].upper()}"

    async def work(tx: Transaction) -> Gathering:
        if request.invitedBy is InvitedBy.OFFICERS:
            invited = sorted(set(request.officers))
        else:
            scope = {"country": "", "region": "", "programme": ""}
            if code:  # PROGRAMME, REGION or COUNTRY narrow the LOs of the dates; ALL does not
                scope[request.invitedBy.value.lower()] = code
            rows = await tx.run(q.INVITEES, {"startsOn": request.startsOn, "endsOn": request.endsOn, **scope})
            invited = [r["id"] for r in rows]
        if not invited:
            raise BadUserInput(
                _(
                    "nobody to invite: no LO holds a posting active between %(starts)s and %(ends)s "
                    "that the invitation reaches.",
                    starts=request.startsOn, ends=request.endsOn,
                ),
                field="invite",
            )
        await tx.run(
            q.CREATE,
            {
                "id": gathering_id, "kind": request.kind, "title": request.title, "place": request.place,
                "startsOn": request.startsOn, "endsOn": request.endsOn, "invitedBy": request.invitedBy,
                "invitedCode": code, "createdBy": identity.subject, "now": caller.now(),
            },
        )
        await tx.run(q.INVITE, {"id": gathering_id, "officers": invited})
        if host is not None:
            await tx.run(q.HOST, {"id": gathering_id, "country": host, "convenor": convenor})
        await caller.record(tx, "createGathering", [gathering_id])
        return await _load(tx, gathering_id)

    return await executor.write(work)


def _note(note: str | None) -> str | None:
    if note is None or not note.strip():
        return None
    if len(note) > MAX_NOTE:
        raise BadUserInput(_("the note is longer than %(max)d characters.", max=MAX_NOTE), field="note")
    return note.strip()


async def answer_invitation(
    executor: Executor, caller: Caller, *, gathering_id: str, attending: bool, note: str | None, version: int,
    officer_id: str | None = None,
) -> Invitation:
    """An invited LO answers (an administrator may record the answer for them)."""
    identity = caller.identity
    officer = officer_id or identity.officer_id
    if officer is None:
        raise BadUserInput(_("officerId is needed: your token names no officer of your own."), field="officerId")
    require(identity, Operation.ANSWER_INVITATION, Target(officer=officer))
    note = _note(note)
    answer = InvitationAnswer.ATTENDING if attending else InvitationAnswer.NOT_ATTENDING

    async def work(tx: Transaction) -> Invitation:
        gathering = await _load(tx, gathering_id)
        mine = [Invitation.model_validate(r) for r in await tx.run(q.INVITATIONS, {"ids": [gathering_id]}) if r["officer"] == officer]
        if not mine:
            raise _unknown(gathering_id)  # as if unknown: who is invited where is not for others to probe
        if gathering.status is GatheringStatus.CANCELLED:
            raise BadUserInput(
                _("the gathering %(title)s is cancelled: there is nothing to answer.", title=gathering.title), field="id"
            )
        if mine[0].version != version:
            raise Conflict(
                _(
                    "your invitation to %(title)s was answered meanwhile (version %(current)s, not %(given)s); "
                    "reload it and try again.",
                    title=gathering.title, current=mine[0].version, given=version,
                ),
                currentVersion=mine[0].version,
            )
        changed = await tx.run(
            q.ANSWER,
            {"id": gathering_id, "officer": officer, "version": version, "answer": answer, "note": note, "now": caller.now()},
        )
        if not changed:
            raise Conflict(
                _("your invitation to %(title)s was changed meanwhile; reload it and try again.", title=gathering.title)
            )
        await caller.record(tx, "answerInvitation", [gathering_id, officer])
        rows = await tx.run(q.INVITATIONS, {"ids": [gathering_id]})
        return next(Invitation.model_validate(r) for r in rows if r["officer"] == officer)

    return await executor.write(work)


async def cancel_gathering(executor: Executor, caller: Caller, *, gathering_id: str, version: int, reason: str) -> Gathering:
    """Managers and admins cancel a gathering; the convenor their local LO meeting. The attending
    LOs' gathering days stop counting as a mission at once."""
    identity = caller.identity
    if not reason or not reason.strip():
        raise BadUserInput(_("a reason is required to cancel a gathering."), field="reason")
    if len(reason) > MAX_NOTE:
        raise BadUserInput(_("the reason is longer than %(max)d characters.", max=MAX_NOTE), field="reason")

    async def work(tx: Transaction) -> Gathering:
        gathering = await _load(tx, gathering_id)
        if not _manages(identity) and not (gathering.convenor and gathering.convenor == identity.officer_id):
            if not await _invited(tx, gathering_id, identity):
                raise _unknown(gathering_id)  # as for an unknown id: not theirs to know of
            raise Forbidden(
                _("not allowed: only managers, administrators and a local LO meeting's convenor cancel a gathering.")
            )
        require(identity, Operation.ORGANISE_GATHERING, Target(officer=gathering.convenor))
        if gathering.status is GatheringStatus.CANCELLED:
            raise BadUserInput(_("the gathering %(title)s is already cancelled.", title=gathering.title), field="id")
        if gathering.version != version:
            raise Conflict(
                _(
                    "the gathering %(title)s was changed meanwhile (version %(current)s, not %(given)s); "
                    "reload it and try again.",
                    title=gathering.title, current=gathering.version, given=version,
                ),
                currentVersion=gathering.version,
            )
        changed = await tx.run(q.CANCEL, {"id": gathering_id, "version": version, "reason": reason.strip(), "now": caller.now()})
        if not changed:
            raise Conflict(_("the gathering %(title)s was changed meanwhile; reload it and try again.", title=gathering.title))
        await caller.record(tx, "cancelGathering", [gathering_id])
        return await _load(tx, gathering_id)

    return await executor.write(work)


async def _invited(tx: Transaction, gathering_id: str, identity: Identity) -> bool:
    return identity.officer_id is not None and any(r["officer"] == identity.officer_id for r in await tx.run(q.INVITATIONS, {"ids": [gathering_id]}))


# -- reading -----------------------------------------------------------------------------------


async def find_gatherings(reads: DirectoryReads, identity: Identity, trail: AuditTrail, from_day: date) -> list[Gathering]:
    """Managers and admins: every gathering ending on or after `from_day`; an LO: theirs."""
    everyone = _manages(identity)
    if not everyone and identity.officer_id is None:
        return []  # an empty scope is nothing
    require(identity, Operation.READ_GATHERINGS, Target(officer=identity.officer_id) if not everyone else None)
    rows = await fetch(reads.executor, q.FIND, {"fromDay": from_day, "everyone": everyone, "officer": identity.officer_id or ""})
    found = [Gathering.model_validate(r) for r in rows]
    trail.note(Operation.READ_GATHERINGS, [g.id for g in found])
    return found


async def get_gathering(reads: DirectoryReads, identity: Identity, trail: AuditTrail, gathering_id: str) -> Gathering:
    """One gathering; NOT_FOUND alike for an unknown id and one the caller is not invited to."""
    rows = await fetch(reads.executor, q.BY_ID, {"id": gathering_id})
    if not rows:
        raise _unknown(gathering_id)
    gathering = Gathering.model_validate(rows[0])
    if not _sees_attendance(identity, gathering):
        invitations = await fetch(reads.executor, q.INVITATIONS, {"ids": [gathering_id]})
        if not any(r["officer"] == identity.officer_id for r in invitations) or identity.officer_id is None:
            raise _unknown(gathering_id)
    trail.note(Operation.READ_GATHERINGS, [gathering.id])
    return gathering


async def invitations_of(reads: DirectoryReads, identity: Identity, gathering: Gathering) -> list[Invitation]:
    """Every invitation with its answer for managers, admins and the convenor; an LO their own."""
    rows = await fetch(reads.executor, q.INVITATIONS, {"ids": [gathering.id]})
    invitations = [Invitation.model_validate(r) for r in rows]
    if _sees_attendance(identity, gathering):
        return invitations
    return [i for i in invitations if i.officer == identity.officer_id]
