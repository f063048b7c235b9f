"""The consultation log: contact reads need a justification and are logged; tampering is found."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import ladybug
import pytest
from neo4j import GraphDatabase

from service.security.identity import Identity, Role
from service.security.policy import Operation
from service.store import Executor, Mode, Statement, StoreUnavailable, all_statements
from service.store.resilient import ResilientExecutor
from service.usecases import audit
from service.usecases.audit import AuditTrail
from service.usecases.deliveries import DeliveryRecords

from ..api.conftest import GraphQLClient
from ..api.test_finding import assert_same_pages_both_ways, walk
from ..store.test_change_areas import WRITE_CLAUSE, variables
from ..conftest import neo4j_settings

CONTACTS = "{ officers(first: 3) { nodes { id email phone } } }"
AUDIT_LOG = """query($filter: AuditFilter) { auditLog(first: 20, filter: $filter) { edges { node {
    seq at subject service roles operation objectIds justification requestId clientRequestId prevHash hash } } } }"""


async def log_entries(api: GraphQLClient, **audit_filter) -> list[dict]:
    data = await api.as_("admin").data(AUDIT_LOG, {"filter": audit_filter or None})
    return [edge["node"] for edge in data["auditLog"]["edges"]]


async def test_contact_data_without_a_justification_is_refused_and_not_shown(api: GraphQLClient) -> None:
    response = await api.post('{ officer(id: "LO-001") { name email phone } }')
    body = response.json()

    assert body["data"]["officer"] == {"name": "Ruud Verhoeven", "email": None, "phone": None}
    assert {e["extensions"]["code"] for e in body["errors"]} == {"BAD_USER_INPUT"}
    assert "X-Justification" in body["errors"][0]["message"]
    assert (await audit.verify(api.executor)).checked == 0  # nothing read, nothing logged


async def test_a_justified_contact_read_is_logged_with_who_what_when_and_why(api: GraphQLClient) -> None:
    reader = api.justified("case BNL-2026-000777 (cocaine shipment)")

    response = await reader.post(CONTACTS)
    officers = response.json()["data"]["officers"]["nodes"]

    assert all(o["email"] and o["phone"] for o in officers)
    [entry] = await log_entries(api, operation="readContactData")
    assert entry["subject"] == "be-fedpol:inv.janssens"
    assert entry["service"] == "BE-FEDPOL"
    assert entry["roles"] == ["investigator"]
    assert entry["objectIds"] == sorted(o["id"] for o in officers)
    assert entry["justification"] == "case BNL-2026-000777 (cocaine shipment)"
    assert entry["requestId"] == response.headers["x-request-id"]


async def test_each_record_has_the_servers_request_id_and_keeps_the_clients_beside_it(api: GraphQLClient) -> None:
    belgian = api.justified("case BE/1")
    dutch = api.as_("investigator-nl").justified("case NL/2")

    responses = [
        await belgian.post(CONTACTS, **{"X-Request-Id": "shared42"}),
        await dutch.post(CONTACTS, **{"X-Request-Id": "shared42"}),  # another caller, the same id
        await dutch.post(CONTACTS),
    ]

    entries = sorted(await log_entries(api, operation="readContactData"), key=lambda e: e["seq"])
    assert [e["requestId"] for e in entries] == [r.headers["x-request-id"] for r in responses]
    assert len({e["requestId"] for e in entries}) == 3  # one record, one request: never shared
    assert [e["clientRequestId"] for e in entries] == ["shared42", "shared42", None]
    assert [e["subject"] for e in entries] == ["be-fedpol:inv.janssens", "nl-politie:inv.devries", "nl-politie:inv.devries"]
    assert (await audit.verify(api.executor)).intact  # the client's id is part of the chain


async def test_public_fields_are_read_without_a_log_entry(api: GraphQLClient) -> None:
    await api.data("{ officers(first: 5) { nodes { id name languages } } }")
    assert (await audit.verify(api.executor)).checked == 0


async def test_reading_the_log_is_for_admins_and_is_itself_logged(api: GraphQLClient) -> None:
    await api.justified().data(CONTACTS)

    errors = await api.errors(AUDIT_LOG)
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"

    await log_entries(api)
    entries = await log_entries(api)
    assert [e["operation"] for e in entries][:2] == ["readAuditLog", "readContactData"]  # newest first
    assert entries[0]["subject"] == "lonet:admin"


async def test_concurrent_reads_each_get_a_record_and_the_chain_does_not_fork(api: GraphQLClient) -> None:
    readers = [api.justified(f"case {n}") for n in range(12)]

    await asyncio.gather(*(r.data('{ officer(id: "LO-003") { phone } }') for r in readers))

    result = await audit.verify(api.executor)
    assert result.intact, result.problems
    assert result.checked == 12


async def test_concurrent_writes_each_get_a_record_chained_in_one_statement(api: GraphQLClient) -> None:
    """Mutations racing each other (and the reads' records) keep one unforked chain, although the
    usual append is one statement per transaction, chained to the head the process knows (units
    of work the embedded engine commits together append theirs in that one statement)."""
    writers = {"LO-001": api.as_("lo-belgrade"), "LO-002": api.as_("admin").justified("CHG-2026-1")}
    stats = api.executor.stats
    transactions_before, appends_before = stats.transactions, stats.by_statement.copy()

    await asyncio.gather(
        *(writer.data(f'mutation {{ setAvailability(officerId: "{officer}", status: LIMITED, version: 1) {{ version }} }}')
          for officer, writer in writers.items()),
        *(api.justified(f"case {n}").data('{ officer(id: "LO-003") { phone } }') for n in range(6)),
    )
    await asyncio.gather(*(api.justified(f"case {n}").data('{ officer(id: "LO-004") { phone } }') for n in range(6)))

    result = await audit.verify(api.executor)
    assert result.intact, result.problems
    assert result.checked == 14
    appends = stats.by_statement - appends_before
    assert appends["audit.append_chained"] >= 1  # the later ones chained to the head the process knows
    assert appends["audit.append_chained"] + appends["audit.append_many"] == stats.transactions - transactions_before


async def test_records_appended_by_another_worker_are_chained_after_them(api: GraphQLClient) -> None:
    """A worker whose known head is behind the log (another worker appended since) chains its
    record to the log's real head, never to the one it knew."""
    await api.justified("case 1").data('{ officer(id: "LO-003") { phone } }')
    known = dict(api.executor.stats.shared)
    await api.justified("case 2").data('{ officer(id: "LO-003") { phone } }')
    api.executor.stats.shared.update(known)  # as if record 2 had been appended by another worker

    await api.justified("case 3").data('{ officer(id: "LO-003") { phone } }')

    result = await audit.verify(api.executor)
    assert result.intact, result.problems
    assert result.checked == 3



REMOVE_THE_LOG = (
    Statement("test.remove_log_counter", "MATCH (q:Sequence {name: 'audit-log'}) DELETE q", Mode.WRITE),
    Statement("test.remove_log_records", "MATCH (a:AuditRecord) DELETE a", Mode.WRITE),
)


async def test_a_log_emptied_under_the_process_starts_again(api: GraphQLClient) -> None:
    """The process chains its records to the head it committed last; a store emptied under it
    (its log and the log's counter gone) still takes the next record, as the log's first."""
    await api.justified("case 1").data('{ officer(id: "LO-003") { phone } }')

    async def remove(tx) -> None:
        for statement in REMOVE_THE_LOG:
            await tx.run(statement)

    await api.executor.write(remove)
    await api.justified("case 2").data('{ officer(id: "LO-003") { phone } }')

    result = await audit.verify(api.executor)
    assert result.intact, result.problems
    assert result.checked == 1

def _delivery(n: int) -> AuditTrail:
    trail = AuditTrail(Identity("be-fedpol:inv.live", frozenset({Role.INVESTIGATOR}), "BE-FEDPOL"), None, f"delivery-{n}")
    trail.note(Operation.READ_TASKING, ["T-0001"])
    return trail


async def test_delivery_records_are_written_together_off_the_delivery_path(api: GraphQLClient) -> None:
    stats = api.executor.stats
    records = DeliveryRecords(api.executor)
    before = stats.by_statement.copy()

    for n in range(20):
        await records.add(_delivery(n))  # returns at once: the messages may leave
    assert await records.drain()

    used = stats.by_statement - before
    assert used["audit.append_many"] + used["audit.append_chained"] <= 2, used  # together, not one each
    result = await audit.verify(api.executor)
    assert result.intact and result.checked == 20, result.problems


async def test_delivery_records_are_kept_and_deliveries_refused_while_the_log_cannot_be_written() -> None:
    def unreachable() -> Executor:
        raise StoreUnavailable("the store is down")

    records = DeliveryRecords(ResilientExecutor(unreachable, engine="embedded"), retry_seconds=0.05)
    await records.add(_delivery(1))
    for _ in range(100):
        if records.failure is not None:
            break
        await asyncio.sleep(0.01)

    with pytest.raises(StoreUnavailable):
        await records.add(_delivery(2))  # nothing more is sent unrecorded
    assert len(records.waiting) == 1  # the record taken is kept, to be written when the store is back
    assert not await records.drain(timeout=0.2)


def test_no_statement_can_change_or_remove_an_audit_record() -> None:
    """Records are only ever created (the usual append also advances the log's sequence in the
    same statement: that node may be set, a record never)."""
    for statement in all_statements():
        if "AuditRecord" not in statement.cypher:
            continue
        records = {name for name, label in variables(statement.cypher).items() if label == "AuditRecord"}
        for clause, body in WRITE_CLAUSE.findall(statement.cypher):
            if clause == "MERGE":
                assert ":AuditRecord" not in body, statement.name
            elif clause != "CREATE":
                assert not any(re.search(rf"\b{name}\b", body) for name in records), statement.name


@dataclass
class StoppedStore:
    """The store a stopped server leaves behind, as the CLI and someone with database access see it."""

    executor: Executor
    env: dict[str, str]

    def tamper(self, cypher: str) -> None:
        """What someone with access to the database could do behind lonet's back."""
        if self.executor.engine == "neo4j":
            settings = neo4j_settings()
            with GraphDatabase.driver(settings.neo4j_uri, auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value())) as driver:
                driver.execute_query(cypher)
            return
        database = ladybug.Database(self.env["LONET_EMBEDDED_PATH"])
        connection = ladybug.Connection(database)
        connection.execute(cypher)
        connection.close()
        database.close()


def lonet(*args: str, store: StoppedStore) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **store.env}
    return subprocess.run([sys.executable, "-m", "service.cli", *args], env=env, capture_output=True, text=True, timeout=120)


async def logged_store(api: GraphQLClient, reads: int) -> StoppedStore:
    for n in range(reads):
        await api.justified(f"case {n}").data('{ officer(id: "LO-001") { email } }')
    if api.executor.engine == "neo4j":
        # The CLI reaches the run's Neo4j through NEO4J_URI (tests/conftest.py sets it).
        return StoppedStore(api.executor, {"LONET_ENGINE": "neo4j"})
    await api.executor.close()  # release the file, as a stopped server would
    return StoppedStore(api.executor, {"LONET_ENGINE": "embedded", "LONET_EMBEDDED_PATH": str(api.executor.path)})


async def test_verify_passes_on_an_intact_log_and_export_writes_every_record(api: GraphQLClient, tmp_path: Path) -> None:
    store = await logged_store(api, 4)

    verified = lonet("audit", "verify", store=store)
    exported = lonet("audit", "export", "--out", str(tmp_path / "log.jsonl"), store=store)

    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "intact: 4 records," in verified.stdout
    assert exported.returncode == 0, exported.stderr
    lines = [json.loads(line) for line in (tmp_path / "log.jsonl").read_text().splitlines()]
    assert [r["seq"] for r in lines] == [1, 2, 3, 4]
    assert all(r["hash"] and r["prevHash"] for r in lines)
    assert lines[1]["prevHash"] == lines[0]["hash"]


async def test_verify_detects_an_edited_record(api: GraphQLClient) -> None:
    store = await logged_store(api, 4)
    store.tamper("MATCH (a:AuditRecord {seq: 2}) SET a.justification = 'nothing to see'")

    verified = lonet("audit", "verify", store=store)

    assert verified.returncode == 1
    assert "record 2 was altered" in verified.stdout


async def test_verify_detects_a_deleted_record(api: GraphQLClient) -> None:
    store = await logged_store(api, 4)
    store.tamper("MATCH (a:AuditRecord {seq: 3}) DELETE a")

    verified = lonet("audit", "verify", store=store)

    assert verified.returncode == 1
    assert "record 3 is missing" in verified.stdout


async def test_verify_detects_records_cut_off_the_end(api: GraphQLClient) -> None:
    store = await logged_store(api, 4)
    store.tamper("MATCH (a:AuditRecord) WHERE a.seq >= 3 DELETE a")

    verified = lonet("audit", "verify", store=store)

    assert verified.returncode == 1
    assert "records 3 to 4 are missing at the end" in verified.stdout


# -- what a justification may be -----------------------------------------------------------------

CONTACT = 'query { officer(id: "LO-001") { email } }'
SET_AVAILABILITY = """mutation($j: String) {
  setAvailability(status: LIMITED, note: "court", version: 1, justification: $j) { availability } }"""


async def test_a_utf8_justification_header_is_recorded_as_sent_in_nfc(api: GraphQLClient) -> None:
    response = await api.post(CONTACT, **{"X-Justification": "zaak Lie\u0300ge/2026 – Stéphane".encode("utf-8")})  # type: ignore[arg-type]

    assert response.status_code == 200 and "errors" not in response.json(), response.text
    [entry] = await log_entries(api, operation="readContactData")
    assert entry["justification"] == "zaak Liège/2026 – Stéphane"  # UTF-8, composed: not "LiÃ¨ge"


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("\u200b".encode(), id="zero-width-space-only"),
        pytest.param("\u200b \u2060".encode(), id="invisible-only"),
        pytest.param("zaak Li\xe8ge".encode("latin-1"), id="not-utf8"),
        pytest.param("case \u202eevil".encode(), id="bidi-override"),
    ],
)
async def test_a_justification_header_without_a_plain_visible_reference_is_refused(api: GraphQLClient, header: bytes) -> None:
    response = await api.post(CONTACT, **{"X-Justification": header})  # type: ignore[arg-type]

    assert response.status_code == 400, response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and "justification" in error["message"].lower()
    assert (await audit.verify(api.executor)).checked == 0  # nothing read, nothing logged


@pytest.mark.parametrize(
    "justification",
    [
        pytest.param("case\x00 1", id="NUL"),
        pytest.param("case \x1b[31m1\x1b[0m", id="ANSI-escape"),
        pytest.param("case\x7f1", id="DEL"),
        pytest.param("case \x9b1", id="C1-control"),
        pytest.param("\u200b", id="zero-width-space"),
    ],
)
async def test_a_justification_argument_with_control_or_no_visible_characters_is_refused(
    api: GraphQLClient, justification: str
) -> None:
    lo = api.as_("lo-belgrade")

    [error] = await lo.errors(SET_AVAILABILITY, {"j": justification})

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "justification", "requestId": error["extensions"]["requestId"]}
    officer = await api.as_("admin").data('{ officer(id: "LO-001") { availability version } }')
    assert officer["officer"] == {"availability": "AVAILABLE", "version": 1}  # nothing changed


async def test_tabs_and_newlines_in_a_justification_are_folded_to_spaces(api: GraphQLClient) -> None:
    changed = await api.as_("lo-belgrade").data(SET_AVAILABILITY, {"j": "case\tBNL-1\n(court)"})

    assert changed["setAvailability"]["availability"] == "LIMITED"
    [entry] = await log_entries(api, operation="setAvailability")
    assert entry["justification"] == "case BNL-1 (court)"


AUDIT_PAGE = """query($first: Int, $after: String, $last: Int, $before: String) {
  auditLog(filter: {operation: "readContactData"}, first: $first, after: $after, last: $last, before: $before) {
    nodes { id: seq } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""


async def test_the_log_pages_backward_as_forward_in_reverse(api: GraphQLClient) -> None:
    for _ in range(3):
        await api.justified("case AN/2026/0412").data(CONTACTS)
    admin = api.as_("admin")

    forward = await walk(admin, AUDIT_PAGE, "auditLog", 1, False)
    assert_same_pages_both_ways(forward, await walk(admin, AUDIT_PAGE, "auditLog", 1, True), 1)
    seqs = sum(forward, [])
    assert seqs == sorted(seqs, reverse=True), "newest first"
