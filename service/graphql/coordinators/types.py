"""How a country's coordination reads (Council Decision 2003/170/JHA)."""

from __future__ import annotations

import graphene


class Coordination(graphene.ObjectType):
    class Meta:
        description = (
            "Who coordinates the LOs posted to a country (Council Decision 2003/170/JHA): the Benelux country whose "
            "LO there convenes local LO meetings, and the EU lead nation when another member state leads"
        )

    coordinator = graphene.String(description="The coordinating Benelux country: BE, NL or LU (null: none of them)")
    lead_nation = graphene.String(description="The EU lead nation, as text, when another member state leads")
    declared_for = graphene.String(required=True, description="Where it is declared: the country's ISO code or its region's code")
    inherited = graphene.Boolean(required=True, description="True when the country has none of its own and its region's applies")
