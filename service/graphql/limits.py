"""Query limits checked before execution (so a refused query costs no store call).

- depth: nesting of field selections (introspection fields excepted);
- aliases: how many aliased fields one document may have;
- page size: no `first` above the cap;
- cost: every field costs 1, and a list field multiplies what is selected below it by its
  `first` argument, or by the list's expected size when it takes none.

Introspection (`__schema`, `__type`) is walked like any field: its aliases count, its depth
counts (except a type reference's `ofType` chain, up to TYPE_REF_DEPTH links, so GraphiQL's own
introspection query runs), and its lists cost what the schema really holds (`__Schema.types` the
number of types, `__Type.fields` the mean number of fields per type, ...). The full
introspection query costs about as much as its answer has values; asking for it twice does not
fit within the default cost limit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_enum_type,
    is_input_object_type,
    is_interface_type,
    is_object_type,
    is_union_type,
)
from graphql.execution.values import get_variable_values
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef

from ..errors import BadUserInput
from ..i18n import _

# Expected sizes of lists that take no `first`, by "Type.field"; others count DEFAULT_LIST_SIZE.
LIST_SIZES = {
    "Query.countries": 250,
    "Query.regions": 20,
    "Query.competences": 12,
    "Query.services": 15,
    "Query.programmes": 5,
    "Region.countries": 40,
    "Posting.serves": 15,
    "Posting.accreditedTo": 4,
    "Posting.programmes": 2,
    "Posting.area": 4,
    "Programme.countries": 10,
    "Programme.postings": 30,
    "Officer.postings": 4,
    "Officer.competences": 4,
    "Officer.deputies": 3,
    "Officer.availabilityWindows": 6,
    "LiaisonSearchResult.matches": 20,
    "LiaisonSearchResult.alternatives": 10,
}
DEFAULT_LIST_SIZE = 20
# Root fields whose answer grows with the whole network, not with a page: a process builds only
# a few of them at once (LONET_REPORTS_AT_ONCE, api/app.py).
WHOLE_NETWORK_REPORTS = frozenset({"coverage", "workload", "responseTimes", "programmeReport", "postingsReport"})
CONNECTION_LISTS = ("edges", "nodes")
# `ofType` links of a type reference that do not deepen a query (GraphiQL's TypeRef has 9).
TYPE_REF_DEPTH = 10
META_FIELDS = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef}


def _mean(total: int, count: int) -> int:
    return max(1, math.ceil(total / count)) if count else 1


def _links(type_: Any) -> int:
    links = 0
    while isinstance(type_, (GraphQLNonNull, GraphQLList)):
        links, type_ = links + 1, type_.of_type
    return links


@cache
def introspection_list_sizes(schema: GraphQLSchema) -> dict[str, int]:
    """What each introspection list really holds in this schema (means, rounded up)."""
    types = list(schema.type_map.values())
    fields = [f for t in types if is_object_type(t) or is_interface_type(t) for f in t.fields.values()]
    directives = list(schema.directives)
    arguments = sum(len(f.args) for f in fields) + sum(len(d.args) for d in directives)
    references = [f.type for f in fields] + [a.type for f in fields for a in f.args.values()]
    references += [f.type for t in types if is_input_object_type(t) for f in t.fields.values()]
    return {
        "ofType": max((_links(r) for r in references), default=0),
        "__Schema.types": len(types),
        "__Schema.directives": len(directives),
        "__Type.fields": _mean(len(fields), len(types)),
        "__Type.inputFields": _mean(sum(len(t.fields) for t in types if is_input_object_type(t)), len(types)),
        "__Type.enumValues": _mean(sum(len(t.values) for t in types if is_enum_type(t)), len(types)),
        "__Type.interfaces": _mean(sum(len(t.interfaces) for t in types if is_object_type(t) or is_interface_type(t)), len(types)),
        "__Type.possibleTypes": _mean(sum(len(t.types) for t in types if is_union_type(t)), len(types)),
        "__Field.args": _mean(arguments, len(fields) + len(directives)),
        "__Directive.args": _mean(sum(len(d.args) for d in directives), len(directives)),
        "__Directive.locations": 4,
    }


@dataclass(frozen=True)
class Limits:
    max_depth: int
    max_cost: int
    max_aliases: int
    max_page_size: int


class QueryRefused(BadUserInput):
    def __init__(self, limit: str, allowed: int, actual: int, message: str) -> None:
        super().__init__(message, limit=limit, allowed=allowed, actual=actual)


def _unwrap(type_: Any) -> tuple[Any, bool]:
    is_list = False
    while isinstance(type_, (GraphQLNonNull, GraphQLList)):
        is_list = is_list or isinstance(type_, GraphQLList)
        type_ = type_.of_type
    return type_, is_list


class _Walker:
    def __init__(self, schema: GraphQLSchema, fragments: Mapping[str, FragmentDefinitionNode], variables: Mapping[str, Any], limits: Limits) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.limits = limits
        self.aliases = 0
        self.consulted: set[str] = set()  # the variables whose values gave a page size

    def _first(self, node: FieldNode) -> int | None:
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return int(value.value)
            if isinstance(value, VariableNode):
                # Coerced values: operation defaults applied, 100.0 already turned into 100.
                self.consulted.add(value.name.value)
                given = self.variables.get(value.name.value)
                return given if isinstance(given, int) else None
        return None

    def _fields(self, selection_set: SelectionSetNode | None, seen: frozenset[str] = frozenset()):
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                yield selection
            elif isinstance(selection, InlineFragmentNode):
                yield from self._fields(selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in seen or name not in self.fragments:
                    continue  # cycles and unknown fragments are validation's business
                yield from self._fields(self.fragments[name].selection_set, seen | {name})

    def walk(
        self,
        parent: GraphQLObjectType,
        selection_set: SelectionSetNode | None,
        depth: int,
        inherited_size: int | None,
        type_ref_links: int = 0,
    ) -> int:
        """The cost of a selection set; checks depth, aliases and page sizes on the way."""
        cost = 0
        for node in self._fields(selection_set):
            name = node.name.value
            if node.alias is not None:
                self.aliases += 1  # __typename aliases too: they cost parsing and response size
            if name == "__typename":
                continue
            links = type_ref_links + 1 if name == "ofType" and parent.name == "__Type" else 0
            if links and links <= TYPE_REF_DEPTH:
                depth -= 1  # a type reference's chain: counted in cost, not in depth
            if depth > self.limits.max_depth:
                raise QueryRefused(
                    "maxDepth", self.limits.max_depth, depth,
                    _("the query nests %(actual)d levels deep; the limit is %(most)d", actual=depth, most=self.limits.max_depth),
                )
            field = META_FIELDS.get(name) or (parent.fields.get(name) if isinstance(parent, GraphQLObjectType) else None)
            if field is None:
                continue
            child_type, is_list = _unwrap(field.type)
            first = self._first(node)
            if first is not None and first > self.limits.max_page_size:
                raise QueryRefused(
                    "maxPageSize", self.limits.max_page_size, first,
                    _(
                        "first: %(first)d on %(field)s exceeds the page size limit of %(most)d",
                        first=first,
                        field=name,
                        most=self.limits.max_page_size,
                    ),
                )
            size = 1
            if links > introspection_list_sizes(self.schema)["ofType"]:
                size = 0  # no type reference of this schema is wrapped that often: null, free
            if is_list:
                key = f"{parent.name}.{name}"
                expected = introspection_list_sizes(self.schema).get(key) if parent.name.startswith("__") else LIST_SIZES.get(key)
                size = inherited_size if name in CONNECTION_LISTS and inherited_size else (expected or first or DEFAULT_LIST_SIZE)
            below = 0
            named = get_named_type(child_type)
            if node.selection_set is not None and isinstance(named, GraphQLObjectType):
                below = self.walk(named, node.selection_set, depth + 1, first if not is_list else None, links)
            if links and links <= TYPE_REF_DEPTH:
                depth += 1
            cost += size * (1 + below)
        return cost


def check_limits(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None,
    limits: Limits,
) -> int:
    """Raise QueryRefused naming the first limit exceeded; return the computed cost."""
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables or {})
    if isinstance(coerced, list):
        return 0  # the variables do not coerce: execution refuses the request before any resolver runs
    kept = _WITHIN_LIMITS.get(id(operation))
    if kept is not None and kept.operation is operation and kept.schema is schema and kept.limits == limits:
        cost = kept.costs.get(tuple(coerced.get(name) for name in kept.consulted))
        if cost is not None:
            return cost
    root = schema.get_root_type(operation.operation)
    walker = _Walker(schema, fragments, coerced, limits)
    cost = walker.walk(root, operation.selection_set, 1, None)
    if walker.aliases > limits.max_aliases:
        raise QueryRefused(
            "maxAliases", limits.max_aliases, walker.aliases,
            _("the query uses %(actual)d aliases; the limit is %(most)d", actual=walker.aliases, most=limits.max_aliases),
        )
    if cost > limits.max_cost:
        raise QueryRefused(
            "maxCost", limits.max_cost, cost, _("the query would cost %(actual)d; the limit is %(most)d", actual=cost, most=limits.max_cost)
        )
    _keep_within_limits(schema, operation, limits, walker.consulted, coerced, cost)
    return cost


@dataclass
class _Checked:
    """An operation found within the limits, and its cost for the page sizes its variables gave."""

    operation: OperationDefinitionNode  # held: its id cannot be another operation's while kept
    schema: GraphQLSchema
    limits: Limits
    consulted: tuple[str, ...]
    costs: dict[tuple[Any, ...], int]


# The walk is the same for every request sending the same document (kept parsed and validated by
# the API) with the same page-size variables: most requests are a client's few documents again, so
# their walk (about 5% of a search request's CPU) is done once. Only operations found within the
# limits are kept (a refusal is walked again: its message names the limit). Each kept operation
# holds its parsed document, so few and small ones are kept (a client's documents are a few hundred
# characters): at most 64 documents of 4 KB, a few MB with their syntax trees, whatever a client
# sends; bounded by emptying.
_WITHIN_LIMITS: dict[int, _Checked] = {}
MAX_KEPT_OPERATIONS = 64
MAX_KEPT_DOCUMENT_CHARS = 4_096
MAX_KEPT_PAGE_SIZES = 256  # cost entries per operation (one per page-size variable values)


def _keep_within_limits(
    schema: GraphQLSchema, operation: OperationDefinitionNode, limits: Limits, consulted: set[str], coerced: Mapping[str, Any], cost: int
) -> None:
    if operation.loc is None or len(operation.loc.source.body) > MAX_KEPT_DOCUMENT_CHARS:
        return
    names = tuple(sorted(consulted))
    kept = _WITHIN_LIMITS.get(id(operation))
    if kept is None or kept.operation is not operation or kept.schema is not schema or kept.limits != limits or kept.consulted != names:
        if len(_WITHIN_LIMITS) >= MAX_KEPT_OPERATIONS:
            _WITHIN_LIMITS.clear()
        kept = _WITHIN_LIMITS[id(operation)] = _Checked(operation, schema, limits, names, {})
    if len(kept.costs) >= MAX_KEPT_PAGE_SIZES:
        kept.costs.clear()
    kept.costs[tuple(coerced.get(name) for name in names)] = cost
