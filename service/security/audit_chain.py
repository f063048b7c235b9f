"""The consultation log's hash chain (Law Enforcement Directive art. 25 style logging).

Each record's hash covers its content and the previous record's hash, so editing, removing or
reordering any record breaks every hash after it; `lonet audit verify` recomputes the chain.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import Any

import orjson

GENESIS = "0" * 64
CHAINED_FIELDS = (
    "seq", "at", "subject", "service", "roles", "operation", "objectIds", "justification", "requestId", "prevHash",
)
# Chained when present: records written before schema version 5 have none, and keep their hashes.
OPTIONAL_CHAINED_FIELDS = ("clientRequestId",)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        # Microseconds: the precision both engines keep.
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def record_hash(record: dict[str, Any]) -> str:
    content = {name: _canonical(record.get(name)) for name in CHAINED_FIELDS}
    content |= {name: record[name] for name in OPTIONAL_CHAINED_FIELDS if record.get(name) is not None}
    return hashlib.sha256(orjson.dumps(content, option=orjson.OPT_SORT_KEYS)).hexdigest()
