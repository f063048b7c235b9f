"""The network's one coverage rule, and coverage computed without I/O: which country x
competence cells the postings cover, by which route and for which services; the gaps, the single
points, what an ending posting would leave uncovered; and the percentile arithmetic of response
times.

The rule (README, "Finding an LO"), used by searchLiaisons and its auto-routing
(service/usecases/search.py through directory_model.py), requestTasking's check of a named
assignee, coverage, expiringPostings, the dashboard and the CSV exports alike. A posting active
on the day (startsOn <= day <= endsOn; no endsOn: open-ended) covers:
- DIRECT: its host country (a resident or regional posting located there);
- ACCREDITED: the countries it is accredited to;
- AREA: the countries of its declared area of responsibility (data on the posting);
- DEPUTY: a deputy of an officer who covers the country by one of the routes above and is
  unavailable on the day stands in for them (`stand_ins`: one level, so mutual deputies never loop).
Region membership alone covers nothing: regions group countries for search, reports and scope.
Multilateral postings (Europol, Interpol, Frontex, SELEC, MAOC-N) never cover: their holders work
for an international body, and search offers them only as alternatives. Only destinations are
covered (service/domain/destinations.py: not Belgium, the Netherlands, Luxembourg or the
Caribbean Netherlands, nor uninhabited territories). An officer counts once per country, by their
best route (DIRECT, ACCREDITED, AREA, DEPUTY); they cover a competence when they have it (any
level), and cover for a service when their posting serves it: the services it is linked to, or
every Benelux service when it serves all (`serves_all`, so a service created later is served at
once).
"""

from __future__ import annotations

import calendar
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cached_property

from .destinations import is_destination
from ..i18n import _
from .enums import PostingKind, Route, TaskingAction

COVERING_ROUTES = (Route.DIRECT, Route.ACCREDITED, Route.AREA, Route.DEPUTY)  # best first
OWN_ROUTES = COVERING_ROUTES[:3]  # through the officer's own posting


def routes_of(country: str, kind: PostingKind | str, accredited_to: Iterable[str], area: Iterable[str]) -> dict[str, Route]:
    """Every destination a posting covers by itself, with its best route (DIRECT, ACCREDITED,
    AREA); nothing for a multilateral posting."""
    if PostingKind(kind) is PostingKind.MULTILATERAL:
        return {}
    routes: dict[str, Route] = {iso2: Route.AREA for iso2 in area}
    routes.update({iso2: Route.ACCREDITED for iso2 in accredited_to})
    routes[country] = Route.DIRECT
    return {iso2: route for iso2, route in routes.items() if is_destination(iso2)}


def stand_ins(
    absent: Iterable[str], deputies: Mapping[str, Sequence[str]], taken: Iterable[str] = ()
) -> Iterator[tuple[str, str, int]]:
    """(deputy, principal, rank) for the deputies of each absent officer, principals in the order
    given and deputies in rank order; each deputy once, none already `taken` (covering by their own
    posting). One level only: a deputy's own deputies are never followed, so two LOs who stand in
    for each other (the Balkans arrangement) cannot send the search round in a loop."""
    seen = set(taken)
    for principal in absent:
        for rank, deputy in enumerate(deputies.get(principal, ()), 1):
            if deputy not in seen and deputy != principal:
                seen.add(deputy)
                yield deputy, principal, rank


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
    area: frozenset[str] = frozenset()  # the declared area of responsibility
    serves_all: bool = False  # every Benelux service, those created later included

    def active_on(self, day: date) -> bool:
        return self.startsOn <= day and (self.endsOn is None or day <= self.endsOn)

    @property
    def counts(self) -> bool:
        return self.kind is not PostingKind.MULTILATERAL

    def serves_service(self, code: str) -> bool:
        return self.serves_all or code in self.serves

    @cached_property
    def routes(self) -> dict[str, Route]:
        return routes_of(self.country, self.kind, self.accredited_to, self.area)


def deputy_refusal(
    deputy: str,
    principal_postings: Sequence[NetworkPosting],
    deputy_postings: Sequence[NetworkPosting],
    every_service: Iterable[str],
    regions: Mapping[str, str | None],
) -> str | None:
    """Why an officer cannot stand in for another (setDeputies), or None. Only a principal with
    an active posting that covers (resident or regional) has anyone to stand in for; their deputy
    covers by the DEPUTY route through a posting of their own, so they need an active resident or
    regional posting (a multilateral one never covers) which
    - serves every service the principal's covering postings serve (joint use: the requests the
      deputy takes over come from those services), and
    - can work where the principal does: it covers a country of the same region as a country the
      principal covers (the Balkans arrangement: LOs of one region stand in for each other; a
      Beijing LO cannot stand in for Belgrade)."""
    covering = [p for p in principal_postings if p.counts]
    if not covering:
        return None
    own = [p for p in deputy_postings if p.counts]
    if not own:
        return _(
            "%(deputy)s holds no active resident or regional posting: a deputy covers through a posting of their own", deputy=deputy
        )
    every = sorted(every_service)
    needed = sorted({code for p in covering for code in (every if p.serves_all else p.serves)})
    missing = [code for code in needed if not any(p.serves_service(code) for p in own)]
    if missing:
        return _(
            "%(deputy)s's posting does not serve %(services)s, which the posting they would stand in for serves",
            deputy=deputy,
            services=", ".join(missing),
        )

    def regions_of(postings: Sequence[NetworkPosting]) -> set[str]:
        return {r for p in postings for iso2 in p.routes if (r := regions.get(iso2)) is not None}

    if not regions_of(covering) & regions_of(own):
        hosts = ", ".join(sorted({p.country for p in covering}))
        return _(
            "%(deputy)s is posted in %(countries)s and covers no country in the regions the LO they would stand in for "
            "covers (posted in %(hosts)s): a deputy must be able to stand in there",
            deputy=deputy,
            countries=", ".join(sorted({p.country for p in own})),
            hosts=hosts,
        )
    return None


@dataclass(frozen=True)
class Network:
    regions: Mapping[str, str | None]  # every country's iso2 -> its region code
    competences: Sequence[str]  # every competence code
    postings: Sequence[NetworkPosting]
    skills: Mapping[str, Mapping[str, int]]  # officer id -> competence code -> level
    deputies: Mapping[str, Sequence[str]] = field(default_factory=dict)  # officer -> deputies, rank order
    unavailable: frozenset[str] = frozenset()  # officers unavailable on the scope's day (DEPUTY route)


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
    # What the postings reached before any deputy stood in (`compute` reuses it).
    reached: Reached | None = field(default=None, compare=False, repr=False)

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
        if is_destination(iso2) and (region is None or in_region == region)
    )


_RANK = {route: i for i, route in enumerate(COVERING_ROUTES)}


def _counting(network: Network, scope: Scope, postings: Iterable[NetworkPosting], competences: Sequence[str]):
    """The postings that can cover in scope (they count, serve the service asked, and their
    officer has a competence in scope), with their officer's levels in scope."""
    wanted = frozenset(competences)
    for posting in postings:
        if not posting.counts:
            continue
        if scope.served_service is not None and not posting.serves_service(scope.served_service):
            continue
        # An officer holds a few competences of the dozens in scope: walk theirs.
        levels = {code: level for code, level in network.skills.get(posting.officer, {}).items() if code in wanted}
        if levels:
            yield posting, levels


@dataclass(frozen=True)
class Reached:
    """What the postings reach in a scope by themselves (no deputy standing in): per country, each
    officer's best reach; each counting officer's levels in scope and first counting posting."""

    reach: Mapping[str, Mapping[str, Reach]]
    levels_of: Mapping[str, Mapping[str, int]]
    first_posting: Mapping[str, NetworkPosting]


def reached(network: Network, scope: Scope, *, ended: frozenset[str] = frozenset()) -> Reached:
    """What the network's postings active on the scope's day (those in `ended` treated as gone)
    reach by themselves.

    An officer's best way to reach a country (route, then posting) is the same for every
    competence they have, so it is found once per country and officer, then spread over the
    officer's competences."""
    wanted = set(countries_in_scope(network, scope.region))
    competences = (scope.competence,) if scope.competence else tuple(sorted(network.competences))
    active = (p for p in network.postings if p.id not in ended and p.active_on(scope.day))
    reach: dict[str, dict[str, Reach]] = defaultdict(dict)  # country -> officer -> best reach
    levels_of: dict[str, dict[str, int]] = {}
    first_posting: dict[str, NetworkPosting] = {}  # officer -> their first counting posting, by id
    for posting, levels in _counting(network, scope, active, competences):
        officer = posting.officer
        levels_of[officer] = levels
        if officer not in first_posting or posting.id < first_posting[officer].id:
            first_posting[officer] = posting
        for iso2, route in posting.routes.items():
            if iso2 in wanted:
                here = reach[iso2]
                candidate = (_RANK[route], posting.id, posting, route)
                current = here.get(officer)
                if current is None or candidate[:2] < current[:2]:
                    here[officer] = candidate
    return Reached(dict(reach), levels_of, first_posting)


def compute(
    network: Network, scope: Scope, *, ended: frozenset[str] = frozenset(), previous: tuple[Network, Coverage] | None = None
) -> Coverage:
    """The coverage on `scope.day`; postings in `ended` are treated as gone.

    `previous`: the same scope's coverage computed before, and the network it was computed from,
    which had the same postings and skills (who was unavailable, and the deputies, may differ):
    what the postings reach is taken from it, and so are its countries where none of the officers
    reaching them changed availability or deputies. An LO's change then costs only the countries
    they reach (computing every country again was most of the first coverage report after an
    LO's change on the full network, issue 22)."""
    countries = countries_in_scope(network, scope.region)
    competences = (scope.competence,) if scope.competence else tuple(sorted(network.competences))
    changed: set[str] = set()
    kept: dict[str, CountryCoverage] = {}
    if previous is not None and previous[1].reached is not None and not ended:
        before, earlier = previous
        by_postings = earlier.reached
        changed = set(before.unavailable ^ network.unavailable)
        changed |= {o for o in before.unavailable | network.unavailable if before.deputies.get(o) != network.deputies.get(o)}
        kept = {country.country: country for country in earlier.countries}
    else:
        by_postings = reached(network, scope, ended=ended)
    rows = []
    for iso2 in countries:
        here: Mapping[str, Reach] = by_postings.reach.get(iso2, {})
        if iso2 in kept and not any(officer in here for officer in changed):
            rows.append(kept[iso2])
            continue
        standing_in: dict[str, Reach] = {}
        if network.unavailable:
            absent = sorted(officer for officer in here if officer in network.unavailable)
            for deputy, _, _ in stand_ins(absent, network.deputies, taken=here):
                posting = by_postings.first_posting.get(deputy)  # deputies cover through a counting posting in scope
                if posting is not None:
                    standing_in[deputy] = (_RANK[Route.DEPUTY], posting.id, posting, Route.DEPUTY)
        here = {**here, **standing_in}
        cells: dict[str, dict[str, tuple]] = {code: {} for code in competences}
        for officer, best in here.items():
            for code, level in by_postings.levels_of[officer].items():
                cells[code][officer] = (*best, level)
        rows.append(CountryCoverage(iso2, tuple(Cell(iso2, code, cells[code]) for code in competences), here))
    return Coverage(scope, competences, tuple(rows), by_postings)


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
    ending: list[tuple[NetworkPosting, set[tuple[str, str]]]] = []
    for posting in network.postings:
        if not posting.counts or not posting.active_on(scope.day) or posting.endsOn is None or posting.endsOn > horizon:
            continue
        if scope.served_service is not None and not posting.serves_service(scope.served_service):
            continue
        covered = set()  # the cells it covers now: its officer reaches the country through it
        for iso2 in posting.routes:
            country = by_country.get(iso2)
            best = country.reach.get(posting.officer) if country is not None else None
            if best is not None and best[1] == posting.id:
                covered.update(cell.key for cell in country.cells if posting.officer in cell.reach)
        ending.append((posting, covered))
    watched = set().union(*(covered for _, covered in ending)) if ending else set()
    could_cover: dict[tuple[str, str], list[NetworkPosting]] = defaultdict(list)
    countries = {iso2 for iso2, _ in watched}
    for posting, levels in _counting(network, scope, network.postings, now.competences):
        for iso2 in posting.routes:
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

    def waited_before(self, moment: datetime) -> timedelta:
        """Time spent AWAITING_INFORMATION before the moment: the requester's, not the LO's."""
        total, since = timedelta(0), None
        for action, at in self.events:
            if at > moment:
                break
            if action is TaskingAction.INFORMATION_REQUESTED:
                since = at
            elif action is TaskingAction.INFORMATION_PROVIDED and since is not None:
                total, since = total + (at - since), None
        return total + (moment - since if since is not None else timedelta(0))

    def hours_to(self, moment: datetime | None) -> float | None:
        """Hours from creation to the moment, less the time it awaited the requester's answers."""
        if moment is None:
            return None
        return (moment - self.created - self.waited_before(moment)).total_seconds() / 3600

    @property
    def delays_announced(self) -> int:
        return sum(1 for action, _ in self.events if action is TaskingAction.DELAY_ANNOUNCED)


@dataclass
class ResponseGroup:
    """Hours from REQUESTED (the tasking's creation) to ACCEPTED and to COMPLETED for a group."""

    key: str
    taskings: int = 0
    to_accepted: list[float] = field(default_factory=list)
    to_completed: list[float] = field(default_factory=list)
    delayed: int = 0  # taskings with at least one announced delay
    delays: int = 0  # delays announced

    def add(self, timeline: Timeline) -> None:
        self.taskings += 1
        self.delays += timeline.delays_announced
        self.delayed += timeline.delays_announced > 0
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
