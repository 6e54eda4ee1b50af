"""Background work against real servers: a real Celery worker on the real Redis sends a
notification's e-mail end to end; and with Redis stopped (a redis-server this test starts on its
own port), requests still save and answer quickly, and the e-mail goes out once Redis is back.

The worker is a separate process, so these tests commit their data (transaction=True) to the
PostgreSQL test database, which the worker opens too."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from certification import services
from certification.tests import factories
from coaching.models import Notification, Program
from tests.servers import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)


def database_url():
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def start_worker(tmp_path):
    """`start_worker(broker_url)`: a real `celery worker` process on that broker and this test's
    database, writing e-mail into `tmp_path/mail`. Stopped after the test."""
    workers = []

    def start(broker_url):
        mail = tmp_path / "mail"
        mail.mkdir(exist_ok=True)
        log = tmp_path / f"worker-{len(workers)}.log"
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": broker_url,
            "TEST_EMAIL_DIR": str(mail),
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool",
                "solo",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        workers.append(process)
        wait_for(lambda: "ready." in log.read_text() or process.poll() is not None, "the worker")
        assert process.poll() is None, log.read_text()
        return mail, log

    yield start
    for process in workers:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def publishing_to(url):
    """Make this process publish tasks to `url` instead of running them in-process."""
    from config.celery import app

    keys = ("broker_url", "broker_write_url", "broker_read_url", "task_always_eager")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(broker_url=url, broker_write_url=url, broker_read_url=url)
    app.conf.task_always_eager = False
    _drop_connections(app)
    try:
        yield app
    finally:
        app.conf.update(saved)
        _drop_connections(app)


def _drop_connections(app):
    # What Celery does after a fork: the next publish opens a connection for the current broker
    # URL (kombu keeps a pool per URL, so the pool of the other URL stays usable).
    app._after_fork()


def sent_subjects(mail):
    return [
        line.removeprefix("Subject: ").strip()
        for path in mail.glob("*.log")
        for line in path.read_text().splitlines()
        if line.startswith("Subject: ")
    ]


@pytest.fixture
def waiting_candidacy(cast):
    """Coach A, identified and approved by the district: the provider's approval is next, and it
    notifies the coach and the district admin."""
    Program.objects.filter(pk=cast.program.pk).update(kind=Program.Kind.FACILITATOR_CERTIFICATION)
    cast.program.refresh_from_db()
    factories.initial_training(cast.program, [cast.coach_a.person], by=cast.associate)
    candidacy = services.candidacy_identify(
        person=cast.coach_a.person, program=cast.program, by=cast.admin_a
    )
    services.candidacy_approve(candidacy=candidacy, by=cast.admin_a, side="district")
    Notification.objects.all().delete()  # the district's approval, told in-process: not this test's
    return candidacy


def test_a_real_worker_on_the_real_redis_sends_the_email(
    cast, waiting_candidacy, start_worker, client_for
):
    mail, log = start_worker(settings.CELERY_BROKER_URL)
    subject = f"{cast.coach_a.person.full_name} is in Phase II of {cast.program.name}"
    with publishing_to(settings.CELERY_BROKER_URL):
        response = client_for(cast.associate).post(
            reverse("certification:candidacy_approve", args=[waiting_candidacy.pk])
        )
    assert response.status_code == 302
    wait_for(lambda: subject in sent_subjects(mail), f"the worker to send “{subject}”", log=log)
    assert (
        "coach.deliver_notifications" in log.read_text()
        or "deliver_notifications" in log.read_text()
    )
    wait_for(
        lambda: not Notification.objects.filter(email="pending").exists(),
        "the outbox to be marked sent",
    )
    assert set(Notification.objects.values_list("email", flat=True)) == {"sent"}


def test_with_redis_stopped_requests_save_and_answer_and_the_email_follows(
    cast, waiting_candidacy, own_redis, start_worker, client_for
):
    mail, log = start_worker(own_redis.url)
    own_redis.stop()
    with publishing_to(own_redis.url) as app:
        # The coach saves a facilitation; the associate approves (which notifies): both answer.
        started = time.monotonic()
        logged = client_for(cast.coach_a).post(
            reverse("certification:facilitation_log"),
            {
                "held_on": timezone.localdate().isoformat(),
                "school": cast.coach_a.person.school_id,
                "meeting_type": "annual_review",
                "model_used": "on",
                "minutes": "45",
            },
        )
        saved_in = time.monotonic() - started
        started = time.monotonic()
        approved = client_for(cast.associate).post(
            reverse("certification:candidacy_approve", args=[waiting_candidacy.pk])
        )
        approved_in = time.monotonic() - started
        assert (logged.status_code, approved.status_code) == (302, 302)
        assert saved_in < 2 and approved_in < 2, (saved_in, approved_in)
        waiting_candidacy.refresh_from_db()
        assert waiting_candidacy.phase == "training"
        assert cast.coach_a.person.facilitations.count() == 1
        pending = Notification.objects.filter(email="pending")
        assert pending.count() == 2  # the coach and the district admin: kept, not lost
        assert sent_subjects(mail) == []

        own_redis.start()  # back, on the same port; the worker reconnects
        from coaching.tasks import deliver_notifications

        deliver_notifications.delay()  # what the beat schedule does every minute
        subject = f"{cast.coach_a.person.full_name} is in Phase II of {cast.program.name}"
        wait_for(
            lambda: sent_subjects(mail).count(subject) == 2,
            "the e-mail after Redis is back",
            timeout=60,
            log=log,
        )
        # All along, this process published to the server that was stopped and started again.
        assert f":{own_redis.port}/" in app.connection_for_write().as_uri()


def test_with_redis_hung_a_request_still_answers_within_two_seconds(
    cast, waiting_candidacy, own_redis, client_for
):
    """A broker that accepts connections but never answers (here: paused) is worse than one that
    is down; the request still answers, and the notification waits in the outbox."""
    with publishing_to(own_redis.url):
        os.kill(own_redis.process.pid, signal.SIGSTOP)
        try:
            started = time.monotonic()
            response = client_for(cast.associate).post(
                reverse("certification:candidacy_approve", args=[waiting_candidacy.pk])
            )
            elapsed = time.monotonic() - started
        finally:
            os.kill(own_redis.process.pid, signal.SIGCONT)
    assert response.status_code == 302
    assert elapsed < 2, f"the request took {elapsed:.1f}s with the broker hung"
    assert Notification.objects.filter(email="pending").count() == 2


def test_the_health_endpoint_sees_the_broker_and_its_worker(
    cast, own_redis, start_worker, client_for
):
    admin = client_for(cast.superuser)
    with publishing_to(own_redis.url):
        no_worker = admin.get(reverse("health"))
        assert no_worker.status_code == 503
        assert "Celery workers unavailable" in no_worker.content.decode()

        start_worker(own_redis.url)
        healthy = admin.get(reverse("health"))
        assert healthy.status_code == 200, healthy.content.decode()
        assert "Redis(" in healthy.content.decode() and "Ping" in healthy.content.decode()

        own_redis.stop()
        started = time.monotonic()
        down = client_for(None).get(reverse("health"))
        took = time.monotonic() - started
        assert (down.status_code, down.content) == (503, b"")
        assert took < 4, f"the health check took {took:.1f}s with the broker down"
        assert client_for(None).get(reverse("health_web")).status_code == 200
