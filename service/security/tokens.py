"""Bearer tokens: verified with joserfc, never with hand-written crypto.

Two verifiers behind one interface:
- `DevTokens` (demo and development): an ES256 key of our own, kept in a JWK file; `lonet token`
  issues tokens with it.
- `OidcTokens` (production): RS256/ES256 tokens of an OIDC provider (Keycloak style), verified
  against its JWKS (URL or file). Keys are cached and re-fetched when a token names an unknown
  `kid` (key rotation), at most once per `refresh_interval`.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import httpx
from cachetools import LRUCache
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, InvalidKeyIdError, JoseError
from joserfc.jwk import ECKey, KeySet

from ..errors import Unauthenticated
from ..i18n import _
from .identity import EMAIL, SERVICE_CODE, Identity, Role

DEV_ISSUER = "lonet-dev"
DEV_ALGORITHM = "ES256"
LEEWAY_SECONDS = 30


class TokenVerifier(Protocol):
    async def verify(self, token: str) -> Identity: ...


def _claim(claims: Mapping[str, Any], path: str) -> Any:
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def identity_from_claims(claims: Mapping[str, Any], *, roles_claim: str, service_claim: str, officer_claim: str) -> Identity:
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise Unauthenticated(_("the token has no subject (sub)"))
    raw_roles = _claim(claims, roles_claim)
    if raw_roles is None and roles_claim == "roles":
        raw_roles = _claim(claims, "realm_access.roles")  # Keycloak's default place
    if raw_roles is not None and not (isinstance(raw_roles, list) and all(isinstance(r, str) for r in raw_roles)):
        raise Unauthenticated(_("the token's %(claim)s claim is not a list of role names", claim=roles_claim))
    roles = frozenset(Role(r) for r in (raw_roles or []) if r in Role._value2member_map_)
    if not roles:
        raise Unauthenticated(_("the token grants no lonet role (investigator, liaison_officer, manager, admin)"))
    service = _claim(claims, service_claim)
    if not isinstance(service, str) or not service:
        raise Unauthenticated(_("the token names no service (%(claim)s claim)", claim=service_claim), claim=service_claim)
    if not SERVICE_CODE.fullmatch(service):
        raise Unauthenticated(
            _(
                "the token's %(claim)s claim is not a service code such as BE-FEDPOL: %(service)r",
                claim=service_claim,
                service=service[:40],
            ),
            claim=service_claim,
        )
    officer = _claim(claims, officer_claim)
    officer = officer if isinstance(officer, str) and officer else None  # "" names no one
    if Role.LIAISON_OFFICER in roles and officer is None:
        raise Unauthenticated(_("a liaison officer's token must name the officer (%(claim)s claim)", claim=officer_claim))
    expires = claims.get("exp")
    email = claims.get("email")
    return Identity(
        subject=subject,
        roles=roles,
        service=service,
        officer_id=officer,
        expires_at=float(expires) if isinstance(expires, (int, float)) and not isinstance(expires, bool) else None,
        email=email if isinstance(email, str) and EMAIL.fullmatch(email) else None,
    )


MAX_LIFETIME_SECONDS = 12 * 3600  # LONET_MAX_TOKEN_HOURS


def _check_lifetime(claims: Mapping[str, Any], max_lifetime: float) -> None:
    """A token living longer than the limit is refused, however validly signed: from its issue
    (`iat`) to its expiry, and from now to its expiry (an `iat` can be left out or back-dated)."""
    exp, iat, now = claims.get("exp"), claims.get("iat"), time.time()
    if not isinstance(exp, (int, float)) or isinstance(exp, bool):
        return  # the registry refuses it
    spans = [exp - now] + ([exp - iat] if isinstance(iat, (int, float)) and not isinstance(iat, bool) else [])
    if max(spans) > max_lifetime + LEEWAY_SECONDS:
        raise Unauthenticated(_("the token lives longer than the %(hours)s h this server accepts", hours=f"{max_lifetime / 3600:g}"))


class _Verified:
    """Tokens whose signature was checked, by token string, with the key set that checked them.

    The same token string always gives the same answer for the same keys, and checking a
    signature is most of what a request costs before its resolver (0.5-1 ms). A token is taken
    from here only for the very key set object that checked it: keys fetched again make a new
    set, so a token of a key taken out is checked, and refused, again. Refusals (raised) are not
    kept. The claims (expiry, issuer, audience, lifetime) are checked on every request. Bounded:
    the oldest entries go first."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._kept: LRUCache[str, tuple[KeySet, tuple[str, ...], jwt.Token]] = LRUCache(maxsize=size)

    def __call__(self, token: str, keys: KeySet, algorithms: tuple[str, ...]) -> jwt.Token:
        kept = self._kept.get(token)
        if kept is not None and kept[0] is keys and kept[1] == algorithms:
            return kept[2]
        decoded = jwt.decode(token, keys, algorithms=list(algorithms))
        self._kept[token] = (keys, algorithms, decoded)
        return decoded


_verified = _Verified()


def _decode(
    token: str, keys: KeySet, algorithms: list[str], issuer: str, audience: str, max_lifetime: float = MAX_LIFETIME_SECONDS
) -> dict[str, Any]:
    try:
        decoded = _verified(token, keys, tuple(algorithms))
        jwt.JWTClaimsRegistry(
            leeway=LEEWAY_SECONDS,
            iss={"essential": True, "value": issuer},
            aud={"essential": True, "value": audience},
            exp={"essential": True},
        ).validate(decoded.claims)
    except ExpiredTokenError as exc:
        raise Unauthenticated(_("the token has expired")) from exc
    except InvalidKeyIdError:
        raise
    except (JoseError, ValueError, TypeError) as exc:
        # Wrong issuer or audience, unsigned (alg none), tampered, malformed: one answer, with
        # the reason for the caller's own diagnosis (it reveals nothing about our keys).
        raise Unauthenticated(_("invalid token: %(error)s", error=exc.__class__.__name__)) from exc
    _check_lifetime(decoded.claims, max_lifetime)
    return dict(decoded.claims)


class DevTokens:
    """Development tokens signed with a local key (created on first use)."""

    def __init__(
        self, key_file: Path, *, audience: str, claims: Mapping[str, str], max_lifetime: float = MAX_LIFETIME_SECONDS
    ) -> None:
        self.key_file = key_file
        self.audience = audience
        self.max_lifetime = max_lifetime
        self.claim_names = dict(claims)
        self._key = self._load_or_create()
        self._public = KeySet.import_key_set({"keys": [self._key.as_dict(private=False)]})

    def _load_or_create(self) -> ECKey:
        if self.key_file.exists():
            return ECKey.import_key(json.loads(self.key_file.read_text()))
        key = ECKey.generate_key("P-256", parameters={"kid": f"lonet-dev-{uuid.uuid4().hex[:8]}", "alg": DEV_ALGORITHM})
        self.key_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # a signing key: the user's only
        self.key_file.touch(mode=0o600)
        self.key_file.write_text(json.dumps(key.as_dict(private=True)))
        return key

    def issue(
        self,
        *,
        subject: str,
        roles: list[str],
        service: str,
        officer_id: str | None = None,
        ttl_seconds: int = 8 * 3600,
        email: str | None = None,
    ) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": DEV_ISSUER,
            "aud": self.audience,
            "sub": subject,
            "iat": now,
            "exp": now + ttl_seconds,
            self.claim_names["roles"]: roles,
            self.claim_names["service"]: service,
        }
        if officer_id:
            claims[self.claim_names["officer"]] = officer_id
        if email:
            claims["email"] = email
        return jwt.encode({"alg": DEV_ALGORITHM, "kid": self._key.kid}, claims, self._key)

    async def verify(self, token: str) -> Identity:
        try:
            claims = _decode(token, self._public, [DEV_ALGORITHM], DEV_ISSUER, self.audience, self.max_lifetime)
        except InvalidKeyIdError as exc:
            raise Unauthenticated(_("invalid token: signed with a key this server does not know")) from exc
        return identity_from_claims(claims, roles_claim=self.claim_names["roles"], service_claim=self.claim_names["service"], officer_claim=self.claim_names["officer"])


class OidcTokens:
    """Tokens of an OIDC identity provider, verified against its JWKS."""

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        jwks_url: str | None,
        jwks_file: Path | None,
        algorithms: list[str],
        claims: Mapping[str, str],
        refresh_interval: float = 60.0,
        max_lifetime: float = MAX_LIFETIME_SECONDS,
    ) -> None:
        if not (jwks_url or jwks_file):
            raise ValueError("OIDC mode needs LONET_OIDC_JWKS_URL or LONET_OIDC_JWKS_FILE")
        if any(alg.lower() == "none" or alg.startswith("HS") for alg in algorithms):
            raise ValueError("only asymmetric signature algorithms (RS256, ES256, ...) are accepted")
        self.issuer = issuer
        self.audience = audience
        self.jwks_url = jwks_url
        self.jwks_file = jwks_file
        self.algorithms = algorithms
        self.claim_names = dict(claims)
        self.refresh_interval = refresh_interval
        self.max_lifetime = max_lifetime
        self._keys: KeySet | None = None
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()
        self.fetches = 0  # how often the JWKS was read (observability, tests)

    async def _fetch(self) -> KeySet:
        self.fetches += 1
        if self.jwks_file is not None:
            document = json.loads(self.jwks_file.read_text())
        else:
            async with httpx.AsyncClient(timeout=5.0) as client:
                response = await client.get(self.jwks_url)
                response.raise_for_status()
                document = response.json()
        return KeySet.import_key_set(document)

    async def _key_set(self, *, refresh: bool) -> KeySet:
        async with self._lock:
            stale = time.monotonic() - self._fetched_at >= self.refresh_interval
            if self._keys is None or (refresh and stale):
                try:
                    self._keys = await self._fetch()
                except (OSError, httpx.HTTPError, ValueError) as exc:
                    if self._keys is None:
                        raise Unauthenticated(_("cannot verify tokens: the identity provider's keys are unavailable")) from exc
                self._fetched_at = time.monotonic()
            return self._keys

    async def verify(self, token: str) -> Identity:
        keys = await self._key_set(refresh=False)
        try:
            claims = _decode(token, keys, self.algorithms, self.issuer, self.audience, self.max_lifetime)
        except InvalidKeyIdError:
            # The provider may have rotated its keys: read them again (rate-limited), once.
            keys = await self._key_set(refresh=True)
            try:
                claims = _decode(token, keys, self.algorithms, self.issuer, self.audience, self.max_lifetime)
            except InvalidKeyIdError as exc:
                raise Unauthenticated(_("invalid token: signed with a key the identity provider does not publish")) from exc
        return identity_from_claims(
            claims,
            roles_claim=self.claim_names["roles"],
            service_claim=self.claim_names["service"],
            officer_claim=self.claim_names["officer"],
        )


def build_verifier(settings) -> TokenVerifier:
    """The verifier the settings ask for (dev key, or the OIDC provider's JWKS)."""
    from ..settings import AuthMode

    claims = {"roles": settings.claim_roles, "service": settings.claim_service, "officer": settings.claim_officer}
    lifetime = settings.max_token_hours * 3600
    if settings.auth_mode is AuthMode.DEV:
        return DevTokens(settings.dev_key_file, audience=settings.oidc_audience, claims=claims, max_lifetime=lifetime)
    if not settings.oidc_issuer:
        raise ValueError("LONET_AUTH_MODE=oidc needs LONET_OIDC_ISSUER (and a JWKS URL or file)")
    return OidcTokens(
        issuer=settings.oidc_issuer,
        audience=settings.oidc_audience,
        jwks_url=settings.oidc_jwks_url,
        jwks_file=settings.oidc_jwks_file,
        algorithms=[a.strip() for a in settings.oidc_algorithms.split(",") if a.strip()],
        claims=claims,
        max_lifetime=lifetime,
    )
