"""The conversation on a request, through GraphQL on the demo network (both engines): the
clarification round trip, messages, announced delays, redirection after a decline, and the
handover of an officer's open taskings when a posting ends.

Demo facts used: T-0036 (BE-FEDPOL -> LO-025, Ukraine, ACCEPTED, version 2, due 2026-11-25
10:00); T-0014 (BE-FEDPOL -> LO-030, UAE, DECLINED, version 2); LO-001's open T-0002 carries an H2
without consent; LO-001's deputies are LO-002 and LO-003; P-025 is LO-025's posting in Kyiv.
"""

from __future__ import annotations

from datetime import datetime

from .conftest import GraphQLClient
from ..security.test_consultation_log import log_entries

CASE = "case AN/2026/0412"
FIELDS = """id status version dueBy awaitingSince overdue assignee { id }
    clarifications { question answer askedBy answeredAt }
    delays { previousDueBy newDueBy reason }
    events { action fromStatus toStatus note assignee { id } }"""
GET = f"query($id: ID!) {{ tasking(id: $id) {{ {FIELDS} }} }}"
ASK = f"""mutation($id: ID!, $v: Int!, $q: String!) {{
    requestInformation(id: $id, version: $v, question: $q) {{ {FIELDS} }} }}"""
ANSWER = f"""mutation($id: ID!, $v: Int!, $a: String!) {{
    provideInformation(id: $id, version: $v, answer: $a) {{ {FIELDS} }} }}"""
POST = "mutation($id: ID!, $text: String!) { postMessage(taskingId: $id, text: $text) { id side author text } }"
MESSAGES = """query($id: ID!, $first: Int, $after: String) { tasking(id: $id) { version
    messages(first: $first, after: $after) { nodes { id side text } pageInfo { hasNextPage endCursor } } } }"""
DELAY = f"""mutation($id: ID!, $v: Int!, $due: DateTime!, $why: String!) {{
    announceDelay(id: $id, version: $v, newDueBy: $due, reason: $why) {{ {FIELDS} }} }}"""
REDIRECT = f"""mutation($id: ID!, $v: Int!, $officer: ID) {{
    redirectTasking(id: $id, version: $v, officerId: $officer) {{ {FIELDS} }} }}"""
HAND_OVER = """mutation($from: ID!, $to: ID!) { handOverTaskings(fromOfficerId: $from, toOfficerId: $to, reason: "posting ends") {
    handedOver { id status version assignee { id } events { action note } } withheld { tasking { id } reason } } }"""


def lo(api: GraphQLClient, officer: str) -> GraphQLClient:
    return api.as_("lo-belgrade", officer_id=officer).justified(CASE)


def code(errors: list[dict]) -> str:
    return errors[0]["extensions"]["code"]


# -- the clarification round trip -------------------------------------------------------------


async def test_a_question_stops_the_clock_and_the_answer_returns_the_tasking_to_where_it_was(api: GraphQLClient) -> None:
    investigator = api.as_("investigator-be").justified(CASE)
    kyiv = lo(api, "LO-025")
    awaiting = "query($s: [TaskingStatus!]) { myTaskings(first: 50, filter: {status: $s}) { nodes { id } } }"

    asked = (await kyiv.data(ASK, {"id": "T-0036", "v": 2, "q": "Which of the two addresses in Odesa?"}))["requestInformation"]

    assert (asked["status"], asked["version"]) == ("AWAITING_INFORMATION", 3)
    assert asked["awaitingSince"] is not None and asked["overdue"] is False
    assert asked["clarifications"] == [
        {"question": "Which of the two addresses in Odesa?", "answer": None, "askedBy": "LO-025", "answeredAt": None}
    ]
    assert asked["events"][-1]["action"] == "INFORMATION_REQUESTED"
    # Both sides find it among the taskings awaiting information.
    for client in (kyiv, investigator):
        nodes = (await client.data(awaiting, {"s": ["AWAITING_INFORMATION"]}))["myTaskings"]["nodes"]
        assert [n["id"] for n in nodes] == ["T-0036"]
    # The LO cannot answer their own question; the requester cannot answer a stale version.
    assert code(await kyiv.errors(ANSWER, {"id": "T-0036", "v": 3, "a": "x"})) == "FORBIDDEN"
    assert code(await investigator.errors(ANSWER, {"id": "T-0036", "v": 2, "a": "x"})) == "CONFLICT"

    answered = (await investigator.data(ANSWER, {"id": "T-0036", "v": 3, "a": "The second one, Derybasivska 12."}))

    resumed = answered["provideInformation"]
    assert (resumed["status"], resumed["version"], resumed["awaitingSince"]) == ("ACCEPTED", 4, None)
    # Moved by the time it waited (here: moments).
    assert datetime.fromisoformat(resumed["dueBy"]) >= datetime.fromisoformat("2026-11-25T10:00:00+00:00")
    assert resumed["clarifications"][0]["answer"] == "The second one, Derybasivska 12."
    assert resumed["events"][-1]["action"] == "INFORMATION_PROVIDED"
    assert resumed["events"][-1]["note"].startswith("The deadline moved by")
    operations = [e["operation"] for e in await log_entries(api)]
    assert "requestInformation" in operations and "provideInformation" in operations


async def test_a_question_is_refused_to_others_out_of_state_stale_or_empty(api: GraphQLClient) -> None:
    question = {"id": "T-0036", "v": 2, "q": "Which address?"}

    assert code(await api.as_("investigator-be").justified(CASE).errors(ASK, question)) == "FORBIDDEN"  # wrong role
    assert code(await lo(api, "LO-060").errors(ASK, question)) == "NOT_FOUND"  # not theirs: as if unknown
    assert code(await lo(api, "LO-025").errors(ASK, {**question, "v": 1})) == "CONFLICT"
    empty = await lo(api, "LO-025").errors(ASK, {**question, "q": "  "})
    assert code(empty) == "BAD_USER_INPUT" and empty[0]["extensions"]["field"] == "question"
    # Only once accepted: T-0021 is REQUESTED, and the message names the state.
    early = await lo(api, "LO-040").errors(ASK, {**question, "id": "T-0021", "v": 1})
    assert code(early) == "BAD_USER_INPUT" and "that is REQUESTED" in early[0]["message"]
    assert early[0]["extensions"]["currentStatus"] == "REQUESTED"
    # Nothing awaits an answer on T-0036.
    unasked = await api.as_("investigator-be").justified(CASE).errors(ANSWER, {"id": "T-0036", "v": 2, "a": "x"})
    assert code(unasked) == "BAD_USER_INPUT" and "that is ACCEPTED" in unasked[0]["message"]
    after = (await api.as_("admin").data(GET, {"id": "T-0036"}))["tasking"]
    assert (after["status"], after["version"], after["clarifications"]) == ("ACCEPTED", 2, [])


# -- messages ---------------------------------------------------------------------------------


async def test_messages_pass_between_the_requester_and_the_lo_oldest_first_and_nobody_else_reads_them(
    api: GraphQLClient,
) -> None:
    investigator = api.as_("investigator-be").justified(CASE)
    kyiv = lo(api, "LO-025")

    first = (await investigator.data(POST, {"id": "T-0036", "text": "Any news on the address?"}))["postMessage"]
    second = (await kyiv.data(POST, {"id": "T-0036", "text": "Tomorrow morning."}))["postMessage"]

    assert (first["side"], first["author"]) == ("REQUESTER", "be-fedpol:inv.janssens")
    assert (second["side"], second["author"]) == ("ASSIGNEE", "LO-025")
    for client in (investigator, kyiv):
        page = (await client.data(MESSAGES, {"id": "T-0036", "first": 1}))["tasking"]
        assert page["version"] == 2  # a message changes no version
        assert [m["text"] for m in page["messages"]["nodes"]] == ["Any news on the address?"]
        assert page["messages"]["pageInfo"]["hasNextPage"] is True
        cursor = page["messages"]["pageInfo"]["endCursor"]
        rest = (await client.data(MESSAGES, {"id": "T-0036", "first": 5, "after": cursor}))["tasking"]["messages"]
        assert [m["text"] for m in rest["nodes"]] == ["Tomorrow morning."]
    reads = [e for e in await log_entries(api, operation="converse")]
    assert {m for e in reads for m in e["objectIds"]} == {first["id"], second["id"]}
    # A manager of the requesting country reads the tasking, not its messages; nobody else posts.
    manager = await api.as_("manager-be").justified(CASE).post(MESSAGES, {"id": "T-0036"})
    body = manager.json()
    assert body["data"]["tasking"] is None and body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert code(await api.as_("admin").justified(CASE).errors(POST, {"id": "T-0036", "text": "x"})) == "FORBIDDEN"
    assert code(await api.as_("investigator-nl").justified(CASE).errors(POST, {"id": "T-0036", "text": "x"})) == "NOT_FOUND"
    empty = await investigator.errors(POST, {"id": "T-0036", "text": ""})
    assert code(empty) == "BAD_USER_INPUT" and empty[0]["extensions"]["field"] == "text"


# -- announced delays --------------------------------------------------------------------------


async def test_an_announced_delay_moves_the_deadline_shows_to_the_requester_and_counts_in_statistics(api: GraphQLClient) -> None:
    delay = {"id": "T-0036", "v": 2, "due": "2026-12-01T12:00:00Z", "why": "The registry answers on Monday."}
    stats = "{ responseTimes { overall { delayed delaysAnnounced } } }"
    before = (await api.as_("manager-be").data(stats))["responseTimes"]["overall"]

    assert code(await api.as_("investigator-be").justified(CASE).errors(DELAY, delay)) == "FORBIDDEN"
    assert code(await lo(api, "LO-060").errors(DELAY, delay)) == "NOT_FOUND"
    assert code(await lo(api, "LO-025").errors(DELAY, {**delay, "v": 1})) == "CONFLICT"
    sooner = await lo(api, "LO-025").errors(DELAY, {**delay, "due": "2026-11-25T09:00:00Z"})
    assert code(sooner) == "BAD_USER_INPUT" and sooner[0]["extensions"]["field"] == "newDueBy"

    delayed = (await lo(api, "LO-025").data(DELAY, delay))["announceDelay"]

    assert (delayed["status"], delayed["version"], delayed["dueBy"]) == ("ACCEPTED", 3, "2026-12-01T12:00:00+00:00")
    seen = (await api.as_("investigator-be").data(GET, {"id": "T-0036"}))["tasking"]
    assert seen["delays"] == [
        {"previousDueBy": "2026-11-25T10:00:00+00:00", "newDueBy": "2026-12-01T12:00:00+00:00", "reason": "The registry answers on Monday."}
    ]
    assert seen["events"][-1]["action"] == "DELAY_ANNOUNCED"
    after = (await api.as_("manager-be").data(stats))["responseTimes"]["overall"]
    assert (after["delayed"], after["delaysAnnounced"]) == (before["delayed"] + 1, before["delaysAnnounced"] + 1)


# -- redirection after a decline ----------------------------------------------------------------


REQUEST = "mutation($input: RequestTaskingInput!) { requestTasking(input: $input) { id version assignee { id } } }"
DECLINE = 'mutation($id: ID!, $v: Int!) { declineTasking(id: $id, version: $v, reason: "not my area") { version } }'


async def test_a_declined_request_goes_to_the_next_best_lo_who_has_not_declined_it(api: GraphQLClient) -> None:
    investigator = api.as_("investigator-be").justified(CASE)
    request = {
        "title": "Identify the holder of a Serbian phone number", "country": "RS", "competences": ["DRUGS"],
        "legalBasis": "BENELUX_POLICE_TREATY_2018", "assignee": "LO-004",
    }
    requested = (await investigator.data(REQUEST, {"input": request}))["requestTasking"]
    declined = (await lo(api, "LO-004").data(DECLINE, {"id": requested["id"], "v": 1}))["declineTasking"]

    assert code(await lo(api, "LO-004").errors(REDIRECT, {"id": requested["id"], "v": 2})) == "FORBIDDEN"  # wrong role
    assert code(await api.as_("investigator-nl").justified(CASE).errors(REDIRECT, {"id": requested["id"], "v": 2})) == "NOT_FOUND"
    assert code(await investigator.errors(REDIRECT, {"id": requested["id"], "v": 1})) == "CONFLICT"
    again = await investigator.errors(REDIRECT, {"id": requested["id"], "v": 2, "officer": "LO-004"})
    assert code(again) == "BAD_USER_INPUT" and "LO-004 already declined" in again[0]["message"]

    redirected = (await investigator.data(REDIRECT, {"id": requested["id"], "v": declined["version"]}))["redirectTasking"]

    assert redirected["status"] == "REQUESTED" and redirected["version"] == 3
    assert redirected["assignee"]["id"] != "LO-004"
    decline, redirect = redirected["events"][-2:]
    assert (decline["action"], decline["note"], decline["assignee"]["id"]) == ("DECLINED", "not my area", "LO-004")
    assert redirect["action"] == "REDIRECTED" and redirect["note"].startswith("Redirected from LO-004, who declined it")
    # Declined again by LO-001: only LO-004 and LO-001 cover Serbia for BE-FEDPOL, and neither is offered again.
    assert redirected["assignee"]["id"] == "LO-001"
    await lo(api, "LO-001").data(DECLINE, {"id": requested["id"], "v": 3})
    nobody = await investigator.errors(REDIRECT, {"id": requested["id"], "v": 4})
    assert code(nobody) == "BAD_USER_INPUT" and "declined by LO-001, LO-004" in nobody[0]["message"]


async def test_a_redirection_is_refused_when_not_declined_or_nobody_else_covers(api: GraphQLClient) -> None:
    investigator = api.as_("investigator-be").justified(CASE)

    open_one = await investigator.errors(REDIRECT, {"id": "T-0036", "v": 2})
    nobody = await investigator.errors(REDIRECT, {"id": "T-0014", "v": 2})  # only LO-030 covers the UAE for BE-FEDPOL
    elsewhere = await investigator.errors(REDIRECT, {"id": "T-0014", "v": 2, "officer": "LO-025"})

    assert code(open_one) == "BAD_USER_INPUT" and "that is ACCEPTED" in open_one[0]["message"]
    assert code(nobody) == "BAD_USER_INPUT" and "No other LO can take" in nobody[0]["message"]
    assert code(elsewhere) == "BAD_USER_INPUT" and "LO-025 does not cover AE" in elsewhere[0]["message"]
    unchanged = (await api.as_("admin").data(GET, {"id": "T-0014"}))["tasking"]
    assert (unchanged["status"], unchanged["version"], unchanged["assignee"]["id"]) == ("DECLINED", 2, "LO-030")


# -- handover when a posting ends --------------------------------------------------------------


async def test_an_ended_posting_reports_its_open_taskings_names_a_successor_and_they_are_handed_over(api: GraphQLClient) -> None:
    admin = api.as_("admin").justified(CASE)
    end = """mutation { endPosting(id: "P-025", version: 1, endsOn: "2026-12-31", successorOfficerId: "LO-046") {
        endsOn version successor { id } openTaskings { id status } } }"""

    ended = (await admin.data(end))["endPosting"]

    assert ended["endsOn"] == "2026-12-31" and ended["successor"] == {"id": "LO-046"}
    assert ended["openTaskings"] == [{"id": "T-0036", "status": "ACCEPTED"}]
    shown = (await api.data('{ officer(id: "LO-025") { postings { id successor { id } } } }'))["officer"]["postings"]
    assert {"id": "P-025", "successor": {"id": "LO-046"}} in shown

    moved = (await admin.data(HAND_OVER, {"from": "LO-025", "to": "LO-046"}))["handOverTaskings"]

    [tasking] = moved["handedOver"]
    assert (tasking["id"], tasking["status"], tasking["version"], tasking["assignee"]["id"]) == ("T-0036", "ACCEPTED", 3, "LO-046")
    assert tasking["events"][-1] == {"action": "HANDED_OVER", "note": "From LO-025 to LO-046: posting ends"}
    assert moved["withheld"] == []
    # The new LO has it in their inbox; nothing is left with the old one.
    inbox = (await lo(api, "LO-046").data("{ myTaskings(first: 50) { nodes { id } } }"))["myTaskings"]["nodes"]
    assert "T-0036" in [t["id"] for t in inbox]
    left = (await admin.data(end.replace("2026-12-31", "2026-12-30").replace("version: 1", "version: 2")))["endPosting"]
    assert left["openTaskings"] == []


async def test_an_lo_hands_over_only_their_own_to_a_deputy_and_h2_stays_without_consent(api: GraphQLClient) -> None:
    belgrade = lo(api, "LO-001")

    not_deputy = await belgrade.errors(HAND_OVER, {"from": "LO-001", "to": "LO-046"})
    not_theirs = await belgrade.errors(HAND_OVER, {"from": "LO-025", "to": "LO-002"})
    not_an_lo = await api.as_("investigator-be").justified(CASE).errors(HAND_OVER, {"from": "LO-001", "to": "LO-002"})
    unknown = await api.as_("admin").justified(CASE).errors(HAND_OVER, {"from": "LO-001", "to": "LO-999"})
    to_deputy = (await belgrade.data(HAND_OVER, {"from": "LO-001", "to": "LO-002"}))["handOverTaskings"]

    assert code(not_deputy) == "FORBIDDEN" and "not one of your deputies" in not_deputy[0]["message"]
    assert code(not_theirs) == "FORBIDDEN" and code(not_an_lo) == "FORBIDDEN"
    assert code(unknown) == "BAD_USER_INPUT" and unknown[0]["extensions"]["field"] == "toOfficerId"
    assert to_deputy["handedOver"] == []
    [withheld] = to_deputy["withheld"]
    assert withheld["tasking"]["id"] == "T-0002" and "H2" in withheld["reason"]
