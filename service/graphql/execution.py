"""graphql-core's executor with a shorter path for plain leaf fields.

Most fields of a response (names, codes, dates, scores) are scalars or enums read from an
attribute by graphene's default resolver, without arguments. For each of them graphql-core builds
a ResolveInfo, reads the (absent) arguments, and completes the value through three or four nested
calls: about half of the execution time of a search response (bench/RESULTS.md). Here such a field
is read and serialized directly. Anything else, and any value the short path cannot vouch for
(null, an error, a value its type refuses), goes through graphql-core's own code, so errors and
null handling are exactly graphql-core's.

The same for fields holding plain objects or lists of them (a coverage report's 5,000 cells, each
with its country, competence and officer): read from the attribute and their own fields executed
at once, without a ResolveInfo and graphql-core's four completion steps per object (a quarter of
a coverage report's time). An error in their fields is handled as graphql-core handles it.
"""

from __future__ import annotations

from asyncio import gather
from functools import partial
from typing import Any

from graphene.types.resolver import dict_or_attr_resolver
from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, is_leaf_type, located_error
from graphql.execution import ExecutionContext
from graphql.pyutils import Undefined

# Per field definition (the schema is built once): how the short paths read it, or None when
# the field does not qualify. Kept by id with the definition itself, which is checked on reading.
LEAF, OBJECT = "leaf", "object"
# (LEAF or OBJECT, attribute, default, the leaf or object type, a list of them?)
Plain = tuple[str, str, Any, Any, bool]
_PLAIN: dict[int, tuple[Any, Plain | None]] = {}


def _nullable(kind: Any) -> Any:
    return kind.of_type if isinstance(kind, GraphQLNonNull) else kind


def _plain(field_def: Any) -> Plain | None:
    """A field read by graphene's default resolver holding a leaf or a list of them, or a
    concrete object type that does not check its values (no is_type_of) or a list of them."""
    entry = _PLAIN.get(id(field_def))
    if entry is not None and entry[0] is field_def:
        return entry[1]
    found = None
    resolve = field_def.resolve
    kind = _nullable(field_def.type)
    many = isinstance(kind, GraphQLList)
    item = _nullable(kind.of_type) if many else kind
    if isinstance(resolve, partial) and resolve.func is dict_or_attr_resolver and not resolve.keywords:
        attname, default = resolve.args
        if is_leaf_type(item):
            found = (LEAF, attname, default, item, many)
        # Lists only of non-null objects: an error in an item then fails the whole list, as
        # here (a nullable item would be nulled alone by graphql-core).
        elif isinstance(item, GraphQLObjectType) and item.is_type_of is None and (not many or isinstance(kind.of_type, GraphQLNonNull)):
            found = (OBJECT, attname, default, item, many)
    _PLAIN[id(field_def)] = (field_def, found)
    return found


def _serialized(leaf: Any, value: Any) -> Any:
    """The value as its type serializes it, or None when graphql-core must decide."""
    if value is None or isinstance(value, Exception):
        return None
    try:
        serialized = leaf.serialize(value)
    except Exception:  # graphql-core reports it, with the field's location
        return None
    return None if serialized is Undefined else serialized


class LeanExecutionContext(ExecutionContext):
    def execute_field(self, parent_type, source, field_nodes, path):  # type: ignore[override]
        node = field_nodes[0]
        field_def = parent_type.fields.get(node.name.value)
        plain = _plain(field_def) if field_def is not None and not node.arguments and self.middleware_manager is None else None
        if plain is None:
            return super().execute_field(parent_type, source, field_nodes, path)
        shape, attname, default, item_type, many = plain
        value = source.get(attname, default) if isinstance(source, dict) else getattr(source, attname, default)
        if shape == LEAF:
            if not many:
                serialized = _serialized(item_type, value)
                if serialized is not None:
                    return serialized
            elif isinstance(value, (list, tuple)):
                items = [_serialized(item_type, item) for item in value]
                if None not in items:
                    return items
        elif many:
            if isinstance(value, (list, tuple)) and all(item is not None for item in value):
                return self._objects(field_def.type, item_type, field_nodes, path, value)
        elif value is not None and not isinstance(value, Exception):
            return self._object(field_def.type, item_type, field_nodes, path, value)
        return super().execute_field(parent_type, source, field_nodes, path)

    def _guarded(self, return_type: Any, field_nodes: Any, path: Any, run: Any) -> Any:
        """`run()`'s value, with an error in it handled as graphql-core's execute_field does."""
        try:
            completed = run()
        except Exception as raw_error:
            self.handle_field_error(located_error(raw_error, field_nodes, path.as_list()), return_type)
            return None
        if self.is_awaitable(completed):

            async def await_completed() -> Any:
                try:
                    return await completed
                except Exception as raw_error:
                    self.handle_field_error(located_error(raw_error, field_nodes, path.as_list()), return_type)
                    return None

            return await_completed()
        return completed

    def _object(self, return_type: Any, object_type: Any, field_nodes: Any, path: Any, value: Any) -> Any:
        subfields = self.collect_subfields(object_type, field_nodes)
        return self._guarded(return_type, field_nodes, path, lambda: self.execute_fields(object_type, value, path, subfields))

    def _objects(self, return_type: Any, object_type: Any, field_nodes: Any, path: Any, values: Any) -> Any:
        subfields = self.collect_subfields(object_type, field_nodes)

        def run() -> Any:
            items = [
                self.execute_fields(object_type, value, path.add_key(index, None), subfields)
                for index, value in enumerate(values)
            ]
            pending = [index for index, item in enumerate(items) if self.is_awaitable(item)]
            if not pending:
                return items

            async def gathered() -> list[Any]:
                done = await gather(*(items[index] for index in pending))
                for index, item in zip(pending, done):
                    items[index] = item
                return items

            return gathered()

        return self._guarded(return_type, field_nodes, path, run)
