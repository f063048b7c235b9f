"""Load benchmark: lonet on the benchmark network, driven over HTTP from a separate process.

    python bench/run.py [--quick] [--engine embedded|neo4j [--peer]] [--json [FILE]] [--store PATH] [--save-store PATH]

1. The network: generated (bench/generate.py; timed) into a temporary directory, or a copy of a
   store saved earlier (`--save-store` keeps the generated one, `--store` reuses it). With
   `--engine neo4j` the store is a Neo4j 5.26 Community server started for the run
   (service/store/bundled_neo4j.py, its data directory in the temporary directory; stopped and
   removed at the end, also on Ctrl+C or an error), migrated and loaded through the same seed
   statements. `--store` and `--save-store` are for the embedded engine only: a Neo4j run always
   generates and loads its network.
2. Direct calls: the same use cases the API calls, in this process on the same store, without
   HTTP or GraphQL: what the store and the domain code cost by themselves.
3. The server: `lonet serve` (uvicorn, the engine chosen) as a child process with production
   settings, except: dev tokens (LONET_AUTH_MODE=dev, a key in the temporary directory),
   LONET_TODAY pinned to the network's anchor day, and LONET_RATE_LIMIT raised (the clients are a
   few dozen subjects sending thousands of requests a minute).
   With `--engine neo4j` the server first runs the write mix (below) at 8 clients for `--warm-up`
   seconds (30 by default; 0 leaves it out) before anything is timed, its figures printed by
   slice: Neo4j's JVM compiles the statements' hot paths as they run, and a request for
   assistance at 32 clients went from 26 to about 200 a second over its first 30 s of writes (in
   process, bench/RESULTS.md, twenty-fourth session). A deployed server runs warm; the first
   slice is the cold figure.
4. Each operation alone, with 1 client then with 32 concurrent clients (keep-alive HTTP/1.1
   connections; a minimal client so that the 2 cores go to the server): requests/s, p50/p95/p99
   latency, store round trips per request (from /metrics), errors; the server's peak RSS (and
   the Neo4j JVM's, from /proc: while loading, and from the server's start to the end).

Operations (the saved client examples): searchLiaisons (the investigator's question: a country
and a crime area, varied, sometimes a language, for varied requesting services),
searchByCountry (the same without a crime area: every LO covering the country, a hundred and
more on this network), officers(first: 50) with postings, their countries and served services,
and competences, myTaskings (an LO's open inbox), requestTasking (routed to the best match)
then acceptTasking by that LO, and the managers' dashboard coverage query.

`--peer` (with `--engine neo4j`) also starts bench/peer, the same Neo4j graph served by
@neo4j/graphql from the npm registry, and times lonet's officers page and searchLiaisons against the
peer's nested page and plain candidate query, each side alone, at 1 and 32 clients (bench/RESULTS.md
says what is compared), after checking that both give the same officers and countries on the page.

`--quick` runs a small network (5%) for a few seconds per phase: under a minute on 2 cores. The
targets (bench/RESULTS.md) are for the full network.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import logging
import math
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import orjson

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))  # this checkout's service and seed, not an installed checkout's

import generate  # noqa: E402  (bench/generate.py)
from service.settings import Engine, Settings  # noqa: E402
from service.store.bundled_neo4j import BundledNeo4j  # noqa: E402

ANCHOR = generate.ANCHOR
OPEN = ["REQUESTED", "ACCEPTED", "IN_PROGRESS"]
CLAIMS = {"roles": "roles", "service": "service", "officer": "officer_id"}

SEARCH = """query FindLiaison($country: String!, $competence: String, $language: String, $service: String) {
  searchLiaisons(country: $country, competence: $competence, language: $language, requestingService: $service) {
    onDate notes
    matches { route score available reasons officer { id name rank languages homeService { code } } posting { city country { name } } }
    alternatives { route officer { name } reasons }
  }
}"""
OFFICERS = """query Officers($first: Int!, $after: String, $filter: OfficerFilter) {
  officers(first: $first, after: $after, filter: $filter) {
    nodes {
      id name rank languages availability homeService { code name }
      postings { id city startsOn endsOn kind country { iso2 name region { code } } serves { code } }
      competences { level competence { code name } }
    }
    pageInfo { hasNextPage endCursor }
  }
}"""
MY_TASKINGS = """query MyInbox($open: [TaskingStatus!]) {
  myTaskings(filter: {status: $open}, first: 20) {
    nodes {
      id reference title details status priority dueBy overdue version legalBasis handlingCode
      requestingService { code name } country { name } competences { code }
    }
  }
}"""
REQUEST = """mutation RequestTasking($input: RequestTaskingInput!) {
  requestTasking(input: $input) { id reference status priority dueBy version assignee { id name } events { action note } }
}"""
ACCEPT = """mutation AcceptTasking($id: ID!, $version: Int!) {
  acceptTasking(id: $id, version: $version) { id reference status version }
}"""
COVERAGE = """query Coverage($asOf: Date, $competence: String, $servedService: String) {
  coverage(asOf: $asOf, competence: $competence, servedService: $servedService) {
    asOf competence servedService
    summary { countries covered singlePoint gap gapCells singlePointCells }
    countries { country { iso2 name } status officerCount coveredCompetences missingCompetences }
    gaps { country { iso2 name } competence { code } }
    singlePoints { country { iso2 name } competence { code } officer { id name } route hasDeputy deputies { name } }
    expiringPostings(withinMonths: 6) {
      posting { id city country { iso2 name } } officer { id name } endsOn daysLeft
      wouldBecomeGaps { country { iso2 } competence { code } }
    }
  }
}"""
OPERATIONS = ["searchLiaisons", "searchByCountry", "officers", "myTaskings", "requestTasking", "acceptTasking", "coverage"]


# -- the network's facts the clients draw their requests from --------------------------------------


@dataclass
class Facts:
    countries: list[str]  # covered by an active posting, weighted by how many
    competences: list[str]
    services: list[str]
    officers: list[str]  # with an active posting
    home: dict[str, str]  # officer -> home service
    routable: list[tuple[str, str | None, str]] = field(default_factory=list)  # (country, competence, service)


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)  # seconds
    errors: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0
    round_trips: float | None = None

    def error(self, code: str) -> None:
        self.errors[code] = self.errors.get(code, 0) + 1

    def summary(self) -> dict[str, Any]:
        n = len(self.latencies)
        ms = [x * 1000 for x in self.latencies]
        return {
            "requests": n,
            "rps": round(n / self.elapsed, 1) if self.elapsed else None,
            "p50_ms": round(_percentile(ms, 0.50), 2),
            "p95_ms": round(_percentile(ms, 0.95), 2),
            "p99_ms": round(_percentile(ms, 0.99), 2),
            "round_trips": None if self.round_trips is None else round(self.round_trips, 2),
            "errors": dict(self.errors),
        }


class Requests:
    """Request variables drawn from the network, reproducibly."""

    def __init__(self, facts: Facts, seed: int) -> None:
        self.facts = facts
        self.rng = random.Random(seed)

    def search(self, competence: bool = True) -> dict[str, Any]:
        """The investigator's question (a country and a crime area), or the country alone."""
        rng, f = self.rng, self.facts
        return {
            "country": rng.choice(f.countries),
            "competence": rng.choice(f.competences) if competence else None,
            "language": rng.choice(["en", "fr", "nl", "es", "ar", "ru", "pt"]) if rng.random() < 0.4 else None,
            "service": rng.choice(f.services),
        }

    def officers(self) -> dict[str, Any]:
        rng, f = self.rng, self.facts
        after = None
        if rng.random() < 0.8:  # a page somewhere in the directory
            after = base64.urlsafe_b64encode(f"officer:{rng.choice(f.officers)}".encode()).decode()
        roll = rng.random()
        flt = None
        if roll < 0.15:
            flt = {"language": rng.choice(["es", "ar", "ru", "pt", "en"])}
        elif roll < 0.25:
            flt = {"competence": rng.choice(f.competences)}
        elif roll < 0.3:
            flt = {"country": rng.choice(f.countries), "activeOn": ANCHOR.isoformat()}
        return {"first": 50, "after": after, "filter": flt}

    def officer(self) -> str:
        return self.rng.choice(self.facts.officers)

    def routable(self) -> tuple[str, str | None, str]:
        return self.rng.choice(self.facts.routable)


def tasking_input(country: str, competence: str | None, n: int) -> dict[str, Any]:
    return {
        "title": f"Bench request {n}: identify the holder of a phone number",
        "details": "A number appears in an intercepted shipment; please identify its holder.",
        "country": country,
        "competences": [competence] if competence else [],
        "priority": "URGENT",
        "legalBasis": "BENELUX_POLICE_TREATY_2018",
        "handlingCode": "H1",
    }


# -- the network as a running deployment has it --------------------------------------------------


async def alert_backlog(settings: Settings) -> dict[str, Any]:
    """Queue the deadline alerts of the generated taskings, as the server's scheduler would have
    over the months the taskings were open. Without this the server's first scan (a minute
    after it starts) alerts thousands of taskings at once in the middle of a timed phase: a
    burst a deployment meets once, when it first runs the scheduler, not in its steady state."""
    from service.clock import clock_of
    from service.store import open_executor
    from service.usecases.notifications.deadlines import alert_deadlines

    server_settings = settings.model_copy(update={"today": ANCHOR})
    executor = open_executor(server_settings)
    started = time.perf_counter()
    try:
        alerted = await alert_deadlines(executor, clock_of(server_settings).now(), server_settings.deadline_alert_fraction)
    finally:
        await executor.close()
    return {"taskings": alerted, "seconds": round(time.perf_counter() - started, 1)}


# -- direct calls: the use cases without HTTP and GraphQL -----------------------------------------


async def direct_phase(
    settings: Settings, count: int, coverage_count: int, operations: list[str], seed: int
) -> tuple[Facts, dict[str, Sample]]:
    """Open the store in this process, learn the network's facts, then time each operation's use
    case (and the store reads its GraphQL fields make) `count` times."""
    from service.api.collector import tune_for_serving
    from service.domain.destinations import is_destination
    from service.domain.enums import TaskingAction
    from service.security.identity import Identity, Role
    from service.store import open_executor
    from service.usecases import analytics, directory, taskings
    from service.usecases.audit import AuditTrail
    from service.usecases.caller import Caller
    from service.usecases.reads import DirectoryReads
    from service.usecases.search import SearchQuery, search_liaisons

    executor = open_executor(settings)
    samples = {name: Sample() for name in OPERATIONS}
    try:
        reads = DirectoryReads(executor)
        model = await reads.model()
        active = [p for p in model.not_ended(ANCHOR) if p["startsOn"] <= ANCHOR and p["kind"] != "multilateral"]
        officer_ids = sorted({p["officer"] for p in active})
        officers = await reads.officer.load_many(officer_ids)
        facts = Facts(
            countries=[p["country"] for p in active if is_destination(p["country"])],
            competences=sorted(await reads.competences()),
            services=sorted(await reads.services()),
            officers=officer_ids,
            home={o.id: o.service for o in officers if o is not None},
        )
        requests = Requests(facts, seed)
        tune_for_serving()  # the server's garbage-collector settings, so the comparison is like for like

        def investigator(service: str) -> Identity:
            return Identity(f"bench:inv.{service.lower()}", frozenset({Role.INVESTIGATOR}), service)

        async def timed(name: str, call: Callable[[], Awaitable[Any]]) -> Any:
            before = executor.stats.round_trips
            started = time.perf_counter()
            result = await call()
            samples[name].latencies.append(time.perf_counter() - started)
            samples[name].elapsed += time.perf_counter() - started
            trips = executor.stats.round_trips - before
            previous = samples[name].round_trips or 0.0
            samples[name].round_trips = previous + (trips - previous) / len(samples[name].latencies)
            return result

        # Which (country, competence, service) searches route a request: requestTasking needs one.
        for n in range(count * 4):
            name = "searchLiaisons" if n % 2 == 0 else "searchByCountry"
            v = requests.search(competence=name == "searchLiaisons")
            query = SearchQuery(v["country"], v["competence"], v["language"], v["service"])

            async def search(query=query, service=v["service"]):
                return await search_liaisons(DirectoryReads(executor), investigator(service), query, ANCHOR)

            timing = name in operations and len(samples[name].latencies) < count
            result = await timed(name, search) if timing else await search()
            if result.matches and v["competence"]:
                facts.routable.append((v["country"], v["competence"], v["service"]))
            done = all(len(samples[k].latencies) >= count for k in ("searchLiaisons", "searchByCountry") if k in operations)
            if len(facts.routable) >= count and done:
                break

        if len(facts.routable) < count:
            # A tiny network (the tests') may draw too few routable questions at random: take the
            # rest from the postings themselves (posted there, holding a competence, serving the
            # service), which search matches by the DIRECT route.
            for p in active:
                skills = sorted(model.skills.get(p["officer"], {}))
                served = [code for code in facts.services if model.serves_service(p["id"], code)]
                if skills and served and is_destination(p["country"]):
                    facts.routable.append((p["country"], skills[0], served[0]))
                if len(facts.routable) >= count:
                    break

        for _ in range(count if "officers" in operations else 0):
            v = requests.officers()

            async def browse(v=v):
                r = DirectoryReads(executor)
                flt = directory.OfficerFilter.model_validate(v["filter"] or {})
                identity = investigator(facts.services[0])
                page = await directory.find_officers(r, identity, flt, v["first"], v["after"])
                ids = [o.id for o in page.items]
                await r.services()
                postings_lists, _ = await asyncio.gather(r.postings_of_officer.load_many(ids), r.competences_of_officer.load_many(ids))
                posting_ids = [p.id for lst in postings_lists for p in lst]
                await asyncio.gather(r.services_served_by_posting.load_many(posting_ids), r.countries(), r.regions(), r.competences())

            await timed("officers", browse)

        for _ in range(count if "myTaskings" in operations else 0):
            officer = requests.officer()

            async def inbox(officer=officer):
                r = DirectoryReads(executor)
                identity = Identity(f"lo:{officer}", frozenset({Role.LIAISON_OFFICER}), facts.home[officer], officer)
                trail = AuditTrail(identity, None, "bench")
                flt = taskings.TaskingFilter.model_validate({"status": OPEN})
                page = await taskings.my_taskings(r, identity, trail, flt, 20, None, datetime.now(timezone.utc))
                await asyncio.gather(r.services(), r.countries(), r.competences_of_tasking.load_many([t.id for t in page.items]))
                await trail.flush(executor)

            await timed("myTaskings", inbox)

        for n in range(min(count, len(facts.routable)) if "requestTasking" in operations else 0):
            country, competence, service = requests.routable()
            identity = investigator(service)

            async def request(n=n, country=country, competence=competence, identity=identity):
                r = DirectoryReads(executor)
                caller = Caller(identity, "bench BNL-2026-000001", f"bench-{n}", ANCHOR)
                made = await taskings.request_tasking(executor, r, None, caller, taskings.TaskingRequest.model_validate(tasking_input(country, competence, n)))
                await asyncio.gather(r.officer.load(made.assignee), r.events_of_tasking.load(made.id))
                return made

            made = await timed("requestTasking", request)
            lo = Identity(f"lo:{made.assignee}", frozenset({Role.LIAISON_OFFICER}), facts.home.get(made.assignee, service), made.assignee)

            async def accept(made=made, lo=lo, n=n):
                caller = Caller(lo, "bench BNL-2026-000001", f"bench-accept-{n}", ANCHOR)
                # With the request's reads, as the resolver passes its own (the settings kept per process).
                return await taskings.transition(
                    executor, None, caller, tasking_id=made.id, action=TaskingAction.ACCEPTED, version=made.version,
                    reads=DirectoryReads(executor),
                )

            await timed("acceptTasking", accept)

        manager = Identity("bench:mgr", frozenset({Role.MANAGER}), "NL-POLITIE")
        for _ in range(coverage_count if "coverage" in operations else 0):

            async def report():
                r = DirectoryReads(executor)
                cov = await analytics.coverage(r, manager, ANCHOR)
                cov.summary, cov.countries, cov.gaps, cov.single_points, cov.expiring(6)  # noqa: B018

            await timed("coverage", report)
    finally:
        await executor.close()
    return facts, samples


# -- HTTP -------------------------------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection: as little client work per request as possible."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        try:
            return await self._request(method, path, body, headers)
        except ConnectionError:
            # The server closes a connection idle for 5 s (uvicorn's keep-alive) without answering
            # what arrives then: a new connection, once.
            await self.close()
            return await self._request(method, path, body, headers)

    async def _request(self, method: str, path: str, body: bytes, headers: dict[str, str] | None) -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nContent-Length: {len(body)}\r\n"
        if body:
            head += "Content-Type: application/json\r\n"
        for name, value in (headers or {}).items():
            head += f"{name}: {value}\r\n"
        self.writer.write(head.encode("latin-1") + b"\r\n" + body)
        status_line = await self.reader.readline()
        if not status_line:
            await self.close()
            raise ConnectionError("the server closed the connection")
        status = int(status_line.split()[1])
        response_headers: dict[str, str] = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            response_headers[name.strip().lower()] = value.strip()
        if "content-length" not in response_headers:
            raise ConnectionError("a response without Content-Length")
        payload = await self.reader.readexactly(int(response_headers["content-length"]))
        if response_headers.get("connection", "").lower() == "close":
            await self.close()
        return status, response_headers, payload

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except (ConnectionError, OSError):
                pass
        self.reader = self.writer = None


class Client:
    """A benchmark client: its connection, its tokens, its share of the samples."""

    def __init__(self, host: str, port: int, tokens: Any) -> None:
        self.connection = Connection(host, port)
        self.tokens = tokens

    async def graphql(self, sample: Sample | None, token: str, query: str, variables: dict[str, Any], justified: bool = False) -> dict[str, Any] | None:
        headers = {"Accept": "application/graphql-response+json"}
        if token:  # the peer is asked without one
            headers["Authorization"] = f"Bearer {token}"
        if justified:
            headers["X-Justification"] = "bench BNL-2026-000001"
        body = orjson.dumps({"query": query, "variables": variables})
        started = time.perf_counter()
        status, _, payload = await self.connection.request("POST", "/graphql", body, headers)
        took = time.perf_counter() - started
        if sample is not None:
            sample.latencies.append(took)
        if status != 200:
            if sample is not None:
                sample.error(f"HTTP {status}")
            return None
        document = orjson.loads(payload)
        if document.get("errors"):
            if sample is not None:
                sample.error(str((document["errors"][0].get("extensions") or {}).get("code", "ERROR")))
            return None
        return document["data"]


class Tokens:
    def __init__(self, key_file: Path) -> None:
        from service.security.tokens import DevTokens

        self.dev = DevTokens(key_file, audience="lonet", claims=CLAIMS)
        self.cache: dict[tuple, str] = {}

    def _issue(self, subject: str, role: str, service: str, officer: str | None = None) -> str:
        key = (subject, role, service, officer)
        if key not in self.cache:
            self.cache[key] = self.dev.issue(subject=subject, roles=[role], service=service, officer_id=officer)
        return self.cache[key]

    def investigator(self, service: str) -> str:
        return self._issue(f"bench:inv.{service.lower()}", "investigator", service)

    def officer(self, officer: str, service: str) -> str:
        return self._issue(f"lo:{officer}", "liaison_officer", service, officer)

    def manager(self) -> str:
        return self._issue("bench:mgr", "manager", "NL-POLITIE")


class Scenario:
    """What one client does for an operation, once; records into the phase's samples."""

    def __init__(self, facts: Facts, tokens: Tokens, samples: dict[str, Sample], seed: int) -> None:
        self.facts, self.tokens, self.samples = facts, tokens, samples
        self.requests = Requests(facts, seed)
        self.counter = seed * 1_000_000

    async def run(self, client: Client, operation: str) -> None:
        r, f, t = self.requests, self.facts, self.tokens
        if operation in ("searchLiaisons", "searchByCountry"):
            v = r.search(competence=operation == "searchLiaisons")
            await client.graphql(self.samples[operation], t.investigator(v["service"]), SEARCH, v)
        elif operation == "officers":
            await client.graphql(self.samples[operation], t.investigator(f.services[0]), OFFICERS, r.officers())
        elif operation == "myTaskings":
            officer = r.officer()
            await client.graphql(self.samples[operation], t.officer(officer, f.home[officer]), MY_TASKINGS, {"open": OPEN}, True)
        elif operation in ("requestTasking", "acceptTasking"):
            country, competence, service = r.routable()
            self.counter += 1
            made = await client.graphql(
                self.samples["requestTasking"], t.investigator(service), REQUEST,
                {"input": tasking_input(country, competence, self.counter)}, True,
            )
            if made is not None:
                tasking = made["requestTasking"]
                officer = tasking["assignee"]["id"]
                token = t.officer(officer, f.home.get(officer, service))
                await client.graphql(self.samples["acceptTasking"], token, ACCEPT, {"id": tasking["id"], "version": tasking["version"]}, True)
        elif operation == "coverage":
            await client.graphql(self.samples[operation], t.manager(), COVERAGE, {})


async def metric_samples(connection: Connection) -> list[tuple[str, float]]:
    """The server's /metrics samples: (name with its labels, value)."""
    _, _, payload = await connection.request("GET", "/metrics")
    samples = []
    for line in payload.decode().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            samples.append((name, float(value)))
    return samples


async def round_trips_total(connection: Connection) -> float:
    return sum(value for name, value in await metric_samples(connection) if name.startswith("lonet_store_round_trips_total{"))


async def store_counters(connection: Connection) -> dict[str, float]:
    """The store's write counters from /metrics: transactions committed; on the embedded engine,
    the seconds its writer thread spent on them and its checkpoints (in commits, in pauses); on
    Neo4j, the process's write turn (taken how often, waited for and held how long)."""
    wanted = (
        "lonet_store_transactions_total",
        "lonet_store_writer_seconds_total",
        'lonet_store_checkpoints_total{when="commit"}',
        'lonet_store_checkpoints_total{when="pause"}',
        "lonet_store_reopens_total",
        "lonet_store_write_turns_total",
        'lonet_store_write_turn_seconds_total{what="waited"}',
        'lonet_store_write_turn_seconds_total{what="held"}',
    )
    samples = await metric_samples(connection)
    counters = {name: value for name, value in samples if name in wanted}
    # Requests that waited for a cached value's read or patch, all values together.
    counters["lonet_cache_waits_total"] = sum(value for name, value in samples if name.startswith("lonet_cache_waits_total{"))
    return counters


def writer_figures(before: dict[str, float], after: dict[str, float], elapsed: float) -> dict[str, Any]:
    """What a phase's commits cost the embedded writer's thread: behind an event loop busy with
    searches, every statement's rows wait for the interpreter lock there (bench/RESULTS.md, issue
    22, sixteenth session), and the time per transaction grows with it. On Neo4j, how long each
    write held the process's write turn and waited for it, and how busy the turn was."""
    transactions = after.get("lonet_store_transactions_total", 0.0) - before.get("lonet_store_transactions_total", 0.0)
    figures: dict[str, Any] = {"transactions": int(transactions)}
    if "lonet_store_writer_seconds_total" in after and transactions:
        busy = after["lonet_store_writer_seconds_total"] - before.get("lonet_store_writer_seconds_total", 0.0)
        figures["writer_ms_per_transaction"] = round(busy * 1e3 / transactions, 2)
        figures["writer_share"] = round(busy / elapsed, 3) if elapsed else None
    for when in ("commit", "pause"):  # a checkpoint in a commit: that batch and those behind it waited
        name = f'lonet_store_checkpoints_total{{when="{when}"}}'
        if name in after:
            figures[f"checkpoints_in_{when}s"] = int(after[name] - before.get(name, 0.0))
    if "lonet_store_reopens_total" in after:  # the embedded database closed and opened again: those waiting waited for it
        figures["reopens"] = int(after["lonet_store_reopens_total"] - before.get("lonet_store_reopens_total", 0.0))
    # How many requests (searches, mostly) waited for a cached value's read or patch: after a
    # commit, the patch of what it changed (usecases/caches.py).
    if "lonet_cache_waits_total" in after:
        figures["cache_waits"] = int(after["lonet_cache_waits_total"] - before.get("lonet_cache_waits_total", 0.0))
    # Neo4j: whether the writes queued for the process's write turn (held most of the phase) or
    # waited elsewhere (the event loop, the server).
    turns = after.get("lonet_store_write_turns_total", 0.0) - before.get("lonet_store_write_turns_total", 0.0)
    if "lonet_store_write_turns_total" in after and turns:
        seconds = {what: f'lonet_store_write_turn_seconds_total{{what="{what}"}}' for what in ("waited", "held")}
        spent = {what: after[name] - before.get(name, 0.0) for what, name in seconds.items()}
        figures["write_turns"] = int(turns)
        figures["turn_held_ms"] = round(spent["held"] * 1e3 / turns, 2)
        figures["turn_waited_ms"] = round(spent["waited"] * 1e3 / turns, 2)
        figures["turn_busy_share"] = round(spent["held"] / elapsed, 3) if elapsed else None
    return figures


async def http_phase(
    host: str, port: int, facts: Facts, tokens: Tokens, operation: str, clients: int, *, count: int | None, seconds: float, seed: int
) -> dict[str, Sample]:
    """`clients` concurrent clients doing `operation` until `count` operations or `seconds` elapsed."""
    samples = {name: Sample() for name in OPERATIONS}
    scenario = Scenario(facts, tokens, samples, seed)
    pool = [Client(host, port, tokens) for _ in range(clients)]
    metrics = Connection(host, port)
    before = await round_trips_total(metrics)
    deadline = time.perf_counter() + seconds
    done = 0

    async def loop(client: Client) -> None:
        nonlocal done
        while time.perf_counter() < deadline and (count is None or done < count):
            done += 1
            await scenario.run(client, operation)

    started = time.perf_counter()
    await asyncio.gather(*(loop(c) for c in pool))
    elapsed = time.perf_counter() - started
    after = await round_trips_total(metrics)
    for c in [*pool]:
        await c.connection.close()
    await metrics.close()
    measured = [s for s in samples.values() if s.latencies]
    for s in measured:
        s.elapsed = elapsed
    total_requests = sum(len(s.latencies) for s in measured)
    if total_requests:
        for s in measured:  # requestTasking + acceptTasking run together: the pair's average
            s.round_trips = (after - before) / total_requests
    return samples


async def floor_phase(host: str, port: int, tokens: Tokens, count: int) -> dict[str, Sample]:
    """What any request costs this client and server, whatever it asks: `GET /healthz` (HTTP and
    the app's middleware), and `{ __typename }` with an investigator's token (authentication,
    the rate limit, GraphQL); one client, one after another. The search's overhead over its
    direct call is measured against this floor (bench/RESULTS.md, issue 22)."""
    samples = {"healthz": Sample(), "typename": Sample()}
    client = Client(host, port, tokens)
    token = tokens.investigator("BE-FEDPOL")
    for _ in range(count):
        started = time.perf_counter()
        status, _, _ = await client.connection.request("GET", "/healthz")
        samples["healthz"].latencies.append(time.perf_counter() - started)
        if status != 200:
            samples["healthz"].error(f"HTTP {status}")
        await client.graphql(samples["typename"], token, "{ __typename }", {})
    await client.connection.close()
    return samples


# -- the phases users feel: writes among reads, reads after writes, live events, memory ------------------

SET_AVAILABILITY = """mutation SetAvailability($officer: ID!, $status: Availability!, $version: Int!) {
  setAvailability(officerId: $officer, status: $status, version: $version) { id version availability }
}"""
ADD_WINDOW = """mutation AddWindow($officer: ID!, $from: Date!, $to: Date!) {
  addAvailabilityWindow(officerId: $officer, startsOn: $from, endsOn: $to, status: ON_MISSION, note: "bench") { id }
}"""
OFFICER_VERSION = 'query Version($id: ID!) { officer(id: $id) { version } }'
WATCH = "subscription Watch { taskingUpdated { id status version } }"
MIX_WRITES = ("setAvailability", "requestTasking")
WRITE_KINDS = ("setAvailability", "addAvailabilityWindow", "requestTasking")
COLD_READS_WARM_UP = 4  # uncounted writes of each kind before the cold reads (cold_reads_phase)


class Writer:
    """Writes of one client: its own officers (no two clients change the same record), their
    versions as it last saw them, availability flipped between AVAILABLE and LIMITED."""

    def __init__(self, client: Client, tokens: Tokens, facts: Facts, officers: list[str]) -> None:
        self.client, self.tokens, self.facts = client, tokens, facts
        self.officers = officers
        self.versions: dict[str, int] = {}
        self.turn = 0
        self.windows = 0

    def _admin(self) -> str:
        return self.tokens._issue("bench:admin", "admin", "BE-FEDPOL")

    async def set_availability(self, sample: Sample | None) -> None:
        officer = self.officers[self.turn % len(self.officers)]
        self.turn += 1
        if officer not in self.versions:
            found = await self.client.graphql(None, self._admin(), OFFICER_VERSION, {"id": officer})
            self.versions[officer] = found["officer"]["version"] if found else 1
        status = "LIMITED" if self.turn % 2 else "AVAILABLE"
        done = await self.client.graphql(
            sample, self._admin(), SET_AVAILABILITY, {"officer": officer, "status": status, "version": self.versions[officer]}, True
        )
        if done is None:
            self.versions.pop(officer, None)  # read again next time
        else:
            self.versions[officer] = done["setAvailability"]["version"]

    async def add_window(self, sample: Sample | None) -> None:
        officer = self.officers[self.turn % len(self.officers)]
        self.turn += 1
        self.windows += 1
        day = date(ANCHOR.year + 1, 1, 1).toordinal() + (self.windows * 7) % 700  # no two of an officer overlap
        first = date.fromordinal(day)
        await self.client.graphql(
            sample, self._admin(), ADD_WINDOW,
            {"officer": officer, "from": first.isoformat(), "to": date.fromordinal(day + 2).isoformat()}, True,
        )


async def mix_phase(host: str, port: int, facts: Facts, tokens: Tokens, clients: int, seconds: float, seed: int) -> dict[str, Sample]:
    """`clients` clients for `seconds`, each request a search (9 in 10) or a write (an LO's
    availability, or a request for assistance accepted by its LO)."""
    samples = {name: Sample() for name in ("searchLiaisons", "setAvailability", "requestTasking", "acceptTasking")}
    scenario = Scenario(facts, tokens, samples, seed)
    rng = random.Random(seed)
    pool = [Client(host, port, tokens) for _ in range(clients)]
    writers = [Writer(c, tokens, facts, facts.officers[i::clients]) for i, c in enumerate(pool)]
    deadline = time.perf_counter() + seconds

    async def loop(n: int) -> None:
        # Each client writes first, then searches, then draws: a short phase (a slow engine on a
        # busy machine) still has writes of both kinds and searches.
        step = 0
        while time.perf_counter() < deadline or step < 2:
            if step == 1 or (step > 1 and rng.random() >= 0.1):
                await scenario.run(pool[n], "searchLiaisons")
            elif (n % 2 == 0 if step == 0 else rng.random() < 0.5) and writers[n].officers:  # a tiny network has fewer officers than clients
                await writers[n].set_availability(samples["setAvailability"])
            else:
                await scenario.run(pool[n], "requestTasking")
            step += 1

    started = time.perf_counter()
    await asyncio.gather(*(loop(n) for n in range(clients)))
    for sample in samples.values():
        sample.elapsed = time.perf_counter() - started
    for c in pool:
        await c.connection.close()
    return samples


WARM_UP_SLICES = 3  # the warm-up's figures, by slice: how far the JVM had warmed


async def warm_up_phase(host: str, port: int, facts: Facts, tokens: Tokens, seconds: float, seed: int) -> dict[str, Any]:
    """The write mix at 8 clients for `seconds`, untimed by the rest of the run, in slices: each
    slice's writes a second and its requestTasking and searchLiaisons p50 (the first slice is the
    cold server's; a JVM's later ones its compiled code's)."""
    slices = []
    for n in range(WARM_UP_SLICES):
        samples = await mix_phase(host, port, facts, tokens, 8, seconds / WARM_UP_SLICES, seed + n)
        elapsed = max(s.elapsed for s in samples.values())
        writes = sum(samples[k].summary()["requests"] for k in ("setAvailability", "requestTasking", "acceptTasking"))
        errors = sum(sum(samples[k].summary()["errors"].values()) for k in samples)
        slices.append({
            "seconds": round(elapsed, 1),
            "writes_per_s": round(writes / elapsed, 1) if elapsed else None,
            "requestTasking_p50_ms": samples["requestTasking"].summary()["p50_ms"],
            "searchLiaisons_p50_ms": samples["searchLiaisons"].summary()["p50_ms"],
            "errors": errors,
        })
    return {"seconds": seconds, "clients": 8, "slices": slices}


async def cold_reads_phase(host: str, port: int, facts: Facts, tokens: Tokens, times: int, seed: int) -> dict[str, Sample]:
    """After each kind of write, the first search and the first coverage report (the read model
    brought up to date), then a search again (warm).

    Each kind is first run COLD_READS_WARM_UP times uncounted: a statement's first runs on each of the
    store's connections (LONET_STORE_THREADS) cost 2-20 times its later ones on LadybugDB (an
    officer's windows: 1.7-23 ms, then 0.3 ms; bench/RESULTS.md, eighth session), a cost a server
    pays once in its life, not after each write. The write mix before this phase had warmed the
    patches of setAvailability and requestTasking, not those of a window."""
    samples: dict[str, Sample] = {}
    scenario = Scenario(facts, tokens, {name: Sample() for name in OPERATIONS}, seed)
    client = Client(host, port, tokens)
    writer = Writer(client, tokens, facts, facts.officers)
    search_vars = Requests(facts, seed)
    for kind in WRITE_KINDS:
        for read in ("searchLiaisons", "coverage", "searchLiaisons warm"):
            samples[f"{read} after {kind}"] = Sample()
        for turn in range(COLD_READS_WARM_UP + times):
            counted = turn >= COLD_READS_WARM_UP
            if kind == "setAvailability":
                await writer.set_availability(None)
            elif kind == "addAvailabilityWindow":
                await writer.add_window(None)
            else:
                await scenario.run(client, "requestTasking")
            v = search_vars.search()
            first, report, warm = (samples[f"{read} after {kind}"] if counted else None for read in ("searchLiaisons", "coverage", "searchLiaisons warm"))
            await client.graphql(first, tokens.investigator(v["service"]), SEARCH, v)
            await client.graphql(report, tokens.manager(), COVERAGE, {"asOf": ANCHOR.isoformat()})
            await client.graphql(warm, tokens.investigator(v["service"]), SEARCH, v)
    await client.connection.close()
    return samples


async def event_phase(host: str, port: int, facts: Facts, tokens: Tokens, events: int, searchers: int, seed: int) -> dict[str, Any]:
    """An administrator's subscription to every tasking change while `searchers` clients search
    and one client requests assistance `events` times: how long after each request was sent its
    event arrives (the write included), after its commit (the event's `extensions.committedAt`,
    the server's wall clock, the same machine's as this one: the issue's figure), and after its
    response (0 when the event came first: the change is published as it commits, before the
    response is sent)."""
    import websockets

    latencies, after_response, after_commit = Sample(), Sample(), Sample()
    sent: dict[str, float] = {}
    answered: dict[str, float] = {}
    arrived: dict[str, float] = {}
    since_commit: dict[str, float] = {}
    token = tokens._issue("bench:admin", "admin", "BE-FEDPOL")
    stop = asyncio.Event()
    async with websockets.connect(f"ws://{host}:{port}/graphql", subprotocols=["graphql-transport-ws"], max_size=None) as ws:
        await ws.send(orjson.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}).decode())
        await ws.recv()  # connection_ack
        await ws.send(orjson.dumps({"id": "w", "type": "subscribe", "payload": {"query": WATCH}}).decode())

        async def listen() -> None:
            async for message in ws:
                body = orjson.loads(message)
                if body.get("type") == "next":
                    now, wall = time.perf_counter(), time.time()
                    update = body["payload"]["data"]["taskingUpdated"]
                    if update["id"] not in arrived:
                        arrived[update["id"]] = now
                        stamp = body["payload"].get("extensions", {}).get("committedAt")
                        if stamp is not None:
                            since_commit[update["id"]] = wall - datetime.fromisoformat(stamp).timestamp()

        async def search(n: int) -> None:
            scenario = Scenario(facts, tokens, {name: Sample() for name in OPERATIONS}, seed + n)
            client = Client(host, port, tokens)
            while not stop.is_set():
                await scenario.run(client, "searchLiaisons")
            await client.connection.close()

        listener = asyncio.ensure_future(listen())
        background = [asyncio.ensure_future(search(n)) for n in range(searchers)]
        writer = Client(host, port, tokens)
        rng = random.Random(seed)
        await asyncio.sleep(0.5)  # the subscription is listening
        for n in range(events):
            country, competence, service = rng.choice(facts.routable)
            started = time.perf_counter()
            made = await writer.graphql(None, tokens.investigator(service), REQUEST, {"input": tasking_input(country, competence, 9_000_000 + n)}, True)
            if made is not None:
                sent[made["requestTasking"]["id"]], answered[made["requestTasking"]["id"]] = started, time.perf_counter()
        deadline = time.perf_counter() + 5
        while set(sent) - set(arrived) and time.perf_counter() < deadline:
            await asyncio.sleep(0.01)
        stop.set()
        await asyncio.gather(*background)
        listener.cancel()
        await writer.connection.close()
    latencies.latencies = [arrived[t] - sent[t] for t in sent if t in arrived]
    after_response.latencies = [max(0.0, arrived[t] - answered[t]) for t in sent if t in arrived]
    after_commit.latencies = [since_commit[t] for t in sent if t in since_commit]
    summary = latencies.summary()
    summary["after_response"] = after_response.summary()
    summary["after_commit"] = after_commit.summary()
    summary["missing"] = len(set(sent) - set(arrived))
    summary["searchers"] = searchers
    return summary


async def soak_phase(host: str, port: int, facts: Facts, tokens: Tokens, pid: int, seconds: float, seed: int) -> dict[str, Any]:
    """The write mix at 8 clients for `seconds`, the server's RSS sampled every few seconds."""
    samples: list[tuple[float, float | None]] = [(0.0, _peak_rss_mb(pid, "VmRSS"))]
    metrics = Connection(host, port)
    before = await store_counters(metrics)
    started = time.perf_counter()
    mix = asyncio.ensure_future(mix_phase(host, port, facts, tokens, 8, seconds, seed))
    while not mix.done():
        await asyncio.sleep(min(5.0, max(0.5, seconds / 20)))
        samples.append((round(time.perf_counter() - started, 1), _peak_rss_mb(pid, "VmRSS")))
    result = await mix
    writer = writer_figures(before, await store_counters(metrics), time.perf_counter() - started)
    await metrics.close()
    values = [v for _, v in samples if v is not None]
    return {
        "seconds": seconds,
        "writer": writer,
        "rss_mb": samples,
        "start_mb": values[0] if values else None,
        "peak_mb": max(values) if values else None,
        "end_mb": values[-1] if values else None,
        "mix": {k: v.summary() for k, v in result.items()},
    }


# -- the peer: the same Neo4j graph served by @neo4j/graphql (bench/peer), timed beside lonet -------

PEER = HERE / "peer"
# The nested directory page: lonet's officers connection (OFFICERS above) and the peer's keyset page
# of the same shape (after "": the first page).
PEER_OFFICERS = """query Officers($first: Int!, $after: String!) {
  officers(where: {id: {gt: $after}}, sort: [{id: ASC}], limit: $first) {
    id name rank languages availability homeService { code name }
    postings { id city startsOn endsOn kind country { iso2 name_en region { code } } serves { code } }
    competencesConnection { edges { properties { level } node { code name_en } } }
  }
}"""
# The peer's plain candidate query: officers holding the competence with a posting located in the
# country and active on the day. lonet's searchLiaisons (SEARCH above) also follows accreditations,
# declared areas and deputies, checks the requesting service is served, ranks by availability
# (windows included), competence level, language and workload, and says why each one matches.
PEER_CANDIDATES = """query Candidates($country: ID!, $competence: ID!, $day: Date!) {
  officers(sort: [{id: ASC}], where: {
    competences: {some: {code: {eq: $competence}}}
    postings: {some: {country: {some: {iso2: {eq: $country}}}, startsOn: {lte: $day}, OR: [{endsOn: {eq: null}}, {endsOn: {gte: $day}}]}}
  }) {
    id name rank languages availability homeService { code }
    competencesConnection(where: {node: {code: {eq: $competence}}}) { edges { properties { level } } }
    postings(where: {country: {some: {iso2: {eq: $country}}}}) { city country { name_en } }
  }
}"""
PEER_QUERIES = {"officers": "the nested directory page", "candidates": "candidates for a country and a competence"}


def peer_versions() -> dict[str, str]:
    """The peer's packages as installed (bench/peer/node_modules, `npm ci` from its lock file)."""
    found = {}
    for name in ("@neo4j/graphql", "graphql-yoga", "neo4j-driver", "graphql"):
        try:
            found[name] = json.loads((PEER / "node_modules" / name / "package.json").read_text())["version"]
        except OSError:
            found[name] = "missing"
    return found


def start_peer(neo4j: BundledNeo4j, work: Path, port: int) -> subprocess.Popen:
    if not (PEER / "node_modules" / "@neo4j" / "graphql").is_dir():
        raise RuntimeError("the peer is not installed: run `make bench-peer` or `cd bench/peer && npm ci`")
    env = {**os.environ, **neo4j.environment(), "PEER_PORT": str(port), "NODE_ENV": "production"}
    with open(work / "peer.log", "wb") as log:
        return subprocess.Popen(["node", "server.mjs"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=str(PEER))


async def wait_peer(port: int, process: subprocess.Popen, work: Path, timeout: float = 120) -> None:
    connection = Connection("127.0.0.1", port)
    deadline = time.perf_counter() + timeout
    try:
        while time.perf_counter() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the peer exited with code {process.returncode}: {(work / 'peer.log').read_text(errors='replace')[-2000:]}")
            try:
                status, _, _ = await connection.request("POST", "/graphql", b'{"query": "{ __typename }"}')
                if status == 200:
                    return
            except (ConnectionError, OSError):
                await connection.close()
            await asyncio.sleep(0.2)
        raise RuntimeError("the peer did not become ready in time")
    finally:
        await connection.close()


class PeerRequests:
    """The same questions for both sides, drawn reproducibly: a page after an officer (or the first),
    a country and a competence."""

    def __init__(self, facts: Facts, officer_ids: list[str], seed: int) -> None:
        self.facts, self.ids = facts, officer_ids
        self.rng = random.Random(seed)

    def page(self) -> str | None:
        """The officer the page starts after (None: the first page), as lonet's bench draws it."""
        return self.rng.choice(self.ids) if self.rng.random() < 0.8 else None

    def candidates(self) -> tuple[str, str, str]:
        country, competence, service = self.rng.choice(self.facts.routable)
        return country, competence or self.rng.choice(self.facts.competences), service


def _cursor(officer: str | None) -> str | None:
    return None if officer is None else base64.urlsafe_b64encode(f"officer:{officer}".encode()).decode()


async def peer_side_phase(
    host: str, lonet_port: int, peer_port: int, facts: Facts, tokens: Tokens, ids: list[str],
    side: str, query: str, clients: int, *, count: int | None, seconds: float, seed: int,
) -> Sample:
    """`clients` clients asking one side (lonet or the peer) one of the two questions."""
    sample = Sample()
    requests = PeerRequests(facts, ids, seed)
    port = lonet_port if side == "lonet" else peer_port
    pool = [Client(host, port, tokens) for _ in range(clients)]
    deadline = time.perf_counter() + seconds
    done = 0

    async def ask(client: Client) -> None:
        if query == "officers":
            after = requests.page()
            if side == "lonet":
                await client.graphql(sample, tokens.investigator(facts.services[0]), OFFICERS, {"first": 50, "after": _cursor(after), "filter": None})
            else:
                await client.graphql(sample, "", PEER_OFFICERS, {"first": 50, "after": after or ""})
        else:
            country, competence, service = requests.candidates()
            if side == "lonet":
                variables = {"country": country, "competence": competence, "language": None, "service": service}
                await client.graphql(sample, tokens.investigator(service), SEARCH, variables)
            else:
                await client.graphql(sample, "", PEER_CANDIDATES, {"country": country, "competence": competence, "day": ANCHOR.isoformat()})

    async def loop(client: Client) -> None:
        nonlocal done
        while time.perf_counter() < deadline and (count is None or done < count):
            done += 1
            await ask(client)

    started = time.perf_counter()
    await asyncio.gather(*(loop(c) for c in pool))
    sample.elapsed = time.perf_counter() - started
    for c in pool:
        await c.connection.close()
    return sample


async def peer_agreement(host: str, lonet_port: int, peer_port: int, facts: Facts, tokens: Tokens, ids: list[str], pages: int) -> dict[str, Any]:
    """The nested page asked of both sides with the same cursors: the same officers in the same
    order, and for each the same countries of their postings. What differs is listed."""
    lonet, peer = Client(host, lonet_port, tokens), Client(host, peer_port, tokens)
    starts: list[str | None] = [None, *ids[:: max(1, len(ids) // max(1, pages - 1))]][:pages]
    differences: list[dict[str, Any]] = []
    officers = countries = 0
    for after in starts:
        ours = await lonet.graphql(None, tokens.investigator(facts.services[0]), OFFICERS, {"first": 50, "after": _cursor(after), "filter": None})
        theirs = await peer.graphql(None, "", PEER_OFFICERS, {"first": 50, "after": after or ""})
        if ours is None or theirs is None:
            differences.append({"after": after, "error": "lonet" if ours is None else "peer"})
            continue
        a = [(o["id"], sorted(p["country"]["iso2"] for p in o["postings"])) for o in ours["officers"]["nodes"]]
        b = [(o["id"], sorted(c["iso2"] for p in o["postings"] for c in p["country"])) for o in theirs["officers"]]
        officers += len(a)
        countries += sum(len(c) for _, c in a)
        if a != b:
            differences.append({"after": after, "lonet": a[:3], "peer": b[:3]})
    # The candidate questions are not the same question (PEER_CANDIDATES): how their answers
    # overlap is said, not checked.
    found = {"questions": 0, "peer": 0, "lonet": 0, "lonet_direct": 0, "both": 0}
    requests = PeerRequests(facts, ids, 5)
    for _ in range(pages):
        country, competence, service = requests.candidates()
        ours = await lonet.graphql(None, tokens.investigator(service), SEARCH, {"country": country, "competence": competence, "language": None, "service": service})
        theirs = await peer.graphql(None, "", PEER_CANDIDATES, {"country": country, "competence": competence, "day": ANCHOR.isoformat()})
        if ours is None or theirs is None:
            continue
        matched = {m["officer"]["id"]: m["route"] for m in ours["searchLiaisons"]["matches"]}
        candidates = {o["id"] for o in theirs["officers"]}
        found["questions"] += 1
        found["peer"] += len(candidates)
        found["lonet"] += len(matched)
        found["lonet_direct"] += sum(route == "DIRECT" for route in matched.values())
        found["both"] += len(candidates & set(matched))
    await lonet.connection.close()
    await peer.connection.close()
    return {"pages": len(starts), "officers": officers, "countries": countries, "differences": differences, "candidates": found}


async def peer_phase(
    args: argparse.Namespace, host: str, lonet_port: int, neo4j: BundledNeo4j, work: Path, facts: Facts, tokens: Tokens,
    count: int, seconds: float, log: Callable[..., None],
) -> dict[str, Any]:
    """The peer started on the run's Neo4j; both questions asked of each side alone, at 1 client and
    at 32, one side after the other; ratios peer / lonet (above 1: lonet is faster)."""
    port = _free_port()
    started = time.perf_counter()
    log("peer: starting @neo4j/graphql on the run's Neo4j ...")
    process = start_peer(neo4j, work, port)
    out: dict[str, Any] = {"versions": peer_versions(), "queries": {}}
    try:
        await wait_peer(port, process, work)
        probe = Client(host, port, tokens)
        listed = await probe.graphql(None, "", "{ officers(sort: [{id: ASC}]) { id } }", {})
        await probe.connection.close()
        ids = [o["id"] for o in (listed or {}).get("officers", [])]
        if not ids:
            raise RuntimeError(f"the peer lists no officers: {(work / 'peer.log').read_text(errors='replace')[-2000:]}")
        for side in ("lonet", "peer"):  # warm-up: plans cached on both sides
            for query in PEER_QUERIES:
                await peer_side_phase(host, lonet_port, port, facts, tokens, ids, side, query, 1, count=3, seconds=30, seed=args.seed + 97)
        out["agreement"] = await peer_agreement(host, lonet_port, port, facts, tokens, ids, pages=3)
        for query in PEER_QUERIES:
            rows: dict[str, Any] = {}
            for clients in [c for c in (1, 32) if c in args.clients]:
                log(f"peer: {PEER_QUERIES[query]}, {clients} client{'s' if clients > 1 else ''}, lonet then the peer ...")
                pair = {}
                for side in ("lonet", "peer"):
                    sample = await peer_side_phase(
                        host, lonet_port, port, facts, tokens, ids, side, query, clients,
                        count=count if clients == 1 else None, seconds=600 if clients == 1 else seconds, seed=args.seed + 8,
                    )
                    pair[side] = sample.summary()
                pair["peer_p50_over_lonet"] = _ratio(pair["peer"]["p50_ms"], pair["lonet"]["p50_ms"])
                pair["lonet_rps_over_peer"] = _ratio(pair["lonet"]["rps"], pair["peer"]["rps"])
                rows[str(clients)] = pair
            out["queries"][query] = rows
        out["peak_rss_mb"] = _peak_rss_mb(process.pid)
        out["seconds"] = round(time.perf_counter() - started, 1)
    except BaseException:
        log((work / "peer.log").read_text(errors="replace")[-3000:])
        raise
    finally:
        _stop(process, signal.SIGTERM)
    return out


def _ratio(a: float | None, b: float | None) -> float | None:
    if not a or not b or math.isnan(a) or math.isnan(b):
        return None
    return round(a / b, 2)


def peer_table(peer: dict[str, Any]) -> list[str]:
    v = peer["versions"]
    lines = ["", f"peer: @neo4j/graphql {v['@neo4j/graphql']} on graphql-yoga {v['graphql-yoga']} (Node {_run(['node', '--version'])}), "
                 f"the same Neo4j; lonet's officers and searchLiaisons against the peer's plain queries (bench/RESULTS.md)",
             f"{'query':<12} {'clients':>7} {'side':<6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  errors"]
    for query, rows in peer["queries"].items():
        for clients, pair in rows.items():
            for side in ("lonet", "peer"):
                s = pair[side]
                errors = ", ".join(f"{k} x{n}" for k, n in s["errors"].items()) or "-"
                rps = "-" if s["rps"] is None else f"{s['rps']:.0f}"
                lines.append(f"{query:<12} {clients:>7} {side:<6} {rps:>8} {s['p50_ms']:>8.2f} {s['p95_ms']:>8.2f} {s['p99_ms']:>8.2f}  {errors}")
            lines.append(f"{'':<12} {'':>7} ratio: peer p50 / lonet p50 {pair['peer_p50_over_lonet']}x, "
                         f"lonet req/s / peer req/s {pair['lonet_rps_over_peer']}x (above 1: lonet faster)")
    a = peer.get("agreement") or {}
    if a:
        lines.append(f"same answers on the nested page: {a['pages']} pages, {a['officers']} officers, {a['countries']} posting countries compared, "
                     f"{len(a['differences'])} differing" + (f": {a['differences'][:2]}" if a["differences"] else ""))
        c = a["candidates"]
        lines.append(f"candidates ({c['questions']} questions, not the same question): the peer found {c['peer']}, lonet matched {c['lonet']} "
                     f"({c['lonet_direct']} by the DIRECT route), {c['both']} in both")
    lines.append(f"peer peak RSS: {peer.get('peak_rss_mb')} MB; the peer phase took {peer.get('seconds')} s")
    return lines


# -- the server -------------------------------------------------------------------------------------


def _stop(process: subprocess.Popen, how: signal.Signals) -> None:
    """Ask a child to stop (`how`), and kill it if it has not within 30 s."""
    process.send_signal(how)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _peak_rss_mb(pid: int, figure: str = "VmHWM") -> float | None:
    """The process's peak RSS (VmHWM), or another figure of /proc (VmRSS: now), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{figure}:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _reset_peak_rss(pid: int) -> bool:
    """Start a process's peak RSS (VmHWM) again from its current RSS (Linux; our own child)."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def start_server(store: dict[str, str], work: Path, port: int, profile: Path | None = None) -> subprocess.Popen:
    """`lonet serve` on the store that `store` (LONET_ENGINE and the engine's variables) names."""
    env = {
        **os.environ,
        **store,
        "LONET_AUTH_MODE": "dev",
        "LONET_DEV_KEY_FILE": str(work / "dev-key.json"),
        "LONET_TODAY": ANCHOR.isoformat(),
        "LONET_RATE_LIMIT": "1000000/minute",
        "LONET_INTROSPECTION": "false",
    }
    command = [sys.executable, "-m", "service.cli", "serve", "--insecure-dev-auth", "--host", "127.0.0.1", "--port", str(port)]
    if profile is not None:  # the server under pyinstrument (the bench extra): its report when it stops
        renderer = "html" if profile.suffix == ".html" else "text"
        command[1:1] = ["-m", "pyinstrument", "--renderer", renderer, "--outfile", str(profile)]
    with open(work / "server.log", "wb") as log:  # the child writes to its own copy of the descriptor
        return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=str(HERE.parent))


async def wait_ready(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    connection = Connection("127.0.0.1", port)
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            status, _, _ = await connection.request("GET", "/readyz")
            if status == 200:
                await connection.close()
                return
        except (ConnectionError, OSError):
            await connection.close()
        await asyncio.sleep(0.2)
    raise RuntimeError("the server did not become ready in time")


# -- the report -------------------------------------------------------------------------------------


def _run(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True, cwd=HERE.parent).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = "unknown"
    try:
        kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")))
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    try:
        from importlib.metadata import version

        ladybug = version("ladybug")
    except Exception:  # noqa: BLE001
        ladybug = "unknown"
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "ladybug": ladybug,
        "commit": _run(["git", "rev-parse", "--short", "HEAD"]),
        "dirty": bool(_run(["git", "status", "--porcelain", "--untracked-files=no"]).strip()),
    }


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    one, many = result["clients_1"], result["clients_32"]
    search1, search32, officers1 = one["searchLiaisons"], many["searchLiaisons"], one["officers"]
    rows = [
        ("searchLiaisons p95, 1 client", search1["p95_ms"], "<=", 15, "ms"),
        ("searchLiaisons requests/s, 32 clients", search32["rps"], ">=", 300, "req/s"),
        ("searchLiaisons p95, 32 clients", search32["p95_ms"], "<=", 150, "ms"),
        ("GraphQL+HTTP overhead: searchLiaisons p50 / direct p50", result["overhead"].get("searchLiaisons"), "<=", 2.0, "x"),
        ("officers(first: 50), 3 levels: round trips", officers1["round_trips"], "<=", 4, ""),
        ("officers(first: 50), 3 levels: p95, 1 client", officers1["p95_ms"], "<=", 40, "ms"),
        ("coverage report p95, 1 client", one["coverage"]["p95_ms"], "<=", 500, "ms"),
    ]
    if result.get("load_seconds") is not None:
        rows.append(("bench network generated and loaded", result["load_seconds"], "<=", 60, "s"))
    out = []
    for name, value, op, limit, unit in rows:
        met = value is not None and not (isinstance(value, float) and math.isnan(value)) and (value <= limit if op == "<=" else value >= limit)
        out.append({"target": name, "measured": value, "limit": f"{op} {limit} {unit}".strip(), "met": met})
    return out


def _load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


async def neo4j_server(neo4j: BundledNeo4j) -> dict[str, Any]:
    """What the bundled server is: version, edition, heap and page cache (asked of the server)."""
    from neo4j import AsyncGraphDatabase

    env = neo4j.environment()
    info: dict[str, Any] = {"version": "unknown", "edition": "unknown", "heap": neo4j.heap, "page_cache": "unknown"}
    async with AsyncGraphDatabase.driver(env["NEO4J_URI"], auth=(env["NEO4J_USER"], env["NEO4J_PASSWORD"])) as driver:
        records, _, _ = await driver.execute_query("CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition")
        info.update(version=records[0]["version"], edition=records[0]["edition"])
        try:
            records, _, _ = await driver.execute_query(
                "SHOW SETTINGS YIELD name, value WHERE name = 'server.memory.pagecache.size' RETURN value"
            )
            info["page_cache"] = records[0]["value"] if records else "unknown"
        except Exception:  # noqa: BLE001  (a description only)
            pass
    return info


class Notifications(logging.Handler):
    """The Neo4j server's notifications on the statements it ran for this process (the driver logs
    them: performance hints such as a cartesian product are INFORMATION), distinct, by statement."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seen: dict[tuple[str, str, str], int] = {}
        from service.store import all_statements

        self.names = {st.cypher: st.name for st in all_statements()}

    def emit(self, record: logging.LogRecord) -> None:
        printer = record.args[0] if isinstance(record.args, tuple) and record.args else None
        notification = getattr(printer, "notification", None)
        if notification is None:
            return
        if str(notification.gql_status).startswith("00"):
            return  # "successful completion" notes (an IF NOT EXISTS that had nothing to do)
        query = getattr(printer, "query", None) or ""
        key = (self.names.get(query, query[:80]), str(notification.gql_status), str(notification.status_description))
        self.seen[key] = self.seen.get(key, 0) + 1

    def __enter__(self) -> Notifications:
        self.logger = logging.getLogger("neo4j.notifications")
        self.level_before, self.propagate_before = self.logger.level, self.logger.propagate
        self.logger.setLevel(logging.INFO)
        self.logger.propagate = False  # counted here, not printed as they come
        self.logger.addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        self.logger.removeHandler(self)
        self.logger.setLevel(self.level_before)
        self.logger.propagate = self.propagate_before

    def summary(self) -> list[dict[str, Any]]:
        return [{"statement": k[0], "status": k[1], "description": k[2], "times": n} for k, n in sorted(self.seen.items())]


def table(result: dict[str, Any]) -> str:
    lines = []
    m = result["machine"]
    lines.append(f"lonet bench ({'quick, ' if result['quick'] else ''}engine: {result['engine']}, network: {result['network']})")
    lines.append(f"machine: {m['nproc']} x {m['cpu']}, {m['memory']}, Python {m['python']}, LadybugDB {m['ladybug']}; "
                 f"commit {m['commit']}{' (+ uncommitted changes)' if m['dirty'] else ''}")
    load = result.get("load_average") or {}
    if load:
        lines.append("load average (1, 5, 15 min): " + "; ".join(f"{k} {', '.join(map(str, v))}" for k, v in load.items() if v))
    if result.get("neo4j"):
        n = result["neo4j"]
        lines.append(f"store: Neo4j {n['version']} {n['edition']} (bundled: heap {n['heap']}, page cache {n['page_cache']}), over Bolt on 127.0.0.1")
    if result.get("load_seconds") is not None:
        lines.append(f"bench network generated and loaded in {result['load_seconds']:.1f} s")
    if result.get("deadline_backlog"):
        b = result["deadline_backlog"]
        lines.append(f"deadline alerts queued before the run (a running deployment's backlog): {b['taskings']:,} taskings in {b['seconds']:.1f} s")
    if result.get("warm_up"):
        w = result["warm_up"]
        lines.append(
            f"warm-up, not timed ({w['clients']} clients for {w['seconds']:g} s, 9 in 10 searches, 1 in 10 writes), by slice: writes a second "
            + ", ".join(str(x["writes_per_s"]) for x in w["slices"])
            + "; requestTasking p50 ms " + ", ".join(f"{x['requestTasking_p50_ms']:.1f}" for x in w["slices"])
            + "; searchLiaisons p50 ms " + ", ".join(f"{x['searchLiaisons_p50_ms']:.1f}" for x in w["slices"])
            + "; errors " + ", ".join(str(x["errors"]) for x in w["slices"])
        )
    header = f"{'operation':<16} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'trips/req':>9}  errors"
    lines += ["", header, "-" * len(header)]
    for label, key in (("direct", "direct"), ("1", "clients_1"), ("32", "clients_32")):
        for name in OPERATIONS:
            s = result[key][name]
            if not s["requests"]:
                continue
            errors = ", ".join(f"{k} x{v}" for k, v in s["errors"].items()) or "-"
            trips = "-" if s["round_trips"] is None else f"{s['round_trips']:.1f}"
            rps = "-" if key == "direct" else f"{s['rps']:.0f}"
            lines.append(f"{name:<16} {label:>7} {rps:>8} {s['p50_ms']:>8.2f} {s['p95_ms']:>8.2f} {s['p99_ms']:>8.2f} {trips:>9}  {errors}")
        lines.append("")
    lines.append("GraphQL+HTTP overhead (1 client p50 / direct p50): " + ", ".join(f"{k} {v:.2f}x" for k, v in result["overhead"].items()))
    if result.get("floor"):
        floor = result["floor"]
        lines.append(
            f"the floor, 1 client p50: GET /healthz {floor['healthz']['p50_ms']:.2f} ms, "
            f"{{ __typename }} with a token {floor['typename']['p50_ms']:.2f} ms (what any request costs, whatever it asks)"
        )
    lines.append(f"server peak RSS: {result['peak_rss_mb']} MB")
    if result.get("rss_by_phase"):
        lines.append("server RSS after each phase, MB now (peak so far): " + ", ".join(
            f"{r['after']} {r['mb']} ({r['peak_mb']})" for r in result["rss_by_phase"]
        ))
    if result.get("neo4j"):
        n = result["neo4j"]
        lines.append(f"Neo4j JVM peak RSS: {n['peak_rss_mb']} MB from the server's start to the end"
                     f" ({n['load_peak_rss_mb']} MB while loading and the direct calls)")
        if n["notifications"]:
            lines.append("Neo4j notifications (load and direct calls): " + "; ".join(
                f"{x['statement']}: {x['description']} (x{x['times']})" for x in n["notifications"]))
    if result.get("peer"):
        lines += peer_table(result["peer"])
    lines += felt_table(result)
    lines.append("")
    for t in result["targets"]:
        value = t["measured"]
        shown = "n/a" if value is None else (f"{value:.2f}" if isinstance(value, float) else str(value))
        lines.append(f"[{'met ' if t['met'] else 'MISS'}] {t['target']}: {shown} (target {t['limit']})")
    if result["quick"]:
        lines.append("(quick mode: a 5% network and short phases; the targets are for the full network)")
    return "\n".join(lines)


async def main_async(args: argparse.Namespace, work: Path, neo4j: BundledNeo4j | None) -> dict[str, Any]:
    """The run, in `work` (a temporary directory), on `neo4j` (started) or an embedded store."""
    quick = args.quick
    scale = args.scale if args.scale is not None else (0.05 if quick else 1.0)
    count = args.requests or (30 if quick else 200)
    seconds = args.seconds or (2.5 if quick else 10.0)
    coverage_count = args.coverage_requests or max(5, count // 5)
    warm_up_seconds = args.warm_up if args.warm_up is not None else (30.0 if neo4j is not None and not quick else 0.0)
    operations = args.operations.split(",") if args.operations else OPERATIONS
    if "requestTasking" in operations and "acceptTasking" not in operations:
        operations.append("acceptTasking")
    load_average = {"start": _load_average()}
    if neo4j is None:
        path = work / "bench.lbug"
        settings = Settings(LONET_ENGINE=Engine.EMBEDDED, LONET_EMBEDDED_PATH=path)
        server_store = {"LONET_ENGINE": "embedded", "LONET_EMBEDDED_PATH": str(path)}
    else:
        settings = Settings(LONET_ENGINE=Engine.NEO4J, **neo4j.environment())
        server_store = {"LONET_ENGINE": "neo4j", **neo4j.environment()}
    log = (lambda *a: None) if args.json == "-" else (lambda *a: print(*a, file=sys.stderr, flush=True))
    notifications = Notifications()
    load_seconds = None
    backlog: dict[str, Any] | None = None
    with notifications:
        if args.store:
            if neo4j is None:
                shutil.copyfile(args.store, path)
            network = f"copy of {args.store}"
        else:
            started = time.perf_counter()
            records = generate.generate(args.seed, generate.Sizes().scaled(scale))
            counts = await generate.load(settings, records, progress=args.json != "-")
            load_seconds = round(time.perf_counter() - started, 1)
            network = ", ".join(f"{counts[k]:,} {k}" for k in ("Officer", "Posting", "Tasking", "TaskingEvent"))
            del records
        log("deadline alerts a running deployment would have queued ...")
        backlog = await alert_backlog(settings)
        if args.save_store and not args.store:
            shutil.copyfile(path, args.save_store)
        log(f"direct calls ({count} per operation) ...")
        facts, direct = await direct_phase(settings, count, coverage_count, operations, args.seed)
    neo4j_info: dict[str, Any] | None = None
    if neo4j is not None:
        assert neo4j.process is not None
        neo4j_info = {
            **await neo4j_server(neo4j),
            "load_peak_rss_mb": _peak_rss_mb(neo4j.process.pid),
            "notifications": notifications.summary(),
        }
        if not _reset_peak_rss(neo4j.process.pid):
            neo4j_info["load_peak_rss_mb"] = None  # one peak for the whole run: said below
    tokens = Tokens(work / "dev-key.json")
    port = _free_port()
    server = start_server(server_store, work, port, args.profile)
    try:
        await wait_ready(port, server)
        warm_up = None
        if warm_up_seconds > 0:
            log(f"warm-up: the write mix at 8 clients for {warm_up_seconds:g} s (not timed) ...")
            warm_up = await warm_up_phase("127.0.0.1", port, facts, tokens, warm_up_seconds, args.seed + 98)
        for operation in operations:  # warm-up: every statement planned and cached once
            if operation not in ("acceptTasking", "coverage"):
                await http_phase("127.0.0.1", port, facts, tokens, operation, 1, count=3, seconds=30, seed=args.seed + 99)
        one: dict[str, Sample] = {}
        many: dict[str, Sample] = {}
        floor: dict[str, Any] = {}
        # The server's RSS after each phase, now and its peak so far: which phase makes it grow.
        rss = [{"after": "start", "mb": _peak_rss_mb(server.pid, "VmRSS"), "peak_mb": _peak_rss_mb(server.pid)}]
        for operation in operations:
            if operation == "acceptTasking":
                continue  # measured with requestTasking
            n = coverage_count if operation == "coverage" else count
            if 1 in args.clients:
                log(f"{operation}: 1 client x {n} ...")
                samples = await http_phase("127.0.0.1", port, facts, tokens, operation, 1, count=n, seconds=600, seed=args.seed + 1)
                one.update({k: v for k, v in samples.items() if v.latencies})
                rss.append({"after": f"{operation} x1", "mb": _peak_rss_mb(server.pid, "VmRSS"), "peak_mb": _peak_rss_mb(server.pid)})
            if 32 in args.clients:
                log(f"{operation}: 32 clients for {seconds} s ...")
                samples = await http_phase("127.0.0.1", port, facts, tokens, operation, 32, count=None, seconds=seconds, seed=args.seed + 2)
                many.update({k: v for k, v in samples.items() if v.latencies})
                rss.append({"after": f"{operation} x32", "mb": _peak_rss_mb(server.pid, "VmRSS"), "peak_mb": _peak_rss_mb(server.pid)})
        if 1 in args.clients:
            log(f"the floor: GET /healthz and {{ __typename }}, 1 client x {count} ...")
            floor = {k: v.summary() for k, v in (await floor_phase("127.0.0.1", port, tokens, count)).items()}
        peer = None
        if args.peer:
            assert neo4j is not None
            peer = await peer_phase(args, "127.0.0.1", port, neo4j, work, facts, tokens, count, seconds, log)
        felt = await felt_phases(args, "127.0.0.1", port, facts, tokens, server.pid, seconds, count, log)
        rss += felt.pop("rss", [])
        peak = _peak_rss_mb(server.pid)
        if neo4j_info is not None:
            assert neo4j is not None and neo4j.process is not None
            neo4j_info["peak_rss_mb"] = _peak_rss_mb(neo4j.process.pid)
    except BaseException:
        log((work / "server.log").read_text(errors="replace")[-3000:])
        raise
    finally:
        _stop(server, signal.SIGINT)
    load_average["end"] = _load_average()
    empty = Sample().summary()
    result: dict[str, Any] = {
        "quick": quick,
        "engine": args.engine,
        "network": network,
        "scale": scale,
        "seed": args.seed,
        "load_seconds": load_seconds,
        "deadline_backlog": backlog,
        "machine": machine(),
        "load_average": load_average,
        "warm_up": warm_up,
        "neo4j": neo4j_info,
        "settings": {"LONET_RATE_LIMIT": "1000000/minute", "LONET_AUTH_MODE": "dev", "LONET_TODAY": ANCHOR.isoformat()},
        "direct": {k: direct[k].summary() if direct[k].latencies else empty for k in OPERATIONS},
        "clients_1": {k: one[k].summary() if k in one else empty for k in OPERATIONS},
        "clients_32": {k: many[k].summary() if k in many else empty for k in OPERATIONS},
        "peak_rss_mb": peak,
        "rss_by_phase": rss,
    }
    result["overhead"] = {
        k: round(result["clients_1"][k]["p50_ms"] / result["direct"][k]["p50_ms"], 2)
        for k in OPERATIONS
        if result["direct"][k]["requests"] and result["clients_1"][k]["requests"]
    }
    if floor:
        result["floor"] = floor
    result.update(felt)
    if peer is not None:
        result["peer"] = peer
    result["targets"] = targets(result)
    if args.scaling:
        result["scaling"] = await scaling_runs(args, work, result, log)
    return result


async def felt_phases(
    args: argparse.Namespace, host: str, port: int, facts: Facts, tokens: Tokens, pid: int, seconds: float, count: int, log: Callable[..., None]
) -> dict[str, Any]:
    """The write mix at 8 and 32 clients, cold reads after each kind of write, live events under
    8 searching clients, and with --soak the RSS over a long mix (bench/RESULTS.md: issue 22)."""
    out: dict[str, Any] = {"mix": {}, "mix_writer": {}, "rss": []}
    if args.no_felt:
        return out

    def rss_after(phase: str) -> None:  # as the timed phases' rss_by_phase: where the peak comes from
        out["rss"].append({"after": phase, "mb": _peak_rss_mb(pid, "VmRSS"), "peak_mb": _peak_rss_mb(pid)})

    for clients in (8, 32):
        log(f"write mix (90% searchLiaisons, 10% writes): {clients} clients for {seconds} s ...")
        metrics = Connection(host, port)
        before, started = await store_counters(metrics), time.perf_counter()
        samples = await mix_phase(host, port, facts, tokens, clients, seconds, args.seed + 3)
        elapsed = time.perf_counter() - started
        out["mix_writer"][str(clients)] = writer_figures(before, await store_counters(metrics), elapsed)
        await metrics.close()
        out["mix"][str(clients)] = {k: v.summary() for k, v in samples.items()}
        rss_after(f"mix x{clients}")
    times = max(3, count // 4)
    log(f"cold reads: {times} after each kind of write ...")
    out["cold_reads"] = {k: v.summary() for k, v in (await cold_reads_phase(host, port, facts, tokens, times, args.seed + 4)).items()}
    rss_after("cold reads")
    log(f"live events: {count} requests for assistance under 8 searching clients ...")
    out["events"] = await event_phase(host, port, facts, tokens, count, 8, args.seed + 5)
    rss_after("live events")
    if args.soak:
        log(f"soak: the write mix at 8 clients for {args.soak} s ...")
        out["soak"] = await soak_phase(host, port, facts, tokens, pid, args.soak, args.seed + 6)
    return out


async def scaling_runs(args: argparse.Namespace, work: Path, base: dict[str, Any], log: Callable[..., None]) -> list[dict[str, Any]]:
    """The network as large as this run's, 2 and 4 times as large (bench/generate.py sizes), each
    generated, loaded and served alike (searchLiaisons and coverage, 1 client, a fresh server):
    load time, search p50, coverage p50 and the server's peak RSS. The run's own network is served
    again rather than taken from the run above: that server's peak comes from every phase, these
    from the same two."""
    rows: list[dict[str, Any]] = []
    for factor in (1, 2, 4):
        log(f"scaling: a network {factor} times as large as the run's ...")
        sub = argparse.Namespace(**{**vars(args), "scale": base["scale"] * factor, "scaling": False, "no_felt": True, "store": None,
                                    "operations": "searchLiaisons,coverage", "clients": [1], "save_store": None, "profile": None})
        folder = work / f"x{factor}"
        folder.mkdir()
        found = await main_async(sub, folder, None) if args.engine == "embedded" else None
        if found is None:
            rows.append({"factor": factor, "skipped": "the scaling runs are for the embedded engine"})
            continue
        rows.append({"factor": factor, "network": found["network"], "load_seconds": found["load_seconds"],
                     "search_p50_ms": found["clients_1"]["searchLiaisons"]["p50_ms"],
                     "coverage_p50_ms": found["clients_1"]["coverage"]["p50_ms"], "peak_rss_mb": found["peak_rss_mb"]})
    return rows


def felt_table(result: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if result.get("mix"):
        lines += ["", "write mix (9 in 10 searchLiaisons, 1 in 10 writes):", f"{'operation':<20} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  errors"]
        for clients, ops in result["mix"].items():
            for name, s in ops.items():
                if s["requests"]:
                    errors = ", ".join(f"{k} x{v}" for k, v in s["errors"].items()) or "-"
                    lines.append(f"{'mix:' + name:<20} {clients:>7} {s['rps']:>8.0f} {s['p50_ms']:>8.2f} {s['p95_ms']:>8.2f} {s['p99_ms']:>8.2f}  {errors}")
        for clients, w in (result.get("mix_writer") or {}).items():
            if "writer_ms_per_transaction" in w:
                lines.append(f"mix at {clients} clients: {w['transactions']} transactions, {w['writer_ms_per_transaction']:.2f} ms of the "
                             f"embedded writer's thread each ({w['writer_share']:.0%} of the phase); checkpoints "
                             f"{w.get('checkpoints_in_commits', 0)} in commits, {w.get('checkpoints_in_pauses', 0)} in pauses; "
                             f"reopened {w.get('reopens', 0)}")
            if "cache_waits" in w:
                lines.append(f"mix at {clients} clients: {w['cache_waits']} requests waited for a cached value's read or patch "
                             f"({w['cache_waits'] / max(w['transactions'], 1):.1f} per transaction)")
            if "write_turns" in w:
                lines.append(f"mix at {clients} clients: {w['transactions']} transactions; the write turn taken {w['write_turns']} times, "
                             f"held {w['turn_held_ms']:.2f} ms each ({w['turn_busy_share']:.0%} of the phase), "
                             f"waited for {w['turn_waited_ms']:.2f} ms each")
    if result.get("cold_reads"):
        lines += ["", "reads right after a write (1 client):", f"{'read':<44} {'p50 ms':>8} {'p95 ms':>8}  errors"]
        for name, s in result["cold_reads"].items():
            errors = ", ".join(f"{k} x{v}" for k, v in s["errors"].items()) or "-"
            lines.append(f"{name:<44} {s['p50_ms']:>8.2f} {s['p95_ms']:>8.2f}  {errors}")
    if result.get("events"):
        e = result["events"]
        r, c = e["after_response"], e["after_commit"]
        lines += ["", f"live events, {e['searchers']} clients searching: {e['requests']} requests for assistance, missing {e['missing']}; "
                      f"event after the request was sent p50 {e['p50_ms']:.2f} / p95 {e['p95_ms']:.2f} / p99 {e['p99_ms']:.2f} ms, "
                      f"after its commit p50 {c['p50_ms']:.2f} / p95 {c['p95_ms']:.2f} / p99 {c['p99_ms']:.2f} ms ({c['requests']} stamped), "
                      f"after its response p50 {r['p50_ms']:.2f} / p95 {r['p95_ms']:.2f} / p99 {r['p99_ms']:.2f} ms"]
    if result.get("soak"):
        k = result["soak"]
        lines += ["", f"soak ({k['seconds']} s of the mix at 8 clients): server RSS {k['start_mb']} MB at the start, "
                      f"{k['peak_mb']} MB at most, {k['end_mb']} MB at the end"]
        w = k.get("writer") or {}
        if "checkpoints_in_commits" in w:  # the embedded engine's: which of the soak's writes waited for one
            lines.append(f"soak: {w['transactions']} transactions; checkpoints {w['checkpoints_in_commits']} in commits, "
                         f"{w['checkpoints_in_pauses']} in pauses; reopened {w.get('reopens', 0)}")
    if result.get("scaling"):
        lines += ["", "scaling (embedded; each network served alike): factor, network, load s, searchLiaisons p50 ms, "
                      "coverage p50 ms, peak RSS MB (in brackets: x the first row)"]
        first = result["scaling"][0]
        for row in result["scaling"]:
            cells = [str(row.get("factor")), str(row.get("network", row.get("skipped", "-")))]
            for k in ("load_seconds", "search_p50_ms", "coverage_p50_ms", "peak_rss_mb"):
                value, base = row.get(k), first.get(k)
                cells.append("-" if value is None else f"{value} ({value / base:.2f}x)" if base else str(value))
            lines.append("  " + ", ".join(cells))
    return lines


def run(args: argparse.Namespace, server: BundledNeo4j | None = None) -> dict[str, Any]:
    """A temporary directory for the run and, with --engine neo4j, a Neo4j server in it; both are
    gone when this returns or raises (Ctrl+C included). `server`: an empty bundled Neo4j started
    by the caller (the tests), used instead and left running."""
    with tempfile.TemporaryDirectory(prefix="lonet-bench-") as tmp:
        work = Path(tmp)
        neo4j = None
        if args.engine == "neo4j" and server is None:
            neo4j = BundledNeo4j(work / "neo4j")
        try:
            if neo4j is not None:
                if args.json != "-":
                    print("starting Neo4j ...", file=sys.stderr, flush=True)
                neo4j.start()
            return asyncio.run(main_async(args, work, neo4j or server))
        finally:
            if neo4j is not None:
                neo4j.stop()


def main(argv: list[str] | None = None, *, server: BundledNeo4j | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small network and short phases (under a minute)")
    parser.add_argument("--engine", choices=[e.value for e in Engine], default="embedded",
                        help="the store: embedded (LadybugDB, default) or neo4j (a bundled Neo4j 5.26 server started for the run)")
    parser.add_argument("--json", nargs="?", const="-", metavar="FILE", help="write the results as JSON (to stdout or FILE)")
    parser.add_argument("--store", type=Path, help="use a copy of this store (from --save-store) instead of generating (embedded only)")
    parser.add_argument("--save-store", type=Path, help="keep a copy of the generated store here (embedded only)")
    parser.add_argument("--scale", type=float, help="network size (default 1.0; --quick 0.05)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--requests", type=int, help="requests per operation with 1 client (default 200; --quick 30)")
    parser.add_argument("--seconds", type=float, help="seconds per operation with 32 clients (default 10; --quick 2.5)")
    parser.add_argument("--coverage-requests", type=int, help="coverage reports with 1 client (default: requests / 5)")
    parser.add_argument("--operations", help=f"comma-separated subset of {','.join(OPERATIONS)}")
    parser.add_argument("--clients", type=lambda v: [int(x) for x in v.split(",")], default=[1, 32], help="default 1,32")
    parser.add_argument(
        "--profile", type=Path, metavar="FILE",
        help="run the server under pyinstrument (pip install -e '.[bench]') and write its profile (.html or text)",
    )
    parser.add_argument("--warm-up", type=float, metavar="SECONDS",
                        help="run the write mix at 8 clients this long before the timed phases, not timed "
                             "(default 30 with --engine neo4j, whose JVM compiles as it runs; else 0)")
    parser.add_argument("--no-felt", action="store_true", help="leave out the write mix, cold reads and live events")
    parser.add_argument("--soak", type=float, nargs="?", const=600.0, metavar="SECONDS",
                        help="also run the write mix at 8 clients this long (default 600 s), sampling the server's RSS")
    parser.add_argument("--peer", action="store_true",
                        help="with --engine neo4j: also time bench/peer (@neo4j/graphql on the same Neo4j; `make bench-peer` installs it) "
                             "against lonet on the nested officers page and a candidate query, at 1 and 32 clients")
    parser.add_argument("--scaling", action="store_true", help="also generate, load and serve (searchLiaisons and coverage, 1 client) the run's network and networks 2 and 4 times as large (embedded)")
    args = parser.parse_args(argv)
    if args.engine == "neo4j" and (args.store or args.save_store):
        # A copy of a Neo4j data directory taken mid-run (the server stopped after the load, then
        # started again) did not come back within 180 s on the full network: not offered.
        parser.error("--store and --save-store are for the embedded engine; --engine neo4j generates and loads its network every run")
    if args.peer and args.engine != "neo4j":
        parser.error("--peer serves the run's Neo4j graph: it needs --engine neo4j")
    if args.store is not None and not args.store.is_file():
        parser.error(f"--store {args.store}: not an embedded store file saved by --save-store")
    if server is not None and args.engine != "neo4j":
        parser.error("a given Neo4j server is for --engine neo4j")
    result = run(args, server)
    if args.json == "-":
        print(json.dumps(result, indent=2))
    else:
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
        print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
