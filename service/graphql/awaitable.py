"""Which resolver results graphql-core must await, decided per type.

graphql-core asks this for every value it completes (thousands per response). Its own check ends
in `hasattr(value, "__await__")`, which on a pydantic model (most of our values) goes through
pydantic's `__getattr__` and raises an AttributeError inside: a fifth of an officers page's
execution time. Awaitability is a property of the type (coroutines, futures, objects with
`__await__`), except for generator-based coroutines, which are marked per object.
"""

from __future__ import annotations

from types import GeneratorType
from typing import Any

from graphql.pyutils import is_awaitable as per_object

_BY_TYPE: dict[type, bool] = {}


def is_awaitable(value: Any) -> bool:
    kind = type(value)
    known = _BY_TYPE.get(kind)
    if known is None:
        if kind is GeneratorType:
            return per_object(value)
        known = _BY_TYPE[kind] = hasattr(kind, "__await__")
    return known
