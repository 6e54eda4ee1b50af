"""The training list (coaching/filters/training.py): upcoming or past, by program, kind and title,
50 a page, only the programs the user sees."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from coaching.models import TrainingEvent

from . import world

URL = reverse("coaching:training")
Kind = TrainingEvent.Kind


def events(response):
    return list(response.context["page"].object_list)


def grow(w, n, *, days):
    start = timezone.now() + dt.timedelta(days=days)
    TrainingEvent.objects.bulk_create(
        TrainingEvent(
            program=w.program,
            kind=Kind.WORKSHOP,
            title=f"Grown workshop {i:03}",
            starts_at=start + dt.timedelta(hours=i),
            duration_minutes=60,
            location="Room 2",
            created_by=w.associate,
        )
        for i in range(n)
    )


def test_upcoming_is_the_default_past_is_a_tab_and_page_2_keeps_it(cast, client_for):
    w = world.build(cast)
    grow(w, 51, days=-30)
    client = client_for(w.associate)
    upcoming = events(client.get(URL))
    assert upcoming and all(e.starts_at >= timezone.now() for e in upcoming)
    assert upcoming == sorted(upcoming, key=lambda e: e.starts_at)
    past = client.get(URL, {"when": "past"})
    assert len(events(past)) == 50
    assert "?when=past&amp;page=2" in past.content.decode()
    second = events(client.get(URL, {"when": "past", "page": 2}))
    assert len(second) == 51 + 1 - 50  # with the cast's past support call
    assert all(e.starts_at < timezone.now() for e in second)


def test_the_list_filters_by_program_kind_and_title(cast, client_for):
    w = world.build(cast)
    client = client_for(w.associate)
    assert events(client.get(URL, {"program": w.network.pk})) == [w.network_training]
    assert events(client.get(URL, {"kind": Kind.WORKSHOP})) == [w.workshop]
    assert events(client.get(URL, {"q": w.workshop.title})) == [w.workshop]
    assert events(client.get(URL, {"q": "zzzz-nothing"})) == []


def test_a_program_the_user_does_not_see_is_refused(cast, client_for):
    w = world.build(cast)
    response = client_for(w.admin_b).get(URL, {"program": w.network.pk})
    assert events(response) == [] and "program" in response.context["filter"].form.errors
