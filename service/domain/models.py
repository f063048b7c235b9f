"""Read models of the directory: what the use cases return and the API shows."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, field_validator

from .enums import (
    Accessibility,
    Availability,
    BeneluxCountry,
    HandlingCode,
    Lang,
    LegalBasis,
    PostingKind,
    Priority,
    ServiceKind,
    SourceReliability,
    TaskingAction,
    TaskingStatus,
)
from ..i18n import current_lang
from .gatherings import attendance_note
from .handling import Side, unconsented_h2
from .lifecycle import is_overdue


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Labelled(Model):
    name_en: str
    name_nl: str
    name_fr: str
    name_de: str

    def name(self, lang: Lang | None = None) -> str:
        """The name in `lang`, by default in the request's language (service/i18n)."""
        return getattr(self, f"name_{(lang or current_lang()).value}")


class Country(Labelled):
    iso2: str
    region: str | None = None
    version: int = 1
    coordinator: str | None = None  # the coordinating Benelux country (2003/170/JHA), if declared
    leadNation: str | None = None  # the EU lead nation, as text, when another member state leads


class Region(Labelled):
    code: str
    version: int = 1
    coordinator: str | None = None
    leadNation: str | None = None


class Competence(Labelled):
    code: str
    version: int = 1


class Service(Model):
    code: str
    name: str
    country: BeneluxCountry
    kind: ServiceKind
    mailbox: str | None = None  # its functional mailbox (notifications to its users)
    version: int = 1

    def name_in(self, lang: Lang | None = None) -> str:
        """A Belgian service's official name is bilingual, kept as "Dutch / French" (the seed's
        form): a Dutch reader gets the Dutch half, a French reader the French half, and German and
        English readers, who have no official form of their own here, both. A name in one
        language (Dutch and Luxembourg services) reads the same in every language."""
        dutch, bilingual, french = self.name.partition(" / ")
        if not bilingual:
            return self.name
        return {Lang.NL: dutch, Lang.FR: french}.get(lang or current_lang(), self.name)


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
    # The place of the gathering an LO attends in these days (its title is the note); None for an
    # absence the officer planned. The shared read model holds it, every language reads it.
    gatheringPlace: str | None = None

    def covers(self, day: date) -> bool:
        return self.startsOn <= day <= self.endsOn

    def shown_note(self) -> str | None:
        """The note as the caller reads it: an attended gathering's in the caller's language."""
        if self.gatheringPlace is not None:
            return attendance_note(self.note or "", self.gatheringPlace)
        return self.note


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
    accessibility: Accessibility = Accessibility.INDIRECT  # taskings before schema version 7: INDIRECT
    handlingNote: str | None = None
    outcomeHandlingCode: HandlingCode | None = None
    outcomeHandlingNote: str | None = None
    sourceReliability: SourceReliability | None = None
    informationAssessment: int | None = None
    requestSharingConsent: bool = False
    outcomeSharingConsent: bool = False
    deadlineMissed: bool | None = None  # kept at completion; None while not completed
    deadlineMissedSeconds: int | None = None
    # The request form (schema version 8; older taskings have none of it).
    contactName: str | None = None
    contactPhone: str | None = None
    contactEmail: str | None = None
    caseNumber: str | None = None
    judicialAuthority: str | None = None
    authorisationReference: str | None = None
    replyLanguage: Lang | None = None
    # While AWAITING_INFORMATION: since when, and the state the answer returns it to.
    awaitingSince: datetime | None = None
    resumeStatus: TaskingStatus | None = None

    @field_validator("accessibility", "requestSharingConsent", "outcomeSharingConsent", mode="before")
    @classmethod
    def _missing_is_default(cls, value, info):
        """Taskings written before schema version 7 hold none of these: the defaults apply."""
        if value is None:
            return cls.model_fields[info.field_name].default
        return value

    def overdue(self, now: datetime) -> bool:
        return is_overdue(self.status, self.dueBy, now, self.awaitingSince)

    def h2_awaiting_consent(self) -> list[Side]:
        """The sides (request, outcome) whose H2 still forbids onward sharing."""
        return unconsented_h2(self.handlingCode, self.outcomeHandlingCode, self.requestSharingConsent, self.outcomeSharingConsent)

    @property
    def sharing_restricted(self) -> bool:
        """An H2 whose provider has not consented: nothing of it goes to anyone not yet party."""
        return bool(self.h2_awaiting_consent())


class TaskingEvent(Model):
    id: str
    tasking: str
    at: datetime
    actor: str
    action: TaskingAction
    fromStatus: TaskingStatus | None = None
    toStatus: TaskingStatus
    note: str | None = None
    assignee: str | None = None  # after the event (events before schema version 9: unknown)
