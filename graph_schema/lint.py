"""Lint every registered statement and the rendered Neo4j DDL with Neo4j's own Cypher front end.

The front end runs in Node (tools/cypher-lint, npm `@neo4j-cypher/language-support`). It checks
syntax and semantics as Neo4j 5 would, and warns about any label, relationship type or property
key that the declared model does not have.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .migrations import migrations
from .model import SCHEMA, GraphSchema
from .render_neo4j import neo4j_enterprise_ddl

LINT_DIR = Path(__file__).resolve().parent.parent / "tools" / "cypher-lint"


class LintUnavailable(RuntimeError):
    pass


@dataclass(frozen=True)
class Diagnostic:
    statement: str
    severity: int  # 1 error, 2 warning
    message: str

    def __str__(self) -> str:
        kind = "error" if self.severity == 1 else "warning"
        return f"{self.statement}: {kind}: {self.message}"


def lint_schema(schema: GraphSchema = SCHEMA) -> dict[str, list[str]]:
    return {
        "labels": schema.labels,
        "relationshipTypes": schema.relationship_types,
        "propertyKeys": schema.property_keys,
    }


def neo4j_ddl_statements(schema: GraphSchema = SCHEMA) -> list[tuple[str, str]]:
    named = [(f"ddl.v{m.version}.{i}", ddl) for m in migrations(schema) for i, ddl in enumerate(m.neo4j)]
    named += [(f"ddl.enterprise.{i}", ddl) for i, ddl in enumerate(neo4j_enterprise_ddl(schema))]
    return named


def lint(statements: list[tuple[str, str]], schema: GraphSchema = SCHEMA) -> list[Diagnostic]:
    node = shutil.which("node")
    if node is None:
        raise LintUnavailable("node is not installed")
    if not (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        raise LintUnavailable(f"the linter's npm packages are missing: run `npm ci` in {LINT_DIR}")
    payload = {"schema": lint_schema(schema), "statements": [{"name": n, "cypher": c} for n, c in statements]}
    done = subprocess.run(
        [node, "lint.mjs"], cwd=LINT_DIR, input=json.dumps(payload), capture_output=True, text=True, timeout=300
    )
    if done.returncode not in (0, 1):
        raise LintUnavailable(f"the linter failed (exit {done.returncode}): {done.stderr.strip()}")
    results = json.loads(done.stdout)["results"]
    return [
        Diagnostic(result["name"], d["severity"], d["message"]) for result in results for d in result["diagnostics"]
    ]


def lint_everything(schema: GraphSchema = SCHEMA, *, part: int = 0, parts: int = 1) -> list[Diagnostic]:
    """The registry and the Neo4j DDL (or its `part`-th of `parts` shares, for linting in
    parallel: the linter spends about 70 ms of CPU per statement); an empty list means Neo4j
    accepts all of it."""
    from service.store import all_statements

    named = [(s.name, s.cypher) for s in all_statements()] + neo4j_ddl_statements(schema)
    return lint(named[part::parts], schema)


def main() -> int:
    diagnostics = lint_everything()
    for diagnostic in diagnostics:
        print(diagnostic)
    print(f"cypher lint: {len(diagnostics)} {'diagnostic' if len(diagnostics) == 1 else 'diagnostics'}")
    return 1 if diagnostics else 0
