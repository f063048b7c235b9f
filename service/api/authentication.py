"""From a bearer token to the caller: HTTP (app.py's gate) and WebSocket (connection_init) both
come through here, so a token refused on one is refused on the other."""

from __future__ import annotations

from typing import Any

from ..security.identity import Identity
from ..security.tokens import TokenVerifier
from ..settings import Settings
from ..usecases import admission
from ..usecases.reads import DirectoryReads


async def identify(state: Any, token: str) -> Identity:
    """The caller `token` names: verified (signature, issuer, audience, expiry, claims), and its
    service one the directory knows; else Unauthenticated (401, 4401 on a WebSocket)."""
    verifier: TokenVerifier = state.verifier
    identity = await verifier.verify(token)
    settings: Settings = state.settings
    reads = DirectoryReads(state.executor, cache_ttl=settings.cache_seconds)
    return await admission.admit(reads, identity, service_claim=settings.claim_service)
