"""The root schema: it only combines the domains (and refuses to build if a root field has no rule)."""

import graphene

from .admin.schema import AdminMutations
from .analytics.schema import AnalyticsQueries
from .audit.schema import AuditQueries
from .availability.schema import AvailabilityMutations
from .coordinators.schema import CoordinationMutations
from .directory.schema import DirectoryQueries
from .finding.schema import FindingQueries
from .gatherings.schema import GatheringMutations, GatheringQueries
from .notices.schema import NoticeMutations, NoticeQueries
from .postings_report.schema import PostingsReportQueries
from .codes import upper_codes_of_root_fields
from .conversation.schema import ConversationMutations
from .permissions import RootFieldPolicy, annotate, guard_root_fields
from .request_form.schema import RequestFormMutations
from .notifications.schema import NotificationMutations, NotificationQueries, NotificationSubscriptions
from .search.schema import SearchQueries
from .tasking.schema import TaskingMutations, TaskingQueries
from .tasking.subscriptions import TaskingSubscriptions


class Query(
    DirectoryQueries, FindingQueries, SearchQueries, TaskingQueries, AuditQueries, AnalyticsQueries, NotificationQueries,
    GatheringQueries, NoticeQueries, PostingsReportQueries, graphene.ObjectType,
):
    """Reading the directory, finding LOs, following taskings; each field says which roles may ask."""


class Mutation(
    TaskingMutations, RequestFormMutations, ConversationMutations, AvailabilityMutations, AdminMutations, NotificationMutations,
    GatheringMutations, CoordinationMutations, NoticeMutations, graphene.ObjectType,
):
    """Requesting and working taskings, an LO's availability, administering the directory; each is recorded in the consultation log."""


class Subscription(TaskingSubscriptions, NotificationSubscriptions, graphene.ObjectType):
    """Changes pushed as they happen (GraphQL over WebSocket)."""


schema = graphene.Schema(query=Query, mutation=Mutation, subscription=Subscription)
annotate(schema.graphql_schema)
# The root-field policy sits in front of each root field's resolver and each subscription's
# source stream, in the schema itself (permissions.guard_root_fields); no per-field middleware.
guard_root_fields(schema.graphql_schema, RootFieldPolicy())
upper_codes_of_root_fields(schema.graphql_schema)  # codes case-insensitive, once, before any use case
MIDDLEWARE: list = []
