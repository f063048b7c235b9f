"""The API's schema as a document (graph_schema/schema.graphql): committed as printed from the
code, every part described and Relay's connection rules kept (graphql-schema-linter), and a change
that breaks clients reported against the committed schema (graphql-inspector).

Regenerate the document with `make schema` (python -m service.graphql.sdl)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from service.graphql.sdl import REGENERATE, SCHEMA_FILE, printed

TOOLS = Path(__file__).resolve().parent.parent / "tools" / "graphql-schema"
LINTER = TOOLS / "node_modules" / ".bin" / "graphql-schema-linter"
INSPECTOR = TOOLS / "node_modules" / ".bin" / "graphql-inspector"
# The schema the current one is compared with: the last commit's unless told (CI may give the
# branch's merge base, e.g. LONET_SCHEMA_BASE=origin/main).
BASE = os.environ.get("LONET_SCHEMA_BASE", "HEAD")

needs_node = pytest.mark.skipif(
    shutil.which("node") is None,
    reason="node is not installed: the schema checks run in Node (.ci/run installs it)",
)


def _tool(binary: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if not binary.exists():
        pytest.fail(f"run `npm ci` in {TOOLS} (make install-test does)")
    return subprocess.run([str(binary), *args], capture_output=True, text=True, timeout=300, cwd=TOOLS)


@pytest.fixture(scope="module")
def current(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("schema") / "current.graphql"
    path.write_text(printed(), encoding="utf-8")
    return path


def test_the_committed_schema_is_the_one_the_code_prints() -> None:
    assert SCHEMA_FILE.exists() and SCHEMA_FILE.read_text(encoding="utf-8") == printed(), (
        f"{SCHEMA_FILE.name} is not the schema the code serves: regenerate it with `{REGENERATE}` and commit it"
    )


@needs_node
def test_every_type_field_argument_and_value_is_described_and_connections_follow_relay(current: Path) -> None:
    result = _tool(LINTER, "--config-directory", str(TOOLS), "--format", "compact", str(current))

    assert result.returncode == 0, result.stdout + result.stderr


@needs_node
def test_the_checks_can_fail(tmp_path: Path) -> None:
    """A type without a description fails the linter; removing a field is a breaking change."""
    before, after = tmp_path / "before.graphql", tmp_path / "after.graphql"
    before.write_text('"""Q"""\ntype Query {\n  """A"""\n  a: Int\n  """B"""\n  b: Int\n}\n', encoding="utf-8")
    after.write_text('type Query {\n  """A"""\n  a: Int\n}\n', encoding="utf-8")

    linted = _tool(LINTER, "--config-directory", str(TOOLS), "--format", "compact", str(after))
    diffed = _tool(INSPECTOR, "diff", str(before), str(after))

    assert linted.returncode == 1 and "types-have-descriptions" in linted.stdout
    assert diffed.returncode == 1 and "Field b was removed from object type Query" in diffed.stdout


@needs_node
def test_no_change_breaks_clients_of_the_committed_schema(current: Path, tmp_path: Path) -> None:
    """What the code serves against the schema of the last commit (or LONET_SCHEMA_BASE): a
    breaking change fails until the changed schema is committed deliberately, where review sees it."""
    shown = subprocess.run(
        ["git", "show", f"{BASE}:graph_schema/{SCHEMA_FILE.name}"],
        capture_output=True,
        text=True,
        cwd=SCHEMA_FILE.parent,
    )
    if shown.returncode != 0:
        pytest.skip(f"no committed schema at {BASE} to compare with: {shown.stderr.strip()}")
    committed = tmp_path / "committed.graphql"
    committed.write_text(shown.stdout, encoding="utf-8")

    result = _tool(INSPECTOR, "diff", str(committed), str(current))
    print(result.stdout)  # the report: every change, breaking ones marked

    assert result.returncode == 0, (
        f"{result.stdout}{result.stderr}\nThese changes break clients of the schema committed at {BASE}. "
        f"If they are deliberate, regenerate it with `{REGENERATE}` and commit it, so review sees what breaks."
    )
