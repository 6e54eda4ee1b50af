"""The calendar feed (coaching/selectors/calendar.py, coaching/views/calendar.py), read back with
the icalendar library as a calendar app would: valid RFC 5545, stable UIDs, the site's time zone,
cancellations, only what its owner may see, and a reset address that stops the old one."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from coaching.models import CalendarFeed, Notification, PlannedSession, TrainingEvent
from coaching.selectors import calendar as selectors
from coaching.services import calendar as calendar_services
from coaching.services import planned_sessions as planned_services
from coaching.services import training as training_services
from coaching.tests.access import count_queries

from .calendar import world
from .casts import cast_layer

Kind = TrainingEvent.Kind


@cast_layer
def feeds(cast):
    return world.build(cast)


def fetch(client, token):
    response = client.get(reverse("coaching:calendar_feed", args=[token]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar) -> dict:
    """The feed's events by UID."""
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def summaries(calendar) -> list[str]:
    return sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))


def uid(kind, pk):
    return f"{kind}-{pk}@127.0.0.1"


def test_the_feed_is_a_valid_calendar_with_its_time_zone(feeds, client):
    calendar = fetch(client, feeds.tokens["coach_a"])
    assert str(calendar["VERSION"]) == "2.0"
    assert "Coaching Programs" in str(calendar["PRODID"])
    zones = [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")]
    assert zones == ["America/Chicago"]
    training = events(calendar)[uid("training", feeds.workshop.pk)]
    start = training.decoded("DTSTART")
    assert training["DTSTART"].params["TZID"] == "America/Chicago"
    # The same instant (to the second: iCalendar has no fractions), in the site's zone.
    assert start == feeds.workshop.starts_at.replace(microsecond=0)
    assert training.decoded("DTEND") - start == dt.timedelta(minutes=90)
    assert str(training["SUMMARY"]) == "Initial FIEP training: Spring FIEP training"
    assert str(training["STATUS"]) == "CONFIRMED"
    assert str(training["URL"]).endswith(feeds.workshop.get_absolute_url())
    for event in calendar.walk("VEVENT"):
        assert "DTSTAMP" in event and "UID" in event and "DTSTART" in event
    # Serialised again, it reads the same: a round trip through the library.
    assert Calendar.from_ical(calendar.to_ical()) == calendar


def test_a_coach_sees_their_trainings_planned_sessions_and_follow_ups(feeds, client):
    calendar = events(fetch(client, feeds.tokens["coach_a"]))
    label = str(feeds.individual)
    planned = calendar[uid("coaching-session", feeds.planned.pk)]
    assert str(planned["SUMMARY"]) == f"Coaching session: {label}"
    assert planned.decoded("DTSTART") == feeds.planned.starts_at
    assert str(planned["LOCATION"]) == "Onsite"
    follow_up = calendar[uid("follow-up", feeds.step_due.pk)]
    assert str(follow_up["SUMMARY"]) == f"Follow-up: action step, {label}"
    assert follow_up.decoded("DTSTART") == feeds.step_due.follow_up_on  # an all-day event
    assert uid("follow-up", feeds.step_overdue.pk) in calendar
    assert uid("follow-up", feeds.step_met.pk) not in calendar  # met: nothing to follow up
    assert uid("training", feeds.workshop.pk) in calendar
    assert uid("training", feeds.b_training.pk) not in calendar


def test_the_coachee_sees_the_planned_session_and_their_follow_ups(feeds, client):
    calendar = events(fetch(client, feeds.tokens["coachee"]))
    assert uid("coaching-session", feeds.planned.pk) in calendar
    assert uid("follow-up", feeds.step_due.pk) in calendar
    assert not any(key.startswith("training-") for key in calendar)


@pytest.mark.parametrize("actor", ["principal_a", "admin_a", "other_coach", "superuser"])
def test_who_is_no_party_gets_no_coaching_session_or_follow_up(actor, feeds, client):
    calendar = events(fetch(client, feeds.tokens[actor]))
    assert not any(key.startswith(("coaching-session-", "follow-up-")) for key in calendar)


def test_the_other_district_and_the_other_program_never_appear(feeds, client):
    coach_b = events(fetch(client, feeds.tokens["coach_b"]))
    assert uid("training", feeds.b_training.pk) in coach_b  # their own, so the test can fail
    assert uid("coaching-session", feeds.planned.pk) not in coach_b
    assert uid("training", feeds.cancelled_call.pk) not in coach_b
    assert uid("follow-up", feeds.step_due.pk) not in coach_b
    assert uid("follow-up", feeds.step_overdue.pk) not in coach_b
    associate_b = events(fetch(client, feeds.tokens["associate_b"]))
    assert uid("training", feeds.b_training.pk) in associate_b  # the training they run
    assert uid("training", feeds.workshop.pk) not in associate_b
    admin_b = events(fetch(client, feeds.tokens["admin_b"]))
    assert uid("training", feeds.workshop.pk) not in admin_b


def test_the_associate_sees_the_trainings_of_the_program_they_staff(feeds, client):
    calendar = events(fetch(client, feeds.tokens["associate"]))
    assert uid("training", feeds.workshop.pk) in calendar
    assert uid("training", feeds.cancelled_call.pk) in calendar
    assert uid("training", feeds.b_training.pk) not in calendar


def test_uids_are_stable_across_fetches(feeds, client):
    first = fetch(client, feeds.tokens["coach_a"])
    second = fetch(client, feeds.tokens["coach_a"])
    assert sorted(events(first)) == sorted(events(second))
    assert len(events(first)) >= 5
    assert all(str(e["UID"]).endswith("@127.0.0.1") for e in first.walk("VEVENT"))


def test_a_cancelled_training_stays_in_the_feed_marked_cancelled(feeds, client):
    calendar = events(fetch(client, feeds.tokens["coach_a"]))
    cancelled = calendar[uid("training", feeds.cancelled_call.pk)]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) == 1


def test_cancelling_keeps_the_uid_and_raises_the_sequence(feeds, client):
    token = feeds.tokens["coach_a"]
    before = events(fetch(client, token))[uid("coaching-session", feeds.planned.pk)]
    assert str(before["STATUS"]) == "CONFIRMED" and int(before["SEQUENCE"]) == 0
    planned_services.planned_session_cancel(planned=feeds.planned, by=feeds.coach_a)
    after = events(fetch(client, token))[uid("coaching-session", feeds.planned.pk)]
    assert str(after["STATUS"]) == "CANCELLED"
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.decoded("DTSTART") == before.decoded("DTSTART")


def test_moving_a_session_keeps_the_uid_moves_it_and_raises_the_sequence(feeds, client):
    token = feeds.tokens["coach_a"]

    def sessions(calendar):
        return [e for e in calendar.walk("VEVENT") if "coaching-session" in str(e["UID"])]

    first = fetch(client, token)
    before = events(first)[uid("coaching-session", feeds.planned.pk)]
    later = timezone.localdate() + dt.timedelta(days=20)
    planned_services.planned_session_change(
        planned=feeds.planned,
        by=feeds.coach_a,
        on=later,
        at=dt.time(7, 30),
        minutes=25,
        mode="virtual",
    )
    calendar = fetch(client, token)
    after = events(calendar)[uid("coaching-session", feeds.planned.pk)]
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert timezone.localtime(after.decoded("DTSTART")) == timezone.make_aware(
        dt.datetime.combine(later, dt.time(7, 30))
    )
    assert after.decoded("DTEND") - after.decoded("DTSTART") == dt.timedelta(minutes=25)
    assert len(sessions(calendar)) == len(sessions(first))  # moved, not one more


def test_a_reset_address_stops_the_old_one_at_once(feeds, client_for):
    client = client_for(feeds.coach_a)
    old = feeds.tokens["coach_a"]
    response = client.post(reverse("coaching:calendar_reset"), follow=True)
    new = response.context["address"]["https"].rsplit("/", 1)[1].removesuffix(".ics")
    assert new != old
    client.logout()  # calendar apps fetch without signing in
    assert client.get(reverse("coaching:calendar_feed", args=[old])).status_code == 404
    assert uid("training", feeds.workshop.pk) in events(fetch(client, new))


def test_the_page_shows_the_address_once_absolute_and_webcal(feeds, client_for, settings):
    settings.SITE_URL, settings.SITE_URL_CONFIGURED = "https://coaching.example.org", True
    client = client_for(feeds.coach_a)
    page = client.get(reverse("coaching:calendar_page")).content.decode()
    assert "Your feed is set up" in page and ".ics" not in page  # only its digest is kept
    shown = client.post(reverse("coaching:calendar_reset"), follow=True).content.decode()
    assert 'value="https://coaching.example.org/calendar/' in shown
    assert 'href="webcal://coaching.example.org/calendar/' in shown
    assert "Reset the address" in shown


def test_without_a_public_address_the_address_is_the_host_and_port_in_use(
    feeds, client_for, settings
):
    settings.SITE_URL, settings.SITE_URL_CONFIGURED = "http://127.0.0.1:8000", False
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    client = client_for(feeds.coach_a)
    shown = client.post(
        reverse("coaching:calendar_reset"), follow=True, HTTP_HOST="127.0.0.1:8765"
    ).content.decode()
    assert 'value="http://127.0.0.1:8765/calendar/' in shown
    assert 'href="webcal://127.0.0.1:8765/calendar/' in shown
    assert "127.0.0.1:8000" not in shown


def test_reloading_the_page_after_a_reset_neither_resets_nor_shows_the_address(feeds, client_for):
    """POST/redirect/GET: the address is shown once on the page the reset leads to; reloading
    that page resets nothing, shows the address no more, and the address keeps working."""
    client = client_for(feeds.coach_a)
    response = client.post(reverse("coaching:calendar_reset"))
    assert response.status_code == 302
    page_url = response["Location"]
    assert page_url.startswith(reverse("coaching:calendar_page") + "?shown=")
    first = client.get(page_url)
    token = first.context["address"]["https"].rsplit("/", 1)[1].removesuffix(".ics")
    assert token not in page_url and first["Cache-Control"] == "no-store"
    digest = CalendarFeed.objects.get(user=feeds.coach_a).token_hash
    again = client.get(page_url)
    assert "address" not in again.context and token not in again.content.decode()
    assert "cannot be shown again" in again.content.decode()
    assert CalendarFeed.objects.get(user=feeds.coach_a).token_hash == digest
    client.logout()  # the address shown still works
    assert uid("training", feeds.workshop.pk) in events(fetch(client, token))


def test_the_address_waits_for_its_display_outside_the_database(feeds, client_for):
    """Only the digest is stored in the database: not in the session (kept there), not elsewhere."""
    client = client_for(feeds.coach_a)
    page_url = client.post(reverse("coaching:calendar_reset"))["Location"]
    shown = parse_qs(urlsplit(page_url).query)["shown"][0]
    token = cache.get(f"calendar-feed-shown:{feeds.coach_a.pk}:{shown}")
    assert token and selectors.feed_for_token(token).user == feeds.coach_a
    assert token not in str(list(Session.objects.values_list("session_data", flat=True)))
    assert token not in str(list(CalendarFeed.objects.values()))
    # Someone else following the same link sees no address, and does not use it up.
    other = client_for(feeds.coachee).get(page_url)
    assert "address" not in other.context and token not in other.content.decode()
    client = client_for(feeds.coach_a)
    assert client.get(page_url).context["address"]["https"].endswith(f"/{token}.ics")


def test_someone_without_a_feed_makes_one(cast, client_for):
    client = client_for(cast.coach_b)
    page = client.get(reverse("coaching:calendar_page")).content.decode()
    assert "Make my calendar address" in page
    shown = client.post(reverse("coaching:calendar_reset"), follow=True)
    token = shown.context["address"]["https"].rsplit("/", 1)[1].removesuffix(".ics")
    client.logout()
    assert fetch(client, token).walk("VEVENT") == []


def test_a_deactivated_login_has_no_feed(feeds, client):
    feeds.coach_a.is_active = False
    feeds.coach_a.save(update_fields=["is_active"])
    url = reverse("coaching:calendar_feed", args=[feeds.tokens["coach_a"]])
    assert client.get(url).status_code == 404


def test_a_feed_fetched_too_often_is_refused_for_a_while(feeds, client, monkeypatch):
    from coaching.views import calendar as views

    monkeypatch.setattr(views, "FETCHES_PER_HOUR", 2)
    url = reverse("coaching:calendar_feed", args=[feeds.tokens["coach_a"]])
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    # Counted per feed: another person's calendar is fetched as usual.
    other = reverse("coaching:calendar_feed", args=[feeds.tokens["coachee"]])
    assert client.get(other).status_code == 200


def test_the_feed_costs_the_same_queries_at_2_and_50_items(cast, client):
    token = calendar_services.calendar_feed_reset(user=cast.associate)
    url = reverse("coaching:calendar_feed", args=[token])

    def schedule(n):
        for i in range(n):
            training_services.event_schedule(
                program=cast.program,
                by=cast.associate,
                kind=Kind.INITIAL_FIEP,
                title=f"FIEP {i}",
                starts_at=timezone.now() + dt.timedelta(days=i + 1),
                duration_minutes=60,
            )

    schedule(2)
    at_2 = count_queries(client, url)
    schedule(48)
    at_50 = count_queries(client, url)
    assert len(fetch(client, token).walk("VEVENT")) == 50
    assert at_2 == at_50


def test_the_feed_of_a_coach_with_many_planned_sessions_costs_the_same(feeds, client):
    url = reverse("coaching:calendar_feed", args=[feeds.tokens["coach_a"]])
    at_few = count_queries(client, url)
    for i in range(20):
        planned_services.planned_session_schedule(
            engagement=feeds.individual,
            by=feeds.coach_a,
            on=timezone.localdate() + dt.timedelta(days=i + 4),
            at=dt.time(9, 0),
            minutes=30,
            mode="virtual",
        )
    assert count_queries(client, url) == at_few
    assert PlannedSession.objects.filter(engagement=feeds.individual).count() == 21


# --- cancelling a training ------------------------------------------------------------------------


def test_cancelling_a_training_tells_everyone_registered(feeds, client_for):
    client = client_for(feeds.associate)
    response = client.post(reverse("coaching:event_cancel", args=[feeds.workshop.pk]), follow=True)
    assert "Cancelled: Spring FIEP training" in response.content.decode()
    feeds.workshop.refresh_from_db()
    assert feeds.workshop.is_cancelled and feeds.workshop.cancelled_by == feeds.associate
    assert feeds.workshop.sequence == 1
    told = Notification.objects.filter(kind=Notification.Kind.TRAINING_CANCELLED)
    assert list(
        told.filter(url=feeds.workshop.get_absolute_url()).values_list("recipient", flat=True)
    ) == [feeds.coach_a.pk]  # person_b has no login: nobody to tell
    assert feeds.workshop.registrations.count() == 2  # kept


def test_a_cancelled_training_shows_so_and_takes_no_registration(feeds, client_for):
    client = client_for(feeds.admin_a)
    page = client.get(feeds.cancelled_call.get_absolute_url()).content.decode()
    assert "This event was cancelled on" in page
    assert "Register" not in page.split("Registered")[0] and "Cancel registration" not in page
    listing = client.get(reverse("coaching:training")).content.decode()
    assert "<del>Call 3</del>" in listing and "Cancelled" in listing
    with pytest.raises(ValidationError, match="cancelled"):
        training_services.registration_create(
            event=feeds.cancelled_call, person=feeds.person_a, by=feeds.admin_a
        )


def test_a_training_cannot_be_cancelled_twice_or_once_begun(feeds, client_for):
    client = client_for(feeds.associate)
    response = client.post(
        reverse("coaching:event_cancel", args=[feeds.cancelled_call.pk]), follow=True
    )
    assert "cancelled already" in response.content.decode()
    feeds.workshop.starts_at = timezone.now() - dt.timedelta(hours=1)
    feeds.workshop.save(update_fields=["starts_at"])
    response = client.post(reverse("coaching:event_cancel", args=[feeds.workshop.pk]), follow=True)
    assert "can no longer be cancelled" in response.content.decode()
    feeds.workshop.refresh_from_db()
    assert not feeds.workshop.is_cancelled


def test_a_registration_for_a_cancelled_training_is_kept(feeds):
    registration = feeds.cancelled_call.registrations.get()
    with pytest.raises(ValidationError, match="registrations are kept"):
        training_services.registration_cancel(registration=registration)
    assert feeds.cancelled_call.registrations.count() == 1


def test_a_cache_that_is_down_shows_the_new_address_in_the_answer(feeds, client_for, monkeypatch):
    from redis.exceptions import ConnectionError as RedisConnectionError

    def down(*args, **kwargs):
        raise RedisConnectionError("down")

    monkeypatch.setattr(cache, "set", down)
    response = client_for(feeds.coach_a).post(reverse("coaching:calendar_reset"))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = response.context["address"]["https"].rsplit("/", 1)[1].removesuffix(".ics")
    assert selectors.feed_for_token(token).user == feeds.coach_a
