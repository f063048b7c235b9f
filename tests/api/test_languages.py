"""Everything a request answers is in the caller's language: Accept-Language (nl, fr, de, en;
en when none of them is asked for), overridden by a field's `lang` argument."""

from __future__ import annotations

import pytest

from .conftest import GraphQLClient

SEARCH = """
query Search($country: String!, $lang: Lang) {
  searchLiaisons(country: $country, competence: "DRUGS", requestingService: "BE-FEDPOL", lang: $lang) {
    matches { reasons posting { country { name } } }
  }
}
"""
COVERAGE = "{ coverage { asOf } }"  # managers' and admins' statistics: FORBIDDEN to an investigator

EXPECTED = {
    "nl-BE,nl;q=0.9": {
        "reason": "geplaatst in Belgrade (Servië)",
        "unknown": "onbekende landcode 'QQ' (gebruik ISO 3166-1 alpha-2, bv. RS)",
        "forbidden": "niet toegestaan: readAnalytics vereist een van deze rollen:",
    },
    "fr-BE": {
        "reason": "en poste à Belgrade (Serbie)",
        "unknown": "code pays inconnu 'QQ' (utilisez ISO 3166-1 alpha-2, p. ex. RS)",
        "forbidden": "non autorisé : readAnalytics exige l'un de ces rôles :",
    },
    "de": {
        "reason": "eingesetzt in Belgrade (Serbien)",
        "unknown": "unbekannter Ländercode 'QQ' (ISO 3166-1 Alpha-2 verwenden, z. B. RS)",
        "forbidden": "nicht erlaubt: readAnalytics erfordert eine dieser Rollen:",
    },
    "es-ES, pt;q=0.5": {  # nothing lonet speaks: English
        "reason": "posted in Serbia (Belgrade)",
        "unknown": "unknown country code 'QQ' (use ISO 3166-1 alpha-2, e.g. RS)",
        "forbidden": "not allowed: Requires readAnalytics:",
    },
}


@pytest.mark.parametrize("header", list(EXPECTED))
async def test_reasons_and_errors_come_in_the_language_the_caller_accepts(api: GraphQLClient, header: str) -> None:
    expected = EXPECTED[header]
    found = await api.post(SEARCH, {"country": "RS"}, **{"Accept-Language": header})
    unknown = await api.post(SEARCH, {"country": "QQ"}, **{"Accept-Language": header})
    refused = await api.post(COVERAGE, **{"Accept-Language": header})

    assert expected["reason"] in found.json()["data"]["searchLiaisons"]["matches"][0]["reasons"]
    assert found.headers["content-language"] == ("en" if header.startswith("es") else header[:2])
    [error] = unknown.json()["errors"]
    assert (error["message"], error["extensions"]["code"]) == (expected["unknown"], "BAD_USER_INPUT")
    [error] = refused.json()["errors"]
    assert error["message"].startswith(expected["forbidden"]) and error["extensions"]["code"] == "FORBIDDEN"


async def test_a_lang_argument_overrides_the_header_for_its_field(api: GraphQLClient) -> None:
    response = await api.post(SEARCH, {"country": "RS", "lang": "FR"}, **{"Accept-Language": "nl"})

    first = response.json()["data"]["searchLiaisons"]["matches"][0]
    assert "en poste à Belgrade (Serbie)" in first["reasons"]  # the field's lang
    assert first["posting"]["country"]["name"] == "Servië"  # a field without lang: the request's


# -- one area each: graphql-core's validation, findOfficers, the bulk import, the dashboard -------


async def test_graphql_cores_own_validation_messages_come_in_german(api: GraphQLClient) -> None:
    typo = await api.post("{ officerz(id: \"LO-001\") { id } }", **{"Accept-Language": "de-DE"})
    missing = await api.post("query Officer($id: ID!) { officer(id: $id) { id } }", **{"Accept-Language": "de-DE"})

    [error] = typo.json()["errors"]
    assert error["message"].startswith("Das Feld 'officerz' gibt es im Typ 'Query' nicht. Meinten Sie ")
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert error["extensions"]["originalMessage"].startswith("Cannot query field 'officerz' on type 'Query'.")
    [error] = missing.json()["errors"]
    assert error["message"] == "Die erforderliche Variable '$id' vom Typ 'ID!' wurde nicht angegeben."


async def test_a_find_officers_refusal_comes_in_dutch(api: GraphQLClient) -> None:
    response = await api.post('{ findOfficers(text: "?! -") { edges { node { id } } } }', **{"Accept-Language": "nl-BE"})

    [error] = response.json()["errors"]
    assert (error["message"], error["extensions"]["code"]) == ("text moet minstens één letter of cijfer bevatten", "BAD_USER_INPUT")


async def test_a_bulk_import_report_comes_in_french(api: GraphQLClient) -> None:
    admin = api.as_("admin")
    rows = "id,name,service,languages\nLO-H02,,BE-FEDPOL,nl\nLO-H03,Piet,BE-NOPE,nl\n"

    response = await admin.http.post(
        "/admin/import", files={"officers.csv": ("officers.csv", rows.encode())}, headers={**admin.headers, "Accept-Language": "fr-LU"}
    )

    assert response.status_code == 422
    assert [(p["line"], p["column"], p["reason"]) for p in response.json()["problems"]] == [
        (2, "name", "obligatoire, mais vide"),
        (3, "service", "service inconnu 'BE-NOPE'"),
    ]


async def test_the_dashboard_page_comes_in_french(api: GraphQLClient) -> None:
    page = (await api.http.get("/dashboard", headers={"Accept-Language": "fr-BE,fr;q=0.9", "Authorization": ""})).text

    assert '<html lang="fr">' in page and "<h1>lonet <span>couverture du réseau</span></h1>" in page
    assert "Affectations prenant fin dans les six mois" in page and "{{" not in page
    assert '"noGaps": "aucune lacune"' in page  # what its script writes, too
    assert '"label": "Gestionnaire, Police fédérale (Belgique)"' in page  # and its demo identities
