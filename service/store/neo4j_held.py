"""Neo4j: a unit's writes whose answers it knows, sent together as one statement.

Every statement is a Bolt round trip of its own: the driver waits for each answer before it sends
the next, and has no way to send several at once (bench/RESULTS.md, issue 22: `RETURN 1` in a
transaction 0.66 ms on loopback; a request for assistance was nine trips: BEGIN, seven
statements, COMMIT). A unit's writes whose answer it knows beforehand (Transaction.run_expecting,
and every write that answers nothing) are held, as the embedded engine holds them, until the unit
next needs an answer or ends; then they go as one statement, each in a subquery of its own, its
parameters renamed apart and its rows collected into one value, so the subqueries keep one row
between them. Cypher runs a statement's clauses in order, each seeing what the ones before it
wrote: the subqueries change the store as the statements one after another would.

Should one answer otherwise than its unit expected, the transaction fails (StoreChanged, nothing
of it written) and the unit runs again holding nothing, seeing each answer
(Neo4jExecutor.write). What a unit leaves for its end (Changes.before_commit: the consultation
record, a request's number) runs under the process's write turn, chained to what the process
committed last: held too, its steps go as one statement with the COMMIT, one round trip for both,
while they have been answering as expected. Their answers are then checked in the statement
itself (`checked`): one answering otherwise fails it, the COMMIT sent behind it is ignored, and
the unit runs again as above. After another worker moved what they chain to, each goes alone for
a while and acts on the answer it gets (Neo4jExecutor.end_steps_held).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .executor import Row
from .statement import PARAMETER, Statement

PREFIX = "lonet_held"  # a held statement's parameters and answer: lonet_held<n>_<name>, lonet_held<n>
# What a checked statement fails with when an answer is not the one expected: Neo4j's message for a
# text that is not a date quotes the text (Cypher has no statement to raise an error; APOC's is a
# plugin Community does not ship).
ANSWERED_OTHERWISE = "lonet: a held write answered otherwise than its unit expected"


@dataclass(frozen=True)
class Held:
    statement: Statement
    params: dict[str, Any]  # as prepared (prepare_call), not yet converted for the driver
    expected: list[Row]


def combined(held: Sequence[Held]) -> tuple[str, dict[str, Any]]:
    """One statement running the held ones in order, and its parameters. A statement that answers
    nothing is a subquery that keeps the row as it is; one that answers is a subquery collecting
    its rows, as maps of the columns its unit expects (or counting them, when it expects none)."""
    parts: list[str] = []
    answers: list[str] = []
    params: dict[str, Any] = {}
    for n, item in enumerate(held):
        name = f"{PREFIX}{n}"
        body = PARAMETER.sub(lambda m: f"${name}_{m.group(1)}", item.statement.cypher)
        params.update({f"{name}_{key}": value for key, value in item.params.items()})
        if item.statement.answers_nothing:
            parts.append(f"CALL () {{ {body} }}")
            continue
        columns = list(item.expected[0]) if item.expected else []
        # Quoted: a column's name may need it (RETURN ... AS `the end`).
        collected = f"collect({{{', '.join(f'`{c}`: `{c}`' for c in columns)}}})" if columns else "count(*)"
        parts.append(f"CALL () {{ CALL () {{ {body} }} RETURN {collected} AS {name} }}")
        answers.append(name)
    ending = f"RETURN {', '.join(answers)}" if answers else f"RETURN true AS {PREFIX}"
    return " ".join([*parts, ending]), params


def checked(held: Sequence[Held]) -> tuple[str, dict[str, Any]]:
    """One statement running the held ones in order, as `combined`, that fails (with
    ANSWERED_OTHERWISE in its message) unless each answered what its unit expected: so a COMMIT
    sent behind it without waiting commits only what answered as expected. Answers compare as
    Cypher's `=` does; one holding a null never equals, and fails it (the unit then runs again)."""
    cypher, params = combined(held)
    answered: list[str] = []
    expected: list[Any] = []
    for n, item in enumerate(held):
        if item.statement.answers_nothing:
            continue
        columns = list(item.expected[0]) if item.expected else []
        answered.append(f"{PREFIX}{n}")
        expected.append([{c: row[c] for c in columns} for row in item.expected] if columns else len(item.expected))
    if not expected:
        return cypher, params
    body = cypher[: cypher.rindex(" RETURN ")]
    params[f"{PREFIX}_expected"] = expected
    return (
        f"{body} RETURN CASE WHEN [{', '.join(answered)}] = ${PREFIX}_expected THEN true "
        f"ELSE date('{ANSWERED_OTHERWISE}') END AS {PREFIX}",
        params,
    )


def answers(held: Sequence[Held], row: Row) -> list[list[Row] | None]:
    """Each held statement's rows from the combined statement's one row (None: answers nothing)."""
    found: list[list[Row] | None] = []
    for n, item in enumerate(held):
        if item.statement.answers_nothing:
            found.append(None)
        elif item.expected:
            found.append(row[f"{PREFIX}{n}"])
        else:
            found.append([{}] * row[f"{PREFIX}{n}"])  # as many rows as it gave, where none were expected
    return found
