"""Notifications, the delivery of their e-mail (DESIGN.md, "Background work").

`deliver()` drains the rows to send, records each attempt, retries a temporary failure later with
a growing wait, and stops for good on a permanent one. The task `coaching.deliver_notifications`
(coaching/tasks.py) runs it; this module imports no task.
"""

import contextlib
import datetime as dt
import logging
import smtplib
import time

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from .. import limits
from ..models import EmailPreference, Notification

log = logging.getLogger(__name__)

Email = Notification.Email
MAX_ATTEMPTS = 30  # then the row is marked failed: about a day of retries (see _wait)
BATCH = 200

# A claimed row not marked by then is claimed again. Longer than a run may hold it: a run sends from
# its claim for SEND_WINDOW at most and gives the rest back, and the delivery task is stopped at its
# soft time limit (120 s, when it also gives the rest back) and killed at its hard one (150 s,
# coaching/tasks.py). So a run killed mid-batch frees its unsent rows within three minutes, and a
# row is never claimed again while a run may still send it.
LEASE = dt.timedelta(minutes=3)
SEND_WINDOW = dt.timedelta(minutes=2)
# Failures after which the SMTP connection is of no more use: the next e-mail opens a new one.
BROKEN_CONNECTION = (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError)


def _is_permanent(error: Exception) -> bool:
    """A 5xx answer is permanent; a 4xx (greylisting, a full mailbox for now) or a broken
    connection is worth another try."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600


def _wait(attempts: int) -> dt.timedelta:
    """1, 2, 4 … minutes, at most an hour: MAX_ATTEMPTS tries span about a day."""
    return dt.timedelta(minutes=min(2 ** (attempts - 1), 60))


def _message(notification: Notification, connection) -> EmailMultiAlternatives:
    context = {
        "notification": notification,
        "link": f"{settings.SITE_URL}{notification.url}" if notification.url else "",
        "settings_link": f"{settings.SITE_URL}/notifications/settings/",
    }
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=render_to_string("coaching/notifications/email.txt", context),
        to=[notification.recipient.email],
        connection=connection,
    )
    message.attach_alternative(
        render_to_string("coaching/notifications/email.html", context), "text/html"
    )
    return message


def _due(now: dt.datetime) -> Q:
    """Rows whose e-mail is to be sent now: never tried, or their retry time or lease is over."""
    return Q(email=Email.PENDING, email_next_try_at__isnull=True) | Q(
        email__in=[Email.PENDING, Email.SENDING], email_next_try_at__lte=now
    )


def _claim(batch: int, now: dt.datetime) -> list[Notification]:
    """Take a batch of due rows for this run, and commit the claim before anything is sent: a
    second worker skips them, and a run that dies leaves only its unsent rows, claimed again
    once the lease is over (the one e-mail in flight when it died may go twice; no other)."""
    with transaction.atomic():
        due = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(_due(now))
            .order_by("created_at", "pk")[:batch]
        )
        Notification.objects.filter(pk__in=[n.pk for n in due]).update(
            email=Email.SENDING, email_next_try_at=now + LEASE
        )
    return due


def _release(rows: list[Notification]) -> None:
    """Give back claimed rows this run will not send: due again at once, for the next run."""
    Notification.objects.filter(pk__in=[n.pk for n in rows], email=Email.SENDING).update(
        email=Email.PENDING, email_next_try_at=None
    )


def _close(connection) -> None:
    with contextlib.suppress(OSError):  # a server that hangs up or hangs: nothing left to close
        connection.close()


FIELDS = ["email", "email_attempts", "email_next_try_at", "email_sent_at", "email_last_error"]


def deliver(*, batch: int | None = None, now: dt.datetime | None = None) -> dict:
    """Send the e-mail of notifications due to be sent: claim a batch, then send each over the
    run's one SMTP connection (opened at the first e-mail, again only after it broke) and record
    it at once. A kind turned off, or an account deactivated, since the row was written is not
    sent. What the run has not sent when its SEND_WINDOW or the task's soft time limit ends is
    given back at once. Returns the counts."""
    now = now or timezone.now()
    counts = {"sent": 0, "retry": 0, "failed": 0, "off": 0}
    due = _claim(batch or BATCH, now)
    stop_at = time.monotonic() + SEND_WINDOW.total_seconds()
    off = set(
        EmailPreference.objects.filter(user_id__in={n.recipient_id for n in due}, by_email=False)
        .order_by()
        .values_list("user_id", "kind")
    )
    connection = get_connection()  # EMAIL_TIMEOUT bounds each connect and reply
    index = 0
    try:
        for index, notification in enumerate(due):
            if time.monotonic() > stop_at:
                _release(due[index:])
                break
            if (notification.recipient_id, notification.kind) in off or not (
                notification.recipient.is_active
            ):
                notification.email, notification.email_next_try_at = Email.OFF, None
                counts["off"] += 1
                Notification.objects.filter(pk=notification.pk).update(email=Email.OFF)
                continue
            counts[_send(notification, connection, now)] += 1
            Notification.objects.filter(pk=notification.pk).update(
                **{name: getattr(notification, name) for name in FIELDS}
            )
    except SoftTimeLimitExceeded:
        _release(due[index:])  # the one in flight too: it may go twice, no other
        raise
    finally:
        _close(connection)
    return counts


def _send(notification: Notification, connection, now: dt.datetime) -> str:
    """Send one e-mail and set what it came to on the row (not saved); returns the count's name."""
    notification.email_attempts += 1
    opened = False
    try:
        connection.open()  # a no-op while the run's connection is open
        opened = True
        _message(notification, connection).send()
    except SoftTimeLimitExceeded:
        raise
    except Exception as error:  # noqa: BLE001 - every failure is recorded, none is lost
        if isinstance(error, BROKEN_CONNECTION):
            _close(connection)  # the next e-mail opens a new one
        notification.email_last_error = f"{type(error).__name__}: {error}"[: limits.ERROR_MAX]
        # A connection that cannot be opened (refused, TLS, a sign-in the server refuses) says
        # nothing against this e-mail: retried, whatever the code.
        permanent = opened and _is_permanent(error)
        if permanent or notification.email_attempts >= MAX_ATTEMPTS:
            notification.email, notification.email_next_try_at = Email.FAILED, None
            return "failed"
        notification.email = Email.PENDING
        notification.email_next_try_at = now + _wait(notification.email_attempts)
        return "retry"
    notification.email, notification.email_next_try_at = Email.SENT, None
    notification.email_sent_at = timezone.now()
    notification.email_last_error = ""
    return "sent"
