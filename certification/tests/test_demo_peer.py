"""The demo's peer coaching: Maple Valley Elementary's coaching team with an endorsed plan, three
partnerships at different steps of the cycle, the partner's artifacts, a time request; the demo
logins of the peer coach and the partner open their pages, and the principal sees activity."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from certification.management.commands._demo_peer import PARTNER, PEER_COACH
from coaching.models import GrowthArtifact, Partnership, PeerTeam, TimeRequest, User


@pytest.fixture
def seeded(seeded_demo, settings):
    settings.DEBUG = True
    settings.PRIVATE_MEDIA_ROOT = seeded_demo.private_media  # where the layer's seeding wrote
    # Twice (the layer seeded it once): once.
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_school_runs_peer_coaching(seeded, client):
    team = PeerTeam.objects.get()
    assert team.school.name == "Maple Valley Elementary"
    assert team.plans.filter(endorsed_on__isnull=False).count() == 2
    steps = set(Partnership.objects.values_list("step", flat=True))
    assert steps == {"brainstorm", "co_plan", "observe"}
    assert GrowthArtifact.objects.count() == 2
    assert TimeRequest.objects.filter(scheduled_for__isnull=True).count() == 1
    partnership = Partnership.objects.get(step="observe")
    for email in (PEER_COACH[0], PARTNER[0]):
        user = User.objects.get(email=email)
        assert user.check_password("coach-demo-2026")
        client.force_login(user)
        page = client.get(reverse("coaching:partnership_detail", args=[partnership.pk]))
        assert "projector would not mirror" in page.content.decode()
    client.force_login(User.objects.get(email="principal@maplevalley.example"))
    page = client.get(reverse("coaching:peer_partnerships", args=[team.pk])).content.decode()
    assert "4 · Observe" in page and "projector" not in page
    assert User.objects.filter(email=PARTNER[0], memberships__isnull=True).exists()
