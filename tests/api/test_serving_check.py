"""A request's serving check (the joint use agreement: an LO works only for the services their
posting serves) against the read model the request was routed with.

The read model says the LO serves; the unit of work checks the store again, with the commit. The
embedded engine, its store's one writer, leaves that check out when nothing that may change the
directory was noted since the request first read the read model (StoreStats.settled): the store
would answer as the read model did. A change in between, and the check is made, and refuses."""

from __future__ import annotations

from datetime import timedelta

import pytest

from service.store import Mode
from service.store.statement import AREAS, Statement
from service.usecases import taskings

from .conftest import GraphQLClient

REQUEST = "mutation($input: RequestTaskingInput!) { requestTasking(input: $input) { id assignee { id } } }"
ALL_TASKINGS = "{ taskings(first: 100) { nodes { id } } }"
SERBIA = {"title": "Phone holder", "country": "RS", "competences": ["DRUGS"], "legalBasis": "BENELUX_POLICE_TREATY_2018", "assignee": "LO-001"}
# A directory write of the test's own, declared as changing every area (as lonet's postings imports).
END_POSTINGS = Statement(
    "test.end_postings", "MATCH (:Officer {id: $officer})-[:HOLDS]->(p:Posting) SET p.endsOn = $day", Mode.WRITE, changes=AREAS
)
CHECK = "directory.officer_serves"


async def test_a_request_routed_on_a_settled_read_model_sends_no_serving_check_on_the_embedded_engine(api: GraphQLClient) -> None:
    investigator = api.as_("investigator-be").justified()
    stats = api.executor.stats
    await investigator.data(REQUEST, {"input": SERBIA})  # the read model read and kept
    sent, proven = stats.by_statement[CHECK], stats.proven[CHECK]

    made = (await investigator.data(REQUEST, {"input": SERBIA}))["requestTasking"]

    assert made["assignee"]["id"] == "LO-001"
    if api.executor.exclusive:  # the embedded engine, its store's one writer
        assert (stats.by_statement[CHECK], stats.proven[CHECK]) == (sent, proven + 1)
    else:  # Neo4j: other processes write its store; the check goes, as ever
        assert (stats.by_statement[CHECK], stats.proven[CHECK]) == (sent + 1, 0)


async def test_a_posting_ended_after_the_request_read_the_read_model_refuses_the_request(
    api: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The LO's posting ends (committed) after the request's read model said they serve, before
    its unit of work: the check is made, finds no active posting, and nothing is written."""
    investigator = api.as_("investigator-be").justified()
    await investigator.data(REQUEST, {"input": SERBIA})  # the read model read and kept
    before = len((await api.as_("admin").data(ALL_TASKINGS))["taskings"]["nodes"])
    proven = api.executor.stats.proven[CHECK]
    routed = taskings.serves_by_read_model

    async def and_then_ended(reads, officer, service, today):  # type: ignore[no-untyped-def]
        serves = await routed(reads, officer, service, today)
        await api.executor.write(lambda tx: tx.run(END_POSTINGS, {"officer": officer, "day": today - timedelta(days=1)}))
        return serves

    monkeypatch.setattr(taskings, "serves_by_read_model", and_then_ended)
    [error] = await investigator.errors(REQUEST, {"input": SERBIA})

    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "LO-001 has no active posting" in error["message"]
    assert len((await api.as_("admin").data(ALL_TASKINGS))["taskings"]["nodes"]) == before
    assert api.executor.stats.proven[CHECK] == proven  # made, not left out
