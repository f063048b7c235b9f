"""The annual postings report: GraphQL, CSV and a PDF whose text is read back, for managers and
admins only; a year in the future is bad input."""

from __future__ import annotations

import io
from csv import DictReader

from pypdf import PdfReader

from .conftest import GraphQLClient

REPORT = """query($year: Int!) { postingsReport(year: $year) { year total
    totals { state { iso2 } postings previousYear change byHostCountry { country { iso2 } postings } }
    postings { postingId officer { id } hostCountry { iso2 } servesAll servedServices competences startsOn endsOn }
    added { postingId } ended { postingId } } }"""


async def test_managers_get_the_years_postings_with_totals_and_changes(api: GraphQLClient) -> None:
    report = (await api.as_("manager-nl").data(REPORT, {"year": 2018}))["postingsReport"]

    by_state = {t["state"]["iso2"]: t for t in report["totals"]}
    assert report["total"] == sum(t["postings"] for t in report["totals"]) == len(report["postings"])
    assert report["total"] >= 60  # the LOs of the joint week of April 2018, and those posted later that year
    assert by_state["LU"]["postings"] == 0 and by_state["BE"]["postings"] > 0 and by_state["NL"]["postings"] > 0
    assert all(t["change"] == t["postings"] - t["previousYear"] for t in report["totals"])
    assert all(p["startsOn"] <= "2018-12-31" and (p["endsOn"] is None or p["endsOn"] >= "2018-01-01") for p in report["postings"])
    listed = {p["postingId"] for p in report["postings"]}
    assert {p["postingId"] for p in report["added"]} <= listed and not {p["postingId"] for p in report["ended"]} & listed


async def test_a_future_year_is_bad_input_and_investigators_are_refused(api: GraphQLClient) -> None:
    future = await api.as_("manager-be").errors(REPORT, {"year": 2031})
    refused = await api.errors(REPORT, {"year": 2025})
    http_future = await api.http.get("/reports/postings/2031.pdf", headers=api.as_("manager-be").headers)
    http_refused = await api.http.get("/reports/postings/2025.csv", headers=api.headers)

    assert future[0]["extensions"]["code"] == "BAD_USER_INPUT" and "2031 lies in the future" in future[0]["message"]
    assert refused[0]["extensions"]["code"] == "FORBIDDEN"
    assert http_future.status_code == 400 and "2031 lies in the future" in http_future.json()["errors"][0]["message"]
    assert http_refused.status_code == 403
    in_german = await api.http.get("/reports/postings/2031.csv", headers={**api.as_("manager-be").headers, "Accept-Language": "de"})
    assert "das Jahr 2031 liegt in der Zukunft" in in_german.json()["errors"][0]["message"]


async def test_the_pdf_reads_in_the_callers_language_and_the_csv_too(api: GraphQLClient) -> None:
    manager = api.as_("manager-be")
    pdf = await manager.http.get("/reports/postings/2025.pdf?lang=nl", headers=manager.headers)
    csv = await manager.http.get("/reports/postings/2025.csv", headers={**manager.headers, "Accept-Language": "fr-BE,fr;q=0.9"})

    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Detacheringen van verbindingsofficieren in 2025" in text
    assert "Gastland" in text and "Ruud Verhoeven" in text and "Servië" in text  # LO-001 in Belgrade, in Dutch
    assert "Totaal Benelux" in text and "Wijzigingen ten opzichte van 2024" in text
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    header = csv.text.splitlines()[0]
    assert "Pays d'accueil" in header and "Zone de compétence" in header
    assert "LO-001" in csv.text
    rows = list(DictReader(io.StringIO(csv.text)))
    assert {r["Type"] for r in rows} <= {"résident", "régional", "multilatéral"} and "résident" in {r["Type"] for r in rows}
    assert {r["Changement"] for r in rows} == {"", "NOUVEAU", "TERMINÉ"}  # the change markers, in French too


async def test_the_french_pdf_marks_new_and_ended_postings_in_french(api: GraphQLClient) -> None:
    manager = api.as_("manager-be")
    pdf = await manager.http.get("/reports/postings/2025.pdf", headers={**manager.headers, "Accept-Language": "fr"})

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "NOUVEAU" in text and "TERMINÉ" in text and "résident" in text and "Changement" in text
    assert "Total Benelux :" in text and "détachements en 2025" in text
    assert "NEW" not in text and "ENDED" not in text and "resident" not in text
