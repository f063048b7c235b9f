"""What a threat notice and an acknowledgement read as."""

from __future__ import annotations

from datetime import date, datetime

from ...domain.enums import HandlingCode
from ...domain.models import Model
from ...domain.notices import NoticeStatus


class Notice(Model):
    id: str
    subject: str
    text: str
    handlingCode: HandlingCode
    handlingNote: str | None = None
    validFrom: date
    validUntil: date
    issuedBy: str
    issuerOfficer: str | None = None
    deskPosting: str | None = None
    issuedAt: datetime
    status: NoticeStatus
    version: int
    addressees: list[str]

    def valid_on(self, day: date) -> bool:
        return self.status is NoticeStatus.ISSUED and self.validFrom <= day <= self.validUntil


class Acknowledgement(Model):
    notice: str
    service: str
    at: datetime
    actor: str
