"""searchLiaisons: the right liaison officer for a country, a crime area and a requesting service."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field, replace
from datetime import date

from ..domain.enums import Availability, Route
from ..domain.lifecycle import OPEN_STATES
from ..domain.models import AvailabilityWindow, Country, Lang, Officer, Posting
from ..domain.ranking import AVAILABLE_STATES, Facts, score
from ..errors import BadUserInput
from ..security.identity import Identity, Role
from ..security.policy import Operation, require
from ..store.queries import search as q
from .reads import DirectoryReads, fetch

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


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(n, f"{n}th")


class _Search:
    def __init__(self, reads: DirectoryReads, query: SearchQuery, day: date) -> None:
        self.reads = reads
        self.query = query
        self.day = day

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

    async def facts(self, candidates: list[_Candidate]) -> dict[str, tuple]:
        """Everything ranking needs about the candidates, in one batched round per kind."""
        officer_ids = sorted({c.officer_id for c in candidates})
        posting_ids = sorted({c.posting_id for c in candidates})
        officers, postings, served, competences, windows, workload = await asyncio.gather(
            self.reads.officer.load_many(officer_ids),
            self.reads.posting.load_many(posting_ids),
            self.reads.services_served_by_posting.load_many(posting_ids),
            self.reads.competences_of_officer.load_many(officer_ids),
            fetch(self.reads.executor, q.WINDOWS_ON_DAY, {"ids": officer_ids, "day": self.day}),
            fetch(self.reads.executor, q.OPEN_WORKLOAD, {"ids": officer_ids, "openStates": sorted(OPEN_STATES)}),
        )
        return {
            "officer": dict(zip(officer_ids, officers)),
            "posting": dict(zip(posting_ids, postings)),
            "served": dict(zip(posting_ids, served)),
            "competences": {o: {c.code: c.level for c in levels} for o, levels in zip(officer_ids, competences)},
            "window": {row["officer"]: AvailabilityWindow.model_validate(row) for row in windows},
            "workload": {row["officer"]: row["open"] for row in workload},
        }

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

    async def build(self, candidate: _Candidate, facts: dict, countries: dict[str, Country]) -> LiaisonMatch | None:
        officer: Officer | None = facts["officer"].get(candidate.officer_id)
        posting: Posting | None = facts["posting"].get(candidate.posting_id)
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
            level = facts["competences"].get(officer.id, {}).get(self.query.competence, 0)
            reasons.append(
                f"{self.query.competence} level {level}" + (" (specialist)" if level == 3 else "")
                if level
                else f"no {self.query.competence} competence"
            )
        speaks = bool(self.query.language) and self.query.language in officer.languages
        if self.query.language:
            reasons.append(f"speaks {self.query.language}" if speaks else f"does not speak {self.query.language}")
        status, status_text = self.status_on_day(officer, facts["window"].get(officer.id))
        available = status in AVAILABLE_STATES
        reasons.append(status_text)
        open_taskings = facts["workload"].get(officer.id, 0)
        reasons.append(f"{open_taskings} open tasking{'s' if open_taskings != 1 else ''}")
        if self.query.requesting_service:
            reasons.append(f"serves {self.query.requesting_service}")
        return LiaisonMatch(
            officer=officer,
            posting=posting,
            route=candidate.route,
            score=score(Facts(candidate.route, level, speaks, available, open_taskings)),
            reasons=reasons,
            available=available,
            availability_note=status_text,
        )

    def serves_requester(self, candidate: _Candidate, facts: dict) -> bool:
        wanted = self.query.requesting_service
        return wanted is None or wanted in facts["served"].get(candidate.posting_id, [])

    def has_competence(self, officer_id: str, facts: dict) -> bool:
        wanted = self.query.competence
        return wanted is None or wanted in facts["competences"].get(officer_id, {})

    async def deputies_of(self, unavailable: list[LiaisonMatch], taken: set[str]) -> list[_Candidate]:
        if not unavailable:
            return []
        deputy_lists = await self.reads.deputies_of_officer.load_many([m.officer.id for m in unavailable])
        wanted: list[tuple[str, LiaisonMatch, int]] = []
        for match, deputies in zip(unavailable, deputy_lists):
            for deputy in deputies:
                if deputy.deputy not in taken:
                    wanted.append((deputy.deputy, match, deputy.rank))
                    taken.add(deputy.deputy)
        if not wanted:
            return []
        rows = await fetch(
            self.reads.executor, q.ACTIVE_POSTINGS_OF_OFFICERS, {"ids": sorted({w[0] for w in wanted}), "day": self.day}
        )
        posting_of = {row["officer"]: row["posting"] for row in rows}
        candidates = []
        for deputy_id, match, rank in wanted:
            if deputy_id in posting_of:
                why = f"{match.availability_note} ({_ordinal(rank)} deputy)"
                candidates.append(_Candidate(deputy_id, posting_of[deputy_id], Route.DEPUTY, (match.officer, why)))
        return candidates


def _best_route_per_officer(rows: list[dict]) -> list[_Candidate]:
    order = list(Route)
    best: dict[str, _Candidate] = {}
    for row in rows:
        candidate = _Candidate(row["officer"], row["posting"], Route(row["route"]))
        current = best.get(candidate.officer_id)
        if current is None or order.index(candidate.route) < order.index(current.route):
            best[candidate.officer_id] = candidate
    return list(best.values())


def _ranked(matches: list[LiaisonMatch | None]) -> list[LiaisonMatch]:
    return sorted((m for m in matches if m is not None), key=lambda m: (-m.score, m.officer.name, m.officer.id))


async def search_liaisons(reads: DirectoryReads, identity: Identity, query: SearchQuery, today: date) -> SearchResult:
    require(identity, Operation.SEARCH_DIRECTORY)
    if query.requesting_service is None and identity.roles == {Role.INVESTIGATOR}:
        # An investigator asks for their own service unless they say otherwise: only LOs
        # whose posting serves it can take their request.
        query = replace(query, requesting_service=identity.service)
    day = query.on_date or today
    search = _Search(reads, query, day)
    country = await search.validate()
    countries = await reads.countries()
    result = SearchResult(on_date=day)

    rows = await fetch(reads.executor, q.COVERING_POSTINGS, {"country": country.iso2, "day": day})
    candidates = _best_route_per_officer(rows)
    facts = await search.facts(candidates)
    serving = [c for c in candidates if search.serves_requester(c, facts)]
    if len(serving) < len(candidates):
        result.notes.append(
            f"{len(candidates) - len(serving)} LO(s) cover {country.name(query.lang)} but do not serve "
            f"{query.requesting_service}"
        )
    qualified = [c for c in serving if search.has_competence(c.officer_id, facts)]
    lacking = [c for c in serving if not search.has_competence(c.officer_id, facts)]
    matches = _ranked([await search.build(c, facts, countries) for c in qualified])

    # DEPUTY: stand-ins for matched officers who are unavailable on the day. A deputy who is
    # already a match keeps the better route and is told apart by a reason.
    by_officer = {m.officer.id: m for m in matches}
    unavailable = [m for m in matches if not m.available]
    for absent, deputies_of in zip(unavailable, await reads.deputies_of_officer.load_many([m.officer.id for m in unavailable])):
        for deputy in deputies_of:
            if deputy.deputy in by_officer:
                by_officer[deputy.deputy].reasons.append(
                    f"{_ordinal(deputy.rank)} deputy for {absent.officer.name} "
                    f"({absent.availability_note})"
                )
    deputies = await search.deputies_of(unavailable, set(by_officer))
    if deputies:
        deputy_facts = await search.facts(deputies)
        deputies = [d for d in deputies if search.serves_requester(d, deputy_facts)]
        matches += [m for m in [await search.build(d, deputy_facts, countries) for d in deputies] if m]
    result.matches = _ranked(matches)

    if not result.matches:
        # Nearest alternatives: LOs covering the country without the competence, then
        # multilateral LOs (Europol, Interpol) who have it.
        alternatives = [await search.build(c, facts, countries) for c in lacking]
        if query.competence:
            rows = await fetch(reads.executor, q.ACTIVE_MULTILATERAL_POSTINGS, {"day": day})
            extra = [
                _Candidate(r["officer"], r["posting"], Route.MULTILATERAL)
                for r in rows
                if r["officer"] not in {c.officer_id for c in candidates}
            ]
            extra_facts = await search.facts(extra) if extra else None
            for candidate in extra:
                if search.serves_requester(candidate, extra_facts) and search.has_competence(candidate.officer_id, extra_facts):
                    alternatives.append(await search.build(candidate, extra_facts, countries))
        result.alternatives = _ranked(alternatives)
        result.notes.append(
            f"no LO covers {country.name(query.lang)}"
            + (f" for {query.competence}" if query.competence else "")
            + f" on {day}"
            + ("; see the alternatives" if result.alternatives else "")
        )
    return result
