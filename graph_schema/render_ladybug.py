"""LadybugDB DDL rendered from the declared model (typed node and rel tables)."""

from __future__ import annotations

from .model import GraphSchema, NodeType, Property, PropertyType, RelType

LADYBUG_TYPES = {
    PropertyType.STRING: "STRING",
    PropertyType.INT64: "INT64",
    PropertyType.DOUBLE: "DOUBLE",
    PropertyType.BOOLEAN: "BOOLEAN",
    PropertyType.DATE: "DATE",
    PropertyType.TIMESTAMP: "TIMESTAMP",
    PropertyType.STRING_LIST: "STRING[]",
}


def _columns(props: tuple[Property, ...], version: int) -> list[str]:
    return [f"{p.name} {LADYBUG_TYPES[p.type]}" for p in props if p.since <= version]


def create_node_table(node: NodeType, version: int) -> str:
    columns = ", ".join([*_columns(node.properties, version), f"PRIMARY KEY({node.key})"])
    return f"CREATE NODE TABLE IF NOT EXISTS {node.label}({columns})"


def create_rel_table(rel: RelType, version: int) -> str:
    columns = ", ".join([f"FROM {rel.source} TO {rel.target}", *_columns(rel.properties, version)])
    return f"CREATE REL TABLE IF NOT EXISTS {rel.type}({columns})"


def add_property(table: str, prop: Property) -> str:
    return f"ALTER TABLE {table} ADD IF NOT EXISTS {prop.name} {LADYBUG_TYPES[prop.type]}"


def ladybug_ddl(schema: GraphSchema, version: int) -> list[str]:
    """Statements that take a database at version-1 to `version`; each is idempotent."""
    ddl = [create_node_table(n, version) for n in schema.nodes if n.since == version]
    ddl += [create_rel_table(r, version) for r in schema.relationships if r.since == version]
    for owner, props, since in [(n.label, n.properties, n.since) for n in schema.nodes] + [
        (r.type, r.properties, r.since) for r in schema.relationships
    ]:
        if since < version:
            ddl += [add_property(owner, p) for p in props if p.since == version]
    return ddl


def ladybug_bootstrap(schema: GraphSchema) -> str:
    """The version table must exist before the recorded version can be read."""
    return create_node_table(schema.node("SchemaVersion"), 1)
