"""The calendar feed: the owner's page ("Calendar feed" in the user menu: the address, shown once
when it is made, and Reset), and the feed itself at its secret address, which calendar apps fetch
without signing in (the token is the credential; only its digest is stored)."""

import datetime as dt
import logging
import secrets
import zoneinfo
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited
from icalendar import Calendar, Event
from redis.exceptions import RedisError

from ..selectors import calendar as selectors
from ..services import calendar as services

log = logging.getLogger(__name__)

# A calendar app refreshes a subscription every 15 minutes to a day; far more is a broken client.
FETCHES_PER_HOUR = 60


def _site(request) -> str:
    """The site's address: the public one when it is configured (production's `SITE_URL`), else
    the request's own scheme, host and port (a development server on whichever port it runs)."""
    if settings.SITE_URL_CONFIGURED:
        return settings.SITE_URL
    return request.build_absolute_uri("/").rstrip("/")


def _addresses(request, token: str) -> dict:
    https = _site(request) + reverse("coaching:calendar_feed", args=[token])
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


# The new address waits for its one display after the redirect (POST/redirect/GET) in the cache,
# never in the session: sessions are kept in the database, where only the token's digest may be.
SHOWN_KEY = "calendar-feed-shown:{user}:{shown}"
SHOWN_SECONDS = 120


@login_required
def calendar_page(request):
    """The page; after a reset (`?shown=`), the new address this once: read from the cache and
    deleted, so that reloading the page shows it no more (and resets nothing)."""
    context = {"has_feed": selectors.has_feed(request.user)}
    shown = request.GET.get("shown")
    if shown:
        key = SHOWN_KEY.format(user=request.user.pk, shown=shown)
        token = _cache_call(cache.get, key)
        # Shown once: whoever deletes it shows it; a later reset has made it stale.
        feed = token and _cache_call(cache.delete, key) and selectors.feed_for_token(token)
        if feed and feed.user_id == request.user.pk:
            context["address"] = _addresses(request, token)
        else:
            context["shown_before"] = True
    response = render(request, "coaching/calendar/page.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def calendar_reset(request):
    """Make the address (or a new one, which stops the old at once), then show it, this once, on
    the page it redirects to. A cache that is down: shown in this answer, as before."""
    token = services.calendar_feed_reset(user=request.user)
    shown = secrets.token_urlsafe(16)
    key = SHOWN_KEY.format(user=request.user.pk, shown=shown)
    if _cache_call(cache.set, key, token, SHOWN_SECONDS) is not False:
        return redirect(f"{reverse('coaching:calendar_page')}?shown={shown}")
    response = render(
        request,
        "coaching/calendar/page.html",
        {"has_feed": True, "address": _addresses(request, token)},
    )
    response["Cache-Control"] = "no-store"
    return response


def _cache_call(method, *args):
    """`method(*args)`, or False when the cache is unavailable."""
    try:
        return method(*args)
    except (RedisError, OSError):
        log.warning("The calendar address could not pass through the cache.", exc_info=True)
        return False


def _too_many_fetches(request, token):
    """Counted per feed (calendar services fetch for many people from few addresses). A cache
    that is down lets the fetch through, as the certificate look-up does."""
    try:
        return is_ratelimited(
            request,
            group="calendar-feed",
            key=lambda group, request: selectors.token_digest(token),
            rate=f"{FETCHES_PER_HOUR}/h",
            increment=True,
        )
    except (RedisError, OSError):
        log.warning("Feed fetch not counted: the cache is unavailable.", exc_info=True)
        return False


def _ical(entries, *, name: str, site: str) -> bytes:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Coaching Programs//Calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.uid}@{host}")
        event.add("dtstamp", entry.stamp.astimezone(zoneinfo.ZoneInfo("UTC")))
        event.add("summary", entry.summary)
        event.add("sequence", entry.sequence)
        event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
        if entry.day:
            event.add("dtstart", entry.day)
            event.add("dtend", entry.day + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        else:
            starts = entry.starts.astimezone(zone)
            event.add("dtstart", starts)
            event.add("dtend", starts + dt.timedelta(minutes=entry.minutes))
        if entry.location:
            event.add("location", entry.location)
        if entry.url:
            event.add("url", site + entry.url)
        if entry.categories:
            event.add("categories", list(entry.categories))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


@require_GET
def calendar_feed(request, token):
    feed = selectors.feed_for_token(token)
    if feed is None:
        raise Http404
    if _too_many_fetches(request, token):
        response = HttpResponse("Too many fetches of this feed.", status=429)
        response["Retry-After"] = "600"
        return response
    user = feed.user
    name = f"Coaching: {user.get_full_name() or user}"
    body = _ical(selectors.feed_entries(user), name=name, site=_site(request))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="coaching.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
