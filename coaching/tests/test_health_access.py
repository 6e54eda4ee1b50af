"""The health endpoints (config/health.py), tried by every actor of the cast: public, for a load
balancer and monitoring, so everyone (the anonymous visitor too) gets the status code, and only a
site admin gets the detail."""

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from coaching.models import Notification
from coaching.notifications import services as notifications
from coaching.tests.access import ACTORS, Case

EVERYONE = dict.fromkeys(ACTORS, 200)

# What test_url_coverage reads.
CASES = [
    Case("health", lambda w: reverse("health"), EVERYONE),
    Case("health_web", lambda w: reverse("health_web"), EVERYONE),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_access(case, actor, cast, client_for):
    response = client_for(getattr(cast, actor)).get(case.url(cast))
    assert response.status_code == case.expect[actor], (actor, response.status_code)
    body = response.content.decode()
    if actor == "superuser":
        assert "Database" in body and "OK" in body
    else:
        assert body == "", f"{actor} was shown the detail: {body!r}"


def old_unsent_notification(cast, minutes):
    notifications.notify(recipients=[cast.coach_a], kind="phase", subject="S", body="B")
    written = timezone.now() - dt.timedelta(minutes=minutes)
    Notification.objects.update(created_at=written)


@pytest.mark.parametrize("actor", ["anonymous", "associate", "superuser"])
def test_an_old_unsent_notification_fails_monitoring_but_not_the_load_balancer(
    cast, client_for, actor
):
    old_unsent_notification(cast, minutes=61)
    client = client_for(getattr(cast, actor))
    response = client.get(reverse("health"))
    assert response.status_code == 503
    if actor == "superuser":
        assert "the oldest unsent notification is 61 minutes old (limit 60)" in (
            response.content.decode()
        )
    else:
        assert response.content == b""
    assert client.get(reverse("health_web")).status_code == 200


def test_a_recent_or_sent_notification_is_healthy(cast, client_for):
    old_unsent_notification(cast, minutes=59)
    assert client_for(None).get(reverse("health")).status_code == 200
    Notification.objects.update(email="sent", created_at=timezone.now() - dt.timedelta(days=2))
    assert client_for(None).get(reverse("health")).status_code == 200


@override_settings(OUTBOX_MAX_AGE_MINUTES=5)
def test_the_outbox_limit_is_a_setting(cast, client_for):
    old_unsent_notification(cast, minutes=6)
    assert client_for(None).get(reverse("health")).status_code == 503


def test_a_site_admin_may_read_the_detail_as_json(cast, client_for):
    response = client_for(cast.superuser).get(reverse("health"), {"format": "json"})
    assert response.status_code == 200
    assert set(response.json().values()) == {"OK"}
    assert any(name.startswith("Outbox") for name in response.json())


def test_it_is_never_cached(client_for, cast):
    response = client_for(None).get(reverse("health_web"))
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
