"""Declaring who coordinates the LOs posted to a host country or region (administrators)."""

from __future__ import annotations

from ...domain.coordination import Coordination, coordinator_problem
from ...errors import BadUserInput, Conflict, NotFound
from ...i18n import N_, _
from ...security.policy import Operation, require
from ...store import Executor, Transaction
from ...store.queries import coordinators as q
from ..caller import Caller
from ..reads import DirectoryReads


async def set_coordination(
    executor: Executor,
    reads: DirectoryReads,
    caller: Caller,
    *,
    country: str | None,
    region: str | None,
    coordinator: str | None,
    lead_nation: str | None,
    version: int,
) -> Coordination:
    """Set (or, with neither value, clear) a country's or a region's coordination."""
    require(caller.identity, Operation.MANAGE_DIRECTORY)
    caller.justified(N_("declaring a coordinator"))
    if (country is None) == (region is None):
        raise BadUserInput(_("name either a country or a region, not both and not neither."), field="country")
    coordinator = coordinator.strip().upper() if coordinator else None
    lead_nation = lead_nation.strip() if lead_nation is not None else None
    for field, problem in (("coordinator", coordinator_problem(coordinator, None)), ("leadNation", coordinator_problem(None, lead_nation))):
        if problem:
            raise BadUserInput(problem, field=field)
    code = (country or region or "").strip().upper()
    known = await (reads.countries() if country else reads.regions())
    if code not in known:
        if country:
            raise NotFound(_("no country %(code)r.", code=code), field="country")
        raise NotFound(_("no region %(code)r.", code=code), field="region")
    statement = q.SET_COUNTRY if country else q.SET_REGION

    async def work(tx: Transaction) -> Coordination:
        changed = await tx.run(statement, {"code": code, "version": version, "coordinator": coordinator, "leadNation": lead_nation})
        if not changed:
            current = (await tx.run(q.VERSION_OF, {"code": code}))[0]["version"]
            raise Conflict(
                _(
                    "the coordination of %(code)s was changed meanwhile (version %(current)s, not %(given)s); reload it and try again.",
                    code=code, current=current, given=version,
                ),
                currentVersion=current,
            )
        await caller.record(tx, "setCoordination", [code])
        return Coordination(code, coordinator, lead_nation, code)

    return await executor.write(work)
