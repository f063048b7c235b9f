"""GET /reports/postings/<year>.csv|.pdf: the annual postings report as a file (managers and
admins), with the same authentication, rate limit and rule as GraphQL's postingsReport. The
language is the `lang` parameter, else the first of nl, fr, de, en the Accept-Language header
names, else English. A refusal is a typed error body (401, 403, 400 for a year in the future)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..domain.models import Lang
from ..errors import BadUserInput, LonetError
from ..i18n import _
from ..security.identity import Identity
from ..usecases.postings_report import postings_report_file
from .dashboard import refusal, request_context

Gate = Callable[[Request], Awaitable[Identity | Response]]
FILE = re.compile(r"^(\d{1,4})\.([a-z]+)$")


def caller_language(request: Request) -> Lang:
    asked = request.query_params.get("lang")
    if asked:
        try:
            return Lang(asked.lower())
        except ValueError:
            raise BadUserInput(_("lang must be nl, fr, de or en, not %(lang)r.", lang=asked), field="lang") from None
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in Lang._value2member_map_:
            return Lang(code)
    return Lang.EN


def postings_report_endpoint(gate: Gate) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        admitted = await gate(request)
        if isinstance(admitted, Response):
            return admitted
        context = request_context(request, admitted)
        try:
            found = FILE.match(request.path_params["file"])
            if found is None:
                raise BadUserInput(_("ask for /reports/postings/<year>.csv or /reports/postings/<year>.pdf."), field="year")
            body, media_type, filename = await postings_report_file(
                context.reads, context.identity, int(found.group(1)), context.today(), found.group(2), caller_language(request)
            )
        except LonetError as exc:
            return refusal(request, exc)
        headers = {"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"}
        return Response(body, media_type=media_type, headers=headers)

    return endpoint


def report_routes(gate: Gate) -> Sequence[Route]:
    return [Route("/reports/postings/{file}", postings_report_endpoint(gate), methods=["GET"])]
