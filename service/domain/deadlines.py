"""When a request for assistance is due, and where a legal basis may be cited.

Directive (EU) 2023/977 on the exchange of information between the law enforcement authorities of
Member States (art. 5): urgent requests for directly accessible information are answered within
8 hours, urgent requests for indirectly accessible information within 3 days, all other requests
within 7 days. It governs exchanges between EU Member States only: a request to any other country
gets the configured defaults by priority (LONET_DEADLINE_*_HOURS), and the directive is no legal
basis there.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .enums import Accessibility, LegalBasis, Priority
from ..i18n import _

# ISO 3166-1 alpha-2 of the 27 Member States (Greece is GR, as ISO has it, not the EU's EL), and
# the parts of them ISO lists apart: Åland (FI) and the French outermost regions (GF, GP, MQ, RE,
# YT, MF), where EU law applies as in the rest of the Member State.
EU_MEMBER_STATES = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)
EU_TERRITORIES = frozenset("AX GF GP MQ RE YT MF".split())
EU = EU_MEMBER_STATES | EU_TERRITORIES

DIRECTIVE_DEADLINES = {
    (True, Accessibility.DIRECT): timedelta(hours=8),
    (True, Accessibility.INDIRECT): timedelta(days=3),
}
DIRECTIVE_OTHER = timedelta(days=7)

# Legal bases that hold only between EU Member States.
EU_ONLY = frozenset({LegalBasis.DIRECTIVE_EU_2023_977})


def in_eu(iso2: str) -> bool:
    return iso2.upper() in EU


def is_urgent(priority: Priority) -> bool:
    """The directive knows urgent and other requests: URGENT and IMMEDIATE are urgent."""
    return priority in (Priority.URGENT, Priority.IMMEDIATE)


def time_limit(
    country: str, priority: Priority, accessibility: Accessibility, defaults: dict[Priority, timedelta]
) -> timedelta:
    """How long the requested LO has: the directive's limits in the EU, the defaults elsewhere."""
    if not in_eu(country):
        return defaults[priority]
    return DIRECTIVE_DEADLINES.get((is_urgent(priority), accessibility), DIRECTIVE_OTHER)


def legal_basis_refusal(basis: LegalBasis, country: str, country_name: str | None = None) -> str | None:
    """Why the legal basis cannot be cited for a request to the country, or None when it can."""
    if basis in EU_ONLY and not in_eu(country):
        named = f"{country_name} ({country.upper()})" if country_name else country.upper()
        return _(
            "legalBasis %(basis)s governs exchanges between EU Member States only; %(country)s is not one: "
            "cite another basis (e.g. COUNCIL_DECISION_2003_170_JHA or MUTUAL_LEGAL_ASSISTANCE)",
            basis=basis.value,
            country=named,
        )
    return None


def missed_by(due_by: datetime, done_at: datetime) -> timedelta | None:
    """How late a tasking was done (None: in time)."""
    late = done_at - due_by
    return late if late > timedelta(0) else None


def resumed_due_by(due_by: datetime, awaiting_since: datetime, answered_at: datetime) -> datetime:
    """The deadline after a clarification: moved by the time the LO waited for the answer."""
    return due_by + max(answered_at - awaiting_since, timedelta(0))


def delay_problem(due_by: datetime, new_due_by: datetime, now: datetime) -> str | None:
    """Why a delay cannot be announced with this new deadline, or None when it can. The directive
    (art. 5) has the requested side say when it cannot keep a time limit, how long the delay is
    and why: the reason is required by the use case, the new deadline is checked here."""
    if new_due_by <= due_by:
        return _("newDueBy must be later than the current dueBy (%(due)s)", due=due_by.isoformat())
    if new_due_by <= now:
        return _("newDueBy must be in the future")
    return None
