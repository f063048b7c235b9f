"""The coverage dashboard in a real browser: Debian's headless Chromium driven by Selenium (with
Debian's chromedriver; nothing is downloaded) against a real `lonet serve`.

On the small network (tests/networks/small; its answers are worked out in test_analytics.py) the
map, the gaps, the single points and the expiring postings the page shows are the hand-worked
answers and the GraphQL API's; changing the competence filter changes both alike. On the demo
network a manager sees the Western Balkans' real gaps (North Macedonia, Kosovo) and single points. An
investigator sees FORBIDDEN and no data.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.settings import Engine, Settings
from service.store import open_executor
from tests.networks import load_network
from tests.test_durability import start

from .test_graphql_http_audit import demo_server, free_port, server_env

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WAIT_S = 20
WB = ["AL", "BA", "ME", "MK", "RS", "XK"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium): `.ci/run` installs it with apt"
)

# What the page shows, read from the DOM: each country's colour on the map, each table's cells.
READ_PAGE = """
const rows = (id) => [...document.querySelectorAll(`#${id} tbody tr[data-iso2]`)];
const cells = (id) => rows(id).flatMap((r) => r.dataset.competences.split(" ").map((c) => `${r.dataset.iso2}:${c}`)).sort();
return {
  map: Object.fromEntries([...document.querySelectorAll("#map path[data-status]")].map((p) => [p.dataset.iso2, p.dataset.status])),
  shapes: document.querySelectorAll("#map path").length,
  gaps: cells("gaps"),
  singles: cells("single-points"),
  singleOfficers: Object.fromEntries(rows("single-points").map((r) => [`${r.dataset.iso2}:${r.dataset.officer}`, r.dataset.hasDeputy])),
  expiring: [...document.querySelectorAll("#expiring tbody tr[data-posting]")].map((r) => [r.dataset.posting, r.dataset.gaps]),
  summary: document.getElementById("summary").textContent,
  error: document.getElementById("error").hidden ? null : document.getElementById("error").textContent,
};
"""
QUERY = """query($competence: String) { coverage(competence: $competence) {
  countries { country { iso2 } status }
  gaps { country { iso2 } competence { code } }
  singlePoints { country { iso2 } competence { code } officer { id } hasDeputy }
  expiringPostings(withinMonths: 6) { posting { id } wouldBecomeGaps { country { iso2 } competence { code } } }
} }"""


@contextmanager
def browser() -> Iterator[Any]:
    if not CHROMEDRIVER.exists():
        pytest.fail(f"{CHROMEDRIVER} is missing: install Debian's chromium-driver (`.ci/run` does)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(WAIT_S)
    try:
        yield driver
    finally:
        driver.quit()


def settled(driver: Any, competence: str = "") -> dict[str, Any]:
    """Wait until the page has drawn the answer for the competence (or an error), then read it."""
    from selenium.webdriver.support.ui import WebDriverWait

    def done(d: Any) -> bool:
        body = d.find_element("tag name", "body")
        state = body.get_attribute("data-state")
        return state == "error" or (state == "ready" and (body.get_attribute("data-competence") or "") == competence)

    WebDriverWait(driver, WAIT_S).until(done)
    return driver.execute_script(READ_PAGE)


def choose_competence(driver: Any, code: str) -> dict[str, Any]:
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("id", "competence")).select_by_value(code)
    return settled(driver, code)


def api_answer(base: str, competence: str | None = None) -> dict[str, Any]:
    """The GraphQL answer, as the Dutch manager."""
    token = httpx.get(f"{base}/auth/demo-token", params={"identity": "manager-nl"}).json()["token"]
    body = httpx.post(
        f"{base}/graphql", json={"query": QUERY, "variables": {"competence": competence}}, headers={"Authorization": f"Bearer {token}"}
    ).json()
    assert "errors" not in body, body
    report = body["data"]["coverage"]
    cell = lambda i: f"{i['country']['iso2']}:{i['competence']['code']}"  # noqa: E731
    return {
        "map": {c["country"]["iso2"]: c["status"] for c in report["countries"]},
        "gaps": sorted(cell(g) for g in report["gaps"]),
        "singles": sorted(cell(s) for s in report["singlePoints"]),
        "singleOfficers": {f"{s['country']['iso2']}:{s['officer']['id']}": str(s["hasDeputy"]).lower() for s in report["singlePoints"]},
        "expiring": [[e["posting"]["id"], " ".join(cell(g) for g in e["wouldBecomeGaps"])] for e in report["expiringPostings"]],
    }


def shown(page: dict[str, Any]) -> dict[str, Any]:
    return {key: page[key] for key in ("map", "gaps", "singles", "singleOfficers", "expiring")}


@contextmanager
def small_server(tmp_path: Path) -> Iterator[str]:
    store = tmp_path / "small.lbug"

    async def seed() -> None:
        executor = open_executor(Settings(LONET_ENGINE=Engine.EMBEDDED, LONET_EMBEDDED_PATH=store))
        try:
            await load_network(executor)
        finally:
            await executor.close()

    asyncio.run(seed())
    env = {**server_env(tmp_path), "LONET_AUTH_MODE": "dev", "LONET_EMBEDDED_PATH": str(store), "LONET_TODAY": "2026-11-24"}
    port = free_port()
    server = start(env, tmp_path, port, tmp_path / "server.log")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_dashboard_shows_the_hand_worked_answer_and_the_apis_and_follows_the_filter(tmp_path: Path) -> None:
    with small_server(tmp_path) as base, browser() as driver:
        driver.get(f"{base}/dashboard?identity=manager-nl")
        page = settled(driver)
        assert page["error"] is None and page["shapes"] > 150  # the world map is drawn
        assert page["map"] == {
            "RS": "COVERED", "AL": "SINGLE_POINT", "ME": "SINGLE_POINT", "MK": "SINGLE_POINT", "BA": "GAP", "XK": "GAP",
            "MA": "SINGLE_POINT", "DZ": "SINGLE_POINT", "FR": "GAP", "CN": "GAP",
        }
        assert page["gaps"] == sorted(
            [f"{c}:{k}" for c in ("AL", "ME") for k in ("CYBER", "THB")] + ["MK:CYBER", "RS:CYBER", "MA:THB", "DZ:THB"]
            + [f"{c}:{k}" for c in ("BA", "XK", "FR", "CN") for k in ("CYBER", "DRUGS", "THB")]
        )
        assert page["singles"] == sorted(
            ["AL:DRUGS", "ME:DRUGS", "MK:DRUGS", "MK:THB", "RS:THB"] + [f"{c}:{k}" for c in ("MA", "DZ") for k in ("CYBER", "DRUGS")]
        )
        assert page["singleOfficers"] == {
            "AL:LO-102": "false", "ME:LO-102": "false", "MK:LO-101": "true", "RS:LO-101": "true",
            "MA:LO-104": "false", "DZ:LO-104": "false",
        }
        assert page["expiring"] == [["P-104", "DZ:CYBER MA:CYBER MA:DRUGS"]]
        assert "10 countries in scope, 1 covered, 5 on a single LO, 4 without any LO" in page["summary"]
        assert shown(page) == api_answer(base)
        france = driver.find_element("css selector", '#gaps tr[data-iso2="FR"]').text
        assert "France (FR)" in france and "CYBER, DRUGS, THB" in france

        cyber = choose_competence(driver, "CYBER")
        assert cyber["map"] == {**dict.fromkeys(WB, "GAP"), "MA": "SINGLE_POINT", "DZ": "SINGLE_POINT", "FR": "GAP", "CN": "GAP"}
        assert cyber["gaps"] == sorted(f"{c}:CYBER" for c in [*WB, "FR", "CN"])
        assert cyber["singles"] == ["DZ:CYBER", "MA:CYBER"]
        assert shown(cyber) == api_answer(base, "CYBER")
        assert driver.find_element("css selector", '#map path[data-iso2="RS"]').get_attribute("class") == "gap"
        driver.save_screenshot(str(tmp_path / "dashboard-cyber.png"))
        assert (tmp_path / "dashboard-cyber.png").stat().st_size > 10_000

        for identity in ("investigator-be", "lo-belgrade"):
            driver.get(f"{base}/dashboard?identity={identity}")
            refused = settled(driver)
            assert refused["error"].startswith("FORBIDDEN") and "readAnalytics" in refused["error"], identity
            assert refused["map"] == {} and refused["gaps"] == refused["singles"] == refused["expiring"] == []
            driver.save_screenshot(str(tmp_path / f"dashboard-{identity}.png"))


def test_on_the_demo_network_a_manager_sees_the_balkans_gaps_and_single_points(tmp_path: Path) -> None:
    with demo_server(tmp_path) as url, browser() as driver:
        base = url.removesuffix("/graphql")
        driver.get(f"{base}/dashboard?identity=manager-nl")
        page = settled(driver)
        assert page["error"] is None
        assert {iso2: page["map"][iso2] for iso2 in WB} == {
            "AL": "SINGLE_POINT", "BA": "SINGLE_POINT", "ME": "COVERED", "RS": "COVERED", "MK": "GAP", "XK": "GAP"
        }  # nobody declares North Macedonia or Kosovo
        assert page["gaps"] and page["singles"] and page["expiring"]
        answer = api_answer(base)
        assert page["map"] == {iso2: status for iso2, status in answer["map"].items() if iso2 in page["map"]}
        assert shown(page) == {**answer, "map": page["map"]}  # the map has no shapes for small countries
        driver.save_screenshot(str(tmp_path / "dashboard-demo.png"))
