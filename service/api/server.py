"""`lonet serve`: uvicorn around the app."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import uvicorn

from ..settings import AuthMode, Engine, Settings
from .app import create_app


def serve(settings: Settings, *, host: str | None, port: int | None, demo: bool) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    host = host or settings.host
    port = port or settings.port
    if not demo:
        print(f"lonet: GraphQL API and GraphiQL at http://{host}:{port}/graphql")
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info", lifespan="on")
        return 0
    # A fresh embedded store each time, removed on exit: the demo never touches a real database.
    with tempfile.TemporaryDirectory(prefix="lonet-demo-") as demo_dir:
        settings = settings.model_copy(
            update={"engine": Engine.EMBEDDED, "embedded_path": Path(demo_dir) / "demo.lbug", "auth_mode": AuthMode.DEV}
        )
        print(f"demo mode: fresh embedded store in {demo_dir}, migrated and seeded with the demo network")
        print(f"lonet: GraphQL API and GraphiQL at http://{host}:{port}/graphql (pick a demo identity there)")
        print("       tokens for scripts: lonet token --role investigator --service BE-FEDPOL")
        uvicorn.run(create_app(settings, demo=True), host=host, port=port, log_level="info", lifespan="on")
    return 0
