"""The dashboard page and its assets: served to anyone, holding no data, needing nothing from
elsewhere (the page works offline), and a world map keyed by ISO alpha-2 codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from seed import DEFAULT_SEED_DIR
from service.settings import AuthMode
from service.store import Executor
from tests.security.helpers import serve

from .conftest import GraphQLClient, dev_settings

ASSETS = {"dashboard.js": "text/javascript", "dashboard.css": "text/css", "world-110m.json": "application/json"}
NO_TOKEN = {"Authorization": ""}


def identities(html: str) -> list[dict]:
    embedded = re.search(r'<script id="identities" type="application/json">(.*?)</script>', html, re.S)
    assert embedded, "the page carries its identity list"
    return json.loads(embedded.group(1))


async def test_the_page_is_served_without_a_token_and_holds_no_data(api: GraphQLClient) -> None:
    response = await api.http.get("/dashboard", headers=NO_TOKEN)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert [i["key"] for i in identities(response.text)][:2] == ["investigator-be", "investigator-nl"]  # dev mode: the picker
    officers = json.loads((DEFAULT_SEED_DIR / "officers.json").read_text(encoding="utf-8"))
    leaked = [o["name"] for o in officers if o["name"] in response.text]
    assert leaked == [] and "COVERED" not in response.text


@pytest.mark.parametrize(("name", "media_type"), sorted(ASSETS.items()))
async def test_every_asset_comes_from_lonet_itself(api: GraphQLClient, name: str, media_type: str) -> None:
    response = await api.http.get(f"/dashboard/{name}", headers=NO_TOKEN)
    assert response.status_code == 200 and response.headers["content-type"].startswith(media_type)
    # No CDN, no web font, no tile server: the only absolute URL is the SVG namespace name.
    assert set(re.findall(r"https?://[^\s\"'`)]+", response.text)) <= {"http://www.w3.org/2000/svg"}


async def test_the_page_loads_only_its_own_assets(api: GraphQLClient) -> None:
    html = (await api.http.get("/dashboard", headers=NO_TOKEN)).text
    references = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert references and all(r.startswith("/dashboard/") or r.startswith("data:") for r in references), references


@pytest.mark.parametrize("path", ["/dashboard/server.log", "/dashboard/..%2Fdashboard.py", "/dashboard/dashboard.html"])
async def test_nothing_else_is_served_from_the_asset_folder(api: GraphQLClient, path: str) -> None:
    assert (await api.http.get(path, headers=NO_TOKEN)).status_code == 404


async def test_the_world_map_is_keyed_by_iso_alpha2_kosovo_included(api: GraphQLClient) -> None:
    response = await api.http.get("/dashboard/world-110m.json", headers=NO_TOKEN)
    world = response.json()
    assert len(response.content) < 300_000
    assert "Natural Earth" in world["source"] and set(world["views"]) == {"world", "europe"}
    known = {c["iso2"] for c in json.loads((DEFAULT_SEED_DIR / "countries.json").read_text(encoding="utf-8"))}
    assert set(world["paths"]) <= known
    assert {"AL", "BA", "ME", "MK", "RS", "XK", "BE", "NL", "LU"} <= set(world["paths"])
    assert all(re.fullmatch(r"M[-0-9.,MLZ]+", d) for d in world["paths"].values())


async def test_in_production_the_page_asks_for_a_token_and_offers_no_demo_identities(demo_store: Executor, tmp_path: Path) -> None:
    jwks = tmp_path / "jwks.json"
    jwks.write_text('{"keys": []}')
    settings = dev_settings(
        tmp_path, LONET_AUTH_MODE=AuthMode.OIDC, LONET_OIDC_ISSUER="https://idp.example/realms/police", LONET_OIDC_JWKS_FILE=jwks
    )
    async with serve(settings, demo_store) as (_app, http):
        page = await http.get("/dashboard")
        assert page.status_code == 200 and identities(page.text) == []
        assert (await http.get("/auth/demo-token", params={"identity": "manager-nl"})).status_code == 404
        assert (await http.get("/exports/coverage.csv")).status_code == 401


async def test_the_coverage_export_takes_codes_whatever_their_case(api: GraphQLClient) -> None:
    manager = api.as_("manager-nl")

    upper = await manager.http.get("/exports/coverage.csv?region=WESTERN_BALKANS&competence=DRUGS", headers=manager.headers)
    lower = await manager.http.get("/exports/coverage.csv?region=western_balkans&competence=drugs", headers=manager.headers)

    assert upper.status_code == lower.status_code == 200, lower.text
    assert lower.text == upper.text and "RS" in upper.text
