"""Directory queries: officers and the reference lists."""

from __future__ import annotations

import graphene

from ...security.policy import Operation
from ...usecases import directory as usecase
from .. import permissions
from ...usecases.pages import page_request
from ..pagination import connection, page_arguments
from ..scalars import Date
from .types import Competence, Country, Officer, Programme, Region, Service


class OfficerFilter(graphene.InputObjectType):
    """Which officers to list: every filter given must hold (all officers when none is)."""

    country = graphene.String(description="ISO code of the country a posting is located in")
    region = graphene.String(description="Region code, e.g. WESTERN_BALKANS")
    competence = graphene.String(description="Competence code, e.g. DRUGS")
    language = graphene.String(description="ISO 639-1 code the officer speaks")
    servedService = graphene.String(description="Service code a posting serves (joint use)")
    programme = graphene.String(description="Programme code, e.g. BALKANS_PILOT")
    activeOn = Date(description="Only officers with a posting active on this date")
    nameContains = graphene.String(
        description="Part of the name, accents, case and punctuation aside: gerard finds Gérard (see also findOfficers)"
    )


OfficerConnection = connection(Officer, "Officer", "officers")


class DirectoryQueries(graphene.ObjectType):
    officer = graphene.Field(
        Officer, id=graphene.ID(required=True, description="The officer's id, e.g. LO-001"), description="One officer, or null if unknown"
    )
    officers = graphene.Field(
        OfficerConnection,
        required=True,
        filter=OfficerFilter(description="Which officers; all when absent"),
        **page_arguments(20, str(usecase.MAX_PAGE)),
        description="Officers by id, filtered",
    )
    countries = graphene.List(
        graphene.NonNull(Country),
        required=True,
        region=graphene.String(description="Only the countries of this region (its code, e.g. WESTERN_BALKANS)"),
        description="The countries the directory knows, by code",
    )
    regions = graphene.List(graphene.NonNull(Region), required=True, description="The regions, by code")
    competences = graphene.List(graphene.NonNull(Competence), required=True, description="The competences, by code")
    services = graphene.List(graphene.NonNull(Service), required=True, description="The Benelux services, by code")
    programmes = graphene.List(graphene.NonNull(Programme), required=True, description="The joint programmes, by code")

    @staticmethod
    async def resolve_officer(root, info, id: str):
        return await usecase.get_officer(info.context.reads, info.context.identity, id)

    @staticmethod
    async def resolve_officers(root, info, filter=None, first=None, after=None, last=None, before=None):
        officer_filter = usecase.OfficerFilter.model_validate(dict(filter or {}))
        page = page_request(first, after, last, before, usecase.MAX_PAGE)
        return await usecase.find_officers(info.context.reads, info.context.identity, officer_filter, page)

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
