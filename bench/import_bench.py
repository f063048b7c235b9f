"""How long a bulk import of a large directory takes on the embedded engine.

    python bench/import_bench.py [--officers 2000] [--postings 3000]

Generates a directory as CSV files (the demo network's reference data, then the given numbers of
officers and postings, deterministically) into a temporary directory, imports it with
`--apply` semantics into a fresh embedded store and prints the time. Not part of the test
suite (a test runs it with tiny sizes to prove it works).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import tempfile
import time
from datetime import date
from pathlib import Path

from seed import DEFAULT_SEED_DIR
from service.security.identity import Identity, Role
from service.settings import Engine, Settings
from service.store import open_executor
from service.store.migrator import migrate
from service.usecases.bulk import import_directory, read_path
from service.usecases.bulk.formats import render
from service.usecases.bulk.records import BY_NAME
from service.usecases.caller import Caller

REFERENCE = ("services", "regions", "countries", "competences", "programmes")


def _seed(name: str) -> list[dict]:
    return json.loads((DEFAULT_SEED_DIR / f"{name}.json").read_text(encoding="utf-8"))


def generate(directory: Path, officers: int, postings: int) -> None:
    """The reference data of the demo network plus `officers` officers holding `postings` postings.

    Every officer has a current resident posting; the postings beyond one per officer are earlier,
    ended resident postings of the first officers (so no officer ever holds two at once).
    """
    if postings < officers:
        raise ValueError("every officer gets at least one posting: postings >= officers")
    for name in REFERENCE:
        entity = BY_NAME[name]
        records = [entity.model.model_validate(r) for r in _seed(name)]
        (directory / f"{name}.csv").write_bytes(render(entity, records, "csv"))
    services = [s["code"] for s in _seed("services")]
    countries = sorted(c["iso2"] for c in _seed("countries") if c["iso2"] not in ("BE", "NL", "LU"))
    competences = [c["code"] for c in _seed("competences")]
    with open(directory / "officers.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "name", "email", "languages", "service", "competences", "deputies", "updatedAt"])
        for i in range(officers):
            deputy = f"LO-B{i + 1:05d}" if i + 1 < officers and i % 10 != 9 else ""  # chains of ten, no cycle
            writer.writerow([
                f"LO-B{i:05d}", f"Officer {i:05d}", f"officer.{i:05d}@lo.example.eu", "nl;en" if i % 2 else "fr;en",
                services[i % len(services)], f"{competences[i % len(competences)]}:{1 + i % 3}", deputy,
                "2026-11-01T08:00:00Z",
            ])
    with open(directory / "postings.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "officer", "city", "country", "startsOn", "endsOn", "kind", "serves", "accreditedTo"])
        for n in range(postings):
            i, earlier = (n, False) if n < officers else (n - officers, True)
            country = countries[(i + (7 if earlier else 0)) % len(countries)]
            starts, ends = (date(2019, 9, 1), date(2023, 8, 31)) if earlier else (date(2023, 9, 1), None)
            writer.writerow([
                f"P-B{n:05d}", f"LO-B{i % officers:05d}", f"City {country}", country, starts.isoformat(),
                ends.isoformat() if ends else "", "resident", "ALL" if i % 3 == 0 else services[i % len(services)],
                countries[(i + 1) % len(countries)] if i % 4 == 0 and countries[(i + 1) % len(countries)] != country else "",
            ])


async def run(officers: int = 2000, postings: int = 3000) -> tuple[float, dict]:
    """Generate, import into a fresh embedded store; (seconds the import took, its summary)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = root / "files"
        files.mkdir()
        generate(files, officers, postings)
        executor = open_executor(Settings(LONET_ENGINE=Engine.EMBEDDED, LONET_EMBEDDED_PATH=root / "bench.lbug"))
        try:
            await migrate(executor)
            caller = Caller(Identity("bench", frozenset({Role.ADMIN}), "BE-FEDPOL"), "import bench", "bench", date.today())
            started = time.perf_counter()  # reading and checking the files included
            report = await import_directory(executor, caller, read_path(files, "csv"), apply=True)
            elapsed = time.perf_counter() - started
        finally:
            await executor.close()
    if report.refused:
        raise RuntimeError("\n".join(report.lines()))
    return elapsed, report.plan.summary()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=2000)
    parser.add_argument("--postings", type=int, default=3000)
    args = parser.parse_args()
    elapsed, summary = asyncio.run(run(args.officers, args.postings))
    print(f"imported {summary['officers']['created']} officers and {summary['postings']['created']} postings "
          f"(and the reference data) in {elapsed:.2f} s on the embedded engine, in one transaction")


if __name__ == "__main__":
    main()
