"""Value conversion at the engine boundary: the rest of lonet sees plain Python values only.

Dates are `datetime.date`, instants are timezone-aware UTC `datetime`s, nodes are plain dicts of
their properties. LadybugDB's TIMESTAMP ignores a zone offset on input (13:00+02:00 is stored as
13:00), so instants are normalised to naive UTC before they reach it.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from enum import Enum
from typing import Any


def _aware_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


# Values that cross the boundary unchanged; checked by exact type first (`type(v) in _PLAIN`),
# since this runs for every value of every statement (a bulk load converts millions).
_PLAIN = frozenset({str, int, float, bool, type(None), date})


def to_ladybug(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dict:
        return {k: v if type(v) in _PLAIN else to_ladybug(v) for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _PLAIN else to_ladybug(v) for v in value]
    if isinstance(value, datetime):
        return _aware_utc(value).replace(tzinfo=None)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: to_ladybug(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_ladybug(v) for v in value]
    return value


def from_ladybug(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is datetime:
        return value.replace(tzinfo=timezone.utc)
    if kind is dict:
        # Nodes and relationships come back as dicts with engine bookkeeping (_ID, _LABEL, ...).
        return {k: from_ladybug(v) for k, v in value.items() if not k.startswith("_")}
    if kind is list:
        return [v if type(v) in _PLAIN else from_ladybug(v) for v in value]
    return value


def to_neo4j(value: Any) -> Any:
    if isinstance(value, datetime):
        return _aware_utc(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: to_neo4j(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_neo4j(v) for v in value]
    return value


def from_neo4j(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, datetime):  # as neo4j_temporal reads them
        return _aware_utc(value)
    # Imported here so the embedded engine never needs the driver's modules loaded.
    from neo4j.graph import Node, Relationship
    from neo4j.time import Date, DateTime

    if isinstance(value, DateTime):
        return _aware_utc(value.to_native())
    if isinstance(value, Date):
        return value.to_native()
    if isinstance(value, (Node, Relationship)):
        return {k: from_neo4j(v) for k, v in value.items()}
    if isinstance(value, dict):
        return {k: from_neo4j(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_neo4j(v) for v in value]
    return value
