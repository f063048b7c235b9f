"""Schema versions as ordered migrations, derived from the `since` of every declared element."""

from __future__ import annotations

from dataclasses import dataclass

from .model import SCHEMA, GraphSchema
from .render_ladybug import ladybug_ddl
from .render_neo4j import neo4j_ddl


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    ladybug: tuple[str, ...]
    neo4j: tuple[str, ...]


def migrations(schema: GraphSchema = SCHEMA) -> list[Migration]:
    return [
        Migration(
            version=v,
            description=schema.descriptions[v],
            ladybug=tuple(ladybug_ddl(schema, v)),
            neo4j=tuple(neo4j_ddl(schema, v)),
        )
        for v in sorted(schema.descriptions)
    ]
