"""Loading the seed files: validate everything first, report every bad record, then write all in
one transaction (or nothing)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from service.domain.availability import Span, overlapping
from service.domain.deadlines import missed_by
from service.domain.enums import Accessibility, PostingKind, TaskingAction
from service.domain.lifecycle import OPEN_STATES, IllegalTransition, next_status
from service.i18n import N_, _, ngettext
from service.store import Executor, Statement, Transaction
from service.store.queries import coordinators as cq
from service.store.queries import gatherings as gq
from service.store.queries import notices as nq
from service.store.queries import seed as q
from service.usecases.request_form.form import Subject

from .anchoring import anchored, declared_anchor
from .records import (
    FILES,
    CompetenceRecord,
    CoordinatorRecord,
    CountryRecord,
    GatheringRecord,
    NoticeRecord,
    OfficerRecord,
    PostingRecord,
    ProgrammeRecord,
    Record,
    RegionRecord,
    ServiceRecord,
    TaskingRecord,
    WindowRecord,
)

DEFAULT_SEED_DIR = Path(__file__).parent / "data"
_KEYS = {"services": "code", "regions": "code", "countries": "iso2", "competences": "code", "programmes": "code"}


@dataclass(frozen=True)
class Problem:
    file: str
    record: int | None  # 1-based position in the file's array
    key: str | None  # the record's id or code, when it has one
    field: str
    reason: str

    def __str__(self) -> str:
        facts = {"file": self.file, "record": self.record, "key": self.key, "field": self.field, "reason": self.reason}
        if self.record is None:
            return _("%(file)s, field %(field)s: %(reason)s", **facts)
        if self.key:
            return _("%(file)s record %(record)d (%(key)s), field %(field)s: %(reason)s", **facts)
        return _("%(file)s record %(record)d, field %(field)s: %(reason)s", **facts)


class SeedRejected(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        refused = ngettext(
            "seed refused, nothing was written: %(num)d problem", "seed refused, nothing was written: %(num)d problems", len(problems)
        )
        super().__init__(f"{refused}\n{lines}")


@dataclass
class SeedSet:
    services: list[ServiceRecord] = field(default_factory=list)
    regions: list[RegionRecord] = field(default_factory=list)
    countries: list[CountryRecord] = field(default_factory=list)
    competences: list[CompetenceRecord] = field(default_factory=list)
    programmes: list[ProgrammeRecord] = field(default_factory=list)
    officers: list[OfficerRecord] = field(default_factory=list)
    postings: list[PostingRecord] = field(default_factory=list)
    windows: list[WindowRecord] = field(default_factory=list)
    taskings: list[TaskingRecord] = field(default_factory=list)
    coordinators: list[CoordinatorRecord] = field(default_factory=list)
    gatherings: list[GatheringRecord] = field(default_factory=list)
    notices: list[NoticeRecord] = field(default_factory=list)


def _key_of(raw: Any, file: str) -> str | None:
    if isinstance(raw, dict):
        value = raw.get(_KEYS.get(file, "id"))
        return str(value) if value is not None else None
    return None


def _parse_files(directory: Path, problems: list[Problem]) -> SeedSet:
    seed = SeedSet()
    for name, model in FILES.items():
        path = directory / f"{name}.json"
        if not path.exists():
            continue  # a smaller network may leave a file out (e.g. no taskings)
        try:
            raw_records = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            problems.append(Problem(path.name, None, None, "(file)", _("not valid JSON: %(error)s", error=exc)))
            continue
        if not isinstance(raw_records, list):
            problems.append(Problem(path.name, None, None, "(file)", _("must be a JSON array of records")))
            continue
        parsed: list[Record] = []
        for position, raw in enumerate(raw_records, start=1):
            try:
                parsed.append(model.model_validate(raw))
            except ValidationError as exc:
                for error in exc.errors():
                    location = ".".join(str(part) for part in error["loc"]) or "(record)"
                    reason = error["msg"].removeprefix("Value error, ")
                    problems.append(Problem(path.name, position, _key_of(raw, name), location, reason))
        setattr(seed, name, parsed)
    return seed


# One whole sentence per kind of record a reference may name.
UNKNOWN = {
    "competence": N_("unknown competence %(value)r"),
    "country": N_("unknown country %(value)r"),
    "officer": N_("unknown officer %(value)r"),
    "programme": N_("unknown programme %(value)r"),
    "region": N_("unknown region %(value)r"),
    "service": N_("unknown service %(value)r"),
}


class _Checker:
    """Cross-record rules: unique keys, references that exist, and the domain's invariants."""

    def __init__(self, seed: SeedSet, problems: list[Problem]) -> None:
        self.seed = seed
        self.problems = problems

    def fail(self, file: str, position: int, key: str | None, field_name: str, reason: str) -> None:
        self.problems.append(Problem(f"{file}.json", position, key, field_name, reason))

    def keys(self, file: str, attribute: str) -> set[str]:
        seen: set[str] = set()
        for position, record in enumerate(getattr(self.seed, file), start=1):
            key = getattr(record, attribute)
            if key in seen:
                self.fail(file, position, key, attribute, _("%(codes)s appears more than once", codes=key))
            seen.add(key)
        return seen

    def exists(self, file: str, position: int, key: str | None, field_name: str, value: str, known: set[str], what: str) -> None:
        if value not in known:
            self.fail(file, position, key, field_name, _(UNKNOWN[what], value=value))

    def blame(self, file: str, positions: list[int]) -> int:
        """Which of several records a problem between them is reported on (the seed: the first named).

        A bulk import checks its rows together with the store's records and names a row of its file.
        """
        return positions[0]

    def run(self) -> None:
        s = self.seed
        services = self.keys("services", "code")
        regions = self.keys("regions", "code")
        countries = self.keys("countries", "iso2")
        competences = self.keys("competences", "code")
        programmes = self.keys("programmes", "code")
        officers = self.keys("officers", "id")
        self.keys("postings", "id")
        self.keys("windows", "id")
        self.keys("taskings", "id")
        self.keys("taskings", "reference")
        event_ids: set[str] = set()

        for i, c in enumerate(s.countries, 1):
            if c.region is not None:
                self.exists("countries", i, c.iso2, "region", c.region, regions, "region")
        for i, g in enumerate(s.programmes, 1):
            for j, iso2 in enumerate(g.countries):
                self.exists("programmes", i, g.code, f"countries.{j}", iso2, countries, "country")
        for i, o in enumerate(s.officers, 1):
            self.exists("officers", i, o.id, "service", o.service, services, "service")
            for j, level in enumerate(o.competences):
                self.exists("officers", i, o.id, f"competences.{j}.code", level.code, competences, "competence")
            for j, deputy in enumerate(o.deputies):
                self.exists("officers", i, o.id, f"deputies.{j}", deputy, officers, "officer")
        # Deputies may stand in for each other (a cycle): the DEPUTY route follows one level only.

        resident: dict[str, list[tuple[int, PostingRecord]]] = defaultdict(list)
        for i, p in enumerate(s.postings, 1):
            self.exists("postings", i, p.id, "officer", p.officer, officers, "officer")
            self.exists("postings", i, p.id, "country", p.country, countries, "country")
            for j, iso2 in enumerate(p.accreditedTo):
                self.exists("postings", i, p.id, f"accreditedTo.{j}", iso2, countries, "country")
            for j, iso2 in enumerate(p.area):
                self.exists("postings", i, p.id, f"area.{j}", iso2, countries, "country")
            if p.serves != "ALL":
                for j, code in enumerate(p.serves):
                    self.exists("postings", i, p.id, f"serves.{j}", code, services, "service")
            for j, code in enumerate(p.programmes):
                self.exists("postings", i, p.id, f"programmes.{j}", code, programmes, "programme")
            if p.kind is PostingKind.RESIDENT:
                resident[p.officer].append((i, p))
        for officer_postings in resident.values():
            spans = {p.id: (i, p) for i, p in officer_postings}
            for first, second in overlapping(Span(p.id, p.startsOn, p.endsOn) for _, p in officer_postings):
                i = self.blame("postings", [spans[second.id][0], spans[first.id][0]])
                p = s.postings[i - 1]
                self.fail(
                    "postings", i, p.id, "startsOn",
                    _(
                        "officer %(officer)s would hold two active resident postings (%(first)s and %(second)s)",
                        officer=p.officer, first=first.id, second=second.id,
                    ),
                )

        windows_by_officer: dict[str, list[tuple[int, WindowRecord]]] = defaultdict(list)
        for i, w in enumerate(s.windows, 1):
            self.exists("windows", i, w.id, "officer", w.officer, officers, "officer")
            windows_by_officer[w.officer].append((i, w))
        for officer_windows in windows_by_officer.values():
            positions = {w.id: i for i, w in officer_windows}
            for first, second in overlapping(Span(w.id, w.startsOn, w.endsOn) for _, w in officer_windows):
                self.fail("windows", positions[second.id], second.id, "startsOn", _("overlaps window %(window)s", window=first.id))

        for i, t in enumerate(s.taskings, 1):
            self.exists("taskings", i, t.id, "requestingService", t.requestingService, services, "service")
            self.exists("taskings", i, t.id, "assignee", t.assignee, officers, "officer")
            self.exists("taskings", i, t.id, "country", t.country, countries, "country")
            for j, code in enumerate(t.competences):
                self.exists("taskings", i, t.id, f"competences.{j}", code, competences, "competence")
            self._check_events(i, t, event_ids)
        self._check_network_life(services, regions, countries, officers)

    def _check_network_life(self, services: set[str], regions: set[str], countries: set[str], officers: set[str]) -> None:
        s = self.seed
        for i, c in enumerate(s.coordinators, 1):
            if c.country is not None:
                self.exists("coordinators", i, c.country, "country", c.country, countries, "country")
            if c.region is not None:
                self.exists("coordinators", i, c.region, "region", c.region, regions, "region")
        self.keys("gatherings", "id")
        for i, g in enumerate(s.gatherings, 1):
            if g.hostCountry is not None:
                self.exists("gatherings", i, g.id, "hostCountry", g.hostCountry, countries, "country")
            if g.convenor is not None:
                self.exists("gatherings", i, g.id, "convenor", g.convenor, officers, "officer")
            for j, invitation in enumerate(g.invitations):
                self.exists("gatherings", i, g.id, f"invitations.{j}.officer", invitation.officer, officers, "officer")
        self.keys("notices", "id")
        for i, n in enumerate(s.notices, 1):
            for j, code in enumerate(n.addressees):
                self.exists("notices", i, n.id, f"addressees.{j}", code, services, "service")
            if n.issuerOfficer is not None:
                self.exists("notices", i, n.id, "issuerOfficer", n.issuerOfficer, officers, "officer")

    def _check_events(self, position: int, t: TaskingRecord, event_ids: set[str]) -> None:
        status = None
        for j, event in enumerate(t.events):
            field_name = f"events.{j}"
            if event.id in event_ids:
                self.fail("taskings", position, t.id, f"{field_name}.id", _("event id %(event)s appears more than once", event=event.id))
            event_ids.add(event.id)
            if j == 0:
                if event.action is not TaskingAction.REQUESTED or event.fromStatus is not None:
                    self.fail("taskings", position, t.id, field_name, _("the first event must be REQUESTED from no status"))
                    return
                status = event.toStatus
                continue
            if event.at < t.events[j - 1].at:
                self.fail("taskings", position, t.id, f"{field_name}.at", _("events are not in time order"))
            if event.fromStatus != status:
                expected_from = _("expected %(expected)s, got %(given)s", expected=status, given=event.fromStatus)
                self.fail("taskings", position, t.id, f"{field_name}.fromStatus", expected_from)
                return
            try:
                expected = next_status(status, event.action)
            except (IllegalTransition, ValueError) as exc:
                self.fail("taskings", position, t.id, f"{field_name}.action", str(exc))
                return
            if event.toStatus != expected:
                leads_to = _("%(action)s leads to %(status)s", action=event.action, status=expected)
                self.fail("taskings", position, t.id, f"{field_name}.toStatus", leads_to)
                return
            status = expected
        if status != t.status:
            self.fail("taskings", position, t.id, "status", _("the events end in %(status)s, not %(given)s", status=status, given=t.status))


def load_seed(directory: Path = DEFAULT_SEED_DIR, *, today: date | None = None) -> SeedSet:
    """Parse and check every file; raise SeedRejected listing every problem found.

    With `today`, a directory that declares its anchor day (anchoring.py) is moved to be seen on
    `today` as it reads on its anchor day (the demo, `lonet seed`); without, it loads as written
    (the tests: their expectations name the seed's own dates).
    """
    problems: list[Problem] = []
    if not directory.is_dir():
        raise SeedRejected([Problem(str(directory), None, None, "(directory)", _("no such directory"))])
    seed = _parse_files(directory, problems)
    _Checker(seed, problems).run()
    if problems:
        raise SeedRejected(problems)
    anchor = declared_anchor(directory)
    if today is None or anchor is None:
        return seed
    return SeedSet(**{name: anchored(getattr(seed, name), anchor, today) for name in FILES})


def _rows(records: list[Record]) -> list[dict[str, Any]]:
    return [r.model_dump() for r in records]


Batch = tuple[Statement, list[dict[str, Any]]]


def statement_rows(records: Mapping[str, list[dict[str, Any]]]) -> list[Batch]:
    """The seed's bulk statements with their rows, in the order they must run, from records in the
    seed files' format as plain dicts (what `model_dump()` gives: dates and aware datetimes).

    `write_seed` runs them in one transaction; the benchmark network (bench/generate.py) runs the
    same statements in batches.
    """
    services, countries = records.get("services", []), records.get("countries", [])
    officers, postings, taskings = records.get("officers", []), records.get("postings", []), records.get("taskings", [])
    sequences: dict[str, int] = {}
    for t in taskings:
        year, number = re.fullmatch(r"BNL-(\d{4})-(\d{6})", t["reference"]).groups()
        name = f"tasking-reference-{year}"
        sequences[name] = max(sequences.get(name, 0), int(number))

    def without(record: dict[str, Any], *keys: str) -> dict[str, Any]:
        return {k: v for k, v in record.items() if k not in keys}

    return [
        (q.UPSERT_SERVICES, services),
        (q.SET_SERVICE_MAILBOXES, [{"code": s["code"], "mailbox": s["mailbox"]} for s in services if s.get("mailbox")]),
        (q.UPSERT_REGIONS, records.get("regions", [])),
        (q.UPSERT_COUNTRIES, countries),
        (q.LINK_COUNTRY_REGIONS, [{"iso2": c["iso2"], "region": c["region"]} for c in countries if c.get("region")]),
        (q.UPSERT_COMPETENCES, records.get("competences", [])),
        (q.UPSERT_PROGRAMMES, [without(g, "countries") for g in records.get("programmes", [])]),
        (
            q.LINK_PROGRAMME_COUNTRIES,
            [{"programme": g["code"], "iso2": iso2} for g in records.get("programmes", []) for iso2 in g.get("countries", [])],
        ),
        (q.CREATE_OFFICERS, [without(o, "competences", "deputies") for o in officers]),
        (
            q.LINK_OFFICER_COMPETENCES,
            [{"officer": o["id"], "code": c["code"], "level": c["level"]} for o in officers for c in o.get("competences", [])],
        ),
        (
            q.LINK_DEPUTIES,
            [{"officer": o["id"], "deputy": d, "rank": rank} for o in officers for rank, d in enumerate(o.get("deputies", []), 1)],
        ),
        (
            q.CREATE_POSTINGS,
            [{**without(p, "accreditedTo", "serves", "programmes", "area"), "servesAll": p["serves"] == "ALL"} for p in postings],
        ),
        (
            q.LINK_POSTING_ACCREDITATIONS,
            [{"posting": p["id"], "iso2": iso2} for p in postings for iso2 in p.get("accreditedTo", [])],
        ),
        (q.LINK_POSTING_AREA, [{"posting": p["id"], "iso2": iso2} for p in postings for iso2 in p.get("area", [])]),
        (
            # "ALL" is the servesAll flag, not a list: a service created later is served at once.
            q.LINK_POSTING_SERVICES,
            [{"posting": p["id"], "service": code} for p in postings if p["serves"] != "ALL" for code in p["serves"]],
        ),
        (
            q.LINK_POSTING_PROGRAMMES,
            [{"posting": p["id"], "programme": code} for p in postings for code in p.get("programmes", [])],
        ),
        (q.CREATE_WINDOWS, records.get("windows", [])),
        (q.CREATE_TASKINGS, [_tasking_row(without(t, "competences", "events", "subjects"), t["events"]) for t in taskings]),
        (q.LINK_TASKING_COMPETENCES, [{"tasking": t["id"], "code": code} for t in taskings for code in t.get("competences", [])]),
        (q.CREATE_TASKING_EVENTS, [{**e, "tasking": t["id"]} for t in taskings for e in t["events"]]),
        (q.CREATE_TASKING_SUBJECTS, subject_rows(taskings)),
        (q.LINK_DECONFLICTIONS, deconflictions(taskings)),
        (q.RAISE_SEQUENCES, [{"name": n, "value": v} for n, v in sorted(sequences.items())]),
        *_network_life(records),
    ]


def _subjects(tasking: dict[str, Any]) -> list[Subject]:
    return [Subject.model_validate(s) for s in tasking.get("subjects") or []]


def subject_rows(taskings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The Subject nodes of the taskings, ids derived from the tasking's (T-0003-S1, ...)."""
    return [
        {**subject.row(f"{t['id']}-S{position + 1}", position), "tasking": t["id"]}
        for t in taskings
        for position, subject in enumerate(_subjects(t))
    ]


def deconflictions(taskings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Deconfliction as requestTasking records it, for taskings loaded together: each pair of open
    taskings of different services naming a subject with the same match key, from the later to
    the earlier, found when the later was made."""
    open_states = {s.value for s in OPEN_STATES}
    naming: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)  # (key, kind) -> open taskings, in time order
    for t in sorted(taskings, key=lambda t: (t["createdAt"], t["id"])):
        if str(t["status"]) in open_states:
            for key_kind in sorted({(s.match_key, s.kind.value) for s in _subjects(t) if s.match_key}):
                naming[key_kind].append(t)
    rows = []
    for (key, kind), named in sorted(naming.items()):
        for index, later in enumerate(named):
            for earlier in named[:index]:
                if str(earlier["requestingService"]) != str(later["requestingService"]):
                    rows.append({"later": later["id"], "earlier": earlier["id"], "kind": kind, "matchKey": key, "foundAt": later["createdAt"]})
    return rows


def _network_life(records: Mapping[str, list[dict[str, Any]]]) -> list[Batch]:
    """Coordinators, gatherings and threat notices (schema version 11)."""
    coordinators, gatherings = records.get("coordinators", []), records.get("gatherings", [])
    notices = [{"handlingNote": None, **n} for n in records.get("notices", [])]
    return [
        (cq.SEED_COUNTRIES, [{"code": c["country"], **_coordination(c)} for c in coordinators if c.get("country")]),
        (cq.SEED_REGIONS, [{"code": c["region"], **_coordination(c)} for c in coordinators if c.get("region")]),
        (
            gq.SEED_GATHERINGS,
            [{k: g.get(k) for k in ("id", "kind", "title", "place", "startsOn", "endsOn", "status", "cancelReason",
                                    "invitedBy", "invitedCode", "createdBy", "createdAt")} for g in gatherings],
        ),
        (
            gq.SEED_INVITATIONS,
            [
                {"gathering": g["id"], "officer": i["officer"], "answer": i.get("answer"), "note": i.get("note"),
                 "answeredAt": i.get("answeredAt"), "version": 2 if i.get("answer") else 1}
                for g in gatherings for i in g["invitations"]
            ],
        ),
        (gq.SEED_HOSTS, [{"gathering": g["id"], "country": g["hostCountry"], "convenor": g["convenor"]}
                         for g in gatherings if g.get("hostCountry")]),
        (nq.SEED_NOTICES, [{k: v for k, v in n.items() if k not in ("addressees", "acknowledgements")}
                           for n in notices]),
        (nq.SEED_ADDRESSEES, [{"notice": n["id"], "service": code} for n in notices for code in n["addressees"]]),
        (nq.SEED_ACKNOWLEDGEMENTS, [{"notice": n["id"], **a} for n in notices for a in n.get("acknowledgements", [])]),
    ]


def _coordination(record: Mapping[str, Any]) -> dict[str, Any]:
    return {"coordinator": record.get("coordinator"), "leadNation": record.get("leadNation")}


# What a tasking record may leave out (generated networks, seed files before schema version 7).
_TASKING_DEFAULTS = {
    "accessibility": Accessibility.INDIRECT.value,
    "handlingNote": None,
    "outcomeHandlingCode": None,
    "outcomeHandlingNote": None,
    "sourceReliability": None,
    "informationAssessment": None,
    "requestSharingConsent": False,
    "outcomeSharingConsent": False,
}


def _tasking_row(tasking: dict[str, Any], events: list[dict[str, Any]]) -> dict[str, Any]:
    """A tasking's row, with what its completion keeps (was the deadline missed, by how long)
    worked out from its COMPLETED event, as completeTasking does."""
    completed = next((e["at"] for e in events if e["action"] == TaskingAction.COMPLETED), None)
    late = missed_by(tasking["dueBy"], completed) if completed is not None else None
    return {
        **_TASKING_DEFAULTS,
        **tasking,
        "version": len(events),
        "deadlineMissed": None if completed is None else late is not None,
        "deadlineMissedSeconds": None if completed is None else int(late.total_seconds()) if late else 0,
    }


async def write_seed(executor: Executor, seed: SeedSet) -> None:
    """Write the whole network in one transaction: all of it or nothing."""
    batches = statement_rows({name: _rows(getattr(seed, name)) for name in FILES})

    async def work(tx: Transaction) -> None:
        for statement, rows in batches:
            await tx.run(statement, {"rows": rows})

    await executor.write(work)


async def write_in_batches(
    executor: Executor,
    batches: list[Batch],
    *,
    batch_size: int = 5_000,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Write a large network: each statement's rows in slices of `batch_size`, one transaction per
    slice (a failure keeps the slices already written: for generated networks, not for the seed).
    `progress` is told how many rows each slice wrote."""
    for statement, rows in batches:
        for start in range(0, len(rows), batch_size):
            chunk = rows[start : start + batch_size]

            async def work(tx: Transaction, chunk: list[dict[str, Any]] = chunk) -> None:
                await tx.run(statement, {"rows": chunk})

            await executor.write(work)
            if progress is not None:
                progress(len(chunk))
