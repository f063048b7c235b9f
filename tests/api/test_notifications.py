"""Notifications on the demo network, mailed to a real SMTP server (aiosmtpd) by the delivery loop.

The loop runs as the server runs it (service/notifier.py), with short poll and retry intervals;
the requests go through the GraphQL API.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from graphql import parse, subscribe
from icalendar import Calendar
from prometheus_client import generate_latest

from service.clock import clock_of
from service.events import InProcessEventBus
from service.graphql.context import RequestContext
from service.graphql.schema import schema
from service.notifier import Notifier
from service.observability import Metrics, NotificationCollector
from service.security.identity import Identity, Role
from service.settings import Settings
from service.store import Executor
from service.store.queries import notifications as nq
from service.store.queries import tasking as tq
from service.usecases.notifications import inbox, outbox
from service.usecases.notifications.deadlines import alert_deadlines
from service.usecases.notifications.delivery import count_outbox

from ..smtp_server import SmtpServer, body_of
from .conftest import GraphQLClient, dev_settings
from .test_taskings import REQUEST, act, drugs_in_serbia

LO_001_MAIL = "ruud.verhoeven@lo.example.nl"  # LO-001 speaks Dutch first
LO_002_MAIL = "katrien.peeters@lo.example.be"
REQUESTER_MAIL = "janssens@police.example.be"
MINE = """query($unread: Boolean) { myNotifications(first: 50, unreadOnly: $unread) {
    nodes { id kind reference taskingId read emailStatus dueBy } } }"""
MARK = "mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id read } }"
SETTINGS = "mutation($off: [NotificationKind!]!, $lang: String) { setNotificationSettings(emailOff: $off, language: $lang) { emailOff language } }"


def mail_settings(tmp_path: Path, port: int) -> Settings:
    return dev_settings(
        tmp_path,
        LONET_SMTP_HOST="127.0.0.1",
        LONET_SMTP_PORT=port,
        LONET_SMTP_FROM="lonet@lonet.example.invalid",
        LONET_SMTP_TIMEOUT_SECONDS=2,
        LONET_NOTIFY_POLL_SECONDS=0.1,
        LONET_NOTIFY_RETRY_SECONDS=0.3,
    )


@pytest.fixture
def smtp() -> AsyncIterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
async def notifier(demo_store: Executor, smtp: SmtpServer, tmp_path: Path) -> AsyncIterator[Notifier]:
    """The server's delivery loop, mailing to the test's SMTP server."""
    notifier = Notifier(demo_store, mail_settings(tmp_path, smtp.port), worker="worker-1")
    running = asyncio.create_task(notifier.run())
    yield notifier
    running.cancel()
    await asyncio.gather(running, return_exceptions=True)


def investigator(api: GraphQLClient) -> GraphQLClient:
    return api.as_("investigator-be", email=REQUESTER_MAIL).justified("case AN/2026/0412")


async def mine(client: GraphQLClient, reference: str, unread: bool = False) -> list[dict]:
    nodes = (await client.data(MINE, {"unread": unread}))["myNotifications"]["nodes"]
    return [n for n in nodes if n["reference"] == reference]


async def test_a_new_request_mails_the_assigned_lo_within_seconds_and_never_its_content(
    api: GraphQLClient, smtp: SmtpServer, notifier: Notifier
) -> None:
    requested = (await investigator(api).data(REQUEST, {"input": drugs_in_serbia()}))["requestTasking"]
    reference, started = requested["reference"], time.monotonic()

    [mail] = await smtp.mailbox.arrived(reference)
    assert time.monotonic() - started < 5
    body = body_of(mail)
    assert mail["To"] == LO_001_MAIL and mail["Subject"] == f"lonet {reference}: Nieuw verzoek"
    assert reference in body and f"/taskings/{requested['id']}" in body
    assert "Serbian phone number" not in body and "cocaine case" not in body  # neither subject nor details

    liaison = api.as_("lo-belgrade").justified("case AN/2026/0412")
    # The server accepted the mail before the notifier wrote down that it did: a moment later.
    deadline = time.monotonic() + 5
    while (found := await mine(liaison, reference, unread=True)) and found[0]["emailStatus"] == "SENDING" and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    [unread] = found
    assert unread["kind"] == "NEW_REQUEST" and unread["taskingId"] == requested["id"] and unread["emailStatus"] == "DELIVERED"
    assert (await liaison.data(MARK, {"ids": [unread["id"]]}))["markNotificationsRead"] == [{"id": unread["id"], "read": True}]
    assert await mine(liaison, reference, unread=True) == []
    assert await mine(api.as_("investigator-be"), reference) == []  # the requester was not told of their own request

    # The requesting side hears of the answer at the address of the requester's token.
    accepted = await act(liaison, "acceptTasking", requested)
    started = await act(liaison, "startTasking", accepted)
    await act(liaison, "completeTasking", started, ', outcome: "Holder identified: a rental company", handlingCode: H1, '
              "sourceReliability: B, informationAssessment: 2")
    mails = await smtp.mailbox.arrived(reference, count=3)
    answers = sorted(str(m["Subject"]) for m in mails[1:])
    assert answers == [f"lonet {reference}: Aanvaard", f"lonet {reference}: Afgehandeld"]  # a Belgian service: Dutch
    assert {m["To"] for m in mails[1:]} == {REQUESTER_MAIL}
    assert all("rental company" not in body_of(m) for m in mails)  # never the outcome
    kinds = [n["kind"] for n in await mine(investigator(api), reference)]
    assert sorted(kinds) == ["ACCEPTED", "COMPLETED"]


async def test_a_mail_server_outage_delays_the_mail_which_then_arrives_once(
    api: GraphQLClient, smtp: SmtpServer, notifier: Notifier
) -> None:
    smtp.stop()
    requested = (await investigator(api).data(REQUEST, {"input": drugs_in_serbia()}))["requestTasking"]
    reference = requested["reference"]
    await asyncio.sleep(1.0)  # attempts fail meanwhile, each retried later
    liaison = api.as_("lo-belgrade")
    [waiting] = await mine(liaison, reference)
    assert waiting["emailStatus"] in ("PENDING", "SENDING") and notifier.tally.failed_attempts >= 1  # not mailed

    smtp.start()  # the same port
    assert len(await smtp.mailbox.arrived(reference, timeout=5)) == 1
    await asyncio.sleep(1.0)
    assert len(smtp.mailbox.about(reference)) == 1
    [sent] = await mine(liaison, reference)
    assert sent["emailStatus"] == "DELIVERED"

    # /metrics tells of it: the outbox by status, this worker's deliveries and failed attempts.
    await count_outbox(notifier.executor, notifier.tally)
    metrics = Metrics()
    metrics.watch(NotificationCollector(SimpleNamespace(notifier=notifier)))
    exposed = generate_latest(metrics.registry).decode()
    assert 'lonet_notifications{status="delivered"}' in exposed and 'lonet_notifications{status="failed"} 0.0' in exposed
    assert "lonet_notifications_delivered_total 1.0" in exposed
    assert re.search(r"^lonet_notification_attempts_failed_total [1-9]", exposed, re.MULTILINE)
    assert "lonet_notifications_oldest_undelivered_seconds" in exposed


async def test_preferences_stop_the_mail_and_a_deputy_hears_why_the_request_is_theirs(
    api: GraphQLClient, smtp: SmtpServer, notifier: Notifier
) -> None:
    liaison = api.as_("lo-belgrade")
    assert (await liaison.data(SETTINGS, {"off": ["NEW_REQUEST"], "lang": "en"}))["setNotificationSettings"] == {
        "emailOff": ["NEW_REQUEST"], "language": "en",
    }
    assert (await api.errors(SETTINGS, {"off": [], "lang": "sr"}))[0]["extensions"]["field"] == "language"
    requested = (await investigator(api).data(REQUEST, {"input": drugs_in_serbia()}))["requestTasking"]
    assert requested["assignee"]["id"] == "LO-001"
    await asyncio.sleep(1.0)
    assert smtp.mailbox.about(requested["reference"]) == []
    [quiet] = await mine(liaison, requested["reference"])
    assert quiet["kind"] == "NEW_REQUEST" and quiet["emailStatus"] == "NOT_SENT"  # still in the API

    # The requester (a Belgian service: Dutch unless they choose) chose French, and no mail of
    # declines: the acceptance comes in French, as the language they chose.
    await investigator(api).data(SETTINGS, {"off": ["DECLINED"], "lang": "fr"})
    await act(liaison.justified("case AN/2026/0412"), "acceptTasking", requested)
    [answer] = await smtp.mailbox.arrived(requested["reference"])
    assert answer["To"] == REQUESTER_MAIL and answer["Subject"] == f"lonet {requested['reference']}: Acceptée"

    # LO-001 goes on leave: a request to their deputy tells the deputy why it is theirs.
    version = (await liaison.data('{ officer(id: "LO-001") { version } }'))["officer"]["version"]
    await liaison.data("mutation($v: Int!) { setAvailability(status: ON_LEAVE, version: $v) { id } }", {"v": version})
    second = (await investigator(api).data(REQUEST, {"input": drugs_in_serbia(assignee="LO-002")}))["requestTasking"]
    assert second["assignee"]["id"] == "LO-002"
    [mail] = await smtp.mailbox.arrived(second["reference"])
    assert mail["To"] == LO_002_MAIL and mail["Subject"] == f"lonet {second['reference']}: Verzoek aan u als plaatsvervanger"


async def test_a_change_reads_its_parties_with_the_tasking_as_the_outbox_would_read_them(api: GraphQLClient) -> None:
    """A change of a tasking takes the parties its notifications go to from its first read
    (tasking.by_id_with_parties), not from a read of their own: they must be the same, field for
    field, for a request with a requester on record and for one without (the demo's)."""
    requested = (await investigator(api).data(REQUEST, {"input": drugs_in_serbia()}))["requestTasking"]
    requesters = []
    for tasking in (requested["id"], "T-0021"):
        own = await api.executor.read(lambda tx: tx.run(nq.PARTIES_OF_TASKING, {"id": tasking}))
        with_tasking = await api.executor.read(lambda tx: tx.run(tq.TASKING_AND_PARTIES_BY_ID, {"id": tasking}))
        assert [outbox.parties_of(row) for row in with_tasking] == own
        assert own[0]["officer"] and own[0]["mailbox"]
        requesters.append((own[0]["requester"], own[0]["requesterEmail"]))
    assert requesters == [("be-fedpol:inv.janssens", REQUESTER_MAIL), (None, None)]


async def test_a_passed_deadline_mails_both_parties_once_whatever_the_number_of_schedulers(
    api: GraphQLClient, demo_store: Executor, smtp: SmtpServer, notifier: Notifier, tmp_path: Path
) -> None:
    settings = mail_settings(tmp_path, smtp.port)
    due = clock_of(settings).now() + timedelta(seconds=1.5)
    request = drugs_in_serbia(dueBy=due.isoformat())
    requested = (await investigator(api).data(REQUEST, {"input": request}))["requestTasking"]
    reference = requested["reference"]
    await smtp.mailbox.arrived(reference)  # the LO's NEW_REQUEST
    await asyncio.sleep(2.0)  # the deadline passes

    workers = [Notifier(demo_store, settings, mailer=notifier.mailer, worker=f"worker-{n}") for n in (2, 3)]
    alerted = await asyncio.gather(*(w.scan_deadlines_once() for w in workers))
    assert sorted(alerted)[0] == 0 and sorted(alerted)[1] >= 1  # one holds the lease, the other does nothing
    # Even two scans at once (a lease taken over mid-scan) queue each alert once.
    now = clock_of(settings).now()
    await asyncio.gather(alert_deadlines(demo_store, now, 0.25), alert_deadlines(demo_store, now, 0.25))

    mails = await smtp.mailbox.arrived(reference, count=3)
    await asyncio.sleep(1.0)
    passed = [m for m in smtp.mailbox.about(reference) if "Termijn verstreken" in str(m["Subject"])]
    assert sorted(m["To"] for m in passed) == sorted([LO_001_MAIL, REQUESTER_MAIL]) and len(mails) == 3
    kinds = [n["kind"] for n in await mine(api.as_("lo-belgrade"), reference)]
    assert sorted(kinds) == ["DEADLINE_PASSED", "NEW_REQUEST"]


async def test_the_calendar_holds_exactly_the_los_windows_and_due_dates_until_revoked(api: GraphQLClient) -> None:
    liaison = api.as_("lo-belgrade").justified("case AN/2026/0412")
    await investigator(api).data(REQUEST, {"input": drugs_in_serbia()})
    issued = (await liaison.data("mutation { issueCalendarToken { token url } }"))["issueCalendarToken"]
    assert issued["url"].endswith(f"/calendar/{issued['token']}.ics")

    response = await api.http.get(f"/calendar/{issued['token']}.ics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}

    me = (await liaison.data('{ officer(id: "LO-001") { availabilityWindows { id startsOn endsOn } } }'))["officer"]
    open_ = (await liaison.data(
        "{ myTaskings(first: 100, filter: {status: [REQUESTED, ACCEPTED, IN_PROGRESS]}) { nodes { id reference dueBy } } }"
    ))["myTaskings"]["nodes"]
    windows = {f"{w['id']}@lonet": w for w in me["availabilityWindows"]}
    dues = {f"{t['id']}-due@lonet": t for t in open_}
    assert set(events) == set(windows) | set(dues) and windows and dues
    for uid, window in windows.items():
        assert events[uid].decoded("dtstart").isoformat() == window["startsOn"]
        assert (events[uid].decoded("dtend") - timedelta(days=1)).isoformat() == window["endsOn"]
    for uid, tasking in dues.items():
        assert events[uid].decoded("dtstart").isoformat() == tasking["dueBy"].replace("Z", "+00:00")
        assert tasking["reference"] in str(events[uid]["summary"])

    await liaison.data("mutation { revokeCalendarToken }")
    assert (await api.http.get(f"/calendar/{issued['token']}.ics")).status_code == 404
    assert (await api.http.get("/calendar/made-up.ics")).status_code == 404
    refused = await api.as_("investigator-be").errors("mutation { issueCalendarToken { url } }")
    assert refused[0]["extensions"]["code"] == "FORBIDDEN"


async def test_notification_added_streams_the_callers_new_notifications(
    api: GraphQLClient, demo_store: Executor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inbox, "STREAM_POLL_SECONDS", 0.1)  # the other app's bus does not wake it
    identity = Identity("lo:LO-001", frozenset({Role.LIAISON_OFFICER}), "NL-POLITIE", officer_id="LO-001")
    context = RequestContext(dev_settings(tmp_path), demo_store, "r-1", identity, bus=InProcessEventBus())
    stream = await subscribe(schema.graphql_schema, parse("subscription { notificationAdded { kind reference } }"), context_value=context)
    try:
        first = asyncio.ensure_future(anext(stream))
        await asyncio.sleep(0.3)  # the stream has begun: what it finds now is not news
        requested = (await investigator(api).data(REQUEST, {"input": drugs_in_serbia()}))["requestTasking"]
        result = await asyncio.wait_for(first, 5)
        assert result.errors is None and result.data == {"notificationAdded": {"kind": "NEW_REQUEST", "reference": requested["reference"]}}
    finally:
        await stream.aclose()


async def test_the_conversation_on_a_request_tells_the_other_side(api: GraphQLClient) -> None:
    """Issue 17's changes in the outbox: a question reaches the requesting side, the answer and
    the requester's messages the assigned LO, the LO's messages and delays the requesting side."""
    from .test_conversation import ANSWER, ASK, DELAY, POST, lo  # the conversation's own operations

    requester, kyiv = investigator(api), lo(api, "LO-025")  # T-0036: BE-FEDPOL's, accepted by LO-025
    asked = (await kyiv.data(ASK, {"id": "T-0036", "v": 2, "q": "Which of the two addresses?"}))["requestInformation"]
    reference = (await requester.data('{ tasking(id: "T-0036") { reference } }'))["tasking"]["reference"]
    answered = (await requester.data(ANSWER, {"id": "T-0036", "v": asked["version"], "a": "The one in the port."}))
    await requester.data(POST, {"id": "T-0036", "text": "Anything yet?"})
    await kyiv.data(POST, {"id": "T-0036", "text": "Tomorrow."})
    later = "2099-01-01T00:00:00Z"
    await kyiv.data(DELAY, {"id": "T-0036", "v": answered["provideInformation"]["version"], "due": later, "why": "court order awaited"})

    told_requester = sorted(n["kind"] for n in await mine(requester, reference))
    told_lo = sorted(n["kind"] for n in await mine(kyiv, reference))
    assert told_requester == ["DELAY_ANNOUNCED", "INFORMATION_REQUESTED", "MESSAGE"]
    assert told_lo == ["INFORMATION_PROVIDED", "MESSAGE"]


async def test_the_calendar_shows_the_gatherings_the_lo_attends(api: GraphQLClient) -> None:
    """Issue 21: LO-002 attends the Balkans pilot's return day (demo), so their calendar has it."""
    liaison = api.as_("lo-belgrade", officer_id="LO-002").justified("case AN/2026/0412")
    issued = (await liaison.data("mutation { issueCalendarToken { token } }"))["issueCalendarToken"]

    calendar = Calendar.from_ical((await api.http.get(f"/calendar/{issued['token']}.ics")).content)

    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    return_day = events["G-2027-BALKANS-RETURN@lonet"]
    assert return_day.decoded("dtstart").isoformat() == "2027-01-28"
    assert "Balkans pilot return day" in str(return_day["summary"])


NOTICE_MINE = """{ myNotifications(first: 50) { nodes { id kind subjectKind subjectId taskingId reference emailStatus } } }"""


async def test_a_threat_notice_tells_the_addressed_services_without_its_content_and_the_issuer_when_all_acknowledged(
    api: GraphQLClient, smtp: SmtpServer, notifier: Notifier
) -> None:
    issue = """mutation($input: IssueNoticeInput!) { issueNotice(input: $input) { id } }"""
    notice = {"subject": "Firearms shipment heading for Luxembourg", "text": "A Serbian group plans to move pistols by bus.",
              "handlingCode": "H1", "validUntil": "2026-12-31", "services": ["LU-POLICE"]}
    issued = (await api.as_("lo-belgrade").justified("case NL/2026/88").data(issue, {"input": notice}))["issueNotice"]["id"]

    [mail] = await smtp.mailbox.arrived(issued)
    body = body_of(mail)
    assert mail["To"] == "requests.lu-police@lonet.example.invalid"  # the service's mailbox, in French
    assert mail["Subject"] == f"lonet {issued}: Avis de menace pour votre service" and f"/notices/{issued}" in body
    assert "Firearms" not in body + str(mail["Subject"]) and "pistols" not in body  # neither subject nor text
    [told] = [n for n in (await api.as_("investigator-lu").data(NOTICE_MINE))["myNotifications"]["nodes"] if n["subjectId"] == issued]
    assert (told["kind"], told["subjectKind"], told["taskingId"], told["reference"]) == ("NOTICE_ISSUED", "NOTICE", None, issued)
    for outsider in ("investigator-nl", "manager-be", "lo-belgrade"):  # not addressed (the issuer is told later)
        assert issued not in str((await api.as_(outsider).data(NOTICE_MINE))["myNotifications"])

    ack = "mutation($id: ID!) { acknowledgeNotice(id: $id, version: 1) { id } }"
    await api.as_("investigator-lu").data(ack, {"id": issued})

    mails = await smtp.mailbox.arrived(issued, count=2)
    assert [(m["To"], m["Subject"]) for m in mails[1:]] == [
        (LO_001_MAIL, f"lonet {issued}: Uw melding door allen bevestigd")
    ]
    kinds = [n["kind"] for n in (await api.as_("lo-belgrade").data(NOTICE_MINE))["myNotifications"]["nodes"] if n["subjectId"] == issued]
    assert kinds == ["NOTICE_ACKNOWLEDGED"]
