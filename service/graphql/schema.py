"""The root schema: it only combines the domains."""

import graphene

from .directory.schema import DirectoryQueries
from .search.schema import SearchQueries


class Query(DirectoryQueries, SearchQueries, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query)
