"""The tasking state machine (design: "Tasking lifecycle")."""

from __future__ import annotations

from datetime import datetime, timedelta

from .enums import Priority, TaskingAction, TaskingStatus

S, A = TaskingStatus, TaskingAction
# The open states in which the deadline clock runs; AWAITING_INFORMATION stops it (the LO waits for
# the requester's answer, and dueBy moves by the time waited when the answer comes).
CLOCK_RUNNING = frozenset({S.REQUESTED, S.ACCEPTED, S.IN_PROGRESS})
OPEN_STATES = CLOCK_RUNNING | {S.AWAITING_INFORMATION}
CLOSED_STATES = frozenset({S.DECLINED, S.COMPLETED, S.CANCELLED})

# action -> (states it may be taken from, state it leads to)
TRANSITIONS: dict[TaskingAction, tuple[frozenset[TaskingStatus], TaskingStatus]] = {
    A.ACCEPTED: (frozenset({S.REQUESTED}), S.ACCEPTED),
    A.DECLINED: (frozenset({S.REQUESTED}), S.DECLINED),
    A.STARTED: (frozenset({S.ACCEPTED}), S.IN_PROGRESS),
    A.COMPLETED: (frozenset({S.IN_PROGRESS}), S.COMPLETED),
    A.CANCELLED: (OPEN_STATES, S.CANCELLED),
    # The requester may change the request until the LO has accepted it.
    A.AMENDED: (frozenset({S.REQUESTED}), S.REQUESTED),
    # A new assignee starts over: the request goes back to REQUESTED. Not while a question waits
    # for its answer: the answer (or a cancellation) comes first.
    A.REASSIGNED: (CLOCK_RUNNING, S.REQUESTED),
    # The LO asks the requester once they have taken the request on.
    A.INFORMATION_REQUESTED: (frozenset({S.ACCEPTED, S.IN_PROGRESS}), S.AWAITING_INFORMATION),
    # The requester sends a declined request to another LO, who starts over.
    A.REDIRECTED: (frozenset({S.DECLINED}), S.REQUESTED),
}

# Back to the state the question interrupted (kept on the tasking): the target is not fixed.
RESUMING: dict[TaskingAction, frozenset[TaskingStatus]] = {
    A.INFORMATION_PROVIDED: frozenset({S.AWAITING_INFORMATION}),
}

# Events that change no state, and the states they may be recorded in.
IN_PLACE: dict[TaskingAction, frozenset[TaskingStatus]] = {
    A.CONSENT_RECORDED: frozenset(TaskingStatus),
    A.DECONFLICTED: frozenset(TaskingStatus),
    A.MESSAGE_POSTED: frozenset(TaskingStatus),
    # Only while the clock runs: waiting for an answer already moves the deadline.
    A.DELAY_ANNOUNCED: CLOCK_RUNNING,
    A.HANDED_OVER: OPEN_STATES,
}
# Events that record something about a tasking in any state, closed ones too, and move no state.
STATUS_KEEPING = frozenset(action for action, states in IN_PLACE.items() if states == frozenset(TaskingStatus))

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
    A.INFORMATION_REQUESTED: ("ask a question on", "asking a question on"),
    A.INFORMATION_PROVIDED: ("answer a question on", "answering a question on"),
    A.MESSAGE_POSTED: ("post a message on", "posting a message on"),
    A.DELAY_ANNOUNCED: ("announce a delay on", "announcing a delay on"),
    A.REDIRECTED: ("redirect", "redirecting"),
    A.HANDED_OVER: ("hand over", "handing over"),
}


def verb(action: TaskingAction) -> str:
    """"accept" for ACCEPTED: for "cannot accept a tasking that is ..."."""
    return VERBS[action][0]


def gerund(action: TaskingAction) -> str:
    """"accepting" for ACCEPTED: for "accepting a tasking needs a justification"."""
    return VERBS[action][1]


def sources(action: TaskingAction) -> frozenset[TaskingStatus]:
    """The states the action may be taken in."""
    if action in TRANSITIONS:
        return TRANSITIONS[action][0]
    return RESUMING.get(action) or IN_PLACE[action]


class IllegalTransition(ValueError):
    def __init__(self, current: TaskingStatus, action: TaskingAction) -> None:
        allowed = ", ".join(sorted(s.value for s in sources(action)))
        super().__init__(f"cannot {verb(action)} a tasking that is {current.value}; allowed from {allowed}")
        self.current = current
        self.action = action


def next_status(current: TaskingStatus, action: TaskingAction, resume: TaskingStatus | None = None) -> TaskingStatus:
    """The state after the action; `resume`: the state a question interrupted (INFORMATION_PROVIDED)."""
    if action is A.REQUESTED:
        raise ValueError("REQUESTED opens a tasking; it is not a transition")
    if current not in sources(action):
        raise IllegalTransition(current, action)
    if action in IN_PLACE:
        return current  # an event of the tasking that changes no state
    if action in RESUMING:
        if resume not in CLOCK_RUNNING:
            raise ValueError(f"cannot resume to {resume}")
        return resume
    return TRANSITIONS[action][1]


def default_due_by(priority: Priority, created_at: datetime, deadlines: dict[Priority, timedelta] | None = None) -> datetime:
    return created_at + (deadlines or DEFAULT_DEADLINES)[priority]


def is_overdue(status: TaskingStatus, due_by: datetime, now: datetime, awaiting_since: datetime | None = None) -> bool:
    """Open and past dueBy; while it awaits information the clock stands still at `awaiting_since`."""
    if status is S.AWAITING_INFORMATION:
        return awaiting_since is not None and due_by < awaiting_since
    return status in CLOCK_RUNNING and due_by < now
