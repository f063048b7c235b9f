"""The Benelux request for assistance as a form: who asks (contact person, case number), under
whose authority, in which language the reply should be, and the subjects it names.

Each value is checked where it is given, and a refusal names its place in the input
(`subjects[2].phone`, `contact.email`): pydantic checks what needs nothing else; `checked`
checks what needs the directory (country codes) or the clock (a date of birth in the future).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import phonenumbers
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from ...domain.enums import LegalBasis
from ...domain.models import Lang
from ...errors import BadUserInput
from ...i18n import _

Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{2}$")]
MAX_SUBJECTS = 50


def e164(value: str) -> str:
    """The phone number in E.164 (+381645550199); ValueError unless it is a valid number."""
    try:
        parsed = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise ValueError(_("%(value)r is not a valid phone number: give it in international form, e.g. +32 2 555 01 99", value=value))
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def email_address(value: str) -> str:
    value = value.strip()
    if not _EMAIL.match(value) or len(value) > 254:
        raise ValueError(_("%(value)r is not an e-mail address", value=value))
    return value


def number_plate(value: str) -> str:
    """The plate as registers write it: capitals and digits only (`1-ABC-234` is `1ABC234`)."""
    folded = re.sub(r"[\s.\-]", "", value).upper()
    if not re.fullmatch(r"[0-9A-Z]{2,12}", folded):
        raise ValueError(
            _("%(value)r is not a number plate: 2 to 12 letters and digits (spaces, dots and hyphens are ignored)", value=value)
        )
    return folded


def folded_name(name: str) -> str:
    """A name as deconfliction compares it: no accents, no case, single spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("-", " ").split())


Phone = Annotated[str, AfterValidator(e164)]


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Contact(_Part):
    """The requesting contact person: whom the LO, and a deconflicting service, get in touch with."""

    name: Line
    phone: Phone | None = None
    email: Annotated[str, AfterValidator(email_address)] | None = None


class Person(_Part):
    name: Line
    dateOfBirth: date | None = None
    nationality: Code | None = None


class Vehicle(_Part):
    plate: Annotated[str, AfterValidator(number_plate)]
    country: Code  # where it is registered: the same plate in two countries is two vehicles


class Company(_Part):
    name: Line
    registrationNumber: Line | None = None
    country: Code | None = None


class Address(_Part):
    street: Line
    postcode: Line | None = None
    city: Line
    country: Code


class SubjectKind(StrEnum):
    PERSON = "PERSON"
    VEHICLE = "VEHICLE"
    PHONE = "PHONE"
    COMPANY = "COMPANY"
    ADDRESS = "ADDRESS"


class Subject(_Part):
    """One subject of the request: exactly one of its parts is given."""

    person: Person | None = None
    vehicle: Vehicle | None = None
    phone: Phone | None = None
    company: Company | None = None
    address: Address | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Subject:
        if sum(getattr(self, kind.value.lower()) is not None for kind in SubjectKind) != 1:
            raise ValueError(_("a subject is exactly one of person, vehicle, phone, company or address"))
        return self

    @property
    def kind(self) -> SubjectKind:
        return next(kind for kind in SubjectKind if getattr(self, kind.value.lower()) is not None)

    @property
    def match_key(self) -> str | None:
        """What deconfliction compares; None for what it does not compare (a name alone is too common)."""
        if self.phone is not None:
            return f"PHONE:{self.phone}"
        if self.vehicle is not None:
            return f"VEHICLE:{self.vehicle.country}:{self.vehicle.plate}"
        if self.person is not None and self.person.dateOfBirth is not None:
            return f"PERSON:{folded_name(self.person.name)}:{self.person.dateOfBirth.isoformat()}"
        return None

    def row(self, subject_id: str, position: int) -> dict[str, Any]:
        """The Subject node's properties."""
        person, vehicle, company, address = self.person, self.vehicle, self.company, self.address
        return {
            "id": subject_id,
            "kind": self.kind.value,
            "position": position,
            "matchKey": self.match_key,
            "name": (person.name if person else company.name if company else None),
            "dateOfBirth": person.dateOfBirth.isoformat() if person and person.dateOfBirth else None,
            "nationality": person.nationality if person else None,
            "plate": vehicle.plate if vehicle else None,
            "phone": self.phone,
            "registrationNumber": company.registrationNumber if company else None,
            "street": address.street if address else None,
            "postcode": address.postcode if address else None,
            "city": address.city if address else None,
            "country": (vehicle or company or address).country if (vehicle or company or address) else None,
        }


class RequestForm(BaseModel):
    """The form's fields on a request (requestTasking) and on an amendment (amendTasking)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    contact: Contact | None = None
    caseNumber: Line | None = None
    judicialAuthority: Line | None = None
    authorisationReference: Line | None = None
    replyLanguage: Lang | None = None
    subjects: list[Subject] | None = Field(default=None, max_length=MAX_SUBJECTS)

    def form_row(self) -> dict[str, Any]:
        """The tasking's form properties."""
        contact = self.contact
        return {
            "contactName": contact.name if contact else None,
            "contactPhone": contact.phone if contact else None,
            "contactEmail": contact.email if contact else None,
            "caseNumber": self.caseNumber,
            "judicialAuthority": self.judicialAuthority,
            "authorisationReference": self.authorisationReference,
            "replyLanguage": self.replyLanguage.value if self.replyLanguage else None,
        }


def needs_judicial_authorisation(basis: LegalBasis) -> bool:
    """Mutual legal assistance is a request from a judicial authority: the form names it and its
    authorisation. The police bases (the Benelux treaty, Council Decision 2003/170/JHA, Directive
    (EU) 2023/977) need neither from the requester: where the requested state's law wants a
    judicial authorisation for the information, its own authorities seek it (Directive 2023/977,
    art. 9(3))."""
    return basis is LegalBasis.MUTUAL_LEGAL_ASSISTANCE


def judicial_refusal(basis: LegalBasis, authority: str | None, reference: str | None) -> tuple[str, str] | None:
    """(field, message) when the judicial fields do not fit the legal basis, else None."""
    if needs_judicial_authorisation(basis):
        for field, value in (("judicialAuthority", authority), ("authorisationReference", reference)):
            if value is None:
                return field, _(
                    "a request under %(basis)s is a judicial request: it needs the judicial authority that "
                    "authorised it and the authorisation's reference",
                    basis=basis.value,
                )
    if reference is not None and authority is None:
        return "judicialAuthority", _("an authorisation reference needs the judicial authority that gave it")
    return None


def checked(form: RequestForm, basis: LegalBasis, countries: Mapping[str, Any], today: date) -> None:
    """BAD_USER_INPUT naming the field for what pydantic cannot know: unknown country codes, a
    date of birth after today, judicial fields the legal basis needs."""
    refusal = judicial_refusal(basis, form.judicialAuthority, form.authorisationReference)
    if refusal:
        raise BadUserInput(refusal[1], field=refusal[0])
    for index, subject in enumerate(form.subjects or []):
        part = getattr(subject, subject.kind.value.lower())
        where = f"subjects[{index}].{subject.kind.value.lower()}"
        for name in ("nationality", "country"):
            code = getattr(part, name, None)
            if code is not None and code not in countries:
                raise BadUserInput(
                    _("unknown country code %(value)r (ISO 3166-1 alpha-2, e.g. RS)", value=code), field=f"{where}.{name}"
                )
        born = getattr(part, "dateOfBirth", None)
        if born is not None and born > today:
            raise BadUserInput(
                _("the date of birth %(value)s lies after today (%(today)s)", value=born, today=today), field=f"{where}.dateOfBirth"
            )
