"""Units of work side by side in one embedded transaction, their like statements sent as one.

LadybugDB's cost is per statement far more than per row: on the full bench network one request's
tasking.create takes 2.2 ms alone, 32 of them 66 ms one by one and 8 ms as one UNWIND over the 32
(the serving check 30 -> 7 ms). The group commit (ladybug_executor) already shares a BEGIN and a
COMMIT among the units that queued while the writer was busy; units that declare what they write
(`Executor.write(..., claims=...)`) and whose claims no other unit of the batch shares also
share their statements: they run side by side, each up to its next statement, and when every one
of them waits on one, the waiting statements go to the engine, those of one kind as one statement
over a list of rows (`side_by_side_form`; only statements marked `side_by_side`, measured faster
so: a form can lose an index lookup), the others one by one in the units' order.

Why this keeps each unit's meaning: a unit claims the keys of what it writes (its new tasking, the
tasking it changes, the officer whose record it changes) and reads nothing a unit with other
claims writes inside the transaction (what it checks beforehand, it reads from the read model).
So side by side they see what one after another would have seen. What all units change in common
(the consultation log, the reference numbers) they leave for the transaction's end
(`Changes.before_commit`), which runs one step after another as before. A unit without claims,
or whose claims an earlier unit of the batch holds, runs before the side-by-side ones, each unit
after the one before it, as every unit did before.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from .statement import PARAMETER, Statement

ROWS = "lonet_rows"  # the list parameter of a side-by-side form
ROW = "lonet_row"  # one unit's parameters in it
INDEX = "lonet_index"  # which of the list's rows a result row answers
KEYS = "lonet_keys_"  # a written-out form's list of one parameter's values over the rows

_KEYS_PARAMETER = re.compile(r"\$" + KEYS + r"(\w+)")
_RETURN = re.compile(r"\bRETURN\b(\s+DISTINCT\b)?")
_WITH = re.compile(r"(?<!STARTS )(?<!ENDS )\bWITH\b(\s+DISTINCT\b)?")  # the clause, not the string operators
# What a list of rows would change the meaning of: results that sum or order across the rows
# (aggregates, ORDER BY, LIMIT, SKIP), a WITH * that the row could not be added to, and
# subqueries that return. Statements with any of these run one by one.
_ACROSS_ROWS = re.compile(
    r"\b(count|collect|sum|avg|min|max)\s*\(|\b(ORDER\s+BY|LIMIT|SKIP|UNION|CALL)\b|\bWITH\s+\*", re.IGNORECASE
)


@lru_cache(maxsize=None)
def _form(cypher: str) -> str | None:
    if _ACROSS_ROWS.search(cypher) or len(_RETURN.findall(cypher)) > 1 or ROW in cypher:
        return None
    body = PARAMETER.sub(lambda m: f"{ROW}.{m.group(1)}", cypher)
    body = _WITH.sub(lambda m: f"{m.group(0)} {ROW},", body)  # each WITH carries the row on
    body = _RETURN.sub(lambda m: f"{m.group(0)} {ROW}.{INDEX} AS {INDEX},", body, count=1)
    return f"UNWIND ${ROWS} AS {ROW} {body}"


def side_by_side_form(statement: Statement) -> str | None:
    """The statement over a list of units' parameters (`$lonet_rows`), each result row tagged with
    the index of the row it answers; None for a statement whose results or effects would mix rows
    (any statement may have one; only those marked `side_by_side` are sent so: form_for). A form
    written out with the statement (`Statement.side_by_side_form`) is used as it is: over a list of
    rows LadybugDB joins the rows with the whole of what the first MATCH names (every officer's
    postings) where one statement alone looks its node up by key; a written form starts from the
    keys (`$lonet_keys_<param>`, form_parameters) and then takes the rows."""
    if statement.side_by_side_form is not None:
        return statement.side_by_side_form
    return _form(statement.cypher)


def _binds_as_row(params: dict[str, Any]) -> bool:
    """LadybugDB 0.22 fails to bind a list of rows nested in the form's rows when those hold dates
    or instants ("DATE is incompatible with INT8"): such a unit's statement is sent alone."""
    for value in params.values():
        if type(value) is list:
            for item in value:
                if type(item) is dict and any(isinstance(v, date) for v in item.values()):  # datetime too
                    return False
    return True


def form_for(statement: Statement, params: list[dict[str, Any]]) -> str | None:
    """The statement's side-by-side form, if it is sent so (`Statement.side_by_side`) and these units'
    parameters bind as its rows."""
    form = side_by_side_form(statement) if statement.side_by_side else None
    if form is None or not all(_binds_as_row(p) for p in params):
        return None
    if any(p.get(key) is None for key in _KEYS_PARAMETER.findall(form) for p in params):  # no key to start from
        return None
    return form


def form_parameters(form: str, params: list[dict[str, Any]]) -> dict[str, Any]:
    """The form's parameters for these units: their rows, and for a written form the distinct
    values of each parameter it starts from (form_for sends none without them)."""
    rows = as_rows(params)
    keys = {KEYS + name: sorted({row[name] for row in rows}) for name in set(_KEYS_PARAMETER.findall(form))}
    return {ROWS: rows, **keys}


def as_rows(params: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The units' parameters as the form's rows: every row with every key (LadybugDB binds a list
    of rows as one struct type), and its index."""
    keys = sorted({key for p in params for key in p})
    return [{**{key: p.get(key) for key in keys}, INDEX: i} for i, p in enumerate(params)]


def split_rows(rows: list[dict[str, Any]], count: int) -> list[list[dict[str, Any]]]:
    """The form's result rows back to the units, in the order they came, without the index."""
    answers: list[list[dict[str, Any]]] = [[] for _ in range(count)]
    for row in rows:
        index = row.pop(INDEX)
        answers[index].append(row)
    return answers


@dataclass(eq=False)
class Waiting:
    """One unit's statement, waiting for the others to reach theirs."""

    unit: int
    statement: Statement
    params: dict[str, Any]
    # None: held (Gathering.hold): its unit went on without it, expecting `expected`.
    answer: asyncio.Future | None
    expected: list[dict[str, Any]] = field(default_factory=list)

    def unexpected(self, answer: list[dict[str, Any]]) -> bool:
        """A held statement answered other than its unit expected (Transaction.run_expecting)."""
        return self.answer is None and answer != self.expected


@dataclass(eq=False)
class Gathering:
    """The statements the side-by-side units wait on. As soon as every unit still running waits on
    one, the waiting ones are handed to the writer (`hand_off`), from the step of the unit that was
    the last to wait or to end: no driver task between the units and the writer, whose every wake-up
    was one more turn of a loop busy with the other requests (in the 32-client mix, six rounds a
    batch, ~5 ms a turn)."""

    hand_off: Callable[[list[Send]], None]  # must not raise: a failure goes to the waits' answers
    failed: Callable[[int], bool]  # the unit's statement failed (it may have caught the error)
    units: int
    waiting: list[Waiting] = field(default_factory=list)
    ended: int = 0
    broken: list[int] = field(default_factory=list)  # units that ended by an error or cancelled
    # Set by run_side_by_side: the first failing unit's index, or None once all have ended well.
    settled: asyncio.Future | None = None
    over: bool = False  # the units are done: what runs now (the transaction's end) runs directly
    held_failed: set[int] = field(default_factory=set)  # units a held statement of which failed
    handed: int = 0  # hand-offs whose answers have not come back yet

    def wait_on(self, unit: int, statement: Statement, params: dict[str, Any]) -> Awaitable[list[dict[str, Any]]]:
        answer = asyncio.get_running_loop().create_future()
        self.waiting.append(Waiting(unit, statement, params, answer))
        self._moved()
        return answer

    def hold(self, unit: int, statement: Statement, params: dict[str, Any], expected: list[dict[str, Any]]) -> None:
        """A statement whose answer the unit knows (`expected`: none for a write that answers
        nothing, Statement.answers_nothing; Transaction.run_expecting): it goes with the next round
        (after the unit's earlier statements, before its later ones), or once every unit has ended,
        with the transaction's end (`take_held`); its unit goes on meanwhile: one round fewer for
        each (each a turn of an event loop busy with other requests). Should it fail or answer
        otherwise in a round, its unit counts as failed (the batch then runs again without it); at
        the end, the commit fails (each unit then runs again alone)."""
        self.waiting.append(Waiting(unit, statement, params, None, expected))

    def take_held(self) -> list[Waiting]:
        """The held writes of the units that have all ended, not sent yet (in the units' order)."""
        held, self.waiting = self.waiting, []
        return held

    def answered(self, sends: list[Send], outcomes: list[list[list[dict[str, Any]]] | BaseException] | BaseException) -> None:
        """A round's answers, on the loop: each waiting unit gets its rows or its error; a held
        statement's error fails its unit."""
        self.handed -= 1
        if isinstance(outcomes, BaseException):
            outcomes = [outcomes] * len(sends)
        for send, answers in zip(sends, outcomes):
            for wait, answer in zip(send.waits, answers if isinstance(answers, list) else [answers] * len(send.waits)):
                if wait.answer is None:
                    if isinstance(answer, BaseException) or wait.unexpected(answer):
                        self.held_failed.add(wait.unit)
                elif wait.answer.done():  # its unit was cancelled meanwhile
                    continue
                elif isinstance(answer, BaseException):
                    wait.answer.set_exception(answer)
                else:
                    wait.answer.set_result(answer)
        self._moved()

    def unit_ended(self, unit: int, well: bool) -> None:
        self.ended += 1
        if not well:
            self.broken.append(unit)
        self._moved()

    def _moved(self) -> None:
        if self.settled is None or self.settled.done():
            return
        broken = sorted({*self.broken, *self.held_failed, *(unit for unit in range(self.units) if self.failed(unit))})
        if broken:
            self.settled.set_result(broken[0])
            return
        running = self.units - self.ended
        if running == 0:
            if self.handed:  # the last round's answers are on their way
                return
            self.settled.set_result(None)  # held statements still waiting go with the end (take_held)
        elif len({wait.unit for wait in self.waiting if wait.answer is not None}) == running:
            self._hand()

    def _hand(self) -> None:
        waiting, self.waiting = self.waiting, []
        self.handed += 1
        self.hand_off(sends_of(waiting))


@dataclass(eq=False)
class Send:
    """What goes to the engine in one call: one statement alone, or one form over several rows."""

    statement: Statement
    form: str | None
    waits: list[Waiting]


def sends_of(waiting: list[Waiting]) -> list[Send]:
    """The waiting statements in the units' order, each unit's in the order it ran them; those of
    one kind with a form as one send at the place of the first of them, unless that would put a
    unit's statement before one it ran earlier (then a send of that kind starts there)."""
    sends: list[Send] = []
    together: dict[str, int] = {}  # a kind's send that later units' statements may join
    last: dict[int, int] = {}  # each unit's latest statement's send
    for wait in sorted(waiting, key=lambda w: w.unit):  # stable: a unit's in the order it ran them
        form = form_for(wait.statement, [wait.params])
        at = together.get(wait.statement.name) if form is not None else None
        if at is not None and at > last.get(wait.unit, -1):
            sends[at].waits.append(wait)
        else:
            at = len(sends)
            sends.append(Send(wait.statement, form, [wait]))
            if form is not None:
                together[wait.statement.name] = at
        last[wait.unit] = at
    return sends


class UnitFailed(Exception):
    """A unit run side by side failed (its own error, or a statement of it the engine refused):
    the transaction is rolled back; `index` is the first such unit in the batch's order."""

    def __init__(self, index: int) -> None:
        super().__init__(f"unit {index} of the batch failed")
        self.index = index


async def run_side_by_side(units: list[Callable[[], asyncio.Task[Any]]], gathering: Gathering) -> list[Any]:
    """Run the units (each already bound to its transaction object, in its caller's context, and
    telling `gathering` when it ends) until all are done; the gathering hands their statements to
    the writer meanwhile. Their results in order, or UnitFailed (the others cancelled)."""
    gathering.settled = asyncio.get_running_loop().create_future()
    tasks = [unit() for unit in units]
    try:
        failing = await gathering.settled
        if failing is not None:
            raise UnitFailed(failing)
        return [task.result() for task in tasks]
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    finally:
        gathering.over = True
