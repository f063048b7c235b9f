"""The real npm `graphql-ws` client subscribes to a real `lonet serve --demo` (graphql-transport-ws)."""

from __future__ import annotations

import importlib.util
import json
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from .test_graphql_http_audit import REPO, demo_server, demo_token, server_env

CLIENT_DIR = REPO / "tools" / "graphql-ws-client"
SUBSCRIBED_DEADLINE_S = 20
EVENT_WAIT_S = 5
QUERY = "subscription { taskingUpdated { id status assignee { id } requestingService { code } } }"
REQUEST = """mutation { requestTasking(input: {title: "Identify the holder of a Serbian phone number", country: "RS",
    competences: ["DRUGS"], legalBasis: BENELUX_POLICE_TREATY_2018}) { id } }"""


def liaison_officer_token(tmp_path: Path) -> str:
    """`lonet token` for LO-001, signed with the key the server uses (LONET_DEV_KEY_FILE)."""
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "token", "--role", "liaison_officer", "--service", "NL-POLITIE", "--officer", "LO-001"],
        cwd=tmp_path,
        env={**server_env(tmp_path), "LONET_AUTH_MODE": "dev"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def lines_of(stream, into: queue.Queue[str]) -> None:
    for line in stream:
        into.put(line.rstrip("\n"))


def request_until_heard(subscriber: subprocess.Popen, diagnostics: queue.Queue[str], url: str, token: str) -> list[str]:
    """Wait for the ack, then request taskings until the client exits; the ids requested."""
    deadline = time.monotonic() + SUBSCRIBED_DEADLINE_S
    while True:
        try:
            line = diagnostics.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            pytest.fail(f"the client was not acknowledged within {SUBSCRIBED_DEADLINE_S} s")
        if line == "subscribed":
            break
        assert subscriber.poll() is None, f"the client exited ({subscriber.returncode}): {line}"
    # The protocol has no "subscribed" message: the subscribe frame follows the ack, so a request
    # made in between could go unheard. Ask again (a new tasking) until one is heard.
    requested: list[str] = []
    for _attempt in range(4):
        time.sleep(0.2)
        response = httpx.post(
            url,
            json={"query": REQUEST},
            headers={"Authorization": f"Bearer {token}", "X-Justification": "case AN/2026/0412"},
            timeout=30,
        )
        body = response.json()
        assert response.status_code == 200 and "errors" not in body, body
        requested.append(body["data"]["requestTasking"]["id"])
        try:
            subscriber.wait(timeout=EVENT_WAIT_S)
            return requested
        except subprocess.TimeoutExpired:
            continue
    pytest.fail(f"the client heard none of the requests {requested}")


def test_the_graphql_ws_client_receives_a_new_request_live(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("`node` is not on PATH: the graphql-ws client test needs Node.js (20+)")
    if not (CLIENT_DIR / "node_modules" / "graphql-ws").is_dir():
        pytest.fail("run `npm ci` in tools/graphql-ws-client")
    if importlib.util.find_spec("websockets") is None and importlib.util.find_spec("wsproto") is None:
        pytest.fail("uvicorn serves no WebSocket without the `websockets` (or `wsproto`) package: install lonet's dependencies")

    with demo_server(tmp_path) as url:
        lo_token = liaison_officer_token(tmp_path)
        investigator_token = demo_token(tmp_path)
        with subprocess.Popen(
            [node, "subscribe.mjs", url.replace("http://", "ws://", 1), lo_token, QUERY, "1", "60000"],
            cwd=CLIENT_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as subscriber:
            diagnostics: queue.Queue[str] = queue.Queue()
            reader = threading.Thread(target=lines_of, args=(subscriber.stderr, diagnostics), daemon=True)
            reader.start()
            try:
                requested = request_until_heard(subscriber, diagnostics, url, investigator_token)
                output = subscriber.stdout.read()
            finally:
                if subscriber.poll() is None:
                    subscriber.kill()
                subscriber.wait(timeout=10)
                reader.join(timeout=10)

    errors = []
    while not diagnostics.empty():
        errors.append(diagnostics.get())
    assert subscriber.returncode == 0, f"exit {subscriber.returncode}: {errors}"
    [line] = output.splitlines()
    update = json.loads(line)["data"]["taskingUpdated"]
    assert update["id"] in requested
    assert update["status"] == "REQUESTED"
    assert update["assignee"] == {"id": "LO-001"} and update["requestingService"] == {"code": "BE-FEDPOL"}
