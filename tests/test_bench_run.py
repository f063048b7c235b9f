"""bench/run.py end to end on a tiny network and short phases: every operation measured, directly
and over HTTP at 1 and 32 clients, with no error, on both engines. Neo4j is a real server (the
bundled Neo4j 5.26 of tools/neo4j, started here), and there the peer (bench/peer: @neo4j/graphql,
installed by `make install-test`) is timed beside lonet; the phases users feel (the write mix, cold
reads, live events) run on the embedded engine only. The full runs are made by hand
(bench/RESULTS.md).
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.store.bundled_neo4j import BundledNeo4j

from .bench_scripts import load_script
from .conftest import bundled_scratch_neo4j, empty_neo4j, scratch_neo4j_settings

TINY = ["--scale", "0.004", "--requests", "4", "--coverage-requests", "2", "--seconds", "0.3"]


@pytest.fixture(scope="module")
def bench():
    yield from load_script("run.py", "bench_run")


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """The direct phase tunes the collector as a server process would: undone for the next tests."""
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.fixture
def neo4j(tmp_path: Path) -> Iterator[BundledNeo4j]:
    """The run's empty-store server, emptied (starting a JVM of its own cost a minute of the
    suite); a server of its own when NEO4J_URI names an outside one."""
    scratch = bundled_scratch_neo4j()
    if scratch is not None:
        asyncio.run(empty_neo4j(scratch_neo4j_settings()))
        yield scratch
        return
    server = BundledNeo4j(tmp_path / "neo4j")
    server.start()
    yield server
    server.stop()


def measured(bench, output: str) -> dict[tuple[str, str], str]:
    """(operation, clients) -> the errors column, for each row of the printed table."""
    rows = {}
    for line in output.splitlines():
        fields = line.split()
        if len(fields) >= 8 and fields[0] in bench.OPERATIONS and fields[1] in ("direct", "1", "32"):
            float(fields[4])  # p50: a figure
            rows[(fields[0], fields[1])] = " ".join(fields[7:])
    return rows


def check(bench, output: str, result: dict, *, felt: bool = True, operations: tuple[str, ...] | None = None) -> None:
    operations = operations or tuple(bench.OPERATIONS)
    rows = measured(bench, output)
    assert set(rows) == {(op, clients) for op in operations for clients in ("direct", "1", "32")}, output
    assert all(errors == "-" for errors in rows.values()), output
    for phase in ("direct", "clients_1", "clients_32"):
        for operation in operations:
            summary = result[phase][operation]
            assert summary["requests"] > 0 and not summary["errors"], (phase, operation, summary)
    assert result["peak_rss_mb"] > 0
    # What any request costs (the search's overhead is read against it): measured and answered.
    # Not compared with the search's time here: a few requests on a busy machine can go either
    # way (a timing belongs in the bench's figures, not in a test).
    floor = result["floor"]
    assert all(floor[k]["requests"] > 0 and not floor[k]["errors"] and floor[k]["p50_ms"] > 0 for k in ("healthz", "typename")), floor
    assert "the floor, 1 client p50: GET /healthz" in output
    if not felt:
        assert not result["mix"] and "cold_reads" not in result and "write mix" not in output
        return
    # The phases users feel (issue 22): writes among searches, reads right after writes, live events.
    for clients in ("8", "32"):
        assert result["mix"][clients]["searchLiaisons"]["requests"] > 0, result["mix"]
        assert result["mix"][clients]["requestTasking"]["requests"] + result["mix"][clients]["setAvailability"]["requests"] > 0
    assert all(s["requests"] > 0 and not s["errors"] for s in result["cold_reads"].values()), result["cold_reads"]
    assert result["events"]["requests"] > 0 and result["events"]["missing"] == 0, result["events"]
    # Each event's time from its commit (its extensions.committedAt), as the figure asks.
    assert result["events"]["after_commit"]["requests"] == result["events"]["requests"], result["events"]
    assert "write mix" in output and "reads right after a write" in output and "after its commit" in output
    # What the mix's commits cost the store's writer (the embedded engine's thread: its time each).
    for clients in ("8", "32"):
        writer = result["mix_writer"][clients]
        assert writer["transactions"] > 0, writer
        if result["engine"] == "embedded":
            assert writer["writer_ms_per_transaction"] > 0 and 0 < writer["writer_share"] <= 1, writer
            # Whether the phase's writes waited for a checkpoint: counted, not guessed from its figures.
            printed = f"checkpoints {writer['checkpoints_in_commits']} in commits, {writer['checkpoints_in_pauses']} in pauses"
            assert printed in output, writer
        else:
            assert "checkpoints_in_commits" not in writer, writer
            assert f"mix at {clients} clients: {writer['transactions']} transactions" in output


def test_the_bench_runs_on_the_embedded_engine(bench, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main([*TINY, "--soak", "2", "--scaling", "--json", str(tmp_path / "out.json")]) == 0

    result = json.loads((tmp_path / "out.json").read_text())
    output = capsys.readouterr().out
    check(bench, output, result)
    assert result["engine"] == "embedded" and result["neo4j"] is None
    assert result["warm_up"] is None and "warm-up" not in output  # nothing compiles as it runs here
    # The soak samples the server's memory while the mix runs.
    soak = result["soak"]
    assert len(soak["rss_mb"]) >= 2 and soak["peak_mb"] >= soak["start_mb"] > 0, soak
    assert soak["mix"]["searchLiaisons"]["requests"] > 0 and "soak (2.0 s" in output
    # Its commits, and whether they waited for checkpoints.
    assert soak["writer"]["transactions"] > 0, soak["writer"]
    printed = f"checkpoints {soak['writer']['checkpoints_in_commits']} in commits, {soak['writer']['checkpoints_in_pauses']} in pauses"
    assert f"soak: {soak['writer']['transactions']} transactions; {printed}" in output
    # The scaling run: the network once, twice and four times as large, each loaded and served alike.
    rows = result["scaling"]
    assert [row["factor"] for row in rows] == [1, 2, 4], rows
    officers = [int(row["network"].split()[0].replace(",", "")) for row in rows]
    assert officers[1] == 2 * officers[0] and officers[2] == 4 * officers[0], rows
    assert all(row["load_seconds"] > 0 and row["search_p50_ms"] > 0 and row["coverage_p50_ms"] > 0 and row["peak_rss_mb"] > 0 for row in rows)
    assert "scaling (embedded; each network served alike)" in output


def test_the_bench_runs_on_neo4j(
    bench, neo4j: BundledNeo4j, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # 32 clients asking for coverage at once queue for the server's one core: on a loaded machine
    # the last waits past the default store deadline. This test is about the bench running, not
    # its figures.
    monkeypatch.setenv("LONET_STORE_TIMEOUT_SECONDS", "120")
    # Likewise 32 clients requesting assistance at once take the same sequence's lock: on a loaded
    # machine Neo4j's deadlock retries outlast the default 5 s (HTTP 503 seen at load 13).
    monkeypatch.setenv("LONET_NEO4J_RETRY_SECONDS", "60")
    # Every operation and the felt phases run on the embedded engine above; here a read, a
    # directory page and the writes show the Neo4j run works (the suite's time is counted).
    operations = ("searchLiaisons", "officers", "requestTasking", "acceptTasking")
    arguments = ["--engine", "neo4j", "--peer", "--no-felt", "--warm-up", "0.6", "--operations", ",".join(operations[:3]), *TINY]
    assert bench.main([*arguments, "--json", str(tmp_path / "out.json")], server=neo4j) == 0

    output = capsys.readouterr().out
    result = json.loads((tmp_path / "out.json").read_text())
    check(bench, output, result, felt=False, operations=operations)
    assert result["engine"] == "neo4j" and "engine: neo4j" in output
    assert result["neo4j"]["version"].startswith("5.26") and result["neo4j"]["peak_rss_mb"] > 0
    assert neo4j.running()  # the caller's server: left to the caller
    # The JVM's warm-up before the timed phases: the write mix, its figures by slice, printed.
    warm_up = result["warm_up"]
    assert warm_up["seconds"] == 0.6 and len(warm_up["slices"]) == bench.WARM_UP_SLICES, warm_up
    assert all(x["writes_per_s"] > 0 and x["errors"] == 0 for x in warm_up["slices"]), warm_up
    assert "warm-up, not timed (8 clients for 0.6 s, 9 in 10 searches, 1 in 10 writes), by slice: writes a second" in output

    # The peer, on the same graph: both sides answered every request of both questions, at 1 and
    # 32 clients, and gave the same officers, in the same order, with the same posting countries.
    peer = result["peer"]
    assert peer["versions"]["@neo4j/graphql"] == "7.6.3", peer["versions"]
    for query in ("officers", "candidates"):
        for clients in ("1", "32"):
            pair = peer["queries"][query][clients]
            for side in ("lonet", "peer"):
                assert pair[side]["requests"] > 0 and not pair[side]["errors"], (query, clients, side, pair)
            assert pair["peer_p50_over_lonet"] > 0, pair
    agreement = peer["agreement"]
    assert agreement["officers"] > 0 and agreement["countries"] > 0 and agreement["differences"] == [], agreement
    assert "peer p50 / lonet p50" in output and "0 differing" in output


@pytest.mark.parametrize("option", ["--store", "--save-store"])
def test_a_neo4j_run_keeps_no_store(bench, tmp_path: Path, option: str, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "b.lbug").write_bytes(b"")

    with pytest.raises(SystemExit):
        bench.main(["--engine", "neo4j", option, str(tmp_path / "b.lbug")])
    assert "for the embedded engine" in capsys.readouterr().err


def test_a_phase_s_figures_tell_whether_neo4j_writes_queued_for_the_write_turn(bench) -> None:
    """From the server's counters before and after a phase (on Neo4j): per write, how long it held
    the process's write turn and waited for it, and how much of the phase the turn was held; how
    many requests waited for a cached value's patch; printed with the mix's table."""
    turns = "lonet_store_write_turns_total"
    waited, held = (f'lonet_store_write_turn_seconds_total{{what="{what}"}}' for what in ("waited", "held"))
    before = {"lonet_store_transactions_total": 10.0, turns: 10.0, waited: 0.5, held: 0.1, "lonet_cache_waits_total": 7.0}
    after = {"lonet_store_transactions_total": 410.0, turns: 410.0, waited: 120.5, held: 4.1, "lonet_cache_waits_total": 1207.0}
    figures = bench.writer_figures(before, after, 5.0)
    assert figures == {
        "transactions": 400, "cache_waits": 1200, "write_turns": 400, "turn_held_ms": 10.0, "turn_waited_ms": 300.0, "turn_busy_share": 0.8,
    }
    # The embedded engine has no turn: nothing said about one.
    embedded = {"lonet_store_transactions_total": 3.0, "lonet_store_writer_seconds_total": 0.1}
    assert "write_turns" not in bench.writer_figures({}, embedded, 1.0)

    printed = "\n".join(bench.felt_table({"mix": {"32": {}}, "mix_writer": {"32": figures}}))
    assert (
        "mix at 32 clients: 400 transactions; the write turn taken 400 times, held 10.00 ms each (80% of the phase), "
        "waited for 300.00 ms each"
    ) in printed
    # And the searches that waited for the read model's patch after the writes' commits.
    assert "mix at 32 clients: 1200 requests waited for a cached value's read or patch (3.0 per transaction)" in printed
