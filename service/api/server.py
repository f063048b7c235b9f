"""`lonet serve`: uvicorn around the app."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import uvicorn

from ..settings import Engine, Settings
from .app import create_app


def serve(settings: Settings, *, host: str | None, port: int | None, demo: bool) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if demo:
        # A fresh embedded store each time: the demo never touches a real database.
        demo_dir = Path(tempfile.mkdtemp(prefix="lonet-demo-"))
        settings = settings.model_copy(update={"engine": Engine.EMBEDDED, "embedded_path": demo_dir / "demo.lbug"})
        print(f"demo mode: fresh embedded store in {demo_dir}, migrated and seeded with the demo network")
    host = host or settings.host
    port = port or settings.port
    print(f"lonet: GraphQL API and GraphiQL at http://{host}:{port}/graphql")
    uvicorn.run(create_app(settings, demo=demo), host=host, port=port, log_level="info", lifespan="on")
    return 0
