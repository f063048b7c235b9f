"""Messages on a request, between the requesting service and the assigned LO, nobody else.

A message changes no state and no version (a message must not make the other side's next
transition a CONFLICT); it is written with a MESSAGE_POSTED event and its consultation record,
and subscribers of `taskingUpdated` hear of it. Every message read is in the consultation log.
"""

from __future__ import annotations

import uuid

from ...domain.enums import MessageSide, TaskingAction
from ...domain.lifecycle import DOING
from ...domain.models import Tasking
from ...errors import BadUserInput
from ...i18n import N_, _
from ...events import EventBus
from ...security.identity import Identity
from ...security.policy import Operation, Target, allowed, require
from ...store import Executor, Transaction
from ...store.queries import conversation as cq
from ..audit import AuditTrail
from ..caller import Caller
from ..pages import Page, check_page_size, decode_time_cursor, time_cursor
from ..reads import DirectoryReads, fetch
from ..notifications import outbox
from ..notifications.kinds import Change
from ..taskings import acting_on, actor_of, add_event, publish, reload, required_text, target_of
from .models import Message

A = TaskingAction
MAX_PAGE = 100
MAX_TEXT = 4000

# User-visible texts of this module (English; complete sentences, translated elsewhere).


def _message_id() -> str:
    return f"M-{uuid.uuid4().hex[:16].upper()}"


def _side(identity: Identity, tasking: Tasking) -> MessageSide:
    if allowed(identity, Operation.CONVERSE, Target(assignee=tasking.assignee)):
        return MessageSide.ASSIGNEE
    return MessageSide.REQUESTER


async def post_message(
    executor: Executor, bus: EventBus | None, caller: Caller, *, tasking_id: str, text: str | None
) -> Message:
    """A message of the requesting service or the assigned LO on the tasking, in any state."""
    caller.justified(DOING[A.MESSAGE_POSTED])
    text = required_text(text, "text", N_("the message text"))
    if len(text) > MAX_TEXT:
        raise BadUserInput(_("The message text is longer than %(max)d characters.", max=MAX_TEXT), field="text")
    identity = caller.identity

    async def work(tx: Transaction) -> tuple[Tasking, Message]:
        current = await acting_on(tx, identity, Operation.CONVERSE, tasking_id)
        target_of(current, A.MESSAGE_POSTED)  # any state: kept for the rule's single place
        now = caller.now()
        message = Message(
            id=_message_id(), tasking=tasking_id, at=now, author=actor_of(identity), side=_side(identity, current), text=text
        )
        await tx.run(cq.ADD_MESSAGE, {**message.model_dump(exclude={"tasking"}), "tasking": tasking_id})
        event_id = await add_event(tx, identity, tasking_id, A.MESSAGE_POSTED, current.status, current.status, None, now)
        heard_as = Change.MESSAGE_FROM_ASSIGNEE if message.side is MessageSide.ASSIGNEE else Change.MESSAGE_FROM_REQUESTER
        await outbox.enqueue(tx, change=heard_as, change_id=event_id, tasking_id=tasking_id, now=now, new_change=True)
        await caller.record(tx, "postMessage", [tasking_id, message.id])
        return await reload(tx, tasking_id), message

    tasking, message = await executor.write(work)
    await publish(bus, tasking, A.MESSAGE_POSTED)
    return message


def _cursor(message: Message) -> str:
    return time_cursor(message.at, message.id)


async def get_messages(
    reads: DirectoryReads, identity: Identity, trail: AuditTrail, tasking: Tasking, first: int, after: str | None
) -> Page[Message]:
    """The tasking's messages, oldest first: only for its requesting service and assigned LO."""
    require(identity, Operation.CONVERSE, Target(service=tasking.requestingService, assignee=tasking.assignee))
    first = check_page_size(first, MAX_PAGE)
    cursor_at, cursor_id = decode_time_cursor(after) if after else (tasking.createdAt, "")
    rows = await fetch(
        reads.executor,
        cq.MESSAGES_OF_TASKING,
        {"tasking": tasking.id, "useCursor": after is not None, "cursorAt": cursor_at, "cursorId": cursor_id, "pageSize": first + 1},
    )
    page = Page.of([Message.model_validate(r) for r in rows], first, _cursor)
    trail.note(Operation.CONVERSE, [m.id for m in page.items])
    return page
