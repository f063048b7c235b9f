"""Directory types. Resolvers are thin: nested objects come from what the process keeps
(`cached`) or the request's DataLoaders."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import graphene

from ...domain import models
from ...domain.coordination import Coordination as Coordination_
from ...domain.coordination import coordination_of
from ...usecases.directory import read_contact
from ..coordinators.types import Coordination
from ..enums import LANG_ARGUMENT, Availability, PostingKind, ServiceKind, lang_of
from ..scalars import Date, DateTime


def _reads(info):
    return info.context.reads


def cached(info, pick: Callable[..., Any], *kinds: str) -> Any:
    """`pick` applied to values the process keeps (reference lists; the directory's read model,
    officers and windows: DirectoryReads.loaded): at once when the request or the process cache
    has them, which is most of the time (graphql-core completes a returned value several times
    faster than an awaited one), else awaited."""
    reads = _reads(info)
    known = [reads.loaded(kind) for kind in kinds]
    if all(value is not None for value in known):
        return pick(*known)

    async def later() -> Any:
        return pick(*[await getattr(reads, kind)() for kind in kinds])

    return later()


NAME_IN_LANGUAGE = "The name in the language asked for"


class Labelled:
    """A `name(lang)` field over the four name_* properties: in the request's language unless
    `lang` names another."""

    @staticmethod
    def resolve_name(parent: models.Labelled, info, lang=None) -> str:
        return parent.name(lang_of(lang))


class Region(Labelled, graphene.ObjectType):
    """A group of countries, e.g. the Western Balkans (a label only: it gives no coverage)."""

    code = graphene.String(required=True, description="The region's code, e.g. WESTERN_BALKANS")
    name = graphene.String(required=True, lang=LANG_ARGUMENT, description=NAME_IN_LANGUAGE)
    version = graphene.Int(required=True, description="For optimistic concurrency on updates (admins)")
    coordinator = graphene.String(description="The Benelux country coordinating the region's LOs (BE, NL or LU), if declared")
    leadNation = graphene.String(description="The EU lead nation in the region, as text, when another member state leads")
    countries = graphene.List(graphene.NonNull(lambda: Country), required=True, description="The region's countries, by code")

    @staticmethod
    def resolve_countries(parent: models.Region, info) -> list[models.Country]:
        return cached(info, lambda countries: [c for c in countries.values() if c.region == parent.code], "countries")


class Country(Labelled, graphene.ObjectType):
    """A country LOs are posted in, accredited to or cover; Belgium, the Netherlands and Luxembourg are origins, not destinations."""

    iso2 = graphene.String(required=True, description="ISO 3166-1 alpha-2 code (XK for Kosovo)")
    name = graphene.String(required=True, lang=LANG_ARGUMENT, description=NAME_IN_LANGUAGE)
    region = graphene.Field(Region, description="The region the country belongs to, if any")
    version = graphene.Int(required=True, description="For optimistic concurrency on updates (admins)")
    coordination = graphene.Field(
        Coordination, description="Who coordinates the LOs posted here: the country's own declaration, else its region's"
    )

    @staticmethod
    def resolve_region(parent: models.Country, info) -> models.Region | None:
        return cached(info, lambda regions: regions.get(parent.region), "regions") if parent.region else None

    @staticmethod
    def resolve_coordination(parent: models.Country, info) -> Coordination_ | None:
        return cached(info, lambda regions: coordination_of(parent, regions), "regions")


class Competence(Labelled, graphene.ObjectType):
    """A crime area an LO works on, e.g. drugs trafficking or cybercrime."""

    code = graphene.String(required=True, description="The competence's code, e.g. DRUGS")
    name = graphene.String(required=True, lang=LANG_ARGUMENT, description=NAME_IN_LANGUAGE)


class Service(graphene.ObjectType):
    """A Benelux police, customs, gendarmerie, justice or inspection service: LOs belong to one and work for several."""

    code = graphene.String(required=True, description="The service's code, e.g. BE-FEDPOL")
    name = graphene.String(
        required=True,
        lang=LANG_ARGUMENT,
        description="The official name; a bilingual Belgian name gives its Dutch or French half to a Dutch or French reader",
    )
    country = graphene.Field(
        lambda: Country, required=True, description="The service's country (Belgium, the Netherlands or Luxembourg)"
    )
    countryCode = graphene.String(required=True, description="The service's country as its ISO code: BE, NL or LU")
    kind = graphene.Field(ServiceKind, required=True, description="What kind of service it is")
    version = graphene.Int(required=True, description="For optimistic concurrency on updates (admins)")

    @staticmethod
    def resolve_name(parent: models.Service, info, lang=None) -> str:
        return parent.name_in(lang_of(lang))

    @staticmethod
    def resolve_country(parent: models.Service, info) -> models.Country:
        return cached(info, lambda countries: countries[parent.country], "countries")

    @staticmethod
    def resolve_countryCode(parent: models.Service, info) -> str:
        return parent.country


class Programme(graphene.ObjectType):
    """A joint programme postings take part in, e.g. the Balkans pilot of 2010."""

    code = graphene.String(required=True, description="The programme's code, e.g. BALKANS_PILOT")
    name = graphene.String(required=True, description="The programme's name")
    startsOn = Date(required=True, description="The day the programme started")
    endsOn = Date(description="The day the programme ended or ends; null while open-ended")
    countries = graphene.List(graphene.NonNull(Country), required=True, description="The countries the programme is about")
    postings = graphene.List(graphene.NonNull(lambda: Posting), required=True, description="The postings part of it, by id")

    @staticmethod
    async def resolve_countries(parent: models.Programme, info) -> list[models.Country]:
        codes = await _reads(info).countries_of_programme.load(parent.code)
        countries = await _reads(info).countries()
        return [countries[c] for c in codes]

    @staticmethod
    async def resolve_postings(parent: models.Programme, info) -> list[models.Posting]:
        ids = await _reads(info).postings_of_programme.load(parent.code)
        model = await _reads(info).model()
        return [model.postings[p] for p in ids if p in model.postings]




class CompetenceLevel(graphene.ObjectType):
    """How far an officer is qualified in one competence."""

    competence = graphene.Field(Competence, required=True, description="The competence")
    level = graphene.Int(required=True, description="1 basic, 2 experienced, 3 specialist")

    @staticmethod
    def resolve_competence(parent: models.CompetenceLevel, info) -> models.Competence:
        return cached(info, lambda competences: competences[parent.code], "competences")


class AvailabilityWindow(graphene.ObjectType):
    """A planned period (leave, mission, training) in which an officer's availability differs from their status."""

    id = graphene.ID(required=True, description="The window's id")
    startsOn = Date(required=True, description="The window's first day")
    endsOn = Date(required=True, description="The window's last day")
    status = graphene.Field(Availability, required=True, description="The officer's availability during the window")
    note = graphene.String(description="Why, as the officer wrote it (e.g. annual leave)")

    @staticmethod
    def resolve_note(window, info):
        return window.shown_note()


class Posting(graphene.ObjectType):
    """An officer's assignment to a place abroad for a period: where they are, what they cover, whom they serve."""

    id = graphene.ID(required=True, description="The posting's id, e.g. P-001")
    city = graphene.String(required=True, description="The city the officer works in")
    station = graphene.String(description="Where in the city: an embassy, a consulate, an agency (e.g. Europol, The Hague)")
    startsOn = Date(required=True, description="The posting's first day")
    endsOn = Date(description="The posting's last day; null while open-ended")
    kind = graphene.Field(PostingKind, required=True, description="Resident, regional or multilateral")
    version = graphene.Int(required=True, description="For optimistic concurrency on updates (admins)")
    officer = graphene.Field(lambda: Officer, required=True, description="The officer holding the posting")
    country = graphene.Field(Country, required=True, description="Where the posting is located")
    accredited_to = graphene.List(
        graphene.NonNull(Country), required=True, name="accreditedTo", description="Countries the posting is also accredited to (route ACCREDITED)"
    )
    area = graphene.List(
        graphene.NonNull(Country),
        required=True,
        description="Declared area of responsibility: countries it covers besides its host country and accreditations (route AREA)",
    )
    serves = graphene.List(
        graphene.NonNull(Service), required=True, description="Services this posting works for (joint use)"
    )
    serves_all = graphene.Boolean(
        required=True, name="servesAll", description="Serves every Benelux service, those created later included"
    )
    programmes = graphene.List(graphene.NonNull(Programme), required=True, description="Programmes the posting is part of")
    active = graphene.Boolean(
        required=True,
        on_date=Date(name="onDate", description="The day to ask about; default today"),
        description="Whether the posting runs on the day",
    )
    successor = graphene.Field(
        lambda: Officer, description="Who takes over from the holder when the posting ends (named with endPosting)"
    )

    @staticmethod
    async def resolve_successor(parent: models.Posting, info):
        named = await info.context.reads.successors_of_posting.load(parent.id)
        return await info.context.reads.officer.load(named[0]) if named else None

    @staticmethod
    def resolve_officer(parent: models.Posting, info) -> models.Officer:
        return cached(info, lambda officers: officers[parent.officer], "officers")

    @staticmethod
    def resolve_country(parent: models.Posting, info) -> models.Country:
        return cached(info, lambda countries: countries[parent.country], "countries")

    @staticmethod
    def resolve_accredited_to(parent: models.Posting, info) -> list[models.Country]:
        return cached(info, lambda model, countries: [countries[c] for c in model.accredited(parent.id)], "model", "countries")

    @staticmethod
    def resolve_area(parent: models.Posting, info) -> list[models.Country]:
        return cached(info, lambda model, countries: [countries[c] for c in model.area(parent.id)], "model", "countries")

    @staticmethod
    def resolve_serves(parent: models.Posting, info) -> list[models.Service]:
        return cached(
            info, lambda model, services: [services[c] for c in model.served_by(parent.id, services)], "model", "services"
        )

    @staticmethod
    def resolve_serves_all(parent: models.Posting, info) -> bool:
        return parent.servesAll

    @staticmethod
    async def resolve_programmes(parent: models.Posting, info) -> list[models.Programme]:
        codes = await _reads(info).programmes_of_posting.load(parent.id)
        programmes = await _reads(info).programmes()
        return [programmes[c] for c in codes]

    @staticmethod
    def resolve_active(parent: models.Posting, info, on_date=None) -> bool:
        return parent.active_on(on_date or info.context.today())


class Officer(graphene.ObjectType):
    """A liaison officer (LO) of a Benelux service, posted abroad."""

    id = graphene.ID(required=True, description="The officer's id, e.g. LO-001")
    name = graphene.String(required=True, description="Full name, as written (accents included)")
    rank = graphene.String(description="Rank or title, as the home service writes it")
    email = graphene.String(description="Contact data: needs a justification (X-Justification) and is recorded in the consultation log")
    phone = graphene.String(description="Contact data: needs a justification (X-Justification) and is recorded in the consultation log")
    languages = graphene.List(graphene.NonNull(graphene.String), required=True, description="ISO 639-1 codes")
    availability = graphene.Field(Availability, required=True, description="Status set by the LO")
    availabilityNote = graphene.String(description="The officer's note on their availability (e.g. who stands in)")
    updatedAt = DateTime(required=True, description="When the officer's record last changed")
    version = graphene.Int(required=True, description="For optimistic concurrency on updates")
    home_service = graphene.Field(Service, required=True, name="homeService", description="The service the officer belongs to")
    postings = graphene.List(
        graphene.NonNull(Posting),
        required=True,
        active_on=Date(name="activeOn", description="Only postings active on this date"),
        description="Current and past postings, newest first",
    )
    current_posting = graphene.Field(Posting, name="currentPosting", description="The posting active today")
    competences = graphene.List(graphene.NonNull(CompetenceLevel), required=True, description="Competences, highest level first")
    deputies = graphene.List(graphene.NonNull(lambda: Officer), required=True, description="In rank order")
    availability_windows = graphene.List(
        graphene.NonNull(AvailabilityWindow), required=True, name="availabilityWindows", description="Planned windows, earliest first"
    )

    @staticmethod
    def resolve_email(parent: models.Officer, info) -> str | None:
        return read_contact(info.context.identity, info.context.trail, parent, "email")

    @staticmethod
    def resolve_phone(parent: models.Officer, info) -> str | None:
        return read_contact(info.context.identity, info.context.trail, parent, "phone")

    @staticmethod
    def resolve_home_service(parent: models.Officer, info) -> models.Service:
        return cached(info, lambda services: services[parent.service], "services")

    @staticmethod
    def resolve_postings(parent: models.Officer, info, active_on=None) -> list[models.Posting]:
        def pick(model) -> list[models.Posting]:
            return [p for p in model.postings_of(parent.id) if active_on is None or p.active_on(active_on)]

        return cached(info, pick, "model")

    @staticmethod
    async def resolve_current_posting(parent: models.Officer, info) -> models.Posting | None:
        return await _reads(info).active_posting(parent.id, info.context.today())

    @staticmethod
    def resolve_competences(parent: models.Officer, info) -> list[models.CompetenceLevel]:
        return cached(info, lambda model: model.competences_of(parent.id), "model")

    @staticmethod
    async def resolve_deputies(parent: models.Officer, info) -> list[models.Officer]:
        deputies = await _reads(info).deputies_of_officer.load(parent.id)
        officers = await _reads(info).officer.load_many([d.deputy for d in deputies])
        return [o for o in officers if o is not None]

    @staticmethod
    def resolve_availability_windows(parent: models.Officer, info) -> list[models.AvailabilityWindow]:
        return cached(info, lambda windows: list(windows.get(parent.id, ())), "windows")
