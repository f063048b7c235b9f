"""Counts of every node label and relationship type, in one round trip.

The statement is generated from the declared model (labels and types are checked names from
graph_schema, never user input), so a new label is counted without touching this file.
"""

from graph_schema import SCHEMA

from ..statement import read

# The count is taken in WITH, before the constant name is added: a constant next to an
# aggregate is a grouping key, and grouping over no rows yields no row (on both engines).
_parts = [f"MATCH (n:{label}) WITH count(n) AS total RETURN '{label}' AS name, total" for label in SCHEMA.labels]
_parts += [
    f"MATCH ()-[r:{rel}]->() WITH count(r) AS total RETURN '{rel}' AS name, total" for rel in SCHEMA.relationship_types
]

GRAPH_COUNTS = read("counts.graph", " UNION ALL ".join(_parts))
