"""Finding officers by what people remember of them: a name, a city, a station.

Matching is accent-, case- and punctuation-insensitive (domain/folding.py) and runs over the
directory's read model (directory_model.py), so it is the same Python on both engines. The folded
texts are kept with the values they were computed from: the officers by id (per process, until a
write changes them) and the read model's postings.
"""

from __future__ import annotations

from datetime import date
from weakref import ref

from pydantic import BaseModel, ConfigDict, Field

from ...domain.folding import every_word_in, fold, words
from ...domain.models import Officer
from ...errors import BadUserInput
from ...i18n import _
from ...security.identity import Identity
from ...security.policy import Operation, require
from ..directory_model import DirectoryModel, Validated
from ..pages import KeyCursor, Page, PageRequest
from ..reads import DirectoryReads

MAX_TEXT = 100
CURSOR = KeyCursor("found")

# The folded names of the latest officers mapping the process read (a mapping is kept per
# process until a write changes it; the weak reference lets an old one go).
_folded_names: list[tuple[ref, dict[str, str]]] = []


class FindText(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str = Field(max_length=MAX_TEXT)


def folded_names(officers: Validated[Officer]) -> dict[str, str]:
    """Every officer's folded name by id, computed once per officers mapping."""
    if _folded_names and _folded_names[0][0]() is officers:
        return _folded_names[0][1]
    found = {officer_id: fold(officers.row(officer_id)["name"]) for officer_id in officers}
    _folded_names[:] = [(ref(officers), found)]
    return found


def _folded_places(model: DirectoryModel) -> dict[str, list[tuple[date | None, str]]]:
    """Per officer, each posting's end date and its folded city and station."""

    def fold_all() -> dict[str, list[tuple[date | None, str]]]:
        places: dict[str, list[tuple[date | None, str]]] = {}
        for posting_id in model.postings:
            row = model.postings.row(posting_id)
            text = fold(f"{row['city']} {row.get('station') or ''}")
            places.setdefault(row["officer"], []).append((row["endsOn"], text))
        return places

    return model.remember(("folded places",), fold_all)


async def ids_named(reads: DirectoryReads, part: str) -> list[str]:
    """The ids of the officers whose name contains `part`, accents, case and punctuation aside."""
    wanted = fold(part)
    return sorted(officer_id for officer_id, name in folded_names(await reads.officers()).items() if wanted in name)


async def find_officers_by_text(
    reads: DirectoryReads, identity: Identity, text: str, page: PageRequest, today: date
) -> Page[Officer]:
    """Officers of whom every word of the text is in the name or in the city or station of a posting
    not ended today (current or coming), by id. Contact data stays behind its own audited fields."""
    require(identity, Operation.SEARCH_DIRECTORY)
    query = words(FindText(text=text).text)
    if not query:
        raise BadUserInput(_("text must contain at least one letter or digit"), field="text")
    officers = await reads.officers()
    names, places = folded_names(officers), _folded_places(await reads.model())
    found = [
        officer_id
        for officer_id in sorted(officers)
        if every_word_in(
            query,
            [names[officer_id], *(place for ends, place in places.get(officer_id, ()) if ends is None or ends >= today)],
        )
    ]
    if page.cursor is not None:
        bound = CURSOR.decode(page.cursor, page.cursor_field)
        found = [i for i in found if i < bound] if page.backward else [i for i in found if i > bound]
    chosen = found[::-1][: page.size + 1] if page.backward else found[: page.size + 1]
    return Page.of([officers[i] for i in chosen], page, lambda officer: CURSOR.encode(officer.id))
