"""No N+1: a response's nesting depth, not its width, sets the number of store round trips."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest

from service.store.neo4j_executor import _Neo4jTx
from service.store.statement import Mode, Statement

from ..conftest import embedded_demo, neo4j_demo
from ..store.test_held_writes import writer_calls
from .conftest import GraphQLClient, client_on

NESTED = """
query Nested($first: Int!) {
  officers(first: $first) {
    nodes {
      id name homeService { code }
      postings { city country { iso2 name(lang: NL) region { code } } serves { code } accreditedTo { iso2 } }
      competences { level competence { code name } }
    }
  }
}
"""


async def round_trips(api: GraphQLClient, first: int) -> tuple[int, int]:
    before = api.executor.stats.round_trips
    data = await api.data(NESTED, {"first": first})
    return api.executor.stats.round_trips - before, len(data["officers"]["nodes"])


async def test_fifty_officers_cost_the_same_round_trips_as_five(api: GraphQLClient) -> None:
    # The first request also reads what is kept per process (service/usecases/caches.py): the
    # reference lists and the directory's read model (postings and their links, competences).
    cold, _ = await round_trips(api, 5)
    five, got_five = await round_trips(api, 5)
    fifty, got_fifty = await round_trips(api, 50)

    assert (got_five, got_fifty) == (5, 50)
    assert fifty == five
    assert fifty <= 5  # the page of officers; the nested fields from the read model
    assert cold <= 10


async def test_nested_fields_of_search_matches_cost_the_same_for_few_and_many_matches(api: GraphQLClient) -> None:
    """The search itself may take an extra step (deputies); its nested fields add a fixed number."""
    flat = "query($c: String!) { searchLiaisons(country: $c) { matches { route officer { id } } } }"
    nested = """query($c: String!) { searchLiaisons(country: $c) { matches { route officer { id name
        competences { level competence { code } } postings { city country { iso2 } } }
        posting { serves { code } accreditedTo { iso2 } } } } }"""

    async def trips(query: str, country: str) -> tuple[int, int]:
        before = api.executor.stats.round_trips
        data = await api.data(query, {"c": country})
        return api.executor.stats.round_trips - before, len(data["searchLiaisons"]["matches"])

    await trips(flat, "RS")  # the reference lists are read once, then kept per process
    await trips(flat, "CO")  # and the deputies, once someone is away (LO-046 in Colombia)
    serbia_flat, serbia_matches = await trips(flat, "RS")
    serbia_nested, _ = await trips(nested, "RS")
    colombia_flat, colombia_matches = await trips(flat, "CO")
    colombia_nested, _ = await trips(nested, "CO")

    assert serbia_matches != colombia_matches
    assert serbia_nested - serbia_flat == colombia_nested - colombia_flat <= 4


SET_AVAILABILITY = 'mutation($s: Availability!, $v: Int!) { setAvailability(status: $s, version: $v) { version } }'
FIND = '{ searchLiaisons(country: "RS", competence: "DRUGS") { matches { available officer { id } } } }'


async def test_a_write_and_the_search_after_it_cost_a_few_statements_whatever_the_network(api: GraphQLClient) -> None:
    """An LO's availability change is its update (which answers with the record as changed) and its
    consultation record (one statement once the process knows the log's head); the read model
    takes the record as the update answered it (service/usecases/caches.py: described changes),
    reading nothing, so the search after it costs what a warm search does."""
    lo = api.as_("lo-belgrade")
    await lo.data(SET_AVAILABILITY, {"s": "ON_LEAVE", "v": 1})  # the process learns the log's head
    await api.data(FIND)  # the read model warm, deputies too (LO-001 is unavailable)
    stats = api.executor.stats

    before, used = stats.round_trips, stats.by_statement.copy()
    await lo.data(SET_AVAILABILITY, {"s": "ON_MISSION", "v": 2})
    await asyncio.sleep(0.2)  # what a patch after the commit would have read by now
    written = stats.by_statement - used
    between = stats.round_trips
    found = await api.data(FIND)
    search = stats.round_trips - between
    await api.data(FIND)
    warm = stats.round_trips - between - search

    # Nothing read again: not that LO's record, windows or deputies.
    patches = ("directory.officer_by_id", "gatherings.windows_of_officer", "directory.deputies_of_officer")
    assert [written[name] for name in patches] == [0, 0, 0], written
    assert between - before == 2, written  # the update, the consultation record
    assert not [name for name in written if ".all_" in name], written  # no whole read
    assert search == warm, (search, warm)
    assert next(m for m in found["searchLiaisons"]["matches"] if m["officer"]["id"] == "LO-001")["available"] is False


ANSWERED = """id reference title details status version priority dueBy createdAt updatedAt overdue legalBasis handlingCode
  accessibility assignee { id } requestingService { code } country { iso2 } competences { code } caseNumber contact { name phone }
  replyLanguage requestSharingConsent events { at actor action toStatus note }"""
REQUEST_WITH_FORM = f"mutation($input: RequestTaskingInput!) {{ requestTasking(input: $input) {{ {ANSWERED} }} }}"
READ_BACK = f"query($id: ID!) {{ tasking(id: $id) {{ {ANSWERED} }} }}"


async def test_a_request_for_assistance_is_written_in_a_few_statements_and_nothing_is_read_back(api: GraphQLClient) -> None:
    """The request, its form, first event and the assignee's notification go in with the tasking;
    its answer comes from what was written, not from reading the tasking and its parties again."""
    investigator = api.as_("investigator-be").justified("case AN/2026/0412")
    request = {
        "title": "Identify the holder of a Serbian phone number", "details": "Seen in a cocaine case in Antwerp",
        "country": "RS", "competences": ["DRUGS"], "legalBasis": "BENELUX_POLICE_TREATY_2018",
        "caseNumber": "AN.20.L1.012345/26", "contact": {"name": "Insp. An Peeters", "phone": "+3225550199"}, "replyLanguage": "FR",
    }
    await investigator.data(REQUEST_WITH_FORM, {"input": request})  # the read model and the log's head known
    stats = api.executor.stats
    before, used = stats.round_trips, stats.by_statement.copy()

    made = (await investigator.data(REQUEST_WITH_FORM, {"input": request}))["requestTasking"]
    ran = stats.by_statement - used

    assert made["status"] == "REQUESTED" and made["version"] == 1 and made["caseNumber"] == "AN.20.L1.012345/26"
    assert [(e["action"], e["toStatus"]) for e in made["events"]] == [("REQUESTED", "REQUESTED")]
    assert made["events"][0]["note"].startswith("routed automatically to"), made["events"][0]
    assert not {"tasking.by_id", "notifications.parties_of_tasking", "tasking.add_event", "tasking.events_by_taskings"} & set(ran), ran
    # the users' notification settings from the process's cache, not read in the unit
    assert not ran["notifications.settings_of"] and not ran["notifications.chosen_settings"], ran
    # the serving check, the tasking, its needs, the requester, the notifications; at the unit's
    # end the reference (chained to the number the process gave last) and the record; the
    # assignee's workload for the routing
    assert stats.round_trips - before <= 8, ran
    assert ran["tasking.number_requests_chained"] == 1 and not ran["tasking.next_references"], ran
    assert re.fullmatch(r"BNL-\d{4}-\d{6}", made["reference"]), made["reference"]
    # what the answer said is what is stored
    assert (await investigator.data(READ_BACK, {"id": made["id"]}))["tasking"] == made


ACCEPT = "mutation($id: ID!, $v: Int!) { acceptTasking(id: $id, version: $v) { status version } }"
SETTINGS = "mutation($off: [NotificationKind!]!) { setNotificationSettings(emailOff: $off) { emailOff } }"
MINE = "{ myNotifications(first: 50) { nodes { kind emailStatus subjectId } } }"


async def test_notification_settings_are_read_once_per_change_of_them_not_in_each_write(api: GraphQLClient) -> None:
    """What users chose of their notifications is kept per process: a request or an acceptance
    queues its notifications without reading them, and a user's new choice applies to the next."""
    investigator = api.as_("investigator-be").justified("case AN/2026/0412")
    liaison = api.as_("lo-belgrade").justified("case AN/2026/0412")
    request = {"title": "Trace a vehicle", "country": "RS", "competences": ["DRUGS"], "legalBasis": "BENELUX_POLICE_TREATY_2018", "assignee": "LO-001"}
    stats = api.executor.stats

    async def requested_and_accepted() -> tuple[str, dict[str, int]]:
        used = stats.by_statement.copy()
        made = (await investigator.data(REQUEST_WITH_FORM, {"input": request}))["requestTasking"]
        await liaison.data(ACCEPT, {"id": made["id"], "v": made["version"]})
        return made["id"], stats.by_statement - used

    await requested_and_accepted()  # the settings read once, kept
    first, ran = await requested_and_accepted()
    assert not ran["notifications.settings_of"] and not ran["notifications.chosen_settings"], ran

    await liaison.data(SETTINGS, {"off": ["NEW_REQUEST"]})
    second, ran = await requested_and_accepted()
    assert ran["notifications.chosen_settings"] == 1 and not ran["notifications.settings_of"], ran  # read again once

    told = {(n["subjectId"], n["kind"]): n["emailStatus"] for n in (await liaison.data(MINE))["myNotifications"]["nodes"]}
    assert told[(first, "NEW_REQUEST")] == "PENDING"
    assert told[(second, "NEW_REQUEST")] == "NOT_SENT"  # the LO's choice, made after the cache was read


async def test_on_the_embedded_engine_a_request_and_an_acceptance_take_one_trip_to_the_writer_each(
    tmp_path: Path, demo_template: Path
) -> None:
    """Each trip to the embedded writer's thread is a turn of an event loop that a busy server
    makes wait behind other requests (in a batch of units side by side, a round of the batch). A
    request's serving check, which the read model says passes, and its tasking's CREATE, whose
    answer (the parties' contacts) the read model gives, go with the COMMIT: BEGIN handed over
    without waiting, then one trip. An acceptance reads the tasking on a reading connection before
    its unit, which reads nothing on the writer; its change of state (whose answer, the next
    version, it knows from that read) goes with the COMMIT: one trip too."""
    async with embedded_demo(tmp_path, demo_template) as store, client_on(store, tmp_path) as api:
        investigator = api.as_("investigator-be").justified("case AN/2026/0412")
        liaison = api.as_("lo-belgrade").justified("case AN/2026/0412")
        request = {"title": "Trace a vehicle", "country": "RS", "competences": ["DRUGS"], "legalBasis": "BENELUX_POLICE_TREATY_2018"}

        async def trips() -> tuple[list[str], list[str], dict[str, Any]]:
            calls = writer_calls(store)
            made = (await investigator.data(REQUEST_WITH_FORM, {"input": request}))["requestTasking"]
            requested = calls[:]
            calls.clear()
            accepted = (await liaison.data(ACCEPT, {"id": made["id"], "v": made["version"]}))["acceptTasking"]
            return requested, calls[:], accepted

        await trips()  # the read model, the settings and the log's head known
        requested, accepted_calls, accepted = await trips()

        assert requested == ["_begin_on_writer", "_commit_on_writer"], requested
        assert accepted_calls == ["_begin_on_writer", "_commit_on_writer"], accepted_calls
        assert accepted == {"status": "ACCEPTED", "version": 2}


async def test_on_neo4j_a_request_sends_its_known_writes_as_one_statement_and_an_acceptance_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each statement to Neo4j is a round trip the request waits for. The writes whose answers a
    unit knows (the serving check the read model says passes, the tasking's CREATE, its needs, the
    requester, the notifications; an acceptance's change of state, its event and notifications) are
    held and go as one statement; what the unit leaves for its end (the number, the consultation
    record, chained to what this process committed last) goes as one more, under the process's
    write turn, with the COMMIT: a request two round trips, an acceptance three (its read of the
    tasking first). The held writes lock the unit's marker too (Neo4jExecutor: the write turn goes
    over as the COMMIT is sent). Everything is written as before."""
    sent: list[str] = []
    send, queue = _Neo4jTx._send, _Neo4jTx._queue

    async def recorded(self: _Neo4jTx, name: str, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        sent.append(name)
        return await send(self, name, cypher, params)

    def queued(self: _Neo4jTx, name: str, cypher: str, params: dict[str, Any]) -> None:
        sent.append(f"{name} with the COMMIT")
        queue(self, name, cypher, params)

    monkeypatch.setattr(_Neo4jTx, "_send", recorded)
    monkeypatch.setattr(_Neo4jTx, "_queue", queued)
    async with neo4j_demo() as store, client_on(store, tmp_path) as api:
        investigator = api.as_("investigator-be").justified("case AN/2026/0412")
        liaison = api.as_("lo-belgrade").justified("case AN/2026/0412")
        request = {"title": "Trace a vehicle", "country": "RS", "competences": ["DRUGS"], "legalBasis": "BENELUX_POLICE_TREATY_2018"}

        async def sends() -> tuple[list[str], list[str], dict[str, Any], dict[str, Any]]:
            sent.clear()
            made = (await investigator.data(REQUEST_WITH_FORM, {"input": request}))["requestTasking"]
            await asyncio.sleep(0.2)  # the read model's patches after the commit, off the request's path
            requested = sent[:]
            sent.clear()
            accepted = (await liaison.data(ACCEPT, {"id": made["id"], "v": made["version"]}))["acceptTasking"]
            return requested, sent[:], made, accepted

        await sends()  # the read model, the settings and the log's head known
        before = store.stats.held_together
        requested, accepted_sent, made, accepted = await sends()

        # with each: the lock on the unit's marker, for the write turn to go over as its COMMIT goes
        marker = "+write_turn.lock_marker"
        held = "directory.officer_serves+tasking.create+tasking.link_needs+notifications.save_requester+notifications.enqueue_new" + marker
        ends = "tasking.number_requests_chained+audit.append_chained with the COMMIT"
        assert requested == [held, ends], requested
        accepting = "tasking.transition+tasking.add_event_for+notifications.enqueue_new" + marker
        assert accepted_sent == ["tasking.by_id_with_parties", accepting, "audit.append_chained with the COMMIT"], accepted_sent
        assert store.stats.held_together - before >= 6
        assert accepted == {"status": "ACCEPTED", "version": 2}

        events = await store.read(lambda tx: tx.run(EVENTS_OF, {"id": made["id"]}))
        assert sorted(row["action"] for row in events) == ["ACCEPTED", "REQUESTED"]
        needs = await store.read(lambda tx: tx.run(NEEDS_OF, {"id": made["id"]}))
        assert [row["code"] for row in needs] == ["DRUGS"]
        told = await store.read(lambda tx: tx.run(TOLD_OF, {"id": made["id"]}))
        assert {row["reference"] for row in told} == {made["reference"]} and len(told) >= 2


EVENTS_OF = Statement("test.events_of", "MATCH (:Tasking {id: $id})-[:HAS_EVENT]->(e:TaskingEvent) RETURN e.action AS action", Mode.READ)
NEEDS_OF = Statement("test.needs_of", "MATCH (:Tasking {id: $id})-[:NEEDS]->(k:Competence) RETURN k.code AS code", Mode.READ)
TOLD_OF = Statement("test.told_of", "MATCH (n:Notification) WHERE n.tasking = $id RETURN n.reference AS reference", Mode.READ)
