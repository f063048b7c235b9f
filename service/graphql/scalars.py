"""`Date` and `DateTime` as graphene has them, refusing dates outside lonet's range
(service/domain/dates.py) as BAD_USER_INPUT, before any resolver runs."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import graphene
from graphql import GraphQLError

from ..domain.dates import out_of_range


def _bounded(value: Any) -> Any:
    reason = out_of_range(value)
    if reason is not None:
        raise GraphQLError(reason, extensions={"code": "BAD_USER_INPUT"})
    return value


class Date(graphene.Date):
    """A calendar day, ISO 8601 (YYYY-MM-DD), from 1900-01-01 to 2999-12-31."""

    @staticmethod
    def parse_value(value: Any) -> Any:
        return _bounded(graphene.Date.parse_value(value))


class DateTime(graphene.DateTime):
    """A moment, ISO 8601 to the second with its offset (2026-11-24T09:30:00+00:00), within
    1900-01-01 and 2999-12-31 (UTC)."""

    @staticmethod
    def serialize(value: Any) -> str:
        # The stores keep microseconds (ordering, the log's hash chain); a reader wants seconds.
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)  # the stores keep UTC
        if isinstance(value, datetime):
            return graphene.DateTime.serialize(value.replace(microsecond=0))
        return graphene.DateTime.serialize(value)

    @staticmethod
    def parse_value(value: Any) -> Any:
        return _bounded(graphene.DateTime.parse_value(value))
