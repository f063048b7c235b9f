"""Gatherings of the network: joint LO weeks, return days, seminars, training courses and local LO
meetings in a host country (Council Decision 2003/170/JHA: the LOs posted to one country meet,
convened by the coordinating state's LO there). Pure rules, no store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .enums import Availability
from ..i18n import N_, _


class GatheringKind(StrEnum):
    JOINT_LO_WEEK = "JOINT_LO_WEEK"
    RETURN_DAY = "RETURN_DAY"
    SEMINAR = "SEMINAR"
    TRAINING_COURSE = "TRAINING_COURSE"
    LOCAL_LO_MEETING = "LOCAL_LO_MEETING"


class GatheringStatus(StrEnum):
    PLANNED = "PLANNED"
    CANCELLED = "CANCELLED"


class InvitedBy(StrEnum):
    """Whom an invitation goes to; resolved once, when the gathering is created."""

    ALL = "ALL"  # every LO with a posting active during the gathering
    PROGRAMME = "PROGRAMME"  # the LOs of a programme's postings, e.g. the Balkans pilot
    REGION = "REGION"  # the LOs posted in a region
    COUNTRY = "COUNTRY"  # the LOs posted in a host country
    OFFICERS = "OFFICERS"  # named officers


class InvitationAnswer(StrEnum):
    ATTENDING = "ATTENDING"
    NOT_ATTENDING = "NOT_ATTENDING"


# While an LO attends, the gathering's days count as a mission: search routes to deputies.
ATTENDANCE_STATUS = Availability.ON_MISSION
MAX_DAYS = 31  # a gathering lasts a month at most (a training course included)


def dates_problem(starts_on: date, ends_on: date) -> str | None:
    """Why the dates cannot be a gathering's, or None."""
    if ends_on < starts_on:
        return _(
            "endsOn %(ends)s is before startsOn %(starts)s: a gathering cannot end before it starts.", ends=ends_on, starts=starts_on
        )
    if (ends_on - starts_on).days >= MAX_DAYS:
        return _(
            "the gathering lasts more than %(max)d days (%(starts)s to %(ends)s); plan it as several.",
            max=MAX_DAYS, starts=starts_on, ends=ends_on,
        )
    return None


# Whole sentences per kind of invitation (a noun glued into one sentence would not translate).
CODE_NEEDED = {
    InvitedBy.PROGRAMME: N_("an invitation to a programme names the programme's code (invite.code)."),
    InvitedBy.REGION: N_("an invitation to a region names the region's code (invite.code)."),
    InvitedBy.COUNTRY: N_("an invitation to a country names the country's code (invite.code)."),
}


def invitation_problem(invited_by: InvitedBy, code: str | None, officers: list[str]) -> str | None:
    """Whether the invitation names what its kind needs (the code's existence is checked against the directory)."""
    if invited_by is InvitedBy.OFFICERS:
        if not officers:
            return _("an invitation to named officers names at least one officer (invite.officers).")
        return None
    if officers:
        return _(
            "invite.officers is only for an invitation to named officers, not to %(invited)s.", invited=invited_by.value
        )
    if invited_by is InvitedBy.ALL:
        return None if not code else _("an invitation to all LOs names no code.")
    if not code:
        return _(CODE_NEEDED[invited_by])
    return None


@dataclass(frozen=True)
class ConvenorPosting:
    """What the convening rule needs of a posting: where it is and whose it is."""

    country: str
    home_country: str  # the posting officer's service's country (BE, NL, LU)
    active: bool


def convenor_refusal(
    convenor: str, host_country: str, coordinator: str | None, postings: list[ConvenorPosting]
) -> str | None:
    """A local LO meeting is convened by the coordinating Benelux country's LO in the host country
    (2003/170/JHA art. 4): None if `convenor` is that LO, else why not."""
    if coordinator is None:
        return _(
            "no Benelux country coordinates %(host)s (nor its region): a local LO meeting there "
            "is convened by the coordinator's LO; an administrator sets the coordinator first.",
            host=host_country,
        )
    here = [p for p in postings if p.active and p.country == host_country]
    if not here:
        return _(
            "%(convenor)s holds no active posting in %(host)s: a local LO meeting is convened by an LO posted there.",
            convenor=convenor, host=host_country,
        )
    if not any(p.home_country == coordinator for p in here):
        return _(
            "%(coordinator)s coordinates %(host)s: a local LO meeting there is convened by an LO of %(coordinator)s, "
            "and %(convenor)s is not one.",
            coordinator=coordinator, host=host_country, convenor=convenor,
        )
    return None


def attendance_note(title: str, place: str) -> str:
    """The availability note of an attending LO's gathering days (search shows it in brackets)."""
    return _("attending the gathering %(title)s in %(place)s", title=title, place=place)
