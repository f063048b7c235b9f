"""The annual postings report (Council Decision 2003/170/JHA: each member state notifies its LO
postings every year): per posting state, the postings active in the year with host country,
accreditations, area of responsibility, competences, services served (joint use), start and end;
totals per state and host country; changes against the previous year. Managers and admins only
(Operation.READ_ANALYTICS), as GraphQL and as CSV or PDF (GET /reports/postings/<year>.csv|.pdf).

Read from the directory's read model (directory_model.py), which holds every posting, past ones
included, with its links: no statement of its own.
"""

from __future__ import annotations

from datetime import date

from ...domain.models import Lang
from ...errors import BadUserInput
from ...i18n import _
from ...security.identity import Identity
from ...security.policy import Operation, require
from ..reads import DirectoryReads
from .render import country_names, report_csv, report_pdf
from .report import PostingsReport, ReportPosting, StateTotal, build_report, future_year_problem

__all__ = ["PostingsReport", "ReportPosting", "StateTotal", "postings_report", "postings_report_file"]

FORMATS = {"csv": "text/csv; charset=utf-8", "pdf": "application/pdf"}


async def postings_report(reads: DirectoryReads, identity: Identity, year: int, today: date) -> PostingsReport:
    require(identity, Operation.READ_ANALYTICS)
    problem = future_year_problem(year, today)
    if problem:
        raise BadUserInput(problem, field="year")
    model, officers, services = await reads.model(), await reads.officers(), await reads.services()
    facts = []
    for posting_id in list(model.postings):
        posting = model.postings[posting_id]
        officer = officers.get(posting.officer)
        if officer is None:
            continue
        service = services.get(officer.service)
        facts.append(
            ReportPosting(
                posting_id=posting.id, officer_id=officer.id, officer_name=officer.name, home_service=officer.service,
                state=service.country if service else officer.service.split("-", 1)[0],
                host_country=posting.country, city=posting.city, station=posting.station, kind=posting.kind.value,
                starts_on=posting.startsOn, ends_on=posting.endsOn,
                accredited_to=tuple(model.accredited(posting.id)), area=tuple(model.area(posting.id)),
                competences=tuple(c.code for c in model.competences_of(officer.id)),
                serves_all=posting.id in model.serves_all, served_services=tuple(model.served_by(posting.id)),
            )
        )
    return build_report(year, facts)


async def postings_report_file(
    reads: DirectoryReads, identity: Identity, year: int, today: date, fmt: str, lang: Lang
) -> tuple[bytes, str, str]:
    """(body, media type, file name) of the report as CSV or PDF in the caller's language."""
    if fmt not in FORMATS:
        raise BadUserInput(_("the report comes as .csv or .pdf, not .%(format)s.", format=fmt), field="format")
    report = await postings_report(reads, identity, year, today)
    names = country_names(await reads.countries(), lang)
    body = report_csv(report, lang, names).encode("utf-8") if fmt == "csv" else report_pdf(report, lang, names)
    return body, FORMATS[fmt], f"lonet-postings-{year}-{lang.value}.{fmt}"
