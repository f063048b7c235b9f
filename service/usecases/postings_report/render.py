"""The annual postings report as CSV and as a printable PDF (fpdf2), in the caller's language.

Every label is a complete text in the gettext catalogue (service/i18n), in the language asked for,
chosen in one place (LABELS, PLURALS, KINDS and the change markers)."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Mapping

from ...domain.models import Country, Lang
from ...i18n import N_, _, ngettext, speaking
from ..spreadsheet_cells import neutralise
from .report import PostingsReport, ReportPosting

# Every label as the catalogue's message id (service/i18n: translated in nl, fr, de, en); the
# totals, which agree with their count, are state_total and grand_total.
LABELS: dict[str, str] = {
    "title": N_("Liaison officer postings in %(year)s"),
    "basis": N_("Annual notification under Council Decision 2003/170/JHA (as amended by 2006/560/JHA)."),
    "state": N_("Posting state"),
    "host": N_("Host country"),
    "city": N_("City"),
    "officer": N_("Officer"),
    "kind": N_("Kind"),
    "accredited": N_("Accreditations"),
    "area": N_("Area of responsibility"),
    "competences": N_("Competences"),
    "services": N_("Services served (joint use)"),
    "start": N_("Start"),
    "end": N_("End"),
    "all_services": N_("all Benelux services"),
    "totals": N_("Totals per posting state and host country"),
    "changes": N_("Changes against %(before)s"),
    "added": N_("New postings"),
    "ended": N_("Postings ended"),
    "none": N_("None."),
    "change": N_("Change"),
}
# A posting's kind and the change column's markers, as the report prints them.
KINDS: dict[str, str] = {"resident": N_("resident"), "regional": N_("regional"), "multilateral": N_("multilateral")}
NEW, ENDED = N_("NEW"), N_("ENDED")
COLUMNS = ("state", "host", "city", "officer", "kind", "accredited", "area", "competences", "services", "start", "end")


def translated(message: str, lang: Lang, **values: object) -> str:
    with speaking(lang):
        return _(message, **values)


def label(key: str, lang: Lang, **values: object) -> str:
    return translated(LABELS[key], lang, **values)


def state_total(lang: Lang, count: int, **values: object) -> str:
    with speaking(lang):
        return ngettext(
            "%(state)s: %(num)d posting in %(year)s (%(previous)s in %(before)s, change %(change)+d).",
            "%(state)s: %(num)d postings in %(year)s (%(previous)s in %(before)s, change %(change)+d).",
            count,
            **values,
        )


def grand_total(lang: Lang, count: int) -> str:
    with speaking(lang):
        return ngettext("Benelux total: %(num)d posting.", "Benelux total: %(num)d postings.", count)


Names = Callable[[str], str]  # a country code -> its name in the caller's language


def country_names(countries: Mapping[str, Country], lang: Lang) -> Names:
    return lambda iso2: countries[iso2].name(lang) if iso2 in countries else iso2


def _cells(p: ReportPosting, lang: Lang, names: Names) -> list[str]:
    return [
        names(p.state), names(p.host_country), p.city, f"{p.officer_name} ({p.officer_id})", translated(KINDS.get(p.kind, p.kind), lang),
        ", ".join(names(c) for c in p.accredited_to), ", ".join(names(c) for c in p.area), ", ".join(p.competences),
        label("all_services", lang) if p.serves_all else ", ".join(p.served_services),
        p.starts_on.isoformat(), p.ends_on.isoformat() if p.ends_on else "",
    ]


def report_csv(report: PostingsReport, lang: Lang, names: Names) -> str:
    """One row per posting active in the year; the change column says NEW for a posting the year
    before did not have (ended postings follow as ENDED rows)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*(label(c, lang) for c in COLUMNS), label("change", lang)])
    added = {p.posting_id for p in report.added}
    for p in report.postings:
        writer.writerow([neutralise(v) for v in [*_cells(p, lang, names), translated(NEW, lang) if p.posting_id in added else ""]])
    for p in report.ended:
        writer.writerow([neutralise(v) for v in [*_cells(p, lang, names), translated(ENDED, lang)]])
    return out.getvalue()


def _printable(text: str) -> str:
    """The core PDF fonts hold Latin-1: other letters lose their accents, other signs become '?'."""
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    try:
        return text.encode("latin-1").decode("latin-1")
    except UnicodeEncodeError:
        folded = unicodedata.normalize("NFKD", text)
        return "".join(c for c in folded if not unicodedata.combining(c)).encode("latin-1", "replace").decode("latin-1")


def report_pdf(report: PostingsReport, lang: Lang, names: Names) -> bytes:
    # Imported when a PDF is asked for: fpdf2 and the imaging library it loads added ~20 MB to
    # every server process, for a report a manager prints now and then (issue 22, memory).
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(_printable(label("title", lang, year=report.year)))
    pdf.set_creator("lonet")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 9, _printable(label("title", lang, year=report.year)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(0, 6, _printable(label("basis", lang)), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    def heading(text: str) -> None:
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 7, _printable(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 7)

    added = {p.posting_id for p in report.added}

    def table(rows: list[ReportPosting], marker: Callable[[ReportPosting], str]) -> None:
        if not rows:
            pdf.cell(0, 5, _printable(label("none", lang)), new_x="LMARGIN", new_y="NEXT")
            return
        widths = (16, 22, 20, 32, 17, 22, 28, 28, 34, 17, 17, 20)
        with pdf.table(col_widths=widths, headings_style=FontFace(emphasis="BOLD"), line_height=3.6, text_align="LEFT") as t:
            t.row([_printable(label(c, lang)) for c in (*COLUMNS, "change")])
            for p in rows:
                t.row([_printable(v) for v in (*_cells(p, lang, names), marker(p))])

    def new_marker(p: ReportPosting) -> str:
        return translated(NEW, lang) if p.posting_id in added else ""

    for total in report.totals:
        heading(f"{names(total.state)}")
        table([p for p in report.postings if p.state == total.state], new_marker)

    heading(label("totals", lang))
    pdf.set_font("Helvetica", "", 9)
    for total in report.totals:
        line = state_total(
            lang, total.postings, state=names(total.state), year=report.year, previous=total.previous_year,
            before=report.year - 1, change=total.change,
        )
        pdf.multi_cell(0, 5, _printable(line), new_x="LMARGIN", new_y="NEXT")
        hosts = ", ".join(f"{names(iso2)} {count}" for iso2, count in total.by_host_country)
        if hosts:
            pdf.multi_cell(0, 5, _printable(f"    {hosts}"), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5, _printable(grand_total(lang, report.total)), new_x="LMARGIN", new_y="NEXT")

    heading(label("changes", lang, before=report.year - 1))
    heading(label("added", lang))
    table(report.added, new_marker)
    heading(label("ended", lang))
    table(report.ended, lambda p: translated(ENDED, lang))
    return bytes(pdf.output())
