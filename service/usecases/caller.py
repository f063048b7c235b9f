"""Who is acting, with what justification, in which request: what every mutation records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from ..clock import Clock
from ..security.identity import Identity
from ..security.policy import Operation, Target, needs_justification
from ..store import Transaction
from .audit import append, require_justification


@dataclass(frozen=True)
class Caller:
    identity: Identity
    justification: str | None
    request_id: str  # the server's
    today: date
    client_request_id: str | None = None  # the X-Request-Id the client sent
    audit_key: bytes | None = field(default=None, repr=False)  # LONET_AUDIT_KEY_FILE: MACs its records
    clock: Clock | None = None  # the one clock (service/clock.py); None: the day `today` at the real time of day

    def justified(self, what: str) -> str:
        return require_justification(self.justification, what)

    def justified_unless_own(self, officer: str, what: str) -> str | None:
        """The justification, required unless the caller administers their own record."""
        if needs_justification(self.identity, Operation.SET_AVAILABILITY, Target(officer=officer)):
            return self.justified(what)
        return self.justification

    def now(self) -> datetime:
        """This moment, from the same clock as `today` (never another day than `today`)."""
        return (self.clock or Clock(pinned_day=self.today)).now()

    async def record(self, tx: Transaction, operation: str, object_ids: list[str]) -> None:
        """This caller's consultation record, inside the mutation's own unit of work."""
        await append(
            tx,
            identity=self.identity,
            operation=operation,
            object_ids=object_ids,
            justification=self.justification,
            request_id=self.request_id,
            client_request_id=self.client_request_id,
            key=self.audit_key,
        )
