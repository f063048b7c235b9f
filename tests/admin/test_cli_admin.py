"""`lonet import`, `lonet export` and `lonet retention` as an operator runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from seed import DEFAULT_SEED_DIR
from tests.test_cli import counts


def lonet(*args: str, store: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "LONET_ENGINE": "embedded", "LONET_EMBEDDED_PATH": str(store), **env}
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args], env=environment, capture_output=True, text=True, timeout=120
    )


def test_export_and_import_round_trip_through_the_command_line(tmp_path: Path) -> None:
    demo, fresh = tmp_path / "demo.lbug", tmp_path / "fresh.lbug"
    assert lonet("seed", store=demo).returncode == 0
    exported = lonet("export", str(tmp_path / "out"), "--justification", "CHG-1", store=demo)
    assert exported.returncode == 0, exported.stderr
    assert lonet("migrate", store=fresh).returncode == 0

    dry = lonet("import", str(tmp_path / "out"), store=fresh)
    applied = lonet("import", str(tmp_path / "out"), "--apply", "--justification", "CHG-2", store=fresh)
    again = lonet("export", str(tmp_path / "again"), "--justification", "CHG-3", store=fresh)

    officers = len(json.loads((DEFAULT_SEED_DIR / "officers.json").read_text()))
    assert dry.returncode == 0 and f"officers: {officers} would be created" in dry.stdout
    assert "dry run: nothing was written" in dry.stdout
    assert applied.returncode == 0 and f"officers: {officers} created" in applied.stdout, applied.stderr
    assert again.returncode == 0
    for path in sorted((tmp_path / "out").iterdir()):
        assert (tmp_path / "again" / path.name).read_bytes() == path.read_bytes(), path.name


def test_a_bad_file_is_refused_naming_file_line_and_column_and_nothing_changes(tmp_path: Path) -> None:
    store = tmp_path / "lonet.lbug"
    assert lonet("seed", store=store).returncode == 0
    before = counts(lonet("status", store=store).stdout)
    bad = tmp_path / "officers.csv"
    bad.write_text("id,name,service\nLO-C01,Good Row,BE-FEDPOL\nLO-C02,Bad Row,BE-NOWHERE\n", encoding="utf-8")

    refused = lonet("import", str(bad), "--apply", "--justification", "CHG-4", store=store)
    unjustified = lonet("import", str(bad), "--apply", store=store)

    assert refused.returncode == 2
    assert "officers.csv, line 3 (LO-C02), column service: unknown service 'BE-NOWHERE'" in refused.stderr
    assert "nothing was written" in refused.stderr and "Traceback" not in refused.stderr
    assert unjustified.returncode == 2 and "--justification" in unjustified.stderr
    assert counts(lonet("status", store=store).stdout) == before


def test_retention_dry_run_then_apply_then_nothing_left(tmp_path: Path) -> None:
    store = tmp_path / "lonet.lbug"
    assert lonet("seed", store=store).returncode == 0
    later = {"LONET_TODAY": "2029-01-01", "LONET_RETENTION_DAYS": "730"}  # cutoff 2027-01-01: every closed demo tasking
    closed = [t for t in json.loads((DEFAULT_SEED_DIR / "taskings.json").read_text()) if t["status"] in ("COMPLETED", "DECLINED", "CANCELLED")]

    dry = lonet("retention", store=store, **later)
    applied = lonet("retention", "--apply", "--justification", "RET-1", store=store, **later)
    again = lonet("retention", store=store, **later)

    assert dry.returncode == 0 and f"{len(closed)} closed taskings last changed" in dry.stdout and len(closed) > 1 and "dry run" in dry.stdout
    assert all(t["reference"] in dry.stdout for t in closed)
    assert applied.returncode == 0 and "free text removed" in applied.stdout
    assert again.returncode == 0 and "0 closed taskings last changed" in again.stdout
