"""What an import would do: every row checked against the seed's rules together with the store's
records, then sorted into created, updated, ended and unchanged.

- A row whose key is not in the store creates the record; the file must give every required field.
- A row whose key is in the store updates the fields it gives (a CSV column or JSON field left out
  of the file keeps the stored value); a row equal to the store is unchanged and not written.
- An update whose `endsOn` ends a posting (sooner than stored, or where it was open-ended) is
  "ended": the posting stays, with its history. A record absent from the file is left as it is:
  an import never deletes anything, postings included.
- A row that gives `version` must give the store's current version (what the record was
  exported at); otherwise someone changed the record since, and the row is refused.
- A posting keeps its officer and country, a service its country: a change is refused.

The cross-record rules (unique keys, references that exist, one active resident posting per
officer, no deputy cycle) are the seed loader's `_Checker`, run over the store's records with the
file's rows laid over them. A row that is itself refused does not make rows that refer to it
fail as well: only the bad row is reported.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from seed.loader import SeedSet, _Checker
from seed.records import Record

from ...i18n import _
from .formats import Bundle, Problem, Row, reasons
from .records import ENTITIES, Entity, comparable

CREATED, UPDATED, ENDED, UNCHANGED = "created", "updated", "ended", "unchanged"
_NOT_COMPARED = ("version", "updatedAt")  # bookkeeping: set by the import, not by the file


@dataclass
class Snapshot:
    """The store's directory as records (each with its version), by entity and key."""

    records: dict[str, dict[str, Record]] = field(default_factory=lambda: {e.name: {} for e in ENTITIES})

    def get(self, entity: str, key: str | None) -> Record | None:
        return self.records[entity].get(key) if key is not None else None


@dataclass(frozen=True)
class Change:
    entity: str
    key: str
    action: str
    fields: tuple[str, ...]  # what an update changes
    record: Record  # the record as it will be stored

    def as_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "key": self.key, "action": self.action, "fields": list(self.fields)}


@dataclass
class Plan:
    changes: list[Change]
    problems: list[Problem]
    skipped: list[str]

    @property
    def writes(self) -> list[Change]:
        return [c for c in self.changes if c.action != UNCHANGED]

    def summary(self) -> dict[str, dict[str, int]]:
        counts = Counter((c.entity, c.action) for c in self.changes)
        return {
            e.name: {a: counts[(e.name, a)] for a in (CREATED, UPDATED, ENDED, UNCHANGED)}
            for e in ENTITIES
            if any(counts[(e.name, a)] for a in (CREATED, UPDATED, ENDED, UNCHANGED))
        }


class _ImportChecker(_Checker):
    """The seed's cross-record rules, reporting on the file's rows (file, line, column)."""

    def __init__(self, seed: SeedSet, origins: dict[str, list[Row | None]], refused: dict[str, set[str]]) -> None:
        super().__init__(seed, [])
        self.origins = origins
        self.refused = refused
        self.rows_with_problems: set[int] = set()
        self.found: list[Problem] = []

    def fail(self, file: str, position: int, key: str | None, field_name: str, reason: str) -> None:
        row = self.origins[file][position - 1]
        if row is None:  # only when the store itself breaks a rule
            self.found.append(Problem("(store)", None, field_name, reason, key))
            return
        self.rows_with_problems.add(id(row))
        self.found.append(row.problem(field_name, reason))

    def blame(self, file: str, positions: list[int]) -> int:
        return next((p for p in positions if self.origins[file][p - 1] is not None), positions[0])

    def keys(self, file: str, attribute: str) -> set[str]:
        # A refused row's key still counts as known: rows referring to it are not reported again.
        return super().keys(file, attribute) | self.refused.get(file, set())


def _validate(row: Row, stored: Record | None, problems: list[Problem]) -> Record | None:
    entity = row.entity
    values = {**stored.model_dump(), **row.values} if stored is not None else dict(row.values)
    try:
        record = entity.model.model_validate(values)
    except ValidationError as exc:
        for location, reason in reasons(exc):
            problems.append(row.problem(location, reason))
        return None
    for field in entity.lists:
        items = getattr(record, field)
        codes = [getattr(item, "code", item) for item in items] if field in row.values and isinstance(items, list) else []
        twice = sorted({code for code in codes if codes.count(code) > 1})
        if twice:
            problems.append(row.problem(field, _("%(codes)s appears more than once", codes=", ".join(twice))))
            return None
    if stored is None:
        return record
    if row.values.get("version") is not None and record.version != stored.version:
        problems.append(
            row.problem(
                "version",
                _(
                    "the store holds version %(current)s of %(key)s, this row was exported at version %(given)s: "
                    "it was changed since; export again and redo the change",
                    current=stored.version, key=row.key, given=record.version,
                ),
            )
        )
        return None
    for fixed in entity.fixed:
        if getattr(record, fixed) != getattr(stored, fixed):
            problems.append(
                row.problem(
                    fixed,
                    _(
                        "%(field)s cannot change (%(before)s to %(after)s); create a new record instead",
                        field=fixed, before=getattr(stored, fixed), after=getattr(record, fixed),
                    ),
                )
            )
            return None
    return record


def _classify(entity: Entity, row: Row, record: Record, stored: Record | None, now: datetime) -> Change:
    key = str(getattr(record, entity.key))
    stamp = {"updatedAt": now} if "updatedAt" in entity.model.model_fields else {}
    if stored is None:
        if stamp and record.updatedAt is not None:
            stamp = {}
        return Change(entity.name, key, CREATED, (), record.model_copy(update={"version": record.version or 1, **stamp}))
    changed = tuple(
        f
        for f in row.values
        if f != entity.key
        and f not in _NOT_COMPARED
        and comparable(entity, f, getattr(record, f)) != comparable(entity, f, getattr(stored, f))
    )
    if not changed:
        return Change(entity.name, key, UNCHANGED, (), stored)
    action = UPDATED
    if "endsOn" in changed and entity.name == "postings" and record.endsOn is not None:
        if stored.endsOn is None or record.endsOn < stored.endsOn:
            action = ENDED
    return Change(entity.name, key, action, changed, record.model_copy(update={"version": stored.version + 1, **stamp}))


def plan(bundle: Bundle, snapshot: Snapshot, now: datetime) -> Plan:
    problems = list(bundle.problems)
    refused: dict[str, set[str]] = {}
    accepted: list[tuple[Row, Record]] = []
    seed = SeedSet()
    origins: dict[str, list[Row | None]] = {name: [] for name in SeedSet.__dataclass_fields__}
    for entity in ENTITIES:
        valid: list[tuple[Row, Record]] = []
        for row in bundle.rows.get(entity.name, []):
            record = _validate(row, snapshot.get(entity.name, row.key), problems)
            if record is None:
                if row.key is not None:
                    refused.setdefault(entity.name, set()).add(row.key)
            else:
                valid.append((row, record))
        replaced = {str(getattr(r, entity.key)) for _, r in valid}
        kept = [r for key, r in snapshot.records[entity.name].items() if key not in replaced]
        setattr(seed, entity.name, kept + [r for _, r in valid])
        origins[entity.name] = [None] * len(kept) + [row for row, _ in valid]
        accepted += valid

    checker = _ImportChecker(seed, origins, refused)
    checker.run()
    problems += checker.found

    changes = []
    for row, record in accepted:
        if id(row) in checker.rows_with_problems:
            continue
        # A posting's `serves: ALL` stays ALL (the servesAll flag): a service created later is served too.
        changes.append(_classify(row.entity, row, record, snapshot.get(row.entity.name, row.key), now))
    return Plan(changes, problems, list(bundle.skipped))


def first_problem_field(problem: Problem) -> str:
    """The input field a problem names (its column without the list position)."""
    return problem.column.split(".", 1)[0]
