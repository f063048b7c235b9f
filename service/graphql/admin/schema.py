"""Directory administration (admins): thin resolvers, each calling one use case.

Input fields carry the names of the import format's columns (README "Administration"), so a
refusal's `extensions.field` names the same thing in both.
"""

from __future__ import annotations

import graphene

from ...security.policy import Operation
from ...usecases import admin as usecase
from .. import permissions
from ..conversation.schema import EndedPosting, RemovedPosting
from ..directory.types import Country, Officer, Posting, Region, Service
from ..enums import PostingKind, ServiceKind, value_of
from ..scalars import Date

JUSTIFICATION = "Change reference for the consultation log (else the X-Justification header)"
VERSION = "The version you last saw (stale: CONFLICT)"


class CompetenceLevelInput(graphene.InputObjectType):
    """An officer's level in one competence."""

    code = graphene.String(required=True, description="Competence code, e.g. DRUGS")
    level = graphene.Int(required=True, description="1 basic, 2 experienced, 3 specialist")


def _officer_fields(create: bool) -> dict:
    return {
        "name": graphene.String(required=create, description="Full name, as written (accents included)"),
        "rank": graphene.String(description="Rank or title, as the home service writes it"),
        "email": graphene.String(description="Work e-mail address (contact data: reading it is logged)"),
        "phone": graphene.String(description="International format, e.g. +381 11 555 0101"),
        "languages": graphene.List(graphene.NonNull(graphene.String), description="ISO 639-1 codes"),
        "service": graphene.String(required=create, description="Home service code"),
        "competences": graphene.List(graphene.NonNull(CompetenceLevelInput), description="Replaces them all"),
    }


CreateOfficerInput = type(
    "CreateOfficerInput",
    (graphene.InputObjectType,),
    {
        "id": graphene.ID(description="Default: a new LO-... id"),
        **_officer_fields(True),
        "__doc__": "A new officer's record",
    },
)
UpdateOfficerInput = type(
    "UpdateOfficerInput", (graphene.InputObjectType,), {**_officer_fields(False), "__doc__": "Only the fields given change"}
)


def _posting_fields(create: bool) -> dict:
    return {
        "city": graphene.String(required=create, description="The city the officer works in"),
        "station": graphene.String(description="e.g. the embassy"),
        "startsOn": Date(required=create, description="The posting's first day"),
        # an unmounted enum: left out is absent, not null
        "kind": PostingKind(required=create, description="Resident, regional or multilateral"),
        "accreditedTo": graphene.List(graphene.NonNull(graphene.String), description="Country codes; replaces them all"),
        "area": graphene.List(
            graphene.NonNull(graphene.String),
            description="Declared area of responsibility: country codes it covers besides its host country and "
            "accreditations (route AREA); replaces them all",
        ),
        "serves": graphene.List(
            graphene.NonNull(graphene.String),
            required=create,
            description='Service codes the posting works for (joint use), or ["ALL"]: every Benelux service, those '
            "created later included (the posting's servesAll flag); replaces them all",
        ),
        "programmes": graphene.List(graphene.NonNull(graphene.String), description="Programme codes; replaces them all"),
    }


OpenPostingInput = type(
    "OpenPostingInput",
    (graphene.InputObjectType,),
    {
        "id": graphene.ID(description="Default: a new P-... id"),
        "officer": graphene.ID(required=True, description="The id of the officer posted"),
        "country": graphene.String(required=True, description="Where the posting is located"),
        "endsOn": Date(description="Leave out for open-ended"),
        **_posting_fields(True),
        "__doc__": "A new posting: who, where, from when, for whom",
    },
)
UpdatePostingInput = type(
    "UpdatePostingInput",
    (graphene.InputObjectType,),
    {**_posting_fields(False), "__doc__": "Only the fields given change; the end date: extendPosting, endPosting"},
)


class CreateServiceInput(graphene.InputObjectType):
    """A new Benelux service."""

    code = graphene.String(required=True, description="Starts with its country: BE-, NL- or LU-")
    name = graphene.String(required=True, description="The service's name")
    kind = ServiceKind(required=True, description="What kind of service it is")


class UpdateServiceInput(graphene.InputObjectType):
    """Only the fields given change."""

    name = graphene.String(description="The service's new name")
    kind = ServiceKind(description="The service's new kind")


class NamesInput(graphene.InputObjectType):
    """A name in each of the four languages."""

    en = graphene.String(required=True, description="The name in English")
    nl = graphene.String(required=True, description="The name in Dutch")
    fr = graphene.String(required=True, description="The name in French")
    de = graphene.String(required=True, description="The name in German")


def _values(input_object) -> dict:
    """The fields the caller gave (an explicit null included), enums as their values."""
    values = {k: value_of(v) for k, v in dict(input_object).items()}
    if "competences" in values and values["competences"] is not None:
        values["competences"] = [dict(c) for c in values["competences"]]
    if values.get("serves") == ["ALL"]:
        values["serves"] = "ALL"
    return values


def _names(names) -> dict:
    return {f"name_{lang}": value for lang, value in dict(names).items()}


async def _run(info, justification, use_case, *args):
    """Call one use case as the request's caller (a `justification` argument overrides the header)."""
    context = info.context
    return await use_case(context.executor, context.caller(justification), *args)


def _field(type_, description: str, **args) -> graphene.Field:
    return graphene.Field(type_, required=True, description=description, justification=graphene.String(description=JUSTIFICATION), **args)


def _versioned(type_, description: str, key: str = "id", **args) -> graphene.Field:
    key_type = (
        graphene.ID(required=True, description="The id of the record to change")
        if key == "id"
        else graphene.String(required=True, description="The code of the record to change")
    )
    return _field(type_, description, **{key: key_type}, version=graphene.Int(required=True, description=VERSION), **args)


class AdminMutations(graphene.ObjectType):
    create_officer = _field(
        Officer, "Add an officer to the directory", input=CreateOfficerInput(required=True, description="The new officer")
    )
    update_officer = _versioned(
        Officer,
        "Change an officer's record (not their availability: setAvailability)",
        input=UpdateOfficerInput(required=True, description="The fields to change"),
    )
    open_posting = _field(
        Posting,
        "Post an officer somewhere (at most one active resident posting each)",
        input=OpenPostingInput(required=True, description="The new posting"),
    )
    update_posting = _versioned(
        Posting,
        "Change a posting: place, kind, accreditations, served services, programmes",
        input=UpdatePostingInput(required=True, description="The fields to change"),
    )
    extend_posting = _versioned(
        Posting,
        "Move a posting's end later, or make it open-ended (endsOn null)",
        ends_on=Date(description="The new last day; null for open-ended"),
    )
    end_posting = _versioned(
        EndedPosting,
        "End a posting sooner; it stays in the directory with its history. The answer lists the officer's open "
        "taskings (openTaskings) to hand over with handOverTaskings",
        ends_on=Date(required=True, description="The new last day"),
        successor_officer_id=graphene.ID(
            name="successorOfficerId", description="Who takes over from the holder (shown as the posting's successor)"
        ),
    )
    remove_posting = graphene.Field(
        RemovedPosting,
        required=True,
        description="Remove a posting entered by mistake; refused when taskings refer to it (end it instead). The "
        "answer lists the officer's open taskings (openTaskings)",
        id=graphene.ID(required=True, description="The posting's id"),
        version=graphene.Int(required=True, description=VERSION),
        justification=graphene.String(description=JUSTIFICATION),
    )
    create_service = _field(
        Service, "Add a Benelux service", input=CreateServiceInput(required=True, description="The new service")
    )
    update_service = _versioned(
        Service,
        "Rename a service or change its kind",
        key="code",
        input=UpdateServiceInput(required=True, description="The fields to change"),
    )
    save_country = _field(
        Country,
        "Create a country (no version) or change its names and region (its version)",
        iso2=graphene.String(required=True, description="The country's ISO 3166-1 alpha-2 code"),
        version=graphene.Int(description="Leave out to create; give it to change"),
        names=NamesInput(required=True, description="The country's names"),
        region=graphene.String(description="Region code; null removes it; left out keeps it"),
    )
    save_region = _field(
        Region,
        "Create a region (no version) or change its names (its version)",
        code=graphene.String(required=True, description="The region's code, e.g. WESTERN_BALKANS"),
        version=graphene.Int(description="Leave out to create; give it to change"),
        names=NamesInput(required=True, description="The region's names"),
    )

    @staticmethod
    async def resolve_create_officer(root, info, input, justification=None):
        return await _run(info, justification, usecase.create_officer, _values(input))

    @staticmethod
    async def resolve_update_officer(root, info, id, version, input, justification=None):
        return await _run(info, justification, usecase.update_officer, id, version, _values(input))

    @staticmethod
    async def resolve_open_posting(root, info, input, justification=None):
        return await _run(info, justification, usecase.open_posting, _values(input))

    @staticmethod
    async def resolve_update_posting(root, info, id, version, input, justification=None):
        return await _run(info, justification, usecase.update_posting, id, version, _values(input))

    @staticmethod
    async def resolve_extend_posting(root, info, id, version, ends_on=None, justification=None):
        return await _run(info, justification, usecase.extend_posting, id, version, ends_on)

    @staticmethod
    async def resolve_end_posting(root, info, id, version, ends_on, successor_officer_id=None, justification=None):
        return await _run(info, justification, usecase.end_posting, id, version, ends_on, successor_officer_id)

    @staticmethod
    async def resolve_remove_posting(root, info, id, version, justification=None):
        return await _run(info, justification, usecase.remove_posting, id, version)

    @staticmethod
    async def resolve_create_service(root, info, input, justification=None):
        return await _run(info, justification, usecase.create_service, _values(input))

    @staticmethod
    async def resolve_update_service(root, info, code, version, input, justification=None):
        return await _run(info, justification, usecase.update_service, code, version, _values(input))

    @staticmethod
    async def resolve_save_country(root, info, iso2, names, justification=None, version=None, **region):
        return await _run(info, justification, usecase.save_country, iso2, version, _names(names), region)

    @staticmethod
    async def resolve_save_region(root, info, code, names, justification=None, version=None):
        return await _run(info, justification, usecase.save_region, code, version, _names(names))


permissions.register(
    "Mutation",
    createOfficer=Operation.MANAGE_DIRECTORY,
    updateOfficer=Operation.MANAGE_DIRECTORY,
    openPosting=Operation.MANAGE_DIRECTORY,
    updatePosting=Operation.MANAGE_DIRECTORY,
    extendPosting=Operation.MANAGE_DIRECTORY,
    endPosting=Operation.MANAGE_DIRECTORY,
    removePosting=Operation.MANAGE_DIRECTORY,
    createService=Operation.MANAGE_DIRECTORY,
    updateService=Operation.MANAGE_DIRECTORY,
    saveCountry=Operation.MANAGE_DIRECTORY,
    saveRegion=Operation.MANAGE_DIRECTORY,
)
