"""Parameters without a type of their own, written into the statement for LadybugDB.

LadybugDB 0.22 keeps a statement prepared per parameter types, but a parameter whose value has no
type of its own (a null: ANY; an empty list: LIST(ANY)) differs from the type the statement was
bound with, and the engine binds and plans the statement again on every call. On the full bench
network: tasking.create with its eight empty form fields 2.0-2.7 ms against 0.8 with them written
as NULL, the consultation record (its `mac` and `clientRequestId` null in every record) 2.1 ->
0.6 ms, a statement given an empty list 0.07 -> 0.34 ms.

So before a statement goes to the engine, such a value is written into its text as a literal
(`NULL`, `[]`), which means the same in Cypher, and the parameter is left out:
- a parameter that is null or an empty list: `$name`;
- a field that is null (or an empty list) in every row of a list of rows that the statement
  unwinds (`UNWIND $rows AS r` ... `r.field`), the side-by-side forms' `$lonet_rows` among them:
  `r.field`, the field left out of the rows. A field null in some rows only is typed by the
  others and left as it is.
The texts are kept per shape (which parameters and fields were written in), so the engine
prepares each shape once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

NULL = "NULL"
EMPTY_LIST = "[]"


def _literal(value: Any) -> str | None:
    """The literal a value without a type of its own is written as; None for any other value."""
    if value is None:
        return NULL
    if type(value) is list and not value:
        return EMPTY_LIST
    return None


def _field_literal(rows: list[dict[str, Any]], field: str) -> str | None:
    """The literal for a field when it is the same untyped value in every row."""
    literal = _literal(rows[0][field])
    if literal is None:
        return None
    for row in rows:
        if _literal(row[field]) != literal:
            return None
    return literal


@lru_cache(maxsize=1024)
def _alias_of_rows(cypher: str, name: str) -> str | None:
    """The one name a list parameter's rows go by (`UNWIND $name AS alias`), when it is bound once
    in the statement; None when not unwound, or the name is bound again (a field's meaning would
    then depend on where it is written)."""
    found = re.findall(r"\bUNWIND\s+\$" + name + r"\s+AS\s+(\w+)", cypher, re.IGNORECASE)
    if len(found) != 1:
        return None
    alias = found[0]
    if len(re.findall(r"\bAS\s+" + alias + r"\b", cypher, re.IGNORECASE)) != 1:
        return None
    return alias


@lru_cache(maxsize=4096)
def _written(
    cypher: str, parameters: tuple[tuple[str, str], ...], fields: tuple[tuple[str, str, str], ...]
) -> str:
    for name, literal in parameters:
        cypher = re.sub(r"\$" + name + r"\b", literal, cypher)
    for alias, field, literal in fields:
        cypher = re.sub(r"(?<![\w.$])" + alias + r"\." + field + r"\b", literal, cypher)
    return cypher


def without_untyped(cypher: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The statement and its parameters with every value that has no type of its own written
    into the text (the module's docstring says why); the same objects when there is none."""
    parameters: list[tuple[str, str]] = []
    fields: list[tuple[str, str, str]] = []
    changed: dict[str, Any] = {}
    for name, value in params.items():
        literal = _literal(value)
        if literal is not None:
            parameters.append((name, literal))
            continue
        if type(value) is not list or type(value[0]) is not dict:
            continue
        row_fields = _untyped_fields(value)
        if not row_fields:
            continue
        alias = _alias_of_rows(cypher, name)
        if alias is None:
            continue
        fields.extend((alias, field, literal) for field, literal in row_fields)
        left_out = {field for field, _ in row_fields}
        changed[name] = [{k: v for k, v in row.items() if k not in left_out} for row in value]
    if not parameters and not fields:
        return cypher, params
    left_out = {name for name, _ in parameters}
    written = {name: changed.get(name, value) for name, value in params.items() if name not in left_out}
    return _written(cypher, tuple(parameters), tuple(fields)), written


def _untyped_fields(rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The fields of a list of rows that are one untyped value in every row, when the rows have
    the same fields; at least one field is always kept (a row of no fields has no type)."""
    keys = rows[0].keys()
    for row in rows:
        if type(row) is not dict or row.keys() != keys:
            return []
    found = [(field, literal) for field in keys if (literal := _field_literal(rows, field)) is not None]
    return found if len(found) < len(keys) else found[:-1]
