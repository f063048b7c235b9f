"""The tasking rules that need no store: Directive (EU) 2023/977's deadlines and reach, handling
codes, and the one clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from service.clock import Clock
from service.domain.coverage import ResponseGroup, Timeline
from service.domain.deadlines import delay_problem, in_eu, legal_basis_refusal, missed_by, resumed_due_by, time_limit
from service.domain.enums import Accessibility, HandlingCode, LegalBasis, Priority
from service.domain.enums import TaskingAction as A
from service.domain.enums import TaskingStatus as S
from service.domain.handling import Side, note_problem, sharing_refusal, unconsented_h2
from service.domain.lifecycle import DEFAULT_DEADLINES, IllegalTransition, is_overdue, next_status

H, D = timedelta(hours=1), timedelta(days=1)
# Configured defaults unlike the directive's, to tell which rule gave the answer.
CONFIGURED = {Priority.IMMEDIATE: 2 * H, Priority.URGENT: 20 * H, Priority.ROUTINE: 100 * H}


@pytest.mark.parametrize(
    ("priority", "accessibility", "expected"),
    [
        (Priority.URGENT, Accessibility.DIRECT, 8 * H),
        (Priority.IMMEDIATE, Accessibility.DIRECT, 8 * H),
        (Priority.URGENT, Accessibility.INDIRECT, 3 * D),
        (Priority.IMMEDIATE, Accessibility.INDIRECT, 3 * D),  # urgent: the directive knows no "immediate"
        (Priority.ROUTINE, Accessibility.DIRECT, 7 * D),
        (Priority.ROUTINE, Accessibility.INDIRECT, 7 * D),
    ],
)
def test_requests_to_an_eu_member_state_get_the_directives_limits(priority, accessibility, expected) -> None:
    for country in ("PL", "DE", "gr", "MQ"):  # GR as ISO spells Greece; Martinique is an outermost region
        assert time_limit(country, priority, accessibility, CONFIGURED) == expected, country


@pytest.mark.parametrize("country", ["RS", "CO", "GB", "CH", "TR", "UA"])
def test_requests_outside_the_eu_get_the_configured_defaults_whatever_the_accessibility(country: str) -> None:
    for priority in Priority:
        for accessibility in Accessibility:
            assert time_limit(country, priority, accessibility, CONFIGURED) == CONFIGURED[priority]
    assert DEFAULT_DEADLINES[Priority.URGENT] == 3 * D  # LONET_DEADLINE_URGENT_HOURS=72


def test_the_directive_is_no_legal_basis_outside_the_eu_and_the_refusal_names_basis_and_country() -> None:
    refusal = legal_basis_refusal(LegalBasis.DIRECTIVE_EU_2023_977, "CO", "Colombia")
    assert refusal and "DIRECTIVE_EU_2023_977" in refusal and "Colombia (CO)" in refusal
    assert legal_basis_refusal(LegalBasis.DIRECTIVE_EU_2023_977, "PL", "Poland") is None
    for basis in set(LegalBasis) - {LegalBasis.DIRECTIVE_EU_2023_977}:
        assert legal_basis_refusal(basis, "CO", "Colombia") is None, basis
    assert [c for c in ("AT", "SE", "HR", "CY", "GB", "NO", "CH", "RS", "TR") if in_eu(c)] == ["AT", "SE", "HR", "CY"]


def test_a_breach_is_how_late_the_work_was_done() -> None:
    due = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)
    assert missed_by(due, due + 2 * H) == 2 * H
    assert missed_by(due, due) is None and missed_by(due, due - H) is None


def test_h3_needs_its_note_and_h2_blocks_until_its_provider_consents() -> None:
    assert note_problem(HandlingCode.H3, None) and note_problem(HandlingCode.H3, "  ")
    assert note_problem(HandlingCode.H3, "Not for the press") is None and note_problem(HandlingCode.H2, None) is None

    assert unconsented_h2(HandlingCode.H2, None, False, False) == [Side.REQUEST]
    assert unconsented_h2(HandlingCode.H2, HandlingCode.H2, True, False) == [Side.OUTCOME]
    assert unconsented_h2(HandlingCode.H1, HandlingCode.H3, False, False) == []
    refusal = sharing_refusal("reassigning it to LO-001", "BNL-2026-000104", [Side.REQUEST])
    assert refusal.startswith("H2:") and "recordConsent" in refusal and "requesting service" in refusal
    assert sharing_refusal("exporting it", "BNL-2026-000104", []) is None


def test_a_pinned_day_is_the_clocks_today_and_its_now_runs_on_that_day() -> None:
    pinned = Clock(pinned_day=date(2026, 11, 24))
    first, second = pinned.now(), pinned.now()
    assert pinned.today() == date(2026, 11, 24)
    assert first.astimezone(pinned.zone).date() == date(2026, 11, 24) and first.tzinfo is not None
    assert first <= second  # time still runs: events keep their order
    real = Clock()
    assert abs(real.now() - datetime.now(timezone.utc)) < timedelta(seconds=5)


# -- the conversation on a request (service/usecases/conversation) ----------------------------


def test_a_question_waits_and_the_answer_returns_to_the_state_it_interrupted() -> None:

    for working in (S.ACCEPTED, S.IN_PROGRESS):
        assert next_status(working, A.INFORMATION_REQUESTED) is S.AWAITING_INFORMATION
        assert next_status(S.AWAITING_INFORMATION, A.INFORMATION_PROVIDED, resume=working) is working
    for other in set(S) - {S.ACCEPTED, S.IN_PROGRESS}:
        with pytest.raises(IllegalTransition, match=f"that is {other.value}; allowed from ACCEPTED, IN_PROGRESS"):
            next_status(other, A.INFORMATION_REQUESTED)
    # Waiting: it can be cancelled, not reassigned (answer first), nor delayed (the clock stands still).
    assert next_status(S.AWAITING_INFORMATION, A.CANCELLED) is S.CANCELLED
    for refused in (A.REASSIGNED, A.DELAY_ANNOUNCED, A.STARTED, A.COMPLETED):
        with pytest.raises(IllegalTransition):
            next_status(S.AWAITING_INFORMATION, refused)
    assert next_status(S.DECLINED, A.REDIRECTED) is S.REQUESTED
    assert next_status(S.AWAITING_INFORMATION, A.HANDED_OVER) is S.AWAITING_INFORMATION
    assert {next_status(s, A.MESSAGE_POSTED) for s in S} == set(S)


def test_the_clock_stands_still_while_a_tasking_awaits_information() -> None:

    due = datetime(2026, 11, 25, 10, tzinfo=timezone.utc)
    asked = due - 2 * H
    long_after = due + 3 * D
    assert not is_overdue(S.AWAITING_INFORMATION, due, long_after, asked)  # asked in time: never late meanwhile
    assert is_overdue(S.AWAITING_INFORMATION, due, long_after, due + H)  # asked when already late
    assert is_overdue(S.ACCEPTED, due, long_after)
    # The answer three days later moves the deadline by the three days (and a bit) it waited.
    assert resumed_due_by(due, asked, asked + 3 * D) == due + 3 * D
    assert resumed_due_by(due, asked, asked - H) == due  # a clock step back never moves it earlier


def test_a_delay_needs_a_later_deadline_in_the_future() -> None:

    due, now = datetime(2026, 11, 25, 10, tzinfo=timezone.utc), datetime(2026, 11, 24, 12, tzinfo=timezone.utc)
    assert delay_problem(due, due + D, now) is None
    assert "later than the current dueBy" in (delay_problem(due, due, now) or "")
    assert "in the future" in (delay_problem(now - 2 * D, now - D, now) or "")


def test_response_times_leave_out_the_time_spent_awaiting_information_and_count_delays() -> None:

    created = datetime(2026, 11, 1, 8, tzinfo=timezone.utc)
    events = [
        (A.REQUESTED, created),
        (A.ACCEPTED, created + 2 * H),
        (A.INFORMATION_REQUESTED, created + 4 * H),
        (A.INFORMATION_PROVIDED, created + 4 * H + 2 * D),  # two days with the requester
        (A.DELAY_ANNOUNCED, created + 3 * D),
        (A.DELAY_ANNOUNCED, created + 4 * D),
        (A.COMPLETED, created + 5 * D),
    ]
    timeline = Timeline(created, events)
    group = ResponseGroup("ALL")
    group.add(timeline)
    group.add(Timeline(created, events[:2]))

    assert timeline.hours_to(created + 5 * D) == 3 * 24  # five days less the two it waited
    assert timeline.hours_to(created + 4 * H + D) == 4  # while waiting, the clock stands still
    assert group.to_accepted == [2, 2] and group.to_completed == [72]
    assert (group.delayed, group.delays) == (1, 2)
