"""The tasking state machine (design: "Tasking lifecycle")."""

from __future__ import annotations

from datetime import datetime, timedelta

from .enums import Priority, TaskingAction, TaskingStatus
from ..i18n import N_, _

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
}

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
}


class IllegalTransition(ValueError):
    def __init__(self, current: TaskingStatus, action: TaskingAction) -> None:
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[action][0]))
        super().__init__(_(CANNOT[action], status=current.value, allowed=allowed))
        self.current = current
        self.action = action


def next_status(current: TaskingStatus, action: TaskingAction) -> TaskingStatus:
    if action is A.REQUESTED:
        raise ValueError("REQUESTED opens a tasking; it is not a transition")
    if action is A.CONSENT_RECORDED:
        return current  # an event of the tasking, in any state, that changes no state
    sources, target = TRANSITIONS[action]
    if current not in sources:
        raise IllegalTransition(current, action)
    return target


def default_due_by(priority: Priority, created_at: datetime, deadlines: dict[Priority, timedelta] | None = None) -> datetime:
    return created_at + (deadlines or DEFAULT_DEADLINES)[priority]


def is_overdue(status: TaskingStatus, due_by: datetime, now: datetime) -> bool:
    return status in OPEN_STATES and due_by < now
