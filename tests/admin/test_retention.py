"""Retention: old closed taskings lose their free text, keep what statistics need; dry run first."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest

from seed import DEFAULT_SEED_DIR
from service.errors import BadUserInput, Forbidden
from service.security.identity import Identity, Role
from service.usecases.caller import Caller
from service.usecases.retention import apply_retention, cutoff_for
from tests.api.conftest import GraphQLClient
from tests.api.test_request_form import REQUEST, with_form

TASKINGS = json.loads((DEFAULT_SEED_DIR / "taskings.json").read_text(encoding="utf-8"))
CLOSED = {"COMPLETED", "DECLINED", "CANCELLED"}
CUTOFF = datetime(2026, 9, 1, tzinfo=timezone.utc)
OLD_CLOSED = sorted(
    t["id"] for t in TASKINGS if t["status"] in CLOSED and datetime.fromisoformat(t["updatedAt"]) < CUTOFF
)
ADMIN = Caller(Identity("cli:ops", frozenset({Role.ADMIN}), ""), "RET-2026-01", "cli-1", date(2026, 11, 24))
TASKING = """query($id: ID!) { tasking(id: $id) { reference title details outcome status priority createdAt updatedAt dueBy
    version requestingService { code } assignee { id } country { iso2 } competences { code }
    events { at actor action fromStatus toStatus note } } }"""


async def view(api: GraphQLClient, tasking_id: str) -> dict:
    return (await api.as_("admin").data(TASKING, {"id": tasking_id}))["tasking"]


async def test_the_dry_run_lists_old_closed_taskings_and_changes_nothing(api: GraphQLClient) -> None:
    before = {t: await view(api, t) for t in OLD_CLOSED}

    report = await apply_retention(api.executor, ADMIN, cutoff=CUTOFF)

    assert OLD_CLOSED and sorted(t["id"] for t in report.taskings) == OLD_CLOSED
    assert {t: await view(api, t) for t in OLD_CLOSED} == before
    assert not report.applied and "dry run" in report.lines()[-1]


async def test_applied_it_removes_details_outcome_and_notes_and_keeps_the_rest(api: GraphQLClient) -> None:
    before = {t["id"]: await view(api, t["id"]) for t in TASKINGS}

    report = await apply_retention(api.executor, ADMIN, cutoff=CUTOFF, apply=True)

    assert sorted(t["id"] for t in report.taskings) == OLD_CLOSED
    for tasking_id, old in before.items():
        now = await view(api, tasking_id)
        if tasking_id not in OLD_CLOSED:
            assert now == old, tasking_id  # open, or closed recently: untouched
            continue
        assert now["details"] is None and now["outcome"] is None
        assert all(e["note"] is None for e in now["events"])
        kept = {k: v for k, v in old.items() if k not in ("details", "outcome", "events")}
        assert {k: v for k, v in now.items() if k not in ("details", "outcome", "events")} == kept
        assert [{**e, "note": None} for e in old["events"]] == now["events"]
    log = await api.as_("admin").data('{ auditLog(first: 5, filter: {operation: "applyRetention"}) { edges { node { operation objectIds justification subject } } } }')
    assert [e["node"] for e in log["auditLog"]["edges"]] == [{
        "operation": "applyRetention", "objectIds": OLD_CLOSED, "justification": "RET-2026-01", "subject": "cli:ops"
    }]


async def test_a_second_run_finds_nothing(api: GraphQLClient) -> None:
    await apply_retention(api.executor, ADMIN, cutoff=CUTOFF, apply=True)

    assert (await apply_retention(api.executor, ADMIN, cutoff=CUTOFF)).taskings == []
    assert (await apply_retention(api.executor, ADMIN, cutoff=CUTOFF, apply=True)).taskings == []


async def test_applying_needs_a_justification_and_an_admin(api: GraphQLClient) -> None:
    with pytest.raises(BadUserInput):
        await apply_retention(api.executor, Caller(ADMIN.identity, None, "r", ADMIN.today), cutoff=CUTOFF, apply=True)
    manager = Caller(Identity("m", frozenset({Role.MANAGER}), "BE-FEDPOL"), "why", "r", ADMIN.today)
    with pytest.raises(Forbidden):
        await apply_retention(api.executor, manager, cutoff=CUTOFF)


def test_the_cutoff_is_the_start_of_the_day_the_period_ago_in_the_services_zone() -> None:
    cutoff = cutoff_for(date(2026, 11, 24), 730, "Europe/Brussels")

    assert cutoff.isoformat() == "2024-11-24T00:00:00+01:00"


async def test_it_removes_the_request_form_s_personal_data_and_deconfliction(api: GraphQLClient) -> None:
    investigator = api.as_("investigator-be").justified()
    made = (await investigator.data(REQUEST, {"input": with_form()}))["requestTasking"]
    dutch = api.as_("investigator-nl").justified()
    theirs = (await dutch.data(REQUEST, {"input": with_form(title="Same number, Dutch case")}))["requestTasking"]
    assert theirs["deconfliction"]
    await investigator.data(
        "mutation($id: ID!, $v: Int!) { cancelTasking(id: $id, version: $v, reason: \"closed\") { version } }",
        {"id": made["id"], "v": made["version"]},
    )

    await apply_retention(api.executor, ADMIN, cutoff=datetime(2030, 1, 1, tzinfo=timezone.utc), apply=True)

    form = "query($id: ID!) { tasking(id: $id) { contact { name } caseNumber subjects { kind } deconfliction { kind } } }"
    assert (await api.as_("admin").data(form, {"id": made["id"]}))["tasking"] == {
        "contact": None, "caseNumber": "AN.20.L1.012345/26", "subjects": [], "deconfliction": [],
    }
    assert (await dutch.data(form, {"id": theirs["id"]}))["tasking"]["deconfliction"] == []  # gone on the other side too


async def test_the_conversation_on_an_old_closed_tasking_goes_with_its_free_text(api: GraphQLClient) -> None:
    investigator = api.as_("investigator-be").justified()
    conversation = '{ tasking(id: "T-0032") { version messages { nodes { text } } events { action note } } }'
    await investigator.data('mutation { postMessage(taskingId: "T-0032", text: "Thanks again, closing our file.") { id } }')

    await apply_retention(api.executor, ADMIN, cutoff=CUTOFF, apply=True)

    left = (await investigator.data(conversation))["tasking"]
    assert "T-0032" in OLD_CLOSED and left["messages"]["nodes"] == []
    assert left["events"][-1] == {"action": "MESSAGE_POSTED", "note": None}  # the event stays
