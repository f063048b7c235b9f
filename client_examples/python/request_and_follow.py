#!/usr/bin/env python3
"""An investigator finds an LO, asks for assistance and follows the request live while the LO works
it: the LO accepts, asks a question (the tasking awaits the answer and its deadline clock stops),
the investigator answers, the LO starts and completes it.

Runs against `lonet serve --demo` (`make demo`); the GraphQL URL is the first argument, else
LONET_URL, else http://127.0.0.1:8000/graphql:

    pip install -e '.[examples]'   # gql 4.0: the line on graphql-core 3.2, as the server
    python client_examples/python/request_and_follow.py [http://127.0.0.1:8000/graphql]

Queries and mutations go over HTTP (gql's HTTPXAsyncTransport); the subscription `taskingUpdated`
over WebSocket at the same URL (gql's WebsocketsTransport, subprotocol graphql-transport-ws, the
token in the connection_init payload). Tokens come from the demo server's /auth/demo-token; in
production they come from your identity provider.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from gql import Client, GraphQLRequest, gql
from gql.client import AsyncClientSession
from gql.transport.exceptions import TransportError
from gql.transport.httpx import HTTPXAsyncTransport
from gql.transport.websockets import WebsocketsTransport

DEFAULT_URL = "http://127.0.0.1:8000/graphql"
JUSTIFICATION = "case BE-FEDPOL/2026/0815"  # the case reference every change is logged under
DEMO_LO = "LO-001"  # the demo identity `lo-belgrade` is this officer
UPDATE_TIMEOUT_S = 10
# graphql-transport-ws has no "subscribed" message: give the server a moment to start the stream.
SUBSCRIBE_SETTLE_S = 0.5

SEARCH = gql("""
query FindLiaison($country: String!, $competence: String, $service: String) {
  searchLiaisons(country: $country, competence: $competence, requestingService: $service) {
    matches { route score available reasons officer { id name } posting { city } }
  }
}
""")

REQUEST = gql("""
mutation RequestTasking($input: RequestTaskingInput!) {
  requestTasking(input: $input) { id reference status version dueBy assignee { id name } }
}
""")

FOLLOW = gql("""
subscription FollowTasking($id: ID!) {
  taskingUpdated(taskingId: $id) { id reference status version outcome events { action actor note } }
}
""")

ACCEPT = gql("mutation Accept($id: ID!, $version: Int!) { acceptTasking(id: $id, version: $version) { status version } }")
# The clarification round trip: the LO asks (AWAITING_INFORMATION, the clock stops), the requester
# answers (back to ACCEPTED, dueBy moved by the time it waited).
ASK = gql("""
mutation Ask($id: ID!, $version: Int!, $question: String!) {
  requestInformation(id: $id, version: $version, question: $question) { status version }
}
""")
ANSWER = gql("""
mutation Answer($id: ID!, $version: Int!, $answer: String!) {
  provideInformation(id: $id, version: $version, answer: $answer) { status version dueBy }
}
""")
START = gql("mutation Start($id: ID!, $version: Int!) { startTasking(id: $id, version: $version) { status version } }")
COMPLETE = gql("""
mutation Complete($id: ID!, $version: Int!, $outcome: String!) {
  completeTasking(id: $id, version: $version, outcome: $outcome, handlingCode: H1, sourceReliability: B, informationAssessment: 2) { status version }
}
""")


def graphql_url() -> str:
    return sys.argv[1] if len(sys.argv) > 1 else os.environ.get("LONET_URL", DEFAULT_URL)


def demo_token(url: str, identity: str) -> str:
    """A token for one of the demo identities (dev mode only)."""
    response = httpx.get(url.removesuffix("/graphql") + "/auth/demo-token", params={"identity": identity}, timeout=10)
    response.raise_for_status()
    return response.json()["token"]


@asynccontextmanager
async def http_session(url: str, token: str) -> AsyncIterator[AsyncClientSession]:
    headers = {"Authorization": f"Bearer {token}", "X-Justification": JUSTIFICATION}
    async with Client(transport=HTTPXAsyncTransport(url, headers=headers, timeout=30)) as session:
        yield session


@asynccontextmanager
async def websocket_session(url: str, token: str) -> AsyncIterator[AsyncClientSession]:
    transport = WebsocketsTransport(
        url="ws" + url.removeprefix("http"),  # http -> ws, https -> wss
        init_payload={"Authorization": f"Bearer {token}"},
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],  # "graphql-transport-ws"
    )
    async with Client(transport=transport) as session:
        yield session


def request(document: GraphQLRequest, **variables: Any) -> GraphQLRequest:
    return GraphQLRequest(document, variable_values=variables)


async def follow(session: AsyncClientSession, tasking_id: str, updates: asyncio.Queue[dict[str, Any]]) -> None:
    async for result in session.subscribe(request(FOLLOW, id=tasking_id)):
        await updates.put(result["taskingUpdated"])


async def next_update(updates: asyncio.Queue[dict[str, Any]], version: int) -> dict[str, Any]:
    """The live update carrying `version`: the LO's change, heard over the subscription."""
    while True:
        update = await asyncio.wait_for(updates.get(), UPDATE_TIMEOUT_S)
        if update["version"] >= version:
            return update


async def main() -> int:
    url = graphql_url()
    print(f"lonet at {url}")
    investigator, liaison_officer = demo_token(url, "investigator-be"), demo_token(url, "lo-belgrade")

    async with http_session(url, investigator) as session:
        print("[investigator-be] searchLiaisons(country: RS, competence: DRUGS) for BE-FEDPOL")
        found = await session.execute(request(SEARCH, country="RS", competence="DRUGS", service="BE-FEDPOL"))
        matches = found["searchLiaisons"]["matches"]
        for rank, match in enumerate(matches[:3], start=1):
            officer = match["officer"]
            availability = "available" if match["available"] else "not available"
            print(f"  {rank}. {officer['id']} {officer['name']} ({match['posting']['city']}): "
                  f"{match['route']}, score {match['score']}, {availability}")
            print(f"     {'; '.join(match['reasons'])}")
        best = matches[0]["officer"]
        if best["id"] != DEMO_LO:
            print(f"the best match is {best['id']}, but the demo LO identity is {DEMO_LO}: stopping")
            return 1
        task = {
            "title": "Identify the holder of a Serbian phone number",
            "details": "The number appears in an intercepted Antwerp drugs shipment.",
            "country": "RS",
            "competences": ["DRUGS"],
            "priority": "URGENT",
            "legalBasis": "BENELUX_POLICE_TREATY_2018",
            "assignee": best["id"],
            # The Benelux request form: whom to contact, the case, the reply's language, the subjects.
            "contact": {"name": "Insp. An Peeters", "phone": "+32 3 555 01 99", "email": "an.peeters@police.example"},
            "caseNumber": "AN.20.L1.012345/26",
            "replyLanguage": "NL",
            "subjects": [{"phone": "+381 64 555 0199"}],
        }
        created = (await session.execute(request(REQUEST, input=task)))["requestTasking"]
    print(f"[investigator-be] requestTasking -> {created['reference']} (id {created['id']}) to "
          f"{created['assignee']['name']}: {created['status']}, due {created['dueBy']}")

    updates: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    seen = []
    async with (
        websocket_session(url, investigator) as live,
        http_session(url, liaison_officer) as lo,
        http_session(url, investigator) as requester,
    ):
        listener = asyncio.create_task(follow(live, created["id"], updates))
        print(f"[investigator-be] subscribed: taskingUpdated(taskingId: {created['id']}) over graphql-transport-ws")
        await asyncio.sleep(SUBSCRIBE_SETTLE_S)
        try:
            version = created["version"]
            steps = [
                ("lo-belgrade", lo, "acceptTasking", ACCEPT, {}),
                ("lo-belgrade", lo, "requestInformation", ASK, {"question": "Serbian or foreign SIM? The operator asks."}),
                ("investigator-be", requester, "provideInformation", ANSWER, {"answer": "A Serbian SIM (MTS)."}),
                ("lo-belgrade", lo, "startTasking", START, {}),
                ("lo-belgrade", lo, "completeTasking", COMPLETE, {"outcome": "Holder identified; details sent via the secure channel."}),
            ]
            for who, session, name, document, extra in steps:
                print(f"[{who}] {name}(version: {version})")
                changed = (await session.execute(request(document, id=created["id"], version=version, **extra)))[name]
                version = changed["version"]
                update = await next_update(updates, version)
                event = update["events"][-1]
                said = event["note"] or update["outcome"]
                note = f": {said}" if said else ""
                print(f"  live: {update['reference']} is {update['status']} (version {update['version']}, "
                      f"{event['action']} by {event['actor']}){note}")
                seen.append(update["status"])
        except TimeoutError:
            print(f"no live update within {UPDATE_TIMEOUT_S} s")
            return 1
        finally:
            listener.cancel()
            await asyncio.gather(listener, return_exceptions=True)
    print(f"followed {created['reference']} live: {' -> '.join(seen)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(asyncio.run(main()))
    except (httpx.HTTPError, TransportError, OSError) as exc:  # GraphQL errors: TransportQueryError
        print(f"failed: {exc}", file=sys.stderr)
        sys.exit(1)
