"""Issue 20, item 5: the consultation log anchored outside the store. Someone who can write to
the store can re-chain a rewritten record or cut the tail so that the unkeyed chain still reads
"intact"; with the audit key (a MAC per record) and the latest signed checkpoint, `lonet audit
verify` finds both."""

from __future__ import annotations

import pytest

import asyncio
import json
import shutil
import stat
import time
from datetime import timezone
from pathlib import Path

import ladybug
from starlette.testclient import TestClient

from service.api.app import create_app
from service.security.audit_chain import record_hash
from service.security.tokens import DevTokens
from service.store import Executor, open_executor
from tests.admin.test_cli_admin import lonet
from tests.api.conftest import CLAIMS, GraphQLClient, dev_settings
from tests.conftest import settings_for

from .helpers import serve

# The anchoring is engine-neutral (records are read through the executor); what these tests play,
# an intruder writing the store's records directly behind lonet's back, is done to the embedded
# file. The Neo4j side of the same log is verified by tests/security/test_consultation_log.py.
EMBEDDED_FILE = pytest.mark.parametrize("demo_store", ["embedded"], indirect=True)

FIELDS = ("seq", "at", "subject", "service", "roles", "operation", "objectIds", "justification", "requestId",
          "clientRequestId", "prevHash", "hash")


def anchors(tmp_path: Path) -> dict[str, str]:
    """Key and checkpoints outside the store (another directory, as another volume would be)."""
    return {"LONET_AUDIT_KEY_FILE": str(tmp_path / "vault" / "audit.key"), "LONET_AUDIT_CHECKPOINT_DIR": str(tmp_path / "vault" / "checkpoints")}


async def logged(demo_store: Executor, tmp_path: Path, reads: int = 4) -> Path:
    """A store whose log has `reads` records written by a server holding the audit key."""
    settings = dev_settings(tmp_path, **anchors(tmp_path))
    async with serve(settings, demo_store) as (_app, http):
        tokens = DevTokens(settings.dev_key_file, audience=settings.oidc_audience, claims=CLAIMS)
        client = GraphQLClient(http, demo_store, tokens).as_("investigator-be")
        for n in range(reads):
            await client.justified(f"case {n}").data('{ officer(id: "LO-001") { email } }')
    await demo_store.close()  # release the file, as a stopped server would
    return demo_store.path


def rewrite_and_rechain(store: Path, seq: int, justification: str) -> None:
    """What an intruder with write access to the store does: change a record, then recompute its
    hash and every later one's with the (public) algorithm, so that the unkeyed chain holds."""
    database = ladybug.Database(str(store))
    connection = ladybug.Connection(database)
    result = connection.execute("MATCH (a:AuditRecord) RETURN " + ", ".join(f"a.{f}" for f in FIELDS) + " ORDER BY a.seq")
    rows = []
    while result.has_next():
        row = dict(zip(FIELDS, result.get_next()))
        row["at"] = row["at"].replace(tzinfo=timezone.utc)
        rows.append(row)
    previous = None
    for row in rows:
        if row["seq"] == seq:
            row["justification"] = justification
        if previous is not None:
            row["prevHash"] = previous["hash"]
        if row["seq"] >= seq:
            row["hash"] = record_hash(row)
            connection.execute(
                "MATCH (a:AuditRecord {seq: $seq}) SET a.justification = $j, a.prevHash = $p, a.hash = $h",
                {"seq": row["seq"], "j": row["justification"], "p": row["prevHash"], "h": row["hash"]},
            )
        previous = row
    connection.close()
    database.close()


def cut_tail(store: Path, keep: int) -> None:
    database = ladybug.Database(str(store))
    connection = ladybug.Connection(database)
    connection.execute(f"MATCH (a:AuditRecord) WHERE a.seq > {keep} DELETE a")
    connection.execute(f"MATCH (q:Sequence {{name: 'audit-log'}}) SET q.value = {keep}")
    connection.close()
    database.close()


@EMBEDDED_FILE
async def test_a_rewritten_and_rechained_record_is_found_with_the_audit_key(demo_store: Executor, tmp_path: Path) -> None:
    store = await logged(demo_store, tmp_path)
    rewrite_and_rechain(store, 2, "nothing to see")

    unkeyed = lonet("audit", "verify", store=store)
    keyed = lonet("audit", "verify", store=store, **anchors(tmp_path))

    assert unkeyed.returncode == 0  # the unkeyed chain alone is fooled: that is what the key is for
    assert keyed.returncode == 1, keyed.stdout
    assert "record 2 was rewritten" in keyed.stdout and "record 3 was rewritten" in keyed.stdout


@EMBEDDED_FILE
async def test_a_cut_tail_is_found_against_the_latest_checkpoint(demo_store: Executor, tmp_path: Path) -> None:
    store = await logged(demo_store, tmp_path)
    written = lonet("audit", "checkpoint", store=store, **anchors(tmp_path))
    assert written.returncode == 0, written.stderr
    [checkpoint] = (tmp_path / "vault" / "checkpoints").iterdir()
    assert stat.S_IMODE(checkpoint.stat().st_mode) == 0o600
    assert json.loads(checkpoint.read_text())["seq"] == 4

    intact = lonet("audit", "verify", store=store, **anchors(tmp_path))
    assert intact.returncode == 0 and "anchored by the checkpoint" in intact.stdout, intact.stdout

    cut_tail(store, keep=2)
    unkeyed = lonet("audit", "verify", store=store)
    anchored = lonet("audit", "verify", store=store, **anchors(tmp_path))
    assert unkeyed.returncode == 0  # nothing in the store itself says records 3 and 4 existed
    assert anchored.returncode == 1 and "records 3 to 4 are missing at the end" in anchored.stdout, anchored.stdout


@EMBEDDED_FILE
async def test_a_forged_checkpoint_is_not_authentic(demo_store: Executor, tmp_path: Path) -> None:
    store = await logged(demo_store, tmp_path)
    directory = tmp_path / "vault" / "checkpoints"
    directory.mkdir(parents=True)
    (directory / "audit-checkpoint-000000000099-x.json").write_text(
        json.dumps({"seq": 99, "hash": "0" * 64, "at": "2026-12-01T00:00:00+00:00", "keyedFrom": 1, "mac": "f" * 64})
    )

    verified = lonet("audit", "verify", store=store, **anchors(tmp_path))

    assert verified.returncode == 1 and "is not authentic" in verified.stdout, verified.stdout


def test_the_server_writes_checkpoints_on_a_schedule(tmp_path: Path, demo_template: Path) -> None:
    path = tmp_path / "demo.lbug"
    shutil.copyfile(demo_template, path)
    executor = open_executor(settings_for("embedded", path))
    settings = dev_settings(tmp_path, LONET_AUDIT_CHECKPOINT_SECONDS=0.2, **anchors(tmp_path))
    with TestClient(create_app(settings, executor=executor, insecure_dev_auth=True)):
        deadline = time.monotonic() + 10
        while not list((tmp_path / "vault" / "checkpoints").glob("*.json")):
            assert time.monotonic() < deadline, "no checkpoint was written"
            time.sleep(0.1)
    asyncio.run(executor.close())
