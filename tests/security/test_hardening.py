"""Issue 20, item 14: private export files, settings refused at start, the longest token
lifetime, security headers on every HTML page, a protected /metrics, a client gone while a
WebSocket message is sent, and the demo's temporary store removed on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from starlette.websockets import WebSocketDisconnect, WebSocketState

from service.api.websocket import Connection
from tests.admin.test_cli_admin import lonet
from tests.api.conftest import DEMO, GraphQLClient, dev_settings
from tests.api.test_graphql_http_audit import server_env

from .helpers import serve
from .test_tokens import assert_refused, post_with, sign_dev

PRIVATE = 0o600


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_directory_and_audit_exports_are_written_for_their_owner_only(tmp_path: Path) -> None:
    store = tmp_path / "lonet.lbug"
    assert lonet("seed", store=store).returncode == 0
    stale = tmp_path / "audit.jsonl"
    stale.write_text("old")
    stale.chmod(0o644)  # an earlier export left readable by everyone

    exported = lonet("export", str(tmp_path / "out"), "--justification", "CHG-1", store=store)
    audit = lonet("audit", "export", "--out", str(stale), store=store)

    assert exported.returncode == 0 and audit.returncode == 0, (exported.stderr, audit.stderr)
    files = sorted((tmp_path / "out").iterdir())
    assert files and {p.name: mode(p) for p in files} == {p.name: PRIVATE for p in files}
    assert mode(stale) == PRIVATE and stale.read_text().startswith("{")


@pytest.mark.parametrize("algorithms", ["", " , ", "rs256", "RS256,es256", "HS256", "none"])
def test_an_empty_or_wrongly_spelled_algorithm_list_is_refused_at_start(tmp_path: Path, algorithms: str) -> None:
    done = lonet("status", store=tmp_path / "lonet.lbug", LONET_OIDC_ALGORITHMS=algorithms)

    assert done.returncode == 2 and "LONET_OIDC_ALGORITHMS" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "offsets",  # seconds from the moment the test runs (not from collection, minutes earlier)
    [
        pytest.param({"iat": 0, "exp": 13 * 3600}, id="13-hours"),
        pytest.param({"iat": -30 * 86400, "exp": 600}, id="issued-a-month-ago"),
        pytest.param({"iat": None, "exp": 365 * 86400}, id="a-year-without-iat"),
    ],
)
async def test_a_token_living_longer_than_the_limit_is_refused(api: GraphQLClient, tmp_path: Path, offsets: dict) -> None:
    now = int(time.time())
    claims = {name: None if offset is None else now + offset for name, offset in offsets.items()}
    assert_refused(await post_with(api, f"Bearer {sign_dev(tmp_path, **claims)}"), "lives longer than the 12 h")


async def test_a_token_within_the_limit_is_accepted(api: GraphQLClient, tmp_path: Path) -> None:
    token = sign_dev(tmp_path, iat=int(time.time()), exp=int(time.time()) + 12 * 3600)
    assert (await post_with(api, f"Bearer {token}")).status_code == 200


@pytest.mark.parametrize("path", ["/graphql", "/dashboard"])
async def test_every_html_page_carries_its_security_headers(api: GraphQLClient, path: str) -> None:
    response = await api.http.get(path, headers={"Accept": "text/html"})

    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"


async def test_metrics_can_require_a_bearer_token(demo_store, tmp_path: Path) -> None:
    settings = dev_settings(tmp_path, LONET_METRICS_TOKEN="scrape-secret-42")
    async with serve(settings, demo_store) as (_app, http):
        refused = [await http.get("/metrics"), await http.get("/metrics", headers={"Authorization": "Bearer wrong"})]
        scraped = await http.get("/metrics", headers={"Authorization": "Bearer scrape-secret-42"})
    assert [r.status_code for r in refused] == [401, 401]
    assert refused[0].json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert scraped.status_code == 200 and "lonet_graphql_requests_total" in scraped.text


class _GoneClient:
    """A socket whose client has disconnected: Starlette raises WebSocketDisconnect on send."""

    application_state = WebSocketState.CONNECTED
    scope: dict = {}

    class app:  # noqa: N801 - what Connection reads: websocket.app.state.settings
        class state:  # noqa: N801
            settings = None

    async def send_text(self, text: str) -> None:
        raise WebSocketDisconnect(1006)

    async def close(self, code: int, reason: str) -> None:
        raise WebSocketDisconnect(1006)


async def test_a_client_gone_while_a_message_is_sent_ends_the_connection_quietly() -> None:
    connection = Connection(_GoneClient())  # type: ignore[arg-type]

    await connection.send({"type": "next", "id": "1", "payload": {"data": {}}})
    assert connection.closed
    await Connection(_GoneClient()).close(4400, "bye")  # type: ignore[arg-type]  # no exception either


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_demos_temporary_store_is_removed_on_sigterm(tmp_path: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--demo", "--host", "127.0.0.1", "--port", str(port)],
        env=server_env(tmp_path), cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            assert time.monotonic() < deadline and server.poll() is None, "the demo did not start"
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        assert [p.name for p in tmp_path.glob("lonet-demo-*")], "the demo store is in TMPDIR"

        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
    assert not list(tmp_path.glob("lonet-demo-*")), "the demo's temporary store was left behind"
