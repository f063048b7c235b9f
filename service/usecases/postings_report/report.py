"""The annual postings report (Council Decision 2003/170/JHA: each member state notifies its LO
postings every year), computed from plain facts: no store, so its rules are tested alone."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ...domain.enums import BeneluxCountry
from ...i18n import _

STATES = tuple(BeneluxCountry)  # the posting states, in the treaty's order: BE, NL, LU


@dataclass(frozen=True)
class ReportPosting:
    """One posting as the report lists it."""

    posting_id: str
    officer_id: str
    officer_name: str
    home_service: str
    state: str  # the posting state: the country of the officer's home service
    host_country: str
    city: str
    station: str | None
    kind: str
    starts_on: date
    ends_on: date | None
    accredited_to: tuple[str, ...] = ()
    area: tuple[str, ...] = ()
    competences: tuple[str, ...] = ()
    serves_all: bool = False
    served_services: tuple[str, ...] = ()

    def active_in(self, year: int) -> bool:
        return self.starts_on <= date(year, 12, 31) and (self.ends_on is None or self.ends_on >= date(year, 1, 1))


@dataclass(frozen=True)
class StateTotal:
    state: str
    postings: int
    previous_year: int
    by_host_country: tuple[tuple[str, int], ...]  # (iso2, postings), by iso2

    @property
    def change(self) -> int:
        return self.postings - self.previous_year


@dataclass
class PostingsReport:
    year: int
    postings: list[ReportPosting] = field(default_factory=list)  # by state, host country, start, id
    totals: list[StateTotal] = field(default_factory=list)  # BE, NL, LU
    added: list[ReportPosting] = field(default_factory=list)  # active this year, not the year before
    ended: list[ReportPosting] = field(default_factory=list)  # active the year before, not this year

    @property
    def total(self) -> int:
        return len(self.postings)


def future_year_problem(year: int, today: date) -> str | None:
    """A report covers a year that has begun; before 1900 there were no such postings either."""
    if year > today.year:
        return _(
            "the year %(year)s lies in the future (this is %(this)s): a postings report covers a year that has begun.",
            year=year, this=today.year,
        )
    if year < 1900:
        return _("the year %(year)s is before 1900: give a year from 1900 to %(this)s.", year=year, this=today.year)
    return None


def _order(p: ReportPosting) -> tuple:
    return (STATES.index(BeneluxCountry(p.state)) if p.state in BeneluxCountry.__members__ else 9, p.host_country, p.starts_on, p.posting_id)


def build_report(year: int, postings: Iterable[ReportPosting]) -> PostingsReport:
    """The postings active in `year` (at least one day of it), with totals per posting state and
    host country, and what changed against the previous year."""
    every = list(postings)
    now = sorted((p for p in every if p.active_in(year)), key=_order)
    before = sorted((p for p in every if p.active_in(year - 1)), key=_order)
    now_ids, before_ids = {p.posting_id for p in now}, {p.posting_id for p in before}
    totals = []
    for state in STATES:
        mine = [p for p in now if p.state == state]
        hosts = Counter(p.host_country for p in mine)
        totals.append(
            StateTotal(state.value, len(mine), sum(1 for p in before if p.state == state), tuple(sorted(hosts.items())))
        )
    return PostingsReport(
        year,
        now,
        totals,
        added=[p for p in now if p.posting_id not in before_ids],
        ended=[p for p in before if p.posting_id not in now_ids],
    )
