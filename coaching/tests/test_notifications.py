"""Notifications: written with the event, shown in the inbox, e-mailed unless turned off, sent
once, retried after a temporary failure and given up after a permanent one."""

import datetime as dt
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coaching.models import Notification
from coaching.notifications import delivery, selectors, services
from coaching.tests.access import count_queries


def tell(users, **extra):
    return services.notify(
        recipients=users,
        kind="phase",
        subject="Jordan is in Phase III",
        body="Next: feedback notes.",
        url="/certification/my-path/",
        **extra,
    )


def test_a_notification_reaches_the_inbox_and_the_mailbox_in_text_and_html(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tell([cast.coach_a, cast.admin_a, cast.coach_a])
    assert Notification.objects.filter(recipient=cast.coach_a).count() == 1  # once each
    assert sorted(m.to[0] for m in mail.outbox) == sorted([cast.coach_a.email, cast.admin_a.email])
    message = mail.outbox[0]
    assert message.subject == "Jordan is in Phase III"
    assert "http://127.0.0.1:8000/certification/my-path/" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and 'href="http://127.0.0.1:8000/certification/my-path/"' in html
    assert set(Notification.objects.values_list("email", flat=True)) == {"sent"}


def test_a_kind_turned_off_stays_in_the_inbox_only(
    cast, client_for, django_capture_on_commit_callbacks
):
    client = client_for(cast.coach_a)
    client.post(reverse("coaching:notification_settings"), {"candidacy": "on"})  # phase off
    with django_capture_on_commit_callbacks(execute=True):
        tell([cast.coach_a])
    assert mail.outbox == []
    assert Notification.objects.get(recipient=cast.coach_a).email == "off"


def test_a_dedupe_key_writes_nothing_twice(cast):
    assert tell([cast.coach_a], dedupe_key="behind-pace:2026-11") == 1
    tell([cast.coach_a], dedupe_key="behind-pace:2026-11")
    assert Notification.objects.filter(recipient=cast.coach_a).count() == 1


def test_a_temporary_failure_is_retried_later_and_a_permanent_one_stops(cast):
    tell([cast.coach_a, cast.admin_a])
    refused = smtplib.SMTPRecipientsRefused({cast.admin_a.email: (550, b"No such user")})

    def send(self, fail_silently=False):
        if self.to == [cast.admin_a.email]:
            raise refused
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    now = timezone.now()
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", send):
        assert delivery.deliver(now=now) == {"sent": 0, "retry": 1, "failed": 1, "off": 0}
    coach_row = Notification.objects.get(recipient=cast.coach_a)
    admin_row = Notification.objects.get(recipient=cast.admin_a)
    assert (admin_row.email, admin_row.email_attempts) == ("failed", 1)
    assert "SMTPRecipientsRefused" in admin_row.email_last_error
    assert coach_row.email == "pending" and "disconnected" in coach_row.email_last_error.lower()
    assert coach_row.email_next_try_at == now + dt.timedelta(minutes=1)

    assert delivery.deliver(now=now) == {
        "sent": 0,
        "retry": 0,
        "failed": 0,
        "off": 0,
    }  # not yet due
    later = now + dt.timedelta(minutes=2)
    assert delivery.deliver(now=later) == {"sent": 1, "retry": 0, "failed": 0, "off": 0}
    coach_row.refresh_from_db()
    assert (coach_row.email, coach_row.email_attempts, coach_row.email_last_error) == (
        "sent",
        2,
        "",
    )
    assert [m.to for m in mail.outbox] == [[cast.coach_a.email]]


def test_retries_stop_after_the_last_attempt(cast):
    tell([cast.coach_a])
    now = timezone.now()
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=TimeoutError("timed out")
    ):
        for _ in range(delivery.MAX_ATTEMPTS):
            delivery.deliver(now=now)
            now += dt.timedelta(days=1)
    row = Notification.objects.get()
    assert (row.email, row.email_attempts) == ("failed", delivery.MAX_ATTEMPTS)


def test_a_broker_that_cannot_be_reached_does_not_fail_the_request(
    cast, django_capture_on_commit_callbacks
):
    with (
        mock.patch(
            "coaching.tasks.deliver_notifications.delay", side_effect=ConnectionError("refused")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tell([cast.coach_a])
    row = Notification.objects.get()
    assert row.email == "pending"  # the next delivery run sends it
    delivery.deliver()
    assert len(mail.outbox) == 1


def test_the_inbox_counts_unread_opens_and_marks_read(cast, client_for):
    tell([cast.coach_a])
    client = client_for(cast.coach_a)
    page = client.get(reverse("coaching:inbox")).content.decode()
    assert "Jordan is in Phase III" in page and '1<span class="visually-hidden"> unread' in page
    note = Notification.objects.get()
    response = client.post(reverse("coaching:notification_open", args=[note.pk]))
    assert response["Location"] == "/certification/my-path/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'visually-hidden"> unread' not in client.get(reverse("coaching:inbox")).content.decode()


def test_someone_elses_notification_is_not_found(cast, client_for):
    tell([cast.coach_a])
    note = Notification.objects.get()
    response = client_for(cast.coach_b).post(reverse("coaching:notification_open", args=[note.pk]))
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_the_inbox_costs_the_same_at_50_notifications_as_at_2(cast, client_for):
    client = client_for(cast.coach_a)
    url = reverse("coaching:inbox")
    for _ in range(2):
        tell([cast.coach_a])
    at_2 = count_queries(client, url)
    for _ in range(48):
        tell([cast.coach_a])
    assert count_queries(client, url) == at_2


@pytest.mark.parametrize("choice", [{}, {"phase": "on", "scored": "on"}])
def test_email_choices_are_saved(cast, client_for, choice):
    client_for(cast.coach_a).post(reverse("coaching:notification_settings"), choice)
    chosen = selectors.email_preferences(cast.coach_a)
    assert chosen["phase"] is ("phase" in choice)
    assert chosen["certificate"] is False


def test_a_delivery_that_dies_mid_batch_sends_nothing_twice(cast):
    tell([cast.coach_a, cast.admin_a, cast.coach_b])
    sent = []
    real_send = delivery.EmailMultiAlternatives.send

    def dies_on_the_second(self, fail_silently=False):
        if len(sent) == 1:
            raise SystemExit("the worker is killed")
        sent.append(self.to[0])
        return real_send(self, fail_silently)

    now = timezone.now()
    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", dies_on_the_second),
        pytest.raises(SystemExit),
    ):
        delivery.deliver(now=now)
    assert delivery.deliver(now=now + dt.timedelta(minutes=1))["sent"] == 0  # still leased
    after_lease = now + delivery.LEASE + dt.timedelta(seconds=1)
    assert delivery.deliver(now=after_lease)["sent"] == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [cast.coach_a.email, cast.admin_a.email, cast.coach_b.email]
    )


def test_greylisting_is_retried_not_given_up(cast):
    tell([cast.coach_a])
    greylisted = smtplib.SMTPRecipientsRefused({cast.coach_a.email: (451, b"Try again later")})
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=greylisted):
        assert delivery.deliver()["retry"] == 1
    assert Notification.objects.get().email == "pending"


def test_a_kind_turned_off_after_the_row_was_written_is_not_sent(cast, client_for):
    tell([cast.coach_a])
    client_for(cast.coach_a).post(reverse("coaching:notification_settings"), {})  # all off
    assert delivery.deliver()["off"] == 1
    assert mail.outbox == [] and Notification.objects.get().email == "off"


def test_the_soft_time_limit_stops_the_run_and_gives_the_rest_back_at_once(cast):
    from celery.exceptions import SoftTimeLimitExceeded

    tell([cast.coach_a, cast.admin_a])
    with (
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send", side_effect=SoftTimeLimitExceeded()
        ),
        pytest.raises(SoftTimeLimitExceeded),
    ):
        delivery.deliver()
    assert set(Notification.objects.values_list("email", flat=True)) == {"pending"}
    assert delivery.deliver()["sent"] == 2  # the next run, at once: no lease to wait out


def test_delivery_is_asked_for_only_after_the_commit(cast, django_capture_on_commit_callbacks):
    with (
        mock.patch("coaching.tasks.deliver_notifications.delay") as delay,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        try:
            with transaction.atomic():
                tell([cast.coach_a])
                assert delay.call_count == 0  # not before the commit
                raise RuntimeError("the event fails")
        except RuntimeError:
            pass
    assert callbacks == [] and delay.call_count == 0
    assert not Notification.objects.exists()  # rolled back with the event


@pytest.mark.parametrize(
    "task_name",
    ["coaching.tasks.deliver_notifications", "certification.tasks.check_annual_minimum"],
)
def test_tasks_are_acknowledged_late_rejected_when_lost_and_time_limited(task_name):
    import importlib

    module, name = task_name.rsplit(".", 1)
    task = getattr(importlib.import_module(module), name)
    assert task.acks_late and task.reject_on_worker_lost
    assert 0 < task.soft_time_limit < task.time_limit


def test_one_delivery_run_drains_a_backlog_of_several_batches(cast, monkeypatch):
    from coaching.tasks import deliver_notifications

    monkeypatch.setattr(delivery, "BATCH", 3)
    for _ in range(7):
        tell([cast.coach_a])
    runs = mock.patch.object(delivery, "deliver", wraps=delivery.deliver)
    with runs as deliver:
        assert deliver_notifications.apply().get()["sent"] == 7
    assert deliver.call_count == 3  # 3 + 3 + 1
    assert len(mail.outbox) == 7


def stored_and_counted(*users):
    """Each user's kept unread count (fresh from their row) beside the recount of their rows."""
    out = []
    for user in users:
        user.refresh_from_db(fields=["unread_notifications"])
        out.append((selectors.unread_count(user), selectors.unread_recount(user)))
    return out


def test_the_kept_unread_count_equals_the_recount_after_every_write(cast):
    coach, admin = cast.coach_a, cast.admin_a
    assert stored_and_counted(coach, admin) == [(0, 0), (0, 0)]
    tell([coach, admin])
    tell([coach])
    assert stored_and_counted(coach, admin) == [(2, 2), (1, 1)]
    tell([coach], dedupe_key="once")
    tell([coach], dedupe_key="once")  # refused by its key: nothing new to count
    assert stored_and_counted(coach, admin) == [(3, 3), (1, 1)]
    services.notify_many(
        [services.Message([coach, admin], "A", "B"), services.Message([admin], "C", "D")],
        kind="phase",
    )
    assert stored_and_counted(coach, admin) == [(4, 4), (3, 3)]
    first = Notification.objects.filter(recipient=coach).first()
    assert services.mark_read(user=coach, notification=first) == 1
    assert coach.unread_notifications == 3  # the object in hand follows too
    services.mark_read(user=coach, notification=first)  # already read: nothing changes
    assert stored_and_counted(coach, admin) == [(3, 3), (3, 3)]
    assert services.mark_read(user=admin) == 3
    assert stored_and_counted(coach, admin) == [(3, 3), (0, 0)]
    services.mark_read(user=coach)
    assert stored_and_counted(coach, admin) == [(0, 0), (0, 0)]


def test_the_navigation_reads_the_unread_count_at_no_query(cast, client_for):
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from coaching.context_processors import notifications

    tell([cast.coach_a])
    cast.coach_a.refresh_from_db()
    request = RequestFactory().get("/")
    request.user = cast.coach_a
    with CaptureQueriesContext(connection) as queries:
        assert notifications(request) == {"unread_notifications": 1}
    assert len(queries) == 0
    page = client_for(cast.coach_a).get(reverse("coaching:profile")).content.decode()
    assert '1<span class="visually-hidden"> unread' in page


def test_a_refresh_puts_right_counts_written_around_the_writers(cast):
    tell([cast.coach_a, cast.admin_a])
    Notification.objects.filter(recipient=cast.admin_a).update(read_at=timezone.now())
    Notification.objects.create(recipient=cast.coach_b, kind="phase", subject="s", body="b")
    services.unread_counts_refresh()
    assert stored_and_counted(cast.coach_a, cast.admin_a, cast.coach_b) == [(1, 1), (0, 0), (1, 1)]
