"""graphql-core awaits exactly what a resolver returns to be awaited (service/graphql/awaitable.py
decides it per type): values, models and lists are used as they are; coroutines and futures are
awaited, however many values of other types came first."""

from __future__ import annotations

import asyncio
from datetime import date

from service.domain.models import Officer
from service.graphql.awaitable import is_awaitable


def a_generator():
    yield 1


async def test_values_are_used_as_they_are_and_awaitables_are_awaited() -> None:
    officer = Officer.model_validate(
        {"id": "LO-9", "name": "A. Test", "service": "BE-FEDPOL", "languages": ["nl"], "availability": "AVAILABLE",
         "updatedAt": "2026-11-24T09:00:00Z", "version": 1}
    )
    values = [officer, "text", 3, None, [officer], {"a": 1}, date(2026, 11, 24), a_generator()]
    for _ in range(2):  # the second time from what was learnt per type
        assert [is_awaitable(v) for v in values] == [False] * len(values)

    pending = asyncio.get_running_loop().create_future()
    first, second = asyncio.sleep(0), asyncio.sleep(0)
    assert is_awaitable(pending) and is_awaitable(first) and is_awaitable(second)
    await first
    await second
    pending.cancel()
