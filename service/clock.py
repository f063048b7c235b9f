"""The one clock: every "now" and "today" of lonet (use cases, derived fields such as `overdue`,
statistics, the demo's anchoring) is read from it.

In production it is the real time. `LONET_TODAY` pins the day (demos and tests of a network
anchored on a date): the clock then runs on that day at the real time of day in the services'
zone, so events still follow each other in order and `overdue` agrees with `today`.

The consultation log and the schema's migration records keep the real time on purpose: they are
evidence of when something happened on the server, not part of the demo's picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

# Brussels, Amsterdam and Luxembourg share it.
SERVICES_ZONE = "Europe/Brussels"


@dataclass(frozen=True)
class Clock:
    zone: ZoneInfo = ZoneInfo(SERVICES_ZONE)
    pinned_day: date | None = None

    def now(self) -> datetime:
        """This moment, in UTC (on the pinned day, when one is set)."""
        real = datetime.now(timezone.utc)
        if self.pinned_day is None:
            return real
        local = real.astimezone(self.zone)
        return datetime.combine(self.pinned_day, local.time(), self.zone).astimezone(timezone.utc)

    def today(self) -> date:
        """The day in the services' zone."""
        if self.pinned_day is not None:
            return self.pinned_day
        return datetime.now(self.zone).date()


def clock_of(settings) -> Clock:
    """The clock the settings describe (LONET_TIMEZONE, LONET_TODAY)."""
    return Clock(ZoneInfo(settings.timezone), settings.today)
