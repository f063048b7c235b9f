"""Development authentication (tokens of any identity from /auth/demo-token, without
credentials) exists only for `lonet serve --demo` or an explicit, loudly logged
`--insecure-dev-auth`: LONET_AUTH_MODE=dev alone does not start a server."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from service.api.app import InsecureDevAuth, create_app
from service.store import Executor
from tests.api.conftest import dev_settings
from tests.api.test_graphql_http_audit import server_env


def test_dev_auth_without_demo_or_the_explicit_flag_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InsecureDevAuth, match="--insecure-dev-auth"):
        create_app(dev_settings(tmp_path))


def test_lonet_serve_with_dev_auth_on_a_real_store_refuses_to_start(tmp_path: Path) -> None:
    env = {**server_env(tmp_path), "LONET_AUTH_MODE": "dev", "LONET_EMBEDDED_PATH": str(tmp_path / "lonet.lbug")}

    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "serve", "--port", "1"], env=env, cwd=tmp_path, capture_output=True, text=True,
        timeout=60,
    )

    assert done.returncode == 2, done.stderr
    assert "--demo" in done.stderr and "--insecure-dev-auth" in done.stderr
    assert not (tmp_path / "dev-key.json").exists()  # no signing key made, no token possible


async def test_the_explicit_flag_serves_demo_tokens_and_says_so_loudly(
    demo_store: Executor, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="lonet.http"):
        app = create_app(dev_settings(tmp_path), executor=demo_store, insecure_dev_auth=True)
    assert any("INSECURE" in r.getMessage() for r in caplog.records)

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://lonet.test") as http:
        response = await http.get("/auth/demo-token", params={"identity": "admin"})
    assert response.status_code == 200 and response.json()["token"]


async def test_without_dev_auth_there_is_no_demo_token_endpoint(demo_store: Executor, tmp_path: Path) -> None:
    jwks = tmp_path / "jwks.json"
    jwks.write_text('{"keys": []}')
    settings = dev_settings(
        tmp_path, LONET_AUTH_MODE="oidc", LONET_OIDC_ISSUER="https://idp.example/realms/police", LONET_OIDC_JWKS_FILE=jwks
    )
    transport = httpx.ASGITransport(app=create_app(settings, executor=demo_store))
    async with httpx.AsyncClient(transport=transport, base_url="http://lonet.test") as http:
        response = await http.get("/auth/demo-token", params={"identity": "admin"})
    assert response.status_code == 404
