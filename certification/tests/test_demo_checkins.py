"""The demo's check-ins (issue 12): the Missouri-style engagement (two-day window) has a check-in
past its window and some answered in time, an observation with feedback, and the site admin's
opening in its access log, which the coachee sees."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from certification.management.commands._demo_engagements import COACHEE, missouri_engagement
from coaching.models import ContentOpening, User
from coaching.selectors import checkins as selectors

# The demo, seeded once a run (a cast layer: certification/tests/demo.py).


@pytest.fixture
def seeded(seeded_demo, settings):
    settings.DEBUG = True
    # Twice (the layer seeded it once): once.
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_missouri_engagement_has_late_and_timely_check_ins_and_an_opening(seeded, client):
    engagement = missouri_engagement()
    assert engagement.response_window_days == 2
    counts = selectors.checkin_counts(engagement)
    assert (counts.in_time, counts.counted) == (3, 5)  # one late answer, one past its window
    assert engagement.checkins.filter(answered_at__isnull=True).count() == 1
    assert engagement.observations.count() == 1
    opening = ContentOpening.objects.get(engagement=engagement)
    assert opening.opened_by.is_superuser and opening.how == "admin"
    client.force_login(User.objects.get(email=COACHEE[0]))
    page = client.get(reverse("coaching:content_openings")).content.decode()
    assert opening.record_label in page
