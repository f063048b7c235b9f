"""GraphiQL renders from lonet's own assets (no CDN), in headless Chromium, and runs an operation."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from .test_dashboard_browser import CHROMIUM, browser
from .test_graphql_http_audit import demo_server

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium): `.ci/run` installs it with apt"
)


def test_the_page_and_its_assets_come_from_lonet(tmp_path: Path) -> None:
    with demo_server(tmp_path) as url:
        page = httpx.get(url, headers={"Accept": "text/html"}).text
        assert "unpkg.com" not in page and "/graphql/assets/graphiql.min.js" in page
        base = url.rsplit("/graphql", 1)[0]
        script = httpx.get(f"{base}/graphql/assets/graphiql.min.js")
        assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
        assert httpx.get(f"{base}/graphql/assets/..%2Fapp.py").status_code == 404
        assert httpx.get(f"{base}/graphql/assets/LICENSES.md").status_code == 404  # only the listed files


# Every saved tab through the page's own fetcher, in order, as GraphiQL sends it (the tab's
# variables object and its headers): the errors of each, [] when none.
RUN_THE_WALKTHROUGH = """
const done = arguments[arguments.length - 1];
(async () => {
  const problems = [];
  for (const tab of tabs) {
    const body = await fetcher({ query: tab.query, variables: JSON.parse(tab.variables) }, { headers: JSON.parse(tab.headers) });
    if (body.errors) problems.push({ tab: tab.query.split("\\n")[0], errors: body.errors });
  }
  return problems;
})().then(done, (error) => done(String(error)));
"""


def test_graphiql_renders_offline_and_runs_the_first_tab_then_every_tab_in_order(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as until
    from selenium.webdriver.support.ui import WebDriverWait

    with demo_server(tmp_path) as url, browser() as driver:
        driver.get(url)
        wait = WebDriverWait(driver, 20)
        wait.until(until.presence_of_element_located((By.CSS_SELECTOR, ".graphiql-container")))
        wait.until(until.element_to_be_clickable((By.CSS_SELECTOR, ".graphiql-execute-button"))).click()
        wait.until(lambda d: "LO-001" in d.find_element(By.CSS_SELECTOR, ".result-window").text)
        driver.save_screenshot(str(tmp_path / "graphiql.png"))

        driver.set_script_timeout(60)
        assert driver.execute_async_script(RUN_THE_WALKTHROUGH) == []
        completed = driver.execute_script("return answers.CompleteTasking.completeTasking")
        assert completed["status"] == "COMPLETED" and completed["version"] == 6  # accepted, asked, answered, started, completed
