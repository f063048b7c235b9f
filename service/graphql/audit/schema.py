"""The consultation log, for admins."""

from __future__ import annotations

import graphene

from ...security.policy import Operation
from ...usecases import audit as usecase
from .. import permissions
from ..pagination import connection
from ..scalars import DateTime


class AuditRecord(graphene.ObjectType):
    seq = graphene.Int(required=True)
    at = DateTime(required=True)
    subject = graphene.String(required=True)
    service = graphene.String()
    roles = graphene.List(graphene.NonNull(graphene.String), required=True)
    operation = graphene.String(required=True)
    objectIds = graphene.List(graphene.NonNull(graphene.String), required=True)
    justification = graphene.String()
    requestId = graphene.String(description="The server's id of the request (X-Request-Id of its response)")
    clientRequestId = graphene.String(description="The X-Request-Id the client sent, if any (not trusted as an id)")
    prevHash = graphene.String(required=True)
    hash = graphene.String(required=True)


AuditConnection = connection(AuditRecord, "Audit")


class AuditFilter(graphene.InputObjectType):
    subject = graphene.String()
    operation = graphene.String(description="e.g. readContactData, requestTasking")
    objectId = graphene.String(description="records that name this object (officer, tasking ...)")
    since = DateTime(description="at or after")
    until = DateTime(description="before")


class AuditQueries(graphene.ObjectType):
    audit_log = graphene.Field(
        AuditConnection,
        required=True,
        filter=AuditFilter(),
        first=graphene.Int(default_value=50),
        after=graphene.String(),
        description="The consultation log, newest first",
    )

    @staticmethod
    async def resolve_audit_log(root, info, first: int, filter=None, after=None):
        context = info.context
        page = await usecase.search(
            context.executor,
            context.identity,
            usecase.AuditFilter.model_validate(dict(filter or {})),
            first,
            after,
            context.settings.max_page_size,
        )
        # Reading the log reads personal data (who consulted what): it is logged in turn.
        context.trail.note(Operation.READ_AUDIT_LOG, [f"audit:{r.seq}" for r in page.items])
        return page


permissions.register("Query", auditLog=Operation.READ_AUDIT_LOG)
