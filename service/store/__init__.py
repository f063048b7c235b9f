"""The engine-neutral store: named Cypher statements, executors for LadybugDB and Neo4j."""

from .executor import DuplicateKey, Executor, InvalidBookmark, Settled, StoreError, StoreStats, StoreUnavailable, Transaction
from .factory import open_executor
from .statement import REGISTRY, Mode, Statement, all_statements

__all__ = [
    "REGISTRY",
    "DuplicateKey",
    "Executor",
    "InvalidBookmark",
    "Mode",
    "Settled",
    "Statement",
    "StoreError",
    "StoreStats",
    "StoreUnavailable",
    "Transaction",
    "all_statements",
    "open_executor",
]
