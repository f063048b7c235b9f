"""graphql-core's executor with a shorter path for plain leaf fields.

Most fields of a response (names, codes, dates, scores) are scalars or enums read from an
attribute by graphene's default resolver, without arguments. For each of them graphql-core builds
a ResolveInfo, reads the (absent) arguments, and completes the value through three or four nested
calls: about half of the execution time of a search response (bench/RESULTS.md). Here such a field
is read and serialized directly. Anything else, and any value the short path cannot vouch for
(null, an error, a value its type refuses), goes through graphql-core's own code, so errors and
null handling are exactly graphql-core's.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from graphene.types.resolver import dict_or_attr_resolver
from graphql import GraphQLList, GraphQLNonNull, is_leaf_type
from graphql.execution import ExecutionContext
from graphql.pyutils import Undefined

# Per field definition (the schema is built once): (attribute, default, leaf type, a list of
# them?), or None when the field does not qualify. Kept by id with the definition itself, which
# is checked on reading.
Plain = tuple[str, Any, Any, bool]
_PLAIN: dict[int, tuple[Any, Plain | None]] = {}


def _nullable(kind: Any) -> Any:
    return kind.of_type if isinstance(kind, GraphQLNonNull) else kind


def _plain_leaf(field_def: Any) -> Plain | None:
    entry = _PLAIN.get(id(field_def))
    if entry is not None and entry[0] is field_def:
        return entry[1]
    found = None
    resolve = field_def.resolve
    kind = _nullable(field_def.type)
    many = isinstance(kind, GraphQLList)
    leaf = _nullable(kind.of_type) if many else kind
    if isinstance(resolve, partial) and resolve.func is dict_or_attr_resolver and not resolve.keywords and is_leaf_type(leaf):
        attname, default = resolve.args
        found = (attname, default, leaf, many)
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
        plain = _plain_leaf(field_def) if field_def is not None and not node.arguments and self.middleware_manager is None else None
        if plain is not None:
            attname, default, leaf, many = plain
            value = source.get(attname, default) if isinstance(source, dict) else getattr(source, attname, default)
            if not many:
                serialized = _serialized(leaf, value)
                if serialized is not None:
                    return serialized
            elif isinstance(value, (list, tuple)):
                items = [_serialized(leaf, item) for item in value]
                if None not in items:
                    return items
        return super().execute_field(parent_type, source, field_nodes, path)
