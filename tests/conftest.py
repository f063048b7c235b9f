"""Shared fixtures: a real store per test (LadybugDB in a temp dir; Neo4j when NEO4J_URI is set)."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from seed import DEFAULT_SEED_DIR, load_seed, write_seed
from service.settings import Engine, Settings
from service.store import Executor, Transaction, open_executor
from service.store.migrator import migrate
from service.store.queries.maintenance import ERASE_GRAPH

NEO4J_URI = os.environ.get("NEO4J_URI")
NEO4J_SKIP = (
    "the Neo4j contract run needs a Neo4j 5 server: set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD) "
    "to run these tests against it; no Neo4j can be installed on the build machines"
)
ENGINES = [pytest.param("embedded"), pytest.param("neo4j", marks=pytest.mark.neo4j)]


def settings_for(engine: str, path: Path) -> Settings:
    return Settings(LONET_ENGINE=Engine(engine), LONET_EMBEDDED_PATH=path)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, seeded embedded store built once; tests get their own copy of the file."""
    path = tmp_path_factory.mktemp("template") / "demo.lbug"

    async def build() -> None:
        executor = open_executor(settings_for("embedded", path))
        try:
            await migrate(executor)
            await write_seed(executor, load_seed(DEFAULT_SEED_DIR))
        finally:
            await executor.close()

    asyncio.run(build())
    return path


async def _fresh(engine: str, tmp_path: Path) -> Executor:
    if engine == "neo4j":
        if not NEO4J_URI:
            pytest.skip(NEO4J_SKIP)
        executor = open_executor(Settings(LONET_ENGINE=Engine.NEO4J))

        async def erase(tx: Transaction) -> None:
            await tx.run(ERASE_GRAPH)

        await executor.write(erase)
        return executor
    return open_executor(settings_for("embedded", tmp_path / "store.lbug"))


@pytest.fixture(params=ENGINES)
async def empty_store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Executor]:
    """A store with nothing in it, not even the schema."""
    executor = await _fresh(request.param, tmp_path)
    yield executor
    await executor.close()


@pytest.fixture(params=ENGINES)
async def demo_store(request: pytest.FixtureRequest, tmp_path: Path, demo_template: Path) -> AsyncIterator[Executor]:
    """A migrated store holding the demo network."""
    if request.param == "embedded":
        path = tmp_path / "demo.lbug"
        shutil.copyfile(demo_template, path)
        executor = open_executor(settings_for("embedded", path))
    else:
        executor = await _fresh("neo4j", tmp_path)
        await migrate(executor)
        await write_seed(executor, load_seed(DEFAULT_SEED_DIR))
    yield executor
    await executor.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Skips grouped by reason: the Neo4j run skips hundreds of tests for one reason."""
    reasons: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        reasons[reason] = reasons.get(reason, 0) + 1
    for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"SKIPPED {count} test(s): {reason}")


# The HTTP client fixture is defined with the API tests and used by the security tests too.
from .api.conftest import api  # noqa: E402,F401
