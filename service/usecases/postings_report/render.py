"""The annual postings report as CSV and as a printable PDF (fpdf2), in the caller's language.

Every label is a complete text per language, chosen in one place (LABELS)."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Mapping

from fpdf import FPDF
from fpdf.fonts import FontFace

from ...domain.models import Country, Lang
from ..spreadsheet_cells import neutralise
from .report import PostingsReport, ReportPosting

LABELS: dict[str, dict[Lang, str]] = {
    "title": {
        Lang.EN: "Liaison officer postings in {year}",
        Lang.NL: "Detacheringen van verbindingsofficieren in {year}",
        Lang.FR: "Détachements d'officiers de liaison en {year}",
        Lang.DE: "Entsendungen von Verbindungsbeamten im Jahr {year}",
    },
    "basis": {
        Lang.EN: "Annual notification under Council Decision 2003/170/JHA (as amended by 2006/560/JHA).",
        Lang.NL: "Jaarlijkse kennisgeving op grond van Besluit 2003/170/JBZ van de Raad (gewijzigd bij 2006/560/JBZ).",
        Lang.FR: "Notification annuelle au titre de la décision 2003/170/JAI du Conseil (modifiée par 2006/560/JAI).",
        Lang.DE: "Jährliche Mitteilung nach dem Beschluss 2003/170/JI des Rates (geändert durch 2006/560/JI).",
    },
    "state": {Lang.EN: "Posting state", Lang.NL: "Detacherende staat", Lang.FR: "État d'envoi", Lang.DE: "Entsendestaat"},
    "host": {Lang.EN: "Host country", Lang.NL: "Gastland", Lang.FR: "Pays d'accueil", Lang.DE: "Gastland"},
    "city": {Lang.EN: "City", Lang.NL: "Stad", Lang.FR: "Ville", Lang.DE: "Stadt"},
    "officer": {Lang.EN: "Officer", Lang.NL: "Officier", Lang.FR: "Officier", Lang.DE: "Beamter"},
    "kind": {Lang.EN: "Kind", Lang.NL: "Soort", Lang.FR: "Type", Lang.DE: "Art"},
    "accredited": {Lang.EN: "Accreditations", Lang.NL: "Accreditaties", Lang.FR: "Accréditations", Lang.DE: "Akkreditierungen"},
    "area": {
        Lang.EN: "Area of responsibility", Lang.NL: "Verantwoordelijkheidsgebied", Lang.FR: "Zone de compétence",
        Lang.DE: "Zuständigkeitsbereich",
    },
    "competences": {Lang.EN: "Competences", Lang.NL: "Competenties", Lang.FR: "Compétences", Lang.DE: "Kompetenzen"},
    "services": {
        Lang.EN: "Services served (joint use)", Lang.NL: "Bediende diensten (gezamenlijk gebruik)",
        Lang.FR: "Services servis (usage commun)", Lang.DE: "Bediente Dienste (gemeinsame Nutzung)",
    },
    "start": {Lang.EN: "Start", Lang.NL: "Begin", Lang.FR: "Début", Lang.DE: "Beginn"},
    "end": {Lang.EN: "End", Lang.NL: "Einde", Lang.FR: "Fin", Lang.DE: "Ende"},
    "all_services": {
        Lang.EN: "all Benelux services", Lang.NL: "alle Benelux-diensten", Lang.FR: "tous les services Benelux",
        Lang.DE: "alle Benelux-Dienste",
    },
    "totals": {
        Lang.EN: "Totals per posting state and host country", Lang.NL: "Totalen per detacherende staat en gastland",
        Lang.FR: "Totaux par État d'envoi et pays d'accueil", Lang.DE: "Summen je Entsendestaat und Gastland",
    },
    "state_total": {
        Lang.EN: "{state}: {count} postings in {year} ({previous} in {before}, change {change:+d}).",
        Lang.NL: "{state}: {count} detacheringen in {year} ({previous} in {before}, verschil {change:+d}).",
        Lang.FR: "{state} : {count} détachements en {year} ({previous} en {before}, écart {change:+d}).",
        Lang.DE: "{state}: {count} Entsendungen im Jahr {year} ({previous} im Jahr {before}, Veränderung {change:+d}).",
    },
    "grand_total": {
        Lang.EN: "Benelux total: {count} postings.", Lang.NL: "Totaal Benelux: {count} detacheringen.",
        Lang.FR: "Total Benelux : {count} détachements.", Lang.DE: "Benelux insgesamt: {count} Entsendungen.",
    },
    "changes": {
        Lang.EN: "Changes against {before}", Lang.NL: "Wijzigingen ten opzichte van {before}",
        Lang.FR: "Changements par rapport à {before}", Lang.DE: "Änderungen gegenüber {before}",
    },
    "added": {Lang.EN: "New postings", Lang.NL: "Nieuwe detacheringen", Lang.FR: "Nouveaux détachements", Lang.DE: "Neue Entsendungen"},
    "ended": {
        Lang.EN: "Postings ended", Lang.NL: "Beëindigde detacheringen", Lang.FR: "Détachements terminés",
        Lang.DE: "Beendete Entsendungen",
    },
    "none": {Lang.EN: "None.", Lang.NL: "Geen.", Lang.FR: "Aucun.", Lang.DE: "Keine."},
    "change": {Lang.EN: "Change", Lang.NL: "Wijziging", Lang.FR: "Changement", Lang.DE: "Änderung"},
}
COLUMNS = ("state", "host", "city", "officer", "kind", "accredited", "area", "competences", "services", "start", "end")


def label(key: str, lang: Lang, **values: object) -> str:
    return LABELS[key][lang].format(**values)


Names = Callable[[str], str]  # a country code -> its name in the caller's language


def country_names(countries: Mapping[str, Country], lang: Lang) -> Names:
    return lambda iso2: countries[iso2].name(lang) if iso2 in countries else iso2


def _cells(p: ReportPosting, lang: Lang, names: Names) -> list[str]:
    return [
        names(p.state), names(p.host_country), p.city, f"{p.officer_name} ({p.officer_id})", p.kind,
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
        writer.writerow([neutralise(v) for v in [*_cells(p, lang, names), "NEW" if p.posting_id in added else ""]])
    for p in report.ended:
        writer.writerow([neutralise(v) for v in [*_cells(p, lang, names), "ENDED"]])
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

    def table(rows: list[ReportPosting]) -> None:
        if not rows:
            pdf.cell(0, 5, _printable(label("none", lang)), new_x="LMARGIN", new_y="NEXT")
            return
        widths = (16, 22, 20, 36, 17, 24, 30, 30, 40, 17, 17)
        with pdf.table(col_widths=widths, headings_style=FontFace(emphasis="BOLD"), line_height=3.6, text_align="LEFT") as t:
            t.row([_printable(label(c, lang)) for c in COLUMNS])
            for p in rows:
                t.row([_printable(v) for v in _cells(p, lang, names)])

    for total in report.totals:
        heading(f"{names(total.state)}")
        table([p for p in report.postings if p.state == total.state])

    heading(label("totals", lang))
    pdf.set_font("Helvetica", "", 9)
    for total in report.totals:
        line = label(
            "state_total", lang, state=names(total.state), count=total.postings, year=report.year,
            previous=total.previous_year, before=report.year - 1, change=total.change,
        )
        pdf.multi_cell(0, 5, _printable(line), new_x="LMARGIN", new_y="NEXT")
        hosts = ", ".join(f"{names(iso2)} {count}" for iso2, count in total.by_host_country)
        if hosts:
            pdf.multi_cell(0, 5, _printable(f"    {hosts}"), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5, _printable(label("grand_total", lang, count=report.total)), new_x="LMARGIN", new_y="NEXT")

    heading(label("changes", lang, before=report.year - 1))
    heading(label("added", lang))
    table(report.added)
    heading(label("ended", lang))
    table(report.ended)
    return bytes(pdf.output())
