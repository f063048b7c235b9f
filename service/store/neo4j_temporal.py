"""Datetimes to and from Bolt without the driver's pure-Python calendar arithmetic.

The driver turns every Python `datetime` it sends into its own `neo4j.time.DateTime` and back
into seconds since the epoch (`dehydrate_datetime`), and every datetime it receives into a
`neo4j.time.DateTime` that values.from_neo4j turns into a `datetime` again. Both go through
about twenty Python calls of calendar arithmetic per value: loading the full bench network
(1.3 million datetimes) spent about 60 of its ~100 s of Python CPU there, with the driver's Rust
packer (neo4j-rust-ext) doing the rest of the encoding in a fraction of that (bench/RESULTS.md).

lonet only sends datetimes in UTC (values.to_neo4j) and reads them as Python datetimes, so this
module replaces the driver's two functions for the forms lonet uses with the same Bolt structures
computed from a `timedelta`: a datetime with a fixed offset (`datetime.timezone`: Bolt's "I") and
one without a zone ("d"). Any other form (a named zone, the driver's own DateTime) is left to the
driver's functions, unchanged. What the server receives is what the driver would send, and what a
read gives is what `DateTime.to_native()` gave (microseconds truncated from nanoseconds):
tests/store/test_neo4j_temporal.py checks both against the driver's own functions, and a real
server's reading of them.

The functions live in the driver's private hydration modules, so `install` changes them only
for the driver version they were checked against (pinned in pyproject.toml); on any other it
leaves the driver as it is (correct, slower) and says so in the log.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Any

import neo4j
from neo4j._codec.hydration.bolt.v2 import temporal as bolt_temporal
from neo4j._codec.packstream import Structure

log = logging.getLogger(__name__)

CHECKED_DRIVER = "6.4.1"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_NAIVE_EPOCH = datetime(1970, 1, 1)
_DRIVER_DEHYDRATE = bolt_temporal.dehydrate_datetime
_DRIVER_HYDRATE = bolt_temporal.hydrate_datetime
_OFFSETS: dict[int, timezone] = {0: timezone.utc}


def _seconds_and_nanoseconds(since_epoch: timedelta) -> tuple[int, int]:
    return since_epoch.days * 86_400 + since_epoch.seconds, since_epoch.microseconds * 1_000


def dehydrate_datetime(value: Any) -> Structure:
    """A Python datetime as the Bolt structure the driver's own function makes of it."""
    if type(value) is datetime:
        zone = value.tzinfo
        if zone is None:
            seconds, nanoseconds = _seconds_and_nanoseconds(value - _NAIVE_EPOCH)
            return Structure(b"d", seconds, nanoseconds)
        if type(zone) is timezone:
            offset = zone.utcoffset(None)
            if not offset.microseconds:  # the driver refuses sub-second offsets: let it say so
                seconds, nanoseconds = _seconds_and_nanoseconds(value - _EPOCH)
                return Structure(b"I", seconds, nanoseconds, offset.days * 86_400 + offset.seconds)
    return _DRIVER_DEHYDRATE(value)


def hydrate_datetime(seconds: int, nanoseconds: int, tz: Any = None) -> Any:
    """A Bolt datetime as the Python datetime `DateTime.to_native()` gives of the driver's."""
    if tz is None:
        return _NAIVE_EPOCH + timedelta(seconds=seconds, microseconds=nanoseconds // 1_000)
    if isinstance(tz, int):
        zone = _OFFSETS.get(tz)
        if zone is None:
            zone = _OFFSETS.setdefault(tz, timezone(timedelta(seconds=tz)))
        return (_EPOCH + timedelta(seconds=seconds, microseconds=nanoseconds // 1_000)).astimezone(zone)
    return _DRIVER_HYDRATE(seconds, nanoseconds, tz)  # a named zone: the driver's DateTime


def install() -> bool:
    """Use these functions for every Bolt connection the driver opens from now on (its hydration
    handlers read them when a connection is made); whether they are in use."""
    if bolt_temporal.dehydrate_datetime is dehydrate_datetime:
        return True
    if neo4j.__version__ != CHECKED_DRIVER:
        log.warning(
            "neo4j driver %s, not %s: datetimes go through the driver's own (slower) conversion",
            neo4j.__version__, CHECKED_DRIVER,
        )
        return False
    bolt_temporal.dehydrate_datetime = dehydrate_datetime
    bolt_temporal.hydrate_datetime = hydrate_datetime
    return True
