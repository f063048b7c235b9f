"""One Cypher, two engines: every registered read gives the same rows on LadybugDB and on Neo4j.

Each read statement runs with its example parameters on the demo network, once per engine. Rows
are compared in order where the statement promises one (an ORDER BY as its last clause), as a
multiset otherwise; lists inside a row (collect()) are compared as multisets, since neither
engine promises the order in which collect() meets its rows.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

from service.store import Executor, Mode, Statement, Transaction, all_statements

from ..conftest import embedded_demo, neo4j_demo


def _canonical(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 9) if math.isfinite(value) else repr(value)
    if isinstance(value, dict):
        return tuple(sorted((k, _canonical(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return ("list", tuple(sorted((_canonical(v) for v in value), key=repr)))
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def promises_order(statement: Statement) -> bool:
    """An ORDER BY in the final RETURN orders the rows returned."""
    return " ORDER BY " in statement.cypher.upper().rsplit(" RETURN ", 1)[-1]


# Values that say when a store was built, not what it holds: each engine's copy was migrated at
# its own moment.
WHEN_BUILT = {"schema_version.current": {"appliedAt"}}


def canonical_rows(statement: Statement, rows: list[dict[str, Any]]) -> list[Any]:
    volatile = WHEN_BUILT.get(statement.name, set())
    canonical = [_canonical({k: v for k, v in row.items() if k not in volatile}) for row in rows]
    return canonical if promises_order(statement) else sorted(canonical, key=repr)


async def _rows(executor: Executor, statement: Statement) -> list[dict[str, Any]]:
    async def work(tx: Transaction) -> list[dict[str, Any]]:
        return await tx.run(statement, statement.example)

    return await executor.read(work)


async def test_every_read_statement_gives_the_same_rows_on_both_engines(tmp_path: Path, demo_template: Path) -> None:
    reads = [s for s in all_statements() if s.mode is Mode.READ]
    assert len(reads) > 30
    differences = []
    async with embedded_demo(tmp_path, demo_template) as embedded, neo4j_demo() as neo4j:
        for statement in reads:
            mine, theirs = await _rows(embedded, statement), await _rows(neo4j, statement)
            if canonical_rows(statement, mine) != canonical_rows(statement, theirs):
                differences.append(f"{statement.name}:\n  LadybugDB {mine[:3]}\n  Neo4j     {theirs[:3]}")
    assert not differences, f"{len(differences)} statement(s) differ:\n" + "\n".join(differences)


def test_the_order_rule_reads_the_last_clause() -> None:
    ordered = Statement("x", "MATCH (o:Officer) WITH o ORDER BY o.id RETURN o.id AS id", Mode.READ)
    final = Statement("y", "MATCH (o:Officer) WITH o, 1 AS x RETURN o.id AS id ORDER BY id", Mode.READ)
    assert not promises_order(ordered) and promises_order(final)
    assert canonical_rows(ordered, [{"id": "b"}, {"id": "a"}]) == canonical_rows(ordered, [{"id": "a"}, {"id": "b"}])
    assert canonical_rows(final, [{"id": "b"}, {"id": "a"}]) != canonical_rows(final, [{"id": "a"}, {"id": "b"}])
