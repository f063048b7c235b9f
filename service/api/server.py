"""`lonet serve`: uvicorn around the app."""

from __future__ import annotations

import logging
import signal
import sys
import tempfile
from pathlib import Path

import uvicorn

from ..observability import configure_logging
from ..settings import AuthMode, Engine, Settings, get_settings
from .app import InsecureDevAuth, check_dev_auth, create_app


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def app_from_environment():
    """The app as each uvicorn worker process builds it (settings from the environment)."""
    return create_app(get_settings())


def serve(
    settings: Settings, *, host: str | None, port: int | None, demo: bool, workers: int = 1, insecure_dev_auth: bool = False
) -> int:
    configure_logging(settings.log_format, getattr(logging, settings.log_level))
    host = host or settings.host
    port = port or settings.port
    if workers > 1 and (demo or settings.engine is Engine.EMBEDDED):
        # One process owns an embedded store; several workers need a server engine.
        print("lonet: --workers above 1 needs LONET_ENGINE=neo4j (the embedded store has one owner)", file=sys.stderr)
        return 2
    if not demo:
        if insecure_dev_auth and settings.auth_mode is not AuthMode.DEV:
            settings = settings.model_copy(update={"auth_mode": AuthMode.DEV})
        try:
            check_dev_auth(settings, demo=False, insecure_dev_auth=insecure_dev_auth)
        except InsecureDevAuth as exc:
            print(f"lonet: {exc}", file=sys.stderr)
            return 2
        if insecure_dev_auth:
            print("lonet: INSECURE: --insecure-dev-auth: anyone reaching this server gets any token, admin included", file=sys.stderr)
            if workers > 1:
                print("lonet: --insecure-dev-auth runs one worker only", file=sys.stderr)
                return 2
    # On SIGTERM uvicorn stops accepting, lets in-flight requests finish (up to the grace period),
    # closes WebSockets cleanly (1012) and then runs the app's shutdown, which closes the store.
    options = {
        "host": host,
        "port": port,
        "log_config": None,  # our JSON logging (configure_logging) formats uvicorn's lines too
        "lifespan": "on",
        "timeout_graceful_shutdown": settings.shutdown_grace_seconds,
    }
    if not demo:
        print(f"lonet: GraphQL API and GraphiQL at http://{host}:{port}/graphql")
        if workers > 1:
            uvicorn.run("service.api.server:app_from_environment", factory=True, workers=workers, **options)
        else:
            uvicorn.run(create_app(settings, insecure_dev_auth=insecure_dev_auth), **options)
        return 0
    # A fresh embedded store each time, removed on exit, SIGTERM included: uvicorn stops gracefully
    # on it and then raises it again, whose default action would end the process before the
    # temporary directory is removed; as SystemExit it unwinds through the `with` below.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    with tempfile.TemporaryDirectory(prefix="lonet-demo-") as demo_dir:
        settings = settings.model_copy(
            update={"engine": Engine.EMBEDDED, "embedded_path": Path(demo_dir) / "demo.lbug", "auth_mode": AuthMode.DEV}
        )
        print(f"demo mode: fresh embedded store in {demo_dir}, migrated and seeded with the demo network")
        print(f"lonet: GraphQL API and GraphiQL at http://{host}:{port}/graphql (pick a demo identity there)")
        print("       tokens for scripts: lonet token --role investigator --service BE-FEDPOL")
        uvicorn.run(create_app(settings, demo=True), **options)
    return 0
