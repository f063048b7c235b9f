"""Who is acting, with what justification, in which request: what every mutation records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from ..security.identity import Identity
from .audit import require_justification


@dataclass(frozen=True)
class Caller:
    identity: Identity
    justification: str | None
    request_id: str
    today: date

    def justified(self, what: str) -> str:
        return require_justification(self.justification, what)

    @staticmethod
    def now() -> datetime:
        return datetime.now(timezone.utc)
