"""The seed files' record formats (one pydantic model per file); each record validates alone."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from service.domain.enums import (
    Accessibility,
    Availability,
    BeneluxCountry,
    HandlingCode,
    LegalBasis,
    PostingKind,
    Priority,
    ServiceKind,
    SourceReliability,
    TaskingAction,
    TaskingStatus,
)
from service.domain.coordination import coordinator_problem
from service.domain.deadlines import legal_basis_refusal
from service.domain.gatherings import GatheringKind, InvitationAnswer, InvitedBy, dates_problem
from service.domain.destinations import refusal
from service.domain.handling import note_problem
from service.i18n import N_, _
from service.security.identity import SERVICE_CODE_PATTERN
from service.usecases.request_form.form import Subject

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Code = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_]*$")]
ServiceCode = Annotated[str, StringConstraints(pattern=SERVICE_CODE_PATTERN)]
Iso2 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
Id = Annotated[str, StringConstraints(pattern=r"^[A-Z]+-[A-Z0-9-]+$")]
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Named(Record):
    name_en: Text
    name_nl: Text
    name_fr: Text
    name_de: Text


class ServiceRecord(Record):
    code: ServiceCode
    name: Text
    country: BeneluxCountry
    kind: ServiceKind
    # The functional mailbox that hears of the service's requests when the requester's token
    # carried no e-mail address (notifications).
    mailbox: Email | None = None

    @model_validator(mode="after")
    def _code_names_country(self) -> ServiceRecord:
        if not self.code.startswith(f"{self.country.value}-"):
            raise ValueError(
                _("code %(code)s does not start with its country %(country)s-", code=self.code, country=self.country.value)
            )
        return self


class RegionRecord(Named):
    code: Code


class CountryRecord(Named):
    iso2: Iso2
    region: Code | None = None


class CompetenceRecord(Named):
    code: Code


def _destinations_only(field: str, countries: list[str]) -> None:
    """A record's countries must be destinations (service/domain/destinations.py); the reason
    starts with the field's name ("area: ..."), so an import names the column."""
    for iso2 in countries:
        reason = refusal(iso2)
        if reason is not None:
            raise ValueError(_("%(field)s: %(reason)s", field=field, reason=reason))


class ProgrammeRecord(Record):
    code: Code
    name: Text
    startsOn: date
    endsOn: date | None = None
    countries: list[Iso2] = []  # the countries the programme is about

    @model_validator(mode="after")
    def _dates_in_order(self) -> ProgrammeRecord:
        if self.endsOn is not None and self.endsOn < self.startsOn:
            raise ValueError(_("endsOn %(ends)s is before startsOn %(starts)s", ends=self.endsOn, starts=self.startsOn))
        _destinations_only("countries", self.countries)
        return self


class CompetenceLevel(Record):
    code: Code
    level: int = Field(ge=1, le=3)


SELF_DEPUTY = N_("an officer cannot deputise for themself")


class OfficerRecord(Record):
    id: Id
    name: Text
    rank: Text | None = None
    email: Email | None = None
    phone: Annotated[str, StringConstraints(pattern=r"^\+[0-9 ]{6,20}$")] | None = None
    languages: list[Language] = []
    availability: Availability = Availability.AVAILABLE
    availabilityNote: Text | None = None
    updatedAt: AwareDatetime
    service: ServiceCode
    competences: list[CompetenceLevel] = []
    deputies: list[Id] = []

    @model_validator(mode="after")
    def _no_self_deputy(self) -> OfficerRecord:
        if self.id in self.deputies:
            raise ValueError(_(SELF_DEPUTY))
        return self


class PostingRecord(Record):
    id: Id
    officer: Id
    city: Text
    station: Text | None = None
    country: Iso2
    startsOn: date
    endsOn: date | None = None
    kind: PostingKind
    accreditedTo: list[Iso2] = []
    # "ALL": the posting serves every Benelux service, those created later included (a flag on
    # the posting, servesAll); otherwise the services it works for.
    serves: Literal["ALL"] | list[ServiceCode] = Field(min_length=1)
    programmes: list[Code] = []
    area: list[Iso2] = []  # declared area of responsibility: countries covered besides the above

    @model_validator(mode="after")
    def _consistent(self) -> PostingRecord:
        if self.endsOn is not None and self.endsOn < self.startsOn:
            raise ValueError(_("endsOn %(ends)s is before startsOn %(starts)s", ends=self.endsOn, starts=self.startsOn))
        if self.country in self.accreditedTo:
            raise ValueError(_("accreditedTo repeats the posting's own country %(country)s", country=self.country))
        if self.country in self.area:
            raise ValueError(_("area repeats the posting's own country %(country)s", country=self.country))
        _destinations_only("accreditedTo", self.accreditedTo)
        _destinations_only("area", self.area)
        return self


class WindowRecord(Record):
    id: Id
    officer: Id
    startsOn: date
    endsOn: date
    status: Availability
    note: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> WindowRecord:
        if self.endsOn < self.startsOn:
            raise ValueError(_("endsOn %(ends)s is before startsOn %(starts)s", ends=self.endsOn, starts=self.startsOn))
        if self.status is Availability.AVAILABLE:
            raise ValueError(_("a window records an absence or limitation; AVAILABLE is the default"))
        return self


class EventRecord(Record):
    id: Id
    at: AwareDatetime
    actor: Text
    action: TaskingAction
    fromStatus: TaskingStatus | None = None
    toStatus: TaskingStatus
    note: Text | None = None


class TaskingRecord(Record):
    id: Id
    reference: Annotated[str, StringConstraints(pattern=r"^BNL-\d{4}-\d{6}$")]
    title: Text
    details: Annotated[str, StringConstraints(max_length=20000)] | None = None
    priority: Priority
    status: TaskingStatus
    legalBasis: LegalBasis
    handlingCode: HandlingCode
    dueBy: AwareDatetime
    createdAt: AwareDatetime
    updatedAt: AwareDatetime
    requestingService: ServiceCode
    assignee: Id
    country: Iso2
    competences: list[Code] = []
    outcome: Text | None = None
    accessibility: Accessibility = Accessibility.INDIRECT
    handlingNote: Text | None = None
    outcomeHandlingCode: HandlingCode | None = None
    outcomeHandlingNote: Text | None = None
    sourceReliability: SourceReliability | None = None
    informationAssessment: int | None = Field(None, ge=1, le=4)
    requestSharingConsent: bool = False
    outcomeSharingConsent: bool = False
    events: list[EventRecord] = Field(min_length=1)
    # The request form's subjects (schema version 8), as requestTasking takes them.
    subjects: list[Subject] = []

    @model_validator(mode="after")
    def _times_in_order(self) -> TaskingRecord:
        if self.dueBy <= self.createdAt:
            raise ValueError(_("dueBy is not after createdAt"))
        if self.updatedAt < self.createdAt:
            raise ValueError(_("updatedAt is before createdAt"))
        return self

    @model_validator(mode="after")
    def _handling_rules(self) -> TaskingRecord:
        """The rules requestTasking and completeTasking apply (service/domain/deadlines.py, handling.py)."""
        for code, note, where in (
            (self.handlingCode, self.handlingNote, "handlingNote"),
            (self.outcomeHandlingCode, self.outcomeHandlingNote, "outcomeHandlingNote"),
        ):
            problem = note_problem(code, note)
            if problem:
                raise ValueError(_("%(field)s: %(reason)s", field=where, reason=problem))
        reason = legal_basis_refusal(self.legalBasis, self.country)
        if reason:
            raise ValueError(reason)
        return self


class CoordinatorRecord(Record):
    """A host country's or a region's coordination (Council Decision 2003/170/JHA)."""

    country: Iso2 | None = None
    region: Code | None = None
    coordinator: BeneluxCountry | None = None
    leadNation: Text | None = None

    @model_validator(mode="after")
    def _one_place(self) -> CoordinatorRecord:
        if (self.country is None) == (self.region is None):
            raise ValueError(_("name either a country or a region, not both and not neither."))
        problem = coordinator_problem(self.coordinator, self.leadNation)
        if problem:
            raise ValueError(problem)
        return self


class InvitationRecord(Record):
    officer: Id
    answer: InvitationAnswer | None = None
    note: Text | None = None
    answeredAt: AwareDatetime | None = None


class GatheringRecord(Record):
    id: Id
    kind: GatheringKind
    title: Text
    place: Text
    startsOn: date
    endsOn: date
    status: Literal["PLANNED", "CANCELLED"] = "PLANNED"
    cancelReason: Text | None = None
    invitedBy: InvitedBy
    invitedCode: Code | None = None
    createdBy: Text
    createdAt: AwareDatetime
    hostCountry: Iso2 | None = None
    convenor: Id | None = None
    invitations: list[InvitationRecord] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> GatheringRecord:
        problem = dates_problem(self.startsOn, self.endsOn)
        if problem:
            raise ValueError(problem)
        if (self.kind is GatheringKind.LOCAL_LO_MEETING) != (self.hostCountry is not None and self.convenor is not None):
            raise ValueError(_("a local LO meeting, and only one, names its hostCountry and convenor"))
        return self


class AcknowledgementRecord(Record):
    service: ServiceCode
    at: AwareDatetime
    actor: Text


class NoticeRecord(Record):
    id: Id
    subject: Text
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]
    handlingCode: HandlingCode
    handlingNote: Text | None = None
    validFrom: date
    validUntil: date
    issuedBy: Text
    issuerOfficer: Id | None = None
    deskPosting: Id | None = None
    issuedAt: AwareDatetime
    addressees: list[ServiceCode] = Field(min_length=1)
    acknowledgements: list[AcknowledgementRecord] = []

    @model_validator(mode="after")
    def _consistent(self) -> NoticeRecord:
        if self.validUntil < self.validFrom:
            raise ValueError(
                _(
                    "validUntil %(until)s is before validFrom %(since)s: a notice cannot expire before it is valid.",
                    until=self.validUntil,
                    since=self.validFrom,
                )
            )
        problem = note_problem(self.handlingCode, self.handlingNote)
        if problem:
            raise ValueError(_("%(field)s: %(reason)s", field="handlingNote", reason=problem))
        if (self.issuerOfficer is None) == (self.deskPosting is None):
            raise ValueError(_("a notice is issued by an LO (issuerOfficer) or for a desk (deskPosting), one of them"))
        if any(a.service not in self.addressees for a in self.acknowledgements):
            raise ValueError(_("only an addressed service acknowledges a notice"))
        return self


FILES: dict[str, type[Record]] = {
    "services": ServiceRecord,
    "regions": RegionRecord,
    "countries": CountryRecord,
    "competences": CompetenceRecord,
    "programmes": ProgrammeRecord,
    "officers": OfficerRecord,
    "postings": PostingRecord,
    "windows": WindowRecord,
    "taskings": TaskingRecord,
    "coordinators": CoordinatorRecord,
    "gatherings": GatheringRecord,
    "notices": NoticeRecord,
}
