"""GraphQL over HTTP (the GraphQL Foundation's specification, as graphql-http audits it).

- POST with `application/json` (utf-8), or GET with URL parameters (queries only; a mutation
  over GET is 405 with `Allow: POST`).
- The response media type follows the first acceptable entry of `Accept`:
  `application/graphql-response+json`, or `application/json` for `application/json`, `*/*`,
  `application/*` or no Accept. None acceptable: 406.
- A malformed request (body, parameters) is 400. Document parse/validation errors are 400 under
  `application/graphql-response+json` (without `data`) and 200 under `application/json`.
  Executed requests are 200 with `data` (and `errors` when some field failed).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from cachetools import LRUCache
from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    Node,
    OperationDefinitionNode,
    OperationType,
    execute,
    parse,
    specified_rules,
    validate,
)
from starlette.requests import Request
from starlette.responses import Response

from ..graphql.awaitable import is_awaitable
from ..graphql.errors import STORE_UNAVAILABLE, document_error, format_error
from ..graphql.execution import LeanExecutionContext
from ..i18n import _

log = logging.getLogger("lonet.http")

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
ACCEPTABLE = f"{GRAPHQL_RESPONSE}; charset=utf-8, {JSON}; charset=utf-8"


class BadRequest(Exception):
    def __init__(self, message: str, status: int = 400, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.headers = dict(headers or {})


@dataclass(frozen=True)
class GraphQLParams:
    query: str
    variables: dict[str, Any] | None
    operation_name: str | None


def negotiate(accept_header: str | None) -> str | None:
    """The response media type, or None when nothing the client accepts can be given."""
    if not accept_header:
        return JSON
    for entry in accept_header.split(","):
        media = entry.split(";")[0].strip().lower()
        if media == GRAPHQL_RESPONSE:
            return GRAPHQL_RESPONSE
        if media in (JSON, "application/*", "*/*"):
            return JSON
    return None


def _json_object_or_none(value: Any, name: str) -> dict[str, Any] | None:
    if value is None or isinstance(value, dict):
        return value
    raise BadRequest(_("%(name)s must be an object or null", name=name))


def _params(raw: Mapping[str, Any]) -> GraphQLParams:
    query = raw.get("query")
    if not isinstance(query, str) or not query.strip():
        raise BadRequest(_("query must be a non-empty string"))
    operation_name = raw.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise BadRequest(_("operationName must be a string or null"))
    variables = _json_object_or_none(raw.get("variables"), "variables")
    _json_object_or_none(raw.get("extensions"), "extensions")  # accepted, none used yet
    return GraphQLParams(query, variables, operation_name)


def _decode_json_param(raw: str | None, name: str) -> Any:
    if raw is None or raw == "":
        return None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BadRequest(_("%(name)s is not valid JSON", name=name)) from exc


async def read_params(request: Request, max_body_bytes: int) -> GraphQLParams:
    if request.method == "GET":
        q = request.query_params
        return _params(
            {
                "query": q.get("query"),
                "operationName": q.get("operationName"),
                "variables": _decode_json_param(q.get("variables"), "variables"),
                "extensions": _decode_json_param(q.get("extensions"), "extensions"),
            }
        )
    content_type = request.headers.get("content-type", "")
    media, _semicolon, parameters = content_type.partition(";")
    if media.strip().lower() != JSON:
        raise BadRequest(_("POST requests must have Content-Type: application/json"), status=415)
    charset = parameters.strip().lower()
    if charset and charset.replace(" ", "") not in ("charset=utf-8", "charset=utf8"):
        raise BadRequest(_("only utf-8 request bodies are accepted"), status=415)
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_body_bytes:
        raise BadRequest(_("request body exceeds the limit of %(most)d bytes", most=max_body_bytes), status=413)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_body_bytes:
            raise BadRequest(_("request body exceeds the limit of %(most)d bytes", most=max_body_bytes), status=413)
    if not body:
        raise BadRequest(_("the request body is empty"))
    try:
        raw = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise BadRequest(_("the request body is not valid JSON")) from exc
    if isinstance(raw, list):
        raise BadRequest(_("batched requests (a JSON array) are not accepted: send one operation per request"))
    if not isinstance(raw, dict):
        raise BadRequest(_("the request body must be a JSON object"))
    return _params(raw)


def selected_operation(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == operation_name), None)


def json_response(payload: Any, status: int, media_type: str, headers: Mapping[str, str] | None = None) -> Response:
    return Response(
        orjson.dumps(payload), status_code=status, media_type=f"{media_type}; charset=utf-8", headers=dict(headers or {})
    )


@dataclass
class Prepared:
    """A parsed and validated document ready to execute, or the response that refuses it."""

    document: DocumentNode | None = None
    operation: OperationDefinitionNode | None = None
    refusal: Response | None = None


class ValidatedDocuments:
    """Documents that parsed and validated, by their text: clients send the same few operations
    again and again, and parsing plus validating one costs 1-2 ms, more than serving most requests.
    A document's validity depends only on its text, the schema, the rules and the token cap,
    which are all in the key. Bounded by bytes (least recently used out): each document is
    accounted at what its syntax tree and tokens hold (`document_bytes`), and a document whose
    text exceeds `max_document_bytes` is not kept at all (a big string literal stays with its
    request). Failures are not kept."""

    def __init__(self, max_bytes: int = 16_000_000, max_document_bytes: int = 16_384) -> None:
        self.max_bytes = max_bytes
        self.max_document_bytes = max_document_bytes
        # Each document with its size in bytes; the cache counts the sizes against max_bytes.
        self._documents: LRUCache[tuple, tuple[DocumentNode, int]] = LRUCache(maxsize=max_bytes, getsizeof=lambda kept: kept[1])

    def __len__(self) -> int:
        return len(self._documents)

    @property
    def accounted(self) -> int:
        """Bytes of the documents kept now."""
        return int(self._documents.currsize)

    def get(self, key: tuple) -> DocumentNode | None:
        kept = self._documents.get(key)
        return None if kept is None else kept[0]

    def keeps(self, text: str) -> bool:
        return len(text) <= self.max_document_bytes and len(text.encode()) <= self.max_document_bytes

    def put(self, key: tuple, text: str, document: DocumentNode) -> None:
        if not self.keeps(text) or key in self._documents:
            return
        size = len(text.encode()) + document_bytes(document)
        if size > self.max_bytes:
            return  # would not fit even alone
        self._documents[key] = (document, size)


def document_bytes(document: DocumentNode) -> int:
    """What a parsed document holds in memory: its nodes, their strings and lists, its tokens."""
    total = 0
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        total += sys.getsizeof(node)
        for key in node.keys:
            value = getattr(node, key, None)
            if isinstance(value, Node):
                stack.append(value)
            elif isinstance(value, (list, tuple)):
                total += sys.getsizeof(value)
                stack.extend(v for v in value if isinstance(v, Node))
            elif isinstance(value, str):
                total += sys.getsizeof(value)
    token = document.loc.start_token if document.loc is not None else None
    while token is not None:
        total += sys.getsizeof(token) + (sys.getsizeof(token.value) if token.value else 0)
        token = token.next
    return total


def prepare(
    schema: GraphQLSchema,
    params: GraphQLParams,
    method: str,
    media_type: str,
    request_id: str,
    validation_rules=None,
    max_tokens: int | None = None,
    documents: ValidatedDocuments | None = None,
) -> Prepared:
    error_status = 400 if media_type == GRAPHQL_RESPONSE else 200
    documents = documents if documents is not None else ValidatedDocuments(0, 0)  # none given: keep none
    key = (id(schema), params.query, max_tokens, tuple(validation_rules) if validation_rules is not None else None)
    document = documents.get(key) if documents.keeps(params.query) else None
    valid = document is not None
    if document is None:
        try:
            # The token cap stops a huge document while it is read, before validation walks it.
            document = parse(params.query, max_tokens=max_tokens)
        except GraphQLError as error:
            payload = {"errors": [document_error(error, "GRAPHQL_PARSE_FAILED", request_id)]}
            return Prepared(refusal=json_response(payload, error_status, media_type))
    operation = selected_operation(document, params.operation_name)
    if method == "GET" and operation is not None and operation.operation is not OperationType.QUERY:
        return Prepared(
            refusal=json_response(
                {"errors": [{"message": _("only queries may be sent with GET; use POST"), "extensions": {"code": "BAD_REQUEST"}}]},
                405,
                media_type,
                {"Allow": "POST"},
            )
        )
    if not valid:
        rules = None if validation_rules is None else [*specified_rules, *validation_rules]
        errors = validate(schema, document, rules=rules)
        if errors:
            payload = {"errors": [document_error(e, "GRAPHQL_VALIDATION_FAILED", request_id) for e in errors]}
            return Prepared(refusal=json_response(payload, error_status, media_type))
        documents.put(key, params.query, document)
    return Prepared(document=document, operation=operation)


async def run(
    schema: GraphQLSchema, prepared: Prepared, params: GraphQLParams, context: Any, media_type: str, request_id: str, middleware=None
) -> Response:
    result = execute(
        schema,
        prepared.document,
        context_value=context,
        variable_values=params.variables,
        operation_name=params.operation_name,
        middleware=middleware or None,  # an empty manager still wraps every resolver
        is_awaitable=is_awaitable,
        execution_context_class=LeanExecutionContext,
    )
    if hasattr(result, "__await__"):
        result = await result
    payload: dict[str, Any] = {}
    if result.errors:
        payload["errors"] = [format_error(e, request_id) for e in result.errors]
    if result.data is None and result.errors and all(e.path is None for e in result.errors):
        # Request errors (unknown operation, bad variables) before execution began: no data.
        status = 400 if media_type == GRAPHQL_RESPONSE else 200
        return json_response(payload, status, media_type)
    payload["data"] = result.data
    # Nothing answered for want of the store: 503, so that clients and load balancers retry.
    unavailable = result.errors and all(e["extensions"]["code"] == STORE_UNAVAILABLE for e in payload["errors"])
    return json_response(payload, 503 if unavailable else 200, media_type)
