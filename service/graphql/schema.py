"""The root schema: it only combines the domains (and refuses to build if a root field has no rule)."""

import graphene
from graphql import GraphQLSchema
from graphql.execution.middleware import MiddlewareManager

from .admin.schema import AdminMutations
from .analytics.schema import AnalyticsQueries
from .audit.schema import AuditQueries
from .availability.schema import AvailabilityMutations
from .directory.schema import DirectoryQueries
from .permissions import RootFieldPolicy, annotate
from .search.schema import SearchQueries
from .tasking.schema import TaskingMutations, TaskingQueries
from .tasking.subscriptions import TaskingSubscriptions


class Query(DirectoryQueries, SearchQueries, TaskingQueries, AuditQueries, AnalyticsQueries, graphene.ObjectType):
    pass


class Mutation(TaskingMutations, AvailabilityMutations, AdminMutations, graphene.ObjectType):
    pass


class Subscription(TaskingSubscriptions, graphene.ObjectType):
    pass


def guard_event_streams(graphql_schema: GraphQLSchema, middleware: list) -> None:
    """Run each subscription field's `subscribe` (its source stream) through the middleware too.

    graphql-core 3.2 creates a source stream without middleware; each event is then executed
    with it (service/api/websocket.py). Wrapped here, the root-field policy refuses a caller
    before a stream is opened, not at its first event.
    """
    if graphql_schema.subscription_type is None:
        return
    manager = MiddlewareManager(*middleware)
    for field in graphql_schema.subscription_type.fields.values():
        if field.subscribe is not None:
            field.subscribe = manager.get_field_resolver(field.subscribe)


schema = graphene.Schema(query=Query, mutation=Mutation, subscription=Subscription)
annotate(schema.graphql_schema)
MIDDLEWARE = [RootFieldPolicy()]
guard_event_streams(schema.graphql_schema, MIDDLEWARE)
