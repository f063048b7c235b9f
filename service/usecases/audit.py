"""The consultation log: who read personal contact data or changed anything, when, and why.

Mutations append their record inside their own unit of work (all or nothing). Reads of contact
data are noted during the request and appended once at its end, before the response leaves: if
the append fails, the data is not sent.
"""

from __future__ import annotations

import base64
import unicodedata
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field

from ..errors import BadUserInput
from ..i18n import _
from ..security.audit_chain import GENESIS, mac, mac_matches, record_hash
from ..security.identity import Identity
from ..security.policy import Operation, require
from ..store import Executor, Transaction
from ..store.queries import audit as q
from .pages import Page, PageRequest, check_page_size
from .reads import fetch

MAX_JUSTIFICATION = 500
PAGE = 500


# Bidirectional embeddings, overrides and isolates: they make a record read otherwise than it is.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_WHITESPACE_CONTROLS = frozenset("\t\n\r")  # folded into single spaces below


def _is_control(c: str) -> bool:
    return c in _BIDI_CONTROLS or (unicodedata.category(c) in ("Cc", "Cs") and c not in _WHITESPACE_CONTROLS)


def normalise_justification(value: str | None) -> str | None:
    """The justification as recorded: NFC, whitespace folded to single spaces; None when blank.
    BAD_USER_INPUT for control characters (NUL, ANSI escapes, bidi overrides, ...) and for text
    without a visible character (a zero-width space is no case reference)."""
    if value is None:
        return None
    value = unicodedata.normalize("NFC", value)
    refused = sorted({f"U+{ord(c):04X}" for c in value if _is_control(c)})
    if refused:
        raise BadUserInput(
            _(
                "the justification contains control characters (%(characters)s): give the case reference as plain text",
                characters=", ".join(refused[:5]),
            ),
            field="justification",
        )
    value = " ".join(value.split())
    if not value:
        return None
    if not any(unicodedata.category(c)[0] in "LNPS" for c in value):
        raise BadUserInput(_("the justification has no visible character: give the case reference"), field="justification")
    if len(value) > MAX_JUSTIFICATION:
        raise BadUserInput(
            _("the justification is longer than %(most)d characters", most=MAX_JUSTIFICATION), field="justification"
        )
    return value


def require_justification(justification: str | None, what: str) -> str:
    """The justification, or BAD_USER_INPUT saying that `what` (a text marked with N_(), e.g.
    N_("importing the directory")) needs one."""
    if not justification:
        raise BadUserInput(
            _(
                "%(what)s needs a justification: give the case reference in the X-Justification header "
                "or the justification argument",
                what=_(what),
            ),
            field="justification",
        )
    return justification


@dataclass(frozen=True)
class Entry:
    """One consultation record to append: who did what to which objects, and why."""

    identity: Identity
    operation: Operation | str
    object_ids: Iterable[str]
    justification: str | None
    request_id: str | None  # the server's
    client_request_id: str | None = None  # the client's X-Request-Id, kept beside it
    key: bytes | None = field(default=None, repr=False)  # the audit key: see audit_chain.py


def _record(entry: Entry, seq: int, at: datetime, previous_hash: str) -> dict[str, Any]:
    record: dict[str, Any] = {
        "seq": seq,
        "at": at,
        "subject": entry.identity.subject,
        "service": entry.identity.service,
        "roles": sorted(role.value for role in entry.identity.roles),
        "operation": str(entry.operation),
        "objectIds": sorted(set(entry.object_ids)),
        "justification": entry.justification,
        "requestId": entry.request_id,
        "clientRequestId": entry.client_request_id,
        "prevHash": previous_hash,
    }
    record["hash"] = record_hash(record)
    record["mac"] = mac(entry.key, record["hash"]) if entry.key is not None else None
    return record


async def _hash_before(tx: Transaction, seq: int) -> str:
    # A missing predecessor is left for `verify` to report; the log keeps accepting records.
    previous = await tx.run(q.AUDIT_HASH_OF, {"seq": seq - 1}) if seq > 1 else []
    return previous[0]["hash"] if previous else GENESIS


HEAD = "audit.head"  # StoreStats.shared / Changes.notes: (seq, hash) of the log's last record
PENDING = "audit.pending"  # Changes.notes: the transaction's records to append, with their moments


def _chained(pending: list[tuple[Entry, datetime]], first: int, previous: str) -> list[dict[str, Any]]:
    records = []
    for offset, (entry, moment) in enumerate(pending):
        record = _record(entry, first + offset, moment, previous)
        records.append(record)
        previous = record["hash"]
    return records


async def append_many(tx: Transaction, entries: list[Entry], at: datetime | None = None) -> None:
    """Append records inside the caller's write unit of work, chained in the order given.

    They are written when the transaction's units of work are done, just before it commits
    (Changes.before_commit), after those of its earlier units: so the units the embedded engine
    commits together append theirs in one statement, and the log's head, which every write
    appends to, is held only from there to the commit. They commit with the unit's own writes or
    not at all; in a read unit of work the append fails it (WrongMode), as any write would."""
    if not entries:
        return
    moment = at or datetime.now(timezone.utc)
    tx.changes.at_end(PENDING, _append_pending).extend((entry, moment) for entry in entries)


async def _append_pending(tx: Transaction) -> None:
    """The transaction's records, chained to the log's head.

    One statement when this process knows the head (what it committed last): the records are
    chained to it and created only if the sequence reaches the number expected
    (audit.append_chained). Otherwise (the process's first append, or another worker appended
    meanwhile) the head is read from the log, still under the sequence's lock, and the records
    chained to it: three more statements. The embedded engine, the store's one writer, sends the
    one statement with the commit (Transaction.run_expecting); it fails the transaction, to be run
    again, should the log not be as the process left it."""
    pending: list[tuple[Entry, datetime]] = tx.changes.notes.pop(PENDING)
    head = tx.changes.known(HEAD)
    count = len(pending)
    if head is not None:
        first = head[0] + 1
        records = _chained(pending, first, head[1])
        params = {"howMany": count, "last": first + count - 1, "previous": head[0], "prevHash": head[1], "records": records}
        expected = [{"created": count}]
        if await tx.run_expecting(q.APPEND_AUDIT_CHAINED, params, expected) in (None, expected):
            _advance(tx, records[-1])
            return
        # The statement above advanced the counter for ours; a counter gone (the store emptied
        # under the process) it did not find: reserve as a first append does, which makes it.
        head_rows = await tx.run(q.AUDIT_HEAD)
        last = head_rows[0]["seq"] if head_rows else await _reserve(tx, count)
    else:
        last = await _reserve(tx, count)
    first = last - count + 1
    records = _chained(pending, first, await _hash_before(tx, first))
    await tx.run(q.APPEND_AUDIT_RECORDS, {"records": records})
    _advance(tx, records[-1])


async def _reserve(tx: Transaction, count: int) -> int:
    """The counter advanced by `count` (made if there is none), holding its lock: the last seq reserved."""
    return (await tx.run(q.RESERVE_AUDIT_SEQS, {"howMany": count}))[0]["last"]


def _advance(tx: Transaction, last: dict[str, Any]) -> None:
    """The transaction's head is now its last record; the process's, once it committed."""
    tx.changes.remember(HEAD, (last["seq"], last["hash"]))


async def append(
    tx: Transaction,
    *,
    identity: Identity,
    operation: Operation | str,
    object_ids: Iterable[str],
    justification: str | None,
    request_id: str | None,
    client_request_id: str | None = None,
    at: datetime | None = None,
    key: bytes | None = None,
) -> None:
    """Append one record inside the caller's write unit of work (at its end: append_many)."""
    entry = Entry(identity, operation, object_ids, justification, request_id, client_request_id, key)
    await append_many(tx, [entry], at)


@dataclass
class AuditTrail:
    """What one request read of personal data, appended once when the request ends."""

    identity: Identity
    justification: str | None
    request_id: str
    client_request_id: str | None = None
    key: bytes | None = field(default=None, repr=False)  # the audit key (LONET_AUDIT_KEY_FILE)
    reads: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def note(self, operation: Operation, object_ids: Iterable[str]) -> None:
        self.reads[operation.value].update(object_ids)

    def entries(self) -> list[Entry]:
        """The records this trail appends, one per operation."""
        return [
            Entry(self.identity, operation, ids, self.justification, self.request_id, self.client_request_id, self.key)
            for operation, ids in sorted(self.reads.items())
        ]

    async def flush(self, executor: Executor) -> None:
        if not self.reads:
            return

        async def work(tx: Transaction) -> None:
            await append_many(tx, self.entries())

        await executor.write(work)
        self.reads.clear()


# -- verification and export ---------------------------------------------------------------


@dataclass
class Verification:
    checked: int = 0
    problems: list[str] = field(default_factory=list)
    head_seq: int = 0
    head_hash: str = GENESIS
    keyed_from: int | None = None  # the first record with a MAC
    anchored: Checkpoint | None = None  # the checkpoint verified against

    @property
    def intact(self) -> bool:
        return not self.problems


async def records(executor: Executor) -> AsyncIterator[dict[str, Any]]:
    after = 0
    while True:
        page = await fetch(executor, q.AUDIT_RECORDS_FROM, {"afterSeq": after, "pageSize": PAGE})
        for row in page:
            yield row
        if len(page) < PAGE:
            return
        after = page[-1]["seq"]


@dataclass(frozen=True)
class Checkpoint:
    """The log's head at a moment, kept outside the store: record `seq` had `hash`, and every
    record from `keyed_from` on carries a MAC. Its own MAC is made with the audit key."""

    seq: int
    hash: str
    at: str
    keyed_from: int | None
    mac: str = ""

    def text(self) -> str:
        return f"lonet-audit-checkpoint:{self.seq}:{self.hash}:{self.at}:{self.keyed_from}"

    def signed(self, key: bytes) -> Checkpoint:
        return replace(self, mac=mac(key, self.text()))

    def authentic(self, key: bytes) -> bool:
        return mac_matches(key, self.text(), self.mac)

    def to_json(self) -> bytes:
        return orjson.dumps({"seq": self.seq, "hash": self.hash, "at": self.at, "keyedFrom": self.keyed_from, "mac": self.mac})

    @classmethod
    def from_json(cls, data: bytes) -> Checkpoint:
        raw = orjson.loads(data)
        return cls(int(raw["seq"]), str(raw["hash"]), str(raw["at"]), raw.get("keyedFrom"), str(raw.get("mac", "")))


async def head(executor: Executor, key: bytes) -> Checkpoint:
    """A checkpoint of the log as it is now (signed with the key)."""
    result = await verify(executor, key=key)
    if not result.intact:
        problems = "; ".join(result.problems[:3])
        raise BadUserInput(_("the consultation log is not intact; no checkpoint is written over it: %(problems)s", problems=problems))
    at = datetime.now(timezone.utc).isoformat()
    return Checkpoint(result.head_seq, result.head_hash, at, result.keyed_from).signed(key)


async def verify(executor: Executor, *, key: bytes | None = None, checkpoint: Checkpoint | None = None) -> Verification:
    """Recompute the chain: an edited, removed or re-ordered record is reported by number. With
    the audit key, every record's MAC is checked (from the first one that has one, or from the
    checkpoint's `keyed_from`); with a checkpoint, the log must still hold its head unchanged."""
    result = Verification()
    if checkpoint is not None and (key is None or not checkpoint.authentic(key)):
        result.problems.append(
            _("the checkpoint of %(at)s is not authentic (its MAC does not match the audit key)", at=checkpoint.at)
        )
        checkpoint = None
    keyed_from = checkpoint.keyed_from if checkpoint is not None else None
    expected_seq, previous_hash = 1, GENESIS
    async for row in records(executor):
        result.checked += 1
        if key is not None:
            if row.get("mac") is not None:
                keyed_from = keyed_from or row["seq"]
                if not mac_matches(key, row["hash"], row["mac"]):
                    result.problems.append(_("record %(seq)d was rewritten (its MAC does not match the audit key)", seq=row["seq"]))
            elif keyed_from is not None and row["seq"] >= keyed_from:
                result.problems.append(_("record %(seq)d has no MAC (removed, or the record replaced)", seq=row["seq"]))
        if checkpoint is not None and row["seq"] == checkpoint.seq and row["hash"] != checkpoint.hash:
            result.problems.append(
                _("record %(seq)d is not the one the checkpoint of %(at)s saw (re-chained?)", seq=row["seq"], at=checkpoint.at)
            )
        result.head_seq, result.head_hash = row["seq"], row["hash"]
        if row["seq"] != expected_seq:
            result.problems.append(
                _("record %(seq)d is missing (deleted?)", seq=expected_seq)
                if row["seq"] == expected_seq + 1
                else _("records %(first)d to %(last)d are missing (deleted?)", first=expected_seq, last=row["seq"] - 1)
            )
        if row["prevHash"] != previous_hash:
            result.problems.append(_("record %(seq)d does not follow its predecessor (prevHash mismatch)", seq=row["seq"]))
        if record_hash(row) != row["hash"]:
            result.problems.append(_("record %(seq)d was altered (its hash does not match its content)", seq=row["seq"]))
        expected_seq, previous_hash = row["seq"] + 1, row["hash"]
    head = await fetch(executor, q.AUDIT_HEAD)
    last_issued = head[0]["seq"] if head else 0
    if last_issued >= expected_seq:
        result.problems.append(
            _("records %(first)d to %(last)d are missing at the end (truncated?)", first=expected_seq, last=last_issued)
        )
    if checkpoint is not None and result.head_seq < checkpoint.seq:
        result.problems.append(
            _(
                "records %(first)d to %(last)d are missing at the end: the checkpoint of %(at)s counted %(last)d (cut off?)",
                first=result.head_seq + 1, last=checkpoint.seq, at=checkpoint.at,
            )
        )
    result.keyed_from, result.anchored = keyed_from, checkpoint
    return result


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}


async def export_lines(executor: Executor) -> AsyncIterator[bytes]:
    """The log as JSON lines, oldest first, each record with its hashes."""
    async for row in records(executor):
        yield orjson.dumps(_jsonable(row)) + b"\n"


# -- the admins' query ---------------------------------------------------------------------


class AuditFilter(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    subject: str | None = Field(None, max_length=200)
    operation: str | None = Field(None, max_length=100)
    objectId: str | None = Field(None, max_length=100)
    since: datetime | None = None
    until: datetime | None = None


class AuditRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    seq: int
    at: datetime
    subject: str
    service: str | None
    roles: list[str]
    operation: str
    objectIds: list[str]
    justification: str | None
    requestId: str | None
    clientRequestId: str | None = None
    prevHash: str
    hash: str


def _cursor(record: AuditRecord) -> str:
    return base64.urlsafe_b64encode(f"audit:{record.seq}".encode()).decode()


def _decode(cursor: str, field: str = "after") -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if text.startswith("audit:"):
            seq = int(text.removeprefix("audit:"))
            if 0 <= seq < 2**62:
                return seq
    except (ValueError, UnicodeDecodeError):
        pass
    raise BadUserInput(_("%(field)s is not a cursor this API gave out", field=field), field=field)


async def search(
    executor: Executor,
    identity: Identity,
    audit_filter: AuditFilter,
    first: int | PageRequest,
    after: str | None,
    max_page: int = 100,
) -> Page[AuditRecord]:
    """A page of the consultation log, newest first; `first` is the page size (forward after
    `after`) or a PageRequest (either direction)."""
    require(identity, Operation.READ_AUDIT_LOG)
    page = first if isinstance(first, PageRequest) else PageRequest(check_page_size(first, max_page), after)
    if page.cursor:
        cursor_seq = _decode(page.cursor, page.cursor_field)
    else:
        cursor_seq = -1 if page.backward else 2**62
    # Deliveries' records are written off their path (deliveries.py): the log shown has them all.
    from .deliveries import drain_delivery_records  # deliveries imports this module

    await drain_delivery_records(executor)
    rows = await fetch(
        executor,
        q.SEARCH_AUDIT_RECORDS_BACKWARD if page.backward else q.SEARCH_AUDIT_RECORDS,
        {
            "cursorSeq": cursor_seq,
            "subject": audit_filter.subject or "",
            "operation": audit_filter.operation or "",
            "objectId": audit_filter.objectId or "",
            "useFrom": audit_filter.since is not None,
            "since": audit_filter.since or datetime(1970, 1, 1, tzinfo=timezone.utc),
            "useTo": audit_filter.until is not None,
            "until": audit_filter.until or datetime(1970, 1, 1, tzinfo=timezone.utc),
            "pageSize": page.size + 1,
        },
    )
    return Page.of([AuditRecord.model_validate(row) for row in rows], page, _cursor)
