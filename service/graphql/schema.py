"""The root schema: it only combines the domains (and refuses to build if a root field has no rule)."""

import graphene

from .admin.schema import AdminMutations
from .analytics.schema import AnalyticsQueries
from .audit.schema import AuditQueries
from .availability.schema import AvailabilityMutations
from .directory.coordination import CoordinationMutations
from .directory.schema import DirectoryQueries
from .gatherings.schema import GatheringMutations, GatheringQueries
from .notices.schema import NoticeMutations, NoticeQueries
from .postings_report.schema import PostingsReportQueries
from .codes import upper_codes_of_root_fields
from .permissions import RootFieldPolicy, annotate, guard_root_fields
from .search.schema import SearchQueries
from .tasking.schema import TaskingMutations, TaskingQueries
from .tasking.subscriptions import TaskingSubscriptions


class Query(
    DirectoryQueries, SearchQueries, TaskingQueries, AuditQueries, AnalyticsQueries, GatheringQueries, NoticeQueries,
    PostingsReportQueries, graphene.ObjectType,
):
    pass


class Mutation(
    TaskingMutations, AvailabilityMutations, AdminMutations, GatheringMutations, CoordinationMutations,
    NoticeMutations, graphene.ObjectType,
):
    pass


class Subscription(TaskingSubscriptions, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation, subscription=Subscription)
annotate(schema.graphql_schema)
# The root-field policy sits in front of each root field's resolver and each subscription's
# source stream, in the schema itself (permissions.guard_root_fields); no per-field middleware.
guard_root_fields(schema.graphql_schema, RootFieldPolicy())
upper_codes_of_root_fields(schema.graphql_schema)  # codes case-insensitive, once, before any use case
MIDDLEWARE: list = []
