"""Bulk import and export of the directory (admins): `lonet import`, `lonet export`, POST /admin/import.

An import is a dry run unless applied: it reads the files, checks every row (reporting every bad
one with file, line, column and reason) and says what would be created, updated, ended or left
unchanged. Applied, it locks the records it names, plans again against the store as it is inside
that transaction, and writes everything plus one consultation record in that one transaction, or
nothing when any row is bad. An export writes the same formats; importing an export into an
empty store reproduces the directory exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import BadUserInput
from ...i18n import N_, _, ngettext
from ...security.policy import Operation, require
from ...store import Executor, Transaction
from ..caller import Caller
from .formats import COORDINATORS, FORMATS, Bundle, Problem, read_sources, render
from .plan import CREATED, ENDED, UNCHANGED, UPDATED, Plan, plan
from .records import ENTITIES, NOT_DIRECTORY
from .store import lock, read_snapshot, write_changes

__all__ = [
    "FORMATS",
    "Bundle",
    "ImportReport",
    "Problem",
    "export_directory",
    "import_directory",
    "read_path",
    "read_sources",
]


@dataclass(frozen=True)
class ImportReport:
    plan: Plan
    applied: bool

    @property
    def refused(self) -> bool:
        return bool(self.plan.problems)

    def as_dict(self) -> dict[str, Any]:
        return {
            "applied": self.applied,
            "summary": self.plan.summary(),
            "changes": [c.as_dict() for c in self.plan.writes],
            "problems": [p.as_dict() for p in self.plan.problems],
            "skipped": self.plan.skipped,
        }

    def lines(self) -> list[str]:
        """The report as an operator reads it, in the caller's language (entity names, keys and
        fields are identifiers and stay as they are)."""
        out = [f"  - {p}" for p in self.plan.problems]
        if self.plan.problems:
            count = len(self.plan.problems)
            out.insert(
                0,
                ngettext("import refused, nothing was written: %(num)d problem", "import refused, nothing was written: %(num)d problems", count),
            )
            return out
        for change in self.plan.writes:
            text = _(CHANGED[(change.action, self.applied)], entity=change.entity, key=change.key)
            out.append("  " + (_("%(change)s (%(fields)s)", change=text, fields=", ".join(change.fields)) if change.fields else text))
        for entity, counts in self.plan.summary().items():
            tally = ", ".join(_counted(action, self.applied, n) for action, n in counts.items() if n)
            out.append(_("%(entity)s: %(tally)s", entity=entity, tally=tally))
        out += [_("skipped (not part of the directory): %(name)s", name=name) for name in self.plan.skipped]
        if not self.applied:
            out.append(_("dry run: nothing was written (apply to write it all in one transaction)"))
        return out


# One whole sentence per action, written or only planned (a dry run).
CHANGED = {
    (CREATED, True): N_("%(entity)s %(key)s: created"),
    (CREATED, False): N_("%(entity)s %(key)s: would be created"),
    (UPDATED, True): N_("%(entity)s %(key)s: updated"),
    (UPDATED, False): N_("%(entity)s %(key)s: would be updated"),
    (ENDED, True): N_("%(entity)s %(key)s: ended"),
    (ENDED, False): N_("%(entity)s %(key)s: would be ended"),
    (UNCHANGED, True): N_("%(entity)s %(key)s: unchanged"),
    (UNCHANGED, False): N_("%(entity)s %(key)s: would be unchanged"),
}


def _counted(action: str, applied: bool, n: int) -> str:
    """"3 created", "1 would be ended": the count of one action in the summary line."""
    if action == CREATED and applied:
        return ngettext("%(num)d created", "%(num)d created", n)
    if action == CREATED:
        return ngettext("%(num)d would be created", "%(num)d would be created", n)
    if action == UPDATED and applied:
        return ngettext("%(num)d updated", "%(num)d updated", n)
    if action == UPDATED:
        return ngettext("%(num)d would be updated", "%(num)d would be updated", n)
    if action == ENDED and applied:
        return ngettext("%(num)d ended", "%(num)d ended", n)
    if action == ENDED:
        return ngettext("%(num)d would be ended", "%(num)d would be ended", n)
    if applied:
        return ngettext("%(num)d unchanged", "%(num)d unchanged", n)
    return ngettext("%(num)d would be unchanged", "%(num)d would be unchanged", n)


class _Refused(Exception):
    def __init__(self, plan: Plan) -> None:
        self.plan = plan


def read_path(path: Path, fmt: str | None = None) -> Bundle:
    """A file, or the directory files in a directory (`<entity>.csv|json`)."""
    if path.is_dir():
        wanted = (fmt,) if fmt else FORMATS
        names = [e.name for e in ENTITIES] + [COORDINATORS.name] + list(NOT_DIRECTORY)
        files = [path / f"{name}.{kind}" for name in names for kind in wanted if (path / f"{name}.{kind}").is_file()]
        if not files:
            return Bundle(problems=[Problem(str(path), None, "(file)", _("no directory files here (services.csv, officers.json, ...)"))])
        return read_sources([(f.name, f.read_bytes()) for f in files], fmt)
    if not path.is_file():
        return Bundle(problems=[Problem(str(path), None, "(file)", _("no such file or directory"))])
    return read_sources([(path.name, path.read_bytes())], fmt)


async def import_directory(executor: Executor, caller: Caller, bundle: Bundle, *, apply: bool = False) -> ImportReport:
    require(caller.identity, Operation.MANAGE_DIRECTORY)
    if apply:
        caller.justified(N_("importing the directory"))
    now = caller.now()

    async def dry(tx: Transaction) -> Plan:
        return plan(bundle, await read_snapshot(tx), now)

    if not apply or bundle.problems:
        return ImportReport(await executor.read(dry), applied=False)

    async def work(tx: Transaction) -> Plan:
        await lock(tx, bundle)
        planned = plan(bundle, await read_snapshot(tx), now)
        if planned.problems:
            raise _Refused(planned)  # rolls the transaction back: nothing is written
        await write_changes(tx, planned.writes)
        await caller.record(tx, "importDirectory", [c.key for c in planned.writes])
        return planned

    try:
        return ImportReport(await executor.write(work), applied=True)
    except _Refused as refused:
        return ImportReport(refused.plan, applied=False)


async def export_directory(executor: Executor, caller: Caller, fmt: str = "csv") -> dict[str, bytes]:
    """Every entity's file (name -> content), read in one transaction with its consultation record."""
    require(caller.identity, Operation.MANAGE_DIRECTORY)
    caller.justified(N_("exporting the directory (it holds every officer's contact data)"))
    if fmt not in FORMATS:
        raise BadUserInput(_("the format must be one of %(formats)s", formats=", ".join(FORMATS)), field="format")

    async def work(tx: Transaction):
        snapshot = await read_snapshot(tx)
        await caller.record(tx, "exportDirectory", sorted(snapshot.records["officers"]))
        return snapshot

    snapshot = await executor.write(work)
    return {f"{e.name}.{fmt}": render(e, list(snapshot.records[e.name].values()), fmt) for e in ENTITIES}
