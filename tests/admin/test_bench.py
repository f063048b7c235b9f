"""The import bench (bench/import_bench.py) works; its real sizes are run by hand, not here."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).parents[2] / "bench" / "import_bench.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("import_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_the_bench_imports_its_generated_directory() -> None:
    seconds, summary = await load_bench().run(officers=12, postings=20)

    assert seconds > 0
    assert summary["officers"]["created"] == 12 and summary["postings"]["created"] == 20
    assert summary["services"]["created"] > 0 and summary["countries"]["created"] > 0


def test_the_generated_files_are_the_same_every_time(tmp_path: Path) -> None:
    bench = load_bench()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    bench.generate(tmp_path / "a", 30, 45)
    bench.generate(tmp_path / "b", 30, 45)

    for path in (tmp_path / "a").iterdir():
        assert (tmp_path / "b" / path.name).read_bytes() == path.read_bytes()
