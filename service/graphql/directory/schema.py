"""Directory queries: officers and the reference lists."""

from __future__ import annotations

import graphene

from ...security.policy import Operation
from ...usecases import directory as usecase
from .. import permissions
from ..pagination import connection
from ..scalars import Date
from .types import Competence, Country, Officer, Programme, Region, Service


class OfficerFilter(graphene.InputObjectType):
    country = graphene.String(description="ISO code of the country a posting is located in")
    region = graphene.String(description="Region code, e.g. WESTERN_BALKANS")
    competence = graphene.String(description="Competence code, e.g. DRUGS")
    language = graphene.String(description="ISO 639-1 code the officer speaks")
    servedService = graphene.String(description="Service code a posting serves (joint use)")
    programme = graphene.String(description="Programme code, e.g. BALKANS_PILOT")
    activeOn = Date(description="Only officers with a posting active on this date")
    nameContains = graphene.String(description="Case-insensitive part of the name")


OfficerConnection = connection(Officer, "Officer")


class DirectoryQueries(graphene.ObjectType):
    officer = graphene.Field(Officer, id=graphene.ID(required=True), description="One officer, or null if unknown")
    officers = graphene.Field(
        OfficerConnection,
        required=True,
        filter=OfficerFilter(),
        first=graphene.Int(default_value=20, description=f"Page size, 1..{usecase.MAX_PAGE}"),
        after=graphene.String(description="endCursor of the previous page"),
    )
    countries = graphene.List(graphene.NonNull(Country), required=True, region=graphene.String())
    regions = graphene.List(graphene.NonNull(Region), required=True)
    competences = graphene.List(graphene.NonNull(Competence), required=True)
    services = graphene.List(graphene.NonNull(Service), required=True)
    programmes = graphene.List(graphene.NonNull(Programme), required=True)

    @staticmethod
    async def resolve_officer(root, info, id: str):
        return await usecase.get_officer(info.context.reads, info.context.identity, id)

    @staticmethod
    async def resolve_officers(root, info, first: int, filter=None, after=None):
        officer_filter = usecase.OfficerFilter.model_validate(dict(filter or {}))
        return await usecase.find_officers(info.context.reads, info.context.identity, officer_filter, first, after)

    @staticmethod
    async def resolve_countries(root, info, region=None):
        reads = info.context.reads
        if region is not None:
            await usecase.check_codes(reads, region=region)
        return [c for c in (await reads.countries()).values() if region is None or c.region == region]

    @staticmethod
    async def resolve_regions(root, info):
        return list((await info.context.reads.regions()).values())

    @staticmethod
    async def resolve_competences(root, info):
        return list((await info.context.reads.competences()).values())

    @staticmethod
    async def resolve_services(root, info):
        return list((await info.context.reads.services()).values())

    @staticmethod
    async def resolve_programmes(root, info):
        return list((await info.context.reads.programmes()).values())


permissions.register(
    "Query",
    officer=Operation.SEARCH_DIRECTORY,
    officers=Operation.SEARCH_DIRECTORY,
    countries=Operation.SEARCH_DIRECTORY,
    regions=Operation.SEARCH_DIRECTORY,
    competences=Operation.SEARCH_DIRECTORY,
    services=Operation.SEARCH_DIRECTORY,
    programmes=Operation.SEARCH_DIRECTORY,
)
