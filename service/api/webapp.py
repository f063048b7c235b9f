"""The web application for investigators and liaison officers (webapp/, built by Vite): `/` leads
to it, `/app/` is its page and `/app/assets/` its built script and style.

The page holds no data, only how to sign in: in dev mode (`lonet serve --demo`) the demo
identities of the picker, in OIDC mode the provider's issuer, the app's client id and the claim
names, so the browser runs the authorization code flow with PKCE itself. Everything else comes
from the GraphQL API with the user's bearer token. The built files are not committed: `make demo`
and `make test` build them (`cd webapp && npm ci && npm run build`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from ..security.demo import DEMO_IDENTITIES
from ..settings import AuthMode, Settings
from .headers import html_page

BUILT = Path(__file__).resolve().parents[2] / "webapp" / "dist"  # a checkout's build (LONET_WEBAPP_DIR elsewhere)
CONFIG_PLACEHOLDER = "__LONET_APP_CONFIG__"
NOT_BUILT = (
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>lonet</title></head><body>"
    "<h1>The web application is not built</h1><p>Build it with <code>make webapp</code> "
    "(<code>cd webapp &amp;&amp; npm ci &amp;&amp; npm run build</code>), or set LONET_WEBAPP_DIR to a built copy. "
    "The API is at <a href=\"/graphql\">/graphql</a>.</p></body></html>"
)


def webapp_dir(settings: Settings) -> Path:
    return settings.webapp_dir or BUILT


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def app_config(settings: Settings) -> dict[str, Any]:
    """What the page needs to sign in; no secret (a public client: PKCE instead of a secret)."""
    claims = {"roles": settings.claim_roles, "service": settings.claim_service, "officer": settings.claim_officer}
    if settings.auth_mode is AuthMode.DEV:
        identities = [{"key": d.key, "label": d.label, "roles": list(d.roles)} for d in DEMO_IDENTITIES]
        return {"mode": "demo", "identities": identities, "claims": claims}
    oidc = {"issuer": settings.oidc_issuer, "clientId": settings.oidc_client_id, "scope": settings.oidc_scope}
    return {"mode": "oidc", "oidc": oidc, "claims": claims}


def app_page(settings: Settings) -> Response:
    index = webapp_dir(settings) / "index.html"
    if not index.is_file():
        return HTMLResponse(NOT_BUILT, status_code=503)
    config = json.dumps(app_config(settings)).replace("</", "<\\/")
    page = index.read_text(encoding="utf-8").replace(CONFIG_PLACEHOLDER, config)
    # The browser fetches the provider's discovery document and exchanges the code itself.
    connect = [origin_of(settings.oidc_issuer)] if settings.auth_mode is AuthMode.OIDC and settings.oidc_issuer else []
    return html_page(page, connect=connect)


async def app_index(request: Request) -> Response:
    return app_page(request.app.state.settings)


async def to_app(request: Request) -> Response:
    return RedirectResponse("/app/", status_code=307)


def webapp_routes(settings: Settings) -> Sequence[BaseRoute]:
    assets = webapp_dir(settings) / "assets"
    return [
        Route("/", to_app, methods=["GET"]),
        Route("/app", to_app, methods=["GET"]),
        Route("/app/", app_index, methods=["GET"]),
        Mount("/app/assets", app=StaticFiles(directory=assets, check_dir=False), name="app-assets"),
    ]
