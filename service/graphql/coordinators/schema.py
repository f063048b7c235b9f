"""Declaring coordinators (administrators); reading them is part of Country, Region and search (types.py)."""

from __future__ import annotations

import graphene

from ...security.policy import Operation
from ...usecases import coordinators as usecase
from .. import permissions
from .types import Coordination


class CoordinationMutations(graphene.ObjectType):
    set_coordination = graphene.Field(
        Coordination,
        required=True,
        country=graphene.String(description="The host country's ISO code (or give a region)"),
        region=graphene.String(description="The region's code, e.g. WESTERN_BALKANS (or give a country)"),
        coordinator=graphene.String(description="The coordinating Benelux country: BE, NL or LU (null: none)"),
        lead_nation=graphene.String(description="The EU lead nation, as text, when another member state leads"),
        version=graphene.Int(required=True, description="The country's or region's version you last saw (stale: CONFLICT)"),
        justification=graphene.String(description="Change reference for the consultation log (else the X-Justification header)"),
        description="Declare who coordinates the LOs posted to a country or region (2003/170/JHA); a country's "
        "declaration wins over its region's",
    )

    @staticmethod
    async def resolve_set_coordination(
        root, info, version, country=None, region=None, coordinator=None, lead_nation=None, justification=None
    ):
        context = info.context
        return await usecase.set_coordination(
            context.executor, context.reads, context.caller(justification), country=country, region=region,
            coordinator=coordinator, lead_nation=lead_nation, version=version,
        )


permissions.register("Mutation", setCoordination=Operation.MANAGE_DIRECTORY)
