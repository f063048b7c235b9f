"""Seeding: idempotent, validated first, all or nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from seed import DEFAULT_SEED_DIR, SeedRejected, load_seed
from service.domain.enums import Lang
from service.i18n import speaking
from service.store import Executor
from service.store.migrator import migrate
from service.usecases.maintenance import graph_counts, migrate_and_seed


def edited_copy(tmp_path: Path, edits: dict[str, callable]) -> Path:
    """A copy of the demo seed files with some records changed."""
    directory = tmp_path / "seed"
    shutil.copytree(DEFAULT_SEED_DIR, directory)
    for file, edit in edits.items():
        path = directory / f"{file}.json"
        records = json.loads(path.read_text(encoding="utf-8"))
        edit(records)
        path.write_text(json.dumps(records), encoding="utf-8")
    return directory


def find(records: list[dict], key: str, value: str) -> dict:
    return next(r for r in records if r.get(key) == value)


async def test_seeding_twice_changes_nothing_and_keeps_what_users_changed(empty_store: Executor) -> None:
    """Seeding twice gives the same counts; officers are created when missing, not overwritten:
    an LO's own update survives a reseed. (One test: each seeding costs seconds on Neo4j.)"""
    from service.store import Transaction
    from service.store.queries.seed import CREATE_OFFICERS
    from service.usecases.reads import DirectoryReads

    first = await migrate_and_seed(empty_store)
    second = await migrate_and_seed(empty_store)

    assert first == second
    assert first["Officer"] == len(json.loads((DEFAULT_SEED_DIR / "officers.json").read_text()))
    assert first["Tasking"] > 0 and 0 < first["SERVES"] < first["Posting"]  # most postings serve all: a flag

    seed = load_seed()
    changed = seed.officers[0].model_copy(update={"name": "Changed In The File"})

    async def reseed_one(tx: Transaction) -> None:
        await tx.run(CREATE_OFFICERS, {"rows": [changed.model_dump(exclude={"competences", "deputies"})]})

    await empty_store.write(reseed_one)
    officer = await DirectoryReads(empty_store).officer.load(changed.id)
    assert officer.name == seed.officers[0].name


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        (
            {"postings": lambda rs: find(rs, "id", "P-004").update(country="QQ")},
            ["postings.json record 4 (P-004), field country: unknown country 'QQ'"],
        ),
        (
            {"postings": lambda rs: find(rs, "id", "P-002").update(startsOn="2025-01-01", endsOn="2024-01-01")},
            ["postings.json record 2 (P-002), field (record): endsOn 2024-01-01 is before startsOn 2025-01-01"],
        ),
        (
            {"postings": lambda rs: find(rs, "id", "P-002").update(area=["BQ"])},
            ["postings.json record 2 (P-002)", "BQ is part of the Netherlands (Caribbean Netherlands)"],
        ),
        (
            {"windows": lambda rs: rs.append({**find(rs, "id", "W-001"), "id": "W-999", "note": "overlap"})},
            ["windows.json", "(W-999)", "overlaps window W-001"],
        ),
        (
            {"taskings": lambda rs: rs[0]["events"].append({**rs[0]["events"][-1], "id": "E-999999", "action": "COMPLETED", "fromStatus": rs[0]["status"], "toStatus": "COMPLETED"})},
            ["taskings.json record 1", "events."],
        ),
        (
            {"services": lambda rs: rs.append({"code": "BE-FEDPOL", "name": "Twice", "country": "BE", "kind": "police"})},
            ["services.json", "BE-FEDPOL appears more than once"],
        ),
    ],
    ids=["unknown-country", "ends-before-start", "area-not-a-destination", "overlapping-window", "illegal-transition", "duplicate-code"],
)
def test_a_bad_record_is_reported_with_file_record_field_and_reason(tmp_path: Path, edits, expected) -> None:
    with pytest.raises(SeedRejected) as rejected:
        load_seed(edited_copy(tmp_path, edits))
    report = str(rejected.value)
    assert "nothing was written" in report
    for part in expected:
        assert part in report, report


def test_the_seed_only_rules_are_reported_in_the_user_s_language(tmp_path: Path) -> None:
    """`lonet seed` speaks its user's locale: the rules only a seed file checks (a tasking's times, a
    notice's issuer) and the report around them."""
    edits = {
        "taskings": lambda rs: rs[0].update(updatedAt="2026-06-01T00:00:00Z"),
        "notices": lambda rs: rs[0].update(deskPosting="P-001"),
    }
    with speaking(Lang.FR), pytest.raises(SeedRejected) as rejected:
        load_seed(edited_copy(tmp_path, edits))
    report = str(rejected.value)

    assert report.startswith("seed refusé, rien n'a été écrit : 2 problèmes\n"), report
    assert "taskings.json enregistrement 1 (T-0001), champ (record) : updatedAt est antérieur à createdAt" in report
    assert "champ (record) : un avis est émis par un officier de liaison (issuerOfficer) ou pour un bureau" in report


def test_every_bad_record_is_reported_not_just_the_first(tmp_path: Path) -> None:
    def break_three(records: list[dict]) -> None:
        records[0]["country"] = "QQ"
        records[1]["kind"] = "embassy"
        records[2]["startsOn"] = "not a date"

    with pytest.raises(SeedRejected) as rejected:
        load_seed(edited_copy(tmp_path, {"postings": break_three}))
    problems = rejected.value.problems
    assert [(p.record, p.field) for p in problems] == [(2, "kind"), (3, "startsOn"), (1, "country")]


async def test_a_refused_seed_leaves_the_store_unchanged(empty_store: Executor, tmp_path: Path) -> None:
    await migrate(empty_store)
    before = await graph_counts(empty_store)
    bad = edited_copy(tmp_path, {"postings": lambda rs: find(rs, "id", "P-004").update(country="QQ")})

    with pytest.raises(SeedRejected):
        await migrate_and_seed(empty_store, bad)

    assert await graph_counts(empty_store) == before

