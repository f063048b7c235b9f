"""The directory's entities as import/export records: the seed's record formats, plus `version`.

Each entity is one file (`services`, `regions`, `countries`, `competences`, `programmes`,
`officers`, `postings`), in the order they are written. The seed's pydantic models and their
rules are reused unchanged; an import row adds an optional `version` (the version the row was
exported at: a different version in the store means someone changed the record since, and the
row is refused) and an officer's `updatedAt` is optional (the time of the import when left out).
Countries and regions also carry their coordination (`coordinator`, `leadNation`: what
setCoordination declares), so an export holds the coordinators and an import sets them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import AwareDatetime, Field, create_model, field_validator

from seed.records import (
    CompetenceRecord,
    CountryRecord,
    OfficerRecord,
    PostingRecord,
    ProgrammeRecord,
    Record,
    RegionRecord,
    ServiceRecord,
    Text,
)

from ...domain.coordination import coordinator_problem
from ...domain.enums import BeneluxCountry

_VERSION = (int | None, Field(None, ge=1))


def _importable(model: type[Record], **fields: Any) -> type[Record]:
    return create_model(model.__name__.replace("Record", "Row"), __base__=model, version=_VERSION, **fields)


def _lead_nation(value: str | None) -> str | None:
    problem = coordinator_problem(None, value)
    if problem:
        raise ValueError(problem)
    return value


# A host country's or a region's coordination (Council Decision 2003/170/JHA), as setCoordination
# declares it: the coordinating Benelux country (BE, NL, LU) and the EU lead nation as text.
_COORDINATION = {
    "coordinator": (BeneluxCountry | None, None),
    "leadNation": (Text | None, None),
    "__validators__": {"_lead_nation": field_validator("leadNation")(_lead_nation)},
}

ServiceRow = _importable(ServiceRecord)
RegionRow = _importable(RegionRecord, **_COORDINATION)
CountryRow = _importable(CountryRecord, **_COORDINATION)
CompetenceRow = _importable(CompetenceRecord)
ProgrammeRow = _importable(ProgrammeRecord)
OfficerRow = _importable(OfficerRecord, updatedAt=(AwareDatetime | None, None))
PostingRow = _importable(PostingRecord)


@dataclass(frozen=True)
class Entity:
    name: str  # the file's stem, e.g. "officers"
    model: type[Record]
    key: str  # the identifying field
    lists: tuple[str, ...] = ()  # fields that are lists (one `;`-separated CSV cell)
    unordered: tuple[str, ...] = ()  # lists whose order carries no meaning (compared as sets)
    fixed: tuple[str, ...] = ()  # fields an existing record may not change

    @property
    def columns(self) -> list[str]:
        return list(self.model.model_fields)


ENTITIES: tuple[Entity, ...] = (
    Entity("services", ServiceRow, "code", fixed=("country",)),
    Entity("regions", RegionRow, "code"),
    Entity("countries", CountryRow, "iso2"),
    Entity("competences", CompetenceRow, "code"),
    Entity("programmes", ProgrammeRow, "code", lists=("countries",), unordered=("countries",)),
    Entity(
        "officers",
        OfficerRow,
        "id",
        lists=("languages", "competences", "deputies"),
        unordered=("competences",),
    ),
    Entity(
        "postings",
        PostingRow,
        "id",
        lists=("accreditedTo", "serves", "programmes", "area"),
        unordered=("accreditedTo", "serves", "programmes", "area"),
        fixed=("officer", "country"),
    ),
)
BY_NAME = {e.name: e for e in ENTITIES}
# Neither taskings (casework, with their own lifecycle) nor availability windows (the LO's own
# planning) are part of the directory: a seed directory's taskings.json and windows.json are
# skipped on import.
NOT_DIRECTORY = ("windows", "taskings")


def comparable(entity: Entity, field: str, value: Any) -> Any:
    """A field's value in a form where equal means unchanged."""
    if field in entity.unordered and isinstance(value, list):
        return sorted(v.model_dump_json() if hasattr(v, "model_dump_json") else v for v in value)
    return value
