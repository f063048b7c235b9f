"""The Starlette application: routes, request ids, the store's lifetime."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..graphql.context import RequestContext
from ..graphql.schema import schema
from ..settings import Settings
from ..store import Executor, StoreError, open_executor
from ..store.migrator import is_current
from ..usecases.maintenance import migrate_and_seed
from . import graphql_http as gql
from .graphiql import graphiql_page

log = logging.getLogger("lonet.http")


class RequestIdMiddleware:
    """Gives every request an id (or keeps a sane incoming X-Request-Id) and returns it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if incoming.isalnum() and len(incoming) <= 64 else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        await self.app(scope, receive, send_with_id)


def _request_error(message: str, status: int, headers: dict[str, str] | None = None) -> Response:
    payload = {"errors": [{"message": message, "extensions": {"code": "BAD_REQUEST"}}]}
    return gql.json_response(payload, status, gql.JSON, headers)


async def graphql_endpoint(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    request_id: str = request.state.request_id
    accept = request.headers.get("accept")
    if request.method == "GET" and "query" not in request.query_params and accept and "text/html" in accept:
        return HTMLResponse(graphiql_page())
    media_type = gql.negotiate(accept)
    if media_type is None:
        return _request_error(
            f"cannot answer in any media type of Accept: {accept}", 406, {"Accept": gql.ACCEPTABLE}
        )
    try:
        params = await gql.read_params(request, settings.max_body_bytes)
    except gql.BadRequest as exc:
        return _request_error(exc.message, exc.status, exc.headers)
    prepared = gql.prepare(schema.graphql_schema, params, request.method, media_type, request_id)
    if prepared.refusal is not None:
        return prepared.refusal
    context = RequestContext(settings=settings, executor=request.app.state.executor, request_id=request_id)
    return await gql.run(schema.graphql_schema, prepared, params, context, media_type, request_id)


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    executor: Executor = request.app.state.executor
    try:
        await executor.ping()
        migrated = await is_current(executor)
    except StoreError as exc:
        return JSONResponse({"status": "unavailable", "reason": str(exc)}, status_code=503)
    if not migrated:
        return JSONResponse({"status": "unavailable", "reason": "the store is not migrated: run `lonet migrate`"}, 503)
    return JSONResponse({"status": "ready", "engine": executor.engine})


def create_app(settings: Settings, *, executor: Executor | None = None, demo: bool = False) -> Starlette:
    """The ASGI app. Given an executor (tests), the app uses it and leaves closing it to the caller."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        owned = executor is None
        if owned:
            app.state.executor = open_executor(settings)
        if demo:
            counts = await migrate_and_seed(app.state.executor)
            log.info("demo network loaded: %s officers, %s postings", counts.get("Officer"), counts.get("Posting"))
        try:
            yield {}
        finally:
            if owned:
                await app.state.executor.close()

    app = Starlette(
        routes=[
            Route("/graphql", graphql_endpoint, methods=["GET", "POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    if executor is not None:
        app.state.executor = executor
    return RequestIdMiddleware(app)  # type: ignore[return-value]
