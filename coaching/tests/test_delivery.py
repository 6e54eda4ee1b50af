"""E-mail delivery (coaching.delivery.deliver) against a real SMTP server of the test's own
(tests/servers.py): one run sends over one connection, a broken connection is opened again for the
next e-mail, a server that never answers costs EMAIL_TIMEOUT, and a run's claim is given back or
runs out well inside minutes."""

import datetime as dt
import smtplib
import socket
import time
from unittest import mock

import pytest
from django.conf import settings
from django.core.mail import get_connection
from django.test import override_settings
from django.utils import timezone

from coaching.models import Notification
from coaching.notifications import delivery, services
from tests.servers import SmtpServer


def tell(users):
    services.notify(recipients=users, kind="phase", subject="In Phase III", body="Next.")


def smtp_on(port, **extra):
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        **extra,
    )


@pytest.fixture
def five(cast):
    people = [cast.coach_a, cast.coach_b, cast.admin_a, cast.admin_b, cast.principal_a]
    tell(people)
    return people


def test_one_delivery_run_sends_every_email_over_one_smtp_connection(five):
    with SmtpServer() as server, smtp_on(server.port):
        counts = delivery.deliver()
    assert counts["sent"] == 5
    assert len(server.messages) == 5
    assert server.connections == 1, f"{server.connections} SMTP connections for 5 e-mails"
    assert set(Notification.objects.values_list("email", flat=True)) == {"sent"}


def test_a_connection_the_server_drops_is_opened_again_for_the_next_email(five):
    with SmtpServer(hang_up_after=2) as server, smtp_on(server.port):
        counts = delivery.deliver()
    # Two go out, the third meets the closed connection (kept to retry), the rest go on a new one.
    assert counts == {"sent": 4, "retry": 1, "failed": 0, "off": 0}
    assert server.connections == 2
    retried = Notification.objects.get(email="pending")
    assert "SMTPServerDisconnected" in retried.email_last_error
    assert retried.email_next_try_at is not None


def test_the_email_timeout_comes_from_the_settings():
    assert settings.EMAIL_TIMEOUT == 10  # the default (EMAIL_TIMEOUT from the environment)
    with smtp_on(25):
        assert get_connection().timeout == 10


def test_a_server_that_never_answers_costs_the_email_timeout_not_the_run(cast):
    tell([cast.coach_a])
    with socket.socket() as silent:  # accepts connections (the kernel does), never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        with smtp_on(silent.getsockname()[1], EMAIL_TIMEOUT=0.5):
            started = time.monotonic()
            counts = delivery.deliver()
            took = time.monotonic() - started
    assert counts["retry"] == 1 and took < 3, (counts, took)
    row = Notification.objects.get()
    assert row.email == "pending" and "timed out" in row.email_last_error


def test_a_run_past_its_send_window_gives_the_rest_back_at_once(five, monkeypatch):
    monkeypatch.setattr(delivery, "SEND_WINDOW", dt.timedelta(seconds=-1))
    assert delivery.deliver()["sent"] == 0
    rows = Notification.objects.all()
    assert {(row.email, row.email_next_try_at) for row in rows} == {("pending", None)}
    monkeypatch.undo()
    assert delivery.deliver()["sent"] == 5


def test_a_killed_runs_claim_runs_out_within_minutes_and_never_while_a_run_may_send():
    from coaching.tasks import deliver_notifications

    hard_limit = dt.timedelta(seconds=deliver_notifications.time_limit)
    soft_limit = dt.timedelta(seconds=deliver_notifications.soft_time_limit)
    # No run still sends when its lease ends: it stops at its window or soft limit, and the
    # worker kills it at the hard limit, both before the lease is over.
    assert delivery.SEND_WINDOW < delivery.LEASE
    assert soft_limit < hard_limit < delivery.LEASE
    assert dt.timedelta(minutes=5) >= delivery.LEASE  # not the old ten minutes


def test_rows_a_killed_run_claimed_are_claimed_again_once_the_lease_is_over(cast):
    tell([cast.coach_a, cast.admin_a])
    now = timezone.now()
    delivery._claim(10, now)  # and then the worker is killed: nothing marked
    assert delivery.deliver(now=now + dt.timedelta(minutes=2))["sent"] == 0
    assert delivery.deliver(now=now + dt.timedelta(minutes=3, seconds=1))["sent"] == 2


def test_a_server_refusing_our_sign_in_delays_the_email_but_never_fails_it(cast):
    tell([cast.coach_a])
    refused = smtplib.SMTPAuthenticationError(535, b"5.7.8 Authentication credentials invalid")
    with (
        SmtpServer() as server,
        smtp_on(server.port),
        mock.patch("django.core.mail.backends.smtp.EmailBackend.open", side_effect=refused),
    ):
        assert delivery.deliver()["retry"] == 1
    row = Notification.objects.get()
    assert row.email == "pending" and "SMTPAuthenticationError" in row.email_last_error
