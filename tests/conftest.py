"""Shared fixtures: a real store per test, on both engines.

Every contract test runs on LadybugDB (a temporary directory) and on Neo4j. The Neo4j is the one
in NEO4J_URI when that is set outside; otherwise the run starts the bundled Neo4j 5.26 Community
(tools/neo4j, service/store/bundled_neo4j.py) for the whole session and points NEO4J_URI at it,
so nothing skips for want of a server.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import pytest

from seed import DEFAULT_SEED_DIR, load_seed, write_seed
from service.settings import Engine, Settings
from service.store import Executor, Transaction, open_executor
from service.store.bundled_neo4j import JAVA_OPTIONS, BundledNeo4j
from service.store.migrator import migrate
from service.store.queries.maintenance import ERASE_GRAPH
from service.usecases.maintenance import graph_counts

from . import neo4j_reset
from .networks import SMALL as SMALL_NETWORK
from .redis_server import REDIS_SERVER, RedisServer

ENGINES = [pytest.param("embedded"), pytest.param("neo4j", marks=pytest.mark.neo4j)]

# `lonet` speaks its user's locale (LC_ALL, LC_MESSAGES, LANG): the commands the tests run answer
# in English whatever the machine's locale (tests/test_cli.py asks for Dutch on purpose).
os.environ["LC_ALL"] = "C.UTF-8"

# Two servers: Neo4j Community holds one user database, and a test may want the demo network and
# an empty store at once (an export from one imported into the other).
_bundled: dict[str, BundledNeo4j] = {}
_scratch_settings: dict[str, str] = {}


def _is_xdist_controller(config: pytest.Config) -> bool:
    """With pytest-xdist the controller runs no test: only its workers need servers."""
    return getattr(config.option, "dist", "no") != "no" and not hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    """Start the bundled Neo4j servers unless an outside one is named (NEO4J_URI wins).

    Under pytest-xdist (`make test` runs `-n 2`) every worker starts servers of its
    own: the demo database is shared by a worker's tests and put back between them, which two
    processes could not do on one server."""
    if _is_xdist_controller(config):
        if os.environ.get("NEO4J_URI") and config.option.numprocesses not in (None, 0, 1):
            raise pytest.UsageError(
                "NEO4J_URI names one outside database, which parallel workers cannot share: add -n 0"
            )
        return
    # Test servers live minutes and run small statements: the C1 compiler alone and the serial
    # collector start them with about half the CPU and run this suite's Neo4j tests faster
    # (measured on 2 cores). Every bundled Neo4j of the run, the CLI's and the demo's included,
    # inherits it; set the variable to choose otherwise.
    os.environ.setdefault(JAVA_OPTIONS, "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
    if os.environ.get("NEO4J_URI"):
        if os.environ.get("LONET_TEST_NEO4J_SCRATCH_URI"):
            _scratch_settings["NEO4J_URI"] = os.environ["LONET_TEST_NEO4J_SCRATCH_URI"]
        return
    # Launched now, waited for when a test first needs one (_ready): the tests that need no Neo4j
    # run meanwhile. The scratch server is launched once the demo server is up, so that the demo
    # server, which the first Neo4j tests want, does not share the CPU with a second JVM starting.
    for role in ("demo", "scratch"):
        _bundled[role] = BundledNeo4j(Path(tempfile.mkdtemp(prefix=f"lonet-test-neo4j-{role}-")))
    _bundled["demo"].launch()
    os.environ.update(_bundled["demo"].environment())  # subprocesses (lonet serve, the CLI) inherit it
    _scratch_settings.update(_bundled["scratch"].environment())


_ready_servers: set[str] = set()


def _ready(role: str) -> BundledNeo4j | None:
    """The bundled server of this role, once it accepts connections (None: NEO4J_URI is outside)."""
    server = _bundled.get(role)
    if server is None or role in _ready_servers:
        return server
    if role == "scratch":
        _ready("demo")
    server.launch()  # no-op when running
    server.wait_ready()
    _ready_servers.add(role)
    if role == "demo":
        _bundled["scratch"].launch()
    return server


# The longest tests (20-75 s each on a loaded 2-core machine), longest first, run before the
# rest: pytest-xdist's worksteal gives each worker a contiguous share and lets the idle one take
# short tests from the other's queue, but a long test that starts near the end of the run leaves
# the other worker idle until it ends.
LONG_FIRST = (
    "tests/test_neo4j_server.py::test_neo4j_killed_under_eight_writers",
    "tests/test_cypher_lint.py::test_every_registered_statement",
    "tests/test_neo4j_server.py::test_the_demo_runs_on_the_bundled_neo4j",
    "tests/test_bench_run.py::test_the_bench_runs",
    "tests/api/test_webapp_browser.py::test_investigator_and_liaison_officer_journeys",
    "tests/test_durability.py::",
    "tests/test_neo4j_server.py::test_a_server_whose_starter_died",
    "tests/security/test_hardening.py::test_directory_and_audit_exports",
    "tests/test_notify_restart.py::",
    "tests/admin/test_cli_admin.py::",
    "tests/api/test_graphiql_browser.py::",
    "tests/test_graceful.py::",
    "tests/api/test_dashboard_browser.py::",
    "tests/test_readme_tour.py::",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        return next((n for n, prefix in enumerate(LONG_FIRST) if item.nodeid.startswith(prefix)), len(LONG_FIRST))

    items.sort(key=rank)  # stable: the rest keep their order


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test marked neo4j finds the demo server up, also for the commands it starts (NEO4J_URI);
    the scratch server is waited for by the fixtures that use it (scratch_neo4j_settings)."""
    if item.get_closest_marker("neo4j") is not None:
        _ready("demo")


def pytest_unconfigure(config: pytest.Config) -> None:
    neo4j_reset.close_drivers()
    for server in _bundled.values():
        server.kill()  # its data is thrown away: a clean shutdown would only cost seconds each
        shutil.rmtree(server.home, ignore_errors=True)
    _bundled.clear()


def bundled_neo4j() -> BundledNeo4j | None:
    """The demo-network Neo4j this run started (None when NEO4J_URI named an outside one)."""
    return _ready("demo")


def bundled_scratch_neo4j() -> BundledNeo4j | None:
    """The empty-store Neo4j this run started (None when NEO4J_URI named an outside one)."""
    return _ready("scratch")


def neo4j_settings(**overrides: object) -> Settings:
    """The Neo4j that holds the demo network for the contract tests."""
    _ready("demo")
    return Settings(LONET_ENGINE=Engine.NEO4J, **overrides)


def scratch_neo4j_settings() -> Settings:
    """The Neo4j for empty stores: a second server, or the same one when only NEO4J_URI is given."""
    _ready("scratch")
    return Settings(LONET_ENGINE=Engine.NEO4J, **_scratch_settings)


def settings_for(engine: str, path: Path) -> Settings:
    return Settings(LONET_ENGINE=Engine(engine), LONET_EMBEDDED_PATH=path)


def embedded_template(tmp_path_factory: pytest.TempPathFactory, seed_dir: Path) -> Path:
    """A migrated embedded store holding the network of `seed_dir`, built once; tests get their
    own copy of the file."""
    path = tmp_path_factory.mktemp("template") / f"{seed_dir.name}.lbug"

    async def build() -> None:
        executor = open_executor(settings_for("embedded", path))
        try:
            await migrate(executor)
            await write_seed(executor, load_seed(seed_dir))
        finally:
            await executor.close()

    asyncio.run(build())
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo network, migrated and seeded once (embedded)."""
    return embedded_template(tmp_path_factory, DEFAULT_SEED_DIR)


class _SharedNeo4j:
    """A Neo4j database that holds one network for every test that asks for it.

    Loading it takes seconds on Neo4j, and most tests only read it. After a test, the areas its
    committed writes declared are put back from a snapshot taken right after loading
    (tests/neo4j_reset.py); a graph whose counts still differ is erased and loaded again.
    """

    def __init__(self, settings: Callable[[], Settings], seed_dir: Path) -> None:
        self.settings = settings
        self.seed_dir = seed_dir
        self.snapshot: neo4j_reset.Snapshot | None = None
        self.counts: dict[str, int] | None = None
        self.dirty: set[str] = set()

    def forget(self) -> None:
        """The database was emptied or loaded with something else: load it again next time."""
        self.snapshot, self.counts, self.dirty = None, None, set()

    async def load(self, executor: Executor) -> None:
        settings = self.settings()
        if self.snapshot is not None and self.dirty:
            await neo4j_reset.restore(settings, self.snapshot, self.dirty)
            self.dirty = set()
        if self.snapshot is not None and await graph_counts(executor) == self.counts:
            return
        await erase(executor)
        await migrate(executor)
        await write_seed(executor, load_seed(self.seed_dir))
        self.snapshot = await neo4j_reset.take(settings)
        self.counts = await graph_counts(executor)

    def after(self, executor: Executor, before: dict[str, int]) -> None:
        self.dirty |= neo4j_reset.changed_areas(dict(executor.stats.generations), before)

    @asynccontextmanager
    async def store(self) -> AsyncIterator[Executor]:
        executor = open_executor(self.settings())
        try:
            await self.load(executor)
            before = dict(executor.stats.generations)
            yield executor
            self.after(executor, before)
        finally:
            await executor.close()


SHARED_NEO4J = _SharedNeo4j(lambda: neo4j_settings(), DEFAULT_SEED_DIR)
# The hand-built small network (tests/networks/small) on the empty-store server, between the
# tests that empty it: loading it into a fresh store took 4-7 s per analytics test.
SMALL_NEO4J = _SharedNeo4j(lambda: scratch_neo4j_settings(), SMALL_NETWORK)


async def erase(executor: Executor) -> None:
    async def work(tx: Transaction) -> None:
        await tx.run(ERASE_GRAPH)

    await executor.write(work)


async def drop_neo4j_schema(settings: Settings) -> None:
    """Drop every constraint and index (an empty store is one without a schema, as on LadybugDB)."""
    async with neo4j_reset.driver_for(settings) as driver, driver.session(database=settings.neo4j_database) as session:
        constraints = [r["name"] async for r in await session.run("SHOW CONSTRAINTS YIELD name")]
        for name in constraints:
            await (await session.run(f"DROP CONSTRAINT `{name}` IF EXISTS")).consume()
        indexes = [r["name"] async for r in await session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'")]
        for name in indexes:
            await (await session.run(f"DROP INDEX `{name}` IF EXISTS")).consume()


async def empty_neo4j(settings: Settings) -> None:
    """Nothing left in the Neo4j that `settings` names, not even the schema."""
    executor = open_executor(settings)
    try:
        await erase(executor)
    finally:
        await executor.close()
    await drop_neo4j_schema(settings)


@pytest.fixture(params=ENGINES)
async def empty_store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Executor]:
    """A store with nothing in it, not even the schema."""
    if request.param == "embedded":
        executor = open_executor(settings_for("embedded", tmp_path / "store.lbug"))
    else:
        settings = scratch_neo4j_settings()
        if settings.neo4j_uri == neo4j_settings().neo4j_uri:
            if "demo_store" in request.fixturenames:
                pytest.skip("an outside NEO4J_URI is one database: set LONET_TEST_NEO4J_SCRATCH_URI for a second")
            SHARED_NEO4J.forget()  # erasing it below erases the demo network too
        SMALL_NEO4J.forget()
        await empty_neo4j(settings)
        executor = open_executor(settings)
    yield executor
    await executor.close()


@asynccontextmanager
async def embedded_demo(tmp_path: Path, template: Path, name: str = "demo.lbug") -> AsyncIterator[Executor]:
    path = tmp_path / name
    shutil.copyfile(template, path)
    executor = open_executor(settings_for("embedded", path))
    try:
        yield executor
    finally:
        await executor.close()


def neo4j_demo() -> AbstractAsyncContextManager[Executor]:
    """The shared Neo4j demo database, put back after the block."""
    return SHARED_NEO4J.store()


@pytest.fixture(params=ENGINES)
async def demo_store(request: pytest.FixtureRequest, tmp_path: Path, demo_template: Path) -> AsyncIterator[Executor]:
    """A migrated store holding the demo network."""
    store = embedded_demo(tmp_path, demo_template) if request.param == "embedded" else neo4j_demo()
    async with store as executor:
        yield executor


@pytest.fixture(scope="session")
def small_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small network, migrated and loaded once (embedded)."""
    return embedded_template(tmp_path_factory, SMALL_NETWORK)


@pytest.fixture(params=ENGINES)
async def small_store(request: pytest.FixtureRequest, tmp_path: Path, small_template: Path) -> AsyncIterator[Executor]:
    """A migrated store holding the small network (tests/networks/small), the test's own to change.

    On Neo4j it is the empty-store server, so it cannot be asked for together with `empty_store`."""
    if request.param == "neo4j" and scratch_neo4j_settings().neo4j_uri == neo4j_settings().neo4j_uri:
        SHARED_NEO4J.forget()  # one outside database: the small network replaces the demo network
    store = embedded_demo(tmp_path, small_template, "small.lbug") if request.param == "embedded" else SMALL_NEO4J.store()
    async with store as executor:
        yield executor


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A real Redis (Debian's redis-server) for the broker (LONET_BROKER_URL), on a free port."""
    if not REDIS_SERVER.exists():
        pytest.fail(f"{REDIS_SERVER} is missing: apt-get install redis-server (.ci/run does)")
    from .api.test_graphql_http_audit import free_port

    server = RedisServer(tmp_path_factory.mktemp("redis"), free_port())
    server.start()
    yield server
    server.stop()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Skips grouped by reason, one line each."""
    reasons: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        reasons[reason] = reasons.get(reason, 0) + 1
    for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"SKIPPED {count} test(s): {reason}")


# The HTTP client fixture is defined with the API tests and used by the security tests too.
from .api.conftest import api  # noqa: E402,F401
