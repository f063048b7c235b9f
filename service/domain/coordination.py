"""Who coordinates the LOs posted to a host country (Council Decision 2003/170/JHA: a lead nation
convenes their meetings). A country's own declaration wins; otherwise its region's applies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from .enums import BeneluxCountry
from ..i18n import _


class Coordinated(Protocol):
    coordinator: str | None
    leadNation: str | None


class CountryLike(Coordinated, Protocol):
    iso2: str
    region: str | None


@dataclass(frozen=True)
class Coordination:
    country: str
    coordinator: str | None  # BE, NL or LU
    lead_nation: str | None  # another member state, as text
    declared_for: str  # the country's iso2, or the region's code it comes from

    @property
    def inherited(self) -> bool:
        return self.declared_for != self.country


def coordination_of(
    country: CountryLike, regions: Mapping[str, Coordinated]
) -> Coordination | None:
    """The country's coordination: its own, else its region's; None when neither declares one."""
    if country.coordinator or country.leadNation:
        return Coordination(country.iso2, country.coordinator, country.leadNation, country.iso2)
    region = regions.get(country.region) if country.region else None
    if region is not None and (region.coordinator or region.leadNation):
        return Coordination(country.iso2, region.coordinator, region.leadNation, country.region)
    return None


def coordinator_problem(coordinator: str | None, lead_nation: str | None) -> str | None:
    """A declaration names a Benelux coordinator, an EU lead nation as text, or both."""
    if coordinator is not None and coordinator not in BeneluxCountry.__members__:
        return _("coordinator %(coordinator)r is not a Benelux country: give BE, NL or LU.", coordinator=coordinator)
    if lead_nation is not None and not lead_nation.strip():
        return _("leadNation is empty: name the member state that leads, or leave it out.")
    if lead_nation is not None and len(lead_nation) > 100:
        return _("leadNation is longer than %(max)d characters.", max=100)
    return None
