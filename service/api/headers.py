"""Headers: those lonet reads as text of its own (decoded as UTF-8: HTTP hands them over as
bytes, Starlette decodes them as latin-1, which turns "Liège" into "LiÃ¨ge"), and those every HTML
page it serves carries (no framing, no referrer, nothing loaded from elsewhere)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse

from ..errors import BadUserInput
from ..i18n import _
from ..usecases.audit import normalise_justification


def justification_of(request: Request) -> str | None:
    """The X-Justification header as the consultation log records it (BAD_USER_INPUT if it is not
    UTF-8 or not a plain case reference)."""
    raw = request.headers.get("x-justification")
    if raw is None:
        return None
    try:
        text = raw.encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        raise BadUserInput(_("the X-Justification header is not UTF-8 text"), field="justification") from None
    return normalise_justification(text)


_CSP = (
    "default-src 'self'; script-src 'self'{inline}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'{connect}; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def html_page(content: str, *, inline_script: bool = False, connect: list[str] | tuple[str, ...] = ()) -> HTMLResponse:
    """An HTML page with its security headers: Content-Security-Policy (everything from this
    server; `inline_script` for a page whose own script is inline, as GraphiQL's; `connect` the
    origins its script may call besides, as the web app its OpenID provider), no framing
    (X-Frame-Options and frame-ancestors), no referrer, no content sniffing."""
    return HTMLResponse(
        content,
        headers={
            "Content-Security-Policy": _CSP.format(inline=" 'unsafe-inline'" if inline_script else "", connect="".join(f" {o}" for o in connect)),
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff",
        },
    )
