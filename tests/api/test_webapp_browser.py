"""The web application (webapp/, served at /app/) as its users meet it.

- In a real browser (npm playwright-core driving Debian's Chromium; nothing downloaded) against one
  live `lonet serve --demo`: the production sign-in (the page as OIDC mode serves it, a stand-in
  provider routed by Playwright: discovery, authorization redirect, PKCE code exchange), the
  investigator's journey (search Serbia + drugs, open the best
  match, read the contact with a justification, send a request with a case number and a subject
  (which another service's open request names too: whom to contact there is shown),
  the API's refusal of a wrong phone number shown under that field), the LO's in a second context
  (the request appears in the inbox without reloading, accept, ask for information; the
  investigator sees the question live and answers, the LO sees the answer live; a delay and a
  message each way, seen live; start, complete with an H2 outcome, record consent to share it; the
  investigator sees it live), the LO's own record (and, last, the hand-over of their open requests to a
  deputy), nl and fr, the manager's way to the dashboard, the 390 px phone
  layout (screenshots in webapp/test-artifacts/browser/, kept by CI as artifacts) and axe-core on
  every page with no serious or critical violation. The journeys are webapp/tests/journeys.mjs.
- In Node (node --test webapp/tests/unit.test.mjs): the OpenID Connect PKCE flow against a
  stand-in provider (the redirect URL, the challenge, the code exchange, a forged state), and a
  catalogue with every text in nl, fr, de and en.
- Without a browser: in OIDC mode the page names the provider and the client, its CSP lets the
  page reach the provider, and no demo identity or demo token is offered.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from service.api.app import create_app
from service.settings import AuthMode, Settings

from .test_graphql_http_audit import demo_server

REPO = Path(__file__).resolve().parents[2]
WEBAPP = REPO / "webapp"
ARTIFACTS = WEBAPP / "test-artifacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
NOT_BUILT = "build the web application first: `make webapp` (cd webapp && npm ci && npm run build)"


def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.fail("`node` is not on PATH: the web application's tests need Node.js 20.19+ (.ci/run installs it)")
    return found


def test_the_oidc_sign_in_helpers_and_the_catalogue_in_node() -> None:
    if not (WEBAPP / "node_modules" / "graphql-ws").is_dir():
        pytest.fail(NOT_BUILT)
    run = subprocess.run([node(), "--test", "tests/unit.test.mjs"], cwd=WEBAPP, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "# fail 0" in run.stdout


def test_in_oidc_mode_the_page_sends_the_browser_to_the_provider_and_offers_no_demo_identity(tmp_path: Path) -> None:
    built = tmp_path / "built"
    (built / "assets").mkdir(parents=True)
    (built / "index.html").write_text('<script id="lonet-config" type="application/json">__LONET_APP_CONFIG__</script>')
    settings = Settings(
        LONET_AUTH_MODE=AuthMode.OIDC,
        LONET_OIDC_ISSUER="https://idp.police.example/realms/benelux",
        LONET_OIDC_JWKS_URL="https://idp.police.example/realms/benelux/certs",
        LONET_OIDC_CLIENT_ID="lonet-web",
        LONET_WEBAPP_DIR=built,
    )
    client = TestClient(create_app(settings, executor=object()))  # type: ignore[arg-type]  # no store is read

    home = client.get("/", follow_redirects=False)
    assert (home.status_code, home.headers["location"]) == (307, "/app/")
    page = client.get("/app/")
    assert page.status_code == 200
    config = json.loads(re.search(r">(\{.*\})<", page.text).group(1))
    assert config["mode"] == "oidc"
    assert config["oidc"] == {"issuer": "https://idp.police.example/realms/benelux", "clientId": "lonet-web", "scope": "openid profile"}
    assert "identities" not in config
    csp = page.headers["content-security-policy"]
    assert "connect-src 'self' https://idp.police.example;" in csp
    assert "script-src 'self';" in csp  # the built script is a file, never inline
    assert client.get("/auth/demo-token?identity=admin").status_code == 404


def test_an_unbuilt_application_says_how_to_build_it(tmp_path: Path) -> None:
    settings = Settings(LONET_AUTH_MODE=AuthMode.DEV, LONET_DEV_KEY_FILE=tmp_path / "key.json", LONET_WEBAPP_DIR=tmp_path / "nothing")
    page = TestClient(create_app(settings, executor=object(), demo=True)).get("/app/")  # type: ignore[arg-type]
    assert page.status_code == 503
    assert "make webapp" in page.text


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium): `.ci/run` installs it with apt")
def test_investigator_and_liaison_officer_journeys_in_a_real_browser(tmp_path: Path) -> None:
    if not (WEBAPP / "dist" / "index.html").is_file() or not (WEBAPP / "node_modules" / "playwright-core").is_dir():
        pytest.fail(NOT_BUILT)
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    with demo_server(tmp_path) as url:
        run = subprocess.run(
            [node(), "tests/journeys.mjs"],
            cwd=WEBAPP,
            env={**os.environ, "LONET_URL": url.removesuffix("/graphql"), "ARTIFACTS_DIR": str(ARTIFACTS), "CHROMIUM": str(CHROMIUM)},
            capture_output=True,
            text=True,
            timeout=240,
        )
    lines = run.stdout.strip().splitlines()
    assert lines, f"the journeys printed nothing (exit {run.returncode}):\n{run.stderr}"
    seen = json.loads(lines[-1])
    assert seen["ok"], f"{seen.get('error')}\nseen: {json.dumps(seen, indent=1)}\n{run.stderr}"
    assert seen["oidc"]["challenge"] == "S256" and seen["oidc"]["landed"] == "/app/#/search"  # signed in through the stand-in provider
    assert seen["bestMatch"]["officer"] == "LO-001" and seen["bestMatch"]["route"] == "DIRECT"
    assert "@" in seen["contact"]
    assert re.fullmatch(r"BNL-\d{4}-\d{6}", seen["request"]["reference"])
    # The Dutch police asked about the same number first: the Belgian investigator learns whom to call there
    [match] = seen["request"]["deconfliction"]
    assert "Politie" in match and "Insp. Sanne de Vries · +31105550123" in match
    assert seen["request"]["caseNumber"] == "AN.20.L1.012345/26" and seen["request"]["subjects"] == ["Phone number: +381645550199"]
    # The API's field path put the error under the subject's phone field (and the summary names it)
    assert seen["fieldError"]["field"] == "subjects[0].phone"
    assert "'+381 64' is not a valid phone number" in seen["fieldError"]["message"] and not seen["fieldError"]["message"].startswith("subjects")
    assert "Phone number" in seen["fieldError"]["summary"]
    conversation = seen["conversation"]
    assert conversation["questionSeenLive"] and conversation["answerSeenLive"] and conversation["messagesSeenLive"]
    assert conversation["lo"] == ["delay", "question", "answer", "message", "message"]  # oldest first
    assert seen["consentRecorded"]  # the LO let the H2 outcome go further
    handover = seen["handedOver"]  # the LO's open requests to a deputy; what stayed, with why
    assert handover["moved"] + handover["kept"] >= 1 and len(handover["withheld"]) == handover["kept"]
    assert seen["arrivedLive"] and seen["investigatorSawAccepted"] and seen["completed"]
    assert seen["deputyCandidates"] > 100  # the picker pages through the directory (117 officers)
    assert seen["languages"] == ["nl", "fr"]
    assert seen["dashboard"] == "/dashboard?identity=manager-nl"
    pages = {
        "sign-in", "search", "search-results", "officer", "request", "request-error", "tasking-investigator", "inbox", "tasking-lo",
        "tasking-investigator-question", "tasking-lo-conversation", "requests", "record", "search-nl", "tasking-phone-lo",
        "tasking-phone-investigator", "dashboard", "record-handover", "tasking-fr",
    }
    assert pages <= set(seen["axe"]), f"axe-core did not check {pages - set(seen['axe'])}"
    assert not [v for violations in seen["axe"].values() for v in violations if v.split(":")[0] in ("serious", "critical")]
    assert seen["untranslated"] == {}
    assert len(seen["screenshots"]) == 13 and all(Path(p).is_file() for p in seen["screenshots"])
    assert seen["foreignRequests"] == [] and seen["consoleErrors"] == []
