"""Tasking types."""

from __future__ import annotations

from datetime import datetime, timezone

import graphene

from ...domain import models
from ..directory.types import Competence, Country, Officer, Service, cached
from ..pagination import connection
from ..enums import HandlingCode, LegalBasis, Priority, TaskingAction, TaskingStatus
from ..scalars import DateTime


class TaskingEvent(graphene.ObjectType):
    id = graphene.ID(required=True)
    at = DateTime(required=True)
    actor = graphene.String(required=True, description="Token subject, or the officer id for an LO")
    action = graphene.Field(TaskingAction, required=True)
    fromStatus = graphene.Field(TaskingStatus)
    toStatus = graphene.Field(TaskingStatus, required=True)
    note = graphene.String()


class Tasking(graphene.ObjectType):
    id = graphene.ID(required=True)
    reference = graphene.String(required=True, description="Human-friendly and unique, e.g. BNL-2026-000123")
    title = graphene.String(required=True)
    details = graphene.String()
    priority = graphene.Field(Priority, required=True)
    status = graphene.Field(TaskingStatus, required=True)
    legalBasis = graphene.Field(LegalBasis, required=True)
    handlingCode = graphene.Field(HandlingCode, required=True)
    outcome = graphene.String()
    dueBy = DateTime(required=True)
    overdue = graphene.Boolean(required=True, description="Open and past dueBy")
    createdAt = DateTime(required=True)
    updatedAt = DateTime(required=True)
    version = graphene.Int(required=True, description="Give it back with the next transition")
    requesting_service = graphene.Field(Service, required=True)
    assignee = graphene.Field(Officer, required=True)
    country = graphene.Field(Country, required=True)
    competences = graphene.List(graphene.NonNull(Competence), required=True)
    events = graphene.List(graphene.NonNull(TaskingEvent), required=True, description="Oldest first")

    @staticmethod
    def resolve_overdue(parent: models.Tasking, info) -> bool:
        return parent.overdue(datetime.now(timezone.utc))

    @staticmethod
    def resolve_requesting_service(parent: models.Tasking, info):
        return cached(info, lambda services: services[parent.requestingService], "services")

    @staticmethod
    async def resolve_assignee(parent: models.Tasking, info):
        return await info.context.reads.officer.load(parent.assignee)

    @staticmethod
    def resolve_country(parent: models.Tasking, info):
        return cached(info, lambda countries: countries[parent.country], "countries")

    @staticmethod
    async def resolve_competences(parent: models.Tasking, info):
        codes = await info.context.reads.competences_of_tasking.load(parent.id)
        competences = await info.context.reads.competences()
        return [competences[c] for c in codes]

    @staticmethod
    async def resolve_events(parent: models.Tasking, info):
        return await info.context.reads.events_of_tasking.load(parent.id)


TaskingConnection = connection(Tasking, "Tasking")
