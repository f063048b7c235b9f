"""The benchmark network: a large, deterministic directory with years of taskings.

    python bench/generate.py --out /tmp/bench.lbug [--seed 7] [--scale 1.0] [--json DIR]

Builds, from one seed, 5,000 officers holding 12,000 postings (the current ones and their
earlier ones), every country and region of the demo network, 60 services, 40 competences,
availability windows, deputies, and 200,000 taskings with their events; then migrates a fresh
embedded store and loads it through the seed's own bulk statements (`seed.loader.statement_rows`,
UNWIND batches), with a progress bar. The same seed always gives the same network (byte for
byte); `--json DIR` also writes it as seed files (`lonet seed --dir DIR` validates them).

The network is anchored on ANCHOR (2026-11-24, the demo network's day): postings, windows and
open taskings are laid around it, so the server under test runs with LONET_TODAY set to it.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

# Run as a script (`python bench/generate.py`), this checkout's code is imported, not whichever
# checkout `pip install -e` pointed at.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from seed import DEFAULT_SEED_DIR  # noqa: E402
from service.domain.deadlines import legal_basis_refusal  # noqa: E402
from service.domain.enums import LegalBasis  # noqa: E402
from service.settings import Engine, Settings  # noqa: E402

ANCHOR = date(2026, 11, 24)


def legal_basis(drawn: str, country: str) -> str:
    """The drawn basis, unless the destination cannot have it (2023/977 outside the EU)."""
    return "COUNCIL_DECISION_2003_170_JHA" if legal_basis_refusal(LegalBasis(drawn), country) else drawn
BENELUX = ("BE", "NL", "LU")
UTC = timezone.utc


@dataclass(frozen=True)
class Sizes:
    officers: int = 5_000
    postings: int = 12_000  # at least one (the current one) per officer; the rest are earlier ones
    services: int = 60
    competences: int = 40
    taskings: int = 200_000
    windows: int = 1_500

    def scaled(self, factor: float) -> Sizes:
        """Smaller (or larger) networks for tests and quick runs; reference data stays whole."""
        officers = max(20, round(self.officers * factor))
        return Sizes(
            officers=officers,
            postings=max(officers, round(self.postings * factor)),
            services=self.services,
            competences=self.competences,
            taskings=max(10, round(self.taskings * factor)),
            windows=max(2, round(self.windows * factor)),
        )


# -- vocabularies --------------------------------------------------------------------------------

FIRST = [
    "Anke", "Bram", "Chloé", "Dirk", "Els", "Floor", "Gilles", "Hanne", "Ilse", "Jan", "Karim", "Lotte", "Marc",
    "Nadia", "Olivier", "Pieter", "Quentin", "Rik", "Sofie", "Thomas", "Ursula", "Vincent", "Wim", "Xavier",
    "Yasmine", "Zoë", "Amélie", "Bart", "Camille", "Daan", "Emma", "Frédéric", "Griet", "Hugo", "Inès", "Joost",
    "Laure", "Mathis", "Noor", "Pol", "Romy", "Sander", "Tess", "Luc", "Myriam", "Joé", "Claude", "Lena",
]
LAST = [
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet",
    "Dubois", "Lambert", "Dupont", "Martin", "Simon", "de Jong", "Jansen", "de Vries", "van den Berg", "Bakker",
    "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Vos", "Hoekstra", "Schmit", "Muller", "Weber",
    "Wagner", "Hoffmann", "Reuter", "Kieffer", "Thill", "Schiltz", "Hansen", "Becker", "Kremer",
]
RANKS = ["Inspecteur", "Hoofdinspecteur", "Commissaris", "Hoofdcommissaris", "Commissaire", "Major", "Adjudant", None]
HOME_LANGUAGES = {"BE": [["nl", "fr"], ["fr", "nl"], ["nl"], ["fr"], ["de", "fr"]], "NL": [["nl"]], "LU": [["lb", "fr", "de"]]}
FOREIGN_LANGUAGES = ["en", "es", "pt", "ar", "ru", "sr", "tr", "zh", "it", "pl", "sq", "ro", "de", "fr", "uk", "fa"]
EXTRA_COMPETENCES = [
    ("ENVIRONMENTAL_CRIME", "Environmental crime"), ("ART_TRAFFICKING", "Trafficking in cultural goods"),
    ("VAT_FRAUD", "VAT carousel fraud"), ("CORRUPTION", "Corruption"), ("CHILD_ABUSE_ONLINE", "Online child abuse"),
    ("WILDLIFE_TRAFFICKING", "Wildlife trafficking"), ("COUNTERFEITING", "Counterfeit goods"),
    ("DOCUMENT_FRAUD", "Document fraud"), ("VEHICLE_CRIME", "Organised vehicle crime"),
    ("MARITIME_SMUGGLING", "Maritime smuggling"), ("PORT_SECURITY", "Port security"),
    ("FUGITIVE_TRACKING", "Fugitive tracking"), ("KIDNAPPING", "Kidnapping and extortion"),
    ("HOMICIDE", "Homicide"), ("CRYPTO_ASSETS", "Crypto-asset crime"), ("RANSOMWARE", "Ransomware"),
    ("EXTREMISM", "Violent extremism"), ("WITNESS_PROTECTION", "Witness protection"),
    ("SANCTIONS_EVASION", "Sanctions evasion"), ("TOBACCO_SMUGGLING", "Tobacco smuggling"),
    ("SYNTHETIC_DRUGS", "Synthetic drug production"), ("PRECURSORS", "Drug precursors"),
    ("LABOUR_EXPLOITATION", "Labour exploitation"), ("INVESTMENT_FRAUD", "Investment fraud"),
    ("IDENTITY_THEFT", "Identity theft"), ("BORDER_MANAGEMENT", "Border management"),
    ("FORENSICS", "Forensic cooperation"), ("ASSET_RECOVERY", "Asset recovery"),
]
SERVICE_KINDS = {"BE": ["police", "police", "customs", "justice", "inspection"],
                 "NL": ["police", "police", "gendarmerie", "customs", "justice", "inspection"],
                 "LU": ["police", "customs", "justice"]}
MULTILATERAL = [("NL", "The Hague", "Europol, The Hague"), ("FR", "Lyon", "Interpol General Secretariat, Lyon"),
                ("PL", "Warsaw", "Frontex, Warsaw"), ("PT", "Lisbon", "MAOC-N, Lisbon"), ("RO", "Bucharest", "SELEC, Bucharest")]
WINDOW_STATUSES = [("ON_LEAVE", "Annual leave"), ("ON_MISSION", "Joint operation"), ("LIMITED", "Training course"),
                   ("UNREACHABLE", "Travel to a remote area")]
LEGAL_BASES = ["BENELUX_POLICE_TREATY_2018", "COUNCIL_DECISION_2003_170_JHA", "DIRECTIVE_EU_2023_977", "MUTUAL_LEGAL_ASSISTANCE"]
DEADLINE = {"ROUTINE": timedelta(days=7), "URGENT": timedelta(days=3), "IMMEDIATE": timedelta(hours=8)}
# The events after REQUESTED that lead to each status: (action, from, to).
PATHS = {
    "REQUESTED": [],
    "ACCEPTED": [("ACCEPTED", "REQUESTED", "ACCEPTED")],
    "DECLINED": [("DECLINED", "REQUESTED", "DECLINED")],
    "IN_PROGRESS": [("ACCEPTED", "REQUESTED", "ACCEPTED"), ("STARTED", "ACCEPTED", "IN_PROGRESS")],
    "COMPLETED": [("ACCEPTED", "REQUESTED", "ACCEPTED"), ("STARTED", "ACCEPTED", "IN_PROGRESS"),
                  ("COMPLETED", "IN_PROGRESS", "COMPLETED")],
    "CANCELLED": [("CANCELLED", "REQUESTED", "CANCELLED")],
}
NOTES = {"DECLINED": "Outside my posting's competence", "CANCELLED": "No longer needed"}


def _seed_file(name: str) -> list[dict[str, Any]]:
    return json.loads((DEFAULT_SEED_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# -- the generator ---------------------------------------------------------------------------------


class _Generator:
    def __init__(self, seed: int, sizes: Sizes, anchor: date) -> None:
        self.rng = random.Random(seed)
        self.sizes = sizes
        self.anchor = anchor

    def reference(self) -> dict[str, list[dict[str, Any]]]:
        rng = self.rng
        services = [{k: s[k] for k in ("code", "name", "country", "kind")} for s in _seed_file("services")]
        number = 0
        while len(services) < self.sizes.services:
            country = ("BE", "NL", "BE", "NL", "LU")[number % 5]
            number += 1
            kind = rng.choice(SERVICE_KINDS[country])
            services.append({"code": f"{country}-UNIT-{number:02d}", "name": f"{country} {kind} unit {number:02d}",
                             "country": country, "kind": kind})
        competences = [dict(c) for c in _seed_file("competences")]
        for code, name in EXTRA_COMPETENCES[: max(0, self.sizes.competences - len(competences))]:
            competences.append({"code": code, "name_en": name, "name_nl": f"{name} (nl)", "name_fr": f"{name} (fr)",
                                "name_de": f"{name} (de)"})
        programmes = [{**p, "startsOn": _day(p["startsOn"]), "endsOn": _day(p.get("endsOn"))} for p in _seed_file("programmes")]
        return {
            "services": services[: self.sizes.services],
            "regions": [dict(r) for r in _seed_file("regions")],
            "countries": [dict(c) for c in _seed_file("countries")],
            "competences": competences[: self.sizes.competences],
            "programmes": programmes,
        }

    def officers(self, services: list[dict], competences: list[str]) -> list[dict[str, Any]]:
        rng, n = self.rng, self.sizes.officers
        # Most LOs come from the big police services; every service has a few.
        weights = [8 if s["kind"] == "police" else 2 for s in services]
        homes = rng.choices(services, weights=weights, k=n)
        updated = datetime.combine(self.anchor, datetime.min.time(), UTC) - timedelta(days=30)
        officers = []
        for i in range(n):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            home = homes[i]
            languages = list(rng.choice(HOME_LANGUAGES[home["country"]]))
            for extra in ["en", *rng.sample(FOREIGN_LANGUAGES, rng.randint(0, 2))]:
                if extra not in languages:
                    languages.append(extra)
            availability = rng.choices(["AVAILABLE", "LIMITED", "ON_LEAVE", "ON_MISSION", "UNREACHABLE"], [85, 6, 4, 3, 2])[0]
            skills = rng.sample(competences, rng.randint(1, 4))
            # Deputies among the next officers only: no cycle is possible.
            later = range(i + 1, min(n, i + 60))
            deputies = [f"LO-{d + 1:05d}" for d in rng.sample(later, min(len(later), rng.choice([0, 1, 1, 2, 2, 3])))]
            officers.append({
                "id": f"LO-{i + 1:05d}",
                "name": f"{first} {last}",
                "rank": rng.choice(RANKS),
                "email": f"lo{i + 1:05d}@lo.example.eu",
                "phone": f"+32 2 555 {i + 1:05d}",
                "languages": languages,
                "availability": availability,
                "availabilityNote": None if availability == "AVAILABLE" else "see the windows",
                "updatedAt": updated + timedelta(minutes=rng.randint(0, 40_000)),
                "service": home["code"],
                "competences": [{"code": c, "level": rng.choice([1, 2, 2, 3])} for c in skills],
                "deputies": deputies,
            })
        return officers

    def postings(self, officers: list[dict], countries: list[dict], services: list[str], programmes: list[str]) -> list[dict]:
        rng, anchor = self.rng, self.anchor
        abroad = [c for c in countries if c["iso2"] not in BENELUX]
        order = list(abroad)
        rng.shuffle(order)
        weights = [1 / (rank + 8) for rank in range(len(order))]  # a few countries carry many LOs
        by_region: dict[str | None, list[str]] = {}
        for c in abroad:
            by_region.setdefault(c.get("region"), []).append(c["iso2"])
        postings: list[dict] = []
        current_start: dict[str, date] = {}

        def posting(officer: dict, starts: date, ends: date | None, current: bool) -> dict:
            kind = rng.choices(["resident", "regional", "multilateral"], [80, 15, 5])[0] if current else "resident"
            if kind == "multilateral":
                iso2, city, station = rng.choice(MULTILATERAL)
                accredited: list[str] = []
            else:
                country = rng.choices(order, weights=weights)[0]
                iso2, city, station = country["iso2"], f"{country['name_en']} capital", f"Embassy, {country['name_en']}"
                neighbours = [c for c in by_region.get(country.get("region"), []) if c != iso2]
                extra = rng.randint(1, 3) if kind == "regional" else (1 if rng.random() < 0.1 else 0)
                accredited = sorted(rng.sample(neighbours, min(extra, len(neighbours))))
            if rng.random() < 0.3:
                serves: str | list[str] = "ALL"
            else:
                serves = sorted({officer["service"], *rng.sample(services, rng.randint(0, 4))})
            return {
                "id": f"P-{len(postings) + 1:05d}",
                "officer": officer["id"],
                "city": city,
                "station": station,
                "country": iso2,
                "startsOn": starts,
                "endsOn": ends,
                "kind": kind,
                "accreditedTo": accredited,
                "serves": serves,
                "programmes": [rng.choice(programmes)] if rng.random() < 0.05 else [],
            }

        for officer in officers:  # the current posting: active on the anchor day
            starts = anchor - timedelta(days=rng.randint(0, 4 * 365))
            ends = None if rng.random() < 0.6 else anchor + timedelta(days=rng.randint(1, 3 * 365))
            postings.append(posting(officer, starts, ends, current=True))
            current_start[officer["id"]] = starts
        earliest = dict(current_start)
        for _ in range(self.sizes.postings - len(officers)):  # earlier ones, going back in time
            officer = rng.choice(officers)
            ends = earliest[officer["id"]] - timedelta(days=rng.randint(1, 90))
            starts = ends - timedelta(days=rng.randint(2 * 365, 4 * 365))
            earliest[officer["id"]] = starts
            postings.append(posting(officer, starts, ends, current=False))
        return postings

    def windows(self, officers: list[dict]) -> list[dict]:
        rng, anchor = self.rng, self.anchor
        windows = []
        for officer in rng.sample(officers, min(len(officers), self.sizes.windows)):
            starts = anchor + timedelta(days=rng.randint(-20, 300))
            status, note = rng.choice(WINDOW_STATUSES)
            windows.append({
                "id": f"W-{len(windows) + 1:05d}",
                "officer": officer["id"],
                "startsOn": starts,
                "endsOn": starts + timedelta(days=rng.randint(2, 21)),
                "status": status,
                "note": note,
            })
        return windows

    def taskings(self, officers: list[dict], postings: list[dict], services: list[dict]) -> list[dict]:
        rng, anchor, n = self.rng, self.anchor, self.sizes.taskings
        now = datetime.combine(anchor, datetime.min.time(), UTC) + timedelta(hours=12)
        span = 3 * 365 * 24 * 60  # minutes: three years of requests
        country_of = {p["officer"]: p["country"] for p in postings[: len(officers)]}  # current postings
        skills = {o["id"]: [c["code"] for c in o["competences"]] for o in officers}
        requesters = [s for s in services for _ in range({"BE": 3, "NL": 3, "LU": 1}[s["country"]])]
        # Drawn in bulk (one call per attribute): a per-tasking rng.choices would double the time.
        created = sorted(now - timedelta(minutes=1 + int(rng.random() * span)) for _ in range(n))
        assignees = rng.choices(officers, k=n)
        requesting = rng.choices(requesters, k=n)
        priorities = rng.choices(["ROUTINE", "URGENT", "IMMEDIATE"], [70, 25, 5], k=n)
        closed = rng.choices(["COMPLETED", "DECLINED", "CANCELLED", "IN_PROGRESS", "ACCEPTED"], [82, 9, 5, 3, 1], k=n)
        recent = rng.choices(["REQUESTED", "ACCEPTED", "IN_PROGRESS", "COMPLETED", "DECLINED"], [35, 25, 20, 15, 5], k=n)
        handling = rng.choices(["H0", "H1", "H2"], [2, 1, 1], k=n)
        bases = rng.choices(LEGAL_BASES, k=n)
        numbers: dict[int, int] = {}
        taskings, event_number = [], 0
        for i, created_at in enumerate(created):
            officer, service, priority = assignees[i], requesting[i], priorities[i]
            status = closed[i] if (now - created_at).days > 30 else recent[i]
            requester = f"{service['code'].lower()}:inv.{1 + int(rng.random() * 400):03d}"
            event_number += 1
            events = [{"id": f"E-{event_number:07d}", "at": created_at, "actor": requester, "action": "REQUESTED",
                       "fromStatus": None, "toStatus": "REQUESTED", "note": None}]
            at = created_at
            for action, before, after in PATHS[status]:
                at = min(at + timedelta(minutes=20 + int(rng.random() * 3 * 24 * 60)), now)
                event_number += 1
                events.append({"id": f"E-{event_number:07d}", "at": at, "actor": requester if action == "CANCELLED" else officer["id"],
                               "action": action, "fromStatus": before, "toStatus": after, "note": NOTES.get(action)})
            year = created_at.year
            numbers[year] = numbers.get(year, 0) + 1
            own = skills[officer["id"]]
            taskings.append({
                "id": f"T-{i + 1:06d}",
                "reference": f"BNL-{year}-{numbers[year]:06d}",
                "title": f"Request {i + 1}: verify an address",
                "details": "Please verify the suspect's registered address and who else lives there.",
                "priority": priority,
                "status": status,
                "legalBasis": legal_basis(bases[i], country_of[officer["id"]]),
                "handlingCode": handling[i],
                "dueBy": created_at + DEADLINE[priority],
                "createdAt": created_at,
                "updatedAt": at,
                "requestingService": service["code"],
                "assignee": officer["id"],
                "country": country_of[officer["id"]],
                "competences": [own[int(rng.random() * len(own))]],
                "outcome": "Address confirmed." if status == "COMPLETED" else None,
                "events": events,
            })
        return taskings


def generate(seed: int = 7, sizes: Sizes = Sizes(), anchor: date = ANCHOR) -> dict[str, list[dict[str, Any]]]:
    """The network as seed records (the seed files' format, Python values): same seed, same network.

    Without the cyclic garbage collector while the million rows are made (they hold no cycles,
    and its passes over them cost a third of the generation: 4.3 s against 2.7)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _generate(seed, sizes, anchor)
    finally:
        if collecting:
            gc.enable()


def _generate(seed: int, sizes: Sizes, anchor: date) -> dict[str, list[dict[str, Any]]]:
    g = _Generator(seed, sizes, anchor)
    records = g.reference()
    services = records["services"]
    records["officers"] = g.officers(services, [c["code"] for c in records["competences"]])
    records["postings"] = g.postings(
        records["officers"], records["countries"], [s["code"] for s in services], [p["code"] for p in records["programmes"]]
    )
    records["windows"] = g.windows(records["officers"])
    records["taskings"] = g.taskings(records["officers"], records["postings"], services)
    return records


def write_json(records: dict[str, list[dict[str, Any]]], directory: Path) -> None:
    """The network as seed files (`lonet seed --dir` reads and validates them)."""
    directory.mkdir(parents=True, exist_ok=True)

    def default(value: Any) -> str:
        if isinstance(value, datetime):
            return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
        if isinstance(value, date):
            return value.isoformat()
        raise TypeError(f"not JSON: {value!r}")

    for name, rows in records.items():
        text = json.dumps(rows, default=default, ensure_ascii=False, indent=1)
        (directory / f"{name}.json").write_text(text + "\n", encoding="utf-8")


class Progress:
    """A plain progress bar on stderr: rows written of the total, elapsed time."""

    def __init__(self, total: int, label: str = "loading", stream=sys.stderr, width: int = 30) -> None:
        self.total, self.label, self.stream, self.width = max(total, 1), label, stream, width
        self.done = 0
        self.started = time.perf_counter()

    def __call__(self, rows: int) -> None:
        self.done += rows
        filled = int(self.width * self.done / self.total)
        elapsed = time.perf_counter() - self.started
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {self.done:>9,}/{self.total:,} rows  {elapsed:5.1f} s"
        )
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


# The log size at which the embedded store checkpoints while the network loads. The server's
# 1 MB (settings.embedded_checkpoint_kb: it bounds a long-lived process's memory) made each
# 2,000-row transaction of taskings or events a checkpoint of its own, each rewriting more of a
# growing store: on the full network 130 s of CPU (20 s of it in the kernel) against 95 s at
# LadybugDB's own 16 MB and 91 s at 256 MB, the peak memory the same (1.8-1.9 GB, mostly the
# records). The store is then served with the server's setting again.
LOAD_CHECKPOINT_KB = 256 << 10


async def load(
    store: Path | Settings, records: dict[str, list[dict[str, Any]]], *, progress: bool = True, batch_size: int = 2_000
) -> dict[str, int]:
    """Migrate a fresh store and load the network; the graph's counts. `store` is the path of a new
    embedded store, or the settings of another (an empty Neo4j database: LONET_ENGINE=neo4j).

    2,000 rows per transaction: on the full network 49 s of loading against 55 s with 5,000 and
    50 s with 1,000 (LadybugDB's per-row cost grows with the transaction; bench/RESULTS.md)."""
    from seed.loader import statement_rows, write_in_batches
    from service.store import open_executor
    from service.store.migrator import migrate
    from service.usecases.maintenance import graph_counts

    # Millions of rows live until the end: keep the collector from walking them over and over
    # (the records, then the statements' rows made from them).
    gc.freeze()
    batches = statement_rows(records)
    gc.freeze()
    bar: Callable[[int], None] | None = Progress(sum(len(rows) for _, rows in batches)) if progress else None
    settings = store if isinstance(store, Settings) else Settings(LONET_ENGINE=Engine.EMBEDDED, LONET_EMBEDDED_PATH=store)
    if settings.engine is Engine.EMBEDDED:
        settings = settings.model_copy(update={"embedded_checkpoint_kb": max(settings.embedded_checkpoint_kb, LOAD_CHECKPOINT_KB)})
    executor = open_executor(settings)
    try:
        await migrate(executor)
        await write_in_batches(executor, batches, batch_size=batch_size, progress=bar)
        return await graph_counts(executor)
    finally:
        await executor.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="embedded store to create (must not exist)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size (0.01: a tiny network)")
    parser.add_argument("--json", type=Path, help="also write the network as seed files into this directory")
    args = parser.parse_args(argv)
    if args.out is None and args.json is None:
        parser.error("give --out (a store to load) and/or --json (seed files to write)")
    if args.out is not None and args.out.exists():
        parser.error(f"{args.out} exists: give a new path")
    started = time.perf_counter()
    records = generate(args.seed, Sizes().scaled(args.scale))
    generated = time.perf_counter() - started
    print(f"generated in {generated:.1f} s: " + ", ".join(f"{len(v):,} {k}" for k, v in records.items()), file=sys.stderr)
    if args.json is not None:
        write_json(records, args.json)
    if args.out is not None:
        counts = asyncio.run(load(args.out, records))
        total = time.perf_counter() - started
        print(f"bench network loaded into {args.out} in {total:.1f} s (generation included): "
              + ", ".join(f"{counts[k]:,} {k}" for k in ("Officer", "Posting", "Tasking", "TaskingEvent") if k in counts),
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
