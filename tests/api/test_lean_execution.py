"""The short paths for plain leaf fields and plain objects (service/graphql/execution.py) answer
exactly what graphql-core answers: the same data, and the same errors at the same paths when a
value is null where it may not be, or of a kind its type refuses, also inside nested objects and
lists of them, and with resolvers that answer later (awaitables) inside them."""

from __future__ import annotations

from dataclasses import dataclass
from inspect import isawaitable

import graphene
import pytest
from graphql import ExecutionContext, execute, parse

from service.graphql.execution import LeanExecutionContext


class Kind(graphene.Enum):
    RESIDENT = "RESIDENT"
    REGIONAL = "REGIONAL"


class Part(graphene.ObjectType):
    code = graphene.String(required=True)
    later = graphene.String()

    @staticmethod
    async def resolve_later(parent, info):
        code = parent["code"] if isinstance(parent, dict) else parent.code
        if code == "FAIL":
            raise ValueError("no later")
        return f"later {code}"


class Item(graphene.ObjectType):
    name = graphene.String(required=True)
    part = graphene.Field(Part, required=True)
    maybe = graphene.Field(Part)
    parts = graphene.List(graphene.NonNull(Part), required=True)
    spare = graphene.List(Part)  # nullable items: an error nulls the one item
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


@dataclass(frozen=True)
class Bit:
    code: object


@dataclass
class Row:
    name: object
    note: object = None
    level: object = 1
    kind: object = Kind.RESIDENT
    tags: object = ()
    loose: object = None
    part: object = Bit("P")
    maybe: object = None
    parts: object = (Bit("A"), Bit("B"))
    spare: object = None


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
DOCUMENT = parse(
    "{ items { name note level kind tags loose shout(loud: true) part { code } maybe { code } parts { code } spare { code } }"
    " strict { name level kind tags __typename part { code __typename } parts { code } } }"
)

CASES = {
    "plain values": [Row("a", "n", 2, Kind.REGIONAL, ["x", "y"], ["p", None]), Row("b")],
    "dict sources": [{"name": "a", "note": None, "level": 3, "kind": "REGIONAL", "tags": ("t",), "loose": None, "part": {"code": "P"}, "parts": []}],
    "null where not allowed": [Row(None)],
    "a string for an int": [Row("a", level="three")],
    "a bool for an int": [Row("a", level=True)],
    "a null in a non-null list": [Row("a", tags=["x", None])],
    "an unknown enum value": [Row("a", kind="NOPE")],
    "an error as a value": [Row("a", note=ValueError("broken"))],
    "nested objects and an optional one": [Row("a", maybe=Bit("M")), Row("b", part={"code": "D"}, parts=[{"code": "E"}])],
    "a null code in a nested object": [Row("a", part=Bit(None))],
    "a null nested object where not allowed": [Row("a", part=None)],
    "a null in a list of objects": [Row("a", parts=[Bit("A"), None])],
    "a null code in a list of optional objects": [Row("a", spare=[Bit("A"), Bit(None)])],
    "an error as a nested object": [Row("a", part=ValueError("broken"))],
}


async def answers(document, items, context_class):
    result = execute(SCHEMA, document, context_value={"items": items}, execution_context_class=context_class)
    if isawaitable(result):
        result = await result
    return result.data, sorted((e.message, e.path) for e in result.errors or [])


@pytest.mark.parametrize("case", CASES)
async def test_the_same_answer_as_graphql_core(case: str) -> None:
    lean = await answers(DOCUMENT, CASES[case], LeanExecutionContext)
    assert lean == await answers(DOCUMENT, CASES[case], ExecutionContext)
    fine = ("plain values", "dict sources", "a bool for an int", "nested objects and an optional one")  # Int takes True as 1
    assert bool(lean[1]) == (case not in fine)


# Resolvers that answer later, inside plain objects and lists of them: awaited, and a failure
# nulls the nullable field it is in (graphql-core abandons pending resolvers when a non-null
# field fails, so these items have no other error).
LATER = parse("{ items { name maybe { code later } parts { code later } } strict { parts { code later } } }")


@pytest.mark.parametrize(
    "items",
    [[Row("a", maybe=Bit("M"), parts=[Bit("A"), Bit("B")])], [Row("a", maybe=Bit("FAIL")), Row("b", parts=[Bit("FAIL"), Bit("C")])]],
    ids=["answered", "failing"],
)
async def test_the_same_answer_with_resolvers_that_answer_later(items: list[Row]) -> None:
    lean = await answers(LATER, items, LeanExecutionContext)
    assert lean == await answers(LATER, items, ExecutionContext)
    assert lean[0]["items"][0]["maybe"]["later"] in ("later M", None)
