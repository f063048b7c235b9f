"""HTTP clients on the ASGI app for the security tests.

Unlike the shared `api` fixture, these transports do not re-raise the app's exceptions: an
unhandled error reaches the test as the HTTP 500 a caller would get, so "never a 500" is
asserted as a status code.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from service.api.app import create_app
from service.security.tokens import DevTokens
from service.settings import AuthMode, Settings
from service.store import Executor
from tests.api.conftest import CLAIMS, DEMO, GraphQLClient, dev_settings

BASE_URL = "http://lonet.test"


@asynccontextmanager
async def serve(settings: Settings, executor: Executor) -> AsyncIterator[tuple[Starlette, httpx.AsyncClient]]:
    """The app for these settings over the given store, and an HTTP client without default headers."""
    # Dev-mode test servers say so explicitly, as `lonet serve --insecure-dev-auth` would.
    wrapped = create_app(settings, executor=executor, insecure_dev_auth=settings.auth_mode is AuthMode.DEV)
    transport = httpx.ASGITransport(app=wrapped, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield wrapped.app, http  # create_app returns RequestIdMiddleware around the Starlette app


@pytest.fixture
async def api(demo_store: Executor, tmp_path: Path) -> AsyncIterator[GraphQLClient]:
    """The shared `api` fixture (dev mode, demo network, a Belgian investigator), answering 500s as 500s.

    Import it into a test module to use it there instead of the shared one.
    """
    settings = dev_settings(tmp_path)
    tokens = DevTokens(settings.dev_key_file, audience=settings.oidc_audience, claims=CLAIMS)
    token = GraphQLClient(None, demo_store, tokens).token_for(DEMO["investigator-be"])  # type: ignore[arg-type]
    async with serve(settings, demo_store) as (_app, http):
        http.headers["Authorization"] = f"Bearer {token}"
        yield GraphQLClient(http, demo_store, tokens)
