"""The configuration the product runs on: the settings come from the environment, production refuses
to start without its secrets and passes Django's deployment checks, and CI's PostgreSQL and Redis are
the servers actually in use."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "x7#kq!v9Lr2@mPz8&wT4^bN6$hY1*cJ3(eF5)gS0-uD7+aR9=iO2",
    "ALLOWED_HOSTS": "coaching.example.org",
    "SITE_URL": "https://coaching.example.org",
    "DATABASE_URL": "postgres://coaching@db.internal:5432/coaching",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@mail.example.org:587",
}


def manage(*args, env):
    # A production process has none of the test run's settings (the browser tests allow async-unsafe
    # ORM calls in their own process; a deployment must not).
    dropped = set(PRODUCTION_ENV) | {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "secret", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "EMAIL_URL", "SITE_URL"]
)
def test_production_refuses_to_start_without_a_secret(secret):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != secret}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"Set the {secret} environment variable" in result.stderr


def test_the_database_in_use_is_the_one_database_url_names():
    # Guards CI: if DATABASE_URL were ignored, the suite would prove nothing about PostgreSQL.
    url = os.environ.get("DATABASE_URL", "sqlite://")
    expected = "postgresql" if url.startswith(("postgres", "pgsql")) else "sqlite"
    assert connection.vendor == expected


def test_tests_run_tasks_in_process_and_production_sends_them_to_the_broker():
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER)",
        env=PRODUCTION_ENV,
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


@pytest.mark.redis
def test_the_configured_broker_carries_a_message():
    from config.celery import app

    queue_name = f"ci-check-{uuid.uuid4().hex}"
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=2)
        queue = conn.SimpleQueue(queue_name)
        try:
            queue.put({"hello": "broker"})
            message = queue.get(timeout=5)
            assert message.payload == {"hello": "broker"}
            message.ack()
        finally:
            queue.queue.delete()
            queue.close()


def test_production_reads_the_email_timeout_and_gives_the_redis_cache_timeouts():
    script = (
        "from django.conf import settings; from django.core.mail import get_connection; "
        "print(get_connection().timeout, settings.CACHES['default']['OPTIONS'])"
    )
    env = PRODUCTION_ENV | {"EMAIL_TIMEOUT": "3", "CACHE_URL": "redis://redis.internal:6379/1"}
    result = manage("shell", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "3 {'socket_connect_timeout': 0.5, 'socket_timeout': 0.5}"
    )
    env["CACHE_URL"] += "?socket_timeout=2"  # the URL may set its own
    result = manage("shell", "-c", script, env=env)
    assert "'socket_timeout': 2}" in result.stdout, result.stderr


def test_every_broker_connection_has_connect_and_read_timeouts():
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert 0 < options["socket_connect_timeout"] <= 10
    assert 0 < options["socket_timeout"] <= 10
    assert not getattr(settings, "CELERY_RESULT_BACKEND", None)  # no other Redis client


def test_a_lost_workers_task_is_handed_out_again_within_minutes_and_never_while_it_runs():
    """With tasks acknowledged late, a message a lost worker took goes back to the queue after
    the broker's visibility timeout: longer than any task may run (its hard time limit), or a
    task still running would be handed to a second worker; and far shorter than kombu's hour."""
    from config.celery import app

    app.loader.import_default_modules()  # every app's tasks.py
    limits = {
        name: task.time_limit or settings.CELERY_TASK_TIME_LIMIT
        for name, task in app.tasks.items()
        if not name.startswith("celery.")
    }
    assert (
        "certification.check_annual_minimum" in limits
        and "coaching.deliver_notifications" in limits
    )
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    assert app.conf.broker_transport_options["visibility_timeout"] == visibility
    longest = max(limits.values())
    assert visibility >= longest + 60, (visibility, max(limits, key=limits.get), longest)
    assert visibility <= 15 * 60
