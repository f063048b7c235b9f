"""`lonet serve`: uvicorn around the app."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any

import uvicorn
from cryptography.fernet import Fernet
from uvicorn.server import STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess
from pydantic import SecretStr

from ..clock import clock_of
from ..i18n import _
from ..observability import configure_logging
from ..security.tokens import build_verifier
from ..settings import AuthMode, Engine, Settings, get_settings
from ..store import open_executor
from ..usecases.maintenance import migrate_and_seed
from .app import InsecureDevAuth, check_dev_auth, create_app
from .connections import ConnectionLimits, GuardedHttpToolsProtocol


def app_from_environment():
    """The app as each uvicorn worker process builds it (settings from the environment)."""
    return create_app(_worker_settings())


def demo_worker_app():
    """A worker of `lonet serve --demo --engine neo4j --workers N`: the demo's Neo4j, loaded once
    before the workers started, and its development tokens (settings from the environment)."""
    return create_app(_worker_settings(), demo=True, seed=False)


def _worker_settings() -> Settings:
    settings = get_settings()
    # A worker is a fresh (spawned) process: the logging `serve` set up is not inherited.
    configure_logging(settings.log_format, getattr(logging, settings.log_level))
    return settings


def serve(
    settings: Settings, *, host: str | None, port: int | None, demo: bool, workers: int = 1, insecure_dev_auth: bool = False
) -> int:
    configure_logging(settings.log_format, getattr(logging, settings.log_level))
    host = host or settings.host
    port = port or settings.port
    if workers > 1 and settings.engine is Engine.EMBEDDED:
        # One process owns an embedded store; several workers need a server engine.
        print("lonet: " + _("--workers above 1 needs LONET_ENGINE=neo4j (the embedded store has one owner)"), file=sys.stderr)
        return 2
    if workers > 1 and settings.broker_url is None:
        if demo:
            print(
                "lonet: "
                + _(
                    "the demo's workers share live updates, caches and the rate limit through Redis: start one "
                    "(redis-server --port 6379 --save '' --appendonly no) and set LONET_BROKER_URL=redis://127.0.0.1:6379/0"
                ),
                file=sys.stderr,
            )
            return 2
        logging.getLogger("lonet.serve").warning(
            "%d workers without LONET_BROKER_URL: each hears only its own changes live, sees the others' within "
            "LONET_CACHE_SECONDS and counts the rate limit on its own", workers,
        )
    if workers > 1:
        os.environ["LONET_ENGINE"] = settings.engine.value  # the workers read the environment (--engine too)
        if settings.broker_url is not None and settings.broker_key is None:
            # This host's workers seal the taskings they tell each other of with one key; workers on
            # other hosts (another key) read those taskings from the store instead.
            os.environ["LONET_BROKER_KEY"] = Fernet.generate_key().decode()
    if not demo:
        if insecure_dev_auth and settings.auth_mode is not AuthMode.DEV:
            settings = settings.model_copy(update={"auth_mode": AuthMode.DEV})
        try:
            check_dev_auth(settings, demo=False, insecure_dev_auth=insecure_dev_auth)
        except InsecureDevAuth as exc:
            print(f"lonet: {exc}", file=sys.stderr)
            return 2
        if insecure_dev_auth:
            print("lonet: " + _("INSECURE: --insecure-dev-auth: anyone reaching this server gets any token, admin included"), file=sys.stderr)
            if workers > 1:
                print("lonet: " + _("--insecure-dev-auth runs one worker only"), file=sys.stderr)
                return 2
    # On SIGTERM uvicorn stops accepting, lets in-flight requests finish (up to the grace period),
    # closes WebSockets cleanly (1012) and then runs the app's shutdown, which closes the store.
    options = {
        "host": host,
        "port": port,
        "log_config": None,  # our JSON logging (configure_logging) formats uvicorn's lines too
        "lifespan": "on",
        "timeout_graceful_shutdown": settings.shutdown_grace_seconds,
        # Slow clients: header and body deadlines and a per-address cap (connections.py), idle
        # keep-alive connections closed, and at most so many connections and tasks in all (503).
        "http": GuardedHttpToolsProtocol,
        "timeout_keep_alive": settings.keepalive_timeout,
        "limit_concurrency": settings.max_concurrency,
    }
    GuardedHttpToolsProtocol.limits = ConnectionLimits.of(settings)  # workers read the environment
    if not demo:
        banner = ["lonet: " + _("GraphQL API and GraphiQL at %(url)s", url=f"http://{host}:{port}/graphql")]
        if workers > 1:
            _run_uvicorn("service.api.server:app_from_environment", banner, factory=True, workers=workers, **options)
        else:
            _run_uvicorn(create_app(settings, insecure_dev_auth=insecure_dev_auth), banner, **options)
        return 0
    # uvicorn re-raises the SIGTERM or SIGINT it stopped on once it has shut down; with the
    # default handlers that would end the process before the demo's store is removed.
    for stop_signal in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop_signal, _leave_cleanly)
    with tempfile.TemporaryDirectory(prefix="lonet-demo-") as demo_dir:
        if settings.engine is Engine.NEO4J:
            _serve_demo_on_neo4j(settings, Path(demo_dir), host, port, options, workers)
        else:
            # A fresh embedded store each time, removed on exit: the demo never touches a real database.
            settings = settings.model_copy(
                update={"engine": Engine.EMBEDDED, "embedded_path": Path(demo_dir) / "demo.lbug", "auth_mode": AuthMode.DEV}
            )
            print(_("demo mode: fresh embedded store in %(dir)s, migrated and seeded with the demo network", dir=demo_dir))
            _run_uvicorn(create_app(settings, demo=True), _demo_banner(host, port), **options)
    return 0


def _leave_cleanly(signum: int, frame: object) -> None:
    raise SystemExit(0)  # unwinds through the `finally`s that stop Neo4j and remove the store


def _demo_banner(host: str, port: int) -> list[str]:
    return [
        "lonet: " + _("GraphQL API and GraphiQL at %(url)s (pick a demo identity there)", url=f"http://{host}:{port}/graphql"),
        "       " + _("tokens for scripts: %(command)s", command="lonet token --role investigator --service BE-FEDPOL"),
        "       " + _("the web application for investigators and LOs: %(url)s", url=f"http://{host}:{port}/"),
    ]


class _AnnouncingServer(uvicorn.Server):
    """uvicorn's server, saying where the API is once it listens: a port already in use is an
    error on its own, not after a banner announcing the address."""

    def __init__(self, config: uvicorn.Config, banner: list[str]) -> None:
        super().__init__(config)
        self.banner = banner

    async def startup(self, sockets: list | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            print("\n".join(self.banner), flush=True)


def _run_uvicorn(app: Any, banner: list[str], *, workers: int = 1, **options: Any) -> None:
    """uvicorn.run, with the banner printed once the socket is bound (uvicorn.run's own steps)."""
    config = uvicorn.Config(app, workers=workers, **options)
    if workers > 1:
        sock = config.bind_socket()  # exits naming the clash, before any banner
        print("\n".join(banner), flush=True)
        Multiprocess(config, sockets=[sock]).run()
        return
    server = _AnnouncingServer(config, banner)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    if not server.started:
        sys.exit(STARTUP_FAILURE)


def _serve_demo_on_neo4j(settings: Settings, demo_dir: Path, host: str, port: int, options: dict, workers: int) -> None:
    """The demo on the bundled Neo4j (tools/neo4j): its own server and data in the demo's
    temporary directory, stopped and removed when lonet stops (Ctrl+C or SIGTERM), so the demo
    never touches a Neo4j of anyone's. Several workers share the Redis of LONET_BROKER_URL."""
    from ..store.bundled_neo4j import USER, BundledNeo4j

    neo4j = BundledNeo4j(demo_dir / "neo4j")
    print(_("demo mode: starting the bundled Neo4j 5.26 in %(dir)s (about 20 s)", dir=neo4j.home), flush=True)
    neo4j.start()
    try:
        settings = settings.model_copy(
            update={
                "engine": Engine.NEO4J,
                "neo4j_uri": neo4j.uri,
                "neo4j_user": USER,
                "neo4j_password": SecretStr(neo4j.password),
                "neo4j_database": None,
                "auth_mode": AuthMode.DEV,
            }
        )
        print(_("demo mode: Neo4j at %(uri)s, migrated and seeded with the demo network", uri=neo4j.uri))
        if workers == 1:
            _run_uvicorn(create_app(settings, demo=True), _demo_banner(host, port), **options)
            return
        asyncio.run(_load_demo(settings))  # once, before the workers
        build_verifier(settings)  # writes the development signing key once: every worker signs with it
        os.environ.update({**neo4j.environment(), "LONET_ENGINE": Engine.NEO4J.value, "LONET_AUTH_MODE": AuthMode.DEV.value})
        os.environ.pop("NEO4J_DATABASE", None)
        _run_uvicorn("service.api.server:demo_worker_app", _demo_banner(host, port), factory=True, workers=workers, **options)
    finally:
        neo4j.stop()


async def _load_demo(settings: Settings) -> None:
    executor = open_executor(settings)
    try:
        # Anchored on the day it is loaded, as the one-worker demo is (service/api/app.py).
        await migrate_and_seed(executor, today=clock_of(settings).today())
    finally:
        await executor.close()
