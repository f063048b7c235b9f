"""The directory's file formats: one CSV or JSON file per entity, or one JSON document of them all.

JSON is the seed's format: `<entity>.json` holds an array of records (`seed/data/*.json`), and a
single document `{"services": [...], "officers": [...], ...}` holds several entities at once.

CSV: `<entity>.csv`, UTF-8 (a BOM is accepted), comma-separated, a header line naming the
columns (any order; the key column is required; the others may be left out, see below). A cell
of a list column holds its items separated by `;`: `languages` `nl;fr;en`, `deputies`
`LO-002;LO-003` (in rank order), `accreditedTo` `ME;AL`, `area` (a posting's declared area
of responsibility) `MK;XK`, `programmes` `BALKANS_PILOT`, a programme's `countries` `RS;AL`,
`serves` `BE-FEDPOL;NL-POLITIE` or `ALL` (every Benelux service, those created later included:
the posting's servesAll flag), `competences` `DRUGS:3;THB:2` (code:level, level 1 to 3). An
empty cell is "none" (no value, an empty list).

Besides the entities' files, the seed's `coordinators.json|csv` (a country's or a region's
coordinator and lead nation) is read as the `coordinator` and `leadNation` of the countries and
regions it names (fold_coordinators); the export writes them as those columns.

Lines are counted in the file as an editor shows them (the header is line 1); a JSON record's
line is the line its `{` is on.
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from pydantic import ValidationError

from seed.records import SELF_DEPUTY, CoordinatorRecord, Record

from ...i18n import _
from ..spreadsheet_cells import neutralise, restore
from .records import BY_NAME, ENTITIES, NOT_DIRECTORY, Entity

# Besides the entities' files, the seed's coordinators file: folded into countries and regions.
COORDINATORS = Entity("coordinators", CoordinatorRecord, "country")
READABLE = {**BY_NAME, COORDINATORS.name: COORDINATORS}

FORMATS = ("csv", "json")
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None  # None: the file as a whole, or a record of the store
    column: str  # a CSV column or a JSON field path ("(file)", "(row)", "(record)" when none fits)
    reason: str
    key: str | None = None  # the record's id or code, when known

    def __str__(self) -> str:
        facts = {"file": self.file, "line": self.line, "key": self.key, "column": self.column, "reason": self.reason}
        if self.line is not None and self.key:
            return _("%(file)s, line %(line)d (%(key)s), column %(column)s: %(reason)s", **facts)
        if self.line is not None:
            return _("%(file)s, line %(line)d, column %(column)s: %(reason)s", **facts)
        if self.key:
            return _("%(file)s (%(key)s), column %(column)s: %(reason)s", **facts)
        return _("%(file)s, column %(column)s: %(reason)s", **facts)

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "column": self.column, "reason": self.reason, "key": self.key}


@dataclass
class Row:
    """One record as read from a file: only the columns (or JSON fields) the file has."""

    entity: Entity
    file: str
    line: int
    values: dict[str, Any]
    flat: bool = False  # report a list item's problem in its column ("item 2: ..."), as a CSV cell holds it

    @property
    def key(self) -> str | None:
        value = self.values.get(self.entity.key)
        return str(value) if value is not None else None

    def problem(self, location: str | tuple[Any, ...], reason: str) -> Problem:
        """A problem of this row at a field path (pydantic's loc or the seed checker's dotted name)."""
        parts = tuple(location.split(".")) if isinstance(location, str) else tuple(str(p) for p in location)
        if not parts or not parts[0]:
            parts = (_field_named_in(reason, self.entity),)
        if self.flat and len(parts) > 1 and parts[1].isdigit():
            item = int(parts[1]) + 1
            text = (
                _("item %(item)d %(field)s: %(reason)s", item=item, field=".".join(parts[2:]), reason=reason)
                if len(parts) > 2
                else _("item %(item)d: %(reason)s", item=item, reason=reason)
            )
            return Problem(self.file, self.line, parts[0], text, self.key)
        return Problem(self.file, self.line, ".".join(parts), reason, self.key)


def _field_named_in(reason: str, entity: Entity) -> str:
    """The field a record-level rule names first ("endsOn ... is before startsOn ..."), if any."""
    first = reason.split(" ", 1)[0].removesuffix(":")
    if first in entity.model.model_fields:
        return first
    if reason == _(SELF_DEPUTY):
        return "deputies"
    return "(record)"


@dataclass
class Bundle:
    """What was read: the rows of each entity, and the problems found while reading."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files that are not part of the directory

    def add(self, name: str, rows: list[Row]) -> None:
        self.rows.setdefault(name, []).extend(rows)

    def keys(self, entity: str) -> list[str]:
        return sorted({row.key for row in self.rows.get(entity, []) if row.key is not None})

    @classmethod
    def single(cls, entity: str, values: dict[str, Any], file: str = "(input)") -> Bundle:
        return cls(rows={entity: [Row(BY_NAME[entity], file, 1, values, flat=True)]}, files=[file])


# -- reading -------------------------------------------------------------------------------------


def reasons(exc: ValidationError) -> list[tuple[tuple, str]]:
    """pydantic's errors as (field path, reason); of a union's branches (`serves`: "ALL" or a list)
    only the list's errors are kept, without the branch's name in the path."""
    found: dict[tuple, str] = {}
    for error in exc.errors():
        branch = next((str(p) for p in error["loc"] if isinstance(p, str) and "[" in p), None)
        location = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))
        if branch is not None and branch.startswith("literal["):
            continue
        if error["type"] == "missing":
            reason = _("required: a new record must give it")
        elif error.get("input", "") is None:
            reason = _("required, but empty")
        else:
            reason = error["msg"].removeprefix("Value error, ")
        found.setdefault(location, reason)
    return list(found.items())


def fold_coordinators(bundle: Bundle) -> None:
    """The seed's coordinators file (`coordinators.json|csv`: `country` or `region`, `coordinator`,
    `leadNation`) read as the coordination of the countries and regions it names: merged into the
    bundle's row of that country or region, else a row of its own that changes only those fields."""
    for row in bundle.rows.pop(COORDINATORS.name, []):
        try:
            record = CoordinatorRecord.model_validate(row.values)
        except ValidationError as exc:
            bundle.problems.extend(row.problem(location, reason) for location, reason in reasons(exc))
            continue
        entity, code = (BY_NAME["countries"], record.country) if record.country else (BY_NAME["regions"], record.region)
        values = {"coordinator": record.coordinator.value if record.coordinator else None, "leadNation": record.leadNation}
        target = next((r for r in bundle.rows.get(entity.name, []) if r.key == code), None)
        if target is None:
            bundle.add(entity.name, [Row(entity, row.file, row.line, {entity.key: code, **values}, row.flat)])
        elif any(target.values.get(f) not in (None, v) for f, v in values.items()):
            bundle.problems.append(
                row.problem("coordinator", _(
                    "the coordination of %(code)s is also given, differently, in %(file)s line %(line)s",
                    code=code, file=target.file, line=target.line,
                ))
            )
        else:
            target.values.update(values)


def _cell(entity: Entity, column: str, text: str) -> Any:
    text = restore(text).strip()
    if column not in entity.lists:
        return text or None
    if column == "serves" and text == "ALL":
        return "ALL"
    items = [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]
    if column == "competences":
        pairs = [item.split(":", 1) for item in items]
        return [{"code": p[0].strip(), "level": p[1].strip()} if len(p) == 2 else {"code": p[0]} for p in pairs]
    return items


def read_csv(name: str, entity: Entity, text: str, bundle: Bundle) -> None:
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as exc:
        bundle.problems.append(Problem(name, 1, "(file)", _("not valid CSV: %(error)s", error=exc)))
        return
    problems = []
    if not header:
        problems.append(Problem(name, 1, "(file)", _("the file is empty: the first line must be the header")))
    for column in header:
        if column not in entity.columns:
            problems.append(Problem(
                    name, 1, column or "(empty)",
                    _("unknown column; %(file)s has: %(columns)s", file=name, columns=",".join(entity.columns)),
                ))
        elif header.count(column) > 1:
            problems.append(Problem(name, 1, column, _("the column appears more than once")))
    if header and entity.key not in header:
        problems.append(Problem(name, 1, entity.key, _("the key column is missing from the header")))
    if problems:
        bundle.problems.extend(dict.fromkeys(problems))  # each once, in order
        return
    rows = []
    previous = reader.line_num
    try:
        for cells in reader:
            line, previous = previous + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # a blank line
            if len(cells) != len(header):
                bundle.problems.append(Problem(
                        name, line, "(row)",
                        _("%(cells)d cells, but the header has %(columns)d", cells=len(cells), columns=len(header)),
                    ))
                continue
            values = {column: _cell(entity, column, cell) for column, cell in zip(header, cells)}
            rows.append(Row(entity, name, line, values, flat=True))
    except csv.Error as exc:
        bundle.problems.append(Problem(name, reader.line_num, "(file)", _("not valid CSV: %(error)s", error=exc)))
    bundle.add(entity.name, rows)


_SPACE = re.compile(r"\s*")
MAX_INTEGER_DIGITS = 18  # a version or a level; a longer integer is a mistake, not data


class _IntegerTooLong(ValueError):
    pass


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _IntegerTooLong(
            _("an integer of %(digits)d digits (at most %(max)d)", digits=len(text.lstrip("-")), max=MAX_INTEGER_DIGITS)
        )
    return int(text)


_DECODER = json.JSONDecoder(parse_int=_integer)


class _Lines:
    def __init__(self, text: str) -> None:
        self.ends = [m.start() for m in re.finditer("\n", text)]

    def of(self, offset: int) -> int:
        return bisect.bisect_left(self.ends, offset) + 1


def _array(text: str, pos: int, lines: _Lines) -> list[tuple[int, Any]]:
    """The elements of the (valid) JSON array starting at `pos`, each with its line."""
    items: list[tuple[int, Any]] = []
    pos = _SPACE.match(text, pos + 1).end()
    if text[pos] == "]":
        return items
    while True:
        pos = _SPACE.match(text, pos).end()
        value, end = _DECODER.raw_decode(text, pos)
        items.append((lines.of(pos), value))
        pos = _SPACE.match(text, end).end()
        if text[pos] == "]":
            return items
        pos += 1  # the comma


def _json_rows(name: str, entity: Entity, elements: list[tuple[int, Any]], bundle: Bundle) -> None:
    rows = []
    for line, value in elements:
        if isinstance(value, dict):
            rows.append(Row(entity, name, line, value))
        else:
            bundle.problems.append(Problem(name, line, "(record)", _("each record must be a JSON object")))
    bundle.add(entity.name, rows)


def read_json(name: str, entity: Entity | None, text: str, bundle: Bundle) -> None:
    """An entity's array, or (entity None) a document of entity name -> array."""
    text = text.removeprefix("\ufeff")
    try:
        document = json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as exc:
        bundle.problems.append(Problem(name, exc.lineno, "(file)", _("not valid JSON: %(error)s", error=exc.msg)))
        return
    except _IntegerTooLong as exc:
        bundle.problems.append(Problem(name, 1, "(file)", _("not accepted: %(error)s", error=exc)))
        return
    except RecursionError:
        bundle.problems.append(Problem(
            name, 1, "(file)", _("not accepted: JSON nested too deep (a directory file is an array of flat records)")
        ))
        return
    lines = _Lines(text)
    start = _SPACE.match(text).end()
    if entity is not None:
        if not isinstance(document, list):
            bundle.problems.append(Problem(name, lines.of(start), "(file)", _("must be a JSON array of records")))
            return
        _json_rows(name, entity, _array(text, start, lines), bundle)
        return
    if not isinstance(document, dict):
        bundle.problems.append(Problem(
            name, lines.of(start), "(file)", _("must be a JSON object of entity name -> array of records")
        ))
        return
    pos = _SPACE.match(text, start + 1).end()
    while text[pos] != "}":
        key, pos = _DECODER.raw_decode(text, pos)
        pos = _SPACE.match(text, pos).end() + 1  # the colon
        pos = _SPACE.match(text, pos).end()
        value, end = _DECODER.raw_decode(text, pos)
        if key in READABLE and isinstance(value, list):
            _json_rows(name, READABLE[key], _array(text, pos, lines), bundle)
        elif key in READABLE:
            bundle.problems.append(Problem(name, lines.of(pos), key, _("must be an array of records")))
        elif key in NOT_DIRECTORY:
            bundle.skipped.append(f"{name}: {key}")
        else:
            bundle.problems.append(Problem(
                name, lines.of(pos), key, _("not a directory entity; expected %(entities)s", entities=", ".join(BY_NAME))
            ))
        pos = _SPACE.match(text, end).end()
        if text[pos] == ",":
            pos = _SPACE.match(text, pos + 1).end()


def read_sources(sources: list[tuple[str, bytes]], fmt: str | None = None) -> Bundle:
    """Files given as (name, content): `<entity>.csv`, `<entity>.json`, or a JSON document of several.

    `fmt` reads every file in that format whatever its extension.
    """
    bundle = Bundle()
    seen: dict[str, str] = {}
    for name, content in sources:
        path = PurePath(name)
        kind = fmt or path.suffix.lower().lstrip(".")
        stem = path.stem
        if stem in NOT_DIRECTORY:
            bundle.skipped.append(name)
            continue
        if kind not in FORMATS:
            bundle.problems.append(Problem(name, None, "(file)", _("not a .csv or .json file (or pass the format)")))
            continue
        entity = READABLE.get(stem)
        if entity is None and kind == "csv":
            expected = ", ".join(f"{e.name}.csv" for e in ENTITIES)
            bundle.problems.append(Problem(
                name, None, "(file)", _("which entity? A CSV file is named after it: %(expected)s", expected=expected)
            ))
            continue
        if entity is not None:
            if entity.name in seen:
                bundle.problems.append(Problem(
                    name, None, "(file)", _("%(entity)s are also in %(file)s", entity=entity.name, file=seen[entity.name])
                ))
                continue
            seen[entity.name] = name
        bundle.files.append(name)
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError as exc:
            bundle.problems.append(Problem(name, None, "(file)", _("not UTF-8: %(error)s", error=exc)))
            continue
        if kind == "csv":
            read_csv(name, entity, text, bundle)
        else:
            read_json(name, entity, text, bundle)
    fold_coordinators(bundle)
    return bundle


# -- writing -------------------------------------------------------------------------------------


def _csv_cell(column: str, value: Any) -> str:
    """The cell's text, neutralised so that a spreadsheet does not run it (restored on reading)."""
    if value is None:
        return ""
    if isinstance(value, list):
        if column == "competences":
            return neutralise(LIST_SEPARATOR.join(f"{c['code']}:{c['level']}" for c in value))
        return neutralise(LIST_SEPARATOR.join(value))
    return neutralise(str(value))


def render(entity: Entity, records: list[Record], fmt: str) -> bytes:
    """One entity's file, records in key order: the same directory always gives the same bytes."""
    ordered = sorted((r.model_dump(mode="json") for r in records), key=lambda r: r[entity.key])
    if fmt == "json":
        return (json.dumps(ordered, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(entity.columns)
    for record in ordered:
        writer.writerow([_csv_cell(column, record[column]) for column in entity.columns])
    return out.getvalue().encode("utf-8")
