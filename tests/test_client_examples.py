"""The client examples (client_examples/) run against one real `lonet serve --demo`, and the
GraphiQL collection (service/api/graphiql.py and client_examples/graphiql/) is the same and works.

Expectations come from the server's own answers (what the examples must report) and from the
seed files, never from the examples themselves.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import OperationDefinitionNode, parse, validate
from graphql.execution.values import get_variable_values

from service.api.graphiql import EXAMPLES, saved_operation, tab_headers
from service.domain.enums import Lang
from service.graphql.schema import schema
from service.i18n import speaking
from service.security.demo import DEMO_IDENTITIES

from .api.conftest import DEMO_TODAY, GraphQLClient
from .api.test_graphql_http_audit import REPO, demo_server

EXAMPLES_DIR = REPO / "client_examples"
JS_DIR = EXAMPLES_DIR / "js"
CURL_DIR = EXAMPLES_DIR / "curl"
GRAPHIQL_DIR = EXAMPLES_DIR / "graphiql"
SEED = REPO / "seed" / "data"
RUN_TIMEOUT_S = 60
JUSTIFICATION = "case BNL-2026-000123"
DEMO_LO = "LO-001"  # the demo identity lo-belgrade
# With the clarification round trip: the LO asks, the investigator answers, back to ACCEPTED.
LIFECYCLE = ["ACCEPTED", "AWAITING_INFORMATION", "ACCEPTED", "IN_PROGRESS", "COMPLETED"]
FINDER = """query($country: String!, $competence: String, $service: String) {
  searchLiaisons(country: $country, competence: $competence, requestingService: $service) { matches { officer { id } } }
}"""
TASKING = """query($id: ID!) { tasking(id: $id) { reference status outcome requestingService { code } assignee { id }
    events { action note } clarifications { question answer } } }"""
OFFICER = "query($id: ID!) { officer(id: $id) { availability availabilityNote version } }"


def seed(name: str) -> list[dict[str, Any]]:
    return json.loads((SEED / f"{name}.json").read_text())


# -- the live server and what it says -----------------------------------------------------------
@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One `lonet serve --demo` for the module, on the demo network's day; its GraphQL URL."""
    with ExitStack() as stack:
        with pytest.MonkeyPatch.context() as env:
            env.setenv("LONET_TODAY", DEMO_TODAY.isoformat())  # read by the server at its start
            url = stack.enter_context(demo_server(tmp_path_factory.mktemp("client-examples")))
        yield url


def token(url: str, identity: str) -> str:
    response = httpx.get(url.removesuffix("/graphql") + "/auth/demo-token", params={"identity": identity}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["token"]


def ask(url: str, identity: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """The server's own answer, as a demo identity."""
    headers = {"Authorization": f"Bearer {token(url, identity)}", "X-Justification": JUSTIFICATION}
    response = httpx.post(url, json={"query": query, "variables": variables}, headers=headers, timeout=30)
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return body["data"]


def ranking(url: str, country: str = "RS", competence: str = "DRUGS") -> list[str]:
    """The officer ids searchLiaisons ranks for a Belgian Federal Police investigator, best first."""
    data = ask(url, "investigator-be", FINDER, {"country": country, "competence": competence, "service": "BE-FEDPOL"})
    return [m["officer"]["id"] for m in data["searchLiaisons"]["matches"]]


def run(command: list[str], cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False)


def succeeded(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, f"exit {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    return done.stdout


def followed_live(url: str, output: str) -> None:
    """The example printed each of the LO's changes as heard over the subscription, and the
    tasking it followed is, according to the server, the one it requested, now completed."""
    live = re.findall(r"^\s+live: (BNL-\d{4}-\d{6}) is (\w+) \(version (\d+)", output, re.MULTILINE)
    assert [status for _, status, _ in live] == LIFECYCLE, output
    assert [int(version) for _, _, version in live] == [2, 3, 4, 5, 6]
    created = re.search(r"requestTasking -> (BNL-\d{4}-\d{6}) \(id ([\w-]+)\)", output)
    assert created, output
    reference, tasking_id = created.groups()
    assert {ref for ref, _, _ in live} == {reference}
    tasking = ask(url, "investigator-be", TASKING, {"id": tasking_id})["tasking"]
    assert tasking["reference"] == reference and tasking["status"] == "COMPLETED" and tasking["outcome"]
    assert tasking["assignee"]["id"] == DEMO_LO and tasking["requestingService"]["code"] == "BE-FEDPOL"
    assert [e["action"] for e in tasking["events"]] == [
        "REQUESTED", "ACCEPTED", "INFORMATION_REQUESTED", "INFORMATION_PROVIDED", "STARTED", "COMPLETED"
    ]
    [clarification] = tasking["clarifications"]
    assert clarification["question"] and clarification["answer"]
    assert output.splitlines()[-1] == f"followed {reference} live: {' -> '.join(LIFECYCLE)}"


def officer_names() -> dict[str, str]:
    return {o["id"]: o["name"] for o in seed("officers")}


def balkan_countries() -> set[str]:
    """Countries of the Western Balkans in the seed (Benelux countries are never in coverage)."""
    return {c["iso2"] for c in seed("countries") if c.get("region") == "WESTERN_BALKANS"} - {"BE", "NL", "LU"}


# -- Python (gql) -------------------------------------------------------------------------------
def test_the_python_example_finds_the_lo_requests_and_follows_the_tasking_live(server: str) -> None:
    if importlib.util.find_spec("gql") is None:
        pytest.fail("the Python example needs gql: pip install -e '.[test]'")
    best = ranking(server)[0]

    output = succeeded(run([sys.executable, "client_examples/python/request_and_follow.py", server]))

    assert f"  1. {best} {officer_names()[best]} (" in output
    followed_live(server, output)


# -- curl ---------------------------------------------------------------------------------------
def curl(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    if shutil.which("curl") is None:
        pytest.skip("`curl` is not on PATH: the curl examples need it")
    return run(["bash", str(CURL_DIR / script), *args])


def test_curl_search_prints_the_ranking_the_api_gives(server: str) -> None:
    expected = ranking(server, "ME", "DRUGS")

    result = json.loads(succeeded(curl("search.sh", server, "ME", "DRUGS")))

    assert [m["officer"]["id"] for m in result["data"]["searchLiaisons"]["matches"]] == expected


def test_curl_search_with_an_unknown_country_prints_the_error_and_fails(server: str) -> None:
    done = curl("search.sh", server, "ZZ")

    assert done.returncode != 0
    [error] = json.loads(done.stdout)["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and "'ZZ'" in error["message"]


def test_curl_request_tasking_goes_to_the_best_match_for_the_callers_service(server: str) -> None:
    best = ranking(server)[0]

    created = json.loads(succeeded(curl("request-tasking.sh", server)))["data"]["requestTasking"]

    assert created["status"] == "REQUESTED" and created["version"] == 1
    assert re.fullmatch(r"BNL-\d{4}-\d{6}", created["reference"])
    assert created["assignee"]["id"] == best and created["requestingService"]["code"] == "BE-FEDPOL"
    stored = ask(server, "investigator-be", TASKING, {"id": created["id"]})["tasking"]
    assert stored["status"] == "REQUESTED" and stored["assignee"]["id"] == best
    assert stored["events"][0]["note"].startswith("routed automatically")


def test_curl_set_availability_changes_the_lo_record_by_its_version(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    before = ask(server, "lo-belgrade", OFFICER, {"id": DEMO_LO})["officer"]
    monkeypatch.setenv("LONET_URL", server)  # the URL from the environment this time

    limited = json.loads(succeeded(curl("set-availability.sh", "LIMITED", "In court this week")))["data"]["setAvailability"]
    restored = json.loads(succeeded(curl("set-availability.sh", before["availability"], "")))["data"]["setAvailability"]

    assert (limited["availability"], limited["availabilityNote"]) == ("LIMITED", "In court this week")
    assert limited["version"] == before["version"] + 1
    assert (restored["availability"], restored["availabilityNote"], restored["version"]) == (
        before["availability"],
        None,
        before["version"] + 2,
    )
    assert ask(server, "lo-belgrade", OFFICER, {"id": DEMO_LO})["officer"]["version"] == restored["version"]


def test_curl_coverage_shows_a_manager_every_country_of_the_region(server: str) -> None:
    coverage = json.loads(succeeded(curl("coverage.sh", server, "WESTERN_BALKANS")))["data"]["coverage"]

    assert {c["country"]["iso2"] for c in coverage["countries"]} == balkan_countries()
    assert coverage["summary"]["countries"] == len(balkan_countries())
    assert coverage["asOf"] == DEMO_TODAY.isoformat()


# -- Node (fetch, graphql-ws) -------------------------------------------------------------------
def node(script: str, url: str) -> str:
    executable = shutil.which("node")
    if executable is None:
        pytest.skip("`node` is not on PATH: the Node examples need Node.js 20+")
    if not (JS_DIR / "node_modules" / "graphql-ws").is_dir():
        pytest.fail("run npm ci in client_examples/js")
    return succeeded(run([executable, script, url], cwd=JS_DIR))


def test_the_node_search_example_prints_the_ranking_the_api_gives(server: str) -> None:
    expected = ranking(server)

    output = node("search.mjs", server)

    assert re.findall(r"^\s+\d+\. (\S+) ", output, re.MULTILINE) == expected
    assert f"1. {expected[0]} {officer_names()[expected[0]]} (" in output


def test_the_node_example_follows_a_tasking_over_graphql_ws(server: str) -> None:
    followed_live(server, node("follow-tasking.mjs", server))


def test_the_node_coverage_example_lists_every_country_of_the_region(server: str) -> None:
    output = node("coverage.mjs", server)

    assert set(re.findall(r"^  ([A-Z]{2}) ", output, re.MULTILINE)) == balkan_countries()


# -- the GraphiQL collection --------------------------------------------------------------------
def saved_files() -> dict[str, str]:
    return {str(p.relative_to(GRAPHIQL_DIR)): p.read_text() for p in sorted(GRAPHIQL_DIR.rglob("*.graphql"))}


def operation_of(text: str) -> OperationDefinitionNode:
    [operation] = parse(text).definitions
    assert isinstance(operation, OperationDefinitionNode) and operation.name is not None
    return operation


def test_every_saved_operation_parses_and_validates_against_the_schema() -> None:
    files = saved_files()
    assert files, f"no .graphql files under {GRAPHIQL_DIR}"
    for path, text in files.items():
        document = parse(text)
        assert validate(schema.graphql_schema, document) == [], path
        operation = operation_of(text)
        assert path.endswith(f"/{operation.name.value}.graphql"), f"{path} holds {operation.name.value}"
        assert text.startswith("# ") and "\n# User group: " in text and "\n# Variables: " in text, path


def test_the_graphiql_tabs_are_the_saved_operations() -> None:
    expected = {
        f"{e['group'].replace(' ', '-')}/{operation_of(e['query']).name.value}.graphql": saved_operation(e)
        for e in EXAMPLES
    }

    assert saved_files() == expected
    assert {e["group"] for e in EXAMPLES} == {"investigators", "liaison officers", "managers"}


# What the GraphiQL page (service/api/graphiql.py's script) does between tabs: a variable
# "{{Operation.path}}" is that tab's last answer's field, versions kept to the last seen.
PLACEHOLDER = re.compile(r"^\{\{(\w+)\.([\w.]+)\}\}$")


def versioned(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from versioned(item)
    elif isinstance(value, dict):
        if isinstance(value.get("id"), str) and isinstance(value.get("version"), int):
            yield value
        for item in value.values():
            yield from versioned(item)


class Walkthrough:
    def __init__(self) -> None:
        self.answers: dict[str, Any] = {}

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: self.resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        wanted = PLACEHOLDER.match(value) if isinstance(value, str) else None
        if not wanted:
            return value
        found: Any = self.answers[wanted.group(1)]  # KeyError: a tab uses one not run before it
        for key in wanted.group(2).split("."):
            found = found[key]
        return found

    def remember(self, name: str, data: dict[str, Any]) -> None:
        versions = {o["id"]: o["version"] for o in versioned(data)}
        for seen in versioned(list(self.answers.values())):
            seen["version"] = versions.get(seen["id"], seen["version"])
        self.answers[name] = data


def test_every_example_s_variables_fit_its_operation() -> None:
    """Literal variables coerce; each placeholder names a tab before it and a field it selects."""
    earlier: dict[str, dict[str, Any]] = {}
    for example in EXAMPLES:
        operation = operation_of(example["query"])
        literal = {k: v for k, v in example["variables"].items() if not (isinstance(v, str) and PLACEHOLDER.match(v))}
        definitions = [d for d in operation.variable_definitions if d.variable.name.value in literal]
        coerced = get_variable_values(schema.graphql_schema, definitions, literal)
        assert isinstance(coerced, dict), (operation.name.value, coerced)
        for value in example["variables"].values():
            wanted = PLACEHOLDER.match(value) if isinstance(value, str) else None
            if wanted:
                source, path = wanted.groups()
                assert source in earlier, f"{operation.name.value} uses {source}, which is not a tab before it"
                fields = re.findall(r"\w+", earlier[source]["query"])
                assert all(name in fields for name in path.split(".")), (operation.name.value, path)
        earlier[operation.name.value] = example


def embedded_tabs(page: str) -> list[str]:
    embedded = re.search(r"const examples = (.*);\n", page)
    assert embedded, page[:500]
    return [tab["query"] for tab in json.loads(embedded.group(1))]


async def test_graphiql_opens_with_the_collection(api: GraphQLClient) -> None:
    response = await api.http.get("/graphql", headers={"accept": "text/html"})

    assert embedded_tabs(response.text) == [saved_operation(e) for e in EXAMPLES]


async def test_graphiql_speaks_the_page_s_language(api: GraphQLClient) -> None:
    """lonet's texts on the page (tab titles and headers, the identity picker) follow ?lang=, over
    the browser's Accept-Language; GraphiQL's own interface stays the library's."""
    response = await api.http.get("/graphql?lang=fr", headers={"accept": "text/html", "accept-language": "nl-BE"})

    assert response.headers["content-language"] == "fr" and '<html lang="fr">' in response.text
    tabs = embedded_tabs(response.text)
    assert tabs[0].startswith(
        "# Qui m'aide en Serbie en matière de stupéfiants ?\n"
        "# Groupe d'utilisateurs : enquêteurs ; "
        "identité de démonstration « Enquêteur, Police fédérale (Belgique) » (investigator-be)\n"
    )
    with speaking(Lang.FR):
        assert tabs == [saved_operation(e) for e in EXAMPLES]
    identities = json.loads(re.search(r'<script id="identities" type="application/json">(.*?)</script>', response.text).group(1))
    assert {"key": "lo-belgrade", "label": "Officier de liaison LO-001, Belgrade"} in identities
    assert "identité de démonstration" in response.text and "Chargement de GraphiQL..." in response.text

    german = await api.http.get("/graphql", headers={"accept": "text/html", "accept-language": "de-LU, fr;q=0.5"})
    assert embedded_tabs(german.text)[0].startswith("# Wer hilft mir in Serbien bei Rauschgiftdelikten?\n")


async def test_the_graphiql_tabs_run_in_order_as_a_walk_through(api: GraphQLClient) -> None:
    """Each tab as the identity its headers name, with the variables the tabs before it produced:
    no error from the first tab to the last, and the LO's tabs work the investigator's new request."""
    roles = {d.key: set(d.roles) for d in DEMO_IDENTITIES}
    group_role = {"investigators": "investigator", "liaison officers": "liaison_officer", "managers": "manager"}
    walkthrough = Walkthrough()
    for example in EXAMPLES:
        headers = tab_headers(example)
        assert group_role[example["group"]] in roles[headers["X-Demo-Identity"]], example["title"]
        client = api.as_(headers["X-Demo-Identity"])
        if "X-Justification" in headers:
            client = client.justified(headers["X-Justification"])
        response = await client.post(example["query"], walkthrough.resolve(example["variables"]))
        body = response.json()
        assert "errors" not in body, (example["title"], body)
        walkthrough.remember(operation_of(example["query"]).name.value, body["data"])

    requested = walkthrough.answers["RequestTasking"]["requestTasking"]
    completed = walkthrough.answers["CompleteTasking"]["completeTasking"]
    assert requested["assignee"]["id"] == DEMO_LO and completed["id"] == requested["id"]
    # Accepted, asked, answered, started, completed: each with the version the tab before it left.
    assert completed["status"] == "COMPLETED" and requested["version"] == completed["version"] == 6
    answered = walkthrough.answers["ProvideInformation"]["provideInformation"]
    assert answered["status"] == "ACCEPTED" and answered["clarifications"][0]["answer"]
    assert walkthrough.answers["SetAvailability"]["setAvailability"]["availability"] == "LIMITED"
