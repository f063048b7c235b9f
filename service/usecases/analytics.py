"""Managers' analytics: coverage (gaps, single points, expiring postings), workload, response
times and programme reports.

One use case feeds the GraphQL fields, the CSV exports and the dashboard. Each answer reads the
network with the same handful of bulk statements whatever its size (reference lists, postings,
their accreditations and served services, competences, officers, deputies; or one tasking read)
and computes the rest in Python (service/domain/coverage.py). Managers and admins only
(Operation.READ_ANALYTICS); the statistics of taskings count only those the caller may read
(scope.py: a manager's country's services, an administrator's all; an empty scope counts none). The answers hold directory-public facts and aggregates, no contact
data, so they write no consultation record; an officer's phone or e-mail selected in GraphQL is
logged by the Officer type as everywhere.
"""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from ..domain import coverage as cov
from ..domain.availability import status_on
from ..domain.coverage import CoverageStatus, Durations, ResponseGroup, Timeline
from ..domain.enums import Availability, PostingKind, Route, TaskingAction, TaskingStatus
from ..domain.lifecycle import OPEN_STATE_VALUES, is_overdue
from ..domain.ranking import AVAILABLE_STATES
from ..domain.models import Competence, CompetenceLevel, Country, Officer, Posting, Programme
from ..errors import BadUserInput
from ..i18n import _
from ..security.identity import Identity
from ..security.policy import Operation, require
from ..store import Statement
from ..store.queries import analytics as q
from .directory import check_codes
from .reads import DirectoryReads, fetch
from .scope import tasking_scope

MAX_MONTHS = 60
BENELUX = ("BE", "LU", "NL")


# -- coverage ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderRow:
    officer: Officer
    posting: Posting
    route: Route
    competences: list[CompetenceLevel]  # in scope, by which the officer covers the country
    served_services: list[str]

    @property
    def level(self) -> int:
        return self.competences[0].level


@dataclass(frozen=True)
class CellRow:
    country: Country
    competence: Competence
    status: CoverageStatus
    providers: list[ProviderRow]


class _Rows:
    """Builds the report's rows from the computed coverage and the records they show."""

    def __init__(self, names: dict[str, Mapping], postings: Mapping[str, Posting], officers: Mapping[str, Officer]) -> None:
        self.names = names
        self.postings = postings
        self.officers = officers

    def provider(self, found: cov.Provider, levels: list[tuple[str, int]]) -> ProviderRow:
        competences = [CompetenceLevel(officer=found.officer, code=code, level=level) for code, level in levels]
        officer, posting = self.officers[found.officer], self.postings[found.posting.id]
        served = self.names["services"] if found.posting.serves_all else found.posting.serves
        return ProviderRow(officer, posting, found.route, competences, sorted(served))

    def cell(self, cell: cov.Cell) -> CellRow:
        providers = [self.provider(p, [(cell.competence, p.level)]) for p in cell.providers]
        return CellRow(self.names["countries"][cell.country], self.names["competences"][cell.competence], cell.status, providers)

    def providers(self, country: cov.CountryCoverage) -> list[ProviderRow]:
        """The country's officers, best route first, each with the competences they bring."""
        first: dict[str, cov.Provider] = {}
        levels: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for cell in country.cells:
            for p in cell.providers:
                first.setdefault(p.officer, p)
                levels[p.officer].append((cell.competence, p.level))
        order = cov.COVERING_ROUTES.index
        ranked = sorted(first.values(), key=lambda p: (order(p.route), -len(levels[p.officer]), p.officer))
        return [self.provider(p, levels[p.officer]) for p in ranked]


class CountryRow:
    """A country's coverage; its providers and cells are built when first asked for (a whole
    network has thousands of them, which most answers do not show). It holds the row builder,
    not the report: no reference cycle keeps a report's hundreds of thousands of objects alive
    after the request until the cyclic garbage collector runs."""

    def __init__(self, rows: _Rows, found: cov.CountryCoverage) -> None:
        self._rows, self._found = rows, found
        self.country: Country = rows.names["countries"][found.country]
        self.status: CoverageStatus = found.status
        self.officer_count = len(found.officers)
        self.covered_competences: list[str] = found.covered
        self.missing_competences: list[str] = found.missing

    @cached_property
    def providers(self) -> list[ProviderRow]:
        """One per officer covering any competence in scope."""
        return self._rows.providers(self._found)

    @cached_property
    def competences(self) -> list[CellRow]:
        """One per competence in scope."""
        return [self._rows.cell(cell) for cell in self._found.cells]


@dataclass(frozen=True)
class SinglePointRow:
    country: Country
    competence: Competence
    officer: Officer
    posting: Posting
    route: Route
    level: int
    deputies: list[Officer]  # in rank order

    @property
    def has_deputy(self) -> bool:
        return bool(self.deputies)


@dataclass(frozen=True)
class ExpiringRow:
    posting: Posting
    officer: Officer
    ends_on: date
    days_left: int
    would_become_gaps: list[CellRow]


@dataclass(frozen=True)
class CoverageSummary:
    countries: int
    covered: int
    single_point: int
    gap: int
    gap_cells: int
    single_point_cells: int


@dataclass
class ComputedCoverage:
    """One question's coverage on one state of the network, and the postings ending soon, each
    computed once: kept with the directory's read model (answers depend on nothing else)."""

    countries: Mapping[str, Country]  # the reference lists it was computed with
    competences: Mapping[str, Competence]
    network: cov.Network
    coverage: cov.Coverage
    availability: tuple = ()  # the officers, windows and deputies it was computed with
    _expiring: dict[int, list[cov.Expiry]] = field(default_factory=dict)

    def expiring(self, within_months: int) -> list[cov.Expiry]:
        found = self._expiring.get(within_months)
        if found is None:
            found = self._expiring[within_months] = cov.expiring(self.network, self.coverage.scope, within_months, self.coverage)
        return found


class CoverageReport:
    """The coverage on a day, with everything needed to answer any of its fields without another
    store statement."""

    def __init__(
        self,
        computed: ComputedCoverage,
        names: dict[str, dict],
        postings: dict[str, Posting],
        officers: dict[str, Officer],
        deputies: dict[str, list[Officer]],
    ) -> None:
        self.scope = computed.coverage.scope
        self.as_of = computed.coverage.scope.day
        self.network = computed.network
        self.coverage = computed.coverage
        self._computed = computed
        self.names = names
        self.postings = postings
        self.officers = officers
        self.deputies = deputies
        self._rows = _Rows(names, postings, officers)

    @cached_property
    def countries(self) -> list[CountryRow]:
        return [CountryRow(self._rows, c) for c in self.coverage.countries]

    @cached_property
    def gaps(self) -> list[CellRow]:
        return [self._rows.cell(c) for c in self.coverage.gaps]

    @cached_property
    def single_points(self) -> list[SinglePointRow]:
        rows = []
        for cell in self.coverage.single_points:
            row = self._rows.cell(cell)
            only = row.providers[0]
            deputies = self.deputies.get(only.officer.id, [])
            rows.append(SinglePointRow(row.country, row.competence, only.officer, only.posting, only.route, only.level, deputies))
        return rows

    @cached_property
    def summary(self) -> CoverageSummary:
        statuses = Counter(c.status for c in self.coverage.countries)
        return CoverageSummary(
            countries=len(self.coverage.countries),
            covered=statuses[CoverageStatus.COVERED],
            single_point=statuses[CoverageStatus.SINGLE_POINT],
            gap=statuses[CoverageStatus.GAP],
            gap_cells=len(self.coverage.gaps),
            single_point_cells=len(self.coverage.single_points),
        )

    def expiring(self, within_months: int) -> list[ExpiringRow]:
        if within_months is None or not 1 <= within_months <= MAX_MONTHS:
            raise BadUserInput(_("withinMonths must be between 1 and %(most)d", most=MAX_MONTHS), field="withinMonths")
        names = self.names
        return [
            ExpiringRow(
                self.postings[e.posting.id],
                self.officers[e.posting.officer],
                e.ends_on,
                e.days_left,
                [
                    CellRow(names["countries"][iso2], names["competences"][code], CoverageStatus.GAP, [])
                    for iso2, code in e.would_become_gaps
                ],
            )
            for e in self._computed.expiring(within_months)
        ]


async def coverage(
    reads: DirectoryReads,
    identity: Identity,
    today: date,
    *,
    as_of: date | None = None,
    region: str | None = None,
    competence: str | None = None,
    served_service: str | None = None,
) -> CoverageReport:
    """The coverage on `as_of` (default today), narrowed to a region, a competence, a served service."""
    require(identity, Operation.READ_ANALYTICS)
    region = region.upper() if region else None
    await check_codes(reads, region=region, competence=competence, servedService=served_service)
    day = as_of or today
    countries, competences, services = await asyncio.gather(reads.countries(), reads.competences(), reads.services())

    # The whole network from the directory's read model (directory_model.py): kept per process,
    # read again after a change to the directory. The computed coverage is kept with it, per
    # question (it depends on nothing else but the reference lists, which are checked): a
    # dashboard asks the same few questions again and again.
    model, officers, windows, deputies = await asyncio.gather(
        reads.model(), reads.officers(), reads.windows(), reads.deputies()
    )
    scope = cov.Scope(day, region, competence, served_service)

    def compute() -> ComputedCoverage:
        every = model.network_postings()
        network = cov.Network(
            regions={iso2: c.region for iso2, c in countries.items()},
            competences=sorted(competences),
            postings=[every[r["id"]] for r in model.not_ended(day)],
            skills=model.skills,
            deputies=deputies,
            unavailable=frozenset(
                o.id for o in officers.values() if status_on(o.availability, windows.get(o.id, ()), day)[0] not in AVAILABLE_STATES
            ),
        )
        # Who is unavailable changes far more often than the postings: the last report for the
        # question, made from this read model before an LO's change, gives every country that
        # change does not touch (domain/coverage.py).
        earlier = model.recall(("coverage", scope))
        if earlier is not None and earlier.countries is countries and earlier.competences is competences:
            coverage = cov.compute(network, scope, previous=(earlier.network, earlier.coverage))
        else:
            coverage = cov.compute(network, scope)
        return ComputedCoverage(countries, competences, network, coverage, (officers, windows, deputies))

    computed = model.remember(
        ("coverage", scope),
        compute,
        # Also computed from who is unavailable and who stands in for them (the DEPUTY route).
        valid=lambda kept: kept.countries is countries
        and kept.competences is competences
        and all(a is b for a, b in zip(kept.availability, (officers, windows, deputies))),
        limit=reads.coverage_memo,
    )
    single_points = computed.coverage.single_points
    deputies = await _deputies(reads, sorted({c.providers[0].officer for c in single_points}), officers)
    names = {"countries": countries, "competences": competences, "services": services}
    return CoverageReport(computed, names, model.postings, officers, deputies)


async def _deputies(
    reads: DirectoryReads, officer_ids: list[str], officers: Mapping[str, Officer]
) -> dict[str, list[Officer]]:
    """Each officer's deputies, in rank order."""
    if not officer_ids:
        return {}
    # From the read model's deputy lists at once: a report has a thousand single points on the
    # full network, and a loader's per-key bookkeeping was a third of a kept report's answer.
    deputies = await reads.deputies()
    return {o: [officers[d] for d in deputies.get(o, ()) if d in officers] for o in officer_ids}


async def _scoped(reads: DirectoryReads, identity: Identity, statement: Statement, params: dict) -> list[dict]:
    """The rows of a statistic's statement within the caller's READ_TASKING scope (none for an empty one)."""
    scope = await tasking_scope(reads, identity)
    if scope.empty:
        return []
    return await fetch(reads.executor, statement, {**params, **scope.params()})


# -- workload ------------------------------------------------------------------------------------


@dataclass
class LoadGroup:
    key: str
    name: str
    open: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class Workload:
    open: int
    overdue: int
    by_officer: list[LoadGroup]
    by_country: list[LoadGroup]
    by_requesting_service: list[LoadGroup]


def _loads(groups: dict[str, LoadGroup]) -> list[LoadGroup]:
    return sorted(groups.values(), key=lambda g: (-g.open, g.key))


async def workload(reads: DirectoryReads, identity: Identity, now: datetime) -> Workload:
    """Open taskings (REQUESTED, ACCEPTED, IN_PROGRESS, AWAITING_INFORMATION) per assigned officer,
    per country, per requesting service; `overdue`: past their dueBy (the clock stands still while
    a tasking awaits information)."""
    require(identity, Operation.READ_ANALYTICS)
    rows = await _scoped(reads, identity, q.OPEN_TASKINGS, {"openStates": OPEN_STATE_VALUES})
    officer_ids = sorted({r["officer"] for r in rows})
    officers, countries, services = await asyncio.gather(
        reads.officer.load_many(officer_ids), reads.countries(), reads.services()
    )
    names = {o.id: o.name for o in officers if o is not None}
    groups: dict[str, dict[str, LoadGroup]] = {"officer": {}, "country": {}, "requestingService": {}}
    label = {
        "officer": lambda key: names.get(key, key),
        "country": lambda key: countries[key].name() if key in countries else key,
        "requestingService": lambda key: services[key].name_in() if key in services else key,
    }
    overdue_total = 0
    for row in rows:
        late = is_overdue(TaskingStatus(row["status"]), row["dueBy"], now, row["awaitingSince"])
        overdue_total += late
        for kind, grouped in groups.items():
            key = row[kind]
            group = grouped.setdefault(key, LoadGroup(key, label[kind](key)))
            group.open += 1
            group.overdue += late
    return Workload(
        len(rows), overdue_total, _loads(groups["officer"]), _loads(groups["country"]), _loads(groups["requestingService"])
    )


# -- response times ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    since: date
    until: date

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """[since 00:00, the day after until 00:00) in the services' time zone."""
        start = datetime.combine(self.since, time(), zone)
        return start, datetime.combine(self.until + timedelta(days=1), time(), zone)


def _period(since: date | None, until: date | None, default_since: date, today: date) -> Period:
    until = until or today
    since = since or min(default_since, until)
    if since > until:
        raise BadUserInput(_("from (%(since)s) is after to (%(until)s)", since=since, until=until), field="from")
    return Period(since, until)


@dataclass(frozen=True)
class ResponseStats:
    key: str
    name: str
    taskings: int
    to_accepted: Durations
    to_completed: Durations
    deadline_missed: int = 0  # completed after their dueBy (kept at completion)
    delayed: int = 0  # taskings whose LO announced a delay
    delays_announced: int = 0


@dataclass(frozen=True)
class ResponseTimes:
    period: Period
    overall: ResponseStats
    by_officer: list[ResponseStats]
    by_country: list[ResponseStats]


def _stats(groups: Iterable[ResponseGroup], names: dict[str, str], breaches: Counter[str]) -> list[ResponseStats]:
    return [
        ResponseStats(g.key, names.get(g.key, g.key), g.taskings, g.accepted, g.completed, breaches[g.key], g.delayed, g.delays)
        for g in sorted(groups, key=lambda g: g.key)
    ]


async def response_times(
    reads: DirectoryReads, identity: Identity, since: date | None, until: date | None, today: date, zone: ZoneInfo
) -> ResponseTimes:
    """Hours from REQUESTED (creation) to ACCEPTED (by the current assignee: after the last
    reassignment) and to COMPLETED, for the taskings created in the period, per assigned officer
    and per country: count, median, 90th percentile."""
    require(identity, Operation.READ_ANALYTICS)
    period = _period(since, until, cov.add_months(until or today, -12), today)
    start, end = period.bounds(zone)
    rows = await _scoped(reads, identity, q.TASKING_EVENTS_CREATED_BETWEEN, {"since": start, "until": end})
    timelines: dict[str, tuple[dict, list]] = {}
    for row in rows:
        timelines.setdefault(row["tasking"], (row, []))[1].append((TaskingAction(row["action"]), row["at"]))
    overall = ResponseGroup("ALL")
    by_officer: dict[str, ResponseGroup] = {}
    by_country: dict[str, ResponseGroup] = {}
    breaches: Counter[str] = Counter()  # completed late, by group key
    for first, events in timelines.values():
        timeline = Timeline(first["createdAt"], events)
        overall.add(timeline)
        by_officer.setdefault(first["officer"], ResponseGroup(first["officer"])).add(timeline)
        by_country.setdefault(first["country"], ResponseGroup(first["country"])).add(timeline)
        if first["deadlineMissed"]:
            breaches.update(("ALL", first["officer"], first["country"]))
    officers, countries = await asyncio.gather(reads.officer.load_many(sorted(by_officer)), reads.countries())
    officer_names = {o.id: o.name for o in officers if o is not None}
    country_names = {iso2: c.name() for iso2, c in countries.items()}
    return ResponseTimes(
        period,
        _stats([overall], {"ALL": _("all taskings")}, breaches)[0],
        _stats(by_officer.values(), officer_names, breaches),
        _stats(by_country.values(), country_names, breaches),
    )


# -- programme report ----------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyCount:
    key: str
    count: int


def _counts(counter: Counter[str]) -> list[KeyCount]:
    return [KeyCount(k, n) for k, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]


@dataclass
class JointUse:
    """Requests an LO (or the programme) received, by requesting service and by country."""

    taskings: int = 0
    declined: int = 0
    services: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    requesters: Counter[str] = field(default_factory=Counter)  # BE/NL/LU of the requesting service
    served: set[str] = field(default_factory=set)  # BE/NL/LU with a request that was not declined
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)  # (requesting service, country)

    def add(self, service: str, service_country: str, country: str, status: str) -> None:
        self.taskings += 1
        self.services[service] += 1
        self.countries[country] += 1
        self.requesters[service_country] += 1
        self.pairs[(service, country)] += 1
        if status == TaskingStatus.DECLINED:
            self.declined += 1
        else:
            self.served.add(service_country)

    @property
    def served_countries(self) -> list[str]:
        return sorted(self.served)

    @property
    def all_three_served(self) -> bool:
        return self.served >= set(BENELUX)

    @property
    def by_requesting_service(self) -> list[KeyCount]:
        return _counts(self.services)

    @property
    def by_country(self) -> list[KeyCount]:
        return _counts(self.countries)

    @property
    def by_requesting_country(self) -> list[KeyCount]:
        return _counts(self.requesters)


@dataclass(frozen=True)
class ProgrammePostingRow:
    posting: Posting
    officer: Officer
    use: JointUse


@dataclass(frozen=True)
class StandInRow:
    """A tasking a deputy handled for a programme LO who was unavailable (the DEPUTY route)."""

    tasking: str  # its id
    country: str
    created_at: datetime
    deputy: Officer  # the assignee
    standing_in_for: Officer
    posting: Posting  # the absent LO's programme posting, which covers the country


@dataclass(frozen=True)
class ProgrammeReport:
    programme: Programme
    period: Period
    postings: list[ProgrammePostingRow]
    use: JointUse
    stand_ins: list[StandInRow] = field(default_factory=list)


async def programme_report(
    reads: DirectoryReads, identity: Identity, code: str, since: date | None, until: date | None, today: date, zone: ZoneInfo
) -> ProgrammeReport:
    """Per posting of the programme active in the period: the taskings its officer received while
    holding it (created in the period), by requesting service and by country. The joint use
    served a Benelux country when one of its services had a request that was not declined.

    Stand-ins (the 2010 Balkans arrangement's point): a tasking created in the period counts as
    handled by a stand-in when, on the day it was requested, its assignee reached the country
    only by the DEPUTY route for a programme LO: the assignee is a deputy (as named now) of an
    officer whose programme posting covered the country that day by its own route (DIRECT,
    ACCREDITED, AREA) and who was unavailable that day (an absence window on it; on today, also
    their status), while the assignee did not cover the country by a posting of their own."""
    require(identity, Operation.READ_ANALYTICS)
    await check_codes(reads, programme=code)
    programme = (await reads.programmes())[code]
    period = _period(since, until, programme.startsOn, today)
    rows = await fetch(reads.executor, q.PROGRAMME_POSTINGS, {"code": code})
    postings = [
        p
        for p in (Posting.model_validate(r) for r in rows)
        if p.startsOn <= period.until and (p.endsOn is None or p.endsOn >= period.since)
    ]
    deputies = await reads.deputies()
    principals = sorted({p.officer for p in postings})
    officer_ids = sorted({*principals, *(d for o in principals for d in deputies.get(o, ()))})
    start, end = period.bounds(zone)
    taskings, officers, services = await asyncio.gather(
        _scoped(reads, identity, q.TASKINGS_OF_OFFICERS_CREATED_BETWEEN, {"ids": officer_ids, "since": start, "until": end}),
        reads.officer.load_many(officer_ids),
        reads.services(),
    )
    officer_of = {o.id: o for o in officers if o is not None}
    stand_ins = await _stand_ins(reads, taskings, postings, deputies, officer_of, today, zone)
    held: dict[str, list[Posting]] = defaultdict(list)
    for posting in postings:
        held[posting.officer].append(posting)
    uses = {p.id: JointUse() for p in postings}
    total = JointUse()
    for row in taskings:
        day = row["createdAt"].astimezone(zone).date()
        posting = next((p for p in held[row["officer"]] if p.active_on(day)), None)
        if posting is None:
            continue  # received under another posting of the officer
        requester = services[row["requestingService"]].country.value
        for use in (uses[posting.id], total):
            use.add(row["requestingService"], requester, row["country"], row["status"])
    return ProgrammeReport(
        programme,
        period,
        [ProgrammePostingRow(p, officer_of[p.officer], uses[p.id]) for p in sorted(postings, key=lambda p: p.id)],
        total,
        stand_ins,
    )


async def _stand_ins(
    reads: DirectoryReads,
    taskings: list[dict],
    postings: list[Posting],
    deputies: Mapping[str, tuple[str, ...]],
    officer_of: Mapping[str, Officer],
    today: date,
    zone: ZoneInfo,
) -> list[StandInRow]:
    """The taskings handled by a stand-in for a programme LO (programme_report's definition)."""
    model, windows = await asyncio.gather(reads.model(), reads.windows())
    by_posting = {p.id: p for p in postings}
    found = []
    for row in taskings:
        day = row["createdAt"].astimezone(zone).date()
        covering = model.covering(row["country"], day)  # own routes only
        if any(officer == row["officer"] for officer, _, _ in covering):
            continue  # the assignee covers the country in their own right
        for principal, posting_id, _ in covering:
            posting = by_posting.get(posting_id)
            if posting is None or row["officer"] not in deputies.get(principal, ()) or principal not in officer_of:
                continue
            status = officer_of[principal].availability if day == today else Availability.AVAILABLE
            if status_on(status, windows.get(principal, ()), day)[0] not in AVAILABLE_STATES:
                found.append(
                    StandInRow(row["id"], row["country"], row["createdAt"], officer_of[row["officer"]], officer_of[principal], posting)
                )
                break
    return sorted(found, key=lambda r: (r.created_at, r.tasking))
