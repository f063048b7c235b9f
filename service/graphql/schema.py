"""The root schema: it only combines the domains (and refuses to build if a root field has no rule)."""

import graphene

from .audit.schema import AuditQueries
from .availability.schema import AvailabilityMutations
from .directory.schema import DirectoryQueries
from .permissions import RootFieldPolicy, annotate
from .search.schema import SearchQueries
from .tasking.schema import TaskingMutations, TaskingQueries


class Query(DirectoryQueries, SearchQueries, TaskingQueries, AuditQueries, graphene.ObjectType):
    pass


class Mutation(TaskingMutations, AvailabilityMutations, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
annotate(schema.graphql_schema)
MIDDLEWARE = [RootFieldPolicy()]
