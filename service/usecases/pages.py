"""Cursor pages, shared by every list the API pages through (forward with first/after, backward
with last/before: the Relay connection spec)."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

import orjson

from ..domain.dates import out_of_range
from ..errors import BadUserInput
from ..i18n import _

T = TypeVar("T")
DEFAULT_PAGE = 20
@dataclass(frozen=True)
class PageRequest:
    """Which page a client asked for: `size` items after `cursor` (forward), or the last `size`
    items before it (backward). The store reads a backward page in reverse order."""

    size: int
    cursor: str | None = None
    backward: bool = False

    @property
    def cursor_field(self) -> str:
        return "before" if self.backward else "after"


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    has_next_page: bool
    cursor_of: Callable[[T], str]
    has_previous_page: bool = False

    def cursor(self, item: T) -> str:
        return self.cursor_of(item)

    @classmethod
    def of(cls, fetched: Sequence[T], first: int | PageRequest, cursor_of: Callable[[T], str]) -> Page[T]:
        """`fetched` holds up to size + 1 items in reading order (reversed for a backward page):
        the extra one tells that a further page exists in that direction. Going forward from a
        cursor, or backward from one, there is a page on the other side of it."""
        request = first if isinstance(first, PageRequest) else PageRequest(first)
        items, more = list(fetched[: request.size]), len(fetched) > request.size
        if request.backward:
            return cls(items[::-1], request.cursor is not None, cursor_of, more)
        return cls(items, more, cursor_of, request.cursor is not None)


@dataclass(frozen=True)
class KeyCursor:
    """Opaque cursors over a key: base64 of `<kind>:<key>`, refused when another list gave them."""

    kind: str

    def encode(self, key: str) -> str:
        return base64.urlsafe_b64encode(f"{self.kind}:{key}".encode()).decode()

    def decode(self, cursor: str, field: str = "after") -> str:
        try:
            text = base64.urlsafe_b64decode(cursor.encode()).decode()
        except (ValueError, UnicodeDecodeError):
            text = ""
        if not text.startswith(f"{self.kind}:"):
            raise BadUserInput(_("%(field)s is not a cursor this API gave out", field=field), field=field)
        return text.removeprefix(f"{self.kind}:")


def check_page_size(first: int | None, maximum: int, field: str = "first") -> int:
    if first is None or not 1 <= first <= maximum:
        raise BadUserInput(_("%(field)s must be between 1 and %(most)d", field=field, most=maximum), field=field)
    return first


def page_request(
    first: int | None, after: str | None, last: int | None, before: str | None, maximum: int, default: int = DEFAULT_PAGE
) -> PageRequest:
    """The page asked for: first/after or last/before (not both), `default` items forward when neither."""
    if last is None and before is None:
        return PageRequest(check_page_size(default if first is None else first, maximum), after)
    if first is not None or after is not None:
        raise BadUserInput(
            _("Give first and after to page forward, or last and before to page backward, not both."), field="last"
        )
    return PageRequest(check_page_size(default if last is None else last, maximum, "last"), before, backward=True)


def time_cursor(at: datetime, key: str) -> str:
    """The cursor of an item of a list ordered by (time, key)."""
    return base64.urlsafe_b64encode(orjson.dumps([at.isoformat(), key])).decode()


def decode_time_cursor(cursor: str, field: str = "after") -> tuple[datetime, str]:
    try:
        when, key = orjson.loads(base64.urlsafe_b64decode(cursor.encode()))
        at = datetime.fromisoformat(when)
        if not isinstance(key, str) or at.tzinfo is None or out_of_range(at):
            raise ValueError("not a cursor of ours")
        return at, key
    except (ValueError, TypeError, orjson.JSONDecodeError):
        raise BadUserInput(_("%(field)s is not a cursor this API gave out", field=field), field=field) from None
