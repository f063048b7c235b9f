"""The `lonet` command as an operator runs it."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import httpx

from seed import DEFAULT_SEED_DIR

from .api.test_graphql_http_audit import demo_server, server_env


def lonet(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LONET_ENGINE": "embedded", "LONET_EMBEDDED_PATH": str(store)}
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


def counts(output: str) -> dict[str, int]:
    rows = [line.split() for line in output.splitlines() if line.startswith("  ")]
    return {name: int(total) for name, total in rows}


def test_migrate_seed_seed_on_an_empty_directory_gives_the_same_counts(tmp_path: Path) -> None:
    store = tmp_path / "data" / "lonet.lbug"

    migrated = lonet("migrate", store=store)
    assert migrated.returncode == 0, migrated.stderr
    assert "schema is at version" in migrated.stdout

    first = lonet("seed", store=store)
    second = lonet("seed", store=store)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert counts(first.stdout) == counts(second.stdout)
    assert counts(first.stdout)["Officer"] == len(json.loads((DEFAULT_SEED_DIR / "officers.json").read_text()))

    again = lonet("migrate", store=store)
    assert "applied schema version" not in again.stdout  # nothing left to apply


def test_a_bad_seed_file_is_refused_with_a_readable_report_and_no_change(tmp_path: Path) -> None:
    store = tmp_path / "lonet.lbug"
    assert lonet("migrate", store=store).returncode == 0
    before = counts(lonet("status", store=store).stdout)
    bad = tmp_path / "seed"
    shutil.copytree(DEFAULT_SEED_DIR, bad)
    postings = json.loads((bad / "postings.json").read_text())
    postings[0]["endsOn"] = "2000-01-01"
    (bad / "postings.json").write_text(json.dumps(postings))

    refused = lonet("seed", "--dir", str(bad), store=store)

    assert refused.returncode == 2
    assert "postings.json record 1 (P-001)" in refused.stderr
    assert "endsOn 2000-01-01 is before startsOn" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert counts(lonet("status", store=store).stdout) == before


def test_a_store_held_by_another_process_is_named_clearly(tmp_path: Path) -> None:
    store = tmp_path / "lonet.lbug"
    assert lonet("migrate", store=store).returncode == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", "import ladybug, sys, time; db = ladybug.Database(sys.argv[1]); print('ready', flush=True); time.sleep(60)", str(store)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        busy = lonet("status", store=store)
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert busy.returncode == 3
    assert "in use by another process" in busy.stderr
    assert "Traceback" not in busy.stderr


def test_the_demo_with_several_workers_asks_for_the_broker_before_starting_anything(tmp_path: Path) -> None:
    env = {key: value for key, value in server_env(tmp_path).items() if key != "LONET_BROKER_URL"}
    refused = subprocess.run(
        [sys.executable, "-m", "service.cli", "serve", "--demo", "--engine", "neo4j", "--workers", "2"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )

    assert refused.returncode == 2
    assert "LONET_BROKER_URL=redis://" in refused.stderr and "redis-server" in refused.stderr
    assert "bundled Neo4j" not in refused.stdout  # refused before a Neo4j was started


def test_a_token_from_any_directory_works_against_the_running_demo(tmp_path: Path) -> None:
    """No LONET_DEV_KEY_FILE: the server and `lonet token` in another directory find the one
    per-user key, and the token leaves nothing behind where it was run."""
    env = {key: value for key, value in server_env(tmp_path).items() if key not in ("LONET_DEV_KEY_FILE", "LONET_AUTH_MODE")}
    env["XDG_STATE_HOME"] = str(tmp_path / "state")  # this user's state directory
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with demo_server(tmp_path, env) as url:
        done = subprocess.run(
            [sys.executable, "-m", "service.cli", "token", "--role", "investigator", "--service", "BE-FEDPOL"],
            cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert "lonet: GraphQL API and GraphiQL at http://127.0.0.1:" in (tmp_path / "server.log").read_text()  # once listening
        answer = httpx.post(
            url, json={"query": "{ regions { code } }"}, headers={"Authorization": f"Bearer {done.stdout.strip()}"}, timeout=30
        )

    assert answer.status_code == 200 and "errors" not in answer.json(), answer.text
    assert list(elsewhere.iterdir()) == []  # no stray ./data


def test_commands_never_create_a_store_and_say_how_to_make_one(tmp_path: Path) -> None:
    store = tmp_path / "data" / "lonet.lbug"

    for command in (["status"], ["audit", "verify"], ["audit", "export"]):
        refused = lonet(*command, store=store)
        assert refused.returncode == 3, (command, refused.stderr)
        assert "run `lonet migrate`" in refused.stderr and str(store) in refused.stderr, refused.stderr
        assert "Traceback" not in refused.stderr and "Binder exception" not in refused.stderr
    assert not (tmp_path / "data").exists()


def test_a_store_never_migrated_is_named_as_such(tmp_path: Path) -> None:
    store = tmp_path / "lonet.lbug"
    subprocess.run([sys.executable, "-c", "import ladybug, sys; ladybug.Database(sys.argv[1]).close()", str(store)], check=True)

    status = lonet("status", store=store)
    verify = lonet("audit", "verify", store=store)

    for refused in (status, verify):
        assert refused.returncode == 3, refused.stderr
        assert "not migrated" in refused.stderr and "run `lonet migrate`" in refused.stderr, refused.stderr
        assert "Binder exception" not in refused.stderr


def test_a_port_in_use_is_an_error_without_the_banner_announcing_it(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        refused = subprocess.run(
            [sys.executable, "-m", "service.cli", "serve", "--demo", "--host", "127.0.0.1", "--port", str(port)],
            env=server_env(tmp_path), cwd=tmp_path, capture_output=True, text=True, timeout=120,
        )

    assert refused.returncode != 0
    assert "address already in use" in (refused.stdout + refused.stderr).lower(), refused.stdout + refused.stderr
    assert "GraphQL API and GraphiQL at" not in refused.stdout


def test_the_command_speaks_its_users_locale(tmp_path: Path) -> None:
    store = tmp_path / "nowhere" / "lonet.lbug"
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}

    dutch = subprocess.run(
        [sys.executable, "-m", "service.cli", "status"],
        env={**env, "LANG": "nl_BE.UTF-8", "LONET_ENGINE": "embedded", "LONET_EMBEDDED_PATH": str(store)},
        capture_output=True, text=True, timeout=120,
    )

    assert dutch.returncode == 3
    assert dutch.stderr == (
        f"lonet: geen opslag: de ingebedde opslag {store} (LONET_EMBEDDED_PATH) bestaat niet; "
        "voer `lonet migrate` uit om ze aan te maken\n"
    )
    assert not store.parent.exists()
