"""An HTTP client on the ASGI app over a real store (the demo network)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest

from service.api.app import create_app
from service.settings import Settings
from service.store import Executor

DEMO_TODAY = date(2026, 11, 24)  # the date the demo network is anchored on


@dataclass
class GraphQLClient:
    http: httpx.AsyncClient
    executor: Executor

    async def post(self, query: str, variables: dict[str, Any] | None = None, **headers: str) -> httpx.Response:
        return await self.http.post("/graphql", json={"query": query, "variables": variables}, headers=headers)

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


@pytest.fixture
async def api(demo_store: Executor) -> AsyncIterator[GraphQLClient]:
    app = create_app(Settings(LONET_TODAY=DEMO_TODAY), executor=demo_store)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://lonet.test") as http:
        yield GraphQLClient(http, demo_store)
