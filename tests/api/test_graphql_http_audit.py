"""The GraphQL Foundation's GraphQL-over-HTTP audits (npm `graphql-http`) against a real `lonet serve --demo`."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
AUDIT_DIR = REPO / "tools" / "graphql-http-audit"
READY_DEADLINE_S = 30


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log_tail(path: Path, lines: int = 40) -> str:
    text = path.read_text(errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def server_env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "TMPDIR": str(tmp_path),  # the demo store's temporary directory lands here
        "PYTHONPATH": os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]),  # this checkout
        "LONET_DEV_KEY_FILE": str(tmp_path / "dev-key.json"),  # shared by the server and `lonet token`
    }


def demo_token(tmp_path: Path) -> str:
    """A development token from `lonet token`, as a script author would get one."""
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "token", "--role", "investigator", "--service", "BE-FEDPOL"],
        cwd=tmp_path,
        env={**server_env(tmp_path), "LONET_AUTH_MODE": "dev"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@contextmanager
def demo_server(tmp_path: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """`lonet serve --demo` on a free port, ready; its URL. Always stopped afterwards."""
    port = free_port()
    log = tmp_path / "server.log"
    env = env or server_env(tmp_path)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--demo", "--host", "127.0.0.1", "--port", str(port)],
            cwd=tmp_path,  # no stray .env is read
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + READY_DEADLINE_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"lonet serve exited with {process.returncode}:\n{log_tail(log)}")
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"lonet serve not ready within {READY_DEADLINE_S} s:\n{log_tail(log)}")
            time.sleep(0.2)
        yield f"{base}/graphql"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_the_server_passes_the_graphql_over_http_audits(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("`node` is not on PATH: the graphql-http audit needs Node.js (18+)")
    if not (AUDIT_DIR / "node_modules" / "graphql-http").is_dir():
        pytest.fail("run `npm ci` in tools/graphql-http-audit")

    with demo_server(tmp_path) as url:
        token = demo_token(tmp_path)
        run = subprocess.run(
            [node, "audit.mjs", url, "--header", f"Authorization: Bearer {token}"],
            cwd=AUDIT_DIR,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert run.returncode in (0, 1), f"audit could not run (exit {run.returncode}):\n{run.stderr}"
    results = json.loads(run.stdout)["results"]

    def failing(level: str) -> list[str]:
        return [
            f"{r['id']} {r['name']}: {r['status']} ({r['reason']})"
            for r in results
            if r["level"] == level and r["status"] != "ok"
        ]

    assert any(r["level"] == "MUST" for r in results), "the audit ran no MUST audits"
    must = failing("MUST")
    assert not must, "MUST audits failed:\n" + "\n".join(must)
    assert run.returncode == 0, run.stderr
    should = failing("SHOULD")
    assert not should, "SHOULD audits failed (all passed so far):\n" + "\n".join(should)
