"""Turning what went wrong into typed GraphQL errors (`extensions.code`), never a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError
from pydantic import ValidationError

from ..errors import LonetError
from ..i18n import _, ngettext
from .core_messages import translated
from ..store import InvalidBookmark, StoreUnavailable

log = logging.getLogger("lonet.graphql")

# The store cannot be reached (an outage, a restart): the request may be sent again; HTTP 503.
STORE_UNAVAILABLE = "STORE_UNAVAILABLE"


def _path(loc: tuple[int | str, ...]) -> str:
    """The input path as clients write it: `subjects[2].phone`."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _constraint(kind: str, ctx: dict[str, Any]) -> str | None:
    """pydantic's message for the constraints lonet's inputs use, in the caller's language (its
    own messages are English only); None for the others, which keep pydantic's text."""
    if kind == "string_too_short":
        n = int(ctx["min_length"])
        return ngettext("String should have at least %(num)d character", "String should have at least %(num)d characters", n)
    if kind == "string_too_long":
        n = int(ctx["max_length"])
        return ngettext("String should have at most %(num)d character", "String should have at most %(num)d characters", n)
    if kind == "string_pattern_mismatch":
        return _("String should match pattern '%(pattern)s'", pattern=ctx["pattern"])
    if kind == "greater_than_equal":
        return _("Input should be greater than or equal to %(limit)s", limit=ctx["ge"])
    if kind == "less_than_equal":
        return _("Input should be less than or equal to %(limit)s", limit=ctx["le"])
    if kind == "missing":
        return _("Field required")
    if kind == "extra_forbidden":
        return _("Extra inputs are not permitted")
    return None


def _pydantic_message(error: ValidationError) -> tuple[str, str | None]:
    first = error.errors()[0]
    field = _path(first["loc"]) or None
    message = _constraint(first["type"], first.get("ctx") or {}) or first["msg"].removeprefix("Value error, ")
    return (_("%(field)s: %(reason)s", field=field, reason=message) if field else message), field


def format_error(error: GraphQLError, request_id: str) -> dict[str, Any]:
    """The JSON form of one error as clients receive it."""
    original = error.original_error
    extensions: dict[str, Any]
    message = error.message
    if isinstance(original, LonetError):
        extensions = {"code": original.code, **{k: v for k, v in original.details.items() if v is not None}}
        message = original.message
    elif isinstance(original, ValidationError):
        message, field = _pydantic_message(original)
        extensions = {"code": "BAD_USER_INPUT", **({"field": field} if field else {})}
    elif isinstance(original, StoreUnavailable):
        log.warning("store unavailable", extra={"request_id": request_id, "error": str(original)})
        message = _("the directory store is unavailable; try again shortly")
        extensions = {"code": STORE_UNAVAILABLE}
    elif isinstance(original, InvalidBookmark):
        message = _("the Lonet-Bookmark header holds a bookmark this service did not give out")
        extensions = {"code": "BAD_USER_INPUT", "field": "Lonet-Bookmark"}
    elif original is None or isinstance(original, GraphQLError) or error.path is None:
        # Raised by graphql-core itself (a bad document, variables that do not coerce to their
        # type, an unknown operation): the request's fault, never a bug. Resolver errors
        # always have a path.
        extensions = {"code": (error.extensions or {}).get("code") or "BAD_USER_INPUT"}
        message = translated(error.message)
        if message != error.message:  # graphql-core's English, as its documentation and issues quote it
            extensions["originalMessage"] = error.message
    else:
        log.error(
            "unhandled error in resolver",
            exc_info=(type(original), original, original.__traceback__),
            extra={"request_id": request_id},
        )
        message = _("internal error; quote request id %(request_id)s when reporting it", request_id=request_id)
        extensions = {"code": "INTERNAL_SERVER_ERROR"}
    extensions["requestId"] = request_id
    formatted: dict[str, Any] = {"message": message, "extensions": extensions}
    if error.locations:
        formatted["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path:
        formatted["path"] = list(error.path)
    return formatted


def document_error(error: GraphQLError, code: str, request_id: str) -> dict[str, Any]:
    """A parse or validation error of the request document (a scalar that refuses a literal's
    value, such as a date out of range, keeps its own code: BAD_USER_INPUT)."""
    formatted = format_error(error, request_id)
    formatted["extensions"]["code"] = (error.extensions or {}).get("code") or code
    return formatted
