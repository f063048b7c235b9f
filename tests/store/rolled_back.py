"""A write unit run for what it answers and then undone: the unit raises RolledBack with what it
saw, the store rolls its transaction back, and the caller gets that answer and how many times the
unit ran (more than once when the store ran it again, e.g. a held write answering otherwise)."""

from __future__ import annotations

from typing import Any, Awaitable, Callable

import pytest

from service.store import Executor, Transaction


class RolledBack(Exception):
    """Raised by a unit with what it saw, so that nothing it wrote is kept."""


async def rolled_back(store: Executor, work: Callable[[Transaction], Awaitable[Any]]) -> tuple[Any, int]:
    runs = 0

    async def counted(tx: Transaction) -> None:
        nonlocal runs
        runs += 1
        await work(tx)

    with pytest.raises(RolledBack) as raised:
        await store.write(counted)
    return raised.value.args[0], runs
