"""Reading the form's subjects and deconfliction matches on a tasking, within the caller's scope.

The subjects are the request's content, as its details are: whoever may read the tasking reads
them, and they are in the consultation log as the details are, with the read of the tasking that
carries them (readTasking, noted by `tasking`, `taskings`, `myTaskings` and the subscription; a
mutation's answer is recorded as that mutation). Deconfliction
matches tell whom to contact about a shared subject: they are for the requesting side only (the
scope that may request for the tasking's service), not for the assigned LO or managers.
"""

from __future__ import annotations

from ...domain.models import Tasking
from ...security.identity import Identity
from ...security.policy import Operation, Target, allowed
from ..reads import DirectoryReads
from .records import DeconflictionMatch, SubjectRecord


def _target(tasking: Tasking) -> Target:
    return Target(service=tasking.requestingService, assignee=tasking.assignee)


async def subjects_of(reads: DirectoryReads, identity: Identity, tasking: Tasking) -> list[SubjectRecord]:
    """The tasking reached the caller through a scoped read; checked again, as a second lock."""
    if not allowed(identity, Operation.READ_TASKING, _target(tasking)):
        return []
    return await reads.subjects_of_tasking.load(tasking.id)


async def deconfliction_of(reads: DirectoryReads, identity: Identity, tasking: Tasking) -> list[DeconflictionMatch] | None:
    """The matches, for the requesting side; None for anyone else (not theirs to see)."""
    if not allowed(identity, Operation.REQUEST_TASKING, Target(service=tasking.requestingService)):
        return None
    return await reads.deconfliction_of_tasking.load(tasking.id)
