"""The calendar feed's pages (coaching/views/calendar.py), tried by every actor of the cast. The
owner's page and its Reset are every login's own; the feed itself is public at its secret
address: the token is the credential, so every visitor, the anonymous one included, gets the
same answer for the same address (a feed for a known token, 404 for any other)."""

import pytest
from django.urls import reverse

from coaching.models import CalendarFeed
from coaching.services.calendar import calendar_feed_reset
from coaching.tests.access import rows_of

from .access import ACTORS, ANON, Case, run_case
from .casts import cast_layer

SIGNED_IN = dict.fromkeys(ACTORS[1:], 200)


@cast_layer
def feed_cast(cast):
    cast.token = calendar_feed_reset(user=cast.coach_a)
    return cast


def state(w):
    return rows_of(CalendarFeed)


CASES = [
    Case("coaching:calendar_page", lambda w: reverse("coaching:calendar_page"), SIGNED_IN),
    Case(
        "coaching:calendar_reset",
        lambda w: reverse("coaching:calendar_reset"),
        dict.fromkeys(ACTORS[1:], 302),  # to the page, which shows the new address once
        method="post",
        state=state,
    ),
    Case(
        "coaching:calendar_reset",
        lambda w: reverse("coaching:calendar_reset"),
        dict.fromkeys(ACTORS[1:], 405),
        label="calendar_reset-get-is-refused",
        state=state,
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_access(case, actor, feed_cast, client_for):
    run_case(case, actor, feed_cast, client_for)


PUBLIC_CASES = [
    Case(
        "coaching:calendar_feed",
        lambda w: reverse("coaching:calendar_feed", args=[w.token]),
        dict.fromkeys(ACTORS, 200),
        label="calendar_feed-known",
    ),
    Case(
        "coaching:calendar_feed",
        lambda w: reverse("coaching:calendar_feed", args=["not-a-token-anyone-was-given"]),
        dict.fromkeys(ACTORS, 404),
        label="calendar_feed-unknown",
    ),
    Case(
        "coaching:calendar_feed",
        lambda w: reverse("coaching:calendar_feed", args=[w.token]),
        dict.fromkeys(ACTORS, 405),
        method="post",
        label="calendar_feed-post-is-refused",
        state=state,
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", PUBLIC_CASES, ids=lambda c: c.id)
def test_public_access(case, actor, feed_cast, client_for):
    w = feed_cast
    client = client_for(None if actor == ANON else getattr(w, actor))
    before = state(w)
    response = getattr(client, case.method)(case.url(w))
    assert response.status_code == case.expect[actor], (actor, case.id, response.status_code)
    assert state(w) == before
    if response.status_code == 200:
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        # Whoever fetches it, the feed is its owner's: coach A's name, not the visitor's.
        assert b"X-WR-CALNAME:Coaching: " in response.content


CASES = CASES + PUBLIC_CASES
