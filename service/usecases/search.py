"""searchLiaisons: the right liaison officer for a country, a crime area and a requesting service."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from ..domain.availability import status_on
from ..domain.coverage import stand_ins
from ..domain.destinations import require_destination
from ..domain.enums import Availability, PostingKind, Route
from ..domain.models import AvailabilityWindow, Country, Lang, Officer, Posting
from ..domain.ranking import AVAILABLE_STATES, LOAD_TEXT, Facts, Load, coarse, score
from ..errors import BadUserInput
from ..i18n import N_, _, current_lang, ngettext
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
    lang: Lang | None = None  # country names in reasons and notes; None: the request's language


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
    country: Country | None = None  # the asked country (its coordination shows with the result)


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


# How an officer's availability reads in a reason (translated where shown).
_STATUS_TEXT = {
    Availability.AVAILABLE: N_("available"),
    Availability.LIMITED: N_("limited availability"),
    Availability.ON_MISSION: N_("on mission"),
    Availability.ON_LEAVE: N_("on leave"),
    Availability.UNREACHABLE: N_("unreachable"),
}


def _deputy_reason(rank: int, name: str, note: str) -> str:
    """Why a match also stands in for an absent officer (their deputy of that rank)."""
    if rank == 1:
        return _("first deputy for %(name)s (%(note)s)", name=name, note=note)
    if rank == 2:
        return _("second deputy for %(name)s (%(note)s)", name=name, note=note)
    return _("deputy no. %(rank)d for %(name)s (%(note)s)", rank=rank, name=name, note=note)


def _deputy_note(rank: int, note: str) -> str:
    """An absent officer's availability, with which deputy stands in for them."""
    if rank == 1:
        return _("%(note)s (first deputy)", note=note)
    if rank == 2:
        return _("%(note)s (second deputy)", note=note)
    return _("%(note)s (deputy no. %(rank)d)", note=note, rank=rank)


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
            raise BadUserInput(
                _("unknown country code %(code)r (use ISO 3166-1 alpha-2, e.g. RS)", code=query.country), field="country"
            )
        require_destination(country.iso2)
        if query.competence is not None and query.competence not in competences:
            raise BadUserInput(_("unknown competence %(code)r", code=query.competence), field="competence")
        if query.requesting_service is not None and query.requesting_service not in services:
            raise BadUserInput(_("unknown service %(code)r", code=query.requesting_service), field="requestingService")
        if query.language is not None and not LANGUAGE.match(query.language):
            raise BadUserInput(
                _("language %(code)r is not a two-letter ISO 639-1 code (e.g. nl, fr, sr)", code=query.language),
                field="language",
            )
        return country

    # The facts come from the directory's read model (directory_model.py): which covering
    # postings serve the requester and which officers have the competence, without a statement;
    # only the open taskings of the officers that are built are read from the store.
    def filters(self, model: DirectoryModel, candidates: list[_Candidate]) -> _Filters:
        query = self.query
        serving = None
        if query.requesting_service:
            serving = {c.posting_id for c in candidates if model.serves_service(c.posting_id, query.requesting_service)}
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
            _status, window = status_on(Availability.AVAILABLE, windows.get(officer, ()), self.day)
            if window is not None:
                on_day[officer] = window
        return _Details(
            officer=found,
            posting=postings,
            window=on_day,
            workload={officer: workload.get(officer, 0) for officer in officer_ids},
        )

    def status_on_day(self, officer: Officer, window: AvailabilityWindow | None) -> tuple[Availability, str]:
        if window is not None:
            status, day, until = _(_STATUS_TEXT[window.status]), self.day, window.endsOn
            if window.note:
                text = _("%(status)s on %(day)s until %(until)s (%(note)s)", status=status, day=day, until=until, note=window.shown_note())
            else:
                text = _("%(status)s on %(day)s until %(until)s", status=status, day=day, until=until)
            return window.status, text
        if officer.availability is Availability.AVAILABLE:
            return officer.availability, _("available on %(day)s", day=self.day)
        status = _(_STATUS_TEXT[officer.availability])
        if officer.availabilityNote:
            return officer.availability, _("%(status)s: %(note)s", status=status, note=officer.availabilityNote)
        return officer.availability, status

    def build(
        self, candidate: _Candidate, filters: _Filters, details: _Details, countries: Mapping[str, Country]
    ) -> LiaisonMatch | None:
        officer = details.officer.get(candidate.officer_id)
        posting = details.posting.get(candidate.posting_id)
        if officer is None or posting is None:
            return None
        lang = self.query.lang or current_lang()
        where = countries[posting.country].name(lang)
        asked = countries[self.query.country.upper()].name(lang)
        reasons: list[str] = []
        city = posting.city
        if candidate.route is Route.DIRECT:
            reasons.append(_("posted in %(country)s (%(city)s)", country=asked, city=city))
        elif candidate.route is Route.ACCREDITED:
            reasons.append(_("accredited to %(country)s from %(city)s, %(host)s", country=asked, city=city, host=where))
        elif candidate.route is Route.AREA:
            reasons.append(
                _("covers %(country)s as part of its declared area, from %(city)s, %(host)s", country=asked, city=city, host=where)
            )
        elif candidate.route is Route.DEPUTY:
            absent, why = candidate.deputy_for  # type: ignore[misc]
            reasons.append(
                _("deputy for %(name)s, who is %(why)s; posted in %(city)s, %(host)s", name=absent.name, why=why, city=city, host=where)
            )
        else:
            reasons.append(_("multilateral posting: %(station)s", station=posting.station or city))

        level = 0
        if self.query.competence:
            level = filters.levels.get(officer.id, 0)
            competence = self.query.competence
            if level == 3:
                reasons.append(_("%(competence)s level %(level)d (specialist)", competence=competence, level=level))
            elif level:
                reasons.append(_("%(competence)s level %(level)d", competence=competence, level=level))
            else:
                reasons.append(_("no %(competence)s competence", competence=competence))
        language = self.query.language
        speaks = bool(language) and language in officer.languages
        if language:
            reasons.append(_("speaks %(language)s", language=language) if speaks else _("does not speak %(language)s", language=language))
        status, status_text = self.status_on_day(officer, details.window.get(officer.id))
        reasons.append(status_text)
        open_taskings = details.workload.get(officer.id, 0)
        facts = Facts(candidate.route, level, speaks, status, open_taskings)
        available = facts.available
        if self.exact_load:
            reasons.append(ngettext("%(num)d open tasking", "%(num)d open taskings", open_taskings))
        else:
            reasons.append(_(LOAD_TEXT[Load.of(open_taskings)]))
        if self.query.requesting_service:
            reasons.append(_("serves %(service)s", service=self.query.requesting_service))
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
        """The DEPUTY route (service/domain/coverage.py: stand_ins, one level): stand-ins for the
        matched officers who are unavailable on the day, in rank order. A deputy who is already a
        match is told apart by a reason; the others, with a posting of their own active on the
        day (the first by id; a multilateral posting never covers), become candidates."""
        if not unavailable:
            return []
        deputies = await self.reads.deputies()
        absent = {m.officer.id: m for m in unavailable}
        for match in unavailable:
            for rank, deputy in enumerate(deputies.get(match.officer.id, ()), 1):
                if deputy in by_officer:
                    by_officer[deputy].reasons.append(_deputy_reason(rank, match.officer.name, match.availability_note))
        candidates = []
        for deputy, principal, rank in stand_ins(list(absent), deputies, taken=by_officer):
            own = [p for p in model.active_postings(deputy, self.day) if model.postings[p].kind is not PostingKind.MULTILATERAL]
            if own:
                why = _deputy_note(rank, absent[principal].availability_note)
                candidates.append(_Candidate(deputy, own[0], Route.DEPUTY, (absent[principal].officer, why)))
        return candidates


def _no_cover_note(country: str, competence: str | None, day: date, alternatives: bool) -> str:
    if competence and alternatives:
        return _(
            "no LO covers %(country)s for %(competence)s on %(day)s; see the alternatives", country=country, competence=competence, day=day
        )
    if competence:
        return _("no LO covers %(country)s for %(competence)s on %(day)s", country=country, competence=competence, day=day)
    if alternatives:
        return _("no LO covers %(country)s on %(day)s; see the alternatives", country=country, day=day)
    return _("no LO covers %(country)s on %(day)s", country=country, day=day)


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
    lang = query.lang or current_lang()
    countries = await reads.countries()
    result = SearchResult(on_date=day, country=country)

    model = await reads.model()
    candidates = [_Candidate(*found) for found in model.covering(country.iso2, day)]
    filters = search.filters(model, candidates)
    serving = [c for c in candidates if search.serves_requester(c, filters)]
    if len(serving) < len(candidates):
        result.notes.append(
            ngettext(
                "%(num)d LO covers %(country)s but does not serve %(service)s",
                "%(num)d LOs cover %(country)s but do not serve %(service)s",
                len(candidates) - len(serving),
                country=country.name(lang),
                service=query.requesting_service,
            )
        )
    qualified = [c for c in serving if search.has_competence(c.officer_id, filters)]
    lacking = [c for c in serving if not search.has_competence(c.officer_id, filters)]
    details = await search.details(model, qualified)
    matches = _ranked([search.build(c, filters, details, countries) for c in qualified])

    # DEPUTY: stand-ins for matched officers who are unavailable on the day (one level: mutual
    # deputies never loop). A deputy who is already a match keeps the better route and is told
    # apart by a reason.
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
        # multilateral LOs (Europol, Interpol, MAOC-N...) who have it: never matches themselves.
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
        result.notes.append(_no_cover_note(country.name(lang), query.competence, day, bool(result.alternatives)))
    return result


async def route_to(reads: DirectoryReads, officer_id: str, country: str, day: date) -> Route | None:
    """How the officer covers the country on the day by the network's one rule (DIRECT,
    ACCREDITED, AREA through a posting of their own; DEPUTY standing in for an officer who covers
    it that way and is unavailable on the day), or None: requestTasking's check of a named assignee."""
    model = await reads.model()
    covering = model.covering(country.upper(), day)
    for officer, _posting, route in covering:
        if officer == officer_id:
            return route
    deputies, officers, windows = await asyncio.gather(reads.deputies(), reads.officers(), reads.windows())
    absent = [
        officer
        for officer, _, _ in covering
        if officer in officers
        and status_on(officers[officer].availability, windows.get(officer, ()), day)[0] not in AVAILABLE_STATES
    ]
    for deputy, _principal, _rank in stand_ins(absent, deputies, taken=[officer for officer, _, _ in covering]):
        if deputy == officer_id and any(
            model.postings[p].kind is not PostingKind.MULTILATERAL for p in model.active_postings(deputy, day)
        ):
            return Route.DEPUTY
    return None
