"""The role x operation matrix, walked through HTTP for every root field the API has.

EXPECTED is the design's table written out by hand (not read from service/security/policy.py),
so a rule changed by mistake, a new root field without a rule, or a new field without a row
here all fail this test.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from service.graphql.permissions import ROOT_OPERATIONS
from service.graphql.schema import schema

from ..api.conftest import GraphQLClient

ROLES = ("investigator", "liaison_officer", "manager", "admin")
SAME, OTHER = "BE-FEDPOL", "NL-POLITIE"


@dataclass(frozen=True)
class Sample:
    operation: str
    query: str
    field: str  # the root field the query selects
    owner: str | None = None  # the service owning the object acted on, when scoping applies


# operation -> role -> (allowed for a caller of the owning service, allowed for another service)
EXPECTED: dict[str, dict[str, tuple[bool, bool]]] = {
    "searchDirectory": {r: (True, True) for r in ROLES},
    "readContactData": {r: (True, True) for r in ROLES},
    "readAuditLog": {"investigator": (False, False), "liaison_officer": (False, False),
                     "manager": (False, False), "admin": (True, True)},
}

SAMPLES: dict[str, Sample] = {
    "Query.officer": Sample("searchDirectory", '{ officer(id: "LO-001") { id name } }', "officer"),
    "Query.officers": Sample("searchDirectory", "{ officers(first: 2) { nodes { id } } }", "officers"),
    "Query.countries": Sample("searchDirectory", '{ countries(region: "WESTERN_BALKANS") { iso2 } }', "countries"),
    "Query.regions": Sample("searchDirectory", "{ regions { code } }", "regions"),
    "Query.competences": Sample("searchDirectory", "{ competences { code } }", "competences"),
    "Query.services": Sample("searchDirectory", "{ services { code } }", "services"),
    "Query.programmes": Sample("searchDirectory", "{ programmes { code } }", "programmes"),
    "Query.searchLiaisons": Sample(
        "searchDirectory", '{ searchLiaisons(country: "RS") { matches { officer { id } } } }', "searchLiaisons"
    ),
    "Query.auditLog": Sample("readAuditLog", "{ auditLog(first: 5) { edges { node { seq } } } }", "auditLog"),
}
FIELD_LEVEL = {
    "Officer.email": Sample("readContactData", '{ officer(id: "LO-002") { email phone } }', "officer"),
}


def root_fields() -> list[str]:
    graphql_schema = schema.graphql_schema
    roots = [graphql_schema.query_type, graphql_schema.mutation_type, graphql_schema.subscription_type]
    return sorted(f"{root.name}.{name}" for root in roots if root is not None for name in root.fields)


def test_every_root_field_has_a_sample_and_a_rule_matching_the_design() -> None:
    missing = [name for name in root_fields() if name not in SAMPLES]
    assert not missing, f"add samples and expected outcomes for: {missing}"
    for name, sample in SAMPLES.items():
        root, field = name.split(".")
        assert ROOT_OPERATIONS[root][field].value == sample.operation, name
        assert sample.operation in EXPECTED, f"no expected outcomes for {sample.operation}"


def caller(api: GraphQLClient, role: str, service: str) -> GraphQLClient:
    key = {"investigator": "investigator-be", "liaison_officer": "lo-belgrade", "manager": "manager-be", "admin": "admin"}[role]
    return api.as_(key, service=service).justified()


CASES = [
    pytest.param(name, role, same, id=f"{name}-{role}-{'same' if same else 'other'}")
    for name in sorted({**SAMPLES, **FIELD_LEVEL})
    for role in ROLES
    for same in (True, False)
]


@pytest.mark.parametrize(("name", "role", "same"), CASES)
async def test_each_role_is_allowed_or_refused_as_the_design_says(api: GraphQLClient, name: str, role: str, same: bool) -> None:
    sample = {**SAMPLES, **FIELD_LEVEL}[name]
    owner = sample.owner or SAME
    client = caller(api, role, owner if same else OTHER)
    allowed = EXPECTED[sample.operation][role][0 if same else 1]

    response = await client.post(sample.query)
    body = response.json()

    assert response.status_code == 200, body
    forbidden = [e for e in body.get("errors", []) if e["extensions"]["code"] == "FORBIDDEN"]
    if allowed:
        assert not body.get("errors"), body["errors"]
        assert body["data"][sample.field] is not None
    else:
        assert forbidden, body
        assert body["data"] is None or body["data"].get(sample.field) is None  # nothing leaks
        assert sample.operation in forbidden[0]["message"]
