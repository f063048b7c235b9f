"""The managers' dashboard (GET /dashboard) and the analytics CSV exports (GET /exports/...).

The page and its assets (script, style, the world map) are static and served to anyone: they
hold no data. Everything the page shows comes from authorized calls made with the caller's bearer
token: GraphQL, and /exports/*, which apply the same authentication, rate limit and rule
(Operation.READ_ANALYTICS, in the use case) as GraphQL. A refused export is a typed error body:
401 UNAUTHENTICATED, 403 FORBIDDEN, 400 BAD_USER_INPUT.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from ..domain.dates import check_supported
from ..errors import BadUserInput, LonetError
from ..domain.models import Lang
from ..i18n import N_, _, current_lang, speaking
from ..i18n.html import rendered
from ..graphql.context import RequestContext
from ..security.demo import DEMO_IDENTITIES
from ..security.identity import Identity
from ..settings import AuthMode, Settings
from ..usecases import analytics
from ..usecases.analytics_csv import coverage_csv, programme_csv
from .headers import html_page

STATIC = Path(__file__).parent / "static"
ASSETS = {
    "dashboard.js": "text/javascript; charset=utf-8",
    "dashboard.css": "text/css; charset=utf-8",
    "world-110m.json": "application/json",
}
STATUS = {"UNAUTHENTICATED": 401, "FORBIDDEN": 403, "NOT_FOUND": 404}

# What app.py's gate gives: the authenticated caller, or the refusal to send (401, 429).
Gate = Callable[[Request], Awaitable[Identity | Response]]


# What the page's script writes itself (filled with %(name)s values), in the request's language.
SCRIPT_TEXTS = {
    "covered": N_("covered"),
    "single": N_("single point"),
    "gap": N_("gap"),
    "country": N_("%(country)s: %(status)s; LOs: %(officers)d; competences covered: %(covered)d of %(total)d"),
    "homeCountry": N_("%(iso2)s: Benelux, not in scope"),
    "outOfScope": N_("%(iso2)s: not in scope"),
    "summary": N_(
        "As of %(day)s, all competences for any service: %(countries)d countries in scope, %(covered)d covered, "
        "%(single)d on a single LO, %(gap)d without any LO."
    ),
    "summaryCompetence": N_(
        "As of %(day)s, %(competence)s for any service: %(countries)d countries in scope, %(covered)d covered, "
        "%(single)d on a single LO, %(gap)d without any LO."
    ),
    "summaryService": N_(
        "As of %(day)s, all competences for %(service)s: %(countries)d countries in scope, %(covered)d covered, "
        "%(single)d on a single LO, %(gap)d without any LO."
    ),
    "summaryCompetenceService": N_(
        "As of %(day)s, %(competence)s for %(service)s: %(countries)d countries in scope, %(covered)d covered, "
        "%(single)d on a single LO, %(gap)d without any LO."
    ),
    "noGaps": N_("no gaps"),
    "gapCount": N_("%(cells)d country x competence in %(countries)d countries"),
    "none": N_("none"),
    "noSinglePoints": N_("no single points"),
    "singleCount": N_("%(cells)d country x competence"),
    "noExpiring": N_("no posting ends within six months"),
    "signInFirst": N_("choose an identity or paste a bearer token"),
}


@lru_cache(maxsize=16)
def dashboard_page(identity_keys: tuple[tuple[str, str], ...], lang: Lang) -> str:
    """The page in `lang` (its own texts and those its script writes); in dev mode with the demo
    identities for its picker. The data it shows comes from the API, in the browser's language."""
    with speaking(lang):
        listed = json.dumps([{"key": key, "label": _(label)} for key, label in identity_keys], ensure_ascii=False)
        listed = listed.replace("</", "<\\/")
        texts = json.dumps({key: _(text) for key, text in SCRIPT_TEXTS.items()}, ensure_ascii=False).replace("</", "<\\/")
        page = rendered((STATIC / "dashboard.html").read_text(encoding="utf-8"))
    return page.replace("__LONET_LANG__", lang.value).replace("__LONET_IDENTITIES__", listed).replace("__LONET_TEXTS__", texts)


async def dashboard(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    demo = settings.auth_mode is AuthMode.DEV
    return html_page(dashboard_page(tuple((d.key, d.label) for d in DEMO_IDENTITIES) if demo else (), current_lang()))


async def asset(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in ASSETS:
        return JSONResponse({"error": f"no asset {name!r}"}, 404)
    return FileResponse(STATIC / name, media_type=ASSETS[name], headers={"Cache-Control": "no-cache"})


def _date(params: Any, name: str) -> date | None:
    value = params.get(name)
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise BadUserInput(_("%(field)s is not a date (YYYY-MM-DD): %(value)r", field=name, value=value), field=name) from None
    check_supported(day, name)
    return day


def _code(params: Any, name: str) -> str | None:
    """A directory code, matched whatever its case (as in the GraphQL API: service/graphql/codes.py)."""
    value = params.get(name)
    return value.upper() if value else None


def refusal(request: Request, error: LonetError) -> Response:
    """A typed error body with the status its code calls for (400 for BAD_USER_INPUT)."""
    extensions = {"code": error.code, **{k: v for k, v in error.details.items() if v is not None}}
    extensions["requestId"] = request.state.request_id
    return JSONResponse({"errors": [{"message": error.message, "extensions": extensions}]}, STATUS.get(error.code, 400))


Produce = Callable[[RequestContext, Any], Awaitable[tuple[str, str]]]


async def _coverage(context: RequestContext, params: Any) -> tuple[str, str]:
    report = await analytics.coverage(
        context.reads,
        context.identity,
        context.today(),
        as_of=_date(params, "asOf"),
        region=_code(params, "region"),
        competence=_code(params, "competence"),
        served_service=_code(params, "servedService"),
    )
    return coverage_csv(report, await context.reads.regions()), f"lonet-coverage-{report.as_of}.csv"


async def _programme(context: RequestContext, params: Any) -> tuple[str, str]:
    code = _code(params, "code")
    if code is None:
        raise BadUserInput(_("code is required, e.g. code=BALKANS_PILOT"), field="code")
    zone = ZoneInfo(context.settings.timezone)
    report = await analytics.programme_report(
        context.reads, context.identity, code, _date(params, "from"), _date(params, "to"), context.today(), zone
    )
    return programme_csv(report), f"lonet-{code.lower()}-{report.period.since}-{report.period.until}.csv"


def request_context(request: Request, identity: Identity) -> RequestContext:
    """The context a use case gets from an admitted request outside GraphQL (the exports, reports)."""
    return RequestContext(
        settings=request.app.state.settings,
        executor=request.app.state.executor,
        request_id=request.state.request_id,
        client_request_id=request.state.client_request_id,
        identity=identity,
    )


def export_endpoint(gate: Gate, produce: Produce) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        admitted = await gate(request)
        if isinstance(admitted, Response):
            return admitted
        context = request_context(request, admitted)
        try:
            body, filename = await produce(context, request.query_params)
        except LonetError as exc:
            return refusal(request, exc)
        headers = {"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"}
        return Response(body, media_type="text/csv; charset=utf-8", headers=headers)

    return endpoint


def dashboard_routes(gate: Gate) -> Sequence[Route]:
    return [
        Route("/dashboard", dashboard, methods=["GET"]),
        Route("/dashboard/{name}", asset, methods=["GET"]),
        Route("/exports/coverage.csv", export_endpoint(gate, _coverage), methods=["GET"]),
        Route("/exports/programme-report.csv", export_endpoint(gate, _programme), methods=["GET"]),
    ]
