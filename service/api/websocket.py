"""GraphQL subscriptions over WebSocket: the `graphql-transport-ws` protocol (npm `graphql-ws`).

The protocol (PROTOCOL.md of graphql-ws): the client opens `/graphql` with the subprotocol
`graphql-transport-ws` and sends `connection_init` with its bearer token in the payload
(`{"Authorization": "Bearer <token>"}`, `{"authorization": ...}` or `{"token": "<token>"}`);
the server answers `connection_ack`, then `subscribe` / `next` / `error` / `complete` per
operation id, `ping` / `pong` at any time. Fatal problems close the socket:

    4400 invalid message            4401 unauthorized (bad token, subscribe before the ack,
                                         the token expired)
    4403 a fresh token for another subject
    4406 subprotocol not acceptable 4408 no connection_init in time
    4409 subscriber for <id> already exists
    4429 too many initialisation requests

A token is good until its `exp`: at that moment the socket closes with 4401 ("token expired"),
and a subscribe after it is refused the same way. To stay connected, the client sends a fresh
token before then in a `ping`'s payload, the same shapes as in connection_init
(`{"type": "ping", "payload": {"Authorization": "Bearer <new token>"}}`); the server verifies it
(same subject, else 4403), takes its claims for what follows and answers
`{"type": "pong", "payload": {"tokenRefreshed": true, "expiresAt": <epoch seconds>}}`. An invalid
fresh token closes with 4401. A ping without a token is answered as before.

Only `subscription` operations are served here: a query or mutation gets an `error` message
(BAD_REQUEST) and goes to `POST /graphql`, where the justification header, the rate limit per
request and the consultation log of each response already apply. Each subscription is checked
as an HTTP request is (rate limit, parse, validation, query limits, the root-field policy as
middleware), and every event is executed with a fresh request context (current values, its own
DataLoaders) whose consultation-log record is taken by the process's delivery records before the
`next` message leaves (usecases/deliveries.py). A `next` payload carries `extensions.committedAt`,
when the change committed.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import IntEnum
from inspect import isawaitable
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    ExecutionResult,
    FragmentDefinitionNode,
    GraphQLError,
    OperationType,
    execute,
    parse,
    specified_rules,
    validate,
)
from graphql.execution import create_source_event_stream
from graphql.validation import NoSchemaIntrospectionCustomRule
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from ..errors import LonetError, Unauthenticated
from ..graphql.awaitable import is_awaitable
from ..graphql.context import RequestContext
from ..i18n import _, lang_named, negotiate, set_lang
from ..graphql.errors import document_error, format_error
from ..graphql.execution import LeanExecutionContext
from ..graphql.limits import QueryRefused, check_limits
from ..graphql.schema import MIDDLEWARE, schema
from ..security.identity import Identity
from ..settings import Settings, introspection_enabled
from ..store import StoreError, StoreUnavailable
from ..usecases.audit import normalise_justification
from ..usecases.deliveries import Delivery
from .authentication import identify
from .graphql_http import selected_operation

log = logging.getLogger("lonet.ws")

PROTOCOL = "graphql-transport-ws"
MAX_OPERATIONS_PER_CONNECTION = 50
MAX_CLOSE_REASON_BYTES = 123  # RFC 6455: a close frame's payload is at most 125 bytes


class CloseCode(IntEnum):
    BAD_REQUEST = 4400
    UNAUTHORIZED = 4401
    FORBIDDEN = 4403
    SUBPROTOCOL_NOT_ACCEPTABLE = 4406
    CONNECTION_INIT_TIMEOUT = 4408
    SUBSCRIBER_ALREADY_EXISTS = 4409
    TOO_MANY_INITIALISATION_REQUESTS = 4429
    INTERNAL_SERVER_ERROR = 4500


@dataclass
class LiveSubscriptions:
    """What is live now (`app.state.subscriptions`): open connections and running operations, in
    all (metrics) and per subject (the caps LONET_WS_MAX_CONNECTIONS_PER_SUBJECT and
    LONET_WS_MAX_SUBSCRIPTIONS_PER_SUBJECT)."""

    connections: int = 0
    active: int = 0
    connections_of: Counter[str] = field(default_factory=Counter)
    operations_of: Counter[str] = field(default_factory=Counter)

    @staticmethod
    def release(counter: Counter[str], subject: str) -> None:
        counter[subject] -= 1
        if counter[subject] <= 0:
            del counter[subject]


def init_timeout_of(settings: Settings) -> float:
    """Seconds to wait for `connection_init` (LONET_WS_INIT_TIMEOUT)."""
    return settings.ws_init_timeout


def token_of(payload: dict[str, Any]) -> str | None:
    """The bearer token of a connection_init payload, or None if it carries none."""
    for key in ("Authorization", "authorization"):
        header = payload.get(key)
        if isinstance(header, str):
            scheme, _space, token = header.strip().partition(" ")
            return token.strip() if scheme.lower() == "bearer" and token.strip() else None
    token = payload.get("token")
    return token.strip() if isinstance(token, str) and token.strip() else None


class InvalidMessage(Exception):
    """A message the protocol does not allow: the socket closes with 4400."""


def _object_or_none(value: Any, name: str) -> dict[str, Any] | None:
    if value is None or isinstance(value, dict):
        return value
    raise InvalidMessage(f"{name} must be an object or null")


def _error(message: str, code: str, request_id: str, **extensions: Any) -> dict[str, Any]:
    return {"message": message, "extensions": {"code": code, **extensions, "requestId": request_id}}


def with_commit_time(body: dict[str, Any], delivery: Delivery | None) -> dict[str, Any]:
    """An event's `next` payload with `extensions.committedAt`: when its change committed (UTC, the
    server's real time, microseconds), so a client can tell how far behind its live view runs. The
    body may be shared by identical subscriptions: it is copied, never changed."""
    if delivery is None or delivery.committed_at is None:
        return body
    stamp = datetime.fromtimestamp(delivery.committed_at, timezone.utc).isoformat(timespec="microseconds")
    return {**body, "extensions": {**body.get("extensions", {}), "committedAt": stamp.replace("+00:00", "Z")}}


class Connection:
    """One socket: its authenticated caller and its running operations (one task each)."""

    def __init__(self, websocket: WebSocket) -> None:
        self.websocket = websocket
        self.state = websocket.app.state
        self.settings: Settings = self.state.settings
        self.identity: Identity | None = None
        self.justification: str | None = None
        self.init_received = False
        self.closed = False
        self.operations: dict[str, asyncio.Task[None]] = {}
        self.send_lock = asyncio.Lock()
        self.expiry: asyncio.Task[None] | None = None
        self.counted_as: str | None = None  # the subject this connection counts against

    # -- the socket ---------------------------------------------------------------------
    async def serve(self) -> None:
        if PROTOCOL not in self.websocket.scope.get("subprotocols", []):
            await self.websocket.accept()
            await self.close(CloseCode.SUBPROTOCOL_NOT_ACCEPTABLE, "Subprotocol not acceptable")
            return
        await self.websocket.accept(subprotocol=PROTOCOL)
        live: LiveSubscriptions = self.state.subscriptions
        live.connections += 1
        deadline = asyncio.create_task(self._init_deadline(self.state.ws_init_timeout))
        try:
            while not self.closed:
                message = await self.websocket.receive()
                if message["type"] == "websocket.disconnect":
                    break
                text = message.get("text")
                if text is None and message.get("bytes") is not None:
                    try:
                        text = message["bytes"].decode("utf-8")
                    except UnicodeDecodeError:
                        text = ""
                try:
                    await self._handle(text or "")
                except InvalidMessage as exc:
                    await self.close(CloseCode.BAD_REQUEST, str(exc))
        finally:
            # Nothing here may depend on an await: the server can cancel this task on disconnect.
            self.closed = True
            live.connections -= 1
            if self.counted_as is not None:
                live.release(live.connections_of, self.counted_as)
            deadline.cancel()
            expiry = [self.expiry] if self.expiry is not None else []
            for task in expiry:
                task.cancel()
            tasks = list(self.operations.values())
            self.operations.clear()
            for task in tasks:
                task.cancel()  # each leaves the bus in its own `finally`
            await asyncio.gather(deadline, *expiry, *tasks, return_exceptions=True)

    async def _init_deadline(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
        if not self.init_received:
            await self.close(CloseCode.CONNECTION_INIT_TIMEOUT, "Connection initialisation timeout")

    def _watch_expiry(self) -> None:
        """Close the socket with 4401 when the current token expires (replacing the earlier watch)."""
        if self.expiry is not None:
            self.expiry.cancel()
        expires_at = self.identity.expires_at if self.identity is not None else None
        self.expiry = None if expires_at is None else asyncio.create_task(self._expire_at(expires_at))

    async def _expire_at(self, expires_at: float) -> None:
        await asyncio.sleep(max(0.0, expires_at - time.time()))
        await self._expired()

    async def _expired(self) -> None:
        await self.close(CloseCode.UNAUTHORIZED, "Unauthorized: the token has expired; send a fresh one in a ping before exp")

    def _token_expired(self) -> bool:
        expires_at = self.identity.expires_at if self.identity is not None else None
        return expires_at is not None and time.time() >= expires_at

    async def close(self, code: int, reason: str) -> None:
        if self.closed:
            return
        self.closed = True
        reason = reason.encode()[:MAX_CLOSE_REASON_BYTES].decode(errors="ignore")
        async with self.send_lock:
            if self.websocket.application_state is WebSocketState.CONNECTED:
                try:
                    await self.websocket.close(code, reason)
                except (WebSocketDisconnect, RuntimeError, OSError):
                    pass  # the client is gone already

    async def send(self, message: dict[str, Any]) -> None:
        async with self.send_lock:
            if self.closed or self.websocket.application_state is not WebSocketState.CONNECTED:
                return
            try:
                await self.websocket.send_text(orjson.dumps(message).decode())
            except (WebSocketDisconnect, RuntimeError, OSError):
                self.closed = True  # the client is gone; the receive loop ends with its disconnect

    # -- messages -------------------------------------------------------------------------
    async def _handle(self, text: str) -> None:
        if len(text) > self.settings.max_body_bytes:
            raise InvalidMessage(f"message exceeds the limit of {self.settings.max_body_bytes} bytes")
        try:
            message = orjson.loads(text)
        except orjson.JSONDecodeError:
            raise InvalidMessage("Invalid message received: not JSON") from None
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            raise InvalidMessage("Invalid message received: a JSON object with a string `type` is expected")
        kind = message["type"]
        if kind == "connection_init":
            await self._connection_init(_object_or_none(message.get("payload"), "payload") or {})
        elif kind == "ping":
            payload = _object_or_none(message.get("payload"), "payload")
            fresh = token_of(payload) if payload else None
            if fresh is not None and self.identity is not None:
                await self._refresh(fresh)
            else:
                await self.send({"type": "pong", **({"payload": payload} if payload else {})})
        elif kind == "pong":
            _object_or_none(message.get("payload"), "payload")
        elif kind == "subscribe":
            await self._subscribe(message)
        elif kind == "complete":
            operation_id = message.get("id")
            if not isinstance(operation_id, str) or not operation_id:
                raise InvalidMessage("complete needs the operation's `id`")
            task = self.operations.pop(operation_id, None)
            if task is not None:
                task.cancel()  # no further message for it; the stream leaves the bus
        else:
            raise InvalidMessage(f"Unexpected message of type {kind} received")

    async def _connection_init(self, payload: dict[str, Any]) -> None:
        if self.init_received:
            await self.close(CloseCode.TOO_MANY_INITIALISATION_REQUESTS, "Too many initialisation requests")
            return
        self.init_received = True
        token = token_of(payload)
        if token is None:
            await self.close(CloseCode.UNAUTHORIZED, "Unauthorized: send {\"Authorization\": \"Bearer <token>\"} in connection_init")
            return
        try:
            identity = await identify(self.state, token)
        except Unauthenticated as exc:
            await self.close(CloseCode.UNAUTHORIZED, f"Unauthorized: {exc.message}")
            return
        except StoreError:  # the known services could not be read (StoreUnavailable included)
            await self.close(CloseCode.INTERNAL_SERVER_ERROR, _("the directory store is unavailable; try again shortly"))
            return
        # The language of the connection's texts: connection_init's `lang` or `Accept-Language`
        # (browsers cannot set a WebSocket's headers), else the handshake's header.
        chosen = lang_named(payload.get("lang"))
        if chosen is None and isinstance(payload.get("Accept-Language"), str):
            chosen = negotiate(payload["Accept-Language"])
        if chosen is not None:
            set_lang(chosen)  # this task's context: the operations' tasks start from it
        justification = payload.get("justification", payload.get("X-Justification"))
        try:
            self.justification = normalise_justification(justification if isinstance(justification, str) else None)
        except LonetError as exc:
            raise InvalidMessage(exc.message) from None
        live: LiveSubscriptions = self.state.subscriptions
        if live.connections_of[identity.subject] >= self.settings.ws_max_connections_per_subject:
            await self.close(
                CloseCode.TOO_MANY_INITIALISATION_REQUESTS,
                f"Too many connections: at most {self.settings.ws_max_connections_per_subject} per subject",
            )
            return
        live.connections_of[identity.subject] += 1
        self.counted_as = identity.subject
        self.identity = identity
        self._watch_expiry()
        await self.send({"type": "connection_ack"})

    async def _refresh(self, token: str) -> None:
        """A fresh token sent in a ping: the connection goes on under it, or closes."""
        assert self.identity is not None
        try:
            identity = await self.state.verifier.verify(token)
        except Unauthenticated as exc:
            await self.close(CloseCode.UNAUTHORIZED, f"Unauthorized: {exc.message}")
            return
        if identity.subject != self.identity.subject:
            await self.close(CloseCode.FORBIDDEN, "Forbidden: a fresh token must be for the connection's subject")
            return
        self.identity = identity
        self._watch_expiry()
        await self.send({"type": "pong", "payload": {"tokenRefreshed": True, "expiresAt": identity.expires_at}})

    async def _subscribe(self, message: dict[str, Any]) -> None:
        if self.identity is None:
            await self.close(CloseCode.UNAUTHORIZED, "Unauthorized")
            return
        if self._token_expired():
            await self._expired()
            return
        operation_id = message.get("id")
        if not isinstance(operation_id, str) or not operation_id:
            raise InvalidMessage("subscribe needs a non-empty string `id`")
        payload = message.get("payload")
        if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
            raise InvalidMessage("subscribe needs a payload with a string `query`")
        operation_name = payload.get("operationName")
        if operation_name is not None and not isinstance(operation_name, str):
            raise InvalidMessage("operationName must be a string or null")
        variables = _object_or_none(payload.get("variables"), "variables")
        _object_or_none(payload.get("extensions"), "extensions")
        if operation_id in self.operations:
            await self.close(CloseCode.SUBSCRIBER_ALREADY_EXISTS, f"Subscriber for {operation_id} already exists")
            return
        request_id = uuid.uuid4().hex
        if len(self.operations) >= MAX_OPERATIONS_PER_CONNECTION:
            error = _error(
                _("at most %(most)d operations may run on one connection", most=MAX_OPERATIONS_PER_CONNECTION),
                "BAD_REQUEST",
                request_id,
                limit="maxOperationsPerConnection",
            )
            await self.send({"id": operation_id, "type": "error", "payload": [error]})
            return
        live: LiveSubscriptions = self.state.subscriptions
        subject, most = self.identity.subject, self.settings.ws_max_subscriptions_per_subject
        if live.operations_of[subject] >= most:
            error = _error(
                _("at most %(most)d subscriptions may run for one caller", most=most), "BAD_REQUEST", request_id,
                limit="maxSubscriptionsPerSubject", allowed=most,
            )
            await self.send({"id": operation_id, "type": "error", "payload": [error]})
            return
        live.operations_of[subject] += 1
        task = asyncio.create_task(self._operation(operation_id, payload["query"], variables, operation_name, request_id))
        task.add_done_callback(lambda _: live.release(live.operations_of, subject))  # also if cancelled unstarted
        self.operations[operation_id] = task

    # -- one operation ----------------------------------------------------------------------
    async def _operation(
        self, operation_id: str, query: str, variables: dict[str, Any] | None, operation_name: str | None, request_id: str
    ) -> None:
        live: LiveSubscriptions = self.state.subscriptions
        live.active += 1
        try:
            errors = await self._run(operation_id, query, variables, operation_name, request_id)
            if errors is not None:
                await self.send({"id": operation_id, "type": "error", "payload": errors})
            else:
                await self.send({"id": operation_id, "type": "complete"})
        except asyncio.CancelledError:
            raise  # the client completed it, or the connection ended: nothing more is sent
        except Exception:
            log.exception("subscription failed", extra={"request_id": request_id})
            error = _error(_("internal error; quote request id %(request_id)s when reporting it", request_id=request_id), "INTERNAL_SERVER_ERROR", request_id)
            await self.send({"id": operation_id, "type": "error", "payload": [error]})
        finally:
            live.active -= 1
            if self.operations.get(operation_id) is asyncio.current_task():
                del self.operations[operation_id]

    def _context(self, request_id: str) -> RequestContext:
        assert self.identity is not None
        return RequestContext(
            settings=self.settings,
            executor=self.state.executor,
            request_id=request_id,
            identity=self.identity,
            justification=self.justification,
            bus=self.state.bus,
        )

    async def _prepare(
        self, query: str, variables: dict[str, Any] | None, operation_name: str | None, request_id: str
    ) -> tuple[DocumentNode | None, list[dict[str, Any]] | None]:
        """The validated subscription document, or the errors that refuse it."""
        assert self.identity is not None
        decision = await self.state.rate_limiter.hit(self.identity.subject)
        if not decision.allowed:
            message = _("too many requests: the limit is %(limit)s per caller", limit=decision.limit)
            return None, [_error(message, "RATE_LIMITED", request_id, limit="rateLimit", retryAfter=decision.retry_after_seconds)]
        try:
            document = parse(query, max_tokens=getattr(self.settings, "max_tokens", None))
        except GraphQLError as error:
            return None, [document_error(error, "GRAPHQL_PARSE_FAILED", request_id)]
        rules = [*specified_rules] if introspection_enabled(self.settings) else [*specified_rules, NoSchemaIntrospectionCustomRule]
        failures = validate(schema.graphql_schema, document, rules=rules)
        if failures:
            return None, [document_error(e, "GRAPHQL_VALIDATION_FAILED", request_id) for e in failures]
        operation = selected_operation(document, operation_name)
        if operation is None:
            if operation_name:
                message = _("no operation named %(name)r", name=operation_name)
            else:
                message = _("name the operation to run (operationName)")
            return None, [_error(message, "BAD_REQUEST", request_id)]
        if operation.operation is not OperationType.SUBSCRIPTION:
            message = _(
                "only subscriptions are served over WebSocket; send this %(kind)s with POST /graphql",
                kind=operation.operation.value,
            )
            return None, [_error(message, "BAD_REQUEST", request_id)]
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        try:
            check_limits(schema.graphql_schema, operation, fragments, variables, self.state.limits)
        except QueryRefused as exc:
            return None, [_error(exc.message, exc.code, request_id, **exc.details)]
        return document, None

    async def _deliver(
        self,
        document: DocumentNode,
        query: str,
        payload: Any,
        delivery: Delivery | None,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        request_id: str,
    ) -> dict[str, Any] | None:
        """One event executed for this subscription, its consultation record handed to the
        process's delivery records (written with the other deliveries', off this path:
        usecases/deliveries.py): the `next` payload, or None when the log cannot be written.
        Identical subscriptions of one caller (same document and variables) share one execution
        per event: the answer is the same, each gets its own record."""
        context = self._context(request_id)  # fresh trail per event; the event's shared reads
        key = (query, orjson.dumps(variables or {}, option=orjson.OPT_SORT_KEYS), operation_name, self.identity, self.justification)
        shared = delivery.answers.get(key) if delivery is not None else None
        if shared is not None:
            body, reads = shared
            for operation, ids in reads.items():
                context.trail.reads[operation].update(ids)
        else:
            if delivery is not None:
                context.reads = delivery.reads
            body = await self._execute(document, payload, context, variables, operation_name, request_id)
            if delivery is not None and "errors" not in body:  # errors carry this request's id
                delivery.answers[key] = (body, {op: set(ids) for op, ids in context.trail.reads.items()})
        try:
            if delivery is not None:
                await delivery.records.add(context.trail)
            else:
                await context.trail.flush(context.executor)
        except (StoreError, StoreUnavailable):
            log.exception("could not write the consultation log", extra={"request_id": request_id})
            return None
        return body

    async def _execute(
        self,
        document: DocumentNode,
        payload: Any,
        context: RequestContext,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        request_id: str,
    ) -> dict[str, Any]:
        result = execute(
            schema.graphql_schema,
            document,
            payload,
            context,
            variables,
            operation_name,
            middleware=MIDDLEWARE or None,
            is_awaitable=is_awaitable,
            execution_context_class=LeanExecutionContext,
        )
        if isawaitable(result):
            result = await result
        body: dict[str, Any] = {"data": result.data}
        if result.errors:
            body["errors"] = [format_error(e, request_id) for e in result.errors]
        return body

    async def _run(
        self, operation_id: str, query: str, variables: dict[str, Any] | None, operation_name: str | None, request_id: str
    ) -> list[dict[str, Any]] | None:
        """Stream the subscription's results; the errors that end it early, or None when it completes."""
        document, errors = await self._prepare(query, variables, operation_name, request_id)
        if errors is not None:
            return errors
        assert document is not None
        stream = await create_source_event_stream(
            schema.graphql_schema, document, None, self._context(request_id), variables, operation_name
        )
        if isinstance(stream, ExecutionResult):  # refused before streaming: policy, arguments
            return [format_error(e, request_id) for e in stream.errors or []]
        try:
            async for payload in stream:
                delivery = payload if isinstance(payload, Delivery) else None
                if self._token_expired():  # the watch closes the socket; nothing more goes out
                    await self._expired()
                    return None
                body = await self._deliver(document, query, payload, delivery, variables, operation_name, request_id)
                if body is None:
                    message = _("the consultation log could not be written; nothing was returned")
                    return [_error(message, "STORE_UNAVAILABLE", request_id)]
                await self.send({"id": operation_id, "type": "next", "payload": with_commit_time(body, delivery)})
        except LonetError as exc:
            return [_error(exc.message, exc.code, request_id, **{k: v for k, v in exc.details.items() if v is not None})]
        except StoreUnavailable:
            log.warning("store unavailable during a subscription", extra={"request_id": request_id})
            return [_error(_("the directory store is unavailable; subscribe again shortly"), "STORE_UNAVAILABLE", request_id)]
        finally:
            close = getattr(stream, "aclose", None)
            if close is not None:
                await close()
        return None


async def graphql_websocket(websocket: WebSocket) -> None:
    await Connection(websocket).serve()
