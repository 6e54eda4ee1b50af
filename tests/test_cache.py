"""The cache on a real Redis: the public certificate look-up (/verify/) counts its limit there, and
still answers, within about two seconds, when that Redis is stopped or hung (paused with SIGSTOP):
it fails open and logs it. A redis-server of the test's own (tests/servers.py)."""

import logging
import time

import pytest
from django.test import override_settings
from django.urls import reverse

from certification.views import certificates as certificate_views
from config.settings.base import env, with_redis_timeouts

pytestmark = [pytest.mark.redis, pytest.mark.django_db]

# A well-formed number that no certificate has: the look-up runs (and is counted) all the same.
NUMBER = "K2E-2026-AAAAAAAA"


@pytest.fixture
def cache_on(own_redis):
    """The default cache on the test's own redis-server, configured as CACHE_URL would be."""
    cache = with_redis_timeouts(env.cache_url_config(own_redis.url))
    with override_settings(CACHES={"default": cache}):
        yield own_redis


def look_up(client, **extra):
    started = time.monotonic()
    response = client.get(reverse("verify:number", args=[NUMBER]), **extra)
    return response, time.monotonic() - started


def test_the_redis_cache_has_connect_and_read_timeouts(cache_on):
    from django.core.cache import cache

    pool = cache._cache._get_connection_pool(write=True)
    assert pool.connection_kwargs["socket_connect_timeout"] == 0.5
    assert pool.connection_kwargs["socket_timeout"] == 0.5


def test_the_look_up_limit_holds_on_redis(cache_on, client, monkeypatch):
    monkeypatch.setattr(certificate_views, "VERIFY_LOOKUPS", 2)
    assert [look_up(client)[0].status_code for _ in range(3)] == [200, 200, 429]
    assert look_up(client, REMOTE_ADDR="192.0.2.7")[0].status_code == 200  # another address
    assert cache_on.answers()


def test_with_the_cache_redis_stopped_the_look_up_still_answers(cache_on, client, caplog):
    assert look_up(client)[0].status_code == 200  # a connection in the pool, then Redis goes
    cache_on.stop()
    with caplog.at_level(logging.WARNING, logger="certification.views.certificates"):
        response, took = look_up(client)
    assert response.status_code == 200, response.status_code
    assert "No certificate has that number." in response.content.decode()
    assert took < 2, f"the look-up took {took:.1f}s with the cache down"
    assert "the cache is unavailable" in caplog.text


def test_with_the_cache_redis_hung_the_look_up_still_answers(cache_on, client, caplog):
    assert look_up(client)[0].status_code == 200
    with cache_on.paused(), caplog.at_level(logging.WARNING):
        first, took_first = look_up(client)  # the pooled connection waits for an answer
        fresh, took_fresh = look_up(client, REMOTE_ADDR="192.0.2.8")
    assert (first.status_code, fresh.status_code) == (200, 200)
    assert took_first < 2 and took_fresh < 2, (took_first, took_fresh)
    assert "the cache is unavailable" in caplog.text
