"""The caller, as the bearer token describes them. The store keeps no user records."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# A service code names its country first: BE-FEDPOL, NL-KMAR, LU-POLICE (seed/records.py too).
SERVICE_CODE_PATTERN = r"^(BE|NL|LU)-[A-Z0-9-]+$"
SERVICE_CODE = re.compile(SERVICE_CODE_PATTERN)
# An address worth mailing (the token's `email` claim); anything else is ignored, not refused.
EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,190}\.[A-Za-z]{2,24}")


class Role(StrEnum):
    INVESTIGATOR = "investigator"
    LIAISON_OFFICER = "liaison_officer"
    MANAGER = "manager"
    ADMIN = "admin"


@dataclass(frozen=True)
class Identity:
    subject: str
    roles: frozenset[Role]
    service: str  # home service code, e.g. BE-FEDPOL
    officer_id: str | None = None  # for a liaison officer: the Officer they are
    # When the token expires (seconds since the epoch, its `exp` claim); None: never (the CLI).
    # A WebSocket closes at this moment unless the client sent a fresh token before it.
    expires_at: float | None = None
    # The token's `email` claim, if any: where notifications of the caller's own requests go.
    email: str | None = None

    @property
    def country(self) -> str:
        """BE, NL or LU: the country of the caller's service."""
        return self.service.split("-", 1)[0]

    def has(self, role: Role) -> bool:
        return role in self.roles
