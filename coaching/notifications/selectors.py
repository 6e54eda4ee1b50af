"""Notifications, the reads: a user's inbox and e-mail choices, and the oldest e-mail still to go."""

import datetime as dt

from django.db.models import Min, QuerySet
from django.shortcuts import get_object_or_404

from ..models import EmailPreference, Notification

Email = Notification.Email


def inbox(user) -> QuerySet[Notification]:
    """The user's notifications, newest first (the index notification_inbox_newest_first)."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    """The user's unread notifications, as the outbox writer and mark_read keep it on the user
    row (services.py): no query, the row is loaded with the user."""
    if not user.is_authenticated:
        return 0
    return user.unread_notifications


def unread_recount(user) -> int:
    """The same figure counted from the rows: what `unread_count` must equal."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def get_notification_for_user(user, pk) -> Notification:
    return get_object_or_404(inbox(user), pk=pk)


def email_preferences(user) -> dict[str, bool]:
    chosen = dict(
        EmailPreference.objects.filter(user=user).order_by().values_list("kind", "by_email")
    )
    return {kind: chosen.get(kind, True) for kind in Notification.Kind.values}


def oldest_unsent_at() -> dt.datetime | None:
    """When the oldest notification whose e-mail is still to go (to send, being sent, or waiting
    for a retry) was written; None when there is none. What the health endpoint watches: it grows
    when no delivery runs (no worker, no beat) and when sending keeps failing."""
    unsent = Notification.objects.filter(email__in=[Email.PENDING, Email.SENDING])
    return unsent.aggregate(oldest=Min("created_at"))["oldest"]
