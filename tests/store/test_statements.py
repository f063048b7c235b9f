"""Every registered statement runs on the engine, and values survive the round trip unchanged."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from service.store import REGISTRY, Executor, Mode, Statement, Transaction, all_statements
from service.security.identity import Identity, Role
from service.store.queries import conversation as cq
from service.store.queries import directory, seed as q
from service.store.queries import tasking as tq
from service.store.queries import notifications as nq
from service.usecases import audit


class RolledBack(Exception):
    """Raised at the end of a write unit of work to discard what the example wrote."""


async def _execute(executor: Executor, statement: Statement) -> list[dict]:
    async def work(tx: Transaction) -> list[dict]:
        rows = await tx.run(statement, statement.example)
        if statement.mode is Mode.WRITE:
            raise RolledBack(rows)
        return rows

    if statement.mode is Mode.READ:
        return await executor.read(work)
    with pytest.raises(RolledBack) as raised:
        await executor.write(work)
    return raised.value.args[0]


async def test_every_registered_statement_runs_with_its_example(demo_store: Executor) -> None:
    statements = all_statements()
    assert len(statements) == len(REGISTRY) > 30
    failures = []
    for statement in statements:
        try:
            await _execute(demo_store, statement)
        except Exception as exc:  # collect all, report together
            failures.append(f"{statement.name}: {exc}")
    assert not failures, "\n".join(failures)
    executed = set(demo_store.stats.by_statement)
    skipped = {s.name for s in statements if s.unwinds and not s.example.get(s.unwinds)}
    assert executed | skipped == {s.name for s in statements}


async def test_examples_of_reads_find_demo_data(demo_store: Executor) -> None:
    """Examples are meaningful: each read finds something on the demo network (plus one
    consultation record, the conversation on a request and the notification examples' writes, which a
    fresh network does not have yet)."""
    investigator = Identity("be-fedpol:inv.test", frozenset({Role.INVESTIGATOR}), "BE-FEDPOL")

    async def consult(tx: Transaction) -> None:
        await audit.append(
            tx, identity=investigator, operation="readContactData", object_ids=["LO-001"],
            justification="case 1", request_id="r1",
        )
        for statement in (cq.START_WAITING, cq.ADD_MESSAGE, cq.ADD_DELAY, cq.LINK_SUCCESSOR):
            await tx.run(statement, statement.example)
        declined = {**tq.ADD_EVENT.example, "tasking": "T-0014", "action": "DECLINED", "toStatus": "DECLINED"}
        await tx.run(tq.ADD_EVENT, declined)

    await demo_store.write(consult)

    async def notify(tx: Transaction) -> None:
        for statement in (nq.ENQUEUE, nq.SAVE_PREFERENCES, nq.SET_CALENDAR_TOKEN, nq.SAVE_REQUESTER):
            await tx.run(statement, statement.example)

    await demo_store.write(notify)
    empty = [
        s.name
        for s in all_statements()
        if s.mode is Mode.READ and s.example and not await _execute(demo_store, s)
    ]
    assert empty == []


async def test_values_round_trip_unchanged(demo_store: Executor) -> None:
    brussels_summer = timezone(timedelta(hours=2))
    updated = datetime(2026, 7, 1, 14, 30, 15, tzinfo=brussels_summer)

    async def write(tx: Transaction) -> None:
        await tx.run(
            q.CREATE_OFFICERS,
            {
                "rows": [
                    {
                        "id": "LO-900", "service": "BE-FEDPOL", "name": "Émile Ŝtrange-Çavuş", "rank": None,
                        "email": None, "phone": "+32 2 555 0100", "languages": ["nl", "fr", "sq"],
                        "availability": "AVAILABLE", "availabilityNote": None, "updatedAt": updated,
                    },
                    {
                        "id": "LO-901", "service": "BE-FEDPOL", "name": "No Languages", "rank": "Inspecteur",
                        "email": None, "phone": None, "languages": [],
                        "availability": "ON_LEAVE", "availabilityNote": "until further notice",
                        "updatedAt": datetime(2026, 1, 1, tzinfo=timezone.utc),
                    },
                ]
            },
        )
        await tx.run(
            q.CREATE_POSTINGS,
            {
                "rows": [
                    {"id": "P-900", "officer": "LO-900", "country": "MK", "city": "Skopje", "station": None,
                     "startsOn": date(2027, 2, 28), "endsOn": None, "kind": "resident", "servesAll": False},
                ]
            },
        )

    await demo_store.write(write)

    async def read(tx: Transaction) -> tuple[list[dict], list[dict]]:
        officers = await tx.run(directory.OFFICERS_BY_IDS, {"ids": ["LO-900", "LO-901"]})
        postings = await tx.run(directory.POSTINGS_BY_IDS, {"ids": ["P-900"]})
        return officers, postings

    officers, postings = await demo_store.read(read)
    by_id = {o["id"]: o for o in officers}
    first = by_id["LO-900"]
    assert first["updatedAt"] == updated  # the same instant ...
    assert first["updatedAt"].utcoffset() == timedelta(0)  # ... returned in UTC, zone attached
    assert first["name"] == "Émile Ŝtrange-Çavuş"
    assert first["languages"] == ["nl", "fr", "sq"]
    assert first["rank"] is None and first["email"] is None
    assert by_id["LO-901"]["languages"] == []
    assert by_id["LO-901"]["availabilityNote"] == "until further notice"
    assert postings == [
        {"id": "P-900", "officer": "LO-900", "city": "Skopje", "station": None, "country": "MK",
         "startsOn": date(2027, 2, 28), "endsOn": None, "kind": "resident", "version": 1, "servesAll": False}
    ]


def test_statement_names_are_unique_and_parameters_are_not_keywords() -> None:
    keywords = {"on", "in", "as", "match", "where", "return", "order", "limit", "end", "case", "count"}
    import re

    for statement in all_statements():
        parameters = set(re.findall(r"\$(\w+)", statement.cypher))
        assert not parameters & keywords, f"{statement.name} uses a Cypher keyword as a parameter name"
        assert parameters <= set(statement.example) or not statement.example, (
            f"{statement.name}: example lacks {sorted(parameters - set(statement.example))}"
        )


async def test_the_serving_check_finds_what_its_explanation_would(demo_store: Executor) -> None:
    """A request's assignee check (one statement) and the two it explains a refusal with (the
    officer's active postings, those serving the service) agree, for every officer of the demo
    network and every service: postings serving all services and those serving a list alike."""
    from service.store.queries import search as sq

    day = date(2026, 11, 24)

    async def compare(tx: Transaction) -> tuple[int, int]:
        served_somewhere = refused_somewhere = 0
        officers = [row["id"] for row in await tx.run(directory.ALL_OFFICERS)]
        services = [row["code"] for row in await tx.run(directory.SERVICES)]
        for officer in officers:
            ids = [row["posting"] for row in await tx.run(sq.ACTIVE_POSTINGS_OF_OFFICERS, {"ids": [officer], "day": day})]
            for service in services:
                checked = await tx.run(directory.OFFICER_SERVES, {"officer": officer, "service": service, "day": day})
                explained = await tx.run(directory.SERVING_POSTINGS, {"ids": ids, "service": service}) if ids else []
                assert checked == ([{"serves": True}] if explained else []), (officer, service, explained)
                served_somewhere += bool(checked)
                refused_somewhere += bool(ids) and not checked
        return served_somewhere, refused_somewhere

    served_somewhere, refused_somewhere = await demo_store.read(compare)
    assert served_somewhere and refused_somewhere
