"""The health endpoints (django-health-check), for a load balancer and for monitoring.

- /health/ (monitoring): the database, the cache, the broker (Redis answers, a Celery worker
  answers) and the notification outbox (the oldest e-mail still to go is younger than
  OUTBOX_MAX_AGE_MINUTES).
- /health/web/ (the load balancer): what a web process needs to answer requests, the database
  only. The cache fails open and the broker never holds a request (README, "Operations"), so
  neither takes a web process out of service.

Both answer 200 or 503 with an empty body; a site admin (superuser) gets each check's result as
text (or JSON with ?format=json). The broker checks run only where tasks go to a broker.
"""

import asyncio
import dataclasses
import datetime as dt

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.contrib.celery import Ping
from health_check.contrib.redis import Redis
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView
from redis.asyncio import Redis as RedisClient

from coaching.notifications import selectors as notifications
from config.celery import app as celery_app

BROKER_TIMEOUT = 1  # seconds: a probe answers quickly even when the broker hangs


@dataclasses.dataclass
class Outbox(HealthCheck):
    """The e-mail of notifications goes out: the oldest one still to go is not too old."""

    async def run(self):
        # In the request's own thread (thread-sensitive): the same database connection.
        oldest = await sync_to_async(notifications.oldest_unsent_at)()
        if oldest is None:
            return
        waited = timezone.now() - oldest
        if waited > dt.timedelta(minutes=settings.OUTBOX_MAX_AGE_MINUTES):
            raise ServiceUnavailable(
                f"the oldest unsent notification is {waited // dt.timedelta(minutes=1)} "
                f"minutes old (limit {settings.OUTBOX_MAX_AGE_MINUTES})"
            )


def _broker_client():
    return RedisClient.from_url(
        celery_app.conf.broker_url,
        socket_connect_timeout=BROKER_TIMEOUT,
        socket_timeout=BROKER_TIMEOUT,
    )


def _uses_a_broker():
    conf = celery_app.conf
    return not conf.task_always_eager and (conf.broker_url or "").startswith("redis")


class HealthView(HealthCheckView):
    full = True  # False: the load balancer's checks only

    def get_checks(self):
        yield Database()
        if not self.full:
            return
        yield Cache()
        if _uses_a_broker():
            yield Redis(client_factory=_broker_client)
            yield Ping(app=celery_app, timeout=dt.timedelta(seconds=BROKER_TIMEOUT), limit=1)
        yield Outbox()

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            self.results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        status = 503 if any(result.error for result in self.results) else 200
        user = await request.auser()
        if not user.is_superuser:
            return HttpResponse(status=status, content_type="text/plain")
        if request.GET.get("format") == "json":
            return self.render_to_response_json(status)
        return self.render_to_response_text(status)
