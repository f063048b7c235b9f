"""Neo4j 5 DDL rendered from the declared model.

Community edition enforces uniqueness constraints and maintains range/text indexes. Property
existence (`IS NOT NULL`) and property type (`IS :: T`) constraints and node keys are
Enterprise-only; `neo4j_enterprise_ddl` renders them for deployments that have it, and on
Community the use cases' pydantic validation is what guarantees required properties.
"""

from __future__ import annotations

import re

from .model import GraphSchema, IndexKind, NodeType, PropertyType

NEO4J_TYPES = {
    PropertyType.STRING: "STRING",
    PropertyType.INT64: "INTEGER",
    PropertyType.DOUBLE: "FLOAT",
    PropertyType.BOOLEAN: "BOOLEAN",
    PropertyType.DATE: "DATE",
    PropertyType.TIMESTAMP: "ZONED DATETIME",
    PropertyType.STRING_LIST: "LIST<STRING NOT NULL>",
}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _unique(node: NodeType, prop: str) -> str:
    return (
        f"CREATE CONSTRAINT {_snake(node.label)}_{_snake(prop)}_unique IF NOT EXISTS "
        f"FOR (n:{node.label}) REQUIRE n.{prop} IS UNIQUE"
    )


def neo4j_ddl(schema: GraphSchema, version: int) -> list[str]:
    """Constraints and indexes introduced at `version` (Community edition); all idempotent."""
    ddl: list[str] = []
    for node in schema.nodes:
        if node.since == version:
            ddl += [_unique(node, key) for key in (node.key, *node.unique)]
        for index in node.indexes:
            if index.since == version:
                text = "TEXT " if index.kind is IndexKind.TEXT else ""
                name = f"{_snake(node.label)}_{_snake(index.property)}_{index.kind.value}"
                ddl.append(
                    f"CREATE {text}INDEX {name} IF NOT EXISTS FOR (n:{node.label}) ON (n.{index.property})"
                )
    return ddl


def neo4j_enterprise_ddl(schema: GraphSchema) -> list[str]:
    """Existence and type constraints: only for Neo4j Enterprise (not applied by default)."""
    ddl: list[str] = []
    for node in schema.nodes:
        for prop in node.properties:
            base = f"{_snake(node.label)}_{_snake(prop.name)}"
            if prop.required:
                ddl.append(
                    f"CREATE CONSTRAINT {base}_exists IF NOT EXISTS FOR (n:{node.label}) REQUIRE n.{prop.name} IS NOT NULL"
                )
            ddl.append(
                f"CREATE CONSTRAINT {base}_type IF NOT EXISTS FOR (n:{node.label}) "
                f"REQUIRE n.{prop.name} IS :: {NEO4J_TYPES[prop.type]}"
            )
    return ddl


def neo4j_bootstrap(schema: GraphSchema) -> str:
    return _unique(schema.node("SchemaVersion"), "version")
