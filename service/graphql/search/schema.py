"""searchLiaisons: the investigator's question, "who can help me in this country?"."""

from __future__ import annotations

import graphene

from ...security.policy import Operation
from ...usecases.search import SearchQuery, search_liaisons
from .. import permissions
from ..coordinators.types import Coordination
from ..directory.types import Country, Officer, Posting
from ...i18n import speaking
from ..enums import Lang, Route, lang_of, override_of
from ..scalars import Date


class LiaisonMatch(graphene.ObjectType):
    """An LO who can take the request (or, among alternatives, the nearest option), and why."""

    officer = graphene.Field(Officer, required=True, description="The LO")
    posting = graphene.Field(Posting, required=True, description="The posting through which the officer covers")
    route = graphene.Field(Route, required=True, description="How the posting covers the country: DIRECT, ACCREDITED, AREA or DEPUTY")
    score = graphene.Int(required=True, description="Higher is better; the ranking order in one number")
    reasons = graphene.List(graphene.NonNull(graphene.String), required=True, description="Why this match, readably")
    available = graphene.Boolean(required=True, description="Available on the asked date (windows override status)")


class LiaisonSearchResult(graphene.ObjectType):
    """The LOs who can help in a country, ranked, with the nearest alternatives when none can."""

    on_date = Date(required=True, description="The day the search is for")
    matches = graphene.List(graphene.NonNull(LiaisonMatch), required=True, description="Ranked, best first")
    alternatives = graphene.List(
        graphene.NonNull(LiaisonMatch),
        required=True,
        description="When nothing matches: the nearest options (no competence, or a multilateral posting)",
    )
    notes = graphene.List(graphene.NonNull(graphene.String), required=True, description="What the search left out and why (e.g. LOs who do not serve your service)")
    coordination = graphene.Field(
        Coordination,
        description="Who coordinates the LOs posted to the asked country (2003/170/JHA): its own declaration, else its region's",
    )

    @staticmethod
    def resolve_coordination(parent, info):
        return Country.resolve_coordination(parent.country, info) if parent.country is not None else None


class SearchQueries(graphene.ObjectType):
    search_liaisons = graphene.Field(
        LiaisonSearchResult,
        required=True,
        country=graphene.String(required=True, description="ISO 3166-1 alpha-2 code, e.g. RS"),
        competence=graphene.String(description="Competence code, e.g. DRUGS"),
        language=graphene.String(description="ISO 639-1 code the LO should speak"),
        requesting_service=graphene.String(description="Service code of the requester, e.g. BE-FEDPOL"),
        on_date=Date(description="Default: today"),
        lang=Lang(description="Language of the reasons and notes (and of errors); default: the request's (Accept-Language, else en)"),
    )

    @staticmethod
    async def resolve_search_liaisons(
        root, info, country: str, competence=None, language=None, requesting_service=None, on_date=None, lang=None
    ):
        with speaking(override_of(lang)) as chosen:
            query = SearchQuery(country, competence, language, requesting_service, on_date, chosen)
            return await search_liaisons(info.context.reads, info.context.identity, query, info.context.today())


permissions.register("Query", searchLiaisons=Operation.SEARCH_DIRECTORY)
