"""The short path for plain leaf fields (service/graphql/execution.py) answers exactly what
graphql-core answers: the same data, and the same errors at the same paths when a value is null
where it may not be, or of a kind its type refuses."""

from __future__ import annotations

from dataclasses import dataclass

import graphene
import pytest
from graphql import ExecutionContext, execute, parse

from service.graphql.execution import LeanExecutionContext


class Kind(graphene.Enum):
    RESIDENT = "RESIDENT"
    REGIONAL = "REGIONAL"


class Item(graphene.ObjectType):
    name = graphene.String(required=True)
    note = graphene.String()
    level = graphene.Int(required=True)
    kind = graphene.Field(Kind, required=True)
    tags = graphene.List(graphene.NonNull(graphene.String), required=True)
    loose = graphene.List(graphene.String)
    shout = graphene.String(loud=graphene.Boolean())

    @staticmethod
    def resolve_shout(parent, info, loud=False):
        name = parent["name"] if isinstance(parent, dict) else parent.name
        return name.upper() if loud else name


@dataclass
class Row:
    name: object
    note: object = None
    level: object = 1
    kind: object = Kind.RESIDENT
    tags: object = ()
    loose: object = None


class Query(graphene.ObjectType):
    items = graphene.List(Item)  # nullable: an error nulls one item, not the whole answer
    strict = graphene.List(graphene.NonNull(Item), required=True)

    @staticmethod
    def resolve_items(root, info):
        return info.context["items"]

    @staticmethod
    def resolve_strict(root, info):
        return info.context["items"]


SCHEMA = graphene.Schema(query=Query).graphql_schema
DOCUMENT = parse("{ items { name note level kind tags loose shout(loud: true) } strict { name level kind tags __typename } }")

CASES = {
    "plain values": [Row("a", "n", 2, Kind.REGIONAL, ["x", "y"], ["p", None]), Row("b")],
    "dict sources": [{"name": "a", "note": None, "level": 3, "kind": "REGIONAL", "tags": ("t",), "loose": None}],
    "null where not allowed": [Row(None)],
    "a string for an int": [Row("a", level="three")],
    "a bool for an int": [Row("a", level=True)],
    "a null in a non-null list": [Row("a", tags=["x", None])],
    "an unknown enum value": [Row("a", kind="NOPE")],
    "an error as a value": [Row("a", note=ValueError("broken"))],
}


@pytest.mark.parametrize("case", CASES)
def test_the_same_answer_as_graphql_core(case: str) -> None:
    def run(context_class):
        result = execute(SCHEMA, DOCUMENT, context_value={"items": CASES[case]}, execution_context_class=context_class)
        return result.data, [(e.message, e.path) for e in result.errors or []]

    lean, core = run(LeanExecutionContext), run(ExecutionContext)
    assert lean == core
    assert bool(lean[1]) == (case not in ("plain values", "dict sources", "a bool for an int"))  # Int takes True as 1
