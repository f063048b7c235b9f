"""Whole-graph maintenance statements."""

from ..statement import write

# Used to reset a dedicated Neo4j test database between contract tests; nothing in the service
# calls it.
ERASE_GRAPH = write("maintenance.erase_graph", "MATCH (n) DETACH DELETE n")
