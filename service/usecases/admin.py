"""Keeping the directory true (admins): officers, postings, services, country and region labels.

Every change is checked by the same rules as a bulk import (the seed's record models and
cross-record checks, see bulk/plan.py): dates in order, codes that exist, a posting's served
services, one active resident posting per officer, no deputy cycle. A violation is BAD_USER_INPUT
naming the field. Updates take the `version` last seen (stale: CONFLICT). Each change, with its
consultation record, is one unit of work; it needs a justification.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from ..domain.models import Country, Officer, Posting, Region, Service
from ..errors import BadUserInput, Conflict, NotFound
from ..i18n import N_, _, ngettext
from ..security.policy import Operation, Target, require
from ..store import Executor, Transaction
from ..store.queries import admin as aq
from ..store.queries import bulk as bq
from ..store.queries import directory as dq
from .bulk.formats import Bundle
from .bulk.plan import Change, first_problem_field, plan
from .bulk.records import BY_NAME
from .bulk.store import read_snapshot, write_changes
from .caller import Caller
from .conversation.handover import name_successor

POSTINGS = "postings"

# A record created that exists already, per kind (whole sentences: each language agrees them its own way).
_EXISTS = {
    "services": N_("service %(key)s already exists (version %(current)s); pass its version to change it"),
    "regions": N_("region %(key)s already exists (version %(current)s); pass its version to change it"),
    "countries": N_("country %(key)s already exists (version %(current)s); pass its version to change it"),
    "officers": N_("officer %(key)s already exists (version %(current)s); pass its version to change it"),
    "postings": N_("posting %(key)s already exists (version %(current)s); pass its version to change it"),
}

# A record to change that does not exist.
_MISSING = {
    "services": N_("no service %(key)r"),
    "regions": N_("no region %(key)r"),
    "countries": N_("no country %(key)r"),
    "officers": N_("no officer %(key)r"),
    "postings": N_("no posting %(key)r"),
}

# A record changed by someone else since the caller read it.
_CHANGED = {
    "services": N_("service %(key)s was changed meanwhile (version %(current)s, not %(given)s); reload it and try again"),
    "regions": N_("region %(key)s was changed meanwhile (version %(current)s, not %(given)s); reload it and try again"),
    "countries": N_("country %(key)s was changed meanwhile (version %(current)s, not %(given)s); reload it and try again"),
    "officers": N_("officer %(key)s was changed meanwhile (version %(current)s, not %(given)s); reload it and try again"),
    "postings": N_("posting %(key)s was changed meanwhile (version %(current)s, not %(given)s); reload it and try again"),
}


def _new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10].upper()}"


async def _locked_version(tx: Transaction, entity: str, key: str) -> int | None:
    rows = await tx.run(bq.LOCK[entity], {"keys": [key]})
    return rows[0]["version"] if rows else None


async def _save(
    tx: Transaction, caller: Caller, entity: str, values: dict[str, Any], *, version: int | None, operation: str
) -> Change:
    """Create (version None) or update one record through the import's rules, and record it."""
    key = values[BY_NAME[entity].key]
    current = await _locked_version(tx, entity, key)
    if version is None and current is not None:
        raise BadUserInput(_(_EXISTS[entity], key=key, current=current), field=BY_NAME[entity].key)
    if version is not None:
        if current is None:
            raise NotFound(_(_MISSING[entity], key=key), field=BY_NAME[entity].key)
        if current != version:
            raise Conflict(_(_CHANGED[entity], key=key, current=current, given=version), currentVersion=current)
    planned = plan(Bundle.single(entity, values), await read_snapshot(tx), caller.now())
    if planned.problems:
        problem = planned.problems[0]
        raise BadUserInput(problem.reason, field=first_problem_field(problem))
    change = planned.changes[0]
    await write_changes(tx, planned.writes)
    ids = [change.key] + ([change.record.officer] if entity == "postings" else [])
    await caller.record(tx, operation, ids)
    return change


def _begin(caller: Caller, what: str) -> None:
    require(caller.identity, Operation.MANAGE_DIRECTORY, Target())
    caller.justified(what)


async def _officer(tx: Transaction, officer_id: str) -> Officer:
    return Officer.model_validate((await tx.run(dq.OFFICER_BY_ID, {"id": officer_id}))[0])


async def _posting(tx: Transaction, posting_id: str) -> Posting:
    return Posting.model_validate((await tx.run(dq.POSTINGS_BY_IDS, {"ids": [posting_id]}))[0])


# -- officers ------------------------------------------------------------------------------------


async def create_officer(executor: Executor, caller: Caller, values: dict[str, Any]) -> Officer:
    _begin(caller, N_("creating an officer"))
    values = {**values, "id": values.get("id") or _new_id("LO")}

    async def work(tx: Transaction) -> Officer:
        await _save(tx, caller, "officers", values, version=None, operation="createOfficer")
        return await _officer(tx, values["id"])

    return await executor.write(work)


async def update_officer(executor: Executor, caller: Caller, officer_id: str, version: int, changes: dict[str, Any]) -> Officer:
    _begin(caller, N_("changing an officer"))

    async def work(tx: Transaction) -> Officer:
        await _save(tx, caller, "officers", {**changes, "id": officer_id}, version=version, operation="updateOfficer")
        return await _officer(tx, officer_id)

    return await executor.write(work)


# -- postings ------------------------------------------------------------------------------------


async def open_posting(executor: Executor, caller: Caller, values: dict[str, Any]) -> Posting:
    _begin(caller, N_("opening a posting"))
    values = {**values, "id": values.get("id") or _new_id("P")}

    async def work(tx: Transaction) -> Posting:
        if values.get("officer"):
            await _locked_version(tx, "officers", values["officer"])  # serialises the officer's postings
        await _save(tx, caller, "postings", values, version=None, operation="openPosting")
        return await _posting(tx, values["id"])

    return await executor.write(work)


async def update_posting(executor: Executor, caller: Caller, posting_id: str, version: int, changes: dict[str, Any]) -> Posting:
    _begin(caller, N_("changing a posting"))
    return await _change_posting(executor, caller, posting_id, version, changes, "updatePosting")


async def _change_posting(
    executor: Executor, caller: Caller, posting_id: str, version: int, changes: dict[str, Any], operation: str, check=None, then=None
) -> Posting:
    async def work(tx: Transaction) -> Posting:
        current = await _current_posting(tx, posting_id, version)
        await _locked_version(tx, "officers", current.officer)  # serialises the officer's postings
        if check is not None:
            check(current)
        await _save(tx, caller, "postings", {**changes, "id": posting_id}, version=version, operation=operation)
        if then is not None:  # what comes with the change, in its unit of work
            await then(tx, current)
        return await _posting(tx, posting_id)

    return await executor.write(work)


async def extend_posting(executor: Executor, caller: Caller, posting_id: str, version: int, ends_on: date | None) -> Posting:
    """A later end, or none (open-ended)."""
    _begin(caller, N_("extending a posting"))

    def check(current: Posting) -> None:
        if current.endsOn is None:
            raise BadUserInput(_("posting %(id)s is open-ended already", id=posting_id), field="endsOn")
        if ends_on is not None and ends_on <= current.endsOn:
            raise BadUserInput(
                _(
                    "endsOn %(day)s does not extend the posting (it ends on %(ends)s); use endPosting to end it sooner",
                    day=ends_on,
                    ends=current.endsOn,
                ),
                field="endsOn",
            )

    return await _change_posting(executor, caller, posting_id, version, {"endsOn": ends_on}, "extendPosting", check)


async def end_posting(
    executor: Executor, caller: Caller, posting_id: str, version: int, ends_on: date, successor: str | None = None
) -> Posting:
    """An earlier end (the posting and its history stay), naming the successor if one is given."""
    _begin(caller, N_("ending a posting"))

    def check(current: Posting) -> None:
        if current.endsOn is not None and ends_on >= current.endsOn:
            raise BadUserInput(
                _(
                    "the posting already ends on %(ends)s; endsOn %(day)s would not end it sooner (use extendPosting)",
                    ends=current.endsOn,
                    day=ends_on,
                ),
                field="endsOn",
            )

    async def then(tx: Transaction, current: Posting) -> None:
        if successor is not None:
            await name_successor(tx, current, successor)

    return await _change_posting(executor, caller, posting_id, version, {"endsOn": ends_on}, "endPosting", check, then)


def _period(posting: Posting) -> tuple[datetime, datetime]:
    start = datetime.combine(posting.startsOn, time.min, timezone.utc) - timedelta(days=1)  # any zone's midnight
    if posting.endsOn is None:
        return start, datetime(9999, 1, 1, tzinfo=timezone.utc)
    return start, datetime.combine(posting.endsOn, time.min, timezone.utc) + timedelta(days=2)


async def _current_posting(tx: Transaction, posting_id: str, version: int) -> Posting:
    """The posting, locked, if the caller saw its current version."""
    current = await _locked_version(tx, "postings", posting_id)
    if current is None:
        raise NotFound(_(_MISSING[POSTINGS], key=posting_id), field="id")
    if current != version:
        raise Conflict(_(_CHANGED[POSTINGS], key=posting_id, current=current, given=version), currentVersion=current)
    return await _posting(tx, posting_id)


async def remove_posting(executor: Executor, caller: Caller, posting_id: str, version: int) -> Posting:
    """Remove a posting entered by mistake: refused when taskings refer to it (end it instead).
    The removed posting is the answer (its officer's open taskings are reported with it)."""
    _begin(caller, N_("removing a posting"))

    async def work(tx: Transaction) -> Posting:
        posting = await _current_posting(tx, posting_id, version)
        since, until = _period(posting)
        referring = await tx.run(aq.TASKINGS_DURING_POSTING, {"id": posting_id, "fromTime": since, "untilTime": until})
        if referring:
            shown = ", ".join(r["reference"] for r in referring[:5]) + (" ..." if len(referring) > 5 else "")
            raise BadUserInput(
                ngettext(
                    "%(num)d tasking refers to posting %(id)s (%(shown)s): it stays for their history; end it with endPosting instead",
                    "%(num)d taskings refer to posting %(id)s (%(shown)s): it stays for their history; end it with endPosting instead",
                    len(referring),
                    id=posting_id,
                    shown=shown,
                ),
                field="id",
            )
        await tx.run(aq.REMOVE_POSTING, {"id": posting_id})
        await caller.record(tx, "removePosting", [posting_id, posting.officer])
        return posting

    return await executor.write(work)


# -- services and labels -------------------------------------------------------------------------


async def create_service(executor: Executor, caller: Caller, values: dict[str, Any]) -> Service:
    _begin(caller, N_("creating a service"))
    code = str(values.get("code") or "")
    values = {**values, "country": code.split("-", 1)[0]}

    async def work(tx: Transaction) -> Service:
        await _save(tx, caller, "services", values, version=None, operation="createService")
        return await _reference(tx, dq.SERVICES, Service, "code", code)

    return await executor.write(work)


async def update_service(executor: Executor, caller: Caller, code: str, version: int, changes: dict[str, Any]) -> Service:
    _begin(caller, N_("changing a service"))

    async def work(tx: Transaction) -> Service:
        await _save(tx, caller, "services", {**changes, "code": code}, version=version, operation="updateService")
        return await _reference(tx, dq.SERVICES, Service, "code", code)

    return await executor.write(work)


async def _reference(tx: Transaction, statement, model, key: str, value: str):
    return next(model.model_validate(row) for row in await tx.run(statement) if row[key] == value)


async def save_country(
    executor: Executor, caller: Caller, iso2: str, version: int | None, names: dict[str, str], region: dict[str, Any]
) -> Country:
    """Create (no version) or relabel a country; `region` is {"region": code or None} or {} to keep it."""
    _begin(caller, N_("saving a country"))

    async def work(tx: Transaction) -> Country:
        await _save(tx, caller, "countries", {"iso2": iso2, **names, **region}, version=version, operation="saveCountry")
        return await _reference(tx, dq.COUNTRIES, Country, "iso2", iso2)

    return await executor.write(work)


async def save_region(executor: Executor, caller: Caller, code: str, version: int | None, names: dict[str, str]) -> Region:
    _begin(caller, N_("saving a region"))

    async def work(tx: Transaction) -> Region:
        await _save(tx, caller, "regions", {"code": code, **names}, version=version, operation="saveRegion")
        return await _reference(tx, dq.REGIONS, Region, "code", code)

    return await executor.write(work)
