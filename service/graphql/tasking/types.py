"""Tasking types."""

from __future__ import annotations

import graphene

from ...domain import models
from ...usecases.conversation import messages
from ..conversation.types import Clarification, DelayNotice, TaskingMessageConnection
from ..directory.types import Competence, Country, Officer, Service, cached
from ..pagination import connection
from ..request_form.types import RequestFormFields
from ..enums import Accessibility, HandlingCode, LegalBasis, Priority, SourceReliability, TaskingAction, TaskingStatus
from ..scalars import DateTime


class TaskingEvent(graphene.ObjectType):
    """One step in a tasking's history: who did what, when, from which status to which."""

    id = graphene.ID(required=True, description="The event's id")
    at = DateTime(required=True, description="When it happened")
    actor = graphene.String(required=True, description="Token subject, or the officer id for an LO")
    action = graphene.Field(TaskingAction, required=True, description="What was done")
    fromStatus = graphene.Field(TaskingStatus, description="The status before; null for the request itself")
    toStatus = graphene.Field(TaskingStatus, required=True, description="The status after")
    note = graphene.String(description="The actor's note or reason, if any")
    assignee = graphene.Field(
        Officer, description="The assignee after the event: who declined it, to whom it went (null on events before 2026-12)"
    )

    @staticmethod
    async def resolve_assignee(parent: models.TaskingEvent, info):
        return None if parent.assignee is None else await info.context.reads.officer.load(parent.assignee)


class Tasking(RequestFormFields, graphene.ObjectType):
    """A request for assistance from a Benelux service to an LO, and its handling."""

    id = graphene.ID(required=True, description="The tasking's id")
    reference = graphene.String(required=True, description="Human-friendly and unique, e.g. BNL-2026-000123")
    title = graphene.String(required=True, description="What is asked, in a line")
    details = graphene.String(description="What is asked, in full")
    priority = graphene.Field(Priority, required=True, description="How urgent it is; sets the default dueBy")
    status = graphene.Field(TaskingStatus, required=True, description="Where the tasking is in its lifecycle")
    legalBasis = graphene.Field(LegalBasis, required=True, description="The legal basis the request is made under")
    handlingCode = graphene.Field(HandlingCode, required=True, description="The requester's, on the request")
    handlingNote = graphene.String(description="The request's H3 restriction")
    accessibility = graphene.Field(
        Accessibility, required=True, description="Whether the information asked for is directly or indirectly accessible (EU 2023/977 deadlines)"
    )
    outcome = graphene.String(description="What the LO found, set on completion")
    outcomeHandlingCode = graphene.Field(HandlingCode, description="The LO's, on the outcome (set on completion)")
    outcomeHandlingNote = graphene.String(description="The outcome's H3 restriction")
    sourceReliability = graphene.Field(SourceReliability, description="Europol's 4x4 evaluation of the outcome: the source")
    informationAssessment = graphene.Int(description="Europol's 4x4 evaluation of the outcome: the information, 1-4")
    requestSharingConsent = graphene.Boolean(required=True, description="The requesting service consented to onward sharing of the request (H2)")
    outcomeSharingConsent = graphene.Boolean(required=True, description="The assigned LO consented to onward sharing of the outcome (H2)")
    sharingRestricted = graphene.Boolean(
        required=True,
        description="An H2 (request or outcome) without its provider's consent: no reassignment, redirection or export "
        "to anyone not yet party to it",
    )
    dueBy = DateTime(required=True, description="When the answer is due")
    overdue = graphene.Boolean(required=True, description="Open and past dueBy (now by the server's clock)")
    deadlineMissed = graphene.Boolean(description="Kept at completion: completed after dueBy (null until completed)")
    deadlineMissedByHours = graphene.Float(description="Kept at completion: how many hours after dueBy (0 when in time)")
    createdAt = DateTime(required=True, description="When it was requested")
    updatedAt = DateTime(required=True, description="When it last changed")
    version = graphene.Int(required=True, description="Give it back with the next transition")
    requesting_service = graphene.Field(Service, required=True, description="The service that asked")
    assignee = graphene.Field(Officer, required=True, description="The LO it is assigned to")
    country = graphene.Field(Country, required=True, description="The country it concerns")
    competences = graphene.List(graphene.NonNull(Competence), required=True, description="The competences it needs")
    events = graphene.List(graphene.NonNull(TaskingEvent), required=True, description="Oldest first")
    awaitingSince = DateTime(description="While AWAITING_INFORMATION: since when (the deadline clock stopped then)")
    clarifications = graphene.List(
        graphene.NonNull(Clarification), required=True, description="The assignee's questions and the requester's answers, oldest first"
    )
    delays = graphene.List(
        graphene.NonNull(DelayNotice), required=True, description="The delays the assignee announced, oldest first"
    )
    messages = graphene.Field(
        TaskingMessageConnection,
        required=True,
        first=graphene.Int(default_value=20, description="How many messages (1-100)"),
        after=graphene.String(description="The endCursor of the page before"),
        description="Messages between the requesting service and the assigned LO, oldest first; only those two "
        "may read them (FORBIDDEN for anyone else), and each read is in the consultation log",
    )

    @staticmethod
    def resolve_overdue(parent: models.Tasking, info) -> bool:
        return parent.overdue(info.context.now())

    @staticmethod
    def resolve_sharingRestricted(parent: models.Tasking, info) -> bool:
        return parent.sharing_restricted

    @staticmethod
    def resolve_deadlineMissedByHours(parent: models.Tasking, info) -> float | None:
        seconds = parent.deadlineMissedSeconds
        return None if seconds is None else round(seconds / 3600, 2)

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

    @staticmethod
    async def resolve_clarifications(parent: models.Tasking, info):
        return await info.context.reads.clarifications_of_tasking.load(parent.id)

    @staticmethod
    async def resolve_delays(parent: models.Tasking, info):
        return await info.context.reads.delays_of_tasking.load(parent.id)

    @staticmethod
    async def resolve_messages(parent: models.Tasking, info, first: int, after: str | None = None):
        context = info.context
        return await messages.get_messages(context.reads, context.identity, context.trail, parent, first, after)


TaskingConnection = connection(Tasking, "Tasking", "taskings")
