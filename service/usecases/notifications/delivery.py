"""Mailing the outbox: claim a notification, send it, mark it delivered or retry it later.

A worker claims a notification for a while before sending (of several workers only one gets it);
if it dies after claiming, the claim expires and another worker sends it. The mail's Message-ID
is derived from the notification's id, so even a mail sent again after a crash between the SMTP
server's acceptance and the mark (the one window no outbox closes) is recognised as the same
message by mail servers and clients that deduplicate.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Protocol
from zoneinfo import ZoneInfo

from ...store import Executor, Transaction
from ...store.queries import notifications as q
from ..reads import fetch
from .kinds import NotificationKind
from .outbox import EmailStatus
from .texts import mail_text

log = logging.getLogger("lonet.notifications")

LONGEST_BACKOFF = timedelta(hours=1)


class MailNotSent(Exception):
    """The SMTP server could not be reached or refused the mail (retried later)."""


class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None: ...


@dataclass(frozen=True)
class MailSettings:
    sender: str
    links: Mapping[str, str]  # by NotificationSubjectKind: the address of what a notification is about, with {id} in it
    timezone: str
    retry: timedelta  # the first retry's delay, doubled each time
    max_attempts: int
    claim: timedelta  # how long a worker holds a notification while it sends it


@dataclass
class DeliveryTally:
    """This process's counts, for /metrics."""

    delivered: int = 0
    failed_attempts: int = 0
    given_up: int = 0
    outbox: dict[str, int] = field(default_factory=dict)  # the store's counts by status
    oldest_undelivered: datetime | None = None


def backoff(attempts: int, first: timedelta) -> timedelta:
    """The wait before the next attempt: `first`, doubled after each failure, at most an hour."""
    return min(first * (2 ** max(attempts - 1, 0)), LONGEST_BACKOFF)


def compose(row: dict, settings: MailSettings) -> EmailMessage:
    """The mail of one notification: reference, kind, deadline, link; nothing of the request's or
    the notice's content."""
    due = row["dueBy"]
    deadline = due.astimezone(ZoneInfo(settings.timezone)).strftime("%Y-%m-%d %H:%M %Z") if due else "-"
    subject, body = mail_text(
        row["language"],
        NotificationKind(row["kind"]),
        reference=row["reference"],
        deadline=deadline,
        link=settings.links[row["subjectKind"]].format(id=row["subjectId"]),
    )
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = row["email"]
    message["Subject"] = subject
    message["Message-ID"] = f"<{row['id']}@lonet>"
    message["Content-Language"] = row["language"]
    message.set_content(body)
    return message


async def deliver_due(
    executor: Executor, mailer: Mailer, settings: MailSettings, worker: str, now: Callable[[], datetime], tally: DeliveryTally
) -> int:
    """Send every notification due now (claimed one by one); how many were delivered."""
    due = await fetch(executor, q.DUE, {"now": now(), "batchSize": 100})
    delivered = 0
    for row in due:
        delivered += await _deliver_one(executor, mailer, settings, worker, now, tally, row["id"])
    return delivered


async def _deliver_one(
    executor: Executor, mailer: Mailer, settings: MailSettings, worker: str, now: Callable[[], datetime], tally: DeliveryTally,
    notification_id: str,
) -> int:
    at = now()

    async def claim(tx: Transaction) -> list[dict]:
        return await tx.run(q.CLAIM, {"id": notification_id, "now": at, "until": at + settings.claim, "worker": worker})

    claimed = await executor.write(claim)
    if not claimed:
        return 0  # another worker has it, or had it
    row = claimed[0]
    try:
        await mailer.send(compose(row, settings))
    except MailNotSent as exc:
        tally.failed_attempts += 1
        final = row["attempts"] >= settings.max_attempts
        status = EmailStatus.FAILED if final else EmailStatus.PENDING
        if final:
            tally.given_up += 1
        log.warning("notification %s not mailed (attempt %s): %s", notification_id, row["attempts"], exc)

        async def failed(tx: Transaction) -> None:
            await tx.run(
                q.ATTEMPT_FAILED,
                {
                    "id": notification_id,
                    "worker": worker,
                    "status": status,
                    "next": now() + backoff(row["attempts"], settings.retry),
                    "error": str(exc)[:500],
                },
            )

        await executor.write(failed)
        return 0

    async def delivered(tx: Transaction) -> None:
        await tx.run(q.DELIVERED, {"id": notification_id, "worker": worker, "now": now(), "error": None})

    await executor.write(delivered)
    tally.delivered += 1
    return 1


async def count_outbox(executor: Executor, tally: DeliveryTally) -> None:
    """The store's counts by status and the oldest undelivered one's age (for /metrics)."""
    rows = await fetch(executor, q.OUTBOX_COUNTS, {})
    tally.outbox = {r["status"]: r["count"] for r in rows}
    waiting = [r["oldest"] for r in rows if r["status"] in (EmailStatus.PENDING, EmailStatus.SENDING) and r["oldest"]]
    tally.oldest_undelivered = min(waiting) if waiting else None
