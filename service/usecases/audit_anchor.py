"""The consultation log's anchors outside the store (security/audit_chain.py): the audit key
that MACs every record, and the checkpoints written to LONET_AUDIT_CHECKPOINT_DIR by
`lonet audit checkpoint` and, on a schedule, by the server."""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

from ..errors import BadUserInput
from ..i18n import _
from ..security.audit_chain import load_key
from ..settings import Settings
from ..store import Executor, StoreError
from .audit import Checkpoint, Verification, head, verify

log = logging.getLogger("lonet.audit")


def key_of(settings: Settings) -> bytes | None:
    """The audit key, if one is configured (made on first use)."""
    return load_key(settings.audit_key_file) if settings.audit_key_file is not None else None


def latest_checkpoint(settings: Settings) -> Checkpoint | None:
    """The checkpoint with the highest record number in the checkpoint directory, if any."""
    directory = settings.audit_checkpoint_dir
    if directory is None or not directory.is_dir():
        return None
    found = [Checkpoint.from_json(p.read_bytes()) for p in directory.glob("audit-checkpoint-*.json")]
    return max(found, key=lambda c: (c.seq, c.at), default=None)


async def write_checkpoint(executor: Executor, settings: Settings) -> Path:
    """A signed checkpoint of the log's head, in its own file (0600), never over an older one."""
    key = key_of(settings)
    if key is None or settings.audit_checkpoint_dir is None:
        raise BadUserInput(_("checkpoints need LONET_AUDIT_KEY_FILE and LONET_AUDIT_CHECKPOINT_DIR (both outside the store)"))
    checkpoint = await head(executor, key)
    directory = settings.audit_checkpoint_dir
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"audit-checkpoint-{checkpoint.seq:012d}-{checkpoint.at.replace(':', '')}.json"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(checkpoint.to_json())
    return path


async def verify_anchored(executor: Executor, settings: Settings) -> Verification:
    """`verify` with the configured key and the latest checkpoint."""
    return await verify(executor, key=key_of(settings), checkpoint=latest_checkpoint(settings))


async def checkpoint_periodically(executor: Executor, settings: Settings) -> None:
    """The server's schedule (LONET_AUDIT_CHECKPOINT_SECONDS), while key and directory are set."""
    while True:
        await asyncio.sleep(settings.audit_checkpoint_seconds)
        try:
            path = await write_checkpoint(executor, settings)
            log.info("audit checkpoint written", extra={"path": str(path)})
        except (BadUserInput, StoreError, OSError) as exc:
            log.error("audit checkpoint not written: %s", exc)
