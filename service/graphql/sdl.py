"""The API's schema as a document: graph_schema/schema.graphql, printed from the code.

`make schema` (or `python -m service.graphql.sdl`) writes it; a test fails when it is stale, the
schema linter checks it, and graphql-inspector reports what a change breaks for clients
(tests/test_graphql_schema.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from graphql import print_schema

from .schema import schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "graph_schema" / "schema.graphql"
REGENERATE = "make schema  (or: python -m service.graphql.sdl)"


def printed() -> str:
    return print_schema(schema.graphql_schema) + "\n"


def main() -> int:
    SCHEMA_FILE.write_text(printed(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
