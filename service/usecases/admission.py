"""Who may call at all: a verified token is admitted only if the service it names is one the
directory knows. A manager's or investigator's scope is worked out from that service, so an
unknown one (`nl-politie`, `DE-BKA`, `XX`) is refused at the door (401) instead of giving an
empty scope deep inside. Reads the reference list kept per process (caches.py): no statement
per request."""

from __future__ import annotations

from ..errors import Unauthenticated
from ..i18n import _
from ..security.identity import Identity
from .reads import DirectoryReads


async def admit(reads: DirectoryReads, identity: Identity, *, service_claim: str) -> Identity:
    if identity.service not in await reads.services():
        raise Unauthenticated(
            _(
                "the token's %(claim)s claim names no service lonet knows: %(service)r",
                claim=service_claim,
                service=identity.service[:40],
            ),
            claim=service_claim,
        )
    return identity
