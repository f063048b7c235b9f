"""The `lonet` command line: serve, migrate, seed, status, import, export, retention."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from seed import DEFAULT_SEED_DIR, SeedRejected, load_seed, write_seed

from .clock import clock_of
from .errors import BadUserInput, LonetError
from .i18n import _, environment_lang, ngettext, set_lang
from .security.identity import Identity, Role
from .security.tokens import DevTokens
from .settings import AuthMode, Engine, Settings, get_settings
from .store import Executor, StoreError, StoreUnavailable, open_executor
from .store.migrator import applied_versions, is_current, migrate, recorded_versions
from .usecases import audit, bulk
from .usecases.audit import normalise_justification
from .usecases.audit_anchor import key_of, verify_anchored, write_checkpoint
from .usecases.caller import Caller
from .usecases.maintenance import graph_counts
from .usecases.retention import apply_retention, cutoff_for

T = TypeVar("T")


def _with_store(settings: Settings, body: Callable[[Executor], Awaitable[T]]) -> T:
    # An operator's command may write the whole network in one unit of work (seed, import): the
    # store timeout that keeps requests from hanging in an outage is not for it.
    settings = settings.model_copy(update={"store_timeout_seconds": max(settings.store_timeout_seconds, 600.0)})

    async def run() -> T:
        executor = open_executor(settings)
        try:
            return await body(executor)
        finally:
            await executor.close()

    return asyncio.run(run())


def _where(settings: Settings) -> str:
    if settings.engine is Engine.EMBEDDED:
        return _("the embedded store %(path)s (LONET_EMBEDDED_PATH)", path=settings.embedded_path.absolute())
    return _("the Neo4j store at %(uri)s (NEO4J_URI)", uri=settings.neo4j_uri)


def _with_existing_store(settings: Settings, body: Callable[[Executor], Awaitable[T]], *, current: bool = False) -> T:
    """For every command but migrate and seed: it never creates a store (opening a LadybugDB
    path would), and on a store not migrated it says so instead of failing on a missing table."""
    if settings.engine is Engine.EMBEDDED and not settings.embedded_path.exists():
        raise StoreUnavailable(_("no store: %(store)s does not exist; run `lonet migrate` to create it", store=_where(settings)))

    async def checked(executor: Executor) -> T:
        versions = await recorded_versions(executor)
        if not versions:
            raise StoreUnavailable(_("not migrated: %(store)s has no schema yet; run `lonet migrate`", store=_where(settings)))
        if current and not await is_current(executor):
            raise StoreUnavailable(
                _("%(store)s is not at the newest schema version: run `lonet migrate` first", store=_where(settings))
            )
        return await body(executor)

    return _with_store(settings, checked)


def _print_counts(counts: dict[str, int]) -> None:
    width = max(len(name) for name in counts)
    for name, total in counts.items():
        print(f"  {name:<{width}}  {total:>7}")


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    async def body(executor: Executor) -> None:
        applied = await migrate(executor, target=args.to)
        for migration in applied:
            print(_("applied schema version %(version)d: %(description)s", version=migration.version, description=migration.description))
        versions = await applied_versions(executor)
        print(_("schema is at version %(version)d (%(engine)s engine)", version=max(versions, default=0), engine=executor.engine))

    _with_store(settings, body)
    return 0


def cmd_seed(args: argparse.Namespace, settings: Settings) -> int:
    # Validated before the store is even opened; anchored on today (LONET_TODAY when set).
    seed = load_seed(Path(args.dir), today=clock_of(settings).today())

    async def body(executor: Executor) -> dict[str, int]:
        await migrate(executor)
        await write_seed(executor, seed)
        return await graph_counts(executor)

    counts = _with_store(settings, body)
    print(_("seeded from %(dir)s; the graph now holds:", dir=args.dir))
    _print_counts(counts)
    return 0


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    async def body(executor: Executor) -> tuple[list[int], dict[str, int]]:
        return await recorded_versions(executor), await graph_counts(executor)

    versions, counts = _with_existing_store(settings, body)
    print(_("engine: %(engine)s; schema versions applied: %(versions)s", engine=settings.engine.value, versions=versions))
    _print_counts(counts)
    return 0


def cmd_token(args: argparse.Namespace, settings: Settings) -> int:
    # Refused only where OIDC is configured on purpose: the demo server runs in dev mode whatever
    # the environment says, and its tokens come from here.
    explicit_oidc = "auth_mode" in settings.model_fields_set and settings.auth_mode is AuthMode.OIDC
    if explicit_oidc and not args.dev:
        print(
            "lonet: "
            + _(
                "tokens come from the identity provider in OIDC mode; `lonet token` signs development "
                "tokens (LONET_AUTH_MODE=dev, as `lonet serve --demo` uses). Pass --dev to sign one anyway."
            ),
            file=sys.stderr,
        )
        return 2
    tokens = DevTokens(
        settings.dev_key_file,
        audience=settings.oidc_audience,
        claims={"roles": settings.claim_roles, "service": settings.claim_service, "officer": settings.claim_officer},
    )
    if "liaison_officer" in args.role and not args.officer:
        print("lonet: " + _("a liaison officer's token needs --officer ID (e.g. LO-001)"), file=sys.stderr)
        return 2
    subject = args.subject or f"{args.service.lower()}:{'-'.join(args.role)}"
    print(tokens.issue(subject=subject, roles=args.role, service=args.service, officer_id=args.officer, ttl_seconds=args.ttl))
    return 0


def cmd_audit_checkpoint(args: argparse.Namespace, settings: Settings) -> int:
    path = _with_existing_store(settings, lambda executor: write_checkpoint(executor, settings))
    print(_("audit checkpoint written: %(path)s", path=path))
    return 0


def cmd_audit_verify(args: argparse.Namespace, settings: Settings) -> int:
    result = _with_existing_store(settings, lambda executor: verify_anchored(executor, settings))
    if result.anchored is not None:
        print(_("anchored by the checkpoint of %(at)s (record %(seq)d)", at=result.anchored.at, seq=result.anchored.seq))
    else:
        print(_("not anchored: no authentic checkpoint (LONET_AUDIT_KEY_FILE, LONET_AUDIT_CHECKPOINT_DIR)"))
    for problem in result.problems:
        print(f"  - {problem}")
    if result.intact:
        print(
            ngettext(
                "consultation log intact: %(num)d record, hash chain verified",
                "consultation log intact: %(num)d records, hash chain verified",
                result.checked,
            )
        )
        return 0
    print(
        ngettext(
            "consultation log TAMPERED: %(num)d problem in the %(checked)d records checked",
            "consultation log TAMPERED: %(num)d problems in the %(checked)d records checked",
            len(result.problems),
            checked=result.checked,
        )
    )
    return 1


def _private(path: Path | str):
    """A file only its owner may read and write (0600, also when it existed with wider rights):
    exports hold every officer's contact data, and the consultation log who read what."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    return os.fdopen(descriptor, "wb")


def cmd_audit_export(args: argparse.Namespace, settings: Settings) -> int:
    async def body(executor: Executor) -> int:
        count = 0
        out = _private(args.out) if args.out != "-" else sys.stdout.buffer
        try:
            async for line in audit.export_lines(executor):
                out.write(line)
                count += 1
        finally:
            if out is not sys.stdout.buffer:
                out.close()
        return count

    count = _with_existing_store(settings, body)
    print(ngettext("exported %(num)d record", "exported %(num)d records", count), file=sys.stderr)
    return 0


def _operator(settings: Settings, justification: str | None, writes: bool = True) -> Caller:
    """Whoever runs an administration command on the server acts as an admin, named in the log."""
    if writes and not normalise_justification(justification):
        raise BadUserInput(_("this writes to the store: pass --justification with the change or case reference"))
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    clock = clock_of(settings)
    identity = Identity(subject=f"cli:{user}", roles=frozenset({Role.ADMIN}), service="")
    request_id = f"cli-{uuid.uuid4().hex[:16]}"
    return Caller(
        identity, normalise_justification(justification), request_id, clock.today(), audit_key=key_of(settings), clock=clock
    )


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    files = bulk.read_path(Path(args.path), args.format)  # read before the store is even opened
    caller = _operator(settings, args.justification, writes=args.apply)
    report = _with_existing_store(settings, lambda ex: bulk.import_directory(ex, caller, files, apply=args.apply), current=True)
    print("\n".join(report.lines()), file=sys.stderr if report.refused else sys.stdout)
    return 2 if report.refused else 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    caller = _operator(settings, args.justification)
    files = _with_existing_store(settings, lambda ex: bulk.export_directory(ex, caller, args.format), current=True)
    directory = Path(args.dir)
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        with _private(directory / name) as out:
            out.write(content)
    print(_("exported the directory to %(dir)s: %(files)s", dir=directory, files=", ".join(files)))
    return 0


def cmd_retention(args: argparse.Namespace, settings: Settings) -> int:
    caller = _operator(settings, args.justification, writes=args.apply)
    cutoff = cutoff_for(caller.today, settings.retention_days, settings.timezone)
    report = _with_existing_store(settings, lambda ex: apply_retention(ex, caller, cutoff=cutoff, apply=args.apply), current=True)
    print("\n".join(report.lines()))
    return 0


def cmd_notify(args: argparse.Namespace, settings: Settings) -> int:
    """One round of the server's notification duties, for cron: deadline alerts, then mail."""
    from .notifier import Notifier

    async def once(executor: Executor) -> tuple[int, int]:
        return await Notifier(executor, settings).once()

    alerted, delivered = _with_existing_store(settings, once, current=True)
    print(_("deadline alerts queued: %(alerted)d; mails delivered: %(delivered)d", alerted=alerted, delivered=delivered))
    if not settings.smtp_host:
        print(_("LONET_SMTP_HOST is not set: nothing is mailed"))
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from .api.server import serve

    if args.engine:
        settings = settings.model_copy(update={"engine": Engine(args.engine)})
    elif args.demo:
        settings = settings.model_copy(update={"engine": Engine.EMBEDDED})  # the demo's default
    return serve(
        settings, host=args.host, port=args.port, demo=args.demo, workers=args.workers, insecure_dev_auth=args.insecure_dev_auth
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lonet", description="Benelux liaison-officer network directory")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the GraphQL API")
    serve.add_argument("--host", default=None, help="bind address (default LONET_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default LONET_PORT or 8000)")
    serve.add_argument(
        "--demo",
        action="store_true",
        help="a fresh store in a temporary directory, migrated and seeded, removed on exit "
        "(embedded; with --engine neo4j the bundled Neo4j of tools/neo4j)",
    )
    serve.add_argument(
        "--engine", choices=[e.value for e in Engine], help="the store's engine (default LONET_ENGINE; the demo: embedded)"
    )
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (Neo4j engine only; they act as one through LONET_BROKER_URL)")
    serve.add_argument(
        "--insecure-dev-auth",
        action="store_true",
        help="development tokens (and /auth/demo-token, for anyone) on this store: never in production",
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

    token = commands.add_parser("token", help="print a development bearer token (dev auth mode)")
    token.add_argument("--role", action="append", required=True, choices=[r.value for r in Role], help="repeatable")
    token.add_argument("--service", required=True, help="the caller's service code, e.g. BE-FEDPOL")
    token.add_argument("--officer", help="the officer id, for a liaison officer (e.g. LO-001)")
    token.add_argument("--subject", help="the token subject (default: derived from service and role)")
    token.add_argument("--ttl", type=int, default=8 * 3600, help="validity in seconds (default 8 hours)")
    token.add_argument("--dev", action="store_true", help="sign with the development key even outside dev mode")
    token.set_defaults(handler=cmd_token)

    audit_cmd = commands.add_parser("audit", help="the consultation log")
    audit_commands = audit_cmd.add_subparsers(dest="audit_command", required=True)
    verify = audit_commands.add_parser("verify", help="recompute the hash chain; exit 1 if tampered")
    verify.set_defaults(handler=cmd_audit_verify)
    checkpoint = audit_commands.add_parser("checkpoint", help="write a signed checkpoint of the log's head outside the store")
    checkpoint.set_defaults(handler=cmd_audit_checkpoint)
    export = audit_commands.add_parser("export", help="write the log as JSON lines")
    export.add_argument("--out", default="-", help="file to write (default: standard output)")
    export.set_defaults(handler=cmd_audit_export)

    why = "the change or case reference for the consultation log (required to write)"
    import_cmd = commands.add_parser("import", help="import the directory (CSV or JSON); a dry run unless --apply")
    import_cmd.add_argument("path", help="a directory of <entity>.csv|json files, one such file, or a JSON document")
    import_cmd.add_argument("--apply", action="store_true", help="write everything in one transaction (or nothing)")
    import_cmd.add_argument("--format", choices=bulk.FORMATS, help="read the files as this format (default: by extension)")
    import_cmd.add_argument("--justification", help=why)
    import_cmd.set_defaults(handler=cmd_import)

    export_dir = commands.add_parser("export", help="write the directory as one file per entity")
    export_dir.add_argument("dir", help="directory to write services.csv, officers.csv, ... into")
    export_dir.add_argument("--format", choices=bulk.FORMATS, default="csv", help="default csv")
    export_dir.add_argument("--justification", required=True, help="why (the files hold every officer's contact data)")
    export_dir.set_defaults(handler=cmd_export)

    retention = commands.add_parser("retention", help="remove the free text of old closed taskings; a dry run unless --apply")
    retention.add_argument("--apply", action="store_true", help="remove it (one transaction, one consultation record)")
    retention.add_argument("--justification", help=why)
    retention.set_defaults(handler=cmd_retention)

    notify = commands.add_parser("notify", help="deadline alerts and notification mail (what `lonet serve` does all along)")
    notify.add_argument("--once", action="store_true", required=True, help="one round, then exit (for cron)")
    notify.set_defaults(handler=cmd_notify)
    return parser


def main(argv: list[str] | None = None) -> int:
    set_lang(environment_lang(os.environ))  # what the command says, in its user's locale
    args = build_parser().parse_args(argv)
    try:
        settings = get_settings()
    except ValidationError as exc:  # refused at start, naming the setting
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg'].removeprefix('Value error, ')}" for e in exc.errors())
        print("lonet: " + _("configuration refused: %(problems)s", problems=problems), file=sys.stderr)
        return 2
    try:
        return args.handler(args, settings)
    except SeedRejected as exc:
        print(exc, file=sys.stderr)
        return 2
    except LonetError as exc:
        print(f"lonet: {exc.message}", file=sys.stderr)
        return 2
    except StoreUnavailable as exc:
        print(f"lonet: {exc}", file=sys.stderr)
        return 3
    except StoreError as exc:
        print("lonet: " + _("store error: %(error)s", error=exc), file=sys.stderr)
        return 4


if __name__ == "__main__":
    sys.exit(main())
