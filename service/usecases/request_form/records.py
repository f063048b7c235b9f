"""The form's read models: a subject as a request names it, a deconfliction match."""

from __future__ import annotations

from datetime import date, datetime

from ...domain.models import Model
from .form import SubjectKind


class SubjectRecord(Model):
    id: str
    tasking: str
    kind: SubjectKind
    position: int
    name: str | None = None
    dateOfBirth: date | None = None
    nationality: str | None = None
    plate: str | None = None
    phone: str | None = None
    registrationNumber: str | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    country: str | None = None


class DeconflictionMatch(Model):
    """A subject this request shares with an open request of another service: whom to contact."""

    tasking: str
    kind: SubjectKind
    matchKey: str
    foundAt: datetime
    service: str
    contactName: str | None = None
    contactPhone: str | None = None
    contactEmail: str | None = None
