"""The `lonet` command line: serve, migrate, seed, status."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from seed import DEFAULT_SEED_DIR, SeedRejected, load_seed, write_seed

from .settings import Settings, get_settings
from .store import Executor, StoreError, StoreUnavailable, open_executor
from .store.migrator import applied_versions, migrate
from .usecases.maintenance import graph_counts

T = TypeVar("T")


def _with_store(settings: Settings, body: Callable[[Executor], Awaitable[T]]) -> T:
    async def run() -> T:
        executor = open_executor(settings)
        try:
            return await body(executor)
        finally:
            await executor.close()

    return asyncio.run(run())


def _print_counts(counts: dict[str, int]) -> None:
    width = max(len(name) for name in counts)
    for name, total in counts.items():
        print(f"  {name:<{width}}  {total:>7}")


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    async def body(executor: Executor) -> None:
        applied = await migrate(executor, target=args.to)
        for migration in applied:
            print(f"applied schema version {migration.version}: {migration.description}")
        versions = await applied_versions(executor)
        print(f"schema is at version {max(versions, default=0)} ({executor.engine} engine)")

    _with_store(settings, body)
    return 0


def cmd_seed(args: argparse.Namespace, settings: Settings) -> int:
    seed = load_seed(Path(args.dir))  # validated before the store is even opened

    async def body(executor: Executor) -> dict[str, int]:
        await migrate(executor)
        await write_seed(executor, seed)
        return await graph_counts(executor)

    counts = _with_store(settings, body)
    print(f"seeded from {args.dir}; the graph now holds:")
    _print_counts(counts)
    return 0


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    async def body(executor: Executor) -> tuple[list[int], dict[str, int]]:
        return await applied_versions(executor), await graph_counts(executor)

    versions, counts = _with_store(settings, body)
    print(f"engine: {settings.engine.value}; schema versions applied: {versions}")
    _print_counts(counts)
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from .api.server import serve

    return serve(settings, host=args.host, port=args.port, demo=args.demo)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lonet", description="Benelux liaison-officer network directory")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the GraphQL API")
    serve.add_argument("--host", default=None, help="bind address (default LONET_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default LONET_PORT or 8000)")
    serve.add_argument(
        "--demo", action="store_true", help="fresh embedded store in a temporary directory, migrated and seeded"
    )
    serve.set_defaults(handler=cmd_serve)

    migrate_cmd = commands.add_parser("migrate", help="apply pending schema versions (idempotent)")
    migrate_cmd.add_argument("--to", type=int, default=None, help="stop at this schema version")
    migrate_cmd.set_defaults(handler=cmd_migrate)

    seed_cmd = commands.add_parser("seed", help="load the demo network (validated; idempotent)")
    seed_cmd.add_argument("--dir", default=str(DEFAULT_SEED_DIR), help="directory of seed JSON files")
    seed_cmd.set_defaults(handler=cmd_seed)

    status = commands.add_parser("status", help="schema version and what the graph holds")
    status.set_defaults(handler=cmd_status)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args, get_settings())
    except SeedRejected as exc:
        print(exc, file=sys.stderr)
        return 2
    except StoreUnavailable as exc:
        print(f"lonet: {exc}", file=sys.stderr)
        return 3
    except StoreError as exc:
        print(f"lonet: store error: {exc}", file=sys.stderr)
        return 4


if __name__ == "__main__":
    sys.exit(main())
