"""The demo network is anchored on a day, and loaded relative to the day it is loaded on.

A seed directory may declare its anchor day in `anchor.json` (`{"anchorDay": "2026-11-24"}`): the
day its data describes as "today" (postings ending within six months, planned absences, open
taskings due tomorrow, notes such as "on mission until 26 November"). Loaded on another day, every
date and time of every record moves by the same number of days, dates written in its texts too
("until 26 November", "Posting ends 30 April 2027", "since September 2025"), and tasking
references take the year of their new creation time: `make demo` on any date shows the same
coherent picture. Loaded on the anchor day, or from a directory without an anchor, nothing moves.
"""

from __future__ import annotations

import calendar
import json
import re
from datetime import date, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

ANCHOR_FILE = "anchor.json"
MONTHS = list(calendar.month_name)[1:]  # English, as the seed's texts are written
_TEXT_DATE = re.compile(r"\b(?:(\d{1,2}) )?(" + "|".join(MONTHS) + r")(?: (\d{4}))?\b")


def declared_anchor(directory: Path) -> date | None:
    """The anchor day the directory declares, or None (nothing is ever shifted then)."""
    path = directory / ANCHOR_FILE
    if not path.exists():
        return None
    return date.fromisoformat(json.loads(path.read_text(encoding="utf-8"))["anchorDay"])


def _nearest(day: int, month: int, anchor: date) -> date | None:
    """A yearless day in a text means the one nearest the anchor day."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # 29 February of a common year
            continue
    return min(candidates, key=lambda d: abs(d - anchor), default=None)


def shift_text(text: str, delta: timedelta, anchor: date) -> str:
    """The dates a text mentions (D Month [YYYY], Month YYYY), moved by `delta`; "in May" stays."""

    def moved(match: re.Match[str]) -> str:
        day, month_name, year = match.group(1), match.group(2), match.group(3)
        month = MONTHS.index(month_name) + 1
        if day is None and year is None:
            return match.group(0)
        try:
            if day is None:  # a month of a year: moved as its middle
                then = date(int(year), month, 15) + delta
                return f"{MONTHS[then.month - 1]} {then.year}"
            then = date(int(year), month, int(day)) if year else _nearest(int(day), month, anchor)
        except ValueError:
            return match.group(0)
        if then is None:
            return match.group(0)
        then += delta
        return f"{then.day} {MONTHS[then.month - 1]}" + (f" {then.year}" if year else "")

    return _TEXT_DATE.sub(moved, text)


def _shift(value: Any, delta: timedelta, anchor: date) -> Any:
    if isinstance(value, (date, datetime)):  # a datetime is a date too
        return value + delta
    if isinstance(value, Enum):  # codes (StrEnum is a str too)
        return value
    if isinstance(value, str):
        return shift_text(value, delta, anchor)
    if isinstance(value, list):
        return [_shift(item, delta, anchor) for item in value]
    if isinstance(value, BaseModel):
        update = {name: _shift(getattr(value, name), delta, anchor) for name in type(value).model_fields}
        reference = update.get("reference")
        if isinstance(reference, str) and isinstance(update.get("createdAt"), datetime):
            # BNL-<year>-<number>: the year the request was made in.
            update["reference"] = re.sub(r"^BNL-\d{4}-", f"BNL-{update['createdAt'].year}-", reference)
        return value.model_copy(update=update)
    return value


def anchored(records: list[BaseModel], anchor: date, today: date) -> list[BaseModel]:
    """The records as they read when loaded on `today` instead of the anchor day."""
    delta = today - anchor
    if not delta:
        return records
    return [_shift(record, delta, anchor) for record in records]
