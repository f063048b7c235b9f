"""An LO's own availability: status, windows, deputies (an admin may act for anyone)."""

from __future__ import annotations

import graphene

from ...security.policy import Operation
from ...usecases import availability as usecase
from .. import permissions
from ..directory.types import AvailabilityWindow, Officer
from ..enums import Availability, value_of
from ..scalars import Date

JUSTIFICATION = "Case or change reference for the consultation log (else the X-Justification header)"
OFFICER = "Admins only: whose availability; an LO always changes their own"


class AvailabilityMutations(graphene.ObjectType):
    set_availability = graphene.Field(
        Officer,
        required=True,
        status=Availability(required=True, description="The officer's new status"),
        note=graphene.String(description="A note on it for colleagues (e.g. who stands in); null removes it"),
        version=graphene.Int(required=True, description="The officer's version you last saw"),
        officer_id=graphene.ID(description=OFFICER),
        justification=graphene.String(description=JUSTIFICATION),
    )
    add_availability_window = graphene.Field(
        AvailabilityWindow,
        required=True,
        starts_on=Date(required=True, description="The window's first day"),
        ends_on=Date(required=True, description="The window's last day"),
        status=Availability(required=True, description="The officer's availability during the window"),
        note=graphene.String(description="Why (e.g. annual leave)"),
        officer_id=graphene.ID(description=OFFICER),
        justification=graphene.String(description=JUSTIFICATION),
        description="Plan an absence (leave, mission, training); windows may not overlap",
    )
    remove_availability_window = graphene.Field(
        graphene.ID, required=True, id=graphene.ID(required=True, description="The window's id"), justification=graphene.String(description=JUSTIFICATION)
    )
    set_deputies = graphene.Field(
        Officer,
        required=True,
        officer_ids=graphene.List(graphene.NonNull(graphene.ID), required=True, description="In rank order"),
        officer_id=graphene.ID(description=OFFICER),
        justification=graphene.String(description=JUSTIFICATION),
    )

    @staticmethod
    async def resolve_set_availability(root, info, status, version, note=None, officer_id=None, justification=None):
        context = info.context
        return await usecase.set_availability(
            context.executor,
            context.caller(justification),
            officer_id=officer_id,
            status=value_of(status),
            note=note,
            version=version,
        )

    @staticmethod
    async def resolve_add_availability_window(root, info, starts_on, ends_on, status, note=None, officer_id=None, justification=None):
        context = info.context
        return await usecase.add_window(
            context.executor,
            context.caller(justification),
            officer_id=officer_id,
            starts_on=starts_on,
            ends_on=ends_on,
            status=value_of(status),
            note=note,
        )

    @staticmethod
    async def resolve_remove_availability_window(root, info, id, justification=None):
        context = info.context
        return await usecase.remove_window(context.executor, context.caller(justification), window_id=id)

    @staticmethod
    async def resolve_set_deputies(root, info, officer_ids, officer_id=None, justification=None):
        context = info.context
        caller = context.caller(justification)
        await usecase.set_deputies(context.executor, caller, officer_id=officer_id, deputies=list(officer_ids))
        context.reads.forget("deputies")
        context.reads.deputies_of_officer.clear(officer_id or caller.identity.officer_id)
        return await context.reads.officer.load(officer_id or caller.identity.officer_id)


permissions.register(
    "Mutation",
    setAvailability=Operation.SET_AVAILABILITY,
    addAvailabilityWindow=Operation.SET_AVAILABILITY,
    removeAvailabilityWindow=Operation.SET_AVAILABILITY,
    setDeputies=Operation.SET_AVAILABILITY,
)
