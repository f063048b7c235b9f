"""Values without a type of their own (null, an empty list) are written into a statement's text
for LadybugDB (ladybug_untyped: as parameters the engine binds and plans the statement again on
every call). What a statement writes and answers is the same either way, on both engines."""

from __future__ import annotations

from datetime import datetime, timezone

from service.store import Executor, Mode, Statement
from service.store.ladybug_untyped import without_untyped
from service.store.migrator import migrate

AT = datetime(2026, 12, 5, 9, 30, tzinfo=timezone.utc)

CREATE_RECORDS = Statement(
    "test.create_records",
    "UNWIND $records AS r CREATE (a:AuditRecord {seq: r.seq, at: r.at, subject: r.subject, operation: r.operation, "
    "objectIds: r.objectIds, roles: r.roles, mac: r.mac, clientRequestId: r.clientRequestId, "
    "justification: $justification, service: $service, prevHash: 'p', hash: 'h'}) "
    "RETURN a.seq AS seq, a.mac AS mac, $service IS NULL AS noService, size($extra) AS extra ORDER BY seq",
    Mode.WRITE,
)
RECORDS = Statement(
    "test.records",
    "MATCH (a:AuditRecord) RETURN a.seq AS seq, a.subject AS subject, a.objectIds AS objectIds, a.roles AS roles, "
    "a.mac AS mac, a.clientRequestId AS clientRequestId, a.justification AS justification, a.service AS service "
    "ORDER BY seq",
    Mode.READ,
)


def record(seq: int, **fields: object) -> dict[str, object]:
    return {"seq": seq, "at": AT, "subject": f"inv.{seq}", "operation": "test", "objectIds": ["T-1"], "roles": ["investigator"],
            "mac": None, "clientRequestId": None, **fields}


def test_nulls_and_empty_lists_are_written_into_the_text_and_left_out_of_the_parameters() -> None:
    cypher = "MATCH (n {a: $a, ab: $ab}) UNWIND $rows AS r CREATE (m {x: r.x, y: r.y, z: r.z, list: $list}) RETURN r.xy"
    rows = [{"x": None, "y": 1, "z": [], "xy": None}, {"x": None, "y": None, "z": [], "xy": 2}]
    text, params = without_untyped(cypher, {"a": None, "ab": "kept", "rows": rows, "list": []})
    assert text == "MATCH (n {a: NULL, ab: $ab}) UNWIND $rows AS r CREATE (m {x: NULL, y: r.y, z: [], list: []}) RETURN r.xy"
    # A field null in some rows only is typed by the others and stays; the rows passed are copies.
    assert params == {"ab": "kept", "rows": [{"y": 1, "xy": None}, {"y": None, "xy": 2}]}
    assert rows[0] == {"x": None, "y": 1, "z": [], "xy": None}


def test_statements_with_every_value_typed_are_passed_as_they_are() -> None:
    cypher = "UNWIND $rows AS r CREATE (m {x: r.x})"
    params = {"rows": [{"x": 1}, {"x": None}], "other": ["a"]}
    assert without_untyped(cypher, params) == (cypher, params)
    assert without_untyped(cypher, params)[1] is params


def test_rows_whose_name_is_bound_twice_keep_their_fields() -> None:
    """A field is written in only when its rows' name means one thing throughout the statement."""
    cypher = "UNWIND $rows AS r CREATE (m {x: r.x}) WITH m UNWIND $others AS r CREATE (k {x: r.x})"
    text, params = without_untyped(cypher, {"rows": [{"x": None, "k": 1}], "others": [{"x": 3, "k": 1}]})
    assert text == cypher and params["rows"] == [{"x": None, "k": 1}]
    # A row of no fields has no type: one field is always kept.
    text, params = without_untyped("UNWIND $rows AS r CREATE (m {x: r.x, y: r.y})", {"rows": [{"x": None, "y": None}]})
    assert params == {"rows": [{"y": None}]} and text == "UNWIND $rows AS r CREATE (m {x: NULL, y: r.y})"


async def test_what_a_statement_writes_and_answers_with_nulls_and_empty_lists(empty_store: Executor) -> None:
    await migrate(empty_store)
    all_null = [record(1, objectIds=[]), record(2, objectIds=[])]
    some_null = [record(3, mac="m3", roles=[]), record(4, clientRequestId="c4")]
    first = await empty_store.write(
        lambda tx: tx.run(CREATE_RECORDS, {"records": all_null, "justification": None, "service": None, "extra": []})
    )
    again = await empty_store.write(
        lambda tx: tx.run(CREATE_RECORDS, {"records": some_null, "justification": "case 7", "service": "BE-FEDPOL", "extra": ["x"]})
    )
    assert first == [{"seq": 1, "mac": None, "noService": True, "extra": 0}, {"seq": 2, "mac": None, "noService": True, "extra": 0}]
    assert again == [{"seq": 3, "mac": "m3", "noService": False, "extra": 1}, {"seq": 4, "mac": None, "noService": False, "extra": 1}]
    stored = await empty_store.read(lambda tx: tx.run(RECORDS))
    assert [(r["seq"], r["objectIds"], r["roles"], r["mac"], r["clientRequestId"], r["justification"], r["service"]) for r in stored] == [
        (1, [], ["investigator"], None, None, None, None),
        (2, [], ["investigator"], None, None, None, None),
        (3, ["T-1"], [], "m3", None, "case 7", "BE-FEDPOL"),
        (4, ["T-1"], ["investigator"], None, "c4", "case 7", "BE-FEDPOL"),
    ]
