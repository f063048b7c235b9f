"""Bearer tokens as a caller meets them: which are refused (401, never 500), which are accepted.

Dev mode (our own ES256 key), OIDC mode against a JWKS file and a JWKS URL (key rotation,
caching), introspection by mode, and the `lonet token` command.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, OctKey, RSAKey

from service.security.tokens import DEV_ISSUER, DevTokens
from service.settings import AuthMode, Settings
from service.store import Executor
from tests.api.conftest import CLAIMS, DEMO, DEMO_TODAY, GraphQLClient, dev_settings
from tests.api.test_graphql_http_audit import server_env

from .helpers import api, serve  # noqa: F401 (api: this module uses the 500-as-500 client)

REGIONS = "{ regions { code } }"
INTROSPECTION = "{ __schema { types { name } } }"
ISSUER = "https://idp.example/realms/police"


def assert_refused(response: httpx.Response, reason: str | None = None) -> None:
    """401 UNAUTHENTICATED with a Bearer challenge and no data; `reason` is part of the message."""
    assert response.status_code == 401, (response.status_code, response.text)
    body = response.json()
    assert "data" not in body
    error = body["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert response.headers["www-authenticate"].startswith("Bearer ")
    if reason is not None:
        assert reason in error["message"]


def assert_regions(response: httpx.Response) -> None:
    """The positive control: the token got the caller real data."""
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    assert {"code": "WESTERN_BALKANS"} in body["data"]["regions"]


def b64url(value: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def dev_claims(**changes: Any) -> dict[str, Any]:
    """Claims a dev-mode server accepts (with its key); `changes` set or (value None) drop claims."""
    now = int(time.time())
    claims = {
        "iss": DEV_ISSUER,
        "aud": "lonet",
        "sub": "be-fedpol:inv.janssens",
        "iat": now,
        "exp": now + 600,
        "roles": ["investigator"],
        "service": "BE-FEDPOL",
    }
    claims.update(changes)
    return {name: value for name, value in claims.items() if value is not None}


def dev_key(tmp_path: Path) -> ECKey:
    """The signing key of the `api` fixture's server (dev_settings(tmp_path))."""
    return ECKey.import_key(json.loads(dev_settings(tmp_path).dev_key_file.read_text()))


def sign_dev(tmp_path: Path, **changes: Any) -> str:
    key = dev_key(tmp_path)
    return jwt.encode({"alg": "ES256", "kid": key.kid}, dev_claims(**changes), key)


async def post_with(api: GraphQLClient, authorization: str | None, query: str = REGIONS) -> httpx.Response:
    request = api.http.build_request("POST", "/graphql", json={"query": query})
    if authorization is None:
        del request.headers["authorization"]
    else:
        request.headers["authorization"] = authorization
    return await api.http.send(request)


# -- the Authorization header ------------------------------------------------------------------


async def test_the_default_token_of_the_test_client_works(api: GraphQLClient) -> None:
    assert_regions(await api.post(REGIONS))


@pytest.mark.parametrize(
    "authorization",
    [pytest.param(None, id="no-header"), pytest.param("Basic abc", id="basic"), pytest.param("Bearer ", id="empty-bearer"),
     pytest.param("Bearer", id="bare-scheme"), pytest.param("", id="empty-header")],
)
async def test_a_request_without_a_bearer_token_is_refused(api: GraphQLClient, authorization: str | None) -> None:
    assert_refused(await post_with(api, authorization), "bearer token")


async def test_the_bearer_scheme_is_case_insensitive(api: GraphQLClient, tmp_path: Path) -> None:
    assert_regions(await post_with(api, f"bearer {sign_dev(tmp_path)}"))


# -- dev mode ------------------------------------------------------------------------------------


async def test_a_hand_signed_token_with_the_dev_key_is_accepted(api: GraphQLClient, tmp_path: Path) -> None:
    """The control for the hand-built refusals below: only the one changed claim makes them fail."""
    assert_regions(await post_with(api, f"Bearer {sign_dev(tmp_path)}"))


async def test_an_expired_token_is_refused(api: GraphQLClient) -> None:
    expired = api.token_for(DEMO["investigator-be"], ttl_seconds=-3600)  # well past the 30 s leeway

    assert_refused(await post_with(api, f"Bearer {expired}"), "expired")


async def test_a_token_expired_within_the_leeway_is_still_accepted(api: GraphQLClient) -> None:
    just_expired = api.token_for(DEMO["investigator-be"], ttl_seconds=-5)

    assert_regions(await post_with(api, f"Bearer {just_expired}"))


async def test_a_token_signed_by_another_dev_key_is_refused(api: GraphQLClient, tmp_path: Path) -> None:
    stranger = DevTokens(tmp_path / "someone-elses-key.json", audience="lonet", claims=CLAIMS)
    token = stranger.issue(subject="be-fedpol:inv.janssens", roles=["admin"], service="BE-FEDPOL")

    assert_refused(await post_with(api, f"Bearer {token}"))


async def test_a_token_from_another_key_that_borrows_the_servers_kid_is_refused(api: GraphQLClient, tmp_path: Path) -> None:
    forger = ECKey.generate_key("P-256", parameters={"kid": dev_key(tmp_path).kid})
    token = jwt.encode({"alg": "ES256", "kid": forger.kid}, dev_claims(roles=["admin"]), forger)

    assert_refused(await post_with(api, f"Bearer {token}"))


async def test_a_token_for_another_audience_is_refused(api: GraphQLClient, tmp_path: Path) -> None:
    other_audience = DevTokens(dev_settings(tmp_path).dev_key_file, audience="other", claims=CLAIMS)
    token = other_audience.issue(subject="be-fedpol:inv.janssens", roles=["investigator"], service="BE-FEDPOL")

    assert_refused(await post_with(api, f"Bearer {token}"))


async def test_a_token_of_another_issuer_is_refused(api: GraphQLClient, tmp_path: Path) -> None:
    assert_refused(await post_with(api, f"Bearer {sign_dev(tmp_path, iss='someone-else')}"))


async def test_an_unsigned_alg_none_token_is_refused(api: GraphQLClient) -> None:
    unsigned = f"{b64url({'alg': 'none', 'typ': 'JWT'})}.{b64url(dev_claims(roles=['admin']))}."

    assert_refused(await post_with(api, f"Bearer {unsigned}"))


async def test_a_token_whose_payload_was_changed_is_refused(api: GraphQLClient, tmp_path: Path) -> None:
    header, _payload, signature = sign_dev(tmp_path).split(".")
    tampered = f"{header}.{b64url(dev_claims(roles=['admin']))}.{signature}"

    assert_refused(await post_with(api, f"Bearer {tampered}"))


@pytest.mark.parametrize("token", ["abc", "a.b.c", '"a JSON string"', '{"alg": "none"}', "....", "a" * 4000])
async def test_a_malformed_token_is_refused(api: GraphQLClient, token: str) -> None:
    assert_refused(await post_with(api, f"Bearer {token}"))


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        pytest.param({"roles": None}, "no lonet role", id="no-roles-claim"),
        pytest.param({"roles": []}, "no lonet role", id="empty-roles"),
        pytest.param({"roles": ["superuser", "offline_access"]}, "no lonet role", id="unknown-roles"),
        pytest.param({"roles": ["liaison_officer"]}, "officer", id="liaison-officer-without-officer_id"),
        # An empty name names no one: accepted, it made an LO whose inbox was refused (found by
        # the tasking scope property, tests/security/test_tasking_scope.py).
        pytest.param({"roles": ["liaison_officer"], "officer_id": ""}, "officer", id="liaison-officer-with-empty-officer_id"),
        pytest.param({"service": None}, "service", id="no-service"),
        pytest.param({"service": ""}, "service", id="empty-service"),
        pytest.param({"sub": None}, None, id="no-subject"),
        pytest.param({"exp": None}, None, id="no-expiry"),
    ],
)
async def test_a_validly_signed_token_missing_what_lonet_needs_is_refused(
    api: GraphQLClient, tmp_path: Path, changes: dict[str, Any], reason: str | None
) -> None:
    assert_refused(await post_with(api, f"Bearer {sign_dev(tmp_path, **changes)}"), reason)


async def test_a_liaison_officer_token_naming_the_officer_is_accepted(api: GraphQLClient, tmp_path: Path) -> None:
    token = sign_dev(tmp_path, roles=["liaison_officer"], officer_id="LO-001", service="NL-POLITIE")

    assert_regions(await post_with(api, f"Bearer {token}"))


@pytest.mark.parametrize("roles", [pytest.param(5, id="number"), pytest.param([["admin"]], id="list-of-lists")])
async def test_a_signed_token_with_a_malformed_roles_claim_is_refused_not_a_500(
    api: GraphQLClient, tmp_path: Path, roles: Any
) -> None:
    assert_refused(await post_with(api, f"Bearer {sign_dev(tmp_path, roles=roles)}"))


# -- OIDC mode ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def idp_keys() -> dict[str, Any]:
    """The identity provider's signing keys (RSA generation is slow: once per module)."""
    return {
        "k1": RSAKey.generate_key(2048, parameters={"kid": "k1"}),
        "e1": ECKey.generate_key("P-256", parameters={"kid": "e1"}),
        "k2": RSAKey.generate_key(2048, parameters={"kid": "k2"}),  # published only after rotation
        "stranger": RSAKey.generate_key(2048, parameters={"kid": "k9"}),
    }


def jwks(*keys: Any) -> dict[str, Any]:
    return {"keys": [key.as_dict(private=False) for key in keys]}


def oidc_settings(**overrides: Any) -> Settings:
    values = {
        "LONET_AUTH_MODE": AuthMode.OIDC,
        "LONET_OIDC_ISSUER": ISSUER,
        "LONET_OIDC_AUDIENCE": "lonet",
        "LONET_TODAY": DEMO_TODAY,
        **overrides,
    }
    return Settings(**values)


def keycloak_token(key: Any, alg: str, **changes: Any) -> str:
    """A Keycloak-style access token: roles under realm_access.roles."""
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": "lonet",
        "sub": "f3b1c2d4-keycloak-user",
        "iat": now,
        "exp": now + 600,
        "azp": "lonet-web",
        "realm_access": {"roles": ["investigator", "offline_access", "uma_authorization"]},
        "service": "BE-FEDPOL",
        **changes,
    }
    return jwt.encode({"alg": alg, "kid": key.kid, "typ": "JWT"}, claims, key)


async def graphql(http: httpx.AsyncClient, token: str, query: str = REGIONS) -> httpx.Response:
    return await http.post("/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def jwks_file(tmp_path: Path, idp_keys: dict[str, Any]) -> Path:
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps(jwks(idp_keys["k1"], idp_keys["e1"])))
    return path


@pytest.mark.parametrize(("kid", "alg"), [("k1", "RS256"), ("e1", "ES256")])
async def test_keycloak_tokens_verified_against_a_jwks_file_are_accepted(
    demo_store: Executor, jwks_file: Path, idp_keys: dict[str, Any], kid: str, alg: str
) -> None:
    async with serve(oidc_settings(LONET_OIDC_JWKS_FILE=jwks_file), demo_store) as (_app, http):
        assert_regions(await graphql(http, keycloak_token(idp_keys[kid], alg)))


def oidc_refusable(case: str, idp_keys: dict[str, Any], tmp_path: Path) -> str:
    rsa = idp_keys["k1"]
    if case == "hs256-shared-secret":  # also names the RSA key's kid (algorithm confusion)
        secret = OctKey.import_key(b"a shared secret of sixty-four bytes, long enough for HS256 ....")
        claims = {"iss": ISSUER, "aud": "lonet", "sub": "x", "exp": int(time.time()) + 600,
                  "realm_access": {"roles": ["admin"]}, "service": "BE-FEDPOL"}
        return jwt.encode({"alg": "HS256", "kid": "k1"}, claims, secret)
    if case == "dev-mode-token":
        dev = DevTokens(tmp_path / "dev-key.json", audience="lonet", claims=CLAIMS)
        return dev.issue(subject="be-fedpol:inv.janssens", roles=["admin"], service="BE-FEDPOL")
    changes = {
        "unknown-kid": {},
        "wrong-issuer": {"iss": "https://idp.example/realms/other"},
        "wrong-audience": {"aud": "account"},
        "expired": {"exp": int(time.time()) - 3600},
        "no-lonet-role": {"realm_access": {"roles": ["offline_access"]}},
    }[case]
    return keycloak_token(idp_keys["stranger"] if case == "unknown-kid" else rsa, "RS256", **changes)


@pytest.mark.parametrize(
    "case",
    ["hs256-shared-secret", "unknown-kid", "wrong-issuer", "wrong-audience", "expired", "no-lonet-role", "dev-mode-token"],
)
async def test_oidc_mode_refuses_tokens_it_cannot_trust(
    demo_store: Executor, jwks_file: Path, idp_keys: dict[str, Any], tmp_path: Path, case: str
) -> None:
    token = oidc_refusable(case, idp_keys, tmp_path)
    async with serve(oidc_settings(LONET_OIDC_JWKS_FILE=jwks_file), demo_store) as (_app, http):
        assert_refused(await graphql(http, token))


async def test_a_rotated_key_is_picked_up_from_the_jwks_file(
    demo_store: Executor, jwks_file: Path, idp_keys: dict[str, Any]
) -> None:
    rotated = keycloak_token(idp_keys["k2"], "RS256")
    async with serve(oidc_settings(LONET_OIDC_JWKS_FILE=jwks_file), demo_store) as (app, http):
        verifier = app.state.verifier
        assert verifier.refresh_interval > 0  # re-reads are rate limited by default
        assert_regions(await graphql(http, keycloak_token(idp_keys["k1"], "RS256")))

        assert_refused(await graphql(http, rotated), "does not publish")  # k2 not published yet

        jwks_file.write_text(json.dumps(jwks(idp_keys["k1"], idp_keys["k2"])))
        assert_refused(await graphql(http, rotated))  # within refresh_interval: no re-read yet
        verifier.refresh_interval = 0
        assert_regions(await graphql(http, rotated))  # unknown kid -> JWKS re-read -> accepted


async def test_a_token_accepted_before_its_key_was_withdrawn_is_refused_after(
    demo_store: Executor, jwks_file: Path, idp_keys: dict[str, Any]
) -> None:
    """A checked signature is kept for the next requests with the same token: only as long as
    the keys that checked it are the ones published."""
    token = keycloak_token(idp_keys["k1"], "RS256")
    async with serve(oidc_settings(LONET_OIDC_JWKS_FILE=jwks_file), demo_store) as (app, http):
        assert_regions(await graphql(http, token))
        assert_regions(await graphql(http, token))  # the same token again: accepted again

        jwks_file.write_text(json.dumps(jwks(idp_keys["e1"])))  # k1 withdrawn
        app.state.verifier.refresh_interval = 0
        # A token of a key it does not know makes the server read the keys again.
        assert_refused(await graphql(http, keycloak_token(idp_keys["k2"], "RS256")), "does not publish")
        assert_refused(await graphql(http, token), "does not publish")


class JwksServer:
    """A real HTTP endpoint serving a JWKS at /jwks, counting the GETs it answers."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.gets: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                owner.gets.append(self.path)
                if self.path != "/jwks":
                    self.send_error(404)
                    return
                body = json.dumps(owner.document).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/jwks"


@contextmanager
def jwks_server(document: dict[str, Any]) -> Iterator[JwksServer]:
    served = JwksServer(document)
    thread = threading.Thread(target=served.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        served.server.shutdown()
        served.server.server_close()
        thread.join(timeout=5)


async def test_keys_from_a_jwks_url_are_fetched_once_and_cached(demo_store: Executor, idp_keys: dict[str, Any]) -> None:
    with jwks_server(jwks(idp_keys["k1"], idp_keys["e1"])) as idp:
        async with serve(oidc_settings(LONET_OIDC_JWKS_URL=idp.url), demo_store) as (_app, http):
            assert_regions(await graphql(http, keycloak_token(idp_keys["k1"], "RS256")))
            assert_regions(await graphql(http, keycloak_token(idp_keys["e1"], "ES256")))

            assert idp.gets == ["/jwks"]

            # Tokens naming keys nobody published do not make lonet hammer the provider.
            for _ in range(3):
                assert_refused(await graphql(http, keycloak_token(idp_keys["stranger"], "RS256")))
            assert idp.gets == ["/jwks"]


async def test_an_unreachable_jwks_url_refuses_tokens_with_401_not_500(demo_store: Executor, idp_keys: dict[str, Any]) -> None:
    with jwks_server(jwks(idp_keys["k1"])) as idp:
        url = idp.url
    # The server is shut down and its port closed: connection refused.
    async with serve(oidc_settings(LONET_OIDC_JWKS_URL=url), demo_store) as (_app, http):
        assert_refused(await graphql(http, keycloak_token(idp_keys["k1"], "RS256")), "keys are unavailable")


# -- introspection by mode ---------------------------------------------------------------------------


@pytest.mark.parametrize("query", [INTROSPECTION, '{ __type(name: "Officer") { fields { name } } }'])
async def test_production_mode_has_introspection_off(
    demo_store: Executor, jwks_file: Path, idp_keys: dict[str, Any], query: str
) -> None:
    async with serve(oidc_settings(LONET_OIDC_JWKS_FILE=jwks_file), demo_store) as (_app, http):
        response = await graphql(http, keycloak_token(idp_keys["k1"], "RS256"), query)

    assert response.status_code in (200, 400)
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "introspection" in body["errors"][0]["message"]


async def test_dev_mode_allows_introspection(api: GraphQLClient) -> None:
    data = await api.data(INTROSPECTION)

    assert "Officer" in {t["name"] for t in data["__schema"]["types"]}


# -- `lonet token` ---------------------------------------------------------------------------------


def lonet_token(tmp_path: Path, *args: str, mode: str = "dev") -> subprocess.CompletedProcess[str]:
    # server_env: this checkout's code (PYTHONPATH), not whichever the editable install names.
    env = {**server_env(tmp_path), "LONET_AUTH_MODE": mode, "LONET_DEV_KEY_FILE": str(dev_settings(tmp_path).dev_key_file)}
    return subprocess.run(
        [sys.executable, "-m", "service.cli", "token", *args],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )


async def test_lonet_token_prints_a_token_the_server_accepts(api: GraphQLClient, tmp_path: Path) -> None:
    result = lonet_token(tmp_path, "--role", "liaison_officer", "--service", "NL-POLITIE", "--officer", "LO-001")

    assert result.returncode == 0, result.stderr
    assert_regions(await post_with(api, f"Bearer {result.stdout.strip()}"))


def test_lonet_token_for_a_liaison_officer_needs_the_officer(tmp_path: Path) -> None:
    result = lonet_token(tmp_path, "--role", "liaison_officer", "--service", "NL-POLITIE")

    assert result.returncode == 2
    assert "--officer" in result.stderr
    assert result.stdout == ""


def test_lonet_token_in_oidc_mode_explains_where_tokens_come_from(tmp_path: Path) -> None:
    result = lonet_token(tmp_path, "--role", "investigator", "--service", "BE-FEDPOL", mode="oidc")

    assert result.returncode == 2
    assert "identity provider" in result.stderr
    assert result.stdout == ""
    assert not dev_settings(tmp_path).dev_key_file.exists()  # no signing key left lying around
