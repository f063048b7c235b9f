"""The rules of the network's life, without a store: gatherings, coordinators, notices and the
annual postings report."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from service.domain.availability import status_on
from service.domain.coordination import coordination_of, coordinator_problem
from service.domain.enums import Availability
from service.domain.gatherings import (
    ConvenorPosting,
    InvitedBy,
    attendance_note,
    convenor_refusal,
    dates_problem,
    invitation_problem,
)
from service.domain.models import AvailabilityWindow
from service.domain.notices import addressees, validity_problem
from service.usecases.postings_report.report import ReportPosting, build_report, future_year_problem


# -- gatherings --------------------------------------------------------------------------------
def test_a_gathering_ends_on_or_after_its_first_day_and_lasts_a_month_at_most() -> None:
    assert dates_problem(date(2018, 4, 16), date(2018, 4, 20)) is None
    assert dates_problem(date(2027, 1, 28), date(2027, 1, 28)) is None  # a return day: one day
    assert "before startsOn" in dates_problem(date(2027, 2, 2), date(2027, 2, 1))
    assert "more than 31 days" in dates_problem(date(2027, 2, 1), date(2027, 3, 10))


@pytest.mark.parametrize(
    ("invited_by", "code", "officers", "problem"),
    [
        (InvitedBy.ALL, None, [], None),
        (InvitedBy.PROGRAMME, "BALKANS_PILOT", [], None),
        (InvitedBy.OFFICERS, None, ["LO-001"], None),
        (InvitedBy.PROGRAMME, None, [], "names the programme's code"),
        (InvitedBy.OFFICERS, None, [], "at least one officer"),
        (InvitedBy.REGION, "WESTERN_BALKANS", ["LO-001"], "only for an invitation to named officers"),
        (InvitedBy.ALL, "RS", [], "names no code"),
    ],
)
def test_an_invitation_names_what_its_kind_needs(invited_by, code, officers, problem) -> None:
    found = invitation_problem(invited_by, code, officers)
    assert (found is None) if problem is None else (problem in found)


def test_a_local_lo_meeting_is_convened_by_the_coordinators_lo_posted_there() -> None:
    nl_in_belgrade = [ConvenorPosting("RS", "NL", active=True)]
    be_in_belgrade = [ConvenorPosting("RS", "BE", active=True)]

    assert convenor_refusal("LO-001", "RS", "NL", nl_in_belgrade) is None
    assert "NL coordinates RS" in convenor_refusal("LO-004", "RS", "NL", be_in_belgrade)
    assert "no active posting in RS" in convenor_refusal("LO-046", "RS", "NL", [ConvenorPosting("CO", "NL", True)])
    assert "no active posting in RS" in convenor_refusal("LO-001", "RS", "NL", [ConvenorPosting("RS", "NL", False)])
    assert "no Benelux country coordinates RS" in convenor_refusal("LO-001", "RS", None, nl_in_belgrade)


def test_attending_counts_as_a_mission_on_the_gatherings_days_only() -> None:
    week = AvailabilityWindow(
        id="G-2018-JOINT-WEEK", officer="LO-001", startsOn=date(2018, 4, 16), endsOn=date(2018, 4, 20),
        status=Availability.ON_MISSION, note=attendance_note("Joint week", "Brussels"),
    )
    assert status_on(Availability.AVAILABLE, [week], date(2018, 4, 18)) == (Availability.ON_MISSION, week)
    assert status_on(Availability.AVAILABLE, [week], date(2018, 4, 21)) == (Availability.AVAILABLE, None)
    assert week.note == "attending the gathering Joint week in Brussels"


# -- coordinators ------------------------------------------------------------------------------
def test_a_countrys_own_coordinator_wins_over_its_regions() -> None:
    regions = {"WESTERN_BALKANS": SimpleNamespace(coordinator="NL", leadNation=None)}
    serbia = SimpleNamespace(iso2="RS", region="WESTERN_BALKANS", coordinator=None, leadNation=None)
    bosnia = SimpleNamespace(iso2="BA", region="WESTERN_BALKANS", coordinator="BE", leadNation=None)
    chile = SimpleNamespace(iso2="CL", region="SOUTH_AMERICA", coordinator=None, leadNation=None)
    colombia = SimpleNamespace(iso2="CO", region="SOUTH_AMERICA", coordinator=None, leadNation="Spain")

    assert (coordination_of(serbia, regions).coordinator, coordination_of(serbia, regions).inherited) == ("NL", True)
    assert (coordination_of(bosnia, regions).coordinator, coordination_of(bosnia, regions).inherited) == ("BE", False)
    assert coordination_of(chile, regions) is None
    assert coordination_of(colombia, regions).lead_nation == "Spain"  # another member state leads
    assert coordinator_problem("FR", None).startswith("coordinator 'FR' is not a Benelux country")
    assert coordinator_problem("LU", "Germany") is None


# -- notices -----------------------------------------------------------------------------------
SERVICES = {"BE-FEDPOL": "BE", "BE-CUSTOMS": "BE", "NL-POLITIE": "NL", "LU-POLICE": "LU"}


def test_a_notice_goes_to_named_services_and_every_service_of_a_country() -> None:
    assert addressees(["LU-POLICE"], ["BE"], SERVICES) == ["BE-CUSTOMS", "BE-FEDPOL", "LU-POLICE"]
    with pytest.raises(ValueError, match="no service 'XX-NOBODY'"):
        addressees(["XX-NOBODY"], [], SERVICES)
    with pytest.raises(ValueError, match="'FR' is not a Benelux country"):
        addressees([], ["FR"], SERVICES)
    with pytest.raises(ValueError, match="at least one service"):
        addressees([], [], SERVICES)


def test_a_notice_is_valid_for_a_year_at_most_and_not_only_in_the_past() -> None:
    today = date(2026, 11, 24)
    assert validity_problem(today, date(2026, 12, 31), today) is None
    assert "before validFrom" in validity_problem(date(2026, 12, 10), date(2026, 12, 1), today)
    assert "never be valid" in validity_problem(date(2026, 10, 1), date(2026, 11, 1), today)
    assert "a year at most" in validity_problem(today, date(2028, 1, 1), today)


# -- the annual postings report ----------------------------------------------------------------
def _posting(pid: str, state: str, host: str, start: date, end: date | None) -> ReportPosting:
    return ReportPosting(pid, f"LO-{pid}", "Name", f"{state}-POLICE", state, host, "City", None, "resident", start, end)


def test_the_report_lists_the_postings_active_in_the_year_with_totals_and_changes() -> None:
    postings = [
        _posting("P-1", "BE", "RS", date(2020, 1, 1), None),  # both years
        _posting("P-2", "NL", "CO", date(2025, 12, 31), None),  # from the last day of 2025
        _posting("P-3", "NL", "CO", date(2022, 1, 1), date(2024, 1, 1)),  # ended the first day of 2024
        _posting("P-4", "NL", "MA", date(2026, 1, 1), None),  # new in 2026
    ]
    report = build_report(2025, postings)

    assert [p.posting_id for p in report.postings] == ["P-1", "P-2"]
    totals = {t.state: t for t in report.totals}
    assert (totals["BE"].postings, totals["BE"].previous_year, totals["BE"].change) == (1, 1, 0)
    assert (totals["NL"].postings, totals["NL"].previous_year, totals["NL"].by_host_country) == (1, 1, (("CO", 1),))
    assert totals["LU"].postings == 0 and report.total == 2
    assert [p.posting_id for p in report.added] == ["P-2"] and [p.posting_id for p in report.ended] == ["P-3"]


def test_a_report_year_in_the_future_is_refused() -> None:
    assert future_year_problem(2026, date(2026, 11, 24)) is None
    assert "2027 lies in the future" in future_year_problem(2027, date(2026, 11, 24))
