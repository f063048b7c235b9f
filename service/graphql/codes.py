"""Codes are matched case-insensitively everywhere: `co` is the country CO, `drugs` the competence
DRUGS, `be-fedpol` the service BE-FEDPOL. Every code of the directory is upper case, so each code
argument (and each code field of an input object) is upper-cased once, in front of each root
field's resolver, before any use case sees it; the use cases compare codes as they are."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial
from typing import Any

from graphql import GraphQLSchema, default_field_resolver

# Argument and input-field names whose values are directory codes (country ISO codes, competence,
# region, service and programme codes). Not `language`: ISO 639-1 codes are lower case.
CODE_NAMES = frozenset(
    {
        "country", "iso2", "accreditedTo", "region", "competence", "competences", "code",
        "service", "requestingService", "servedService", "serves", "programme", "programmes",
    }
)


def _graphql_name(python_name: str) -> str:
    return re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), python_name)


def _upper(value: Any) -> Any:
    if isinstance(value, str):
        return value.upper()
    if isinstance(value, list):
        return [_upper(v) for v in value]
    return upper_codes(value)  # e.g. `competences` of an officer: input objects with a `code`


def upper_codes(value: Any) -> Any:
    """The arguments (or an input object, or a list of them) with every code upper-cased."""
    if isinstance(value, Mapping):
        changed = {k: _upper(v) if _graphql_name(k) in CODE_NAMES else upper_codes(v) for k, v in value.items()}
        return changed if type(value) is dict else type(value)(changed)  # graphene's input containers
    if isinstance(value, list):
        return [upper_codes(v) for v in value]
    return value


def _resolve_with_upper_codes(resolve: Any, root: Any, info: Any, **args: Any) -> Any:
    return resolve(root, info, **upper_codes(args))


def upper_codes_of_root_fields(schema: GraphQLSchema) -> None:
    for root in (schema.query_type, schema.mutation_type):
        if root is None:
            continue
        for field in root.fields.values():
            field.resolve = partial(_resolve_with_upper_codes, field.resolve or default_field_resolver)
