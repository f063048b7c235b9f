"""A user's own notifications in the API: the list, marking read, the live stream, settings."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ...errors import BadUserInput
from ...events import EventBus
from ...i18n import _
from ...security.identity import Identity
from ...store import Executor, Transaction
from ...store.queries import notifications as q
from ..caller import Caller
from ..pages import Page, check_page_size, decode_time_cursor, time_cursor
from ..reads import fetch
from .kinds import NotificationKind, NotificationSubjectKind
from .outbox import own_recipient, recipients_of
from .texts import LANGUAGES

MAX_PAGE = 100
MAX_MARKED = 500
# The live stream looks again at least this often (deadline alerts are written by the scheduler,
# not by a change on the bus), and goes back this far (commits land slightly out of order).
STREAM_POLL_SECONDS = 5.0
STREAM_OVERLAP = timedelta(seconds=10)


class Notification(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    recipient: str
    kind: NotificationKind
    subjectKind: NotificationSubjectKind
    subjectId: str
    tasking: str | None  # the tasking's id when it is about one
    reference: str
    dueBy: datetime | None
    createdAt: datetime
    readAt: datetime | None
    emailStatus: str


class NotificationSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    emailOff: list[NotificationKind] = Field(default_factory=list, max_length=len(NotificationKind))
    language: Annotated[str, StringConstraints(to_lower=True)] | None = None


def _cursor(n: Notification) -> str:
    return time_cursor(n.createdAt, n.id)


async def my_notifications(
    executor: Executor, identity: Identity, first: int, after: str | None, unread_only: bool, now: datetime
) -> Page[Notification]:
    """The caller's own notifications, newest first (nobody reads another's)."""
    first = check_page_size(first, MAX_PAGE)
    cursor_at, cursor_id = decode_time_cursor(after) if after else (now, "")
    rows = await fetch(
        executor,
        q.MINE,
        {
            "recipients": recipients_of(identity),
            "unreadOnly": unread_only,
            "useCursor": after is not None,
            "cursorAt": cursor_at,
            "cursorId": cursor_id,
            "pageSize": first + 1,
        },
    )
    return Page.of([Notification.model_validate(r) for r in rows], first, _cursor)


async def mark_read(executor: Executor, caller: Caller, ids: list[str]) -> list[Notification]:
    """Marks the caller's own notifications read; ids of anyone else's are ignored (as unknown)."""
    if not ids:
        raise BadUserInput(_("ids lists no notification"), field="ids")
    if len(ids) > MAX_MARKED:
        raise BadUserInput(_("ids lists more than %(max)d notifications", max=MAX_MARKED), field="ids")
    now = caller.now()

    async def work(tx: Transaction) -> list[Notification]:
        rows = await tx.run(q.MARK_READ, {"ids": sorted(set(ids)), "recipients": recipients_of(caller.identity), "now": now})
        await caller.record(tx, "markNotificationsRead", [r["id"] for r in rows])
        return [Notification.model_validate(r) for r in rows]

    return await executor.write(work)


async def settings_of(executor: Executor, identity: Identity) -> NotificationSettings:
    rows = await fetch(executor, q.SETTINGS_OF, {"recipients": [own_recipient(identity)]})
    if not rows:
        return NotificationSettings()
    return NotificationSettings(emailOff=rows[0]["emailOff"] or [], language=rows[0]["language"])


async def save_settings(executor: Executor, caller: Caller, wanted: NotificationSettings) -> NotificationSettings:
    """The caller's own choices: the kinds they do not want by e-mail, and their language."""
    if wanted.language is not None and wanted.language not in LANGUAGES:
        raise BadUserInput(
            _("language must be one of %(languages)s, not %(language)r", languages=", ".join(LANGUAGES), language=wanted.language),
            field="language",
        )
    recipient = own_recipient(caller.identity)

    async def work(tx: Transaction) -> NotificationSettings:
        rows = await tx.run(
            q.SAVE_PREFERENCES,
            {"recipient": recipient, "emailOff": sorted({k.value for k in wanted.emailOff}), "language": wanted.language},
        )
        await caller.record(tx, "setNotificationSettings", [recipient])
        return NotificationSettings(emailOff=rows[0]["emailOff"] or [], language=rows[0]["language"])

    return await executor.write(work)


async def added(
    executor: Executor, bus: EventBus | None, identity: Identity, now: datetime
) -> AsyncIterator[Notification]:
    """Each notification of the caller's written from now on: looked for when the bus tells of a
    committed change (any worker's, through the broker) and every few seconds (the scheduler's
    deadline alerts), so every worker's subscribers hear every notification."""
    recipients = recipients_of(identity)
    seen: dict[str, datetime] = {}
    since = now
    wake = asyncio.Event()

    async def listen() -> None:
        if bus is None:
            return
        async for _ in bus.subscribe():
            wake.set()

    listener = asyncio.create_task(listen())
    try:
        # What was there before the stream began is not news.
        for row in await fetch(executor, q.MINE_SINCE, {"recipients": recipients, "since": since - STREAM_OVERLAP}):
            seen[row["id"]] = row["createdAt"]
        while True:
            rows = await fetch(executor, q.MINE_SINCE, {"recipients": recipients, "since": since - STREAM_OVERLAP})
            for row in rows:
                if row["id"] in seen:
                    continue
                notification = Notification.model_validate(row)
                seen[notification.id] = notification.createdAt
                yield notification
            horizon = since - STREAM_OVERLAP
            seen = {k: v for k, v in seen.items() if v >= horizon}
            if rows:
                since = max(since, max(r["createdAt"] for r in rows))
            try:
                await asyncio.wait_for(wake.wait(), STREAM_POLL_SECONDS)
            except TimeoutError:
                pass
            wake.clear()
    finally:
        listener.cancel()
