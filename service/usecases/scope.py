"""Which taskings a caller may read (design: "Roles and scoping"), as one value every list,
filter, subscription and statistic applies the same way.

The scope is worked out from the policy table (service/security/policy.py), by asking it about
every known service: exactly the services whose requests `tasking(id)` would show the caller,
plus, for a liaison officer, the taskings assigned to them. An empty scope means nothing, never
everything: only Scope.ANY (an administrator) reads every tasking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import Forbidden
from ..i18n import _
from ..security.identity import Identity
from ..security.policy import Operation, Scope, Target, allowed, scopes_of
from .reads import DirectoryReads


@dataclass(frozen=True)
class TaskingScope:
    everything: bool = False  # every tasking (admins)
    services: tuple[str, ...] = ()  # the requests of these services
    assignee: str | None = None  # and the taskings assigned to this officer

    @property
    def empty(self) -> bool:
        return not self.everything and not self.services and self.assignee is None

    @property
    def only_assignee(self) -> bool:
        """An LO's scope: their own taskings and nothing else (read from the officer)."""
        return not self.everything and not self.services and self.assignee is not None

    def params(self) -> dict[str, Any]:
        """The statement parameters of store/queries/tasking.py's SCOPE clause (sentinels, no nulls)."""
        return {"allServices": self.everything, "scopeServices": list(self.services), "scopeAssignee": self.assignee or ""}


async def tasking_scope(reads: DirectoryReads, identity: Identity) -> TaskingScope:
    """The caller's READ_TASKING scope; FORBIDDEN for a caller with no role that reads taskings."""
    scopes = scopes_of(identity, Operation.READ_TASKING)
    if not scopes:
        raise Forbidden(_("not allowed: reading taskings needs an investigator, liaison officer, manager or admin role"))
    if Scope.ANY in scopes:
        return TaskingScope(everything=True)
    services = await reads.services()
    visible = tuple(sorted(code for code in services if allowed(identity, Operation.READ_TASKING, Target(service=code))))
    assignee = identity.officer_id if Scope.ASSIGNED in scopes else None
    return TaskingScope(services=visible, assignee=assignee)
