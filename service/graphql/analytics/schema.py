"""Managers' analytics: coverage (with gaps, single points and expiring postings), workload,
response times and programme reports. Thin: each root field calls one use case
(service/usecases/analytics.py), which the CSV exports and the dashboard use too."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import graphene

from ...domain.coverage import CoverageStatus as DomainCoverageStatus
from ...security.policy import Operation
from ...usecases import analytics as usecase
from .. import permissions
from ..limits import LIST_SIZES
from ..directory.types import Competence, CompetenceLevel, Country, Officer, Posting, Programme
from ..enums import Route, described
from ..scalars import Date, DateTime

def _of(holder: str, name: str):
    """A resolver reading `parent.<holder>.<name>` (the use case's scope, period or joint use)."""
    return lambda parent, info: getattr(getattr(parent, holder), name)


CoverageStatus = described(
    DomainCoverageStatus,
    "How well a country (or a country x competence cell) is covered on the date",
    {
        "COVERED": "Two or more officers cover it",
        "SINGLE_POINT": "Exactly one officer covers it: nobody left when they are away",
        "GAP": "Nobody covers it",
    },
)


class CoverageProvider(graphene.ObjectType):
    """An officer who covers a country, and how."""

    officer = graphene.Field(Officer, required=True, description="The officer who covers it")
    posting = graphene.Field(Posting, required=True, description="The active posting through which the officer covers")
    route = graphene.Field(Route, required=True, description="DIRECT (posted there), ACCREDITED, AREA (declared area of responsibility) or DEPUTY (standing in for an unavailable LO)")
    competences = graphene.List(
        graphene.NonNull(CompetenceLevel), required=True, description="The competences in scope it covers, with levels"
    )
    served_services = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="Services the posting serves (joint use)"
    )


class CompetenceCoverage(graphene.ObjectType):
    """How one competence is covered in one country."""

    competence = graphene.Field(Competence, required=True, description="The competence")
    status = graphene.Field(CoverageStatus, required=True, description="Covered, by a single officer, or a gap")
    providers = graphene.List(graphene.NonNull(CoverageProvider), required=True, description="Best route first")


class CountryCoverage(graphene.ObjectType):
    """How one country is covered: by whom, for which competences."""

    country = graphene.Field(Country, required=True, description="The country")
    status = graphene.Field(CoverageStatus, required=True, description="By the officers covering any competence in scope")
    officer_count = graphene.Int(required=True, description="How many officers cover the country")
    covered_competences = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="Codes of the competences in scope someone covers"
    )
    missing_competences = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="Codes of the competences in scope nobody covers"
    )
    providers = graphene.List(
        graphene.NonNull(CoverageProvider),
        required=True,
        description="Who covers the country (any competence in scope), best route first",
    )
    competences = graphene.List(
        graphene.NonNull(CompetenceCoverage), required=True, description="One per competence in scope"
    )


class CoverageGap(graphene.ObjectType):
    """A country and competence nobody covers."""

    country = graphene.Field(Country, required=True, description="The country")
    competence = graphene.Field(Competence, required=True, description="The competence nobody covers there")


class SinglePoint(graphene.ObjectType):
    """A country and competence one officer alone covers: their absence makes it a gap."""

    country = graphene.Field(Country, required=True, description="The country")
    competence = graphene.Field(Competence, required=True, description="The competence")
    officer = graphene.Field(Officer, required=True, description="The only officer covering it")
    posting = graphene.Field(Posting, required=True, description="The posting through which the officer covers it")
    route = graphene.Field(Route, required=True, description="How the posting covers the country")
    level = graphene.Int(required=True, description="The officer's level in the competence: 1 basic, 2 experienced, 3 specialist")
    has_deputy = graphene.Boolean(required=True, description="Whether the officer has a named deputy")
    deputies = graphene.List(graphene.NonNull(Officer), required=True, description="In rank order")


class ExpiringPosting(graphene.ObjectType):
    """A posting that ends soon, and what its end would leave uncovered."""

    posting = graphene.Field(Posting, required=True, description="The posting")
    officer = graphene.Field(Officer, required=True, description="The officer holding it")
    ends_on = Date(required=True, description="The posting's last day")
    days_left = graphene.Int(required=True, description="Days from the report's day to the last day")
    would_become_gaps = graphene.List(
        graphene.NonNull(CoverageGap),
        required=True,
        description="Covered now, uncovered the day after it ends (later postings taken into account)",
    )


class CoverageSummary(graphene.ObjectType):
    """The report in counts."""

    countries = graphene.Int(required=True, description="Countries in scope")
    covered = graphene.Int(required=True, description="Countries covered by more than one officer")
    single_point = graphene.Int(required=True, description="Countries covered by one officer only")
    gap = graphene.Int(required=True, description="Countries nobody covers")
    gap_cells = graphene.Int(required=True, description="Country x competence without coverage")
    single_point_cells = graphene.Int(required=True, description="Country x competence covered by one officer")


class CoverageReport(graphene.ObjectType):
    class Meta:
        description = (
            "Which countries and competences the active postings cover, by whom, by which route, for which "
            "services. Multilateral postings (Europol, Interpol, ...) do not count; Belgium, the Netherlands "
            "and Luxembourg are not in scope."
        )

    as_of = Date(required=True, description="The day the report is for")
    region = graphene.String(resolver=_of("scope", "region"), description="The region asked for, if any")
    competence = graphene.String(resolver=_of("scope", "competence"), description="The competence asked for, if any")
    served_service = graphene.String(
        resolver=_of("scope", "served_service"), description="The service the postings must serve, if asked"
    )
    summary = graphene.Field(CoverageSummary, required=True, description="The report in counts")
    countries = graphene.List(graphene.NonNull(CountryCoverage), required=True, description="By ISO code")
    gaps = graphene.List(graphene.NonNull(CoverageGap), required=True, description="Country x competence nobody covers")
    single_points = graphene.List(
        graphene.NonNull(SinglePoint), required=True, description="Country x competence exactly one officer covers"
    )
    expiring_postings = graphene.List(
        graphene.NonNull(ExpiringPosting),
        required=True,
        within_months=graphene.Int(default_value=6, description=f"1..{usecase.MAX_MONTHS}"),
        description="Active postings ending within the months after asOf, soonest first",
    )

    @staticmethod
    def resolve_expiring_postings(parent: usecase.CoverageReport, info, within_months: int):
        return parent.expiring(within_months)


class WorkloadGroup(graphene.ObjectType):
    """The open taskings of one officer, country or service."""

    key = graphene.String(required=True, description="Officer id, country ISO code or service code")
    name = graphene.String(required=True, description="The officer's, country's or service's name")
    open = graphene.Int(required=True, description="Taskings REQUESTED, ACCEPTED or IN_PROGRESS")
    overdue = graphene.Int(required=True, description="Open and past their dueBy")


class Workload(graphene.ObjectType):
    """The open taskings now, in total and by officer, country and requesting service."""

    open = graphene.Int(required=True, description="Taskings REQUESTED, ACCEPTED, IN_PROGRESS or AWAITING_INFORMATION")
    overdue = graphene.Int(
        required=True, description="Open and past their dueBy (while awaiting information the clock stands still)"
    )
    by_officer = graphene.List(graphene.NonNull(WorkloadGroup), required=True, description="By the assigned officer")
    by_country = graphene.List(graphene.NonNull(WorkloadGroup), required=True, description="By the country concerned")
    by_requesting_service = graphene.List(
        graphene.NonNull(WorkloadGroup), required=True, description="By the service that requested"
    )


class Durations(graphene.ObjectType):
    """How long taskings took to reach a state, in hours."""

    count = graphene.Int(required=True, description="How many taskings reached the state")
    median = graphene.Float(name="medianHours", description="The median, in hours; null when none reached it")
    p90 = graphene.Float(name="p90Hours", description="90th percentile (linear interpolation)")


class ResponseStats(graphene.ObjectType):
    """Response times of the taskings of one officer or country, or of all."""

    key = graphene.String(required=True, description="Officer id or country ISO code (ALL for the whole)")
    name = graphene.String(required=True, description="The officer's or country's name")
    taskings = graphene.Int(required=True, description="Taskings created in the period")
    to_accepted = graphene.Field(
        Durations, required=True, description="From REQUESTED to ACCEPTED by the current assignee"
    )
    to_completed = graphene.Field(
        Durations,
        required=True,
        description="From REQUESTED to COMPLETED, less the time spent AWAITING_INFORMATION (the requester's, not the LO's)",
    )
    deadline_missed = graphene.Int(
        required=True, description="Deadline breaches: taskings completed after their dueBy (kept at completion)"
    )
    delayed = graphene.Int(required=True, description="Taskings whose assignee announced a delay (announceDelay)")
    delays_announced = graphene.Int(
        required=True, name="delaysAnnounced", description="Delays announced on these taskings (one tasking may have several)"
    )


class PeriodFields:
    """The period asked (inclusive days), with its defaults applied."""

    since = Date(required=True, name="from", resolver=_of("period", "since"), description="The period's first day")
    until = Date(required=True, name="to", resolver=_of("period", "until"), description="The period's last day")


class ResponseTimes(PeriodFields, graphene.ObjectType):
    """How fast taskings created in a period were accepted and completed."""

    overall = graphene.Field(ResponseStats, required=True, description="All the taskings of the period")
    by_officer = graphene.List(graphene.NonNull(ResponseStats), required=True, description="By the assigned officer")
    by_country = graphene.List(graphene.NonNull(ResponseStats), required=True, description="By the country concerned")


class KeyCount(graphene.ObjectType):
    """A count of taskings for one key."""

    key = graphene.String(required=True, description="A service code, country ISO code or officer id")
    count = graphene.Int(required=True, description="How many")


class JointUseFields:
    """What a posting (or the whole programme) received."""

    taskings = graphene.Int(
        required=True, resolver=_of("use", "taskings"), description="Requests received (created in the period)"
    )
    declined = graphene.Int(required=True, resolver=_of("use", "declined"), description="Requests declined")
    by_requesting_service = graphene.List(
        graphene.NonNull(KeyCount),
        required=True,
        resolver=_of("use", "by_requesting_service"),
        description="Requests by the service that made them",
    )
    by_requesting_country = graphene.List(
        graphene.NonNull(KeyCount), required=True, resolver=_of("use", "by_requesting_country"), description="BE, NL, LU"
    )
    by_country = graphene.List(
        graphene.NonNull(KeyCount), required=True, resolver=_of("use", "by_country"), description="Where the help was needed"
    )
    served_countries = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        resolver=_of("use", "served_countries"),
        description="BE/NL/LU with a request that was not declined",
    )
    all_three_served = graphene.Boolean(
        required=True, resolver=_of("use", "all_three_served"), description="Did the joint use serve all three countries?"
    )


class ProgrammePosting(JointUseFields, graphene.ObjectType):
    """What one posting of a programme received in the period."""

    posting = graphene.Field(Posting, required=True, description="The programme's posting")
    officer = graphene.Field(Officer, required=True, description="The officer holding it")


class StandIn(graphene.ObjectType):
    """A tasking a deputy handled while the programme LO covering the country was unavailable."""

    tasking_id = graphene.ID(
        required=True, name="taskingId", resolver=lambda parent, info: parent.tasking, description="The tasking's id"
    )
    country = graphene.String(required=True, description="The ISO code of the country the tasking concerns")
    created_at = DateTime(required=True, name="createdAt", description="When the tasking was requested")
    deputy = graphene.Field(Officer, required=True, description="Who handled it (the assignee)")
    standing_in_for = graphene.Field(Officer, required=True, description="The programme LO who was unavailable")
    posting = graphene.Field(Posting, required=True, description="The absent LO's programme posting covering the country")


class ProgrammeReport(PeriodFields, JointUseFields, graphene.ObjectType):
    """What a joint programme's postings received in a period, and who stood in for whom."""

    programme = graphene.Field(Programme, required=True, description="The programme")
    postings = graphene.List(
        graphene.NonNull(ProgrammePosting), required=True, description="The programme's postings active in the period"
    )
    stand_ins = graphene.List(
        graphene.NonNull(StandIn),
        required=True,
        description="Taskings created in the period that a deputy handled for a programme LO who was unavailable that day "
        "(the deputy did not cover the country by a posting of their own)",
    )


def _zone(info) -> ZoneInfo:
    return ZoneInfo(info.context.settings.timezone)


class AnalyticsQueries(graphene.ObjectType):
    coverage = graphene.Field(
        CoverageReport,
        required=True,
        as_of=Date(description="Default: today"),
        region=graphene.String(description="Only the countries of this region, e.g. WESTERN_BALKANS"),
        competence=graphene.String(description="Only this competence, e.g. DRUGS"),
        served_service=graphene.String(description="Only postings serving this service, e.g. LU-POLICE"),
        description="Network coverage by country and competence, for managers",
    )
    workload = graphene.Field(Workload, required=True, description="Open taskings now")
    response_times = graphene.Field(
        ResponseTimes,
        required=True,
        since=Date(name="from", description="First creation day (default: a year before `to`)"),
        until=Date(name="to", description="Last creation day (default: today)"),
        description="Time from REQUESTED to ACCEPTED and to COMPLETED, for the taskings created in the period",
    )
    programme_report = graphene.Field(
        ProgrammeReport,
        required=True,
        code=graphene.String(required=True, description="e.g. BALKANS_PILOT"),
        since=Date(name="from", description="Default: the programme's start"),
        until=Date(name="to", description="Default: today"),
        description="Per posting of a programme: taskings by requesting service and country",
    )

    @staticmethod
    async def resolve_coverage(root, info, as_of=None, region=None, competence=None, served_service=None):
        context = info.context
        return await usecase.coverage(
            context.reads, context.identity, context.today(),
            as_of=as_of, region=region, competence=competence, served_service=served_service,
        )

    @staticmethod
    async def resolve_workload(root, info):
        return await usecase.workload(info.context.reads, info.context.identity, info.context.now())

    @staticmethod
    async def resolve_response_times(root, info, since=None, until=None):
        context = info.context
        return await usecase.response_times(context.reads, context.identity, since, until, context.today(), _zone(info))

    @staticmethod
    async def resolve_programme_report(root, info, code: str, since=None, until=None):
        context = info.context
        return await usecase.programme_report(
            context.reads, context.identity, code, since, until, context.today(), _zone(info)
        )


permissions.register(
    "Query",
    coverage=Operation.READ_ANALYTICS,
    workload=Operation.READ_ANALYTICS,
    responseTimes=Operation.READ_ANALYTICS,
    programmeReport=Operation.READ_ANALYTICS,
)

# Expected list sizes for the query cost limit (service/graphql/limits.py; others count 20),
# typical values measured on the demo network: 247 countries in scope; per country a median of
# 2 officers (mean 3.2) bringing 2 competences each, 4 competences covered and 8 missing; 0.6
# officers per cell; postings serving 14 services; 7 postings ending within six months. Gap and
# single-point lists are sized for a question narrowed to one competence (at most one per
# country). The whole matrix, every officer with every detail, is the CSV export's job.
LIST_SIZES.update(
    {
        "CoverageReport.countries": 250,
        "CountryCoverage.providers": 2,
        "CountryCoverage.coveredCompetences": 4,
        "CountryCoverage.missingCompetences": 8,
        "CountryCoverage.competences": 12,
        "CompetenceCoverage.providers": 1,
        "CoverageProvider.competences": 2,
        "CoverageProvider.servedServices": 14,
        "CoverageReport.gaps": 500,
        "CoverageReport.singlePoints": 250,
        "SinglePoint.deputies": 2,
        "CoverageReport.expiringPostings": 10,
        "ExpiringPosting.wouldBecomeGaps": 20,
        "ProgrammeReport.postings": 5,
        "ProgrammeReport.servedCountries": 3,
        "ProgrammePosting.servedCountries": 3,
    }
)
