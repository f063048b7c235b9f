"""Retention: closed taskings (COMPLETED, DECLINED, CANCELLED) last changed longer ago than the
retention period lose their free text; what statistics need stays.

Kept: reference, title, priority, status, legal basis, handling code, every date, the requesting
service, the assignee, the country, the competences, and every event's action, actor, time and
states. Removed: `details`, `outcome` and the events' notes (decline and cancel reasons,
reassignment and routing notes: free text that can name people as well), and the request form's
personal data: the contact person, the subjects and the deconfliction links (their match keys
name phone numbers, plates and people). `updatedAt` and
`version` are left as they were, so the statistics' dates do not move and a second run finds
nothing left to remove (idempotent). A dry run lists what would change; an applied run writes
everything and one consultation record in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..domain.enums import TaskingStatus
from ..i18n import N_, _, ngettext
from ..security.policy import Operation, require
from ..store import Executor, Transaction
from ..store.queries import conversation as cq
from ..store.queries import retention as q
from .caller import Caller

CLOSED = sorted(s.value for s in (TaskingStatus.COMPLETED, TaskingStatus.DECLINED, TaskingStatus.CANCELLED))


@dataclass(frozen=True)
class RetentionReport:
    cutoff: datetime
    taskings: list[dict[str, Any]]  # id, reference, status, updatedAt, hasDetails, hasOutcome, notes
    applied: bool

    def lines(self) -> list[str]:
        out = []
        for t in self.taskings:
            parts = [
                _(name)
                for name, has in ((N_("details"), t["hasDetails"]), (N_("outcome"), t["hasOutcome"]),
                                  (N_("the request form's contact and subjects"), t["hasForm"]))
                if has
            ]
            if t["notes"]:
                parts.append(ngettext("%(num)d event note", "%(num)d event notes", t["notes"]))
            facts = {"reference": t["reference"], "status": t["status"], "day": f"{t['updatedAt']:%Y-%m-%d}", "items": ", ".join(parts)}
            out.append("  " + (
                _("%(reference)s (%(status)s, last changed %(day)s): cleared %(items)s", **facts)
                if self.applied
                else _("%(reference)s (%(status)s, last changed %(day)s): would clear %(items)s", **facts)
            ))
        n, cutoff = len(self.taskings), f"{self.cutoff:%Y-%m-%d %H:%M %Z}"
        out.append(
            ngettext(
                "%(num)d closed tasking last changed before %(cutoff)s: free text removed",
                "%(num)d closed taskings last changed before %(cutoff)s: free text removed",
                n, cutoff=cutoff,
            )
            if self.applied
            else ngettext(
                "%(num)d closed tasking last changed before %(cutoff)s: dry run, nothing was changed (apply to remove its free text)",
                "%(num)d closed taskings last changed before %(cutoff)s: dry run, nothing was changed (apply to remove their free text)",
                n, cutoff=cutoff,
            )
        )
        return out


def cutoff_for(today: date, days: int, zone: str) -> datetime:
    """The start of the day `days` before today, in the services' time zone."""
    return datetime.combine(today - timedelta(days=days), time.min, ZoneInfo(zone))


async def apply_retention(executor: Executor, caller: Caller, *, cutoff: datetime, apply: bool = False) -> RetentionReport:
    require(caller.identity, Operation.MANAGE_DIRECTORY)
    params = {"closed": CLOSED, "cutoff": cutoff}
    if not apply:

        async def dry(tx: Transaction) -> list[dict[str, Any]]:
            return await tx.run(q.RETAINABLE_TASKINGS, params)

        return RetentionReport(cutoff, await executor.read(dry), applied=False)
    caller.justified(N_("applying the retention period"))

    async def work(tx: Transaction) -> list[dict[str, Any]]:
        found = await tx.run(q.RETAINABLE_TASKINGS, params)
        ids = [t["id"] for t in found]
        await tx.run(q.REMOVE_FREE_TEXT, {"ids": ids})
        await tx.run(q.REMOVE_EVENT_NOTES, {"ids": ids})
        await tx.run(q.REMOVE_FORM_CONTACT, {"ids": ids})
        await tx.run(q.REMOVE_SUBJECTS, {"ids": ids})
        await tx.run(q.REMOVE_DECONFLICTIONS, {"ids": ids})
        for statement in cq.REMOVE_CONVERSATION:
            await tx.run(statement, {"ids": ids})
        await caller.record(tx, "applyRetention", ids)
        return found

    return RetentionReport(cutoff, await executor.write(work), applied=True)
