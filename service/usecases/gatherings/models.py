"""What a gathering and an invitation read as."""

from __future__ import annotations

from datetime import date, datetime

from ...domain.gatherings import GatheringKind, GatheringStatus, InvitationAnswer, InvitedBy
from ...domain.models import Model


class Gathering(Model):
    id: str
    kind: GatheringKind
    title: str
    place: str
    startsOn: date
    endsOn: date
    status: GatheringStatus
    cancelReason: str | None = None
    invitedBy: InvitedBy
    invitedCode: str | None = None
    createdBy: str
    createdAt: datetime
    updatedAt: datetime
    version: int
    hostCountry: str | None = None
    convenor: str | None = None


class Invitation(Model):
    gathering: str
    officer: str
    answer: InvitationAnswer | None = None
    note: str | None = None
    answeredAt: datetime | None = None
    version: int
