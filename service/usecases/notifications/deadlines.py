"""Deadline alerts: both sides hear when a share of the time is left and when it has passed.

The scheduler (service/notifier.py) calls `alert_deadlines` on the one worker holding the lease
(`take_lease`); the alerts' ids are derived from the tasking, the deadline and the kind, so even
two schedulers at once (a lease taken over mid-scan) queue each alert once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ...domain.lifecycle import OPEN_STATE_VALUES
from ...store import Executor, Transaction
from ...store.queries import notifications as q
from ..reads import fetch
from .kinds import Change
from .outbox import enqueue

LEASE_NAME = "deadline-alerts"
# The longest time a tasking is given that the scheduler looks ahead for (a deadline further
# than `fraction` of this away cannot be at its alert point yet).
LONGEST_TERM = timedelta(days=366)
# Taskings alerted per unit of work. Small, because the scan shares the store's writer with the
# users: each tasking costs three statements (about 8 ms on the benchmark network), so a unit of
# 200 held every request for assistance behind it for 1.5 s whenever a backlog was alerted (the
# first scan of a network that has not run one: thousands of taskings). Ten keep a user's write
# waiting at most about 80 ms; the units queue one after another, so users' writes come between.
BATCH = 10


def due_alert(created: datetime, due: datetime, now: datetime, fraction: float) -> Change | None:
    """The alert a tasking is at: passed, approaching (`fraction` of its time or less left), or none."""
    if due <= now:
        return Change.DEADLINE_PASSED
    if due - now <= (due - created) * fraction:
        return Change.DEADLINE_APPROACHING
    return None


def _change_id(tasking: str, due: datetime, change: Change) -> str:
    # The deadline is part of the change: a deadline moved later (a delay) is alerted again.
    return f"{tasking}|{due.isoformat()}|{change.value}"


async def alert_deadlines(executor: Executor, now: datetime, fraction: float) -> int:
    """Queue the alerts every open tasking has reached and not had yet; how many taskings."""
    candidates = await fetch(
        executor,
        q.DEADLINE_CANDIDATES,
        {"openStates": OPEN_STATE_VALUES, "horizon": now + LONGEST_TERM * fraction},
    )
    wanted = {}
    for row in candidates:
        change = due_alert(row["createdAt"], row["dueBy"], now, fraction)
        if change is not None:
            wanted[row["id"]] = (change, row["dueBy"])
    if not wanted:
        return 0
    had = await fetch(
        executor,
        q.ALERTS_OF_TASKINGS,
        {"ids": sorted(wanted), "kinds": [Change.DEADLINE_APPROACHING.value, Change.DEADLINE_PASSED.value]},
    )
    done = {(r["tasking"], r["kind"], r["dueBy"]) for r in had}
    # Passed implies approaching: a tasking whose deadline passed is not told it approaches.
    todo = [
        (tasking, change, due)
        for tasking, (change, due) in wanted.items()
        if (tasking, change.value, due) not in done and (tasking, Change.DEADLINE_PASSED.value, due) not in done
    ]
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]

        async def work(tx: Transaction, batch=batch) -> None:
            for tasking, change, due in batch:
                await enqueue(tx, change=change, change_id=_change_id(tasking, due, change), tasking_id=tasking, now=now)

        await executor.write(work)
    return len(todo)


async def take_lease(executor: Executor, holder: str, now: datetime, ttl: timedelta, name: str = LEASE_NAME) -> bool:
    """Whether `holder` holds the deployment-wide duty now (taken if free or expired, else renewed)."""

    async def work(tx: Transaction) -> bool:
        rows = await tx.run(q.TAKE_LEASE, {"name": name, "holder": holder, "now": now, "until": now + ttl})
        return bool(rows)

    return await executor.write(work)
