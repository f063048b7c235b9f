"""Cursor pages, shared by every list the API pages through."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..errors import BadUserInput
from ..i18n import _

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
        raise BadUserInput(_("first must be between 1 and %(most)d", most=maximum), field="first")
    return first
