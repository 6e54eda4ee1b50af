"""Planned coaching sessions (coaching/services/planned_sessions.py and their pages): planned on
the engagement page's "Next sessions", refused with a message when the input is bad, cancelled and
kept, and logged through the session log, which then marks them held."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from coaching.models import CoachingSession, PlannedSession
from coaching.services import planned_sessions as services
from coaching.tests.casts import cast_layer

from . import world
from .world import days


@cast_layer
def planned_world(cast):
    return world.build(cast)


def plan_url(w):
    return reverse("coaching:planned_session_schedule", args=[w.individual.pk])


def rows():
    return list(PlannedSession.objects.order_by("pk").values())


def test_the_coach_plans_a_session_and_it_shows_under_next_sessions(planned_world, client_for):
    w = planned_world
    client = client_for(w.coach_a)
    data = {"on": days(6).isoformat(), "at": "15:45", "minutes": 50, "mode": "virtual"}
    response = client.post(plan_url(w), data, follow=True)
    text = response.content.decode()
    assert "Planned: Coaching session" in text
    planned = PlannedSession.objects.latest("pk")
    assert timezone.localtime(planned.starts_at).time() == dt.time(15, 45)
    assert planned.scheduled_by == w.coach_a and planned.is_open
    assert "Next sessions" in text and "3:45 PM" in text and "Virtual" in text


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"on": days(-1), "at": "10:00", "minutes": 30}, "on", "in the future"),
        ({"on": days(367), "at": "10:00", "minutes": 30}, "on", "up to a year ahead"),
        ({"on": "9999-12-31", "at": "23:59", "minutes": 600}, "on", "up to a year ahead"),
        ({"on": days(2), "at": "10:00", "minutes": 0}, "minutes", "greater than or equal to 1"),
        ({"on": days(2), "at": "10:00", "minutes": 601}, "minutes", "less than or equal to 600"),
        ({"on": days(2), "at": "25:99", "minutes": 30}, "at", "Enter a valid time"),
        ({"on": "next week", "at": "10:00", "minutes": 30}, "on", "Enter a valid date"),
        ({"on": days(2), "at": "10:00", "minutes": 30, "mode": "telepathy"}, "mode", "valid"),
    ],
)
def test_bad_input_gets_a_message_on_the_form_and_changes_nothing(
    data, field, message, planned_world, client_for
):
    w = planned_world
    before = rows()
    response = client_for(w.coach_a).post(plan_url(w), {"mode": "onsite", **data})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert rows() == before


def test_a_session_cannot_be_planned_on_a_paused_engagement(planned_world, client_for):
    w = planned_world
    w.individual.status = "paused"
    with pytest.raises(ValidationError, match="paused: resume it"):
        services.planned_session_schedule(
            engagement=w.individual,
            by=w.coach_a,
            on=days(2),
            at=dt.time(9, 0),
            minutes=30,
            mode="onsite",
        )


def test_only_who_logs_the_sessions_plans_them(planned_world):
    w = planned_world
    for user in (w.coachee, w.admin_a, w.principal_a):
        with pytest.raises(PermissionDenied):
            services.planned_session_schedule(
                engagement=w.individual,
                by=user,
                on=days(2),
                at=dt.time(9, 0),
                minutes=30,
                mode="onsite",
            )


def test_a_cancelled_session_is_kept_marked_and_its_sequence_raised(planned_world, client_for):
    w = planned_world
    client = client_for(w.coach_a)
    response = client.post(
        reverse("coaching:planned_session_cancel", args=[w.planned.pk]), follow=True
    )
    assert "Cancelled: Coaching session" in response.content.decode()
    w.planned.refresh_from_db()
    assert w.planned.cancelled_by == w.coach_a and w.planned.sequence == 1
    assert w.planned.status_display == "Cancelled"
    page = client.get(w.individual.get_absolute_url()).content.decode()
    assert "<del>" in page and "Cancelled" in page
    again = client.post(
        reverse("coaching:planned_session_cancel", args=[w.planned.pk]), follow=True
    )
    assert "cancelled already" in again.content.decode()


def change_url(w):
    return reverse("coaching:planned_session_change", args=[w.planned.pk])


def test_the_coach_moves_a_planned_session_and_its_sequence_is_raised(planned_world, client_for):
    w = planned_world
    client = client_for(w.coach_a)
    page = client.get(w.individual.get_absolute_url()).content.decode()
    assert f'href="{change_url(w)}"' in page
    form = client.get(change_url(w)).context["form"]
    starts = timezone.localtime(w.planned.starts_at)
    assert (form.initial["on"], form.initial["at"]) == (starts.date(), starts.time())
    data = {"on": days(8).isoformat(), "at": "16:10", "minutes": 35, "mode": "phone"}
    response = client.post(change_url(w), data, follow=True)
    assert "Moved: Coaching session" in response.content.decode()
    moved = PlannedSession.objects.get(pk=w.planned.pk)
    assert timezone.localtime(moved.starts_at).date() == days(8)
    assert timezone.localtime(moved.starts_at).time() == dt.time(16, 10)
    assert (moved.minutes, moved.mode, moved.sequence) == (35, "phone", 1)
    assert PlannedSession.objects.count() == len(rows())  # moved, not another one added
    # Saving the same time again changes nothing, the sequence neither.
    client.post(change_url(w), data)
    assert PlannedSession.objects.get(pk=w.planned.pk).sequence == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"on": days(-1), "at": "10:00", "minutes": 30}, "in the future"),
        ({"on": days(367), "at": "10:00", "minutes": 30}, "up to a year ahead"),
        ({"on": days(2), "at": "10:00", "minutes": 0}, "greater than or equal to 1"),
        ({"on": "", "at": "10:00", "minutes": 30}, "This field is required"),
    ],
)
def test_a_bad_new_time_gets_a_message_and_changes_nothing(
    data, message, planned_world, client_for
):
    w = planned_world
    before = rows()
    response = client_for(w.coach_a).post(change_url(w), {"mode": "onsite", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert rows() == before


def test_a_cancelled_or_held_session_is_not_moved(planned_world, client_for):
    w = planned_world
    client = client_for(w.coach_a)
    services.planned_session_cancel(planned=w.planned, by=w.coach_a)
    before = rows()
    response = client.get(change_url(w), follow=True)
    assert "This planned session is cancelled." in response.content.decode()
    data = {"on": days(8).isoformat(), "at": "16:10", "minutes": 35, "mode": "phone"}
    assert "is cancelled" in client.post(change_url(w), data, follow=True).content.decode()
    with pytest.raises(ValidationError, match="cancelled already"):
        services.planned_session_change(
            planned=w.planned, by=w.coach_a, on=days(8), at=dt.time(9), minutes=30, mode="phone"
        )
    assert rows() == before


def test_a_held_session_is_logged_from_the_planned_one_prefilled(planned_world, client_for):
    w = planned_world
    # The planned time has come: it is yesterday's session, to log.
    PlannedSession.objects.filter(pk=w.planned.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=1)
    )
    client = client_for(w.coach_a)
    page = client.get(w.individual.get_absolute_url()).content.decode()
    url = reverse("coaching:session_log", args=[w.individual.pk]) + f"?planned={w.planned.pk}"
    assert "To log" in page and f'href="{url}"'.replace("&", "&amp;") in page
    form = client.get(url).context["form"]
    assert form.initial["held_on"] == timezone.localdate() - dt.timedelta(days=1)
    assert (form.initial["minutes"], form.initial["mode"]) == (45, "onsite")
    data = {"held_on": form.initial["held_on"].isoformat(), "minutes": 45, "mode": "onsite"}
    response = client.post(url, data | {"notes": "Held as planned"})
    assert response.status_code == 302
    w.planned.refresh_from_db()
    logged = CoachingSession.objects.get(notes="Held as planned")
    assert w.planned.held_session == logged and w.planned.status == "held"
    assert w.planned.sequence == 1
    # Logged once: the planned session is no longer offered, nor logged twice.
    assert "To log" not in client.get(w.individual.get_absolute_url()).content.decode()
    twice = client.post(url, data | {"notes": "Again"})
    assert "held already" in twice.content.decode()
    assert not CoachingSession.objects.filter(notes="Again").exists()


def test_a_planned_session_of_another_engagement_is_not_logged_here(planned_world, client_for):
    w = planned_world
    url = reverse("coaching:session_log", args=[w.team.pk]) + f"?planned={w.planned.pk}"
    assert client_for(w.associate).get(url).status_code == 404
    assert PlannedSession.objects.get(pk=w.planned.pk).is_open


def test_next_sessions_cost_the_same_at_2_and_50_and_show_the_first_ten(planned_world, client_for):
    from coaching.selectors.planned_sessions import SHOWN
    from coaching.tests.access import count_queries

    w = planned_world
    client = client_for(w.coach_a)

    def plan(n):
        for i in range(n):
            services.planned_session_schedule(
                engagement=w.individual,
                by=w.coach_a,
                on=days(4 + i),
                at=dt.time(8, 0),
                minutes=30,
                mode="phone",
            )

    plan(1)  # with the world's: 2
    at_2 = count_queries(client, w.individual.get_absolute_url())
    plan(48)
    at_50 = count_queries(client, w.individual.get_absolute_url())
    assert at_2 == at_50
    page = client.get(w.individual.get_absolute_url()).content.decode()
    assert page.count('data-confirm="Cancel the session of') == SHOWN
