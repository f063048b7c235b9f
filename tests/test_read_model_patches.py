"""The read model's patched mappings (service/usecases/directory_model.py): after any sequence of
patches, each value answers exactly as a mapping rebuilt from scratch would, and an older value a
request may still hold is left as it was. And the reads the patches make: one officer by key,
several by `IN $ids`, the same rows either way."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.domain.gatherings import ATTENDANCE_STATUS
from service.domain.lifecycle import OPEN_STATE_VALUES
from service.domain.models import Officer
from service.store import Executor
from service.store.queries import directory as q
from service.store.queries import gatherings as gq
from service.store.queries import search as sq
from service.usecases.directory_model import FOLD_AT, Patched, Validated, patched, rows_by_keys
from service.usecases.reads import _apply_workload, fetch, workload_rows

KEYS = st.text(alphabet="abcdefgh", min_size=1, max_size=2)
# One patch: the keys read again, and the values found for some of them (the rest are gone).
PATCH = st.lists(st.tuples(KEYS, st.one_of(st.none(), st.integers(0, 9))), max_size=12)


def _apply(expected: dict[str, int], patch: list[tuple[str, int | None]]) -> tuple[list[str], dict[str, int]]:
    keys = [key for key, _ in patch]
    fresh = {key: value for key, value in patch if value is not None}
    for key in keys:
        expected.pop(key, None)
    expected.update(fresh)
    return keys, fresh


def _same(found: object, expected: dict[str, int]) -> None:
    assert dict(found.items()) == expected  # type: ignore[attr-defined]
    assert len(found) == len(expected)  # type: ignore[arg-type]
    assert sorted(found) == sorted(expected)  # type: ignore[call-overload]
    for key in "abcdefgh":
        assert (key in found) == (key in expected)  # type: ignore[operator]
        assert found.get(key, "none") == expected.get(key, "none")  # type: ignore[attr-defined]


@settings(max_examples=150, deadline=None)
@given(base=st.dictionaries(KEYS, st.integers(0, 9), max_size=20), patches=st.lists(PATCH, max_size=8))
def test_a_patched_mapping_answers_as_the_mapping_rebuilt_whole(base: dict[str, int], patches: list) -> None:
    expected, current = dict(base), base
    history: list[tuple[object, dict[str, int]]] = []
    for patch in patches:
        keys, fresh = _apply(expected, patch)
        current = patched(current, keys, fresh)
        history.append((current, dict(expected)))
        _same(current, expected)
    for value, then in history:  # every earlier value unchanged by the later patches
        _same(value, then)
    assert base == dict(base)


def test_patches_keep_one_layer_and_fold_into_a_new_mapping_once_they_grow() -> None:
    base = {f"o{i}": i for i in range(5_000)}
    one = patched(base, ["o1"], {"o1": -1})
    two = patched(one, ["o2"], {"o2": -2})
    assert isinstance(two, Patched) and two.base is base  # no copy of the 5,000, no layer upon layer
    folded = patched(two, [f"o{i}" for i in range(3, FOLD_AT + 3)], {})
    assert not isinstance(folded, Patched)
    assert len(folded) == 5_000 - FOLD_AT and folded["o1"] == -1 and folded["o2"] == -2 and "o3" not in folded


def _officer_row(officer_id: str, name: str) -> dict:
    return {"id": officer_id, "name": name, "email": f"{officer_id.lower()}@lo.example.eu", "languages": ["en"],
            "service": "BE-FEDPOL", "availability": "AVAILABLE", "updatedAt": "2026-11-01T08:00:00Z", "version": 1}


STEP = st.one_of(
    st.tuples(st.just("rename"), st.integers(0, 9), st.text(alphabet="xyz", min_size=1, max_size=3)),
    st.tuples(st.just("look"), st.integers(0, 9), st.just("")),
)


@settings(max_examples=200, deadline=None)
@given(steps=st.lists(STEP, max_size=14), fold_at=st.sampled_from([1, 2, 3, 1000]))
def test_validated_officers_show_each_record_as_its_latest_row_after_any_patches(
    steps: list[tuple[str, int, str]], fold_at: int
) -> None:
    import service.usecases.directory_model as directory_model

    saved = directory_model.FOLD_AT
    directory_model.FOLD_AT = fold_at  # folding after a few patches, or never: both ways
    try:
        names = {f"LO-{i}": f"Officer {i}" for i in range(10)}
        officers = Validated(Officer, {i: _officer_row(i, n) for i, n in names.items()})
        generations = [(officers, dict(names))]
        for action, i, name in steps:
            officer_id = f"LO-{i}"
            if action == "look":  # a model validated now, kept for later lookups (and copies)
                assert officers[officer_id].name == names[officer_id]
                continue
            names[officer_id] = name
            officers = officers.replaced([officer_id], [_officer_row(officer_id, name)])
            generations.append((officers, dict(names)))
        for value, then in generations:  # the latest value, and any a request may still hold
            assert {officer_id: value[officer_id].name for officer_id in value} == then
            assert all(value.row(officer_id)["name"] == then[officer_id] for officer_id in then)
        gone = officers.replaced(["LO-3"], [])
        assert "LO-3" not in gone and len(gone) == 9 and "LO-3" in officers
    finally:
        directory_model.FOLD_AT = saved


def test_officer_models_validated_once_are_not_validated_again_by_a_patched_copy() -> None:
    officers = Validated(Officer, {f"LO-{i}": _officer_row(f"LO-{i}", f"Officer {i}") for i in range(100)})
    seen = officers["LO-7"]
    copy = officers.replaced(["LO-8"], [_officer_row("LO-8", "Renamed")])
    assert copy["LO-7"] is seen  # shared, not validated again (a search shows dozens per answer)
    assert copy["LO-8"].name == "Renamed" and officers["LO-8"].name == "Officer 8"


# -- the patches' reads: one key by its twin statement, several by `IN $ids` (both engines) --------

OFFICERS = ("LO-001", "LO-002", "LO-003")
PATCHES = {  # the many-keys statement, its one-key twin, other parameters, keys of the demo network
    "records": (q.OFFICERS_BY_IDS, q.OFFICER_BY_ID, {}, OFFICERS),
    "windows": (gq.WINDOWS_BY_OFFICERS, gq.WINDOWS_OF_OFFICER, {"attendanceStatus": ATTENDANCE_STATUS.value}, OFFICERS),
    "deputies": (q.DEPUTIES_BY_OFFICERS, q.DEPUTIES_OF_OFFICER, {}, OFFICERS),
}


def _canonical(rows: list[dict]) -> list[str]:
    return sorted(repr(sorted(row.items())) for row in rows)


@pytest.mark.parametrize("part", sorted(PATCHES))
async def test_one_key_read_by_its_twin_is_what_the_many_keys_statement_reads_of_it(demo_store: Executor, part: str) -> None:
    """After one LO's change (or one tasking's) the patch reads it by key (LadybugDB scans the
    label for `IN`): its rows are those the statement for several keys finds for it, and several
    keys are each one's rows together."""
    many, one, params, keys = PATCHES[part]
    alone: dict[str, list[str]] = {}
    for key in (*keys, "X-NOBODY"):
        async with _counted(demo_store, one.name):
            rows = await rows_by_keys(demo_store, [key], many, one, params)
        assert _canonical(rows) == _canonical(await fetch(demo_store, many, {**params, "ids": [key]})), (part, key)
        alone[key] = _canonical(rows)
    assert all(alone[key] for key in keys) if part == "records" else any(alone[key] for key in keys), alone
    assert alone["X-NOBODY"] == []
    async with _counted(demo_store, many.name):
        together = await rows_by_keys(demo_store, reversed(keys), many, one, params)
    # (two taskings of one officer give that officer's count once)
    assert _canonical(together) == sorted({row for key in keys for row in alone[key]})


async def test_one_taskings_workload_counted_from_its_officers_statuses_is_what_the_count_in_the_store_gives(
    demo_store: Executor,
) -> None:
    """After one tasking's change the workload patch reads the statuses of its officer's taskings
    by the tasking's key and counts the open ones itself (where the engine's aggregate costs more
    than the rows: Executor.counts_in_statements), else counts them in the store: the same count,
    per officer, either way, for one tasking and for several."""
    many = sq.OPEN_WORKLOAD_OF_TASKINGS
    params = {"openStates": OPEN_STATE_VALUES}
    keys = ("T-0001", "T-0002", "T-0003")
    one = many if demo_store.counts_in_statements else sq.STATUSES_ASSIGNED_WITH_TASKING
    alone: dict[str, list[str]] = {}
    for key in (*keys, "X-NOBODY"):
        async with _counted(demo_store, one.name):
            rows = await workload_rows(demo_store, [key])
        assert _canonical(rows) == _canonical(await fetch(demo_store, many, {**params, "ids": [key]})), key
        counted: dict[str, int] = {}  # the statuses counted here, whichever the engine reads
        for row in await fetch(demo_store, sq.STATUSES_ASSIGNED_WITH_TASKING, {"id": key}):
            counted[row["officer"]] = counted.get(row["officer"], 0) + (row["status"] in params["openStates"])
        assert _canonical([{"officer": o, "open": n} for o, n in counted.items()]) == _canonical(rows), key
        alone[key] = _canonical(rows)
    assert all(alone[key] for key in keys) and alone["X-NOBODY"] == []
    assert any("'open', 0)" not in row for key in keys for row in alone[key]), "the demo has open taskings"
    async with _counted(demo_store, many.name):
        together = await workload_rows(demo_store, reversed(keys))
    assert _canonical(together) == sorted({row for key in keys for row in alone[key]})


@asynccontextmanager
async def _counted(store: Executor, statement: str) -> AsyncIterator[None]:
    """The block runs the statement once."""
    before = store.stats.by_statement[statement]
    yield
    assert store.stats.by_statement[statement] == before + 1, statement


def test_described_changes_to_open_taskings_leave_out_an_officer_left_with_none() -> None:
    """Counts applied from what writes described read as a whole read would give them: an LO
    whose last open tasking closed is left out, a new one counted, the kept counts untouched."""
    kept = MappingProxyType({"LO-001": 1, "LO-002": 2})
    effects = [{"open": {"LO-001": -1}}, {"open": {"LO-002": 1, "LO-003": 1}}, {"open": {"LO-003": 1}}]

    counts = _apply_workload(kept, effects)

    assert dict(counts) == {"LO-002": 3, "LO-003": 2} and "LO-001" not in counts
    assert dict(kept) == {"LO-001": 1, "LO-002": 2}
    assert dict(_apply_workload(counts, [{"open": {"LO-001": 1}}])) == {"LO-001": 1, "LO-002": 3, "LO-003": 2}
