"""Notifications, the writes: the outbox writer and the reader's own changes (DESIGN.md,
"Background work").

`notify()` writes one row per recipient in the caller's transaction (the outbox) and, once that
transaction commits, asks a worker to deliver the e-mail (`delivery.deliver`, run by the task
`coaching.deliver_notifications`, asked for by name: this module imports no task). The request
never waits on the broker: if publishing fails, the rows stay "to send" and the next delivery run
(a periodic job, or the next notification) sends them.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from celery import current_app
from django.db import transaction
from django.utils import timezone

from .. import limits
from ..models import EmailPreference, Notification, User
from .selectors import inbox

log = logging.getLogger(__name__)

Email = Notification.Email
# The delivery task (coaching/tasks.py), asked for by its name: the task imports delivery, and
# nothing here imports the task.
DELIVER_TASK = "coaching.deliver_notifications"


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    subject: str,
    body: str,
    url: str = "",
    dedupe_key: str | None = None,
) -> int:
    """Write a notification for each recipient (each once: a person in two roles gets one), in
    the caller's transaction. With `dedupe_key`, a recipient who has that key already gets nothing
    new, however often or concurrently this runs. Returns how many were offered for writing."""
    return notify_many([Message(list(recipients), subject, body, url, dedupe_key)], kind=kind)


@dataclass
class Message:
    recipients: list
    subject: str
    body: str
    url: str = ""
    dedupe_key: str | None = None


def notify_many(messages: list[Message], *, kind: str) -> int:
    """`notify` for many messages of one kind in two queries, whatever their number: for the
    periodic jobs. Recipients may be users or user ids with e-mail addresses loaded."""
    rows, seen = [], set()
    users = {}
    for message in messages:
        for user in message.recipients:
            if user is not None and user.is_active:
                users[user.pk] = user
    if not users:
        return 0
    off = set(
        EmailPreference.objects.filter(user_id__in=users, kind=kind, by_email=False)
        .order_by()
        .values_list("user_id", flat=True)
    )
    for message in messages:
        for user in message.recipients:
            if user is None or not user.is_active or (user.pk, id(message)) in seen:
                continue
            seen.add((user.pk, id(message)))
            rows.append(
                Notification(
                    recipient_id=user.pk,
                    kind=kind,
                    subject=message.subject[: limits.SUBJECT_MAX],
                    body=message.body,
                    url=message.url,
                    dedupe_key=message.dedupe_key,
                    email=Email.OFF if user.pk in off or not user.email else Email.PENDING,
                )
            )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if any(row.email == Email.PENDING for row in rows):
        transaction.on_commit(_enqueue_delivery)
    return len(rows)


def _enqueue_delivery():
    """Ask a worker to deliver now. It never holds the request up: a connection of its own with
    one-second timeouts and no retries (a broker that is down, or hung, just fails), and on any
    failure the rows wait for the every-minute delivery run."""
    options = {
        **(current_app.conf.broker_transport_options or {}),
        "socket_timeout": 1,
        "socket_connect_timeout": 1,
        "max_retries": 0,
    }
    try:
        if current_app.conf.task_always_eager:
            current_app.tasks[DELIVER_TASK].delay()  # in-process (make run, tests)
            return
        with current_app.connection_for_write(transport_options=options) as connection:
            current_app.send_task(DELIVER_TASK, connection=connection, retry=False)
    except Exception:  # the broker cannot take it now: the periodic run sends the rows
        log.warning(
            "Could not enqueue e-mail delivery; the periodic run will send it.", exc_info=True
        )


# --- the reader's own changes ------------------------------------------------------------------


def mark_read(*, user, notification: Notification | None = None) -> int:
    """Mark one notification (or all of the user's) read."""
    unread = inbox(user).filter(read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def email_preferences_update(*, user, choices: dict[str, bool]) -> None:
    for kind, by_email in choices.items():
        if kind not in Notification.Kind.values:
            raise ValueError(f"Unknown kind {kind!r}")
        EmailPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"by_email": bool(by_email)}
        )
