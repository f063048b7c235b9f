"""Handling codes (Europol's convention) on the request and on the outcome, and what H2 blocks.

H0 law-enforcement use only; H1 not for use in court without the provider's consent; H2 no onward
sharing without the provider's consent; H3 other restrictions, stated in a note. The requester
sets the request's code (they provide the request's information), the LO the outcome's (they
provide the answer, for the foreign source).

H2 on either blocks every way the tasking's content would reach someone not yet party to it
(another LO by reassignment or redirection, an export) until that side's provider has recorded
consent.
"""

from __future__ import annotations

from enum import StrEnum

from .enums import HandlingCode
from ..i18n import N_, _

INFORMATION_ASSESSMENTS = range(1, 5)  # Europol's 4x4, the information (Regulation (EU) 2016/794, art. 29)


class Side(StrEnum):
    """Whose information a handling code protects."""

    REQUEST = "REQUEST"  # the requester's: the request's details
    OUTCOME = "OUTCOME"  # the LO's (and their source's): the outcome


def note_problem(code: HandlingCode | None, note: str | None) -> str | None:
    """H3 is a restriction stated in words: without its note nobody knows what it restricts."""
    if code is HandlingCode.H3 and not (note and note.strip()):
        return _("H3 needs its restriction note (what may and may not be done with the information)")
    return None


def unconsented_h2(
    request_code: HandlingCode, outcome_code: HandlingCode | None, request_consent: bool, outcome_consent: bool
) -> list[Side]:
    """The sides whose H2 still forbids onward sharing."""
    blocked = []
    if request_code is HandlingCode.H2 and not request_consent:
        blocked.append(Side.REQUEST)
    if outcome_code is HandlingCode.H2 and not outcome_consent:
        blocked.append(Side.OUTCOME)
    return blocked


# Whose consent an H2 that blocks awaits (translated where shown).
_WHOSE_CONSENT = {
    frozenset({Side.REQUEST}): N_("the request (the requesting service's consent)"),
    frozenset({Side.OUTCOME}): N_("the outcome (the assigned LO's consent)"),
    frozenset({Side.REQUEST, Side.OUTCOME}): N_(
        "the request (the requesting service's consent) and the outcome (the assigned LO's consent)"
    ),
}


def sharing_refusal(what: str, reference: str, blocked: list[Side]) -> str | None:
    """The FORBIDDEN message naming H2, or None when nothing blocks."""
    if not blocked:
        return None
    whose = _(_WHOSE_CONSENT[frozenset(blocked)])
    return _(
        "H2: %(reference)s may not be shared onward without the provider's consent, so %(what)s is refused; "
        "H2 is set on %(whose)s: record it first with recordConsent",
        reference=reference,
        what=what,
        whose=whose,
    )
