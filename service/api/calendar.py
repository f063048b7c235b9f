"""GET /calendar/<token>.ics: an LO's calendar (service/usecases/notifications/calendar.py).

The token in the address is the credential (calendar applications send no bearer token); an
unknown, replaced or revoked token gets 404, the same answer as a made-up one."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from ..clock import clock_of
from ..store import StoreError
from ..usecases.notifications.calendar import calendar_of_token


async def calendar_endpoint(request: Request) -> Response:
    settings = request.app.state.settings
    link = settings.public_url.rstrip("/") + "/taskings/{tasking}"
    try:
        body = await calendar_of_token(request.app.state.executor, request.path_params["token"], clock_of(settings).now(), link)
    except StoreError:
        return PlainTextResponse("the store is unavailable; try again shortly", 503, headers={"Retry-After": "30"})
    if body is None:
        return PlainTextResponse("no such calendar", 404)
    return Response(body, media_type="text/calendar; charset=utf-8", headers={"Cache-Control": "private, no-store"})


def calendar_routes() -> list[Route]:
    return [Route("/calendar/{token}.ics", calendar_endpoint, methods=["GET"])]
