"""What every resolver receives as `info.context`: one per request."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from ..clock import Clock, clock_of
from ..domain.enums import Lang
from ..events import EventBus
from ..i18n import current_lang
from ..security.identity import Identity
from ..settings import Settings
from ..store import Executor
from ..usecases.audit import AuditTrail, normalise_justification
from ..usecases.audit_anchor import key_of
from ..usecases.caller import Caller
from ..usecases.reads import DirectoryReads


@dataclass
class RequestContext:
    settings: Settings
    executor: Executor
    request_id: str
    identity: Identity
    justification: str | None = None  # the case reference from X-Justification
    bus: EventBus | None = None
    client_request_id: str | None = None  # the client's X-Request-Id, kept beside request_id
    # The caller's language (Accept-Language, or a WebSocket's connection_init): every text _()
    # makes during the request is in it (service/i18n); a field's `lang` argument overrides it.
    lang: Lang = field(default_factory=current_lang)
    reads: DirectoryReads = field(init=False)
    audit_key: bytes | None = field(init=False, repr=False)
    trail: AuditTrail = field(init=False)
    clock: Clock = field(init=False)

    def __post_init__(self) -> None:
        self.clock = clock_of(self.settings)
        self.reads = DirectoryReads(
            self.executor, cache_ttl=self.settings.cache_seconds, coverage_memo=self.settings.coverage_memo_entries
        )
        self.audit_key = key_of(self.settings)
        self.trail = AuditTrail(self.identity, self.justification, self.request_id, self.client_request_id, self.audit_key)

    def caller(self, justification: str | None = None) -> Caller:
        """The acting caller of a mutation; a `justification` argument overrides the header."""
        chosen = normalise_justification(justification) or self.justification
        return Caller(
            self.identity, chosen, self.request_id, self.clock.today(), self.client_request_id, self.audit_key, self.clock
        )

    def today(self) -> date:
        """The date in the services' own time zone (Brussels, Amsterdam and Luxembourg share it)."""
        return self.clock.today()

    def now(self) -> datetime:
        """This moment, from the same clock as `today` (LONET_TODAY included)."""
        return self.clock.now()
