"""Threat notices: an LO issues one to Benelux services; the addressed services read and
acknowledge it, the issuer sees who has; nobody else reads it; every read is logged."""

from __future__ import annotations

import asyncio
from datetime import date

from service.events import InProcessEventBus, NoticeIssued
from service.security.identity import Identity, Role
from service.store import Executor
from service.usecases.caller import Caller
from service.usecases.notices import NoticeRequest, issue_notice
from service.usecases.reads import DirectoryReads

from ..security.test_consultation_log import log_entries
from .conftest import DEMO_TODAY, GraphQLClient

ISSUE = """mutation($input: IssueNoticeInput!) { issueNotice(input: $input) {
    id status version valid addressees { code } issuerOfficer { id } } }"""
NOTICE = {
    "subject": "Firearms shipment heading for Luxembourg", "text": "A Serbian group plans to move pistols by bus.",
    "handlingCode": "H1", "validUntil": "2026-12-31", "services": ["LU-POLICE"], "countries": ["BE"],
}
READ = """query($id: ID!) { notice(id: $id) { id subject addressees { code } acknowledgedByMyService
    acknowledgements { service { code } actor } } }"""
ACK = """mutation($id: ID!, $version: Int!) { acknowledgeNotice(id: $id, version: $version) { id } }"""


async def _issue(api: GraphQLClient, **changes) -> dict:
    return (await api.as_("lo-belgrade").justified("case NL/2026/88").data(ISSUE, {"input": {**NOTICE, **changes}}))["issueNotice"]


async def test_the_addressed_services_read_and_acknowledge_and_the_issuer_sees_who_has(api: GraphQLClient) -> None:
    notice = await _issue(api)
    luxembourg, belgium = api.as_("investigator-lu"), api.as_("investigator-be")

    listed = (await luxembourg.data("{ notices { id } }"))["notices"]
    await luxembourg.data(ACK, {"id": notice["id"], "version": 1})
    read_by_lu = (await luxembourg.data(READ, {"id": notice["id"]}))["notice"]
    seen_by_issuer = (await api.as_("lo-belgrade").data(READ, {"id": notice["id"]}))["notice"]

    assert notice["status"] == "ISSUED" and notice["valid"] is True and notice["issuerOfficer"]["id"] == "LO-001"
    assert {"LU-POLICE", "BE-FEDPOL", "BE-CUSTOMS"} <= {s["code"] for s in notice["addressees"]}
    assert not any(s["code"].startswith("NL-") for s in notice["addressees"])
    assert notice["id"] in [n["id"] for n in listed]
    assert read_by_lu["acknowledgedByMyService"] is True
    assert [s["code"] for s in read_by_lu["addressees"]] == ["LU-POLICE"]  # a reader sees their own service
    assert [(a["service"]["code"], a["actor"]) for a in seen_by_issuer["acknowledgements"]] == [
        ("LU-POLICE", "lu-police:inv.weber")
    ]
    assert (await belgium.data(READ, {"id": notice["id"]}))["notice"]["acknowledgedByMyService"] is False
    reads = await log_entries(api, operation="readNotice")
    assert {e["subject"] for e in reads} >= {"lu-police:inv.weber", "be-fedpol:inv.janssens", "lo:LO-001"}
    assert all(notice["id"] in e["objectIds"] for e in reads)


async def test_nobody_outside_the_addressees_reads_a_notice(api: GraphQLClient) -> None:
    notice = await _issue(api)
    dutch = api.as_("investigator-nl")

    errors = await dutch.errors(READ, {"id": notice["id"]})
    unknown = await dutch.errors(READ, {"id": "N-NOPE"})
    listed = (await dutch.data("{ notices { id } }"))["notices"]
    ack = await dutch.errors(ACK, {"id": notice["id"], "version": 1})

    assert errors[0]["extensions"]["code"] == unknown[0]["extensions"]["code"] == "NOT_FOUND"
    assert errors[0]["message"].replace(notice["id"], "N-NOPE") == unknown[0]["message"]
    assert notice["id"] not in [n["id"] for n in listed]
    assert ack[0]["extensions"]["code"] == "NOT_FOUND"


async def test_bad_input_and_roles_when_issuing(api: GraphQLClient) -> None:
    backwards = await api.as_("lo-belgrade").justified().errors(
        ISSUE, {"input": {**NOTICE, "validFrom": "2026-12-10", "validUntil": "2026-12-01"}}
    )
    nowhere = await api.as_("lo-belgrade").justified().errors(ISSUE, {"input": {**NOTICE, "services": ["XX-NOBODY"]}})
    by_investigator = await api.justified().errors(ISSUE, {"input": NOTICE})
    admin_without_desk = await api.as_("admin").justified().errors(ISSUE, {"input": NOTICE})
    admin_for_europol = (await api.as_("admin").justified().data(ISSUE, {"input": {**NOTICE, "deskPosting": "P-010"}}))

    assert backwards[0]["extensions"]["code"] == "BAD_USER_INPUT" and "before validFrom" in backwards[0]["message"]
    assert nowhere[0]["extensions"]["code"] == "BAD_USER_INPUT" and "XX-NOBODY" in nowhere[0]["message"]
    assert by_investigator[0]["extensions"]["code"] == "FORBIDDEN"
    assert admin_without_desk[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert admin_without_desk[0]["extensions"]["field"] == "deskPosting"
    assert admin_for_europol["issueNotice"]["issuerOfficer"] is None


async def test_a_second_acknowledgement_and_a_stale_version_are_conflicts(api: GraphQLClient) -> None:
    notice = await _issue(api)
    luxembourg = api.as_("investigator-lu")
    await luxembourg.data(ACK, {"id": notice["id"], "version": 1})

    again = await luxembourg.errors(ACK, {"id": notice["id"], "version": 1})
    stale_withdrawal = await api.as_("lo-belgrade").justified().errors(
        "mutation($id: ID!) { withdrawNotice(id: $id, version: 7) { status } }", {"id": notice["id"]}
    )
    withdrawn = await api.as_("lo-belgrade").justified().data(
        "mutation($id: ID!) { withdrawNotice(id: $id, version: 1) { status version } }", {"id": notice["id"]}
    )
    after = await api.as_("investigator-be").errors(ACK, {"id": notice["id"], "version": 1})

    assert again[0]["extensions"]["code"] == "CONFLICT"
    assert stale_withdrawal[0]["extensions"]["code"] == "CONFLICT"
    assert stale_withdrawal[0]["extensions"]["currentVersion"] == 1
    assert withdrawn["withdrawNotice"] == {"status": "WITHDRAWN", "version": 2}
    assert after[0]["extensions"]["code"] == "BAD_USER_INPUT" and "withdrawn" in after[0]["message"]


async def test_the_demo_holds_notices(api: GraphQLClient) -> None:
    listed = (await api.as_("investigator-lu").data("{ notices { id subject } }"))["notices"]

    assert "N-2026-RANSOMWARE-PORTS" in [n["id"] for n in listed]


async def test_issuing_tells_the_event_bus_after_the_commit_for_the_notifications(demo_store: Executor) -> None:
    bus = InProcessEventBus()
    events = bus.subscribe()
    heard = asyncio.ensure_future(anext(events))
    await asyncio.sleep(0)  # the subscriber's queue is registered
    lo = Identity("lo:LO-001", frozenset({Role.LIAISON_OFFICER}), "NL-POLITIE", "LO-001")
    request = NoticeRequest(subject="Threat", text="Details", handlingCode="H0", validUntil=date(2026, 12, 31), services=["LU-POLICE"])

    notice = await issue_notice(demo_store, DirectoryReads(demo_store), bus, Caller(lo, "case X", "req-1", DEMO_TODAY), request)
    event = await asyncio.wait_for(heard, 5)

    assert isinstance(event, NoticeIssued)
    assert (event.notice_id, event.services) == (notice.id, ("LU-POLICE",))
    await events.aclose()
