"""The dates lonet accepts: 1900-01-01 to 2999-12-31, in every input (GraphQL, CSV exports' query,
imported files, cursors).

Python's dates end at 9999-12-31 and the store's engines differ beyond their own ranges; lonet adds
days, months and time-zone offsets to what callers give (a period's next day, six months ahead, a
`dueBy` in UTC). Inside this range every such step stays a valid date, so a far date is the caller's
mistake (BAD_USER_INPUT naming the field), never an overflow inside.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from ..errors import BadUserInput
from ..i18n import _

EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


def out_of_range(value: date | datetime) -> str | None:
    """Why the value is not accepted, or None when it is."""
    try:
        day = value.astimezone(timezone.utc).date() if isinstance(value, datetime) and value.tzinfo else value
    except OverflowError:  # an offset that takes it past year 1 or 9999
        day = date.max if value.year > 1 else date.min
    if isinstance(day, datetime):
        day = day.date()
    if EARLIEST <= day <= LATEST:
        return None
    return _(
        "dates must lie between %(earliest)s and %(latest)s: %(value)s",
        earliest=EARLIEST.isoformat(),
        latest=LATEST.isoformat(),
        value=value.isoformat(),
    )


def check_supported(value: date | datetime | None, field: str) -> None:
    """BAD_USER_INPUT naming the field when the value lies outside the accepted range."""
    if value is None:
        return
    reason = out_of_range(value)
    if reason is not None:
        raise BadUserInput(_("%(field)s: %(reason)s", field=field, reason=reason), field=field)
