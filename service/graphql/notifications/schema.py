"""Notification queries, mutations and the subscription: thin, each calls one use case."""

from __future__ import annotations

import graphene

from ...errors import ServiceUnavailable
from ...i18n import _
from ...security.policy import Operation
from ...usecases.notifications import calendar, inbox
from .. import permissions
from ..enums import value_of
from .types import CalendarToken, Notification, NotificationConnection, NotificationKind, NotificationSettings


class NotificationQueries(graphene.ObjectType):
    my_notifications = graphene.Field(
        NotificationConnection,
        required=True,
        first=graphene.Int(default_value=20, description="How many (1-100)"),
        after=graphene.String(description="The endCursor of the page before"),
        unread_only=graphene.Boolean(default_value=False, name="unreadOnly", description="Only those not marked read"),
        description="Your own notifications, newest first",
    )
    my_notification_settings = graphene.Field(
        NotificationSettings, required=True, description="Your own notification settings"
    )

    @staticmethod
    async def resolve_my_notifications(root, info, first: int, after=None, unread_only: bool = False):
        context = info.context
        return await inbox.my_notifications(context.executor, context.identity, first, after, unread_only, context.now())

    @staticmethod
    async def resolve_my_notification_settings(root, info):
        context = info.context
        return await inbox.settings_of(context.executor, context.identity)


class NotificationMutations(graphene.ObjectType):
    mark_notifications_read = graphene.Field(
        graphene.List(graphene.NonNull(Notification)),
        required=True,
        ids=graphene.List(graphene.NonNull(graphene.ID), required=True, description="Ids of your notifications"),
        description="Mark your notifications read; gives back those marked (ids that are not yours are ignored)",
    )
    set_notification_settings = graphene.Field(
        NotificationSettings,
        required=True,
        email_off=graphene.List(
            graphene.NonNull(NotificationKind), required=True, name="emailOff",
            description="The kinds you do not want by e-mail (empty: all by e-mail)",
        ),
        language=graphene.String(description="nl, fr, de or en for your mails and calendar (null: chosen for you)"),
        description="Choose which notifications reach you by e-mail, and in which language",
    )
    issue_calendar_token = graphene.Field(
        CalendarToken,
        required=True,
        description="A new address of your calendar (windows and due dates, iCalendar); the old one stops working",
    )
    revoke_calendar_token = graphene.Boolean(
        required=True, description="Your calendar's address stops working; true when done"
    )

    @staticmethod
    async def resolve_mark_notifications_read(root, info, ids: list[str]):
        context = info.context
        return await inbox.mark_read(context.executor, context.caller(), ids)

    @staticmethod
    async def resolve_set_notification_settings(root, info, email_off, language=None):
        context = info.context
        wanted = inbox.NotificationSettings(emailOff=[value_of(k) for k in email_off], language=language)
        return await inbox.save_settings(context.executor, context.caller(), wanted)

    @staticmethod
    async def resolve_issue_calendar_token(root, info):
        context = info.context
        token = await calendar.issue_token(context.executor, context.caller())
        return CalendarToken(token=token, url=f"{context.settings.public_url.rstrip('/')}/calendar/{token}.ics")

    @staticmethod
    async def resolve_revoke_calendar_token(root, info):
        context = info.context
        await calendar.revoke_token(context.executor, context.caller())
        return True


class NotificationSubscriptions(graphene.ObjectType):
    notification_added = graphene.Field(
        Notification,
        required=True,
        description="Each of your notifications as it is written. Over WebSocket (graphql-transport-ws) only",
    )

    @staticmethod
    def subscribe_notification_added(root, info):
        context = info.context
        if context.bus is None:
            raise ServiceUnavailable(_("live updates are not available on this server"))
        return inbox.added(context.executor, context.bus, context.identity, context.now())

    @staticmethod
    def resolve_notification_added(notification, info):
        return notification


permissions.register(
    "Query", myNotifications=Operation.OWN_NOTIFICATIONS, myNotificationSettings=Operation.OWN_NOTIFICATIONS
)
permissions.register(
    "Mutation",
    markNotificationsRead=Operation.OWN_NOTIFICATIONS,
    setNotificationSettings=Operation.OWN_NOTIFICATIONS,
    issueCalendarToken=Operation.OWN_CALENDAR,
    revokeCalendarToken=Operation.OWN_CALENDAR,
)
permissions.register("Subscription", notificationAdded=Operation.OWN_NOTIFICATIONS)
