"""The request form's GraphQL inputs and types (the Benelux request for assistance)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import graphene

from ...usecases.request_form import read as usecase
from ...usecases.request_form.form import SubjectKind as DomainSubjectKind
from ..directory.types import Service, cached
from ..enums import Lang, described, value_of
from ..scalars import Date, DateTime

def plain(value: Any) -> Any:
    """Input as plain data for pydantic: graphene's input containers as dicts, enum members as values."""
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value_of(value)


SubjectKind = described(
    DomainSubjectKind,
    "What a subject of a request is",
    {
        "PERSON": "A person (name, date of birth, nationality)",
        "VEHICLE": "A vehicle (plate and country of registration)",
        "PHONE": "A phone number (E.164)",
        "COMPANY": "A company (name, registration number, country)",
        "ADDRESS": "An address",
    },
)


class ContactInput(graphene.InputObjectType):
    """The requesting contact person"""

    name = graphene.String(required=True, description="Name (and rank) of the contact person")
    phone = graphene.String(description="Phone number in international form, e.g. +32 2 555 01 99 (kept as E.164)")
    email = graphene.String(description="E-mail address")


class PersonInput(graphene.InputObjectType):
    """A person the request is about"""

    name = graphene.String(required=True, description="Full name")
    dateOfBirth = Date(description="Date of birth (not after today); with the name, what deconfliction compares")
    nationality = graphene.String(description="ISO 3166-1 alpha-2 code of the nationality, e.g. RS")


class VehicleInput(graphene.InputObjectType):
    """A vehicle the request is about"""

    plate = graphene.String(required=True, description="Number plate (spaces, dots and hyphens are ignored)")
    country = graphene.String(required=True, description="ISO code of the country of registration")


class CompanyInput(graphene.InputObjectType):
    """A company the request is about"""

    name = graphene.String(required=True, description="Company name")
    registrationNumber = graphene.String(description="Its number in the company register")
    country = graphene.String(description="ISO code of the country it is registered in")


class AddressInput(graphene.InputObjectType):
    """An address the request is about"""

    street = graphene.String(required=True, description="Street and number")
    postcode = graphene.String(description="Postcode")
    city = graphene.String(required=True, description="City")
    country = graphene.String(required=True, description="ISO code of the country")


class SubjectInput(graphene.InputObjectType):
    """One subject of a request: give exactly one of its fields"""

    person = graphene.InputField(PersonInput, description="A person")
    vehicle = graphene.InputField(VehicleInput, description="A vehicle")
    phone = graphene.String(description="A phone number in international form, e.g. +381 64 555 0199 (kept as E.164)")
    company = graphene.InputField(CompanyInput, description="A company")
    address = graphene.InputField(AddressInput, description="An address")


class FormInputFields:
    """The form's fields on requestTasking's input (amendTasking takes them as arguments)."""

    contact = graphene.InputField(ContactInput, description="The requesting contact person")
    caseNumber = graphene.String(description="The requesting service's case number")
    judicialAuthority = graphene.String(
        description="The judicial authority that authorised the request: required under MUTUAL_LEGAL_ASSISTANCE"
    )
    authorisationReference = graphene.String(
        description="The reference of that authorisation: required under MUTUAL_LEGAL_ASSISTANCE"
    )
    replyLanguage = graphene.InputField(Lang, description="The language the reply should be in")
    subjects = graphene.InputField(
        graphene.List(graphene.NonNull(SubjectInput)),
        description="Persons, vehicles, phone numbers, companies and addresses the request is about (at most 50); "
        "an open request of another service naming the same phone number, vehicle or person (name and date of "
        "birth) is reported to both requesting services under deconfliction",
    )


class RequestContact(graphene.ObjectType):
    """The requesting contact person"""

    name = graphene.String(required=True, description="Name (and rank)")
    phone = graphene.String(description="E.164")
    email = graphene.String(description="E-mail address")


class Subject(graphene.ObjectType):
    """A subject of a request, as the request names it"""

    kind = graphene.Field(SubjectKind, required=True, description="What it is")
    name = graphene.String(description="A person's or a company's name")
    dateOfBirth = Date(description="A person's date of birth")
    nationality = graphene.String(description="A person's nationality (ISO code)")
    plate = graphene.String(description="A vehicle's plate, capitals and digits only")
    phone = graphene.String(description="A phone number (E.164)")
    registrationNumber = graphene.String(description="A company's registration number")
    street = graphene.String(description="An address's street and number")
    postcode = graphene.String(description="An address's postcode")
    city = graphene.String(description="An address's city")
    country = graphene.String(description="A vehicle's country of registration, a company's or an address's country")


def _contact(parent) -> RequestContact | None:
    """The contact person of a tasking or of a match (contactName, contactPhone, contactEmail)."""
    if parent.contactName is None:
        return None
    return RequestContact(name=parent.contactName, phone=parent.contactPhone, email=parent.contactEmail)


class DeconflictionMatch(graphene.ObjectType):
    """An open request of another service names a subject this request names too: get in touch
    with them (nothing of their request is shown)"""

    kind = graphene.Field(SubjectKind, required=True, description="What kind of subject both name")
    matchKey = graphene.String(
        required=True, description="The shared subject, normalised, as your own request names it (e.g. PHONE:+381645550199)"
    )
    foundAt = DateTime(required=True, description="When the match was found")
    service = graphene.Field(Service, required=True, description="The other requesting service")
    contact = graphene.Field(RequestContact, description="Its contact person for that request (null if it named none)")

    @staticmethod
    def resolve_service(parent, info):
        return cached(info, lambda services: services[parent.service], "services")

    @staticmethod
    def resolve_contact(parent, info):
        return _contact(parent)


class RequestFormFields:
    """The form's fields on Tasking."""

    contact = graphene.Field(RequestContact, description="The requesting contact person")
    caseNumber = graphene.String(description="The requesting service's case number")
    judicialAuthority = graphene.String(description="The judicial authority that authorised the request")
    authorisationReference = graphene.String(description="The reference of that authorisation")
    replyLanguage = graphene.Field(Lang, description="The language the reply should be in")
    subjects = graphene.List(
        graphene.NonNull(Subject), required=True, description="What the request is about, in the order given"
    )
    deconfliction = graphene.List(
        graphene.NonNull(DeconflictionMatch),
        description="Open requests of other services naming a subject of this one, and whom to contact there; "
        "for the requesting service only (null for anyone else)",
    )

    @staticmethod
    def resolve_contact(parent, info):
        return _contact(parent)

    @staticmethod
    async def resolve_subjects(parent, info):
        return await usecase.subjects_of(info.context.reads, info.context.identity, parent)

    @staticmethod
    async def resolve_deconfliction(parent, info):
        return await usecase.deconfliction_of(info.context.reads, info.context.identity, parent)
