"""Read models of the directory: what the use cases return and the API shows."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from .enums import (
    Availability,
    BeneluxCountry,
    HandlingCode,
    LegalBasis,
    PostingKind,
    Priority,
    ServiceKind,
    TaskingAction,
    TaskingStatus,
)
from .lifecycle import is_overdue


class Lang(StrEnum):
    EN = "en"
    NL = "nl"
    FR = "fr"
    DE = "de"


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Labelled(Model):
    name_en: str
    name_nl: str
    name_fr: str
    name_de: str

    def name(self, lang: Lang = Lang.EN) -> str:
        return getattr(self, f"name_{lang.value}")


class Country(Labelled):
    iso2: str
    region: str | None = None
    version: int = 1


class Region(Labelled):
    code: str
    version: int = 1


class Competence(Labelled):
    code: str
    version: int = 1


class Service(Model):
    code: str
    name: str
    country: BeneluxCountry
    kind: ServiceKind
    version: int = 1


class Programme(Model):
    code: str
    name: str
    startsOn: date
    endsOn: date | None = None
    version: int = 1


class Officer(Model):
    id: str
    name: str
    rank: str | None = None
    email: str | None = None
    phone: str | None = None
    languages: list[str] = []
    availability: Availability
    availabilityNote: str | None = None
    updatedAt: datetime
    version: int
    service: str


class Posting(Model):
    id: str
    officer: str
    city: str
    station: str | None = None
    country: str
    startsOn: date
    endsOn: date | None = None
    kind: PostingKind
    version: int = 1
    servesAll: bool = False  # every Benelux service, those created later included

    def active_on(self, day: date) -> bool:
        return self.startsOn <= day and (self.endsOn is None or day <= self.endsOn)


class CompetenceLevel(Model):
    officer: str
    code: str
    level: int


class Deputy(Model):
    officer: str
    deputy: str
    rank: int


class AvailabilityWindow(Model):
    id: str
    officer: str
    startsOn: date
    endsOn: date
    status: Availability
    note: str | None = None

    def covers(self, day: date) -> bool:
        return self.startsOn <= day <= self.endsOn


class Tasking(Model):
    id: str
    reference: str
    title: str
    details: str | None = None
    priority: Priority
    status: TaskingStatus
    legalBasis: LegalBasis
    handlingCode: HandlingCode
    outcome: str | None = None
    dueBy: datetime
    createdAt: datetime
    updatedAt: datetime
    version: int
    requestingService: str
    assignee: str
    country: str

    def overdue(self, now: datetime) -> bool:
        return is_overdue(self.status, self.dueBy, now)


class TaskingEvent(Model):
    id: str
    tasking: str
    at: datetime
    actor: str
    action: TaskingAction
    fromStatus: TaskingStatus | None = None
    toStatus: TaskingStatus
    note: str | None = None
