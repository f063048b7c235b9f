"""The coverage matrix and the programme report as CSV, from the same use case as the GraphQL
answers and the dashboard (service/usecases/analytics.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

from ..domain.coordination import Coordinated, coordination_of
from .analytics import CoverageReport, ProgrammeReport
from .spreadsheet_cells import neutralise

COVERAGE_COLUMNS = (
    "asOf", "country", "countryName", "region", "coordinator", "leadNation", "competence", "status",
    "officerId", "officerName", "route", "level", "postingId", "postingCity", "servedServices",
)
PROGRAMME_COLUMNS = (
    "programme", "from", "to", "postingId", "postingCity", "postingCountry", "officerId", "officerName",
    "requestingService", "country", "taskings",
)


def _cell(value: object) -> str:
    """A spreadsheet must not run a value as a formula (CSV injection)."""
    return neutralise("" if value is None else str(value))


def _csv(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()


def coverage_csv(report: CoverageReport, regions: Mapping[str, Coordinated]) -> str:
    """One row per officer covering a country x competence; a gap is one row without officer. Each
    row names the country's coordinating Benelux country and EU lead nation (2003/170/JHA): its
    own declaration, else its region's (`regions`), as the GraphQL Country.coordination."""

    def rows() -> Iterable[list[object]]:
        for country in report.countries:
            c = country.country
            coordination = coordination_of(c, regions)
            coordinated = [coordination.coordinator, coordination.lead_nation] if coordination else [None, None]
            for cell in country.competences:
                head = [report.as_of, c.iso2, c.name(), c.region or "", *coordinated, cell.competence.code, cell.status.value]
                if not cell.providers:
                    yield head + [""] * 7
                for p in cell.providers:
                    yield head + [
                        p.officer.id, p.officer.name, p.route.value, p.level, p.posting.id, p.posting.city,
                        " ".join(p.served_services),
                    ]

    return _csv(COVERAGE_COLUMNS, rows())


def programme_csv(report: ProgrammeReport) -> str:
    """One row per posting x requesting service x country of the help asked; a posting without
    taskings is one row with 0."""

    def rows() -> Iterable[list[object]]:
        head = [report.programme.code, report.period.since, report.period.until]
        for row in report.postings:
            p = row.posting
            posting = [p.id, p.city, p.country, row.officer.id, row.officer.name]
            if not row.use.pairs:
                yield head + posting + ["", "", 0]
            for (service, country), count in sorted(row.use.pairs.items()):
                yield head + posting + [service, country, count]

    return _csv(PROGRAMME_COLUMNS, rows())
