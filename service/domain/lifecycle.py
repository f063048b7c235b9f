"""The tasking state machine (design: "Tasking lifecycle")."""

from __future__ import annotations

from datetime import datetime, timedelta

from .enums import Priority, TaskingAction, TaskingStatus
from ..i18n import N_, _

S, A = TaskingStatus, TaskingAction
# The open states in which the deadline clock runs; AWAITING_INFORMATION stops it (the LO waits for
# the requester's answer, and dueBy moves by the time waited when the answer comes).
CLOCK_RUNNING = frozenset({S.REQUESTED, S.ACCEPTED, S.IN_PROGRESS})
OPEN_STATES = CLOCK_RUNNING | {S.AWAITING_INFORMATION}
CLOSED_STATES = frozenset({S.DECLINED, S.COMPLETED, S.CANCELLED})
# The open states as statements take them (a parameter list, in a stable order); never mutated.
OPEN_STATE_VALUES = sorted(s.value for s in OPEN_STATES)

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


# Each action refused in a state, as a whole sentence (each language builds its own; translated
# where raised). REQUESTED and CONSENT_RECORDED are never refused by the state machine.
CANNOT: dict[TaskingAction, str] = {
    A.ACCEPTED: N_("cannot accept a tasking that is %(status)s; allowed from %(allowed)s"),
    A.DECLINED: N_("cannot decline a tasking that is %(status)s; allowed from %(allowed)s"),
    A.STARTED: N_("cannot start a tasking that is %(status)s; allowed from %(allowed)s"),
    A.COMPLETED: N_("cannot complete a tasking that is %(status)s; allowed from %(allowed)s"),
    A.CANCELLED: N_("cannot cancel a tasking that is %(status)s; allowed from %(allowed)s"),
    A.REASSIGNED: N_("cannot reassign a tasking that is %(status)s; allowed from %(allowed)s"),
    A.AMENDED: N_("cannot amend a tasking that is %(status)s; allowed from %(allowed)s"),
    A.INFORMATION_REQUESTED: N_("cannot ask a question on a tasking that is %(status)s; allowed from %(allowed)s"),
    A.INFORMATION_PROVIDED: N_("cannot answer a question on a tasking that is %(status)s; allowed from %(allowed)s"),
    A.DELAY_ANNOUNCED: N_("cannot announce a delay on a tasking that is %(status)s; allowed from %(allowed)s"),
    A.REDIRECTED: N_("cannot redirect a tasking that is %(status)s; allowed from %(allowed)s"),
    A.HANDED_OVER: N_("cannot hand over a tasking that is %(status)s; allowed from %(allowed)s"),
}

# What an action is, as the subject of "... needs a justification" (service/usecases/audit.py).
DOING: dict[TaskingAction, str] = {
    A.REQUESTED: N_("requesting assistance"),
    A.ACCEPTED: N_("accepting a tasking"),
    A.DECLINED: N_("declining a tasking"),
    A.STARTED: N_("starting a tasking"),
    A.COMPLETED: N_("completing a tasking"),
    A.CANCELLED: N_("cancelling a tasking"),
    A.REASSIGNED: N_("reassigning a tasking"),
    A.CONSENT_RECORDED: N_("recording consent on a tasking"),
    A.AMENDED: N_("amending a tasking"),
    A.INFORMATION_REQUESTED: N_("asking a question on a tasking"),
    A.INFORMATION_PROVIDED: N_("answering a question on a tasking"),
    A.MESSAGE_POSTED: N_("posting a message on a tasking"),
    A.DELAY_ANNOUNCED: N_("announcing a delay on a tasking"),
    A.REDIRECTED: N_("redirecting a tasking"),
    A.HANDED_OVER: N_("handing over taskings"),
}


def sources(action: TaskingAction) -> frozenset[TaskingStatus]:
    """The states the action may be taken in."""
    if action in TRANSITIONS:
        return TRANSITIONS[action][0]
    return RESUMING.get(action) or IN_PLACE[action]


class IllegalTransition(ValueError):
    def __init__(self, current: TaskingStatus, action: TaskingAction) -> None:
        allowed = ", ".join(sorted(s.value for s in sources(action)))
        super().__init__(_(CANNOT[action], status=current.value, allowed=allowed))
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
