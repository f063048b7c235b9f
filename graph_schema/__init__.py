"""The lonet graph model, declared once and rendered for Neo4j and LadybugDB."""

from .migrations import Migration, migrations
from .model import SCHEMA, GraphSchema, NodeType, Property, PropertyType, RelType

__all__ = ["SCHEMA", "GraphSchema", "Migration", "NodeType", "Property", "PropertyType", "RelType", "migrations"]
