"""An HTTP client on the ASGI app over a real store (the demo network), with dev-mode tokens."""

from __future__ import annotations

import asyncio

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.api.app import create_app
from service.security.demo import DEMO_IDENTITIES, DemoIdentity
from service.security.tokens import DevTokens
from service.settings import AuthMode, Settings
from service.store import Executor

DEMO_TODAY = date(2026, 11, 24)  # the date the demo network is anchored on
DEMO = {d.key: d for d in DEMO_IDENTITIES}
CLAIMS = {"roles": "roles", "service": "service", "officer": "officer_id"}


def dev_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values = {
        "LONET_TODAY": DEMO_TODAY,
        "LONET_AUTH_MODE": AuthMode.DEV,
        "LONET_DEV_KEY_FILE": tmp_path / "dev-key.json",
        **overrides,
    }
    return Settings(**values)


@dataclass
class GraphQLClient:
    http: httpx.AsyncClient
    executor: Executor
    tokens: DevTokens
    headers: dict[str, str] = field(default_factory=dict)

    def token_for(self, identity: DemoIdentity, **changes: Any) -> str:
        values = {
            "subject": identity.subject,
            "roles": list(identity.roles),
            "service": identity.service,
            "officer_id": identity.officer_id,
            **changes,
        }
        return self.tokens.issue(**values)

    def as_(self, key: str, **changes: Any) -> GraphQLClient:
        """The same client acting as another demo identity (optionally with changed claims)."""
        token = self.token_for(DEMO[key], **changes)
        return GraphQLClient(self.http, self.executor, self.tokens, {**self.headers, "Authorization": f"Bearer {token}"})

    def justified(self, reference: str = "case BNL-2026-000123") -> GraphQLClient:
        return GraphQLClient(self.http, self.executor, self.tokens, {**self.headers, "X-Justification": reference})

    async def post(self, query: str, variables: dict[str, Any] | None = None, **headers: str) -> httpx.Response:
        return await self.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers={**self.headers, **headers}
        )

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The `data` of a request that must succeed without errors."""
        response = await self.post(query, variables)
        body = response.json()
        assert response.status_code == 200, body
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def errors(self, query: str, variables: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        response = await self.post(query, variables)
        body = response.json()
        assert response.status_code < 500, body
        assert body.get("errors"), body
        return body["errors"]


async def runs_of(executor: Executor, statement: str, more_than: int) -> int:
    """How often the statement has run, once it ran more than `more_than` times (or after 5 s):
    the read model's patches run after the commit that started them, off the request's path."""
    for _ in range(500):
        if executor.stats.by_statement[statement] > more_than:
            break
        await asyncio.sleep(0.01)
    return executor.stats.by_statement[statement]


@asynccontextmanager
async def client_on(store: Executor, tmp_path: Path) -> AsyncIterator[GraphQLClient]:
    """A client of an app on this store, acting as an investigator of the Belgian Federal Police
    unless told otherwise (`as_`)."""
    settings = dev_settings(tmp_path)
    app = create_app(settings, executor=store, insecure_dev_auth=True)
    tokens = DevTokens(settings.dev_key_file, audience=settings.oidc_audience, claims=CLAIMS)
    default = {"Authorization": f"Bearer {GraphQLClient(None, store, tokens).token_for(DEMO['investigator-be'])}"}  # type: ignore[arg-type]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://lonet.test", headers=default) as http:
        yield GraphQLClient(http, store, tokens)


@pytest.fixture
async def api(demo_store: Executor, tmp_path: Path) -> AsyncIterator[GraphQLClient]:
    """Acting as an investigator of the Belgian Federal Police unless told otherwise (`as_`)."""
    async with client_on(demo_store, tmp_path) as client:
        yield client
