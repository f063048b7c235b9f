"""Notification types."""

from __future__ import annotations

import graphene

from ...usecases.notifications.kinds import NotificationKind as DomainKind
from ...usecases.notifications.kinds import NotificationSubjectKind as DomainSubjectKind
from ..enums import described
from ..pagination import connection
from ..scalars import DateTime

NotificationKind = described(
    DomainKind,
    "What a notification tells of",
    {
        "NEW_REQUEST": "A new request was assigned to you",
        "DEPUTY_REQUEST": "A request was assigned to you as deputy, because the LO you stand in for is away",
        "REASSIGNED_TO_YOU": "A request was reassigned to you",
        "ACCEPTED": "The LO accepted your service's request",
        "DECLINED": "The LO declined your service's request",
        "COMPLETED": "The LO completed your service's request",
        "DEADLINE_APPROACHING": "A request's deadline is near (LONET_DEADLINE_ALERT_FRACTION of its time is left)",
        "DEADLINE_PASSED": "A request's deadline passed while it is still open",
        "INFORMATION_REQUESTED": "The LO asked your service a question about its request (it awaits your answer)",
        "INFORMATION_PROVIDED": "The requesting service answered your question",
        "MESSAGE": "The other side of a request posted a message",
        "DELAY_ANNOUNCED": "The LO announced that the reply to your service's request will come later than its deadline",
        "REDIRECTED_TO_YOU": "A request declined by another LO was redirected to you",
        "HANDED_OVER_TO_YOU": "A request was handed over to you (its assignee's posting ended)",
        "NOTICE_ISSUED": "A threat notice was addressed to your service (read it in notices; told to the service's "
        "investigators and managers and its functional mailbox)",
        "NOTICE_ACKNOWLEDGED": "Every service your threat notice is addressed to has acknowledged it",
    },
)

NotificationSubjectKind = described(
    DomainSubjectKind,
    "What a notification is about",
    {"TASKING": "A tasking (subjectId is its id; read it with tasking)", "NOTICE": "A threat notice (subjectId is its id; read it with notice)"},
)


class EmailStatus(graphene.Enum):
    """Where the notification's e-mail is"""

    PENDING = "PENDING"
    SENDING = "SENDING"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"
    NOT_SENT = "NOT_SENT"

    @property
    def description(self) -> str:
        return {
            "PENDING": "Waiting to be mailed (retried with a growing delay while the mail server is unreachable)",
            "SENDING": "Being mailed",
            "DELIVERED": "Handed to the mail server",
            "FAILED": "Given up after the configured number of attempts",
            "NOT_SENT": "Not mailed: no address, or you turned e-mail off for this kind",
        }[self.name]


class Notification(graphene.ObjectType):
    """Something you should know about one of your taskings or a threat notice to your service (no content: read the tasking or notice)"""

    id = graphene.ID(required=True, description="The notification's id (markNotificationsRead takes it)")
    kind = graphene.Field(NotificationKind, required=True, description="What happened")
    subjectKind = graphene.Field(NotificationSubjectKind, required=True, description="What it is about: a tasking or a notice")
    subjectId = graphene.ID(required=True, description="The id of the tasking or notice it is about")
    taskingId = graphene.ID(
        description="The tasking it is about (null when it is about a notice)",
        deprecation_reason="Use subjectId with subjectKind: a notification may be about a notice",
    )
    reference = graphene.String(
        required=True, description="The tasking's reference, e.g. BNL-2026-000123, or the notice's id"
    )
    dueBy = DateTime(description="The tasking's deadline when the notification was written (null for a notice)")
    createdAt = DateTime(required=True, description="When it was written")
    readAt = DateTime(description="When you marked it read (null: unread)")
    read = graphene.Boolean(required=True, description="Whether you marked it read")
    emailStatus = graphene.Field(EmailStatus, required=True, description="Where its e-mail is")

    @staticmethod
    def resolve_taskingId(n, info):
        return n.tasking

    @staticmethod
    def resolve_subjectKind(n, info):
        return n.subjectKind.value

    @staticmethod
    def resolve_read(n, info):
        return n.readAt is not None

    @staticmethod
    def resolve_kind(n, info):
        return n.kind.value


NotificationConnection = connection(Notification, "Notification", "notifications")


class NotificationSettings(graphene.ObjectType):
    """Your own notification settings"""

    email_off = graphene.List(
        graphene.NonNull(NotificationKind), required=True, name="emailOff",
        description="The kinds you do not want by e-mail (you still see them in myNotifications)",
    )
    language = graphene.String(description="The language of your mails and calendar: nl, fr, de or en (null: chosen for you)")

    @staticmethod
    def resolve_email_off(s, info):
        return [k.value for k in s.emailOff]


class CalendarToken(graphene.ObjectType):
    """Your calendar's address; it works until you revoke it or ask for a new one"""

    token = graphene.String(required=True, description="The secret in the address; shown once")
    url = graphene.String(required=True, description="Subscribe to this address in your calendar application")
