"""Network coverage, computed without I/O: which country x competence cells the postings cover,
by which route and for which services; the gaps, the single points, what an ending posting
would leave uncovered; and the percentile arithmetic of response times.

The use case (service/usecases/coverage.py) reads the network in a few bulk statements and hands
it over; the GraphQL answers, the CSV exports and the dashboard all come from here.

The rules are searchLiaisons' (service/usecases/search.py, service/store/queries/search.py):
- a posting is active on a day when startsOn <= day <= endsOn (no endsOn: open-ended);
- it covers the country it is located in (DIRECT, "resident"), the countries it is accredited to
  (ACCREDITED) and the other countries of its country's region (REGIONAL); an officer counts once
  per country, by their best route (DIRECT, then ACCREDITED, then REGIONAL);
- it covers a competence when its officer has that competence (any level);
- it covers for a service when it SERVES that service (`servedService`; without one, any service).

Two decisions of this module (README, "Managers: coverage"):
- Multilateral postings (Europol, Interpol, Frontex, SELEC, MAOC-N) do not count as coverage:
  their holders work for an international body, not as the Benelux contact in a country, and
  searchLiaisons offers them only as alternatives. Counted, the Europol desk in The Hague would
  "cover" every EU country by the regional route.
- Belgium, the Netherlands and Luxembourg are not coverage targets: LOs are posted abroad.
"""

from __future__ import annotations

import calendar
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cached_property

from .enums import BeneluxCountry, PostingKind, Route, TaskingAction

HOME_COUNTRIES = frozenset(c.value for c in BeneluxCountry)
COVERING_ROUTES = (Route.DIRECT, Route.ACCREDITED, Route.REGIONAL)  # best first
COUNTS_MULTILATERAL = False


class CoverageStatus(StrEnum):
    COVERED = "COVERED"  # two or more officers
    SINGLE_POINT = "SINGLE_POINT"  # exactly one officer
    GAP = "GAP"  # nobody


def status_of(officers: int) -> CoverageStatus:
    if officers == 0:
        return CoverageStatus.GAP
    return CoverageStatus.SINGLE_POINT if officers == 1 else CoverageStatus.COVERED


@dataclass(frozen=True)
class NetworkPosting:
    id: str
    officer: str
    country: str
    kind: PostingKind
    startsOn: date
    endsOn: date | None = None
    accredited_to: frozenset[str] = frozenset()
    serves: frozenset[str] = frozenset()

    def active_on(self, day: date) -> bool:
        return self.startsOn <= day and (self.endsOn is None or day <= self.endsOn)

    @property
    def counts(self) -> bool:
        return COUNTS_MULTILATERAL or self.kind is not PostingKind.MULTILATERAL


@dataclass(frozen=True)
class Network:
    regions: Mapping[str, str | None]  # every country's iso2 -> its region code
    competences: Sequence[str]  # every competence code
    postings: Sequence[NetworkPosting]
    skills: Mapping[str, Mapping[str, int]]  # officer id -> competence code -> level

    def members(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = defaultdict(list)
        for iso2, region in self.regions.items():
            if region is not None:
                grouped[region].append(iso2)
        return grouped


@dataclass(frozen=True)
class Scope:
    """The question: on which day, and narrowed to a region, a competence, a served service."""

    day: date
    region: str | None = None
    competence: str | None = None
    served_service: str | None = None


@dataclass(frozen=True)
class Provider:
    officer: str
    posting: NetworkPosting
    route: Route
    level: int


# How an officer reaches a country: (route rank, posting id, posting, route), compared as a
# tuple (best route, then the lowest posting id).
Reach = tuple[int, str, NetworkPosting, Route]


@dataclass(frozen=True, eq=False)
class Cell:
    country: str
    competence: str
    reach: Mapping[str, tuple]  # officer -> Reach + (level,): one per officer covering it

    @cached_property
    def providers(self) -> tuple[Provider, ...]:
        """One per officer, best route first (built when asked: a large network has hundreds of
        thousands over its cells, and most answers show only counts)."""
        ranked = sorted(self.reach.items(), key=lambda item: (item[1][0], -item[1][4], item[0]))
        return tuple(Provider(officer, r[2], r[3], r[4]) for officer, r in ranked)

    @property
    def status(self) -> CoverageStatus:
        return status_of(len(self.reach))

    @property
    def key(self) -> tuple[str, str]:
        return self.country, self.competence


@dataclass(frozen=True, eq=False)
class CountryCoverage:
    country: str
    cells: tuple[Cell, ...]  # one per competence in scope
    reach: Mapping[str, Reach]  # officer -> how they reach the country (holding a competence in scope)

    @cached_property
    def officers(self) -> frozenset[str]:
        return frozenset(self.reach)

    @property
    def status(self) -> CoverageStatus:
        return status_of(len(self.officers))

    @property
    def covered(self) -> list[str]:
        return [c.competence for c in self.cells if c.reach]

    @property
    def missing(self) -> list[str]:
        return [c.competence for c in self.cells if not c.reach]


@dataclass(frozen=True)
class Coverage:
    scope: Scope
    competences: tuple[str, ...]  # in scope
    countries: tuple[CountryCoverage, ...]  # in scope, by iso2

    @property
    def cells(self) -> Iterable[Cell]:
        return (cell for country in self.countries for cell in country.cells)

    # Found once: a computed coverage is kept and answers many requests (analytics.ComputedCoverage).
    @cached_property
    def gaps(self) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c.status is CoverageStatus.GAP)

    @cached_property
    def single_points(self) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c.status is CoverageStatus.SINGLE_POINT)


def countries_in_scope(network: Network, region: str | None) -> list[str]:
    return sorted(
        iso2
        for iso2, in_region in network.regions.items()
        if iso2 not in HOME_COUNTRIES and (region is None or in_region == region)
    )


def routes_of(posting: NetworkPosting, network: Network, members: Mapping[str, list[str]]) -> dict[str, Route]:
    """Every country the posting covers, with its best route."""
    routes: dict[str, Route] = {}
    region = network.regions.get(posting.country)
    for iso2 in members.get(region, []) if region else []:
        if iso2 != posting.country:
            routes[iso2] = Route.REGIONAL
    for iso2 in posting.accredited_to:
        routes[iso2] = Route.ACCREDITED
    routes[posting.country] = Route.DIRECT
    return routes


_RANK = {route: i for i, route in enumerate(COVERING_ROUTES)}


def _counting(network: Network, scope: Scope, postings: Iterable[NetworkPosting], competences: Sequence[str]):
    """The postings that can cover in scope (they count, serve the service asked, and their
    officer has a competence in scope), with their officer's levels in scope."""
    for posting in postings:
        if not posting.counts:
            continue
        if scope.served_service is not None and scope.served_service not in posting.serves:
            continue
        skills = network.skills.get(posting.officer, {})
        levels = {code: skills[code] for code in competences if code in skills}
        if levels:
            yield posting, levels


def compute(network: Network, scope: Scope, *, ended: frozenset[str] = frozenset()) -> Coverage:
    """The coverage on `scope.day`; postings in `ended` are treated as gone.

    An officer's best way to reach a country (route, then posting) is the same for every
    competence they have, so it is found once per country and officer, then spread over the
    officer's competences."""
    countries = countries_in_scope(network, scope.region)
    wanted = set(countries)
    competences = (scope.competence,) if scope.competence else tuple(sorted(network.competences))
    members = network.members()
    active = (p for p in network.postings if p.id not in ended and p.active_on(scope.day))
    reach: dict[str, dict[str, Reach]] = defaultdict(dict)  # country -> officer -> best reach
    levels_of: dict[str, dict[str, int]] = {}
    for posting, levels in _counting(network, scope, active, competences):
        officer = posting.officer
        levels_of[officer] = levels
        for iso2, route in routes_of(posting, network, members).items():
            if iso2 in wanted:
                here = reach[iso2]
                candidate = (_RANK[route], posting.id, posting, route)
                current = here.get(officer)
                if current is None or candidate[:2] < current[:2]:
                    here[officer] = candidate
    rows = []
    for iso2 in countries:
        here = reach.get(iso2, {})
        cells: dict[str, dict[str, tuple]] = {code: {} for code in competences}
        for officer, best in here.items():
            for code, level in levels_of[officer].items():
                cells[code][officer] = (*best, level)
        rows.append(CountryCoverage(iso2, tuple(Cell(iso2, code, cells[code]) for code in competences), here))
    return Coverage(scope, competences, tuple(rows))


# -- postings ending soon ----------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Expiry:
    posting: NetworkPosting
    ends_on: date
    days_left: int
    would_become_gaps: tuple[tuple[str, str], ...]  # (country, competence) covered now, uncovered after


def expiring(network: Network, scope: Scope, within_months: int, now: Coverage | None = None) -> list[Expiry]:
    """Active postings ending within the months after the scope's day, and the cells that would
    become gaps the day after each ends (the network as it will be then: later starts count,
    postings ended by then do not).

    A cell the ending posting covers becomes a gap when no other posting that could cover it is
    active the day after: the postings that could cover those cells are gathered once, instead of
    computing the whole coverage again for every ending posting."""
    now = now or compute(network, scope)
    horizon = add_months(scope.day, within_months)
    by_country = {c.country: c for c in now.countries}
    members = network.members()
    ending: list[tuple[NetworkPosting, set[tuple[str, str]]]] = []
    for posting in network.postings:
        if not posting.counts or not posting.active_on(scope.day) or posting.endsOn is None or posting.endsOn > horizon:
            continue
        if scope.served_service is not None and scope.served_service not in posting.serves:
            continue
        covered = set()  # the cells it covers now: its officer reaches the country through it
        for iso2 in routes_of(posting, network, members):
            country = by_country.get(iso2)
            best = country.reach.get(posting.officer) if country is not None else None
            if best is not None and best[1] == posting.id:
                covered.update(cell.key for cell in country.cells if posting.officer in cell.reach)
        ending.append((posting, covered))
    watched = set().union(*(covered for _, covered in ending)) if ending else set()
    could_cover: dict[tuple[str, str], list[NetworkPosting]] = defaultdict(list)
    countries = {iso2 for iso2, _ in watched}
    for posting, levels in _counting(network, scope, network.postings, now.competences):
        for iso2 in routes_of(posting, network, members):
            if iso2 in countries:
                for code in levels:
                    if (iso2, code) in watched:
                        could_cover[(iso2, code)].append(posting)
    found = []
    for posting, covered in ending:
        day_after = posting.endsOn + timedelta(days=1)
        lost = tuple(
            sorted(
                key
                for key in covered
                if not any(other.id != posting.id and other.active_on(day_after) for other in could_cover[key])
            )
        )
        found.append(Expiry(posting, posting.endsOn, (posting.endsOn - scope.day).days, lost))
    return sorted(found, key=lambda e: (e.ends_on, e.posting.id))


# -- response times ----------------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Linear interpolation between the closest ranks (numpy's default); None without values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Durations:
    count: int
    median: float | None
    p90: float | None

    @staticmethod
    def of(hours: Sequence[float]) -> Durations:
        """Count, median and 90th percentile, to the hundredth of an hour."""
        median, p90 = percentile(hours, 0.5), percentile(hours, 0.9)
        return Durations(len(hours), None if median is None else round(median, 2), None if p90 is None else round(p90, 2))


@dataclass(frozen=True)
class Timeline:
    """One tasking's events, oldest first, as (action, at)."""

    created: datetime
    events: Sequence[tuple[TaskingAction, datetime]]

    def accepted_at(self) -> datetime | None:
        """When its current assignee accepted it: the first ACCEPTED after the last REASSIGNED."""
        accepted = None
        for action, at in self.events:
            if action is TaskingAction.REASSIGNED:
                accepted = None
            elif action is TaskingAction.ACCEPTED and accepted is None:
                accepted = at
        return accepted

    def completed_at(self) -> datetime | None:
        return next((at for action, at in self.events if action is TaskingAction.COMPLETED), None)

    def hours_to(self, moment: datetime | None) -> float | None:
        return None if moment is None else (moment - self.created).total_seconds() / 3600


@dataclass
class ResponseGroup:
    """Hours from REQUESTED (the tasking's creation) to ACCEPTED and to COMPLETED for a group."""

    key: str
    taskings: int = 0
    to_accepted: list[float] = field(default_factory=list)
    to_completed: list[float] = field(default_factory=list)

    def add(self, timeline: Timeline) -> None:
        self.taskings += 1
        accepted = timeline.hours_to(timeline.accepted_at())
        completed = timeline.hours_to(timeline.completed_at())
        if accepted is not None:
            self.to_accepted.append(accepted)
        if completed is not None:
            self.to_completed.append(completed)

    @property
    def accepted(self) -> Durations:
        return Durations.of(self.to_accepted)

    @property
    def completed(self) -> Durations:
        return Durations.of(self.to_completed)
