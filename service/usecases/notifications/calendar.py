"""An LO's calendar (iCalendar): their availability windows and the due dates of their open
taskings, at GET /calendar/<token>.ics. The token is the LO's own, revocable: a new one replaces
the old, and the store keeps only its hash. Entries carry the reference, never the request's
title or details (a calendar travels to phones and calendar services)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from icalendar import Calendar, Event

from ...domain.lifecycle import OPEN_STATE_VALUES
from ...errors import Forbidden
from ...i18n import _, speaking
from ...store import Executor, Transaction
from ...store.queries import notifications as q
from ..caller import Caller
from ..reads import fetch
from .outbox import officer_recipient
from ...domain.gatherings import ATTENDANCE_STATUS
from ...store.queries import gatherings as gq
from .texts import CALENDAR_DUE, CALENDAR_GATHERING, CALENDAR_WINDOW, recipient_lang


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _officer_of(caller: Caller) -> str:
    officer = caller.identity.officer_id
    if officer is None:
        raise Forbidden(_("calendars are for liaison officers: their windows and the due dates of their taskings"))
    return officer


async def _set_token(executor: Executor, caller: Caller, token_hash: str | None, operation: str) -> None:
    officer = _officer_of(caller)

    async def work(tx: Transaction) -> None:
        await tx.run(q.SET_CALENDAR_TOKEN, {"recipient": officer_recipient(officer), "hash": token_hash, "officer": officer})
        await caller.record(tx, operation, [officer])

    await executor.write(work)


async def issue_token(executor: Executor, caller: Caller) -> str:
    """A new calendar token for the calling LO; the one they had stops working."""
    token = secrets.token_urlsafe(32)
    await _set_token(executor, caller, _hash(token), "issueCalendarToken")
    return token


async def revoke_token(executor: Executor, caller: Caller) -> None:
    await _set_token(executor, caller, None, "revokeCalendarToken")


async def calendar_of_token(executor: Executor, token: str, now: datetime, link: str) -> bytes | None:
    """The .ics of the token's LO, or None for a token nobody holds (revoked, replaced, made up)."""
    if not token or len(token) > 100:
        return None
    owners = await fetch(executor, q.OFFICER_BY_CALENDAR_TOKEN, {"hash": _hash(token)})
    if not owners:
        return None
    officer = owners[0]["officer"]
    # The same windows as search and the officer's record: absences and the gatherings attended.
    windows = await fetch(executor, gq.WINDOWS_OF_OFFICER, {"id": officer, "attendanceStatus": ATTENDANCE_STATUS.value})
    taskings = await fetch(executor, q.OPEN_TASKINGS_OF_OFFICER, {"officer": officer, "openStates": OPEN_STATE_VALUES})
    settings = await fetch(executor, q.SETTINGS_OF, {"recipients": [officer_recipient(officer)]})
    with speaking(recipient_lang(settings[0]["language"] if settings else None)):  # the LO's, not the request's
        return _calendar(officer, windows, taskings, now, link)


def _calendar(officer: str, windows: list[dict[str, Any]], taskings: list[dict[str, Any]], now: datetime, link: str) -> bytes:
    """The .ics of the officer's windows and due dates, its texts in the language being spoken."""
    calendar = Calendar()
    calendar.add("prodid", "-//lonet//liaison officer calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"lonet {officer}")
    for window in windows:
        event = Event()
        event.add("uid", f"{window['id']}@lonet")
        event.add("dtstamp", now)
        event.add("dtstart", window["startsOn"])
        event.add("dtend", window["endsOn"] + timedelta(days=1))  # all-day: the end is exclusive
        status = window["status"]
        label = _(CALENDAR_WINDOW[status]) if status in CALENDAR_WINDOW else status
        event.add("summary", _(CALENDAR_GATHERING, status=label, gathering=window["note"]) if window["attending"] else label)
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    for tasking in taskings:
        event = Event()
        event.add("uid", f"{tasking['id']}-due@lonet")
        event.add("dtstamp", now)
        event.add("dtstart", tasking["dueBy"])
        event.add("dtend", tasking["dueBy"])
        event.add("summary", _(CALENDAR_DUE, reference=tasking["reference"]))
        event.add("url", link.format(tasking=tasking["id"]))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
