"""Threat notices (Council Decision 2003/170/JHA art. 5: LOs pass on information about serious
threats to the authorities concerned): who may address whom, and how long a notice is valid.
Pure rules, no store."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from enum import StrEnum

from ..i18n import _
from .enums import BeneluxCountry
from ..i18n import _

MAX_VALIDITY = timedelta(days=366)


class NoticeStatus(StrEnum):
    ISSUED = "ISSUED"
    WITHDRAWN = "WITHDRAWN"


def validity_problem(valid_from: date, valid_until: date, today: date) -> str | None:
    """Why these days cannot be a notice's validity, or None."""
    if valid_until < valid_from:
        return _(
            "validUntil %(until)s is before validFrom %(since)s: a notice cannot expire before it is valid.",
            until=valid_until, since=valid_from,
        )
    if valid_until < today:
        return _("validUntil %(until)s lies before today (%(today)s): the notice would never be valid.", until=valid_until, today=today)
    if valid_until - valid_from > MAX_VALIDITY:
        return _(
            "a notice is valid for a year at most (%(since)s to %(until)s); issue a new one after.", since=valid_from, until=valid_until
        )
    return None


def addressees(services: Iterable[str], countries: Iterable[str], known: Mapping[str, str]) -> list[str]:
    """The addressed services: those named and every service of each named Benelux country.

    `known` maps each service code to its country. ValueError names the first unknown code."""
    chosen = set()
    for code in services:
        if code not in known:
            raise ValueError(_("there is no service %(code)r to address.", code=code))
        chosen.add(code)
    for country in countries:
        if country not in BeneluxCountry.__members__:
            raise ValueError(_("%(code)r is not a Benelux country: notices go to BE, NL or LU services.", code=country))
        chosen |= {code for code, of in known.items() if of == country}
    if not chosen:
        raise ValueError(_("a notice is addressed to at least one service or country."))
    return sorted(chosen)
