"""Errors a caller can cause, each with the code clients see in `extensions.code`.

The use cases raise these; the GraphQL layer turns them into typed GraphQL errors. Anything else
that escapes is a bug and is answered as INTERNAL_SERVER_ERROR without details.
"""

from __future__ import annotations

from typing import Any


class LonetError(Exception):
    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class BadUserInput(LonetError):
    code = "BAD_USER_INPUT"


class Unauthenticated(LonetError):
    code = "UNAUTHENTICATED"


class Forbidden(LonetError):
    code = "FORBIDDEN"


class NotFound(LonetError):
    code = "NOT_FOUND"


class Conflict(LonetError):
    code = "CONFLICT"


class ServiceUnavailable(LonetError):
    code = "SERVICE_UNAVAILABLE"
