"""Several workers as one service (issue 15): two `lonet serve` processes on two ports, on the
Neo4j of the test session (the demo network) and one real Redis (LONET_BROKER_URL).

A subscriber on A hears every change made through B; a change made through B shows in A's reads
at once rather than after LONET_CACHE_SECONDS (30 s here); the rate limit is counted once for
both; and with Redis killed both serve on, /readyz says the broker is degraded, and all of it
resumes by itself when Redis is back on the same port.
"""

from __future__ import annotations

import asyncio
import json
import queue
import socket
import statistics
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from cryptography.fernet import Fernet
from websockets.sync.client import ClientConnection, connect

from service.domain.models import Tasking
from service.security.tokens import DevTokens
from service.store.queries import tasking as q
from service.usecases.reads import fetch
from service.store import open_executor

from .api.conftest import CLAIMS, DEMO_TODAY
from .api.test_graphql_http_audit import free_port, log_tail, server_env
from .conftest import SHARED_NEO4J, neo4j_settings
from .redis_server import RedisServer
from .test_durability import REQUEST, start

pytestmark = pytest.mark.neo4j

BROKER_KEY = Fernet.generate_key().decode()
RATE = 40  # per minute and subject: each test below acts as subjects of its own
DELIVERY_S = 0.2  # a change through B heard on A / shown in A's reads within this
SUBSCRIBE = "subscription { taskingUpdated { id status version } }"
SEARCH = '{ searchLiaisons(country: "RS", competence: "DRUGS") { matches { officer { id } available } } }'
TRANSITIONS = [
    ("ACCEPTED", 'mutation($id: ID!, $v: Int!) { acceptTasking(id: $id, version: $v) { id version } }'),
    ("IN_PROGRESS", 'mutation($id: ID!, $v: Int!) { startTasking(id: $id, version: $v) { id version } }'),
    ("COMPLETED", 'mutation($id: ID!, $v: Int!) { completeTasking(id: $id, version: $v, outcome: "address confirmed", handlingCode: H1, sourceReliability: B, informationAssessment: 2) { id version } }'),
]
SET_AVAILABILITY = "mutation($s: Availability!, $v: Int!) { setAvailability(status: $s, note: \"broker test\", version: $v) { version } }"


@dataclass
class Pair:
    a: str  # base URLs of the two workers
    b: str
    tokens: DevTokens
    logs: tuple[Path, Path]
    pids: tuple[int, int]  # the processes serving a and b

    def bearer(self, subject: str, role: str, service: str, officer: str | None = None) -> dict[str, str]:
        token = self.tokens.issue(subject=subject, roles=[role], service=service, officer_id=officer)
        return {"Authorization": f"Bearer {token}", "X-Justification": "case BNL-2026-000015"}

    def investigator(self, subject: str) -> dict[str, str]:
        return self.bearer(f"be-fedpol:{subject}", "investigator", "BE-FEDPOL")

    def lo_belgrade(self, subject: str) -> dict[str, str]:
        return self.bearer(f"lo:LO-001:{subject}", "liaison_officer", "NL-POLITIE", "LO-001")


def graphql(base: str, headers: dict[str, str], query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """The data of a request that must succeed."""
    response = httpx.post(f"{base}/graphql", json={"query": query, "variables": variables}, headers=headers, timeout=30)
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return body["data"]


def readyz(base: str) -> dict[str, Any]:
    response = httpx.get(f"{base}/readyz", timeout=5)
    assert response.status_code == 200, response.text  # degraded or not, the worker serves
    return response.json()


def reconnects(base: str) -> float:
    metrics = httpx.get(f"{base}/metrics", timeout=5).text
    return float(next(line.split()[1] for line in metrics.splitlines() if line.startswith("lonet_broker_reconnects_total ")))


def until(condition, seconds: float, message: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.02)


class Subscriber:
    """`taskingUpdated` over WebSocket on one worker; what arrives, with the time it arrived."""

    def __init__(self, base: str, headers: dict[str, str]) -> None:
        self.heard: queue.Queue[tuple[float, dict[str, Any]]] = queue.Queue()
        self.committed: list[str | None] = []  # each update's extensions.committedAt, in order
        self.socket: ClientConnection = connect(base.replace("http", "ws", 1) + "/graphql", subprotocols=["graphql-transport-ws"], open_timeout=10)
        self.socket.send(json.dumps({"type": "connection_init", "payload": {"Authorization": headers["Authorization"]}}))
        assert json.loads(self.socket.recv(timeout=10))["type"] == "connection_ack"
        self.socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        try:
            for message in self.socket:
                payload = json.loads(message)
                assert payload["type"] == "next", payload
                self.committed.append(payload["payload"].get("extensions", {}).get("committedAt"))
                self.heard.put((time.monotonic(), payload["payload"]["data"]["taskingUpdated"]))
        except Exception:  # closed at the end of the test
            pass

    def next(self, timeout: float = 5.0) -> tuple[float, dict[str, Any]]:
        try:
            return self.heard.get(timeout=timeout)
        except queue.Empty:
            pytest.fail(f"nothing heard within {timeout} s")

    def close(self) -> None:
        self.socket.close()
        self._reader.join(timeout=5)


@pytest.fixture(scope="module")
def pair(redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    home = tmp_path_factory.mktemp("broker")
    asyncio.run(_demo_network())
    env = {
        **server_env(home), "LONET_ENGINE": "neo4j", "LONET_AUTH_MODE": "dev", "LONET_TODAY": DEMO_TODAY.isoformat(),
        "LONET_BROKER_URL": redis_server.url, "LONET_BROKER_RETRY_SECONDS": "0.2", "LONET_RATE_LIMIT": f"{RATE}/minute",
        "LONET_BROKER_KEY": BROKER_KEY,  # as on every host of a deployment: the same for both
    }
    tokens = DevTokens(home / "dev-key.json", audience="lonet", claims=CLAIMS)  # the servers read this key
    ports, logs = (free_port(), free_port()), (home / "a.log", home / "b.log")
    with ThreadPoolExecutor(2) as starting:  # side by side: each takes seconds to start
        servers = list(starting.map(lambda n: start(env, home, ports[n], logs[n]), (0, 1)))
    try:
        yield Pair(f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}", tokens, logs, (servers[0].pid, servers[1].pid))
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        # The servers wrote taskings, availability and consultation records: the next test that
        # wants the demo network gets those areas put back.
        SHARED_NEO4J.dirty |= {"taskings", "sequences", "availability", "windows", "deputies", "audit", "settings"}


async def _demo_network() -> None:
    executor = open_executor(neo4j_settings())
    try:
        await SHARED_NEO4J.load(executor)
    finally:
        await executor.close()


async def _stored_tasking(tasking_id: str) -> dict[str, Any]:
    """A tasking as a worker would seal it (the domain model, as JSON)."""
    executor = open_executor(neo4j_settings())
    try:
        rows = await fetch(executor, q.TASKING_BY_ID, {"id": tasking_id})
    finally:
        await executor.close()
    return Tasking.model_validate(rows[0]).model_dump(mode="json")


def request_tasking(base: str, headers: dict[str, str], title: str) -> dict[str, Any]:
    variables = {"i": {"title": title, "country": "RS", "competences": ["DRUGS"], "legalBasis": "BENELUX_POLICE_TREATY_2018", "assignee": "LO-001"}}
    return graphql(base, headers, REQUEST, variables)["requestTasking"]


def test_a_subscriber_on_one_worker_hears_every_change_made_through_the_other(pair: Pair) -> None:
    investigator, lo = pair.investigator("inv.live"), pair.lo_belgrade("live")
    subscriber = Subscriber(pair.a, investigator)
    # Another service's investigator on A: the scope is checked there, as for A's own changes.
    outsider = Subscriber(pair.a, pair.bearer("nl-politie:inv.live", "investigator", "NL-POLITIE"))
    try:
        # The subscription listens once a change through B arrives (the protocol has no "subscribed");
        # the first reads on a cold server take their time.
        probes = [request_tasking(pair.b, investigator, "probe")["id"]]
        while subscriber.heard.empty():
            assert len(probes) < 20, "the subscriber on A never heard B"
            time.sleep(1.0)
            probes.append(request_tasking(pair.b, investigator, "probe")["id"])
        time.sleep(1.0)
        while not subscriber.heard.empty():
            assert subscriber.heard.get()[1]["id"] in probes

        heard: list[dict[str, Any]] = []
        delays: list[float] = []
        reads_before = _statements(pair.a, q.TASKING_BY_ID.name)
        heard_before = len(subscriber.committed)
        for n in range(5):  # 5 taskings x (requested, accepted, started, completed) = 20 changes
            tasking = request_tasking(pair.b, investigator, f"live {n}")
            changed_at = time.monotonic()
            arrived_at, update = subscriber.next()
            heard.append(update)
            delays.append(arrived_at - changed_at)
            for _status, mutation in TRANSITIONS:
                tasking = next(iter(graphql(pair.b, lo, mutation, {"id": tasking["id"], "v": tasking["version"]}).values()))
                changed_at = time.monotonic()
                arrived_at, update = subscriber.next()
                heard.append(update)
                delays.append(arrived_at - changed_at)
        reads_on_a = _statements(pair.a, q.TASKING_BY_ID.name) - reads_before
    finally:
        subscriber.close()
        outsider.close()

    assert outsider.heard.empty(), outsider.heard.get()
    assert len(heard) == 20
    by_tasking: dict[str, list[tuple[str, int]]] = {}
    for update in heard:
        by_tasking.setdefault(update["id"], []).append((update["status"], update["version"]))
    expected = [("REQUESTED", 1), *((status, v) for v, (status, _m) in enumerate(TRANSITIONS, start=2))]
    assert list(by_tasking.values()) == [expected] * 5, by_tasking
    # B sends the tasking as committed, sealed with the workers' key: A serves it without reading
    # the store, as B serves its own subscribers (measured here: 7-12 ms, Redis included).
    shown = [round(d * 1000) for d in delays]
    assert max(delays) < DELIVERY_S, f"deliveries (ms): {shown}"
    assert reads_on_a == 0
    # When each change committed on B reaches A's subscriber with it, in the order they were made.
    stamps = [datetime.fromisoformat(stamp) for stamp in subscriber.committed[heard_before:]]
    assert len(stamps) == 20 and stamps == sorted(stamps) and len(set(stamps)) == 20, stamps


def test_an_entry_with_fields_this_worker_does_not_know_still_reaches_its_subscribers(pair: Pair, redis_server: RedisServer) -> None:
    """A newer worker may tell more about a change (a field added to the entry): during a rolling
    upgrade this worker's subscribers still hear of it, with the fields it knows."""
    investigator = pair.investigator("inv.newer")
    tasking = request_tasking(pair.b, investigator, "told by a newer worker")
    subscriber = Subscriber(pair.a, investigator)
    try:
        time.sleep(0.5)  # subscribed (nothing else to wait for: the protocol has no "subscribed")
        body = {
            "tasking_id": tasking["id"], "status": "REQUESTED", "version": tasking["version"], "requesting_service": "BE-FEDPOL",
            "assignee": "LO-001", "action": "requested", "bookmarks": [], "committed_at": time.time(),
            "told_by_a_later_version": {"anything": 1},
        }
        redis.Redis.from_url(redis_server.url).xadd("lonet:changes", {"origin": "elsewhere", "kind": "tasking", "body": json.dumps(body)})
        _arrived, update = subscriber.next()
    finally:
        subscriber.close()
    assert update == {"id": tasking["id"], "status": "REQUESTED", "version": tasking["version"]}
    assert subscriber.committed[-1] is not None  # the stamp it carried, as a known field


def test_a_tasking_sealed_with_another_key_is_not_believed(pair: Pair, redis_server: RedisServer) -> None:
    """An entry in the stream that is not sealed with the workers' key (someone with access to
    Redis, or a worker configured with another key) is not delivered as it says: the subscriber
    hears the tasking as the store has it."""
    investigator = pair.investigator("inv.forged")
    tasking = request_tasking(pair.b, investigator, "forged")
    subscriber = Subscriber(pair.a, investigator)
    reads_before = _statements(pair.a, q.TASKING_BY_ID.name)
    try:
        time.sleep(0.5)  # subscribed (nothing else to wait for: the protocol has no "subscribed")
        forged = {**asyncio.run(_stored_tasking(tasking["id"])), "title": "forged", "status": "COMPLETED", "version": 99}
        body = {
            "tasking_id": tasking["id"], "status": "COMPLETED", "version": 99, "requesting_service": "BE-FEDPOL",
            "assignee": "LO-001", "action": "complete", "bookmarks": [],
            "sealed": Fernet(Fernet.generate_key()).encrypt(json.dumps(forged).encode()).decode(),
        }
        redis.Redis.from_url(redis_server.url).xadd("lonet:changes", {"origin": "elsewhere", "kind": "tasking", "body": json.dumps(body)})
        _arrived, update = subscriber.next()
    finally:
        subscriber.close()
    assert update == {"id": tasking["id"], "status": "REQUESTED", "version": tasking["version"]}
    assert _statements(pair.a, q.TASKING_BY_ID.name) == reads_before + 1  # read from the store instead


def _lo_001(base: str, headers: dict[str, str]) -> dict[str, Any]:
    matches = graphql(base, headers, SEARCH)["searchLiaisons"]["matches"]
    return next(m for m in matches if m["officer"]["id"] == "LO-001")


def _set_availability(pair: Pair, status: str) -> None:
    """LO-001 sets their availability through B."""
    lo = pair.lo_belgrade("availability")
    version = graphql(pair.b, lo, '{ officer(id: "LO-001") { version } }')["officer"]["version"]
    graphql(pair.b, lo, SET_AVAILABILITY, {"s": status, "v": version})


def _statements(base: str, name: str) -> float:
    """How often the worker ran a statement (its /metrics)."""
    metrics = httpx.get(f"{base}/metrics", timeout=5).text
    prefix = f'lonet_store_round_trips_total{{statement="{name}"}} '
    return float(next((line.split()[-1] for line in metrics.splitlines() if line.startswith(prefix)), 0))


def test_availability_set_through_one_worker_shows_in_the_others_search_at_once(pair: Pair) -> None:
    investigator = pair.investigator("inv.search")
    assert _lo_001(pair.a, investigator)["available"] is True  # A's read model is warm (kept 30 s)
    whole = _statements(pair.a, "directory.all_officers")
    records = _statements(pair.a, "directory.officer_by_id")  # A serves no mutation: each is a patch

    _set_availability(pair, "ON_LEAVE")
    changed_at = time.monotonic()

    # A patches its read model when the broker tells it, before anyone asks A anything.
    until(lambda: _statements(pair.a, "directory.officer_by_id") == records + 1, DELIVERY_S + 5, "A patched LO-001's record")
    time.sleep(max(0.0, changed_at + DELIVERY_S - time.monotonic()))
    assert _lo_001(pair.a, investigator)["available"] is False  # without the broker: for up to 30 s more
    assert _statements(pair.a, "directory.officer_by_id") == records + 1  # the search found it patched
    # A read that officer again, not every officer of the network (the broker named them).
    assert _statements(pair.a, "directory.all_officers") == whole


SETTINGS = "mutation($off: [NotificationKind!]!) { setNotificationSettings(emailOff: $off) { emailOff } }"
MY_NOTIFICATIONS = "{ myNotifications(first: 50) { nodes { kind emailStatus subjectId } } }"


def test_notification_settings_saved_through_one_worker_apply_to_the_others_next_request(pair: Pair) -> None:
    """A worker keeps users' notification settings (a request does not read them); an LO turning
    an e-mail off through B is heeded by A's next request, without waiting LONET_CACHE_SECONDS."""
    investigator, liaison = pair.investigator("inv.settings"), pair.lo_belgrade("lo.settings")
    before = request_tasking(pair.a, investigator, "broker test: mailed")  # A reads the settings and keeps them
    reads = _statements(pair.a, "notifications.chosen_settings")
    graphql(pair.b, liaison, SETTINGS, {"off": ["NEW_REQUEST"]})
    try:
        time.sleep(DELIVERY_S)
        after = request_tasking(pair.a, investigator, "broker test: not mailed")
        told = {(n["subjectId"], n["kind"]): n["emailStatus"] for n in graphql(pair.a, liaison, MY_NOTIFICATIONS)["myNotifications"]["nodes"]}
        assert told[(before["id"], "NEW_REQUEST")] != "NOT_SENT"  # LO-001 has an address
        assert told[(after["id"], "NEW_REQUEST")] == "NOT_SENT"
        assert _statements(pair.a, "notifications.chosen_settings") == reads + 1  # read again once, told by the broker
    finally:
        graphql(pair.b, liaison, SETTINGS, {"off": []})


def test_the_rate_limit_counts_requests_to_both_workers_once(pair: Pair) -> None:
    caller = pair.investigator("inv.rate")
    codes = [
        httpx.post(f"{base}/graphql", json={"query": "{ __typename }"}, headers=caller, timeout=30).status_code
        for base in [pair.a, pair.b] * (RATE // 2)
    ]
    assert codes == [200] * RATE
    for base in (pair.a, pair.b):  # each worker has seen only half the limit, and still refuses
        refused = httpx.post(f"{base}/graphql", json={"query": "{ __typename }"}, headers=caller, timeout=30)
        assert refused.status_code == 429, refused.text
        assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


def test_a_worker_whose_broker_connection_keeps_dropping_misses_no_change(pair: Pair, redis_server: RedisServer) -> None:
    """Redis stays up but A's connections to it are cut again and again (a flaky network, a
    proxy's idle timeout): A reads on from the last entry it read, so its subscriber hears every
    change B made while A was away, in order, and A's caches hear them too."""
    investigator = pair.investigator("inv.flaky")
    before = reconnects(pair.a)
    subscriber = Subscriber(pair.a, investigator)
    broker = redis.Redis(port=redis_server.port)
    a_name = f"lonet:{socket.gethostname()}:{pair.pids[0]}"  # how a worker names itself to Redis
    cutting = threading.Event()
    cuts = [0]

    def cut_a_again_and_again() -> None:
        while not cutting.is_set():
            for client in broker.client_list():
                if client.get("name") == a_name:
                    broker.client_kill_filter(_id=client["id"])
                    cuts[0] += 1
            time.sleep(0.03)

    try:
        warm = request_tasking(pair.b, investigator, "before the cuts")
        assert subscriber.next(timeout=10)[1]["id"] == warm["id"]
        cutter = threading.Thread(target=cut_a_again_and_again)
        cutter.start()
        try:
            made = [request_tasking(pair.b, investigator, f"while A is cut off {n}")["id"] for n in range(5)]
            _set_availability(pair, "ON_MISSION")
        finally:
            cutting.set()
            cutter.join(timeout=10)
        heard = [subscriber.next(timeout=10)[1]["id"] for _ in made]
        until(lambda: _lo_001(pair.a, investigator)["available"] is False, 5, "A's caches missed B's change")
    finally:
        subscriber.close()
        broker.close()
        _set_availability(pair, "AVAILABLE")

    assert cuts[0] >= 1, f"A's connection ({a_name}) was never seen on the broker"
    assert heard == made
    assert reconnects(pair.a) >= before + 1


def test_with_redis_killed_both_serve_on_and_everything_resumes_when_it_is_back(pair: Pair, redis_server: RedisServer) -> None:
    investigator = pair.investigator("inv.outage")
    before = {base: reconnects(base) for base in (pair.a, pair.b)}
    subscriber = Subscriber(pair.a, investigator)
    # Requests throughout, each caller well within the rate limit: none may fail for the outage.
    callers = [pair.investigator(f"inv.outage.{n}") for n in range(8)]
    failures: list[str] = []
    served = [0]
    stop = threading.Event()

    def keep_asking() -> None:
        n = 0
        while not stop.is_set():
            base, caller = (pair.a, pair.b)[n % 2], callers[n % len(callers)]
            response = httpx.post(f"{base}/graphql", json={"query": SEARCH}, headers=caller, timeout=30)
            if response.status_code != 200 or "errors" in response.json():
                failures.append(f"{base}: {response.status_code} {response.text[:200]}")
            served[0] += 1
            n += 1
            time.sleep(0.05)

    asker = threading.Thread(target=keep_asking)
    asker.start()
    try:
        warm = request_tasking(pair.b, investigator, "before the outage")
        assert subscriber.next(timeout=10)[1]["id"] == warm["id"]

        redis_server.kill()
        for base in (pair.a, pair.b):
            until(lambda: readyz(base)["status"] == "degraded", 5, f"{base} did not say the broker is degraded")
            assert readyz(base)["broker"]["status"] == "degraded"
        during = request_tasking(pair.b, investigator, "during the outage")  # B serves writes too
        served_during = served[0]
        until(lambda: served[0] >= served_during + 10, 10, "requests stalled while Redis was down")

        redis_server.start()
        for base in (pair.a, pair.b):
            until(lambda: readyz(base)["status"] == "ready", 5, f"{base} did not find Redis again")
        # B sends what it could not send during the outage: A's subscriber hears it late, not never.
        assert subscriber.next(timeout=5)[1]["id"] == during["id"]
        after = request_tasking(pair.b, investigator, "after the outage")
        assert subscriber.next(timeout=5)[1]["id"] == after["id"]
        _set_availability(pair, "AVAILABLE")
        until(lambda: _lo_001(pair.a, investigator)["available"] is True, 2, "A's caches did not hear B again")
    finally:
        stop.set()
        asker.join(timeout=30)
        subscriber.close()
        if redis_server.process is None or redis_server.process.poll() is not None:
            redis_server.start()  # the next tests' Redis

    assert not failures, failures[:5]
    for base in (pair.a, pair.b):
        assert reconnects(base) >= before[base] + 1, log_tail(pair.logs[0 if base == pair.a else 1])


def test_a_threat_notice_issued_through_one_worker_is_told_to_the_others(pair: Pair, redis_server: RedisServer) -> None:
    """The notice's event goes through the broker too (ids and addressed services only)."""
    issue = 'mutation($i: IssueNoticeInput!) { issueNotice(input: $i) { id } }'
    notice = {"subject": "Broker test", "text": "Pistols by bus.", "handlingCode": "H1", "validUntil": "2026-12-31", "services": ["LU-POLICE"]}
    newest = redis.Redis.from_url(redis_server.url).xrevrange("lonet:changes", count=1)
    issued = graphql(pair.b, pair.lo_belgrade("notice"), issue, {"i": notice})["issueNotice"]

    def notices() -> list[dict[str, Any]]:  # sent just after the commit, off the request's path
        entries = redis.Redis.from_url(redis_server.url).xrange("lonet:changes", min=f"({newest[0][0].decode()}" if newest else "-")
        return [json.loads(fields[b"body"]) for _id, fields in entries if fields[b"kind"] == b"notice"]

    until(notices, 2.0, "no notice entry in the stream")
    sent = notices()
    assert sent == [{"notice_id": issued["id"], "services": ["LU-POLICE"], "bookmarks": sent[0]["bookmarks"]}]


async def test_a_broker_asked_to_stop_while_redis_answers_with_a_failure_of_its_own_stops(redis_server: RedisServer) -> None:
    """Shutting down cancels the broker's reading. Should the Redis client answer that cancellation
    with a failure of its own (here a closed connection, as a timeout meeting the cancellation
    would be), the broker must not take it for an outage and wait to try again: it stops, and the
    worker's shutdown ends. (A two-worker demo on a loaded machine waited for ever on it.)"""
    from service.broker.redis_streams import RedisBroker
    from service.store.executor import StoreStats

    broker = RedisBroker(redis_server.url, retry_seconds=30)
    xread = broker._client.xread

    async def failing_when_cancelled(*args: Any, **kwargs: Any) -> Any:
        try:
            return await xread(*args, **kwargs)
        except asyncio.CancelledError as exc:
            raise redis.exceptions.ConnectionError("Connection closed by server.") from exc

    broker._client.xread = failing_when_cancelled  # type: ignore[method-assign]
    broker.start(StoreStats())
    for _ in range(200):
        if broker._reading:
            break
        await asyncio.sleep(0.01)
    assert broker._reading
    await asyncio.sleep(0.1)  # inside its blocking read

    started = time.monotonic()
    await asyncio.wait_for(broker.close(), timeout=10)
    assert time.monotonic() - started < 5
