"""Slow and greedy clients against a real `lonet serve` (issue 20, item 7): half-sent headers, a
trickled body and idle connections are timed out, one address holds a bounded number of
connections, and well-behaved requests and WebSockets are unaffected."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect

from ..test_durability import lonet, start, token
from .test_graphql_http_audit import free_port, server_env

HEADER_TIMEOUT, BODY_TIMEOUT, KEEPALIVE, PER_ADDRESS = 1.0, 1.5, 1.0, 5


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, str]]:
    tmp = tmp_path_factory.mktemp("slow")
    env = {
        **server_env(tmp), "LONET_AUTH_MODE": "dev", "LONET_EMBEDDED_PATH": str(tmp / "lonet.lbug"),
        "LONET_HEADER_TIMEOUT": str(HEADER_TIMEOUT), "LONET_BODY_TIMEOUT": str(BODY_TIMEOUT),
        "LONET_KEEPALIVE_TIMEOUT": str(KEEPALIVE), "LONET_MAX_CONNECTIONS_PER_ADDRESS": str(PER_ADDRESS),
    }
    assert lonet("seed", env=env, cwd=tmp).returncode == 0  # tokens must name a service the directory holds
    bearer = token(env, tmp, "--role", "admin", "--service", "BE-FEDPOL")
    port = free_port()
    process = start(env, tmp, port, tmp / "server.log")
    try:
        yield port, bearer
    finally:
        process.terminate()
        process.wait(timeout=30)


def opened(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def closed_within(sock: socket.socket, seconds: float) -> tuple[bytes, float]:
    """What the server sent until it closed the connection, and after how long."""
    started, received = time.monotonic(), b""
    sock.settimeout(seconds)
    try:
        while chunk := sock.recv(4096):
            received += chunk
    except TimeoutError:
        pytest.fail(f"still open after {seconds} s (received {received[:80]!r})")
    except ConnectionResetError:
        pass
    return received, time.monotonic() - started


@pytest.mark.parametrize(
    ("sent", "answer", "limit"),
    [
        pytest.param(b"GET /healthz HTTP/1.1\r\nHost: lonet\r\nX-Slow: ", b"HTTP/1.1 408", HEADER_TIMEOUT, id="half-sent-headers"),
        pytest.param(b"", b"", HEADER_TIMEOUT, id="nothing-sent"),
        pytest.param(b"GET /healthz HTTP/1.1\r\nHost: lonet\r\n\r\n", b"HTTP/1.1 200", KEEPALIVE, id="idle-after-a-response"),
    ],
)
def test_a_connection_that_stalls_is_closed_in_time(server, sent: bytes, answer: bytes, limit: float) -> None:
    port, _ = server
    with opened(port) as sock:
        if sent:
            sock.sendall(sent)
        received, after = closed_within(sock, limit + 3)
    assert received.startswith(answer), received
    assert after < limit + 2


def test_a_trickled_body_is_answered_408_and_closed(server) -> None:
    port, bearer = server
    with opened(port) as sock:
        head = f"POST /graphql HTTP/1.1\r\nHost: lonet\r\nAuthorization: Bearer {bearer}\r\nContent-Type: application/json\r\n"
        sock.sendall(head.encode() + b"Content-Length: 1000\r\n\r\n{\"qu")
        started = time.monotonic()
        for _ in range(3):  # a byte now and then, never the whole body
            time.sleep(0.3)
            sock.sendall(b"e")
        received, _ = closed_within(sock, BODY_TIMEOUT + 3)
    assert received.startswith(b"HTTP/1.1 408"), received
    assert json.loads(received.split(b"\r\n\r\n", 1)[1])["errors"][0]["extensions"]["code"] == "REQUEST_TIMEOUT"
    assert time.monotonic() - started < BODY_TIMEOUT + 2


def test_one_address_holds_a_bounded_number_of_connections(server) -> None:
    port, _ = server
    held = [opened(port) for _ in range(PER_ADDRESS)]
    try:
        time.sleep(0.2)
        with opened(port) as extra:
            received, _ = closed_within(extra, 3)
        assert received.startswith(b"HTTP/1.1 503"), received
        assert json.loads(received.split(b"\r\n\r\n", 1)[1])["errors"][0]["extensions"]["code"] == "TOO_MANY_CONNECTIONS"
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.3)
    assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200  # released


def test_ordinary_requests_and_a_websocket_outlive_the_timeouts(server) -> None:
    port, bearer = server
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
        for _ in range(3):
            assert client.get("/healthz").status_code == 200
            time.sleep(KEEPALIVE / 3)
    with connect(f"ws://127.0.0.1:{port}/graphql", subprotocols=["graphql-transport-ws"], open_timeout=5) as ws:
        ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {bearer}"}}))
        assert json.loads(ws.recv(timeout=5))["type"] == "connection_ack"
        time.sleep(max(HEADER_TIMEOUT, BODY_TIMEOUT) + 1)
        ws.send(json.dumps({"type": "ping"}))
        assert json.loads(ws.recv(timeout=5))["type"] == "pong"
