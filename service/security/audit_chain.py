"""The consultation log's hash chain (Law Enforcement Directive art. 25 style logging).

Each record's hash covers its content and the previous record's hash, so editing, removing or
reordering any record breaks every hash after it; `lonet audit verify` recomputes the chain.

The chain alone is unkeyed: whoever can write to the store can rewrite a record and re-chain
every later one, or cut the tail. Two anchors outside the store close that:
- a MAC per record, HMAC-SHA256 of its hash with the audit key (LONET_AUDIT_KEY_FILE), a key the
  store does not hold: a rewritten record cannot be given a valid MAC again;
- checkpoints (head record number and hash, and from which record on MACs are due), MAC'd with
  the same key and written outside the store (LONET_AUDIT_CHECKPOINT_DIR) by
  `lonet audit checkpoint` and on a schedule by the server: a cut tail or a re-chained log no
  longer matches the latest checkpoint.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
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


def mac(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def mac_matches(key: bytes, text: str, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(mac(key, text), given)


@lru_cache(maxsize=4)
def load_key(path: Path) -> bytes:
    """The audit key in `path` (64 hex digits), made on first use readable by its owner only.
    Keep the file outside the store and its backups."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_hex(32))
    key = bytes.fromhex(path.read_text().strip())
    if len(key) < 32:
        raise ValueError(f"the audit key in {path} is shorter than 32 bytes")
    return key
