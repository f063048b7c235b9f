"""Threat notice types."""

from __future__ import annotations

import graphene

from ...domain import notices as domain
from ...usecases import notices as usecase
from ..directory.types import Officer, Service, cached
from ..enums import HandlingCode, described
from ..scalars import Date, DateTime

NoticeStatus = described(
    domain.NoticeStatus,
    "Whether a threat notice stands",
    {"ISSUED": "Issued and standing until validUntil", "WITHDRAWN": "Withdrawn by its issuer or an administrator"},
)


class Acknowledgement(graphene.ObjectType):
    class Meta:
        description = "An addressed service has read the notice"

    service = graphene.Field(Service, required=True, description="The acknowledging service")
    at = DateTime(required=True, description="When it acknowledged")
    actor = graphene.String(required=True, description="Who acknowledged for it (token subject)")

    @staticmethod
    def resolve_service(parent: usecase.Acknowledgement, info):
        return cached(info, lambda services: services[parent.service], "services")


class Notice(graphene.ObjectType):
    class Meta:
        description = "A notice about a serious threat to Benelux services (Council Decision 2003/170/JHA)"

    id = graphene.ID(required=True, description="The notice's id")
    subject = graphene.String(required=True, description="What it is about")
    text = graphene.String(required=True, description="The notice itself")
    handlingCode = graphene.Field(HandlingCode, required=True, description="How its information may be used")
    handlingNote = graphene.String(description="The H3 restriction")
    validFrom = Date(required=True, description="First day it is valid")
    validUntil = Date(required=True, description="Last day it is valid")
    valid = graphene.Boolean(required=True, description="Issued and valid today")
    status = graphene.Field(NoticeStatus, required=True, description="Issued or withdrawn")
    issuedBy = graphene.String(required=True, description="Who issued it (token subject)")
    issuer_officer = graphene.Field(Officer, description="The issuing LO, if an LO issued it")
    deskPosting = graphene.ID(description="The multilateral desk (posting id) an administrator issued it for")
    issuedAt = DateTime(required=True, description="When it was issued")
    version = graphene.Int(required=True, description="Give it back to acknowledge or withdraw it (stale: CONFLICT)")
    addressees = graphene.List(
        graphene.NonNull(Service), required=True,
        description="The issuer and administrators: every addressed service; a reader: their own",
    )
    acknowledgements = graphene.List(
        graphene.NonNull(Acknowledgement), required=True,
        description="Who has acknowledged: all for the issuer and administrators, a reader their service's",
    )
    acknowledged_by_my_service = graphene.Boolean(required=True, description="Your service has acknowledged it")

    @staticmethod
    def resolve_valid(parent: usecase.Notice, info):
        return parent.valid_on(info.context.today())

    @staticmethod
    async def resolve_issuer_officer(parent: usecase.Notice, info):
        return await info.context.reads.officer.load(parent.issuerOfficer) if parent.issuerOfficer else None

    @staticmethod
    def resolve_addressees(parent: usecase.Notice, info):
        shown = usecase.visible_addressees(info.context.identity, parent)
        return cached(info, lambda services: [services[code] for code in shown], "services")

    @staticmethod
    async def resolve_acknowledgements(parent: usecase.Notice, info):
        return await usecase.acknowledgements_of(info.context.reads, info.context.identity, parent)

    @staticmethod
    async def resolve_acknowledged_by_my_service(parent: usecase.Notice, info):
        mine = info.context.identity.service
        return any(a.service == mine for a in await usecase.acknowledgements_of(info.context.reads, info.context.identity, parent))
