"""Browsing the directory: the officers list with its filters, and code validation."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..domain.models import Officer
from ..errors import BadUserInput
from ..i18n import N_, _
from ..security.identity import Identity
from ..security.policy import Operation, require
from .audit import AuditTrail, require_justification
from . import finding
from .pages import KeyCursor, Page, PageRequest, check_page_size
from ..store.queries import directory as q
from .reads import DirectoryReads, fetch

MAX_PAGE = 100
CURSOR = KeyCursor("officer")


class OfficerFilter(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    country: str | None = None
    region: str | None = None
    competence: str | None = None
    language: str | None = Field(None, pattern=r"^[a-z]{2}$")
    servedService: str | None = None
    programme: str | None = None
    activeOn: date | None = None
    nameContains: str | None = Field(None, max_length=100)

    @field_validator("country")
    @classmethod
    def _upper(cls, value: str | None) -> str | None:
        return value.upper() if value else value


def encode_cursor(officer: Officer) -> str:
    return CURSOR.encode(officer.id)


async def check_codes(reads: DirectoryReads, **codes: str | None) -> None:
    """BAD_USER_INPUT naming the first unknown code among country/region/competence/service/programme."""
    sources = {
        "country": reads.countries,
        "region": reads.regions,
        "competence": reads.competences,
        "servedService": reads.services,
        "requestingService": reads.services,
        "service": reads.services,
        "programme": reads.programmes,
    }
    for field_name, code in codes.items():
        if code is None:
            continue
        known = await sources[field_name]()
        if code not in known:
            raise BadUserInput(_("unknown %(field)s code %(code)r", field=field_name, code=code), field=field_name)


async def find_officers(
    reads: DirectoryReads,
    identity: Identity,
    filter: OfficerFilter,
    first: int | PageRequest | None,
    after: str | None = None,
) -> Page[Officer]:
    """A page of officers by id; `first` is the page size (forward after `after`) or a PageRequest."""
    require(identity, Operation.SEARCH_DIRECTORY)
    page = first if isinstance(first, PageRequest) else PageRequest(check_page_size(first, MAX_PAGE), after)
    await check_codes(
        reads,
        country=filter.country,
        region=filter.region,
        competence=filter.competence,
        servedService=filter.servedService,
        programme=filter.programme,
    )
    posting_filter = any(
        [filter.country, filter.region, filter.servedService, filter.programme, filter.activeOn is not None]
    )
    if page.backward:
        cursor = {"before": CURSOR.decode(page.cursor, "before") if page.cursor else q.LAST_ID}
    else:
        cursor = {"after": CURSOR.decode(page.cursor) if page.cursor else ""}
    params = {
        **cursor,
        "byName": bool(filter.nameContains),
        # Names are matched accents aside (domain/folding.py), in Python: the statement gets the ids.
        "named": await finding.ids_named(reads, filter.nameContains) if filter.nameContains else [],
        "language": filter.language or "",
        "pageSize": page.size + 1,  # one more tells whether there is a further page
    }
    if posting_filter:
        statements = q.FIND_OFFICERS
        params |= {
            "competence": filter.competence or "",
            "postingFilter": True,
            "useDay": filter.activeOn is not None,
            "day": filter.activeOn or date(1970, 1, 1),
            "country": filter.country or "",
            "region": filter.region or "",
            "servedService": filter.servedService or "",
            "programme": filter.programme or "",
        }
    elif filter.competence:
        statements, params["competence"] = q.OFFICERS_PAGE_WITH_COMPETENCE, filter.competence
    else:
        statements = q.OFFICERS_PAGE
    rows = await fetch(reads.executor, statements["backward" if page.backward else "forward"], params)
    officers = [Officer.model_validate(row) for row in rows]
    reads.prime_officers(officers)
    return Page.of(officers, page, encode_cursor)


async def get_officer(reads: DirectoryReads, identity: Identity, officer_id: str) -> Officer | None:
    require(identity, Operation.SEARCH_DIRECTORY)
    return await reads.officer.load(officer_id)


def read_contact(identity: Identity, trail: AuditTrail, officer: Officer, field: str) -> str | None:
    """An officer's phone or e-mail: allowed by role, justified, and written to the consultation log."""
    require(identity, Operation.READ_CONTACT_DATA)
    require_justification(trail.justification, N_("reading an officer's contact data"))
    trail.note(Operation.READ_CONTACT_DATA, [officer.id])
    return getattr(officer, field)
