"""The Starlette application: routes, request ids, authentication, the store's lifetime."""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import orjson
from graphql import FieldNode, FragmentDefinitionNode, OperationType
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from graphql.validation import NoSchemaIntrospectionCustomRule
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..clock import clock_of
from ..errors import LonetError, Unauthenticated
from ..events import InProcessEventBus
from ..notifier import Notifier
from ..observability import BrokerCollector, Metrics, NotificationCollector, StoreCollector, SubscriptionCollector, current_request_id
from ..graphql.context import RequestContext
from ..graphql.errors import STORE_UNAVAILABLE
from ..graphql.limits import WHOLE_NETWORK_REPORTS, Limits, QueryRefused, check_limits
from ..graphql.schema import MIDDLEWARE, schema
from ..i18n import _, current_lang, lang_named
from ..security.demo import DEMO_IDENTITIES
from ..security.identity import Identity
from ..security.ratelimit import SubjectRateLimiter
from ..security.tokens import DevTokens, build_verifier
from ..settings import AuthMode, Settings, introspection_enabled
from ..store import Executor, InvalidBookmark, StoreError, StoreUnavailable, open_executor
from ..store.migrator import is_current
from ..store.resilient import ResilientExecutor
from ..usecases.audit_anchor import checkpoint_periodically
from ..usecases.deliveries import drain_delivery_records
from ..usecases.maintenance import migrate_and_seed
from . import graphql_http as gql
from .admin_import import admin_routes
from .calendar import calendar_routes
from .authentication import identify
from .collector import give_back_freed_memory, share_malloc_arenas, tune_for_serving
from .consistency import HEADER, store_terms
from .dashboard import dashboard_routes
from .reports import report_routes
from .graphiql import graphiql_asset, graphiql_page
from .headers import html_page, justification_of
from .webapp import webapp_routes
from .language import LanguageMiddleware
from .websocket import LiveSubscriptions, graphql_websocket, init_timeout_of

if TYPE_CHECKING:
    from ..broker import RedisBroker

log = logging.getLogger("lonet.http")

# A step of a worker's shutdown still running after this long is logged, and again when it ends:
# in a fresh-clone test run (2026-12-06) one worker of the two-worker Neo4j demo took six minutes
# to stop after Ctrl+C (the other at once), and nothing told which step it waited in.
SLOW_SHUTDOWN_STEP_SECONDS = 5.0


async def shutdown_step(what: str, step: Awaitable[Any], slow: float = SLOW_SHUTDOWN_STEP_SECONDS) -> None:
    """Await one step of the shutdown, saying so in the log when it takes long."""
    started = time.monotonic()
    still = asyncio.get_running_loop().call_later(slow, log.warning, "shutdown: still waiting for %s after %g s", what, slow)
    try:
        await step
    finally:
        still.cancel()
        spent = time.monotonic() - started
        if spent >= slow:
            log.warning("shutdown: %s after %.1f s", what, spent)


class RequestIdMiddleware:
    """Gives every request an id of the server's own and returns it (X-Request-Id). A sane incoming
    X-Request-Id is kept beside it (`client_request_id`, in consultation records too) and echoed
    as X-Client-Request-Id, never taken as the request's id: two callers could share one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        client_request_id = incoming if incoming.isalnum() and len(incoming) <= 64 else None
        request_id = uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"], state["client_request_id"] = request_id, client_request_id
        current_request_id.set(request_id)  # every log line of this request carries it
        echoed = [(b"x-request-id", request_id.encode())]
        if client_request_id is not None:
            echoed.append((b"x-client-request-id", client_request_id.encode()))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *echoed]
            await send(message)

        await self.app(scope, receive, send_with_id)


def _error(message: str, status: int, code: str, headers: dict[str, str] | None = None, **extensions: Any) -> Response:
    payload = {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}
    return gql.json_response(payload, status, gql.JSON, headers)


async def authenticate(request: Request) -> Identity:
    header = request.headers.get("authorization", "")
    scheme, _space, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated(_("send a bearer token: Authorization: Bearer <token>"))
    return await identify(request.app.state, token.strip())


async def admit(request: Request) -> Identity | Response:
    """The request's authenticated caller, or the refusal to send (401, or 429 over the rate limit).
    GraphQL and the CSV exports (service/api/dashboard.py) both pass this gate."""
    try:
        identity = await authenticate(request)
    except Unauthenticated as exc:
        # Failed attempts count against the client's address, so guessing tokens is throttled too.
        client = request.client.host if request.client else "unknown"
        if not (await request.app.state.rate_limiter.hit(f"unauthenticated:{client}")).allowed:
            return _error(_("too many failed authentications"), 429, "RATE_LIMITED", {"Retry-After": "60"}, limit="rateLimit")
        return _error(exc.message, 401, "UNAUTHENTICATED", {"WWW-Authenticate": 'Bearer error="invalid_token"'}, **exc.details)
    except InvalidBookmark:  # a Lonet-Bookmark the database did not give out: the caller's input
        return _error(_("the Lonet-Bookmark header holds a bookmark this service did not give out"), 400, "BAD_USER_INPUT", field="Lonet-Bookmark")
    except StoreError:  # the known services could not be read (StoreUnavailable included)
        return _error(_("the directory store is unavailable; try again shortly"), 503, STORE_UNAVAILABLE)
    decision = await request.app.state.rate_limiter.hit(identity.subject)
    if not decision.allowed:
        return _error(
            _("too many requests: the limit is %(limit)s per caller", limit=decision.limit),
            429,
            "RATE_LIMITED",
            {"Retry-After": str(decision.retry_after_seconds)},
            limit="rateLimit",
        )
    return identity


async def graphql_endpoint(request: Request) -> Response:
    """/graphql, measured: latency and outcome by operation, errors by code (GET /metrics)."""
    started = time.perf_counter()
    settings: Settings = request.app.state.settings
    try:
        async with store_terms(request.headers.get(HEADER), settings.store_timeout_seconds) as terms:
            response = await serve_graphql(request)
    except LonetError as exc:  # a malformed Lonet-Bookmark header
        return _error(exc.message, 400, exc.code, **exc.details)
    if terms.written:
        response.headers[HEADER] = ",".join(terms.written)
    if isinstance(response, HTMLResponse):
        return response  # the GraphiQL page is not an operation
    operation = getattr(request.state, "graphql_operation", None)
    metrics: Metrics = request.app.state.metrics
    label = metrics.operation_label(*operation) if operation else "unparsed"
    metrics.observe(label, started, _error_codes(response))
    return response


def _error_codes(response: Response) -> list[str]:
    body = getattr(response, "body", b"")
    if b'"errors"' not in body:  # most responses: no need to parse them again
        return []
    try:
        errors = orjson.loads(body).get("errors") or []
    except (orjson.JSONDecodeError, AttributeError):
        return ["UNREADABLE"]
    return [str((e.get("extensions") or {}).get("code", "UNKNOWN")) for e in errors]


async def metrics_endpoint(request: Request) -> Response:
    """Prometheus text; behind `Authorization: Bearer <LONET_METRICS_TOKEN>` when that is set."""
    expected = request.app.state.settings.metrics_token
    if expected is not None:
        scheme, _space, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.get_secret_value().encode()):
            return _error("/metrics needs the metrics bearer token", 401, "UNAUTHENTICATED", {"WWW-Authenticate": "Bearer"})
    return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)


async def serve_graphql(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    request_id: str = request.state.request_id
    accept = request.headers.get("accept")
    if request.method == "GET" and "query" not in request.query_params and accept and "text/html" in accept:
        demo = settings.auth_mode is AuthMode.DEV
        # ?lang=fr: a link to the page in a language other than the browser's (the page's calls follow it)
        lang = lang_named(request.query_params.get("lang")) or current_lang()
        request.state.lang = lang  # the response's Content-Language (service/api/language.py)
        identities = tuple((d.key, d.label) for d in DEMO_IDENTITIES) if demo else ()
        return html_page(graphiql_page(identities, lang), inline_script=True)
    identity = await admit(request)
    if isinstance(identity, Response):
        return identity
    media_type = gql.negotiate(accept)
    if media_type is None:
        return _error(_("cannot answer in any media type of Accept: %(accept)s", accept=accept), 406, "BAD_REQUEST", {"Accept": gql.ACCEPTABLE})
    try:
        params = await gql.read_params(request, settings.max_body_bytes)
        justification = justification_of(request)
    except gql.BadRequest as exc:
        return _error(exc.message, exc.status, "BAD_REQUEST", exc.headers)
    except LonetError as exc:
        return _error(exc.message, 400, exc.code)
    rules = [] if introspection_enabled(settings) else [NoSchemaIntrospectionCustomRule]
    prepared = gql.prepare(
        schema.graphql_schema, params, request.method, media_type, request_id, rules, settings.max_tokens,
        request.app.state.documents,
    )
    if prepared.operation is not None:
        request.state.graphql_operation = (
            params.operation_name or (prepared.operation.name.value if prepared.operation.name else None),
            [f.name.value for f in prepared.operation.selection_set.selections if isinstance(f, FieldNode)],
        )
    if prepared.refusal is not None:
        return prepared.refusal
    if prepared.operation is not None and prepared.operation.operation is OperationType.SUBSCRIPTION:
        status = 400 if media_type == gql.GRAPHQL_RESPONSE else 200
        message = _("subscriptions are served over WebSocket at this URL (subprotocol graphql-transport-ws), not over HTTP")
        return gql.json_response({"errors": [{"message": message, "extensions": {"code": "BAD_REQUEST"}}]}, status, media_type)
    if prepared.operation is not None:
        fragments = {d.name.value: d for d in prepared.document.definitions if isinstance(d, FragmentDefinitionNode)}
        try:
            check_limits(schema.graphql_schema, prepared.operation, fragments, params.variables, request.app.state.limits)
        except QueryRefused as exc:
            status = 400 if media_type == gql.GRAPHQL_RESPONSE else 200
            payload = {"errors": [{"message": exc.message, "extensions": {"code": exc.code, **exc.details, "requestId": request_id}}]}
            return gql.json_response(payload, status, media_type)
    context = RequestContext(
        settings=settings,
        executor=request.app.state.executor,
        request_id=request_id,
        identity=identity,
        justification=justification,
        bus=request.app.state.bus,
        client_request_id=request.state.client_request_id,
    )
    root_fields = request.state.graphql_operation[1] if prepared.operation is not None else []
    async with _turn_for_reports(request, root_fields):
        response = await gql.run(schema.graphql_schema, prepared, params, context, media_type, request_id, MIDDLEWARE)
    try:
        await context.trail.flush(context.executor)
    except (StoreError, StoreUnavailable):
        # No consultation record, no data: the response computed above is not sent.
        log.exception("could not write the consultation log", extra={"request_id": request_id})
        return _error(_("the consultation log could not be written; nothing was returned"), 503, "STORE_UNAVAILABLE")
    return response


@asynccontextmanager
async def _turn_for_reports(request: Request, root_fields: list[str]) -> AsyncIterator[None]:
    """A whole-network report waits while LONET_REPORTS_AT_ONCE others are being built: each is
    ~10 MB of objects until it is sent, and building more at once only takes longer for each."""
    if WHOLE_NETWORK_REPORTS.isdisjoint(root_fields):
        yield
        return
    turns: asyncio.Semaphore = request.app.state.report_turns
    if turns.locked():
        request.app.state.metrics.reports_waited.inc()
    async with turns:
        yield


async def demo_token(request: Request) -> Response:
    """Dev mode only: a token for one of the demo identities (GraphiQL's identity picker)."""
    tokens: DevTokens = request.app.state.verifier
    wanted = request.query_params.get("identity", "")
    demo = next((d for d in DEMO_IDENTITIES if d.key == wanted), None)
    if demo is None:
        return JSONResponse({"error": f"unknown demo identity {wanted!r}", "known": [d.key for d in DEMO_IDENTITIES]}, 404)
    token = tokens.issue(subject=demo.subject, roles=list(demo.roles), service=demo.service, officer_id=demo.officer_id)
    return JSONResponse({"token": token, "identity": demo.key})


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    """503 while the store cannot serve. An unreachable broker is `degraded`, still 200: every
    request is served (live updates and cache changes of the other workers wait for it)."""
    executor: Executor = request.app.state.executor
    broker: RedisBroker | None = request.app.state.broker
    shown = {"broker": broker.status()} if broker is not None else {}
    try:
        await executor.ping()
        migrated = await is_current(executor)
    except StoreError as exc:
        return JSONResponse({"status": "unavailable", "reason": str(exc), **shown}, status_code=503)
    if not migrated:
        return JSONResponse({"status": "unavailable", "reason": _("the store is not migrated: run `lonet migrate`"), **shown}, 503)
    status = "degraded" if broker is not None and not broker.connected else "ready"
    return JSONResponse({"status": status, "engine": executor.engine, **shown})


class InsecureDevAuth(ValueError):
    """Dev auth asked for outside the demo without saying so."""


def check_dev_auth(settings: Settings, *, demo: bool, insecure_dev_auth: bool) -> bool:
    """Whether the app signs and accepts development tokens (and hands them out at
    /auth/demo-token to anyone): only for the demo's throwaway store, or when the operator says
    so explicitly (--insecure-dev-auth), loudly. LONET_AUTH_MODE=dev alone is refused."""
    if settings.auth_mode is not AuthMode.DEV:
        return False
    if not (demo or insecure_dev_auth):
        raise InsecureDevAuth(
            _(
                "LONET_AUTH_MODE=dev hands out tokens of any identity, admin included, without credentials "
                "(/auth/demo-token): it runs only with `lonet serve --demo` (a throwaway store) or, on purpose, "
                "`lonet serve --insecure-dev-auth`; use LONET_AUTH_MODE=oidc otherwise"
            )
        )
    if not demo:
        log.warning(
            "INSECURE: development authentication on a real store (--insecure-dev-auth): anyone who reaches "
            "this server gets any token, admin included, at /auth/demo-token"
        )
    return True


def create_app(
    settings: Settings,
    *,
    executor: Executor | None = None,
    demo: bool = False,
    insecure_dev_auth: bool = False,
    seed: bool = True,
) -> Starlette:
    """The ASGI app. Given an executor (tests), the app uses it and leaves closing it to the caller.
    Development tokens only with `demo` or `insecure_dev_auth` (check_dev_auth). The demo loads
    its network at startup unless `seed` is false (the workers of a demo loaded once before them)."""
    dev_auth = check_dev_auth(settings, demo=demo, insecure_dev_auth=insecure_dev_auth)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        owned = executor is None
        if owned:
            share_malloc_arenas()  # before the store's threads first allocate: service/api/collector.py
            # Opened on first use, and again after an outage: the service starts and recovers
            # by itself while the store is unavailable (readyz says so meanwhile).
            app.state.executor = ResilientExecutor(
                lambda: open_executor(settings), engine=settings.engine.value, retry_seconds=settings.store_retry_seconds
            )
        if app.state.broker is not None:
            app.state.broker.start(app.state.executor.stats)
        if demo and seed:
            # Anchored on the day it is loaded (LONET_TODAY when set): the same picture on any date.
            counts = await migrate_and_seed(app.state.executor, today=clock_of(settings).today())
            log.info("demo network loaded: %s officers, %s postings", counts.get("Officer"), counts.get("Posting"))
        if owned:
            tune_for_serving()  # a server process (not an app a test drives): service/api/collector.py
        anchoring = settings.audit_key_file is not None and settings.audit_checkpoint_dir is not None
        schedule = asyncio.create_task(checkpoint_periodically(app.state.executor, settings)) if anchoring else None
        # Mail and deadline alerts (service/notifier.py): one delivery loop per worker, one
        # deadline scheduler per deployment (a lease in the store elects it).
        app.state.notifier = Notifier(app.state.executor, settings, bus=app.state.bus)
        notifying = asyncio.create_task(app.state.notifier.run())
        trimming = asyncio.create_task(give_back_freed_memory(settings.memory_trim_seconds)) if owned else None
        try:
            yield {}
        finally:
            notifying.cancel()
            if trimming is not None:
                trimming.cancel()
            if schedule is not None:
                schedule.cancel()
            await shutdown_step("the delivery records written", drain_delivery_records(app.state.executor))
            if app.state.broker is not None:
                await shutdown_step("the broker closed", app.state.broker.close())
            if owned:
                await shutdown_step("the store closed", app.state.executor.close())

    routes = [
        Route("/graphql", graphql_endpoint, methods=["GET", "POST"]),
        Route("/graphql/assets/{name}", graphiql_asset, methods=["GET"]),
        WebSocketRoute("/graphql", graphql_websocket),  # live updates: graphql-transport-ws
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/metrics", metrics_endpoint, methods=["GET"]),
        *dashboard_routes(admit),  # managers' dashboard and CSV exports
        *admin_routes(admit),  # POST /admin/import: directory upload (admins)
        *webapp_routes(settings),  # `/` and /app/: the web application for investigators and LOs
        *calendar_routes(),  # GET /calendar/<token>.ics: an LO's calendar (the token is the credential)
        *report_routes(admit),  # GET /reports/postings/<year>.csv|.pdf (managers, admins)
    ]
    if dev_auth:
        routes.append(Route("/auth/demo-token", demo_token, methods=["GET"]))
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(LanguageMiddleware)])
    app.state.settings = settings
    app.state.verifier = build_verifier(settings)
    # Several workers as one (service/broker): one bus, caches told of each other's commits, one count.
    app.state.broker, app.state.bus = None, InProcessEventBus()
    if settings.broker_url:
        # Imported only here: Redis's client is ~7 MB of a process that runs alone (issue 22, memory).
        from ..broker import BrokeredEventBus, RedisBroker

        app.state.broker = RedisBroker(
            settings.broker_url, retry_seconds=settings.broker_retry_seconds,
            key=settings.broker_key.get_secret_value() if settings.broker_key else None,
        )
        app.state.bus = BrokeredEventBus(app.state.broker)
    app.state.rate_limiter = SubjectRateLimiter(
        settings.rate_limit, shared_url=settings.broker_url, retry_seconds=settings.broker_retry_seconds
    )
    app.state.metrics = Metrics()
    app.state.metrics.watch(BrokerCollector(app.state))
    app.state.metrics.watch(StoreCollector(app.state))
    app.state.metrics.watch(SubscriptionCollector(app.state))
    app.state.metrics.watch(NotificationCollector(app.state))
    app.state.notifier = None  # started with the app (lifespan)
    app.state.subscriptions = LiveSubscriptions()  # open WebSocket connections and active operations
    app.state.ws_init_timeout = init_timeout_of(settings)
    app.state.documents = gql.ValidatedDocuments(settings.document_cache_bytes, settings.max_cached_document_bytes)
    app.state.limits = Limits(settings.max_depth, settings.max_cost, settings.max_aliases, settings.max_page_size)
    app.state.report_turns = asyncio.Semaphore(settings.reports_at_once)
    if executor is not None:
        app.state.executor = executor
    return RequestIdMiddleware(app)  # type: ignore[return-value]
