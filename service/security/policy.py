"""The role x operation table (design: "Roles and scoping"), as data.

Use cases call `require` with the object they act on, so no path (GraphQL, CLI, a future
endpoint) can skip the rule; list queries ask `scope_of` what part of the data a caller may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..errors import Forbidden
from ..i18n import _
from .identity import Identity, Role


class Operation(StrEnum):
    SEARCH_DIRECTORY = "searchDirectory"  # search, officer public fields, reference lists
    READ_CONTACT_DATA = "readContactData"  # an officer's phone and e-mail (audited)
    REQUEST_TASKING = "requestTasking"
    READ_TASKING = "readTasking"
    WORK_TASKING = "workTasking"  # accept, decline, start, complete
    CANCEL_TASKING = "cancelTasking"
    REASSIGN_TASKING = "reassignTasking"
    RECORD_CONSENT = "recordConsent"  # a provider lets H2 information go further
    PROVIDE_INFORMATION = "provideInformation"  # the requester answers the LO's question
    CONVERSE = "converse"  # post and read the messages on a request
    REDIRECT_TASKING = "redirectTasking"  # send a declined request to another LO
    HAND_OVER_TASKINGS = "handOverTaskings"  # move an officer's open taskings to another
    SET_AVAILABILITY = "setAvailability"  # status, windows, deputies
    READ_ANALYTICS = "readAnalytics"  # coverage, statistics, programme reports
    MANAGE_DIRECTORY = "manageDirectory"  # officers, postings, services, imports
    READ_AUDIT_LOG = "readAuditLog"
    OWN_NOTIFICATIONS = "ownNotifications"  # one's own notifications and notification settings
    OWN_CALENDAR = "ownCalendar"  # an LO's calendar token (their windows and due dates)
    ORGANISE_GATHERING = "organiseGathering"  # create and cancel meetings, training; an LO: a local LO meeting they convene
    READ_GATHERINGS = "readGatherings"  # an LO: the gatherings they are invited to; managers: all, with attendance
    ANSWER_INVITATION = "answerInvitation"  # attending or not, with a note
    ISSUE_NOTICE = "issueNotice"  # a threat notice to Benelux services (an admin: for a multilateral desk)
    READ_NOTICE = "readNotice"  # the notices addressed to one's service (and one's own)
    ACKNOWLEDGE_NOTICE = "acknowledgeNotice"  # on behalf of one's service, an addressee


class Scope(StrEnum):
    ANY = "any"
    OWN_SERVICE = "own service"  # the object belongs to the caller's service
    OWN_COUNTRY = "own country's services"  # ... to a service of the caller's country
    SELF = "self"  # the object is the caller's own officer record
    ASSIGNED = "assigned to self"  # the tasking is assigned to the caller


INV, LO, MGR, ADM = Role.INVESTIGATOR, Role.LIAISON_OFFICER, Role.MANAGER, Role.ADMIN
A = Scope.ANY

RULES: dict[Operation, dict[Role, Scope]] = {
    Operation.SEARCH_DIRECTORY: {INV: A, LO: A, MGR: A, ADM: A},
    Operation.READ_CONTACT_DATA: {INV: A, LO: A, MGR: A, ADM: A},
    Operation.REQUEST_TASKING: {INV: Scope.OWN_SERVICE, ADM: A},
    Operation.READ_TASKING: {INV: Scope.OWN_SERVICE, LO: Scope.ASSIGNED, MGR: Scope.OWN_COUNTRY, ADM: A},
    Operation.WORK_TASKING: {LO: Scope.ASSIGNED, ADM: A},
    Operation.CANCEL_TASKING: {INV: Scope.OWN_SERVICE, ADM: A},
    # The requester may redirect their request; the assignee may hand it to a colleague.
    Operation.REASSIGN_TASKING: {INV: Scope.OWN_SERVICE, LO: Scope.ASSIGNED, ADM: A},
    # The providers of H2 information: the requesting service (the request), the assigned LO (the outcome).
    Operation.RECORD_CONSENT: {INV: Scope.OWN_SERVICE, LO: Scope.ASSIGNED, ADM: A},
    Operation.PROVIDE_INFORMATION: {INV: Scope.OWN_SERVICE, ADM: A},
    # Between the requesting service and the assigned LO, nobody else (not even an administrator).
    Operation.CONVERSE: {INV: Scope.OWN_SERVICE, LO: Scope.ASSIGNED},
    Operation.REDIRECT_TASKING: {INV: Scope.OWN_SERVICE, ADM: A},
    # An LO hands their own taskings to one of their deputies (the use case checks the deputy).
    Operation.HAND_OVER_TASKINGS: {LO: Scope.SELF, ADM: A},
    Operation.SET_AVAILABILITY: {LO: Scope.SELF, ADM: A},
    Operation.READ_ANALYTICS: {MGR: A, ADM: A},
    Operation.MANAGE_DIRECTORY: {ADM: A},
    Operation.READ_AUDIT_LOG: {ADM: A},
    # Everyone's own only: the use cases read and write nothing but the caller's.
    Operation.OWN_NOTIFICATIONS: {INV: A, LO: A, MGR: A, ADM: A},
    Operation.OWN_CALENDAR: {LO: Scope.SELF},
    Operation.ORGANISE_GATHERING: {LO: Scope.SELF, MGR: A, ADM: A},
    Operation.READ_GATHERINGS: {LO: Scope.SELF, MGR: A, ADM: A},
    Operation.ANSWER_INVITATION: {LO: Scope.SELF, ADM: A},
    Operation.ISSUE_NOTICE: {LO: Scope.SELF, ADM: A},
    # Like taskings: the addressed services' people read a notice (and its issuer, checked by the
    # use case); an administrator reads all.
    Operation.READ_NOTICE: {INV: Scope.OWN_SERVICE, LO: Scope.OWN_SERVICE, MGR: Scope.OWN_SERVICE, ADM: A},
    Operation.ACKNOWLEDGE_NOTICE: {
        INV: Scope.OWN_SERVICE, LO: Scope.OWN_SERVICE, MGR: Scope.OWN_SERVICE, ADM: Scope.OWN_SERVICE
    },
}


@dataclass(frozen=True)
class Target:
    """What an operation acts on, as far as the rules need to know."""

    service: str | None = None  # owning/requesting service code
    officer: str | None = None  # the officer record acted on
    assignee: str | None = None  # the tasking's assigned officer


# What an LO does on their own record (availability, planned absences, deputies) involves no case:
# it is logged, but without the case reference a justification is for (reading someone's personal
# data, acting on a case). Anyone acting on another officer's record still gives one.
SELF_ADMINISTRATION = frozenset({Operation.SET_AVAILABILITY})


def needs_justification(identity: Identity, operation: Operation, target: Target) -> bool:
    own = target.officer is not None and target.officer == identity.officer_id
    return not (own and operation in SELF_ADMINISTRATION)


def _roles(operation: Operation) -> str:
    """The roles that may, with their scopes: "investigator (OWN_SERVICE), admin"."""
    return ", ".join(f"{role.value}" + ("" if scope is A else f" ({scope.value})") for role, scope in RULES[operation].items())


def requirement(operation: Operation) -> str:
    """The rule in words, for field descriptions (the schema's documentation is English)."""
    return f"Requires {operation.value}: {_roles(operation)}"


def forbidden(operation: Operation) -> Forbidden:
    """The FORBIDDEN error naming the rule, in the caller's language."""
    message = _("not allowed: Requires %(operation)s: %(roles)s", operation=operation.value, roles=_roles(operation))
    return Forbidden(message, operation=operation.value)


def _satisfied(identity: Identity, scope: Scope, target: Target) -> bool:
    if scope is Scope.ANY:
        return True
    if scope is Scope.OWN_SERVICE:
        return target.service is not None and target.service == identity.service
    if scope is Scope.OWN_COUNTRY:
        return target.service is not None and target.service.split("-", 1)[0] == identity.country
    if scope is Scope.SELF:
        return identity.officer_id is not None and target.officer == identity.officer_id
    if scope is Scope.ASSIGNED:
        return identity.officer_id is not None and target.assignee == identity.officer_id
    return False


def allowed(identity: Identity, operation: Operation, target: Target | None = None) -> bool:
    rules = RULES[operation]
    return any(_satisfied(identity, rules[role], target or Target()) for role in identity.roles if role in rules)


def may_attempt(identity: Identity, operation: Operation) -> bool:
    """Whether any of the caller's roles has a rule for the operation at all (before the target is known)."""
    return any(role in RULES[operation] for role in identity.roles)


def require(identity: Identity, operation: Operation, target: Target | None = None) -> None:
    if not allowed(identity, operation, target):
        raise forbidden(operation)


def scopes_of(identity: Identity, operation: Operation) -> set[Scope]:
    """The scopes the caller's roles give for an operation (empty: none), to filter list queries."""
    rules = RULES[operation]
    return {rules[role] for role in identity.roles if role in rules}
