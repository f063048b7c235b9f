"""searchLiaisons: the right liaison officer for a country, a crime area and a requesting service."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from ..domain.enums import Availability, PostingKind, Route
from ..domain.models import AvailabilityWindow, Country, Lang, Officer, Posting
from ..domain.ranking import AVAILABLE_STATES, LOAD_TEXT, Facts, Load, coarse, score
from ..errors import BadUserInput
from ..security.identity import Identity, Role
from ..security.policy import Operation, allowed, require
from .directory_model import DirectoryModel
from .reads import DirectoryReads

LANGUAGE = re.compile(r"^[a-z]{2}$")


@dataclass(frozen=True)
class SearchQuery:
    country: str
    competence: str | None = None
    language: str | None = None
    requesting_service: str | None = None
    on_date: date | None = None
    lang: Lang = Lang.EN


@dataclass(frozen=True)
class LiaisonMatch:
    officer: Officer
    posting: Posting
    route: Route
    score: int
    reasons: list[str]
    available: bool
    availability_note: str  # e.g. "on leave on 2026-12-24 until 2027-01-03 (Christmas leave)"
    rank: int = 0  # the exact score the ranking sorts by (`score` may show only the workload's band)


@dataclass
class SearchResult:
    on_date: date
    matches: list[LiaisonMatch] = field(default_factory=list)
    alternatives: list[LiaisonMatch] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Candidate:
    officer_id: str
    posting_id: str
    route: Route
    deputy_for: tuple[Officer, str] | None = None  # (the unavailable officer, why)


@dataclass
class _Filters:
    """Which candidates qualify: read in the store, so only the few that do are read in full."""

    serving: set[str] | None  # postings that serve the requesting service; None: none asked
    levels: dict[str, int]  # officer -> level of the asked competence (only those who have it)


@dataclass
class _Details:
    """What a match shows and ranking needs, for the candidates that are built."""

    officer: dict[str, Officer | None]
    posting: dict[str, Posting | None]
    window: dict[str, AvailabilityWindow]
    workload: dict[str, int]


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(n, f"{n}th")


class _Search:
    def __init__(self, reads: DirectoryReads, query: SearchQuery, day: date, *, exact_load: bool) -> None:
        self.reads = reads
        self.query = query
        self.day = day
        self.exact_load = exact_load  # exact open-tasking counts (statistics readers), else a band

    async def validate(self) -> Country:
        query = self.query
        countries, competences, services = await asyncio.gather(
            self.reads.countries(), self.reads.competences(), self.reads.services()
        )
        country = countries.get(query.country.upper())
        if country is None:
            raise BadUserInput(f"unknown country code {query.country!r} (use ISO 3166-1 alpha-2, e.g. RS)", field="country")
        if query.competence is not None and query.competence not in competences:
            raise BadUserInput(f"unknown competence {query.competence!r}", field="competence")
        if query.requesting_service is not None and query.requesting_service not in services:
            raise BadUserInput(f"unknown service {query.requesting_service!r}", field="requestingService")
        if query.language is not None and not LANGUAGE.match(query.language):
            raise BadUserInput(
                f"language {query.language!r} is not a two-letter ISO 639-1 code (e.g. nl, fr, sr)", field="language"
            )
        return country

    # The facts come from the directory's read model (directory_model.py): which covering
    # postings serve the requester and which officers have the competence, without a statement;
    # only the open taskings of the officers that are built are read from the store.
    def filters(self, model: DirectoryModel, candidates: list[_Candidate]) -> _Filters:
        query = self.query
        serving = None
        if query.requesting_service:
            serving = {c.posting_id for c in candidates} & model.serving.get(query.requesting_service, frozenset())
        levels = {}
        if query.competence:
            holders = model.holders.get(query.competence, {})
            levels = {c.officer_id: holders[c.officer_id] for c in candidates if c.officer_id in holders}
        return _Filters(serving, levels)

    async def details(self, model: DirectoryModel, candidates: list[_Candidate]) -> _Details:
        if not candidates:
            return _Details({}, {}, {}, {})
        officer_ids = sorted({c.officer_id for c in candidates})
        posting_ids = sorted({c.posting_id for c in candidates})
        officers, windows, workload = await asyncio.gather(
            self.reads.officers(),
            self.reads.windows(),
            self.reads.workload(),
        )
        found = {o: officers.get(o) for o in officer_ids}
        postings = {p: model.postings.get(p) for p in posting_ids}
        on_day = {}
        for officer in officer_ids:
            for window in windows.get(officer, ()):
                if window.covers(self.day):
                    on_day[officer] = window
        return _Details(
            officer=found,
            posting=postings,
            window=on_day,
            workload={officer: workload.get(officer, 0) for officer in officer_ids},
        )

    def status_on_day(self, officer: Officer, window: AvailabilityWindow | None) -> tuple[Availability, str]:
        if window is not None:
            note = f" ({window.note})" if window.note else ""
            label = window.status.value.replace("_", " ").lower()
            return window.status, f"{label} on {self.day} until {window.endsOn}{note}"
        label = officer.availability.value.replace("_", " ").lower()
        note = f": {officer.availabilityNote}" if officer.availabilityNote else ""
        if officer.availability is Availability.AVAILABLE:
            return officer.availability, f"available on {self.day}"
        return officer.availability, f"{label}{note}"

    def build(
        self, candidate: _Candidate, filters: _Filters, details: _Details, countries: Mapping[str, Country]
    ) -> LiaisonMatch | None:
        officer = details.officer.get(candidate.officer_id)
        posting = details.posting.get(candidate.posting_id)
        if officer is None or posting is None:
            return None
        lang = self.query.lang
        where = countries[posting.country].name(lang)
        asked = countries[self.query.country.upper()].name(lang)
        reasons: list[str] = []
        if candidate.route is Route.DIRECT:
            reasons.append(f"posted in {asked} ({posting.city})")
        elif candidate.route is Route.ACCREDITED:
            reasons.append(f"accredited to {asked} from {posting.city}, {where}")
        elif candidate.route is Route.REGIONAL:
            reasons.append(f"covers the region of {asked} from {posting.city}, {where}")
        elif candidate.route is Route.DEPUTY:
            absent, why = candidate.deputy_for  # type: ignore[misc]
            reasons.append(f"deputy for {absent.name}, who is {why}; posted in {posting.city}, {where}")
        else:
            reasons.append(f"multilateral posting: {posting.station or posting.city}")

        level = 0
        if self.query.competence:
            level = filters.levels.get(officer.id, 0)
            reasons.append(
                f"{self.query.competence} level {level}" + (" (specialist)" if level == 3 else "")
                if level
                else f"no {self.query.competence} competence"
            )
        speaks = bool(self.query.language) and self.query.language in officer.languages
        if self.query.language:
            reasons.append(f"speaks {self.query.language}" if speaks else f"does not speak {self.query.language}")
        status, status_text = self.status_on_day(officer, details.window.get(officer.id))
        available = status in AVAILABLE_STATES
        reasons.append(status_text)
        open_taskings = details.workload.get(officer.id, 0)
        facts = Facts(candidate.route, level, speaks, available, open_taskings)
        if self.exact_load:
            reasons.append(f"{open_taskings} open tasking{'s' if open_taskings != 1 else ''}")
        else:
            reasons.append(LOAD_TEXT[Load.of(open_taskings)][lang])
        if self.query.requesting_service:
            reasons.append(f"serves {self.query.requesting_service}")
        return LiaisonMatch(
            officer=officer,
            posting=posting,
            route=candidate.route,
            score=score(facts if self.exact_load else coarse(facts)),
            reasons=reasons,
            available=available,
            availability_note=status_text,
            rank=score(facts),
        )

    @staticmethod
    def serves_requester(candidate: _Candidate, filters: _Filters) -> bool:
        return filters.serving is None or candidate.posting_id in filters.serving

    def has_competence(self, officer_id: str, filters: _Filters) -> bool:
        return self.query.competence is None or officer_id in filters.levels

    async def deputies(
        self, model: DirectoryModel, unavailable: list[LiaisonMatch], by_officer: dict[str, LiaisonMatch]
    ) -> list[_Candidate]:
        """Stand-ins for the matched officers who are unavailable on the day, in rank order: each
        deputy who is already a match is told apart by a reason; the others, with a posting
        active on the day (the first by id), become candidates (route DEPUTY)."""
        if not unavailable:
            return []
        deputy_lists = await self.reads.deputies_of_officer.load_many([m.officer.id for m in unavailable])
        for absent, deputies in zip(unavailable, deputy_lists):
            for deputy in deputies:
                if deputy.deputy in by_officer:
                    by_officer[deputy.deputy].reasons.append(
                        f"{_ordinal(deputy.rank)} deputy for {absent.officer.name} ({absent.availability_note})"
                    )
        taken = set(by_officer)
        candidates = []
        for absent, deputies in zip(unavailable, deputy_lists):
            for deputy in deputies:
                if deputy.deputy in taken:
                    continue
                taken.add(deputy.deputy)
                active = model.active_postings(deputy.deputy, self.day)
                if active:
                    why = f"{absent.availability_note} ({_ordinal(deputy.rank)} deputy)"
                    candidates.append(_Candidate(deputy.deputy, active[0], Route.DEPUTY, (absent.officer, why)))
        return candidates


def _ranked(matches: list[LiaisonMatch | None]) -> list[LiaisonMatch]:
    return sorted((m for m in matches if m is not None), key=lambda m: (-m.rank, m.officer.name, m.officer.id))


async def search_liaisons(reads: DirectoryReads, identity: Identity, query: SearchQuery, today: date) -> SearchResult:
    require(identity, Operation.SEARCH_DIRECTORY)
    if query.requesting_service is None and identity.roles == {Role.INVESTIGATOR}:
        # An investigator asks for their own service unless they say otherwise: only LOs
        # whose posting serves it can take their request.
        query = replace(query, requesting_service=identity.service)
    day = query.on_date or today
    # Exact counts of every LO's open taskings are statistics (managers, admins); others see a band.
    search = _Search(reads, query, day, exact_load=allowed(identity, Operation.READ_ANALYTICS))
    country = await search.validate()
    countries = await reads.countries()
    result = SearchResult(on_date=day)

    model = await reads.model()
    members = [iso2 for iso2, c in countries.items() if country.region is not None and c.region == country.region]
    candidates = [_Candidate(*found) for found in model.covering(country.iso2, members, day)]
    filters = search.filters(model, candidates)
    serving = [c for c in candidates if search.serves_requester(c, filters)]
    if len(serving) < len(candidates):
        result.notes.append(
            f"{len(candidates) - len(serving)} LO(s) cover {country.name(query.lang)} but do not serve "
            f"{query.requesting_service}"
        )
    qualified = [c for c in serving if search.has_competence(c.officer_id, filters)]
    lacking = [c for c in serving if not search.has_competence(c.officer_id, filters)]
    details = await search.details(model, qualified)
    matches = _ranked([search.build(c, filters, details, countries) for c in qualified])

    # DEPUTY: stand-ins for matched officers who are unavailable on the day. A deputy who is
    # already a match keeps the better route and is told apart by a reason.
    by_officer = {m.officer.id: m for m in matches}
    deputies = await search.deputies(model, [m for m in matches if not m.available], by_officer)
    if deputies:
        deputy_filters = search.filters(model, deputies)
        deputies = [d for d in deputies if search.serves_requester(d, deputy_filters)]
        deputy_details = await search.details(model, deputies)
        matches += [m for m in (search.build(d, deputy_filters, deputy_details, countries) for d in deputies) if m]
    result.matches = _ranked(matches)

    if not result.matches:
        # Nearest alternatives: LOs covering the country without the competence, then
        # multilateral LOs (Europol, Interpol) who have it.
        lacking_details = await search.details(model, lacking)
        alternatives = [search.build(c, filters, lacking_details, countries) for c in lacking]
        if query.competence:
            covering = {c.officer_id for c in candidates}
            extra = [
                _Candidate(officer, posting, Route.MULTILATERAL)
                for officer, posting in model.active_of_kind(PostingKind.MULTILATERAL, day)
                if officer not in covering
            ]
            extra_filters = search.filters(model, extra)
            extra = [c for c in extra if search.serves_requester(c, extra_filters) and search.has_competence(c.officer_id, extra_filters)]
            extra_details = await search.details(model, extra)
            alternatives += [search.build(c, extra_filters, extra_details, countries) for c in extra]
        result.alternatives = _ranked(alternatives)
        result.notes.append(
            f"no LO covers {country.name(query.lang)}"
            + (f" for {query.competence}" if query.competence else "")
            + f" on {day}"
            + ("; see the alternatives" if result.alternatives else "")
        )
    return result
