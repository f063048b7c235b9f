"""What one HTTP request asks of the store besides its operation: how long it may wait for it, and
which earlier writes its reads must see (bookmarks, for a Neo4j cluster with read replicas).

A response to a request that wrote carries the bookmarks of its writes in `Lonet-Bookmark`; a
client that sends them back with its next request, whichever worker serves it, reads its own
writes. Without the header a request still sees every write of the worker serving it (the
executor's bookmark manager). Bookmarks are opaque strings of the database's; malformed ones are
refused here, unknown ones by Neo4j (BAD_USER_INPUT either way).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from ..errors import BadUserInput
from ..i18n import _
from ..store.executor import caller_bookmarks, request_deadline, written_bookmarks

HEADER = "Lonet-Bookmark"
MAX_BOOKMARKS = 16
_BOOKMARK = re.compile(r"[A-Za-z0-9+/=:_.\-]{1,512}")


def bookmarks_sent(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    parts = [part.strip() for part in value.split(",") if part.strip()]
    if len(parts) > MAX_BOOKMARKS or not all(_BOOKMARK.fullmatch(part) for part in parts):
        raise BadUserInput(
            _(
                "the %(header)s header holds at most %(most)d comma-separated bookmarks, as a response gave them",
                header=HEADER,
                most=MAX_BOOKMARKS,
            ),
            field=HEADER,
        )
    return tuple(parts)


@dataclass
class StoreTerms:
    written: list[str] = field(default_factory=list)  # bookmarks of this request's writes


@asynccontextmanager
async def store_terms(header: str | None, timeout_seconds: float) -> AsyncIterator[StoreTerms]:
    terms = StoreTerms()
    sent = bookmarks_sent(header)
    tokens = (
        caller_bookmarks.set(sent),
        written_bookmarks.set(terms.written),
        request_deadline.set(asyncio.get_running_loop().time() + timeout_seconds),
    )
    try:
        yield terms
    finally:
        caller_bookmarks.reset(tokens[0])
        written_bookmarks.reset(tokens[1])
        request_deadline.reset(tokens[2])
