"""Which countries a request for assistance may go to: the one check search, requestTasking,
coverage and the seed's and imports' records all call.

- Belgium, the Netherlands and Luxembourg are not destinations: LOs are posted abroad, and the
  services' domestic channels (or the Benelux police treaty's direct cooperation) serve them.
  The Caribbean Netherlands (BQ: Bonaire, Sint Eustatius and Saba) are public bodies of the
  Netherlands itself, so they count as the Netherlands. Aruba (AW), Curaçao (CW) and Sint
  Maarten (SX) are countries of the Kingdom with their own police and justice: destinations.
- Uninhabited territories (no permanent population, hence no police to ask) are out of scope:
  UNINHABITED below, taken from ISO 3166-1's list of territories without permanent population.
"""

from __future__ import annotations

from ..errors import BadUserInput
from ..i18n import _
from .enums import BeneluxCountry

CARIBBEAN_NETHERLANDS = "BQ"
DOMESTIC = frozenset({*(c.value for c in BeneluxCountry), CARIBBEAN_NETHERLANDS})

UNINHABITED = frozenset(
    {
        "AQ",  # Antarctica
        "BV",  # Bouvet Island
        "GS",  # South Georgia and the South Sandwich Islands
        "HM",  # Heard Island and McDonald Islands
        "IO",  # British Indian Ocean Territory (a military base, no permanent population)
        "TF",  # French Southern Territories
        "UM",  # United States Minor Outlying Islands
    }
)


def is_destination(iso2: str) -> bool:
    """Whether an LO can be asked for assistance in the country (and it can be covered)."""
    return iso2 not in DOMESTIC and iso2 not in UNINHABITED


def refusal(iso2: str) -> str | None:
    """Why the country is not a destination, or None when it is one."""
    if iso2 in DOMESTIC:
        if iso2 == CARIBBEAN_NETHERLANDS:
            return _(
                "%(code)s is part of the Netherlands (Caribbean Netherlands), not a destination for liaison officers: "
                "use the domestic channels (your own services, or the Benelux police treaty's direct cooperation)",
                code=iso2,
            )
        return _(
            "%(code)s is a Benelux country, not a destination for liaison officers: use the domestic channels "
            "(your own services, or the Benelux police treaty's direct cooperation)",
            code=iso2,
        )
    if iso2 in UNINHABITED:
        return _("%(code)s is an uninhabited territory: out of scope for liaison officers", code=iso2)
    return None


def require_destination(iso2: str, field: str = "country") -> None:
    """BAD_USER_INPUT naming the field unless the country is a destination."""
    reason = refusal(iso2.upper())
    if reason is not None:
        raise BadUserInput(reason, field=field)
