"""Which operation of the policy each root field is (declared per domain, next to its fields).

Every root field must be registered: the schema refuses to build otherwise, and the middleware
refuses (FORBIDDEN) a root field a caller's roles have no rule for. The use cases then apply the
full rule with the object acted on. Field descriptions say "Requires ...", generated from the
same table.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from graphql import GraphQLSchema, default_field_resolver

from ..errors import Forbidden
from ..i18n import _
from ..security.policy import Operation, forbidden, may_attempt, requirement

ROOT_OPERATIONS: dict[str, dict[str, Operation]] = {"Query": {}, "Mutation": {}, "Subscription": {}}


def register(root: str, **fields: Operation) -> None:
    for name, operation in fields.items():
        if name in ROOT_OPERATIONS[root]:
            raise ValueError(f"{root}.{name} is registered twice")
        ROOT_OPERATIONS[root][name] = operation


def unregistered_root_fields(schema: GraphQLSchema) -> list[str]:
    missing = []
    for root in (schema.query_type, schema.mutation_type, schema.subscription_type):
        if root is None:
            continue
        missing += [f"{root.name}.{name}" for name in root.fields if name not in ROOT_OPERATIONS[root.name]]
    return missing


def annotate(schema: GraphQLSchema) -> None:
    """Fail the build on an unregistered root field; append the rule to every root field's description."""
    missing = unregistered_root_fields(schema)
    if missing:
        raise RuntimeError(f"root fields without an authorization rule: {', '.join(missing)}")
    for root in (schema.query_type, schema.mutation_type, schema.subscription_type):
        if root is None:
            continue
        for name, field in root.fields.items():
            rule = requirement(ROOT_OPERATIONS[root.name][name])
            field.description = f"{field.description}\n\n{rule}" if field.description else rule


class RootFieldPolicy:
    """The first gate, before any resolver of a root field runs (put in front of each one by
    `guard_root_fields`; usable as graphql-core middleware too)."""

    def resolve(self, next_: Any, root: Any, info: Any, **args: Any) -> Any:
        parent = info.parent_type.name
        if parent in ROOT_OPERATIONS and not info.field_name.startswith("__"):
            operation = ROOT_OPERATIONS[parent].get(info.field_name)
            if operation is None:
                raise Forbidden(_("%(field)s has no authorization rule", field=f"{parent}.{info.field_name}"))
            if not may_attempt(info.context.identity, operation):
                raise forbidden(operation)
        return next_(root, info, **args)


def guard_root_fields(schema: GraphQLSchema, policy: RootFieldPolicy) -> None:
    """Put the policy in front of every root field's resolver, and of each subscription's source
    stream, in the schema itself: whatever executes the schema (HTTP, WebSocket, a test) passes
    the gate, and a stream is refused before it opens. As graphql-core middleware it would wrap
    the resolver of every field of every answer, thousands per large response, for a check that
    concerns only the root fields."""
    for root in (schema.query_type, schema.mutation_type, schema.subscription_type):
        if root is None:
            continue
        for field in root.fields.values():
            field.resolve = partial(policy.resolve, field.resolve or default_field_resolver)
            if field.subscribe is not None:
                field.subscribe = partial(policy.resolve, field.subscribe)
