"""Notification rules without a store: who hears what, when a deadline alerts, the mail's text,
the retry delays, the idempotency key."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from service.domain.enums import Lang, TaskingAction
from service.i18n import current_lang, speaking
from service.usecases.notifications.deadlines import due_alert
from service.usecases.notifications.delivery import MailSettings, backoff, compose
from service.usecases.notifications.kinds import NOTICE_KINDS, WHO_HEARS, Audience, Change, NotificationKind
from service.usecases.notifications.outbox import notification_id
from service.usecases.notifications.texts import BODIES, EVENTS, LANGUAGES, SUBJECTS, mail_text

T0 = datetime(2026, 11, 24, 8, tzinfo=timezone.utc)
MAIL_SETTINGS = MailSettings(
    "lonet@example.invalid",
    {"TASKING": "https://lonet.example/taskings/{id}", "NOTICE": "https://lonet.example/notices/{id}"},
    "Europe/Brussels", timedelta(seconds=1), 3, timedelta(seconds=10),
)


def test_who_hears_what_follows_the_issue() -> None:
    def audiences(change: str) -> set[Audience]:
        return {audience for audience, _ in WHO_HEARS[change]}

    assert audiences(TaskingAction.REQUESTED) == {Audience.ASSIGNEE}
    assert audiences(Change.REQUESTED_OF_DEPUTY) == {Audience.ASSIGNEE}
    for change in (TaskingAction.ACCEPTED, TaskingAction.DECLINED, TaskingAction.COMPLETED):
        assert audiences(change) == {Audience.REQUESTER}
    for change in (Change.DEADLINE_APPROACHING, Change.DEADLINE_PASSED):
        assert audiences(change) == {Audience.ASSIGNEE, Audience.REQUESTER}
    assert TaskingAction.STARTED not in WHO_HEARS  # nobody is mailed that work started
    told = {kind for hearing in WHO_HEARS.values() for _, kind in hearing}
    assert told | NOTICE_KINDS == set(NotificationKind)  # every kind is sent by some change (a notice's by notices)


def test_a_deadline_alerts_at_the_configured_share_of_its_time_and_when_passed() -> None:
    due = T0 + timedelta(hours=100)
    assert due_alert(T0, due, T0 + timedelta(hours=74), 0.25) is None  # 26 % left
    assert due_alert(T0, due, T0 + timedelta(hours=75), 0.25) is Change.DEADLINE_APPROACHING  # 25 % left
    assert due_alert(T0, due, T0 + timedelta(hours=90), 0.5) is Change.DEADLINE_APPROACHING
    assert due_alert(T0, due, due, 0.25) is Change.DEADLINE_PASSED
    assert due_alert(T0, due, due + timedelta(days=3), 0.25) is Change.DEADLINE_PASSED


def test_retries_wait_longer_each_time_up_to_an_hour() -> None:
    first = timedelta(seconds=30)
    assert [backoff(n, first) for n in (1, 2, 3)] == [first, first * 2, first * 4]
    assert backoff(30, first) == timedelta(hours=1)


def test_the_idempotency_key_is_one_per_recipient_change_and_kind() -> None:
    key = notification_id("E-1", "officer:LO-001", "NEW_REQUEST")
    assert key == notification_id("E-1", "officer:LO-001", "NEW_REQUEST")
    assert len({key, notification_id("E-2", "officer:LO-001", "NEW_REQUEST"),
                notification_id("E-1", "officer:LO-002", "NEW_REQUEST")}) == 3


def test_every_kind_has_its_text_in_the_four_languages() -> None:
    for table in (SUBJECTS, EVENTS):
        assert set(table) == set(LANGUAGES)
        assert all(set(table[language]) == set(NotificationKind) for language in LANGUAGES)
    assert set(BODIES) == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_mail_names_reference_kind_deadline_and_link_in_the_recipients_language(language: str) -> None:
    row = {
        "id": "N-1", "kind": "DEADLINE_PASSED", "subjectKind": "TASKING", "subjectId": "T-ABC", "reference": "BNL-2026-000042",
        "dueBy": datetime(2026, 11, 30, 16, tzinfo=timezone.utc), "email": "lo@example.invalid", "language": language,
    }
    message = compose(row, MAIL_SETTINGS)
    body = message.get_content()
    assert "BNL-2026-000042" in message["Subject"] and SUBJECTS[language][NotificationKind.DEADLINE_PASSED] in message["Subject"]
    assert EVENTS[language][NotificationKind.DEADLINE_PASSED] in body
    assert "2026-11-30 17:00 CET" in body and "https://lonet.example/taskings/T-ABC" in body
    assert message["Message-ID"] == "<N-1@lonet>"  # the same mail, whoever sends it


def test_an_unknown_language_falls_back_to_english() -> None:
    subject, body = mail_text("xx", NotificationKind.ACCEPTED, reference="R", deadline="D", link="L")
    assert subject == "lonet R: Accepted" and body.startswith(EVENTS["en"][NotificationKind.ACCEPTED])


def test_a_mail_is_in_the_recipients_language_whatever_the_request_speaks() -> None:
    with speaking(Lang.FR):  # a French caller's action notifies a Dutch-speaking LO
        subject, body = mail_text("nl", NotificationKind.ACCEPTED, reference="R", deadline="D", link="L")
        assert current_lang() is Lang.FR  # the caller's own answer stays French
    assert subject == "lonet R: Aanvaard" and body.startswith("De verbindingsofficier heeft uw verzoek aanvaard.")


def test_a_notice_mail_says_only_that_there_is_a_notice_and_where_to_read_it() -> None:
    row = {"id": "N-2", "kind": "NOTICE_ISSUED", "subjectKind": "NOTICE", "subjectId": "N-7F3A", "reference": "N-7F3A",
           "dueBy": None, "email": "requests.lu-police@example.invalid", "language": "fr"}

    message = compose(row, MAIL_SETTINGS)
    body = message.get_content()

    assert message["Subject"] == "lonet N-7F3A: Avis de menace pour votre service"
    assert body.startswith("Un avis de menace a été adressé à votre service.")
    assert "https://lonet.example/notices/N-7F3A" in body and "Délai" not in body
