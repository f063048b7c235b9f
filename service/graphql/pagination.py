"""Relay-style connections over a use case's Page: one shape for every paged list."""

from __future__ import annotations

import graphene


class PageInfo(graphene.ObjectType):
    has_next_page = graphene.Boolean(required=True)
    end_cursor = graphene.String()


def connection(node_type: type[graphene.ObjectType], name: str) -> type[graphene.ObjectType]:
    """`<name>Connection { edges { cursor node } nodes pageInfo }` for a Page of node_type."""
    edge = type(
        f"{name}Edge",
        (graphene.ObjectType,),
        {"cursor": graphene.String(required=True), "node": graphene.Field(node_type, required=True)},
    )

    def resolve_edges(page, info):
        return [edge(cursor=page.cursor(item), node=item) for item in page.items]

    def resolve_nodes(page, info):
        return page.items

    def resolve_page_info(page, info):
        end = page.cursor(page.items[-1]) if page.items else None
        return PageInfo(has_next_page=page.has_next_page, end_cursor=end)

    return type(
        f"{name}Connection",
        (graphene.ObjectType,),
        {
            "edges": graphene.List(graphene.NonNull(edge), required=True),
            "nodes": graphene.List(graphene.NonNull(node_type), required=True),
            "page_info": graphene.Field(PageInfo, required=True),
            "resolve_edges": staticmethod(resolve_edges),
            "resolve_nodes": staticmethod(resolve_nodes),
            "resolve_page_info": staticmethod(resolve_page_info),
        },
    )
