"""The taskings a caller may see, wherever they look: an empty scope is nothing, never everything.

A token whose service claim names no known service (`nl-politie`, `DE-BKA`, `XX`) is refused at
authentication (401 naming the claim), on HTTP, the CSV exports and WebSocket alike. Behind that
door the scope is still closed by itself: a caller whose scope is empty reads no tasking through
any list or statistic. And the property: for every role and any claim values, every tasking a
list, a filter, a subscription or a statistic shows or counts is one `tasking(id)` shows the same
caller.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from joserfc import jwt
from joserfc.jwk import ECKey

from seed import DEFAULT_SEED_DIR
from service.api.authentication import identify
from service.errors import Unauthenticated
from service.events import InProcessEventBus, TaskingUpdated
from service.security.identity import Identity, Role
from service.security.tokens import DEV_ISSUER
from service.store import Executor
from service.usecases import analytics, taskings
from service.usecases.audit import AuditTrail
from service.usecases.deliveries import TaskingFanout
from service.usecases.reads import DirectoryReads
from tests.api.conftest import DEMO_TODAY, dev_settings

from .helpers import serve

SEED = {name: json.loads((DEFAULT_SEED_DIR / f"{name}.json").read_text()) for name in ("taskings", "services")}
TASKINGS = {t["id"]: t for t in SEED["taskings"]}
SERVICES = sorted(s["code"] for s in SEED["services"])
ASSIGNEES = sorted({t["assignee"] for t in SEED["taskings"]})
UNKNOWN_SERVICES = ["nl-politie", "DE-BKA", "XX", "BE-NOPE", "", " BE-FEDPOL", "BE-FEDPOL\n"]
OPEN = {"REQUESTED", "ACCEPTED", "IN_PROGRESS"}


class Caller:
    """Signs tokens with any claims at all with the dev key of the app under test."""

    def __init__(self, http: httpx.AsyncClient, key: ECKey) -> None:
        self.http, self.key = http, key

    def token(self, claims: dict[str, Any]) -> str:
        now = int(time.time())
        return jwt.encode(
            {"alg": "ES256", "kid": self.key.kid}, {"iss": DEV_ISSUER, "aud": "lonet", "iat": now, "exp": now + 600, **claims}, self.key
        )

    async def post(self, token: str, query: str, variables: dict[str, Any] | None = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"}
        return await self.http.post("/graphql", json={"query": query, "variables": variables}, headers=headers)


@pytest.fixture
async def app(demo_store: Executor, tmp_path: Path) -> AsyncIterator[tuple[Any, Caller]]:
    settings_ = dev_settings(tmp_path, LONET_RATE_LIMIT="1000000/minute")
    async with serve(settings_, demo_store) as (starlette, http):
        key = ECKey.import_key(json.loads(settings_.dev_key_file.read_text()))  # the app created it
        yield starlette, Caller(http, key)


def assert_refused_naming_the_service_claim(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "service claim" in error["message"], error["message"]


# -- refused at the door -------------------------------------------------------------------------


@pytest.mark.parametrize("service", ["nl-politie", "DE-BKA", "XX", "BE-NOPE"])
@pytest.mark.parametrize("role", ["manager", "investigator", "admin"])
async def test_a_token_whose_service_claim_names_no_known_service_is_refused_at_authentication(
    app: tuple[Any, Caller], service: str, role: str
) -> None:
    _starlette, caller = app
    token = caller.token({"sub": f"someone:{role}", "roles": [role], "service": service})

    assert_refused_naming_the_service_claim(await caller.post(token, "{ taskings(first: 100) { nodes { id } } }"))
    assert_refused_naming_the_service_claim(await caller.post(token, "{ workload { open } }"))
    export = await caller.http.get(
        "/exports/programme-report.csv", params={"code": "BALKANS_PILOT"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert_refused_naming_the_service_claim(export)


@pytest.mark.parametrize("service", [5, ["NL-POLITIE"], {"code": "NL-POLITIE"}, "NL-POLITIE' OR 1=1"])
async def test_a_malformed_service_claim_is_refused_at_authentication(app: tuple[Any, Caller], service: Any) -> None:
    _starlette, caller = app
    token = caller.token({"sub": "someone:manager", "roles": ["manager"], "service": service})

    response = await caller.post(token, "{ taskings(first: 100) { nodes { id } } }")

    assert response.status_code == 401 and "service" in response.json()["errors"][0]["message"]


# -- an empty scope is nothing ----------------------------------------------------------------------


async def test_a_scope_that_matches_no_service_reads_no_tasking_in_any_list_or_statistic(demo_store: Executor) -> None:
    """Behind authentication too: a manager whose country has no service (the directory changed
    after the token was checked, or a caller outside HTTP) sees nothing, not everything."""
    nobody = Identity(subject="mgr:xx", roles=frozenset({Role.MANAGER}), service="XX-NOWHERE")
    reads = DirectoryReads(demo_store)
    trail = AuditTrail(nobody, None, "test")
    at, zone = datetime(2026, 11, 24, 12, tzinfo=timezone.utc), ZoneInfo("Europe/Brussels")

    page = await taskings.find_taskings(reads, nobody, trail, taskings.TaskingFilter(), 100, None, at)
    overdue = await taskings.find_taskings(reads, nobody, trail, taskings.TaskingFilter(overdue=True), 100, None, at)
    load = await analytics.workload(reads, nobody, at)
    times = await analytics.response_times(reads, nobody, None, None, DEMO_TODAY, zone)
    report = await analytics.programme_report(reads, nobody, "BALKANS_PILOT", None, None, DEMO_TODAY, zone)

    assert page.items == [] and overdue.items == []
    assert (load.open, load.by_requesting_service) == (0, [])
    assert times.overall.taskings == 0
    assert report.use.taskings == 0


# -- the property --------------------------------------------------------------------------------

ROLES = [r.value for r in Role]
# Tokens lonet accepts (where a leak would be) as often as arbitrary ones (which it must refuse).
accepted_claims = st.fixed_dictionaries(
    {
        "sub": st.text(min_size=1, max_size=8),
        "roles": st.lists(st.sampled_from(ROLES), min_size=1, max_size=3, unique=True),
        "service": st.sampled_from(SERVICES),
        "officer_id": st.one_of(st.sampled_from(ASSIGNEES), st.text(min_size=1, max_size=8)),
    }
)
arbitrary_claims = st.fixed_dictionaries(
    {
        "sub": st.one_of(st.just("someone"), st.text(min_size=1, max_size=8)),
        "roles": st.one_of(st.lists(st.sampled_from(ROLES + ["superuser", "MANAGER"]), max_size=3), st.just("manager"), st.none()),
        "service": st.one_of(st.sampled_from(SERVICES), st.sampled_from(UNKNOWN_SERVICES), st.text(max_size=12), st.none()),
        "officer_id": st.one_of(st.sampled_from(ASSIGNEES), st.none(), st.text(max_size=8)),
    }
)
claims_strategy = st.one_of(accepted_claims, arbitrary_claims)
filter_strategy = st.fixed_dictionaries(
    {},
    optional={
        "status": st.lists(st.sampled_from(["REQUESTED", "ACCEPTED", "IN_PROGRESS", "COMPLETED", "DECLINED"]), max_size=2),
        "overdue": st.booleans(),
        "country": st.sampled_from(["RS", "MA", "CO", "AL"]),
        "assignee": st.sampled_from(ASSIGNEES),
        "requestingService": st.sampled_from(SERVICES),
    },
)

ONE = "t{i}: tasking(id: \"{id}\") {{ id status createdAt requestingService {{ code }} assignee {{ id }} }}"
LISTS = """query($filter: TaskingFilter) {
  all: taskings(first: 100) { nodes { id } }
  filtered: taskings(first: 100, filter: $filter) { nodes { id } }
  mine: myTaskings(first: 100) { nodes { id } }
  mineFiltered: myTaskings(first: 100, filter: $filter) { nodes { id } }
}"""
STATISTICS = """{
  workload { open overdue byRequestingService { key open } byOfficer { key open } }
  responseTimes(from: "2000-01-01", to: "2026-12-31") { overall { taskings } byOfficer { key taskings } }
  programmeReport(code: "BALKANS_PILOT", from: "2000-01-01", to: "2026-12-31") { taskings byRequestingService { key count } }
}"""


async def allowed_by_tasking_id(caller: Caller, token: str) -> dict[str, dict[str, Any]] | None:
    """Every demo tasking `tasking(id)` shows this caller, in batches within the alias limit
    (None: the token is refused)."""
    ids = sorted(TASKINGS)
    seen: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 12):
        query = "{ " + " ".join(ONE.format(i=i, id=ids[i]) for i in range(start, min(start + 12, len(ids)))) + " }"
        response = await caller.post(token, query)
        if response.status_code == 401:
            return None
        body = response.json()
        for error in body.get("errors", []):
            assert error["extensions"]["code"] in ("FORBIDDEN", "NOT_FOUND"), error
        seen |= {t["id"]: t for t in (body.get("data") or {}).values() if t is not None}
    return seen


async def heard_live(starlette: Any, executor: Executor, token: str) -> set[str]:
    """What the taskingUpdated stream delivers to this caller when every demo tasking changes."""
    try:
        identity = await identify(starlette.state, token)
    except Unauthenticated:
        return set()
    bus = InProcessEventBus()
    fanout = TaskingFanout(bus, executor)
    stream = fanout.updates(identity)
    # An administrator hears every change. The fanout deals the changes one at a time, each to
    # every subscriber who may hear it: once the administrator has heard the last change, every
    # delivery meant for the caller is already queued (no waiting for the stream to fall silent).
    watcher = fanout.updates(Identity("watcher", frozenset({Role.ADMIN}), "BE-FEDPOL"))
    first = asyncio.ensure_future(anext(stream))
    watched = asyncio.ensure_future(anext(watcher))
    while bus.subscribers == 0 or len(fanout.subscribers) < 2:
        await asyncio.sleep(0)
    for t in SEED["taskings"]:
        await bus.publish(TaskingUpdated(t["id"], t["status"], 1, t["requestingService"], t["assignee"], "ACCEPTED"))
    last = SEED["taskings"][-1]["id"]
    while (await asyncio.wait_for(watched, 5)).tasking.id != last:
        watched = asyncio.ensure_future(anext(watcher))
    heard: set[str] = set()
    pending: asyncio.Future = first
    while True:
        try:
            delivery = await asyncio.wait_for(pending, 0.05)  # queued already: at once
            heard.add(delivery.tasking.id)
        except (TimeoutError, StopAsyncIteration):
            break
        pending = asyncio.ensure_future(anext(stream))
    await stream.aclose()
    await watcher.aclose()
    return heard


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(claims=claims_strategy, tasking_filter=filter_strategy)
# Found in CI: an LO token whose officer claim is empty was accepted, and its inbox refused.
@example(claims={"sub": "someone", "roles": ["liaison_officer"], "service": "BE-BBI", "officer_id": ""}, tasking_filter={})
async def test_every_tasking_any_view_shows_or_counts_is_one_tasking_id_allows(
    app: tuple[Any, Caller], demo_store: Executor, claims: dict[str, Any], tasking_filter: dict[str, Any]
) -> None:
    starlette, caller = app
    token = caller.token({k: v for k, v in claims.items() if v is not None})
    allowed = await allowed_by_tasking_id(caller, token)
    event("refused" if allowed is None else f"accepted, {'some' if allowed else 'no'} taskings visible")

    lists = await caller.post(token, LISTS, {"filter": tasking_filter})
    if allowed is None:  # refused at the door: nothing visible anywhere
        assert lists.status_code == 401
        assert (await caller.post(token, STATISTICS)).status_code == 401
        assert await heard_live(starlette, demo_store, token) == set()
        return
    body = lists.json()
    assert body.get("data") is not None, (claims, body.get("errors"))
    for name, connection in (body.get("data") or {}).items():
        if connection is not None:
            shown = {n["id"] for n in connection["nodes"]}
            assert shown <= set(allowed), (name, claims, tasking_filter, shown - set(allowed))
    assert body["data"]["all"] is not None and {n["id"] for n in body["data"]["all"]["nodes"]} == set(allowed)

    assert await heard_live(starlette, demo_store, token) <= set(allowed)

    statistics = (await caller.post(token, STATISTICS)).json()
    if statistics.get("data") is None:  # investigators and LOs: no statistics at all
        assert {e["extensions"]["code"] for e in statistics["errors"]} == {"FORBIDDEN"}
        return
    by_service = Counter(t["requestingService"]["code"] for t in allowed.values())
    by_officer = Counter(t["assignee"]["id"] for t in allowed.values())
    open_by_service = Counter(t["requestingService"]["code"] for t in allowed.values() if t["status"] in OPEN)
    workload = statistics["data"]["workload"]
    assert workload["open"] == sum(open_by_service.values()), claims
    assert {g["key"]: g["open"] for g in workload["byRequestingService"]} == dict(open_by_service)
    assert all(g["open"] <= by_officer[g["key"]] for g in workload["byOfficer"])
    times = statistics["data"]["responseTimes"]
    assert times["overall"]["taskings"] == len(allowed)
    assert all(g["taskings"] <= by_officer[g["key"]] for g in times["byOfficer"])
    report = statistics["data"]["programmeReport"]
    assert report["taskings"] <= len(allowed)
    assert all(g["count"] <= by_service[g["key"]] for g in report["byRequestingService"])
