"""The root schema: it only combines the domains (and refuses to build if a root field has no rule)."""

import graphene

from .audit.schema import AuditQueries
from .directory.schema import DirectoryQueries
from .permissions import RootFieldPolicy, annotate
from .search.schema import SearchQueries


class Query(DirectoryQueries, SearchQueries, AuditQueries, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query)
annotate(schema.graphql_schema)
MIDDLEWARE = [RootFieldPolicy()]
