"""Relay-style connections over a use case's Page: one shape for every paged list, paged forward
(first/after) or backward (last/before), as the Relay connection spec has it."""

from __future__ import annotations

import graphene


class PageInfo(graphene.ObjectType):
    """Where a page sits in its list, and the cursors to ask for the pages around it."""

    has_next_page = graphene.Boolean(required=True, description="Whether items follow this page (ask with after: endCursor)")
    has_previous_page = graphene.Boolean(
        required=True, description="Whether items precede this page (ask with before: startCursor)"
    )
    start_cursor = graphene.String(description="The cursor of the page's first item; null on an empty page")
    end_cursor = graphene.String(description="The cursor of the page's last item; null on an empty page")


def page_arguments(default: int, maximum: str) -> dict[str, graphene.Argument]:
    """first/after to page forward, last/before to page backward (one direction per request)."""
    return {
        "first": graphene.Int(description=f"Page forward: this many items, 1..{maximum} (default {default})"),
        "after": graphene.String(description="Page forward: the items after this cursor (a page's endCursor)"),
        "last": graphene.Int(description=f"Page backward: this many items, 1..{maximum}, the last ones before `before`"),
        "before": graphene.String(description="Page backward: the items before this cursor (a page's startCursor)"),
    }


def connection(node_type: type[graphene.ObjectType], name: str, what: str) -> type[graphene.ObjectType]:
    """`<name>Connection { edges { cursor node } nodes pageInfo }` for a Page of node_type; `what`
    names the items in the descriptions ("officers")."""
    edge = type(
        f"{name}Edge",
        (graphene.ObjectType,),
        {
            "Meta": type("Meta", (), {"description": f"One of the {what} of a page, with its cursor"}),
            "cursor": graphene.String(required=True, description="Where this item is in the list: give it as after or before"),
            "node": graphene.Field(node_type, required=True, description=f"One of the {what}"),
        },
    )

    def resolve_edges(page, info):
        return [edge(cursor=page.cursor(item), node=item) for item in page.items]

    def resolve_nodes(page, info):
        return page.items

    def resolve_page_info(page, info):
        start, end = (page.cursor(page.items[0]), page.cursor(page.items[-1])) if page.items else (None, None)
        return PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=start,
            end_cursor=end,
        )

    return type(
        f"{name}Connection",
        (graphene.ObjectType,),
        {
            "Meta": type("Meta", (), {"description": f"A page of {what}"}),
            "edges": graphene.List(
                graphene.NonNull(edge), required=True, description=f"The {what} of the page with their cursors"
            ),
            "nodes": graphene.List(graphene.NonNull(node_type), required=True, description=f"The {what} of the page"),
            "page_info": graphene.Field(PageInfo, required=True, description="The cursors around this page"),
            "resolve_edges": staticmethod(resolve_edges),
            "resolve_nodes": staticmethod(resolve_nodes),
            "resolve_page_info": staticmethod(resolve_page_info),
        },
    )
