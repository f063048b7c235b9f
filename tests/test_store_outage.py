"""A store that is unavailable: /readyz fails, requests get STORE_UNAVAILABLE, and the service
recovers by itself when the store is back, without a restart."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from service.api.app import create_app
from service.security.tokens import DevTokens
from service.store import open_executor
from service.usecases.maintenance import migrate_and_seed

from .api.conftest import CLAIMS, DEMO, dev_settings
from .conftest import settings_for

HOLD = "import ladybug, sys, time; db = ladybug.Database(sys.argv[1]); print('holding', flush=True); time.sleep(120)"
REGIONS = {"query": "{ regions { code } }"}


async def seeded(path: Path) -> None:
    executor = open_executor(settings_for("embedded", path))
    try:
        await migrate_and_seed(executor)
    finally:
        await executor.close()


def test_an_unavailable_store_is_reported_and_the_service_recovers_by_itself(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="service.store.resilient")
    store = tmp_path / "lonet.lbug"
    asyncio.run(seeded(store))
    settings = dev_settings(tmp_path, LONET_EMBEDDED_PATH=store, LONET_STORE_RETRY_SECONDS=0.1)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(store)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"  # another process owns the file now
        with TestClient(create_app(settings, insecure_dev_auth=True)) as client:  # starts although the store is unavailable
            token = DevTokens(settings.dev_key_file, audience="lonet", claims=CLAIMS).issue(
                subject=DEMO["investigator-be"].subject, roles=["investigator"], service="BE-FEDPOL"
            )
            headers = {"Authorization": f"Bearer {token}"}

            assert client.get("/healthz").status_code == 200  # the process is up
            down = client.get("/readyz")
            assert down.status_code == 503
            assert "in use by another process" in down.json()["reason"]
            refused_response = client.post("/graphql", json=REGIONS, headers=headers)
            assert refused_response.status_code == 503
            refused = refused_response.json()
            assert [e["extensions"]["code"] for e in refused["errors"]] == ["STORE_UNAVAILABLE"]
            assert "Traceback" not in str(refused)

            holder.kill()
            holder.wait()
            deadline = time.monotonic() + 10
            while client.get("/readyz").status_code != 200:
                assert time.monotonic() < deadline, "the service did not recover"
                time.sleep(0.1)

            back = client.post("/graphql", json=REGIONS, headers=headers).json()
            assert "errors" not in back and len(back["data"]["regions"]) > 10
        # The operator's log says why, once for the whole outage (not at every retry), and when it ended.
        said = [r.getMessage() for r in caplog.records if r.name == "service.store.resilient"]
        assert len(said) == 2, said
        assert said[0].startswith("the store cannot be opened") and "in use by another process" in said[0]
        assert said[1].startswith("the store is open again")
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        holder.stdout.close()
