"""Counts in user-visible English text: "1 record", "2 records", never "record(s)"."""

from __future__ import annotations


def noun(count: int, singular: str, plural: str | None = None) -> str:
    """The noun agreeing with the count ("officer" for 1, "officers" otherwise)."""
    return singular if count == 1 else plural or f"{singular}s"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """The count and its noun: "1 tasking", "3 taskings", "0 problems"."""
    return f"{count} {noun(count, singular, plural)}"
