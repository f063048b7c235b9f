"""Finding officers by what people remember of them: a name, a city, a station."""

from __future__ import annotations

import graphene

from ...security.policy import Operation
from ...usecases import finding as usecase
from ...usecases.directory import MAX_PAGE
from ...usecases.pages import page_request
from .. import permissions
from ..directory.schema import OfficerConnection
from ..pagination import page_arguments


class FindingQueries(graphene.ObjectType):
    find_officers = graphene.Field(
        OfficerConnection,
        required=True,
        text=graphene.String(
            required=True,
            description=f"Words to find, up to {usecase.MAX_TEXT} characters; accents, case and punctuation aside",
        ),
        **page_arguments(20, str(MAX_PAGE)),
        description=(
            "Officers of whom every word of the text is in their name or in the city or station of a current or "
            "coming posting ('gerard bogota'), by id. Phone and e-mail stay behind their own audited fields."
        ),
    )

    @staticmethod
    async def resolve_find_officers(root, info, text: str, first=None, after=None, last=None, before=None):
        context = info.context
        page = page_request(first, after, last, before, MAX_PAGE)
        return await usecase.find_officers_by_text(context.reads, context.identity, text, page, context.today())


permissions.register("Query", findOfficers=Operation.SEARCH_DIRECTORY)
