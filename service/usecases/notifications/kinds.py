"""Who hears of which change, and as what kind of notification: the one table to extend.

A change is named by a string: a TaskingAction's value (REQUESTED, ACCEPTED ...) or one of the
changes below that are no tasking action. To let a new kind of change notify somebody (issue 17:
CLARIFICATION_ASKED -> the requesting side, CLARIFICATION_ANSWERED and MESSAGE -> the assigned LO,
DELAY_ANNOUNCED -> the requesting side, REDIRECTED and HANDED_OVER -> the new assignee), add a
NotificationKind, a row to WHO_HEARS, its texts (texts.py), and call `outbox.enqueue` with the
change's id in the unit of work that makes it. A notification about something else than a
tasking (a threat notice) names its NotificationSubjectKind and is queued with `outbox.enqueue_about`.
"""

from __future__ import annotations

from enum import StrEnum

from ...domain.enums import TaskingAction


class NotificationKind(StrEnum):
    NEW_REQUEST = "NEW_REQUEST"  # the assigned LO: a request for them
    DEPUTY_REQUEST = "DEPUTY_REQUEST"  # a deputy: a request for them because the principal is away
    REASSIGNED_TO_YOU = "REASSIGNED_TO_YOU"  # the new assignee of a reassigned request
    ACCEPTED = "ACCEPTED"  # the requesting side
    DECLINED = "DECLINED"
    COMPLETED = "COMPLETED"
    DEADLINE_APPROACHING = "DEADLINE_APPROACHING"  # both sides
    DEADLINE_PASSED = "DEADLINE_PASSED"
    # The conversation on a request (issue 17).
    INFORMATION_REQUESTED = "INFORMATION_REQUESTED"  # the requesting side: the LO asks a question
    INFORMATION_PROVIDED = "INFORMATION_PROVIDED"  # the assigned LO: the requester answered
    MESSAGE = "MESSAGE"  # the other side of the conversation: a message was posted
    DELAY_ANNOUNCED = "DELAY_ANNOUNCED"  # the requesting side: a later deadline
    REDIRECTED_TO_YOU = "REDIRECTED_TO_YOU"  # the new assignee of a redirected request
    HANDED_OVER_TO_YOU = "HANDED_OVER_TO_YOU"  # the new assignee of a handed-over request
    # Threat notices (issue 21): told by service/usecases/notices, not by a tasking's change.
    NOTICE_ISSUED = "NOTICE_ISSUED"  # an addressed service (its mailbox): a notice to read
    NOTICE_ACKNOWLEDGED = "NOTICE_ACKNOWLEDGED"  # the issuer: every addressed service acknowledged


class NotificationSubjectKind(StrEnum):
    """What a notification is about (its subjectId is that record's id)."""

    TASKING = "TASKING"
    NOTICE = "NOTICE"


NOTICE_KINDS = frozenset({NotificationKind.NOTICE_ISSUED, NotificationKind.NOTICE_ACKNOWLEDGED})


def subject_kind_of(kind: NotificationKind) -> NotificationSubjectKind:
    return NotificationSubjectKind.NOTICE if kind in NOTICE_KINDS else NotificationSubjectKind.TASKING


class Audience(StrEnum):
    ASSIGNEE = "ASSIGNEE"  # the LO the tasking is assigned to (after the change)
    REQUESTER = "REQUESTER"  # the requester (token e-mail), else the requesting service's mailbox


class Change(StrEnum):
    """Changes that are no tasking action (those are named by TaskingAction's values)."""

    REQUESTED_OF_DEPUTY = "REQUESTED_OF_DEPUTY"  # REQUESTED, to a deputy standing in for the principal
    DEADLINE_APPROACHING = "DEADLINE_APPROACHING"  # the scheduler: this share of the time is left
    DEADLINE_PASSED = "DEADLINE_PASSED"  # the scheduler: the deadline passed, the tasking is open
    # MESSAGE_POSTED, told apart by who wrote it: the other side hears of it.
    MESSAGE_FROM_REQUESTER = "MESSAGE_FROM_REQUESTER"
    MESSAGE_FROM_ASSIGNEE = "MESSAGE_FROM_ASSIGNEE"


A, R, K = Audience.ASSIGNEE, Audience.REQUESTER, NotificationKind

WHO_HEARS: dict[str, tuple[tuple[Audience, NotificationKind], ...]] = {
    TaskingAction.REQUESTED: ((A, K.NEW_REQUEST),),
    Change.REQUESTED_OF_DEPUTY: ((A, K.DEPUTY_REQUEST),),
    TaskingAction.REASSIGNED: ((A, K.REASSIGNED_TO_YOU),),
    TaskingAction.ACCEPTED: ((R, K.ACCEPTED),),
    TaskingAction.DECLINED: ((R, K.DECLINED),),
    TaskingAction.COMPLETED: ((R, K.COMPLETED),),
    Change.DEADLINE_APPROACHING: ((A, K.DEADLINE_APPROACHING), (R, K.DEADLINE_APPROACHING)),
    Change.DEADLINE_PASSED: ((A, K.DEADLINE_PASSED), (R, K.DEADLINE_PASSED)),
    TaskingAction.INFORMATION_REQUESTED: ((R, K.INFORMATION_REQUESTED),),
    TaskingAction.INFORMATION_PROVIDED: ((A, K.INFORMATION_PROVIDED),),
    Change.MESSAGE_FROM_REQUESTER: ((A, K.MESSAGE),),
    Change.MESSAGE_FROM_ASSIGNEE: ((R, K.MESSAGE),),
    TaskingAction.DELAY_ANNOUNCED: ((R, K.DELAY_ANNOUNCED),),
    TaskingAction.REDIRECTED: ((A, K.REDIRECTED_TO_YOU),),
    TaskingAction.HANDED_OVER: ((A, K.HANDED_OVER_TO_YOU),),
}
