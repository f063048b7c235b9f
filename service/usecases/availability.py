"""An LO's own availability: status, planned absences (windows) and deputies.

An LO changes only their own record; an admin anyone's. Every change is one unit of work with its
consultation-log record.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from ..domain.availability import Span, overlapping
from ..domain.coverage import NetworkPosting, deputy_refusal
from ..domain.enums import Availability, PostingKind
from ..domain.models import AvailabilityWindow, Officer
from ..errors import BadUserInput, Conflict, NotFound
from ..i18n import N_, _, ngettext
from ..security.policy import Operation, Target, require
from ..store import Executor, Transaction
from ..store.queries import availability as q
from ..store.queries import directory as dq
from ..store.queries import search as sq
from .caller import Caller
from .directory_model import officer_record_changed

MAX_AHEAD = timedelta(days=730)  # windows may not lie more than 2 years ahead
MAX_DEPUTIES = 5
MAX_NOTE = 500


def _officer_of(caller: Caller, officer_id: str | None) -> str:
    target = officer_id or caller.identity.officer_id
    if not target:
        raise BadUserInput(_("officerId is needed: your token names no officer of your own"), field="officerId")
    require(caller.identity, Operation.SET_AVAILABILITY, Target(officer=target))
    return target


def _note(note: str | None) -> str | None:
    if note is None:
        return None
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise BadUserInput(_("the note is longer than %(most)d characters", most=MAX_NOTE), field="note")
    return note or None


async def _lock(tx: Transaction, officer: str, caller: Caller) -> int:
    rows = await tx.run(q.LOCK_OFFICER, {"officer": officer, "now": caller.now()})
    if not rows:
        raise NotFound(_("no officer %(key)r", key=officer), field="officerId")
    return rows[0]["version"]


async def set_availability(
    executor: Executor, caller: Caller, *, officer_id: str | None, status: Availability, note: str | None, version: int
) -> Officer:
    officer = _officer_of(caller, officer_id)
    caller.justified_unless_own(officer, N_("changing availability"))
    status = Availability(status)
    note = _note(note)

    async def work(tx: Transaction) -> Officer:
        changed = await tx.run(
            q.SET_AVAILABILITY,
            {"officer": officer, "version": version, "status": status, "note": note, "now": caller.now()},
        )
        if not changed:
            current = await tx.run(dq.OFFICER_BY_ID, {"id": officer})
            if not current:
                raise NotFound(_("no officer %(key)r", key=officer), field="officerId")
            raise Conflict(
                _(
                    "officer %(key)s was changed meanwhile (version %(current)s, not %(given)s); reload it and try again",
                    key=officer,
                    current=current[0]["version"],
                    given=version,
                ),
                currentVersion=current[0]["version"],
            )
        await caller.record(tx, "setAvailability", [officer])
        officer_record_changed(tx, changed[0])  # the record as written: the read model takes it unread
        return Officer.model_validate(changed[0])

    # It writes and reads this officer's record alone: side by side with units of other keys.
    return await executor.write(work, claims=frozenset({f"officer:{officer}"}))


def validate_window(starts_on: date, ends_on: date, status: Availability, today: date) -> None:
    if ends_on < starts_on:
        raise BadUserInput(_("endsOn %(ends)s is before startsOn %(starts)s", ends=ends_on, starts=starts_on), field="endsOn")
    if ends_on < today:
        raise BadUserInput(_("the window ended on %(ends)s, before today (%(today)s)", ends=ends_on, today=today), field="endsOn")
    if ends_on > today + MAX_AHEAD:
        raise BadUserInput(
            _("endsOn %(ends)s lies more than 2 years ahead (after %(latest)s)", ends=ends_on, latest=today + MAX_AHEAD),
            field="endsOn",
        )
    if status is Availability.AVAILABLE:
        raise BadUserInput(_("a window records an absence or limitation; AVAILABLE is the default"), field="status")


async def add_window(
    executor: Executor,
    caller: Caller,
    *,
    officer_id: str | None,
    starts_on: date,
    ends_on: date,
    status: Availability,
    note: str | None,
) -> AvailabilityWindow:
    officer = _officer_of(caller, officer_id)
    caller.justified_unless_own(officer, N_("planning an absence"))
    status = Availability(status)
    validate_window(starts_on, ends_on, status, caller.today)
    note = _note(note)
    window_id = f"W-{uuid.uuid4().hex[:12].upper()}"

    async def work(tx: Transaction) -> AvailabilityWindow:
        await _lock(tx, officer, caller)
        existing = [AvailabilityWindow.model_validate(r) for r in await tx.run(dq.WINDOWS_BY_OFFICERS, {"ids": [officer]})]
        new = Span(window_id, starts_on, ends_on)
        for first, second in overlapping([new, *(Span(w.id, w.startsOn, w.endsOn) for w in existing)]):
            if new in (first, second):
                other = next(w for w in existing if w.id in (first.id, second.id))
                raise BadUserInput(
                    _(
                        "overlaps window %(id)s (%(starts)s to %(ends)s, %(status)s)",
                        id=other.id,
                        starts=other.startsOn,
                        ends=other.endsOn,
                        status=other.status.value,
                    ),
                    field="startsOn",
                )
        await tx.run(
            q.ADD_WINDOW,
            {"officer": officer, "id": window_id, "startsOn": starts_on, "endsOn": ends_on, "status": status, "note": note},
        )
        await caller.record(tx, "addAvailabilityWindow", [officer, window_id])
        return AvailabilityWindow(id=window_id, officer=officer, startsOn=starts_on, endsOn=ends_on, status=status, note=note)

    # Its overlap check reads this officer's windows alone: one after another for one officer.
    return await executor.write(work, claims=frozenset({f"officer:{officer}"}))


async def remove_window(executor: Executor, caller: Caller, *, window_id: str) -> str:
    async def work(tx: Transaction) -> str:
        owner = await tx.run(q.WINDOW_OWNER, {"id": window_id})
        if not owner:
            raise NotFound(_("no availability window %(id)r", id=window_id), field="id")
        officer = owner[0]["officer"]
        require(caller.identity, Operation.SET_AVAILABILITY, Target(officer=officer))
        caller.justified_unless_own(officer, N_("removing a planned absence"))
        await _lock(tx, officer, caller)
        await tx.run(q.REMOVE_WINDOW, {"officer": officer, "id": window_id})
        await caller.record(tx, "removeAvailabilityWindow", [officer, window_id])
        return window_id

    return await executor.write(work)


async def _active_postings(tx: Transaction, officers: list[str], today: date) -> dict[str, list[NetworkPosting]]:
    """Each officer's postings active today, with their links, as the coverage rule sees them."""
    ids = [r["posting"] for r in await tx.run(sq.ACTIVE_POSTINGS_OF_OFFICERS, {"ids": officers, "day": today})]
    links: dict[str, dict[str, set[str]]] = {name: {} for name in ("serves", "accredited", "area")}
    for name, statement in (
        ("serves", dq.SERVED_SERVICES_BY_POSTINGS),
        ("accredited", dq.ACCREDITATIONS_BY_POSTINGS),
        ("area", dq.AREA_BY_POSTINGS),
    ):
        for row in await tx.run(statement, {"ids": ids}):
            links[name].setdefault(row["posting"], set()).add(row["code"])
    held: dict[str, list[NetworkPosting]] = {o: [] for o in officers}
    for row in sorted(await tx.run(dq.POSTINGS_BY_IDS, {"ids": ids}), key=lambda r: r["id"]):
        pid = row["id"]
        held[row["officer"]].append(
            NetworkPosting(
                pid, row["officer"], row["country"], PostingKind(row["kind"]), row["startsOn"], row["endsOn"],
                frozenset(links["accredited"].get(pid, ())), frozenset(links["serves"].get(pid, ())),
                frozenset(links["area"].get(pid, ())), bool(row["servesAll"]),
            )
        )
    return held


async def _check_deputies(tx: Transaction, officer: str, deputies: list[str], today: date) -> None:
    """BAD_USER_INPUT naming the first deputy who cannot stand in (coverage.deputy_refusal)."""
    if not deputies:
        return
    held = await _active_postings(tx, [officer, *deputies], today)
    services = [r["code"] for r in await tx.run(dq.SERVICES)]
    regions = {r["iso2"]: r["region"] for r in await tx.run(dq.COUNTRIES)}
    for deputy in deputies:
        reason = deputy_refusal(deputy, held[officer], held[deputy], services, regions)
        if reason is not None:
            raise BadUserInput(reason, field="officerIds")


async def set_deputies(executor: Executor, caller: Caller, *, officer_id: str | None, deputies: list[str]) -> list[str]:
    officer = _officer_of(caller, officer_id)
    caller.justified_unless_own(officer, N_("changing deputies"))
    if len(deputies) != len(set(deputies)):
        raise BadUserInput(_("a deputy is named twice"), field="officerIds")
    if officer in deputies:
        raise BadUserInput(_("an officer cannot deputise for themself"), field="officerIds")
    if len(deputies) > MAX_DEPUTIES:
        raise BadUserInput(_("at most %(most)d deputies", most=MAX_DEPUTIES), field="officerIds")

    async def work(tx: Transaction) -> list[str]:
        await _lock(tx, officer, caller)
        known = {r["id"] for r in await tx.run(q.EXISTING_OFFICERS, {"ids": deputies})}
        unknown = [d for d in deputies if d not in known]
        if unknown:
            ids = ", ".join(unknown)
            raise BadUserInput(ngettext("unknown officer: %(ids)s", "unknown officers: %(ids)s", len(unknown), ids=ids), field="officerIds")
        # Two LOs may stand in for each other: the DEPUTY route follows one level, never a loop.
        await _check_deputies(tx, officer, deputies, caller.today)
        await tx.run(q.CLEAR_DEPUTIES, {"officer": officer})
        await tx.run(q.ADD_DEPUTIES, {"officer": officer, "rows": [{"deputy": d, "rank": i} for i, d in enumerate(deputies, 1)]})
        await caller.record(tx, "setDeputies", [officer, *deputies])
        return deputies

    return await executor.write(work)
