"""Memory stays bounded however many distinct documents or dates callers send (issue 20, item 4):
validated documents are kept by accounted bytes (big ones not at all), computed coverage reports
up to a number. Measured on the caches' own accounting, not on the process's RSS; the server
process's allocator (service/api/collector.py) on a fresh process's own RSS."""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.api.app import create_app
from service.graphql import limits
from service.security.tokens import DevTokens
from service.store import Executor
from service.store.executor import Changes
from service.usecases.reads import DirectoryReads

from .conftest import CLAIMS, GraphQLClient, dev_settings

COVERAGE = "query($asOf: Date) { coverage(asOf: $asOf) { asOf summary { countries gap } } }"


@pytest.fixture
async def bounded(demo_store: Executor, tmp_path: Path) -> AsyncIterator[tuple[Any, GraphQLClient]]:
    settings = dev_settings(
        tmp_path,
        LONET_DOCUMENT_CACHE_BYTES=300_000,
        LONET_MAX_CACHED_DOCUMENT_BYTES=16_384,
        LONET_COVERAGE_MEMO_ENTRIES=8,
        LONET_REPORTS_AT_ONCE=1,
    )
    app = create_app(settings, executor=demo_store, insecure_dev_auth=True)
    tokens = DevTokens(settings.dev_key_file, audience=settings.oidc_audience, claims=CLAIMS)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://lonet.test") as http:
        yield app.app.state, GraphQLClient(http, demo_store, tokens).as_("manager-nl")


def literal_query(i: int, size: int) -> str:
    return '{ a: regions { code } b: officer(id: "%s-%d") { id } }' % ("x" * size, i)


async def test_many_distinct_documents_keep_the_cache_within_its_bytes(bounded) -> None:
    state, api = bounded
    documents = state.documents
    for i in range(80):
        response = await api.post(literal_query(i, 10_000))
        assert response.status_code == 200
    assert 0 < documents.accounted <= 300_000
    assert len(documents) < 80


async def test_many_distinct_documents_keep_the_costs_kept_for_the_query_limits_few_and_small(bounded) -> None:
    """The query limits keep the cost of documents found within them (each holding its parsed
    document): however many distinct ones are sent, only a few small ones are held."""
    _state, api = bounded
    for i in range(150):
        assert (await api.post(literal_query(i, 100))).status_code == 200
    for i in range(5):
        assert (await api.post(literal_query(i, 8_000))).status_code == 200
    kept = list(limits._WITHIN_LIMITS.values())
    assert 0 < len(kept) <= limits.MAX_KEPT_OPERATIONS
    assert all(len(k.operation.loc.source.body) <= limits.MAX_KEPT_DOCUMENT_CHARS for k in kept)


async def test_a_document_over_the_size_is_answered_but_not_kept(bounded) -> None:
    state, api = bounded
    documents = state.documents
    await api.post("{ regions { code } }")
    kept, accounted = len(documents), documents.accounted
    for i in range(10):
        response = await api.post(literal_query(i, 200_000))
        assert response.status_code == 200 and response.json()["data"]["a"], response.text
    assert (len(documents), documents.accounted) == (kept, accounted)
    assert documents.get(next(iter(documents._documents))) is not None  # the small one is still there


async def test_many_distinct_as_of_dates_keep_the_coverage_memo_bounded(bounded, demo_store: Executor) -> None:
    _, api = bounded
    first = date(2026, 11, 24)
    for offset in range(20):
        day = (first + timedelta(days=offset)).isoformat()
        data = await api.data(COVERAGE, {"asOf": day})
        assert data["coverage"]["asOf"] == day
    model = await DirectoryReads(demo_store).model()
    assert model.remembered("coverage") == 8


async def test_whole_network_reports_are_built_one_at_a_time_and_every_caller_is_answered(bounded) -> None:
    """With LONET_REPORTS_AT_ONCE=1, managers asking for reports at the same moment are answered
    one after the other, each in full (a report is ~10 MB of objects while it is built); other
    requests do not wait for them."""
    state, api = bounded
    waited = state.metrics.reports_waited._value.get()
    days = [(date(2026, 11, 24) + timedelta(days=i)).isoformat() for i in range(6)]

    async def report(day: str) -> dict:
        return (await api.data(COVERAGE, {"asOf": day}))["coverage"]

    async def regions() -> list:
        return (await api.data("{ regions { code } }"))["regions"]

    answers = await asyncio.gather(*(report(day) for day in days), regions())

    assert [a["asOf"] for a in answers[:-1]] == days and all(a["summary"]["countries"] > 0 for a in answers[:-1])
    assert answers[-1]  # not a report: it took no turn
    assert state.metrics.reports_waited._value.get() - waited >= 1  # the others waited for the first
    assert not state.report_turns.locked()  # every turn given back


def test_a_serving_process_gives_large_freed_buffers_back_to_the_system() -> None:
    """By default glibc would carve a large buffer freed after an earlier one from its heap and
    keep it resident (the embedded store's threads do this all day); a server process gives it
    back. In a fresh interpreter, as `lonet serve` tunes itself."""
    program = textwrap.dedent(
        """
        import os
        from service.api.collector import tune_for_serving

        def resident() -> int:
            return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

        tune_for_serving()
        block = bytearray(8 << 20)
        del block
        before = resident()
        block = bytearray(8 << 20)
        del block
        print(resident() - before)
        """
    )
    kept = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert int(kept.stdout) < 1 << 20  # 8 MB kept resident without the tuning


def test_a_serving_process_hands_back_what_its_threads_freed_within_seconds() -> None:
    """Threads that free most of what they allocated (the embedded store's reading threads after a
    large read) leave it resident in their arenas, as long as a block above it is in use; a
    serving process has glibc give those pages back every few seconds. In a fresh interpreter."""
    program = textwrap.dedent(
        """
        import asyncio, os, threading
        from service.api.collector import give_back_freed_memory, keep_malloc_thresholds, share_malloc_arenas

        def resident() -> int:
            return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

        share_malloc_arenas()
        keep_malloc_thresholds()
        still_used = []

        def churn() -> None:
            blocks = [bytearray(16 << 10) for _ in range(4096)]  # 64 MB, below the mmap threshold
            still_used.append(blocks.pop())  # the last block, above the freed ones, stays in use
            del blocks

        before = resident()
        threads = [threading.Thread(target=churn) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        kept = resident() - before

        async def serve_a_while() -> None:
            trimming = asyncio.create_task(give_back_freed_memory(0.05))
            await asyncio.sleep(0.5)
            trimming.cancel()

        asyncio.run(serve_a_while())
        print(kept, resident() - before)
        """
    )
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    kept, left = (int(n) for n in run.stdout.split())
    assert kept > 128 << 20  # freed, still resident: what the server would keep
    assert left < kept - (96 << 20)  # most of it handed back


def test_a_serving_process_threads_share_two_malloc_arenas() -> None:
    """Each thread that allocates would get an arena of its own (up to eight per core), each
    keeping its own freed memory; a serving process's threads share two (glibc's malloc_info
    lists them). In a fresh interpreter."""
    program = textwrap.dedent(
        """
        import ctypes, os, tempfile, threading
        from service.api.collector import share_malloc_arenas

        share_malloc_arenas()
        ready = threading.Barrier(8)

        def allocate() -> None:
            ready.wait()  # all at once: each would take an arena of its own
            blocks = [bytearray(4 << 10) for _ in range(256)]
            ready.wait()

        threads = [threading.Thread(target=allocate) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        libc = ctypes.CDLL(None)
        libc.fopen.restype = ctypes.c_void_p
        path = os.path.join(tempfile.mkdtemp(), "malloc_info.xml")
        stream = libc.fopen(path.encode(), b"w")
        libc.malloc_info(0, ctypes.c_void_p(stream))
        libc.fclose(ctypes.c_void_p(stream))
        print(open(path).read().count("<heap nr="))
        """
    )
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert 1 <= int(run.stdout) <= 2


def test_a_process_without_a_broker_or_a_pdf_loads_neither_library(tmp_path: Path) -> None:
    """Redis's client (~7 MB) only with LONET_BROKER_URL; fpdf2 and the imaging library it brings
    (~20 MB) only once a PDF is asked for: a process that runs alone and prints nothing holds
    neither. The app as `lonet serve` builds it, in a fresh interpreter."""
    program = textwrap.dedent(
        """
        import sys
        from service.api.app import create_app
        from service.settings import Settings

        settings = Settings(LONET_AUTH_MODE="dev", LONET_DEV_KEY_FILE=sys.argv[1], LONET_BROKER_URL=None)
        create_app(settings, insecure_dev_auth=True)
        print(sorted(name for name in ("redis", "fpdf", "PIL") if name in sys.modules))
        """
    )
    key_file = str(tmp_path / "dev-key.json")
    loaded = subprocess.run([sys.executable, "-c", program, key_file], capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "[]"


OFFICERS_PAGE = """{ officers(first: 20) { nodes { id name homeService { code }
  postings { city country { name } serves { code } } competences { level competence { code } } } } }"""

MY_TASKINGS = "{ myTaskings(first: 5) { nodes { id reference status } } }"


def alive(kind: type) -> int:
    return sum(type(o) is kind for o in gc.get_objects())


async def test_a_request_leaves_nothing_for_the_cyclic_collector(bounded) -> None:
    # Freed as its answer goes out, by reference counting: a request's loaders once held its
    # reads (a cycle with all it had loaded) and a unit of work's `remember` its changes (the
    # unit that writes a consultation record), both left for the collector, which a server runs
    # seldom (service/api/collector.py): the full bench network's server grew with its traffic.
    _, manager = bounded
    investigator = manager.as_("investigator-be")
    for api, query in ((manager, OFFICERS_PAGE), (investigator, MY_TASKINGS)):  # the caches read, the log's head known
        first = await api.post(query)
        assert first.status_code == 200 and "errors" not in first.json(), first.text
    gc.collect()
    gc.disable()
    try:
        reads, changes = alive(DirectoryReads), alive(Changes)
        for _ in range(3):
            page = await manager.post(OFFICERS_PAGE)
            assert len(page.json()["data"]["officers"]["nodes"]) == 20
            consulted = await investigator.post(MY_TASKINGS)  # personal data: a consultation record written
            assert consulted.json()["data"]["myTaskings"]["nodes"], consulted.text
        assert (alive(DirectoryReads), alive(Changes)) == (reads, changes)
    finally:
        gc.enable()
