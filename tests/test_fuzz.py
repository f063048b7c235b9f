"""Fuzzing the API with schemathesis: generated operations for every root field, as every role.

Bounded for the suite (LONET_FUZZ_EXAMPLES per field and role, default 5: several hundred
requests); set it higher for a longer run. Every response must be below 500, carry no internal
error and give every error an `extensions.code`.
"""

from __future__ import annotations

import asyncio
import base64
import os
import shutil
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.exceptions import StarletteDeprecationWarning

from service.api.app import create_app
from service.graphql.schema import schema as graphene_schema
from service.security.tokens import DevTokens
from service.store import open_executor

from .api.conftest import CLAIMS, DEMO, dev_settings
from .conftest import settings_for

EXAMPLES = int(os.environ.get("LONET_FUZZ_EXAMPLES", "5"))
ROLES = {"investigator": "investigator-be", "liaison_officer": "lo-belgrade", "manager": "manager-nl", "admin": "admin"}


def root_fields() -> list[str]:
    graphql_schema = graphene_schema.graphql_schema
    roots = [graphql_schema.query_type, graphql_schema.mutation_type]  # subscriptions: WebSocket only
    return sorted(f"{root.name}.{name}" for root in roots if root is not None for name in root.fields)


class Fuzzer:
    def __init__(self, tmp: Path, template: Path) -> None:
        path = tmp / "fuzz.lbug"
        shutil.copyfile(template, path)
        self.executor = open_executor(settings_for("embedded", path))
        app_settings = dev_settings(tmp, LONET_RATE_LIMIT="1000000/minute")
        self.app = create_app(app_settings, executor=self.executor, insecure_dev_auth=True)
        tokens = DevTokens(app_settings.dev_key_file, audience=app_settings.oidc_audience, claims=CLAIMS)
        self.tokens = {
            role: tokens.issue(subject=d.subject, roles=list(d.roles), service=d.service, officer_id=d.officer_id)
            for role, key in ROLES.items()
            for d in [DEMO[key]]
        }
        # Introspection (dev mode) as an admin: the schema is the same for every role.
        self.schema = schemathesis.graphql.from_asgi(
            "/graphql", self.app, headers={"Authorization": f"Bearer {self.tokens['admin']}"}
        )
        self.operations = {}
        for result in self.schema.get_all_operations():
            operation = result.ok()
            self.operations[operation.label] = operation


@pytest.fixture(scope="module")
def fuzzer(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Fuzzer]:
    made = Fuzzer(tmp_path_factory.mktemp("fuzz"), demo_template)
    yield made
    asyncio.run(made.executor.close())


def check(response) -> None:
    assert response.status_code < 500, response.text[:500]
    body = response.json()
    assert "Traceback" not in response.text
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        assert code, f"an error without extensions.code: {error}"
        assert code != "INTERNAL_SERVER_ERROR", f"a bug surfaced: {error}"


def test_every_root_field_is_fuzzed(fuzzer: Fuzzer) -> None:
    labels = set(fuzzer.operations)
    assert set(root_fields()) <= labels, set(root_fields()) - labels


@pytest.mark.parametrize("field", root_fields())
@pytest.mark.parametrize("role", sorted(ROLES))
def test_generated_operations_never_break_the_server(fuzzer: Fuzzer, field: str, role: str) -> None:
    operation = fuzzer.operations[field]
    headers = {"Authorization": f"Bearer {fuzzer.tokens[role]}", "X-Justification": "fuzz run"}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(case=operation.as_strategy())
    def run(case) -> None:
        check(case.call(headers=headers))

    run()


# -- shapes generation rarely reaches (issue 20, item 9): far dates, forged cursors, deep JSON ----------

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient


def _b64(value: str) -> str:
    return base64.urlsafe_b64encode(value.encode()).decode()


FAR = ["9999-12-31", "0001-01-01", "2999-12-31", "1900-01-01"]
# name: (role, the argument's type, operation, selection with V where the value goes)
EDGE_OPERATIONS = {
    "responseTimes-to": ("manager", "Date", "query", "responseTimes(to: V) { __typename }"),
    "responseTimes-from": ("manager", "Date", "query", "responseTimes(from: V) { __typename }"),
    "coverage-asOf": ("manager", "Date", "query", "coverage(asOf: V) { asOf expiringPostings(withinMonths: 24) { endsOn } }"),
    "programmeReport": ("manager", "Date", "query", 'programmeReport(code: "BALKANS_PILOT", from: V) { __typename }'),
    "searchLiaisons": ("investigator", "Date", "query", 'searchLiaisons(country: "RS", competence: "DRUGS", onDate: V) { matches { score } }'),
    "auditLog-since": ("admin", "DateTime", "query", "auditLog(first: 1, filter: {since: V}) { nodes { seq } }"),
    "requestTasking-dueBy": (
        "investigator", "DateTime", "mutation",
        'requestTasking(input: {title: "t", country: "RS", competences: ["DRUGS"], '
        "legalBasis: BENELUX_POLICE_TREATY_2018, dueBy: V}) { id dueBy }",
    ),
}
CURSORS = {
    "audit-huge": ("admin", "auditLog", _b64("audit:" + "9" * 40)),
    "audit-negative": ("admin", "auditLog", _b64("audit:-1")),
    "tasking-naive-year-1": ("admin", "taskings", _b64('["0001-01-01T00:00:00","T-1"]')),
    "tasking-huge-id": ("admin", "taskings", _b64('["2026-01-01T00:00:00+00:00",' + "9" * 40 + "]")),
    "officers-garbage": ("admin", "officers", "!!!"),
}


def _post(client: TestClient, fuzzer: Fuzzer, role: str, query: str, variables: dict[str, Any]):
    headers = {"Authorization": f"Bearer {fuzzer.tokens[role]}", "X-Justification": "fuzz run"}
    return client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)


def _codes(response) -> set[str]:
    return {e["extensions"]["code"] for e in response.json().get("errors") or []}


@pytest.fixture(scope="module")
def client(fuzzer: Fuzzer) -> TestClient:
    return TestClient(fuzzer.app, raise_server_exceptions=False)


@pytest.mark.parametrize("name", sorted(EDGE_OPERATIONS))
def test_dates_of_any_year_are_answered_or_refused_as_user_errors(fuzzer: Fuzzer, client: TestClient, name: str) -> None:
    role, kind, operation, selection = EDGE_OPERATIONS[name]
    with_variable = f"{operation}($v: {kind}) {{ {selection.replace('V', '$v')} }}"

    def value_of(day: str, offset: str = "-05:00") -> str:
        return f"{day}T23:30:00{offset}" if kind == "DateTime" else day

    @settings(max_examples=EXAMPLES * 4, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), database=None)
    @given(
        day=st.one_of(st.sampled_from(FAR), st.dates().map(date.isoformat)),
        offset=st.sampled_from(["+00:00", "-05:00", "+14:00", "-12:00"]),
    )
    def run(day: str, offset: str) -> None:
        response = _post(client, fuzzer, role, with_variable, {"v": value_of(day, offset)})
        check(response)
        if day < "1899-12-31" or day > "3000-01-01":  # outside 1900..2999 whatever the offset
            assert _codes(response) == {"BAD_USER_INPUT"}, response.text

    run()
    for day in ("9999-12-31", "0001-01-01"):  # literals too, not only variables
        literal = f"{operation} {{ {selection.replace('V', orjson.dumps(value_of(day)).decode())} }}"
        response = _post(client, fuzzer, role, literal, {})
        check(response)
        assert _codes(response) == {"BAD_USER_INPUT"}, response.text


@pytest.mark.parametrize("name", sorted(CURSORS))
def test_forged_cursors_are_user_errors(fuzzer: Fuzzer, client: TestClient, name: str) -> None:
    role, field, cursor = CURSORS[name]
    selection = "seq" if field == "auditLog" else "id"
    response = _post(client, fuzzer, role, f"query($c: String) {{ {field}(first: 2, after: $c) {{ nodes {{ {selection} }} }} }}", {"c": cursor})
    check(response)
    assert _codes(response) == {"BAD_USER_INPUT"}, response.text


@pytest.mark.parametrize(
    "path",
    [
        "/exports/programme-report.csv?code=BALKANS_PILOT&from=0001-01-01&to=0001-01-02",
        "/exports/programme-report.csv?code=BALKANS_PILOT&from=9999-12-30&to=9999-12-31",
        "/exports/coverage.csv?asOf=9999-12-31",
        "/exports/coverage.csv?asOf=0001-01-01",
    ],
)
def test_exports_with_far_dates_are_typed_400s(fuzzer: Fuzzer, client: TestClient, path: str) -> None:
    response = client.get(path, headers={"Authorization": f"Bearer {fuzzer.tokens['manager']}"})
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param('{"services": ' + "[" * 5000 + "]" * 5000 + "}", id="nested-5000-deep"),
        pytest.param('{"services": [{"code": "XX-POL", "name": "x", "country": "BE", "kind": "police", "version": ' + "9" * 5000 + "}]}", id="5000-digit-integer"),
        pytest.param('[{"code": "XX-POL", "name": "x", "country": "BE", "kind": "police", "version": ' + "9" * 30 + "}]", id="30-digit-integer"),
    ],
)
def test_an_import_of_pathological_json_is_a_typed_422(fuzzer: Fuzzer, client: TestClient, body: str) -> None:
    headers = {"Authorization": f"Bearer {fuzzer.tokens['admin']}", "X-Justification": "fuzz run", "content-type": "application/json"}
    response = client.post("/admin/import", content=body, headers=headers)
    assert response.status_code == 422, response.text[:500]
    assert response.json()["problems"], response.text[:500]
