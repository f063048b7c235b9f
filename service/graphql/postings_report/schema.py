"""The annual postings report (Council Decision 2003/170/JHA), for managers and admins."""

from __future__ import annotations

import graphene

from ...security.policy import Operation
from ...usecases import postings_report as usecase
from .. import permissions
from ..directory.types import Country, Officer, cached
from ..enums import PostingKind
from ..scalars import Date


def _country(info, iso2: str):
    return cached(info, lambda countries: countries.get(iso2), "countries")


def _countries(info, codes):
    return cached(info, lambda countries: [countries[c] for c in codes if c in countries], "countries")


class ReportPosting(graphene.ObjectType):
    class Meta:
        description = "A posting active in the report's year"

    posting_id = graphene.ID(required=True, description="The posting's id")
    officer = graphene.Field(Officer, required=True, description="The posted officer")
    state = graphene.Field(Country, required=True, description="The posting state: the country of the officer's home service")
    host_country = graphene.Field(Country, required=True, description="Where the posting is")
    city = graphene.String(required=True, description="The posting's city")
    station = graphene.String(description="Where the LO works, e.g. the embassy")
    kind = graphene.Field(PostingKind, required=True, description="Resident, regional or multilateral")
    accredited_to = graphene.List(graphene.NonNull(Country), required=True, description="Cross-accreditations")
    area = graphene.List(graphene.NonNull(Country), required=True, description="The declared area of responsibility")
    competences = graphene.List(graphene.NonNull(graphene.String), required=True, description="The officer's competence codes")
    serves_all = graphene.Boolean(required=True, description="Serves every Benelux service (joint use)")
    served_services = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="The services it is linked to, when not all"
    )
    starts_on = Date(required=True, description="First day of the posting")
    ends_on = Date(description="Last day of the posting (null: open-ended)")

    @staticmethod
    async def resolve_officer(parent: usecase.ReportPosting, info):
        return await info.context.reads.officer.load(parent.officer_id)

    @staticmethod
    def resolve_state(parent: usecase.ReportPosting, info):
        return _country(info, parent.state)

    @staticmethod
    def resolve_host_country(parent: usecase.ReportPosting, info):
        return _country(info, parent.host_country)

    @staticmethod
    def resolve_accredited_to(parent: usecase.ReportPosting, info):
        return _countries(info, parent.accredited_to)

    @staticmethod
    def resolve_area(parent: usecase.ReportPosting, info):
        return _countries(info, parent.area)

    @staticmethod
    def resolve_kind(parent: usecase.ReportPosting, info):
        return parent.kind


class HostCountryTotal(graphene.ObjectType):
    class Meta:
        description = "A posting state's postings in one host country"

    country = graphene.Field(Country, required=True, description="The host country")
    postings = graphene.Int(required=True, description="How many postings")

    @staticmethod
    def resolve_country(parent, info):
        return _country(info, parent[0])

    @staticmethod
    def resolve_postings(parent, info):
        return parent[1]


class StateTotal(graphene.ObjectType):
    class Meta:
        description = "A posting state's totals"

    state = graphene.Field(Country, required=True, description="The posting state (BE, NL, LU)")
    postings = graphene.Int(required=True, description="Postings active in the year")
    previous_year = graphene.Int(required=True, description="Postings active in the year before")
    change = graphene.Int(required=True, description="The postings minus previousYear")
    by_host_country = graphene.List(graphene.NonNull(HostCountryTotal), required=True, description="Per host country")

    @staticmethod
    def resolve_state(parent: usecase.StateTotal, info):
        return _country(info, parent.state)


class PostingsReport(graphene.ObjectType):
    class Meta:
        description = "The annual notification of LO postings (Council Decision 2003/170/JHA)"

    year = graphene.Int(required=True, description="The year reported")
    total = graphene.Int(required=True, description="Benelux postings active in the year")
    postings = graphene.List(graphene.NonNull(ReportPosting), required=True, description="By posting state, host country, start")
    totals = graphene.List(graphene.NonNull(StateTotal), required=True, description="Per posting state: BE, NL, LU")
    added = graphene.List(graphene.NonNull(ReportPosting), required=True, description="Active this year, not the year before")
    ended = graphene.List(graphene.NonNull(ReportPosting), required=True, description="Active the year before, not this year")


class PostingsReportQueries(graphene.ObjectType):
    postings_report = graphene.Field(
        PostingsReport,
        required=True,
        year=graphene.Int(required=True, description="The year, not in the future"),
        description="The annual postings report; also GET /reports/postings/<year>.csv or .pdf in your language",
    )

    @staticmethod
    async def resolve_postings_report(root, info, year: int):
        context = info.context
        return await usecase.postings_report(context.reads, context.identity, year, context.today())


permissions.register("Query", postingsReport=Operation.READ_ANALYTICS)
