"""POST /admin/import: an admin uploads the directory (the files `lonet import` reads).

    curl -H "Authorization: Bearer $TOKEN" -F officers.csv=@officers.csv -F postings.csv=@postings.csv \
         "http://127.0.0.1:8000/admin/import"                     # dry run: what would change
    curl ... -H "X-Justification: CHG-2026-114" "http://127.0.0.1:8000/admin/import?apply=true"

The body is `multipart/form-data` with one part per file, named `<entity>.csv` or `<entity>.json`
(the part's file name, else its field name), or `application/json`: one document
`{"services": [...], "officers": [...], ...}`. `?format=csv|json` reads every part in that format.
A dry run unless `?apply=true`; applying needs a justification (`X-Justification`).

Answers: 200 with the report (`applied`, `summary`, `changes`, `skipped`); 422 with the report and
its `problems` (file, line, column, reason; nothing was written); typed error bodies for the rest:
401 UNAUTHENTICATED, 403 FORBIDDEN (admins only: checked before the body is read), 400
BAD_USER_INPUT / BAD_REQUEST, 413 over LONET_MAX_IMPORT_BYTES, 415 another media type, 429.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from python_multipart.exceptions import MultipartParseError
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..errors import LonetError
from ..i18n import _
from ..graphql.context import RequestContext
from ..security.identity import Identity
from ..security.policy import Operation, require
from ..usecases import bulk
from .headers import justification_of

Gate = Callable[[Request], Awaitable[Identity | Response]]
STATUS = {"BAD_USER_INPUT": 400, "BAD_REQUEST": 400, "UNAUTHENTICATED": 401, "FORBIDDEN": 403, "NOT_FOUND": 404}
MAX_FILES = 20


class _Refused(Exception):
    def __init__(self, message: str, status: int, code: str = "BAD_REQUEST") -> None:
        super().__init__(message)
        self.message, self.status, self.code = message, status, code


def _typed(request: Request, message: str, status: int, code: str, **extensions: Any) -> Response:
    body = {"message": message, "extensions": {"code": code, **extensions, "requestId": request.state.request_id}}
    return JSONResponse({"errors": [body]}, status)


def _apply(request: Request) -> bool:
    value = request.query_params.get("apply", "false").lower()
    if value not in ("true", "false", "1", "0"):
        raise _Refused(_("apply must be true or false, not %(value)r", value=value), 400)
    return value in ("true", "1")


def _format(request: Request) -> str | None:
    fmt = request.query_params.get("format")
    if fmt is not None and fmt not in bulk.FORMATS:
        raise _Refused(_("the format must be one of %(formats)s", formats=", ".join(bulk.FORMATS)), 400)
    return fmt


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _Refused(_("the upload exceeds the limit of %(limit)d bytes (LONET_MAX_IMPORT_BYTES)", limit=limit), 413)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise _Refused(_("the upload exceeds the limit of %(limit)d bytes (LONET_MAX_IMPORT_BYTES)", limit=limit), 413)
    return bytes(body)


async def _sources(request: Request, body: bytes, limit: int) -> list[tuple[str, bytes]]:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/json":
        return [("directory.json", body)]
    if media != "multipart/form-data":
        raise _Refused(_("send multipart/form-data (one part per file) or application/json"), 415)

    async def replay() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    sources = []
    try:
        async with Request(request.scope, replay).form(max_files=MAX_FILES, max_fields=MAX_FILES, max_part_size=limit) as form:
            for field_name, value in form.multi_items():
                if isinstance(value, UploadFile):
                    sources.append((value.filename or field_name, await value.read()))
                else:
                    sources.append((field_name, value.encode("utf-8")))
    except (MultiPartException, MultipartParseError, HTTPException) as exc:
        raise _Refused(
            _("the multipart body cannot be read: %(error)s", error=getattr(exc, "message", None) or exc), 400
        ) from exc
    if not sources:
        raise _Refused(_("the upload holds no file"), 400)
    return sources


def import_endpoint(gate: Gate) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        admitted = await gate(request)
        if isinstance(admitted, Response):
            return admitted
        settings = request.app.state.settings
        try:
            require(admitted, Operation.MANAGE_DIRECTORY)
            context = RequestContext(
                settings=settings,
                executor=request.app.state.executor,
                request_id=request.state.request_id,
                client_request_id=request.state.client_request_id,
                identity=admitted,
                justification=justification_of(request),
            )
            apply, fmt = _apply(request), _format(request)
            sources = await _sources(request, await _body(request, settings.max_import_bytes), settings.max_import_bytes)
            report = await bulk.import_directory(
                context.executor, context.caller(), bulk.read_sources(sources, fmt), apply=apply
            )
        except _Refused as refused:
            return _typed(request, refused.message, refused.status, refused.code)
        except LonetError as exc:
            details = {k: v for k, v in exc.details.items() if v is not None}
            return _typed(request, exc.message, STATUS.get(exc.code, 400), exc.code, **details)
        return JSONResponse({**report.as_dict(), "requestId": request.state.request_id}, 422 if report.refused else 200)

    return endpoint


def admin_routes(gate: Gate) -> Sequence[Route]:
    return [Route("/admin/import", import_endpoint(gate), methods=["POST"])]
