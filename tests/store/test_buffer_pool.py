"""How much of the embedded store LadybugDB keeps in memory: LONET_EMBEDDED_BUFFER_POOL_MB, or,
unset, the store's size as it is opened and room for the statements' own memory, between a floor
and a ceiling (store.ladybug_executor.buffer_pool_for says why). The server's memory then stops
growing with the pages its traffic writes (bench/RESULTS.md, issue 22)."""

from __future__ import annotations

from pathlib import Path

from service.settings import Engine, Settings
from service.store import open_executor
from service.store.ladybug_executor import POOL_CEILING_MB, POOL_FLOOR_MB, POOL_HEADROOM_MB, buffer_pool_for
from service.store.migrator import migrate
from service.store.queries import seed as q
from service.store.queries.directory import SERVICES

MB = 1 << 20


def sized(path: Path, megabytes: int) -> Path:
    """A file of that size (sparse: nothing is written)."""
    with path.open("wb") as f:
        f.truncate(megabytes * MB)
    return path


def test_the_pool_is_the_store_and_its_log_with_room_to_spare(tmp_path: Path) -> None:
    store = sized(tmp_path / "store.lbug", 300)
    sized(tmp_path / "store.lbug.wal", 10)

    assert buffer_pool_for(store) == 300 + 10 + POOL_HEADROOM_MB


def test_a_new_or_small_store_gets_the_floor_and_a_huge_one_the_ceiling(tmp_path: Path) -> None:
    assert buffer_pool_for(tmp_path / "new.lbug") == POOL_FLOOR_MB
    assert buffer_pool_for(sized(tmp_path / "small.lbug", 5)) == POOL_FLOOR_MB
    assert buffer_pool_for(sized(tmp_path / "huge.lbug", 4096)) == POOL_CEILING_MB


async def test_a_store_opened_without_a_setting_is_sized_and_one_with_it_takes_it(tmp_path: Path) -> None:
    path = tmp_path / "store.lbug"
    sized_by_itself = open_executor(Settings(LONET_ENGINE=Engine.EMBEDDED, LONET_EMBEDDED_PATH=path))
    try:
        await migrate(sized_by_itself)
        row = {"code": "BE-POOL", "name": "Pool unit", "country": "BE", "kind": "police"}
        await sized_by_itself.write(lambda tx: tx.run(q.UPSERT_SERVICES, {"rows": [row]}))
        assert sized_by_itself.buffer_pool_mb == POOL_FLOOR_MB  # a new store
    finally:
        await sized_by_itself.close()

    configured = open_executor(Settings(LONET_ENGINE=Engine.EMBEDDED, LONET_EMBEDDED_PATH=path, LONET_EMBEDDED_BUFFER_POOL_MB=96))
    try:
        assert configured.buffer_pool_mb == 96
        services = await configured.read(lambda tx: tx.run(SERVICES))
        assert [s["code"] for s in services] == ["BE-POOL"]  # the store as written, under the smaller pool
    finally:
        await configured.close()
