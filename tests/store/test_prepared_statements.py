"""The embedded engine runs each statement as LadybugDB prepared it for its text and parameter
types, kept per connection (ladybug_executor._prepared_statement: LadybugDB's Python package
spent 60-90 us a call looking its own cache up). What must hold whatever is kept: a value is
written and answered as given, whatever the width of the int it is given this time (the engine
narrows an int's type to the first value's width), and a statement the engine refuses is
refused every time, with the engine's reason, the connection still serving the others."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.store import Executor, Mode, Statement, StoreError
from service.store.ladybug_executor import LadybugExecutor
from service.store.migrator import migrate

SET_SEQUENCE = Statement(
    "test.set_sequence",
    "MERGE (q:Sequence {name: $name}) SET q.value = $value RETURN q.value AS value, $value AS given, $value * 2 AS twice",
    Mode.WRITE,
)
SEQUENCES = Statement("test.sequences", "MATCH (q:Sequence) RETURN q.name AS name, q.value AS value", Mode.READ)
REFUSED = Statement("test.refused", "MATCH (q:Sequence {name: $name}) RETURN q.noSuchProperty AS value", Mode.READ)

# Narrow first, then every width up and down (and negative): one statement text throughout.
VALUES = [5, 300, -5, 70_000, 5_000_000_000, 7, -3_000_000_000, 2**61, 1]


async def test_an_int_is_written_and_answered_as_given_whatever_its_width(empty_store: Executor) -> None:
    await migrate(empty_store)
    for n, value in enumerate(VALUES):
        answered = await empty_store.write(lambda tx, n=n, value=value: tx.run(SET_SEQUENCE, {"name": f"s{n}", "value": value}))
        assert answered == [{"value": value, "given": value, "twice": 2 * value}]
    # One name set again and again with values of changing widths.
    for value in VALUES:
        answered = await empty_store.write(lambda tx, value=value: tx.run(SET_SEQUENCE, {"name": "again", "value": value}))
        assert answered == [{"value": value, "given": value, "twice": 2 * value}]

    stored = {row["name"]: row["value"] for row in await empty_store.read(lambda tx: tx.run(SEQUENCES))}
    assert stored == {**{f"s{n}": value for n, value in enumerate(VALUES)}, "again": VALUES[-1]}


async def test_a_refused_statement_is_refused_each_time_and_the_others_still_run(tmp_path: Path) -> None:
    executor = LadybugExecutor(tmp_path / "store.lbug", pause_checkpoint_ms=0)
    try:
        await migrate(executor)
        await executor.write(lambda tx: tx.run(SET_SEQUENCE, {"name": "kept", "value": 3}))
        for _ in range(2):
            with pytest.raises(StoreError, match="noSuchProperty") as refused:
                await executor.read(lambda tx: tx.run(REFUSED, {"name": "kept"}))
            assert refused.value.statement == "test.refused"
        assert await executor.read(lambda tx: tx.run(SEQUENCES)) == [{"name": "kept", "value": 3}]
    finally:
        await executor.close()
