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
