"""Fuzzing the API with schemathesis: generated operations for every root field, as every role.

Bounded for the suite (LONET_FUZZ_EXAMPLES per field and role, default 5: several hundred
requests); set it higher for a longer run. Every response must be below 500, carry no internal
error and give every error an `extensions.code`.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

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
