"""The production engine: Neo4j through the official async driver.

Units of work run as the driver's managed transactions, which retry transient failures (leader
switch, deadlock) by re-running the whole unit of work; use cases therefore publish side effects
only after `write` returns.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from neo4j import AsyncGraphDatabase, AsyncManagedTransaction
from neo4j.exceptions import ConstraintError, Neo4jError, ServiceUnavailable, SessionExpired

from graph_schema import GraphSchema, Migration
from graph_schema.render_neo4j import neo4j_bootstrap

from .executor import DuplicateKey, Row, StoreError, StoreStats, StoreUnavailable, T, Transaction, prepare_call
from .statement import AREAS, Statement
from .values import from_neo4j, to_neo4j


class _Neo4jTx:
    changed: frozenset[str] = frozenset()  # the areas its statements may have changed

    def __init__(self, executor: Neo4jExecutor, tx: AsyncManagedTransaction, writable: bool) -> None:
        self._executor = executor
        self._tx = tx
        self._writable = writable

    async def run(self, statement: Statement, params: Mapping[str, Any] | None = None) -> list[Row]:
        prepared = prepare_call(statement, params, self._writable, self._executor.stats)
        if prepared is None:
            return []
        self.changed = self.changed | statement.changes
        try:
            result = await self._tx.run(statement.cypher, to_neo4j(prepared))
            records = [record async for record in result]
        except ConstraintError as exc:
            raise DuplicateKey(str(exc), statement=statement.name) from exc
        return [{key: from_neo4j(record[key]) for key in record.keys()} for record in records]


class Neo4jExecutor:
    engine = "neo4j"
    dialect = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str | None = None) -> None:
        self.stats = StoreStats()
        self._driver = AsyncGraphDatabase.driver(uri, auth=(user, password))
        self._database = database

    def _session(self):
        return self._driver.session(database=self._database)

    async def _managed(self, writable: bool, work: Callable[[Transaction], Awaitable[T]]) -> T:
        attempts: list[_Neo4jTx] = []  # the driver may run the unit of work again (transient failures)

        async def body(tx: AsyncManagedTransaction) -> T:
            attempts.append(_Neo4jTx(self, tx, writable))
            return await work(attempts[-1])

        try:
            async with self._session() as session:
                if writable:
                    result = await session.execute_write(body)
                    self.stats.changed(attempts[-1].changed if attempts else ())
                    return result
                return await session.execute_read(body)
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailable(f"Neo4j is unavailable: {exc}") from exc
        except Neo4jError as exc:
            raise StoreError(str(exc)) from exc

    async def read(self, work: Callable[[Transaction], Awaitable[T]]) -> T:
        return await self._managed(False, work)

    async def write(self, work: Callable[[Transaction], Awaitable[T]]) -> T:
        return await self._managed(True, work)

    async def _schema(self, ddl: Sequence[str]) -> None:
        # Neo4j runs schema commands in their own auto-commit transactions; every rendered
        # statement is IF NOT EXISTS, so re-running an interrupted migration is safe.
        try:
            async with self._session() as session:
                for statement in ddl:
                    result = await session.run(statement)
                    await result.consume()
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailable(f"Neo4j is unavailable: {exc}") from exc

    async def apply_migration(self, migration: Migration, record: Callable[[Transaction], Awaitable[None]]) -> None:
        await self._schema(migration.neo4j)
        await self.write(record)
        self.stats.changed(AREAS)

    async def bootstrap(self, schema: GraphSchema) -> None:
        await self._schema([neo4j_bootstrap(schema)])
        self.stats.changed(AREAS)

    async def ping(self) -> None:
        try:
            await self._driver.verify_connectivity()
        except Exception as exc:  # the driver raises several types for "cannot connect"
            raise StoreUnavailable(f"Neo4j is unavailable: {exc}") from exc

    async def close(self) -> None:
        await self._driver.close()
