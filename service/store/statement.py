"""Named Cypher statements: the one place every query lives, enumerable by the lint and tests.

Each statement is written once in the Cypher subset that both LadybugDB and Neo4j run: one label
per node, values always as `$parameters` (temporal values too), no pattern comprehensions, no
APOC, no parameter names that are Cypher keywords.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Mode(StrEnum):
    READ = "read"
    WRITE = "write"


@dataclass(frozen=True)
class Statement:
    name: str
    cypher: str
    mode: Mode
    # Parameters that make the statement meaningful on the demo network; the contract tests
    # execute every registered statement with them on each engine.
    example: Mapping[str, Any] = field(default_factory=dict)
    # Bulk statements UNWIND a list parameter; LadybugDB cannot bind an empty list, so the
    # executors skip the call when this parameter is empty (it would change nothing anyway).
    unwinds: str | None = None


REGISTRY: dict[str, Statement] = {}


def _define(name: str, cypher: str, mode: Mode, example: Mapping[str, Any] | None, unwinds: str | None) -> Statement:
    if name in REGISTRY:
        raise ValueError(f"statement {name!r} is defined twice")
    statement = Statement(name, " ".join(cypher.split()), mode, dict(example or {}), unwinds)
    REGISTRY[name] = statement
    return statement


def read(name: str, cypher: str, *, example: Mapping[str, Any] | None = None) -> Statement:
    return _define(name, cypher, Mode.READ, example, None)


def write(name: str, cypher: str, *, example: Mapping[str, Any] | None = None, unwinds: str | None = None) -> Statement:
    return _define(name, cypher, Mode.WRITE, example, unwinds)


def all_statements() -> list[Statement]:
    """Every registered statement (imports each query module so none is missed)."""
    from . import queries  # noqa: F401  (registers on import)

    return sorted(REGISTRY.values(), key=lambda s: s.name)
