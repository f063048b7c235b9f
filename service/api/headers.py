"""Request headers lonet reads as text of its own: decoded as UTF-8 (HTTP hands them over as
bytes; Starlette decodes them as latin-1, which turns "Liège" into "LiÃ¨ge")."""

from __future__ import annotations

from starlette.requests import Request

from ..errors import BadUserInput
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
        raise BadUserInput("the X-Justification header is not UTF-8 text", field="justification") from None
    return normalise_justification(text)
