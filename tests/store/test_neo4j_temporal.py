"""Datetimes cross Bolt through service/store/neo4j_temporal.py, not the driver's own (slow)
conversion: the same structures sent, the same values read, and a real server agrees."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import neo4j
import pytest

from service.store import Executor, Mode, Statement, Transaction
from service.store import neo4j_temporal
from service.store.neo4j_temporal import _DRIVER_DEHYDRATE, _DRIVER_HYDRATE

NEO4J_ONLY = pytest.mark.parametrize("demo_store", ["neo4j"], indirect=True)

ZONES = [
    timezone.utc,
    timezone(timedelta(hours=2)),
    timezone(timedelta(hours=-5, minutes=-30)),
    timezone(timedelta(hours=5, minutes=45)),
    None,
]
MOMENTS = [
    datetime(2026, 11, 24, 9, 30, 15, 123456),
    datetime(1970, 1, 1),
    datetime(1969, 12, 31, 23, 59, 59, 999999),  # before the epoch: negative seconds
    datetime(1901, 3, 1, 0, 0, 0, 1),
    datetime(2099, 12, 31, 23, 59, 59, 500000),
    datetime(2026, 3, 29, 1, 30),  # Brussels' change to summer time
]


def _fields(structure: object) -> tuple[object, ...]:
    return (structure.tag, *structure.fields)  # type: ignore[attr-defined]


def test_it_is_in_use_with_the_driver_it_was_checked_against() -> None:
    # An upgraded driver leaves it out (correct, slow): this fails until it is checked again.
    assert neo4j.__version__ == neo4j_temporal.CHECKED_DRIVER
    assert neo4j_temporal.install()


@pytest.mark.parametrize("zone", ZONES, ids=str)
def test_a_datetime_is_sent_as_the_structure_the_driver_makes_of_it(zone: timezone | None) -> None:
    for moment in MOMENTS:
        value = moment.replace(tzinfo=zone)
        assert _fields(neo4j_temporal.dehydrate_datetime(value)) == _fields(_DRIVER_DEHYDRATE(value)), value


def test_forms_it_does_not_know_go_to_the_driver() -> None:
    # (Not a datetime with a zoneinfo zone: the driver's own function for those crashes this
    # interpreter now and then (a segmentation fault in its zone arithmetic), and gives an hour
    # apart from one process to the next. lonet sends UTC only: values.to_neo4j.)
    import pytz
    from neo4j.time import DateTime

    drivers_own = DateTime(2026, 7, 1, 12, 0, 0, tzinfo=pytz.UTC)
    assert _fields(neo4j_temporal.dehydrate_datetime(drivers_own)) == _fields(_DRIVER_DEHYDRATE(drivers_own))
    with pytest.raises(ValueError):  # Bolt has no sub-second offsets: the driver's own error
        neo4j_temporal.dehydrate_datetime(datetime(2026, 1, 1, tzinfo=timezone(timedelta(microseconds=5))))


@pytest.mark.parametrize("tz", [None, 0, 7200, -19800, 20700, "Europe/Brussels"], ids=str)
def test_a_datetime_is_read_as_the_driver_reads_it(tz: int | str | None) -> None:
    for seconds in (0, 1, -1, 1_764_000_000, -2_000_000_000, 4_102_444_799):
        for nanoseconds in (0, 999, 1_000, 123_456_789, 999_999_999):
            expected = _DRIVER_HYDRATE(seconds, nanoseconds, tz)
            got = neo4j_temporal.hydrate_datetime(seconds, nanoseconds, tz)
            if isinstance(tz, str):  # a named zone: the driver's own DateTime
                assert type(got) is type(expected) and got == expected
                continue
            native = expected.to_native()
            assert got == native and got.utcoffset() == native.utcoffset(), (seconds, nanoseconds, tz)


ECHO = Statement(
    "test.echo_datetime",
    "RETURN toString($at) AS text, $at AS back, datetime($text) = $at AS same, $at.epochMillis AS millis",
    Mode.READ,
)


@NEO4J_ONLY
async def test_the_server_reads_the_instant_sent_and_gives_it_back(demo_store: Executor) -> None:
    for moment in MOMENTS:
        at = moment.replace(tzinfo=timezone.utc)
        text = at.isoformat().replace("+00:00", "Z")

        async def echo(tx: Transaction) -> dict:
            return (await tx.run(ECHO, {"at": at, "text": text}))[0]

        row = await demo_store.read(echo)
        assert row["same"] is True, (at, row)
        assert row["millis"] == (at - datetime(1970, 1, 1, tzinfo=timezone.utc)) // timedelta(milliseconds=1)
        assert row["back"] == at and row["back"].tzinfo == timezone.utc
