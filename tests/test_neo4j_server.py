"""lonet on a Neo4j server of its own, as on a deployment: the demo on the bundled Neo4j, and
Neo4j killed with SIGKILL under load and started again.

Each test starts its own bundled Neo4j (service/store/bundled_neo4j.py), so killing it touches
none of the servers the other tests share.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from service.store.bundled_neo4j import BundledNeo4j

from .redis_server import RedisServer

from .api.test_graphql_http_audit import free_port, log_tail, server_env
from .test_durability import ACCEPT, REQUEST, all_taskings, lonet, token

SEARCH = {"query": '{ searchLiaisons(country: "RS", competence: "DRUGS") { matches { officer { id } route } } }'}


def _java_processes_under(path: Path) -> list[str]:
    """Command lines of bundled Neo4j servers whose data lies under `path`."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue  # the process ended meanwhile
        if "eu.lonet.neo4j.Launcher" in args and any(a.startswith(str(path)) for a in args):
            found.append(" ".join(args))
    return found


def test_the_demo_runs_on_the_bundled_neo4j_with_two_workers_and_leaves_nothing_behind_after_ctrl_c(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    # One start for both concerns (a demo start costs half a minute of the suite): several workers
    # with the broker, and the demo user's Ctrl+C. SIGTERM is handled by the same handler
    # (service/api/server.py), and a server stopped by SIGTERM is tested in test_durability.
    stop_signal, workers = signal.SIGINT, 2
    env = {**server_env(tmp_path)}
    env.pop("NEO4J_URI", None)  # the demo starts a Neo4j of its own, whatever the environment says
    if workers > 1:
        env["LONET_BROKER_URL"] = redis_server.url  # as the README says: a Redis the user started
    port, log = free_port(), tmp_path / "demo.log"
    with log.open("ab") as out:
        demo = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--demo", "--engine", "neo4j", "--port", str(port), "--workers", str(workers)],
            env=env, cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 180
        while True:
            assert demo.poll() is None, f"the demo exited with {demo.returncode}:\n{log_tail(log)}"
            assert time.monotonic() < deadline, f"the demo did not become ready:\n{log_tail(log)}"
            try:
                ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2)
                if ready.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.25)
        assert ready.json()["engine"] == "neo4j"
        if workers > 1:
            # A worker may answer before its first read of the stream (its broker "degraded", still
            # 200, as during an outage): the broker must become ready, not be at the first answer.
            def broker() -> dict:
                return httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).json()["broker"]

            _until(lambda: broker()["status"] == "ready", 30, f"{broker()}\n{log_tail(log)}")
            _until(lambda: log.read_text().count("Application startup complete") == workers, 60, log_tail(log))
        home = Path(re.search(r"bundled Neo4j 5\.26 in (\S+)", log.read_text()).group(1))
        assert home.is_relative_to(tmp_path) and _java_processes_under(home)

        bearer = httpx.get(f"http://127.0.0.1:{port}/auth/demo-token", params={"identity": "investigator-be"}, timeout=30).json()["token"]
        for _ in range(2 * workers):  # a connection each: with several workers, a token of one is good at the others
            # A cold Neo4j plans each statement on first use: seconds on a busy 2-core machine.
            found = httpx.post(f"http://127.0.0.1:{port}/graphql", json=SEARCH, headers={"Authorization": f"Bearer {bearer}"}, timeout=60).json()
            assert "errors" not in found and found["data"]["searchLiaisons"]["matches"], found
    finally:
        demo.send_signal(stop_signal)
        code = demo.wait(timeout=90)
    assert code == 0, log_tail(log)
    assert not _java_processes_under(tmp_path), "the demo's Neo4j is still running"
    assert not home.exists(), "the demo's temporary directory was left behind"


WRITERS = 8


def test_neo4j_killed_under_eight_writers_answers_store_unavailable_and_recovers_losing_nothing(tmp_path: Path) -> None:
    neo4j = BundledNeo4j(tmp_path / "neo4j")
    neo4j.start()
    env = {
        **server_env(tmp_path), **neo4j.environment(), "LONET_ENGINE": "neo4j", "LONET_AUTH_MODE": "dev",
        "LONET_TODAY": "2026-11-24", "LONET_RATE_LIMIT": "100000/minute",
        "LONET_NEO4J_RETRY_SECONDS": "2", "LONET_STORE_TIMEOUT_SECONDS": "8",
    }
    port, log = free_port(), tmp_path / "server.log"
    url = f"http://127.0.0.1:{port}/graphql"
    server = None
    try:
        seeded = lonet("seed", env=env, cwd=tmp_path)
        assert seeded.returncode == 0, seeded.stderr
        investigator = token(env, tmp_path, "--role", "investigator", "--service", "BE-FEDPOL")
        liaison = token(env, tmp_path, "--role", "liaison_officer", "--service", "NL-POLITIE", "--officer", "LO-001")
        with log.open("ab") as out:
            server = subprocess.Popen(
                [sys.executable, "-m", "service.cli", "serve", "--insecure-dev-auth", "--port", str(port)],
                env=env, cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT,
            )
        _until(lambda: _ready(port) == 200, 60, f"lonet did not start:\n{log_tail(log)}")

        acknowledged: dict[str, int] = {}
        outcomes = {"ok": 0, "unavailable": 0}
        wrong: list[str] = []
        slowest = [0.0]
        lock, stop = threading.Lock(), threading.Event()

        def post(client: httpx.Client, headers: dict[str, str], body: dict) -> dict | None:
            """The data of a request that succeeded; None for a typed refusal for want of the store."""
            started = time.monotonic()
            response = client.post(url, headers=headers, json=body)
            with lock:
                slowest[0] = max(slowest[0], time.monotonic() - started)
            payload = response.json()
            if response.status_code == 200 and "errors" not in payload:
                with lock:
                    outcomes["ok"] += 1
                return payload["data"]
            codes = {e["extensions"]["code"] for e in payload.get("errors", [])}
            with lock:
                if response.status_code == 503 and codes == {"STORE_UNAVAILABLE"}:
                    outcomes["unavailable"] += 1
                else:
                    wrong.append(f"{response.status_code} {payload}")
            return None

        def writer(n: int) -> None:
            inv = {"Authorization": f"Bearer {investigator}", "X-Justification": f"outage {n}"}
            lo = {"Authorization": f"Bearer {liaison}", "X-Justification": f"outage {n}"}
            with httpx.Client(timeout=30) as client:
                while not stop.is_set():
                    made = post(client, inv, {"query": REQUEST, "variables": {"i": {
                        "title": f"outage {n}", "country": "RS", "competences": ["DRUGS"],
                        "legalBasis": "BENELUX_POLICE_TREATY_2018"}}})
                    if made is None:
                        time.sleep(0.2)
                        continue
                    tasking = made["requestTasking"]
                    with lock:
                        acknowledged[tasking["id"]] = tasking["version"]
                    accepted = post(client, lo, {"query": ACCEPT, "variables": {"id": tasking["id"], "v": tasking["version"]}})
                    if accepted is not None:
                        with lock:
                            acknowledged[tasking["id"]] = accepted["acceptTasking"]["version"]

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
        for thread in threads:
            thread.start()
        try:
            _until(lambda: len(acknowledged) >= 15, 90, "the writers made no progress")  # eight writers keep going when it dies
            neo4j.kill()  # SIGKILL, with writes in flight
            _until(lambda: outcomes["unavailable"] >= WRITERS, 60, "no request was refused while Neo4j was down")
            assert _ready(port) == 503  # not ready while the store is gone
            before_restart = len(acknowledged)

            neo4j.start()
            _until(lambda: _ready(port) == 200, 10, "lonet did not recover within 10 s of Neo4j's return")
            _until(lambda: len(acknowledged) >= before_restart + 10, 60, "the writers did not resume")
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
        assert not wrong, f"refusals that were not STORE_UNAVAILABLE: {wrong[:5]}"
        assert slowest[0] < 8 + 5, f"a request took {slowest[0]:.1f} s during the outage (store timeout 8 s)"

        admin = token(env, tmp_path, "--role", "admin", "--service", "BE-FEDPOL")
        found = all_taskings(url, admin)
        lost = {i: v for i, v in acknowledged.items() if i not in found or found[i]["version"] < v}
        assert not lost, f"acknowledged writes lost: {lost}"
        half_written = [t["id"] for t in found.values() if len(t["events"]) != t["version"]]
        assert not half_written, f"taskings whose events do not match their version: {half_written}"
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        verified = lonet("audit", "verify", env=env, cwd=tmp_path) if neo4j.running() else None
        neo4j.stop()
    assert verified is not None and verified.returncode == 0, verified and verified.stdout + verified.stderr


def _ready(port: int) -> int:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code
    except httpx.TransportError:
        return 0


def _until(condition, seconds: float, message: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.1)


def test_a_server_whose_starter_died_stops_by_itself(tmp_path: Path) -> None:
    """The bundled Neo4j watches the pipe its starter holds: a killed test run leaves no server."""
    starter = subprocess.Popen(
        [sys.executable, "-c", (
            "import sys, time; from pathlib import Path; from service.store.bundled_neo4j import BundledNeo4j; "
            f"n = BundledNeo4j(Path({str(tmp_path / 'orphan')!r})); n.start(); print('up', flush=True); time.sleep(600)"
        )],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    try:
        assert starter.stdout.readline().strip() == "up"
        assert _java_processes_under(tmp_path)
        starter.kill()
        starter.wait()
        _until(lambda: not _java_processes_under(tmp_path), 60, "the orphaned Neo4j kept running")
    finally:
        if starter.poll() is None:
            starter.kill()
        starter.stdout.close()
