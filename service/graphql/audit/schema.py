"""The consultation log, for admins."""

from __future__ import annotations

import graphene

from ...security.policy import Operation
from ...usecases import audit as usecase
from .. import permissions
from ...usecases.pages import page_request
from ..pagination import connection, page_arguments
from ..scalars import DateTime


class AuditRecord(graphene.ObjectType):
    """One entry of the consultation log: who read or changed what, when, and why."""

    seq = graphene.Int(required=True, description="The record's place in the log, from 1, without gaps")
    at = DateTime(required=True, description="When it happened")
    subject = graphene.String(required=True, description="The caller: the token's subject")
    service = graphene.String(description="The caller's service (code), from the token")
    roles = graphene.List(graphene.NonNull(graphene.String), required=True, description="The caller's roles, from the token")
    operation = graphene.String(required=True, description="What was done, e.g. readContactData, acceptTasking")
    objectIds = graphene.List(graphene.NonNull(graphene.String), required=True, description="The ids of what was read or changed")
    justification = graphene.String(description="The case reference the caller gave, if any")
    requestId = graphene.String(description="The server's id of the request (X-Request-Id of its response)")
    clientRequestId = graphene.String(description="The X-Request-Id the client sent, if any (not trusted as an id)")
    prevHash = graphene.String(required=True, description="The previous record's hash: the log is a hash chain")
    hash = graphene.String(required=True, description="This record's hash, over its content and prevHash")


AuditConnection = connection(AuditRecord, "Audit", "consultation log records")


class AuditFilter(graphene.InputObjectType):
    """Which records of the consultation log: every filter given must hold."""

    subject = graphene.String(description="Only the records of this caller (token subject)")
    operation = graphene.String(description="Only this operation, e.g. readContactData, requestTasking")
    objectId = graphene.String(description="Only records that name this object (officer, tasking ...)")
    since = DateTime(description="Only records at or after this moment")
    until = DateTime(description="Only records before this moment")


class AuditQueries(graphene.ObjectType):
    audit_log = graphene.Field(
        AuditConnection,
        required=True,
        filter=AuditFilter(description="Which records; all when absent"),
        **page_arguments(50, "the server's maximum page size"),
        description="The consultation log, newest first",
    )

    @staticmethod
    async def resolve_audit_log(root, info, filter=None, first=None, after=None, last=None, before=None):
        context = info.context
        maximum = context.settings.max_page_size
        page = await usecase.search(
            context.executor,
            context.identity,
            usecase.AuditFilter.model_validate(dict(filter or {})),
            page_request(first, after, last, before, maximum, default=min(50, maximum)),
            None,
            maximum,
        )
        # Reading the log reads personal data (who consulted what): it is logged in turn.
        context.trail.note(Operation.READ_AUDIT_LOG, [f"audit:{r.seq}" for r in page.items])
        return page


permissions.register("Query", auditLog=Operation.READ_AUDIT_LOG)
