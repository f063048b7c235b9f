"""Cursor pages, shared by every list the API pages through."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

import orjson

from ..domain.dates import out_of_range
from ..errors import BadUserInput

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    has_next_page: bool
    cursor_of: Callable[[T], str]

    def cursor(self, item: T) -> str:
        return self.cursor_of(item)

    @classmethod
    def of(cls, fetched: Sequence[T], first: int, cursor_of: Callable[[T], str]) -> Page[T]:
        """`fetched` holds up to first + 1 items: the extra one tells that a next page exists."""
        return cls(list(fetched[:first]), len(fetched) > first, cursor_of)


def check_page_size(first: int | None, maximum: int) -> int:
    if first is None or not 1 <= first <= maximum:
        raise BadUserInput(f"first must be between 1 and {maximum}", field="first")
    return first


def time_cursor(at: datetime, key: str) -> str:
    """The cursor of a list ordered newest first by (a moment, a key): the last row seen."""
    return base64.urlsafe_b64encode(orjson.dumps([at.isoformat(), key])).decode()


def decode_time_cursor(cursor: str) -> tuple[datetime, str]:
    """(moment, key) of a cursor `time_cursor` gave out; BAD_USER_INPUT on anything else."""
    try:
        at_text, key = orjson.loads(base64.urlsafe_b64decode(cursor.encode()))
        at = datetime.fromisoformat(at_text)
        if not isinstance(key, str) or at.tzinfo is None or out_of_range(at):
            raise ValueError("not a cursor of ours")
        return at, key
    except (ValueError, TypeError, orjson.JSONDecodeError):
        raise BadUserInput("after is not a cursor this API gave out", field="after") from None
