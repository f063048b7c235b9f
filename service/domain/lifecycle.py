"""The tasking state machine (design: "Tasking lifecycle")."""

from __future__ import annotations

from datetime import datetime, timedelta

from .enums import Priority, TaskingAction, TaskingStatus

S, A = TaskingStatus, TaskingAction
OPEN_STATES = frozenset({S.REQUESTED, S.ACCEPTED, S.IN_PROGRESS})
CLOSED_STATES = frozenset({S.DECLINED, S.COMPLETED, S.CANCELLED})

# action -> (states it may be taken from, state it leads to)
TRANSITIONS: dict[TaskingAction, tuple[frozenset[TaskingStatus], TaskingStatus]] = {
    A.ACCEPTED: (frozenset({S.REQUESTED}), S.ACCEPTED),
    A.DECLINED: (frozenset({S.REQUESTED}), S.DECLINED),
    A.STARTED: (frozenset({S.ACCEPTED}), S.IN_PROGRESS),
    A.COMPLETED: (frozenset({S.IN_PROGRESS}), S.COMPLETED),
    A.CANCELLED: (OPEN_STATES, S.CANCELLED),
    # A new assignee starts over: the request goes back to REQUESTED.
    A.REASSIGNED: (OPEN_STATES, S.REQUESTED),
    # The requester may change the request until the LO has accepted it.
    A.AMENDED: (frozenset({S.REQUESTED}), S.REQUESTED),
}
# Events that record something about a tasking in any state and move no state.
STATUS_KEEPING = frozenset({A.CONSENT_RECORDED, A.DECONFLICTED})

# The defaults for dueBy outside the EU, by priority (LONET_DEADLINE_*_HOURS); requests to EU Member
# States follow Directive (EU) 2023/977 (service/domain/deadlines.py).
DEFAULT_DEADLINES: dict[Priority, timedelta] = {
    Priority.IMMEDIATE: timedelta(hours=8),
    Priority.URGENT: timedelta(days=3),
    Priority.ROUTINE: timedelta(days=7),
}


# The actions as English verbs (the enum values are past participles: "cannot completed" was wrong).
VERBS: dict[TaskingAction, tuple[str, str]] = {
    A.REQUESTED: ("request", "requesting"),
    A.ACCEPTED: ("accept", "accepting"),
    A.DECLINED: ("decline", "declining"),
    A.STARTED: ("start", "starting"),
    A.COMPLETED: ("complete", "completing"),
    A.CANCELLED: ("cancel", "cancelling"),
    A.REASSIGNED: ("reassign", "reassigning"),
    A.CONSENT_RECORDED: ("record consent on", "recording consent on"),
    A.AMENDED: ("amend", "amending"),
    A.DECONFLICTED: ("deconflict", "deconflicting"),
}


def verb(action: TaskingAction) -> str:
    """"accept" for ACCEPTED: for "cannot accept a tasking that is ..."."""
    return VERBS[action][0]


def gerund(action: TaskingAction) -> str:
    """"accepting" for ACCEPTED: for "accepting a tasking needs a justification"."""
    return VERBS[action][1]


class IllegalTransition(ValueError):
    def __init__(self, current: TaskingStatus, action: TaskingAction) -> None:
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[action][0]))
        super().__init__(f"cannot {verb(action)} a tasking that is {current.value}; allowed from {allowed}")
        self.current = current
        self.action = action


def next_status(current: TaskingStatus, action: TaskingAction) -> TaskingStatus:
    if action is A.REQUESTED:
        raise ValueError("REQUESTED opens a tasking; it is not a transition")
    if action in STATUS_KEEPING:
        return current  # an event of the tasking, in any state, that changes no state
    sources, target = TRANSITIONS[action]
    if current not in sources:
        raise IllegalTransition(current, action)
    return target


def default_due_by(priority: Priority, created_at: datetime, deadlines: dict[Priority, timedelta] | None = None) -> datetime:
    return created_at + (deadlines or DEFAULT_DEADLINES)[priority]


def is_overdue(status: TaskingStatus, due_by: datetime, now: datetime) -> bool:
    return status in OPEN_STATES and due_by < now
