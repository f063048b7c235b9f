"""Opening the configured engine."""

from __future__ import annotations

from pathlib import Path

from ..settings import Engine, Settings
from .executor import Executor, StoreUnavailable


def open_executor(settings: Settings, *, embedded_path: Path | None = None) -> Executor:
    if settings.engine is Engine.NEO4J:
        if not settings.neo4j_uri:
            raise StoreUnavailable("LONET_ENGINE=neo4j needs NEO4J_URI (e.g. bolt://localhost:7687)")
        from .neo4j_executor import Neo4jExecutor

        return Neo4jExecutor(
            settings.neo4j_uri,
            settings.neo4j_user,
            settings.neo4j_password.get_secret_value(),
            settings.neo4j_database,
            retry_seconds=settings.neo4j_retry_seconds,
            timeout_seconds=settings.store_timeout_seconds,
        )
    from .ladybug_executor import LadybugExecutor

    return LadybugExecutor(
        embedded_path or settings.embedded_path,
        threads=settings.store_threads,
        buffer_pool_mb=settings.embedded_buffer_pool_mb,
        max_db_gb=settings.embedded_max_db_gb,
        checkpoint_kb=settings.embedded_checkpoint_kb,
        pause_checkpoint_ms=settings.embedded_pause_checkpoint_ms,
        reopen_kb=settings.embedded_reopen_mb << 10,
    )
