"""Notifications, the writes: the outbox writer and the reader's own changes (DESIGN.md,
"Background work").

`notify()` writes one row per recipient in the caller's transaction (the outbox) and, once that
transaction commits, asks a worker to deliver the e-mail (`delivery.deliver`, run by the task
`coaching.deliver_notifications`, asked for by name: this module imports no task). The request
never waits on the broker: if publishing fails, the rows stay "to send" and the next delivery run
(a periodic job, or the next notification) sends them.

Each login's unread count (`User.unread_notifications`, read by the navigation bar at no query of
its own) is derived data with exactly these writers: `notify_many` (and `notify`, through it),
`notify_selected` (the same for rows the database makes) and `mark_read`. Each, after its
change and in the same transaction, locks the recipients' user rows and recounts their unread
rows (`_recount_unread`). Recounting rather than adding is what
makes it exact: the outbox writer cannot know which rows a dedupe key refused, and two writers at
once each recount under the lock, the second after the first has committed, so the last count
written sees every row (the lock is FOR NO KEY UPDATE: a notification being inserted holds a
KEY SHARE on its recipient's row, which this must not wait on). `selectors.unread_recount` is
the figure it must equal (tested after each kind of write).
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from celery import current_app
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.bulk import insert_rows

from .. import limits
from ..models import EmailPreference, Notification, User
from .selectors import inbox

log = logging.getLogger(__name__)

Email = Notification.Email
# The delivery task (coaching/tasks.py), asked for by its name: the task imports delivery, and
# nothing here imports the task.
DELIVER_TASK = "coaching.deliver_notifications"
# The columns notify_many writes, in its rows' order.
ROW_FIELDS = (
    "recipient",
    "kind",
    "subject",
    "body",
    "url",
    "dedupe_key",
    "created_at",
    "email",
    "email_attempts",
    "email_last_error",
)


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


class Recipient(NamedTuple):
    """A login as the outbox writer needs it, for a job that reads rows rather than users."""

    pk: int
    email: str
    is_active: bool = True


@dataclass
class Message:
    recipients: list
    subject: str
    body: str
    url: str = ""
    dedupe_key: str | None = None


def notify_many(messages: list[Message], *, kind: str) -> int:
    """`notify` for many messages of one kind in four queries, whatever their number (the e-mail
    choices, one insert, and the unread counts kept): for the periodic jobs. Recipients may be
    users or `Recipient`s (None is skipped)."""
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
    now = timezone.now()
    for message in messages:
        subject = message.subject[: limits.SUBJECT_MAX]
        for user in message.recipients:
            if user is None or not user.is_active or (user.pk, id(message)) in seen:
                continue
            seen.add((user.pk, id(message)))
            email = Email.OFF if user.pk in off or not user.email else Email.PENDING
            rows.append(
                (user.pk, kind, subject, message.body, message.url, message.dedupe_key, now, email)
            )
    # One statement, plain tuples: a job may write tens of thousands (core/bulk.py).
    insert_rows(Notification, ROW_FIELDS, ((*row, 0, "") for row in rows), ignore_conflicts=True)
    _recount_unread({row[0] for row in rows})
    if any(row[7] == Email.PENDING for row in rows):
        transaction.on_commit(_enqueue_delivery)
    return len(rows)


def notify_selected(
    select: str, params: Iterable = (), *, kind: str, with_: str = "", with_params: Iterable = ()
) -> list[tuple[int, str]]:
    """`notify_many` for messages the database writes itself: a job's tens of thousands of rows
    in one INSERT ... SELECT, with no row built in Python. `select` is a SELECT of the columns
    `recipient_id, subject, body, url, dedupe_key`, one row per message and recipient; `with_`
    a WITH clause it may read (its CTEs, computed once). As notify_many: a recipient that is not
    an active login is skipped, the e-mail is off where the login has no address or chose no
    e-mail of this kind, a (dedupe key, recipient) that is written already is skipped (the
    constraint decides, so two runs at once write nothing twice), the unread counts of those who
    got a row are kept, and delivery is asked for after commit. The subject is cut to its limit.
    Returns the (recipient id, dedupe key) of each row written. Three queries, whatever the
    number of rows."""
    quote = connection.ops.quote_name
    meta = Notification._meta
    columns = ", ".join(quote(meta.get_field(name).column) for name in ROW_FIELDS)
    users, preferences = quote(User._meta.db_table), quote(EmailPreference._meta.db_table)
    sql = (
        # Table and column names from the models' Meta; every value is a parameter.
        f"{with_} INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608
        "SELECT m.recipient_id, %s, SUBSTR(m.subject, 1, %s), m.body, m.url, m.dedupe_key, %s, "
        f"CASE WHEN u.email = '' OR EXISTS (SELECT 1 FROM {preferences} p WHERE p.user_id = u.id "
        "AND p.kind = %s AND p.by_email = %s) THEN %s ELSE %s END, 0, '' "
        f"FROM ({select}) m INNER JOIN {users} u ON u.id = m.recipient_id "
        "WHERE u.is_active = %s "
        f"ON CONFLICT DO NOTHING RETURNING {quote('recipient_id')}, {quote('dedupe_key')}, "
        f"{quote('email')}"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    values = [*with_params, kind, limits.SUBJECT_MAX, now, kind, False, Email.OFF, Email.PENDING]
    values += [*params, True]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        written = cursor.fetchall()
    _recount_unread({recipient for recipient, _, _ in written})
    if any(email == Email.PENDING for _, _, email in written):
        transaction.on_commit(_enqueue_delivery)
    return [(recipient, key) for recipient, key, _ in written]


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


@transaction.atomic
def mark_read(*, user, notification: Notification | None = None) -> int:
    """Mark one notification (or all of the user's) read, and keep their unread count (also on
    the `user` object in hand). Returns how many were marked."""
    unread = inbox(user).filter(read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    marked = unread.update(read_at=timezone.now())
    if marked:
        _recount_unread({user.pk})
        user.refresh_from_db(fields=["unread_notifications"])
    return marked


@transaction.atomic
def unread_counts_refresh(*, user_ids=None) -> None:
    """Recount the kept unread counts of these users (None: every user) from their rows: for
    data written around notify_many and mark_read (a bulk seed). Two queries."""
    if user_ids is None:
        user_ids = User.objects.values_list("pk", flat=True)
    _recount_unread(set(user_ids))


def _recount_unread(user_ids) -> None:
    """Write each user's unread count from their rows, in two queries whatever their number: the
    rows locked first (in id order, so two writers cannot deadlock), then one UPDATE whose count
    starts after the lock, and so sees what an earlier writer committed."""
    if not user_ids:
        return
    ids = sorted(user_ids)
    list(
        User.objects.select_for_update(no_key=True)
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    User.objects.filter(pk__in=ids).update(
        unread_notifications=Coalesce(Subquery(unread), Value(0))
    )


@transaction.atomic
def email_preferences_update(*, user, choices: dict[str, bool]) -> None:
    for kind, by_email in choices.items():
        if kind not in Notification.Kind.values:
            raise ValueError(f"Unknown kind {kind!r}")
        EmailPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"by_email": bool(by_email)}
        )
