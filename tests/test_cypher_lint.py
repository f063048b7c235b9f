"""Neo4j's own Cypher front end accepts every statement and the Neo4j DDL, and can say no."""

from __future__ import annotations

import shutil

import pytest

from graph_schema.lint import LINT_DIR, lint, lint_everything

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None,
    reason="node is not installed: the Neo4j Cypher lint runs in Node (.ci/run installs it)",
)


def test_the_lint_can_fail_on_a_misspelt_property_label_and_type() -> None:
    if not (LINT_DIR / "node_modules").is_dir():
        pytest.fail(f"run `npm ci` in {LINT_DIR}")
    diagnostics = lint(
        [
            ("misspelt.property", "MATCH (o:Officer) WHERE o.availabilty = $status RETURN o.id"),
            ("misspelt.label", "MATCH (o:Oficer) RETURN o.id"),
            ("misspelt.type", "MATCH (o:Officer)-[:HOLD]->(p:Posting) RETURN p.id"),
            ("syntax", "MATCH (o:Officer RETURN o"),
            ("fine", "MATCH (o:Officer)-[:HOLDS]->(p:Posting) WHERE p.startsOn <= $day RETURN o.id"),
        ]
    )
    flagged = {d.statement for d in diagnostics}
    assert flagged == {"misspelt.property", "misspelt.label", "misspelt.type", "syntax"}
    assert any("availabilty" in d.message for d in diagnostics)


# Two shares, so that the two test workers lint at once (40 s of CPU in one piece otherwise).
@pytest.mark.parametrize("share", [0, 1], ids=["first-half", "second-half"])
def test_every_registered_statement_and_the_neo4j_ddl_pass_the_lint(share: int) -> None:
    if not (LINT_DIR / "node_modules").is_dir():
        pytest.fail(f"run `npm ci` in {LINT_DIR}")
    diagnostics = lint_everything(part=share, parts=2)
    assert diagnostics == [], "\n".join(map(str, diagnostics))
