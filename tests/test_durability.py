"""Durability: writes acknowledged before a SIGKILL are all there after a restart, whole.

A real `lonet serve` on the embedded engine takes writes from several clients (taskings and
their transitions, availability changes); it is killed with SIGKILL in the middle, started
again, and every acknowledged write is checked: the tasking exists at least at the
acknowledged version, every tasking's events match its version (nothing half-written), and the
consultation log's hash chain verifies.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from .api.test_graphql_http_audit import free_port, log_tail, server_env

WRITERS = 4
KILL_AFTER_ACKS = 40
REQUEST = """mutation($i: RequestTaskingInput!) { requestTasking(input: $i) { id version } }"""
ACCEPT = """mutation($id: ID!, $v: Int!) { acceptTasking(id: $id, version: $v) { id version } }"""


def lonet(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "service.cli", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


def start(env: dict[str, str], cwd: Path, port: int, log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--insecure-dev-auth", "--host", "127.0.0.1", "--port", str(port)],
            env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
        )
    deadline, answer = time.monotonic() + 90, "no answer"  # a cold start on a busy 2-core machine
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"lonet serve exited with {process.returncode}:\n{log_tail(log)}")
        try:
            ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2)
            if ready.status_code == 200:
                return process
            answer = ready.text
        except httpx.TransportError as exc:
            answer = repr(exc)
        time.sleep(0.2)
    process.kill()
    process.wait(timeout=10)  # reaped here, not left to warn in whichever test runs next
    pytest.fail(f"lonet serve not ready; /readyz last answered {answer}\n{log_tail(log)}")


def token(env: dict[str, str], cwd: Path, *args: str) -> str:
    done = lonet("token", *args, env=env, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def all_taskings(url: str, bearer: str) -> dict[str, dict]:
    """Every tasking the server has, by id, with its version and events (read as an admin)."""
    query = """query($after: String) { taskings(first: 100, after: $after) {
        nodes { id version status events { action } } pageInfo { hasNextPage endCursor } } }"""
    found, after = {}, None
    with httpx.Client(timeout=30, headers={"Authorization": f"Bearer {bearer}"}) as client:
        while True:
            body = client.post(url, json={"query": query, "variables": {"after": after}}).json()
            page = body["data"]["taskings"]
            found.update({t["id"]: t for t in page["nodes"]})
            if not page["pageInfo"]["hasNextPage"]:
                return found
            after = page["pageInfo"]["endCursor"]


def test_acknowledged_writes_survive_a_sigkill(tmp_path: Path) -> None:
    env = {**server_env(tmp_path), "LONET_AUTH_MODE": "dev", "LONET_EMBEDDED_PATH": str(tmp_path / "lonet.lbug"),
           "LONET_TODAY": "2026-11-24", "LONET_RATE_LIMIT": "100000/minute"}
    seeded = lonet("seed", env=env, cwd=tmp_path)
    assert seeded.returncode == 0, seeded.stderr
    investigator = token(env, tmp_path, "--role", "investigator", "--service", "BE-FEDPOL")
    liaison = token(env, tmp_path, "--role", "liaison_officer", "--service", "NL-POLITIE", "--officer", "LO-001")
    port, log = free_port(), tmp_path / "server.log"
    url = f"http://127.0.0.1:{port}/graphql"

    acknowledged: dict[str, int] = {}  # tasking id -> version the server confirmed
    lock = threading.Lock()
    stop = threading.Event()

    def writer(n: int) -> None:
        headers_inv = {"Authorization": f"Bearer {investigator}", "X-Justification": f"durability {n}"}
        headers_lo = {"Authorization": f"Bearer {liaison}", "X-Justification": f"durability {n}"}
        with httpx.Client(timeout=10) as client:
            while not stop.is_set():
                try:
                    made = client.post(url, headers=headers_inv, json={"query": REQUEST, "variables": {"i": {
                        "title": f"durability {n}", "country": "RS", "competences": ["DRUGS"],
                        "legalBasis": "BENELUX_POLICE_TREATY_2018"}}}).json()
                    tasking = made["data"]["requestTasking"]
                    with lock:
                        acknowledged[tasking["id"]] = tasking["version"]
                    accepted = client.post(url, headers=headers_lo, json={"query": ACCEPT, "variables": {
                        "id": tasking["id"], "v": tasking["version"]}}).json()
                    with lock:
                        acknowledged[tasking["id"]] = accepted["data"]["acceptTasking"]["version"]
                except (httpx.TransportError, KeyError, TypeError, ValueError):
                    return  # the server is gone (killed): what was acknowledged is what counts

    server = start(env, tmp_path, port, log)
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    try:
        deadline = time.monotonic() + 60
        while len(acknowledged) < KILL_AFTER_ACKS and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(server.pid, signal.SIGKILL)  # mid-load: writers have requests in flight
        server.wait(timeout=10)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=15)
        if server.poll() is None:
            server.kill()
    assert len(acknowledged) >= KILL_AFTER_ACKS, f"only {len(acknowledged)} writes before the deadline:\n{log_tail(log)}"

    admin = token(env, tmp_path, "--role", "admin", "--service", "BE-FEDPOL")
    server = start(env, tmp_path, port, log)
    try:
        found = all_taskings(url, admin)
    finally:
        server.terminate()
        server.wait(timeout=15)

    lost = {i: v for i, v in acknowledged.items() if i not in found or found[i]["version"] < v}
    assert not lost, f"acknowledged writes lost after SIGKILL: {lost}"
    half_written = [t["id"] for t in found.values() if len(t["events"]) != t["version"]]
    assert not half_written, f"taskings whose events do not match their version: {half_written}"
    verified = lonet("audit", "verify", env=env, cwd=tmp_path)
    assert verified.returncode == 0, verified.stdout + verified.stderr
