"""The site admin of observations: submitted notes are read there, never changed; a video is
retired through the library's service, never deleted; search finds a video by its title."""

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.tests.factories import UserFactory
from observations.models import Observation, TimedNote, Video

from .factories import ObservationFactory, TimedNoteFactory, VideoFactory


@pytest.fixture
def site_admin_client(client, db):
    client.force_login(UserFactory(email="root@example.org", is_superuser=True, is_staff=True))
    return client


def test_a_submitted_observation_and_its_notes_are_read_only(site_admin_client):
    note = TimedNoteFactory(observation=ObservationFactory(free_text="as written"))
    observation = note.observation
    Observation.objects.filter(pk=observation.pk).update(submitted_at=timezone.now())
    change = reverse("admin:observations_observation_change", args=[observation.pk])

    page = site_admin_client.get(change)
    assert page.status_code == 200 and page.context["has_change_permission"] is False
    assert site_admin_client.post(change, {"free_text": "rewritten"}).status_code == 403
    note_change = reverse("admin:observations_timednote_change", args=[note.pk])
    assert site_admin_client.post(note_change, {"text": "rewritten"}).status_code == 403
    delete = reverse("admin:observations_timednote_delete", args=[note.pk])
    assert site_admin_client.post(delete, {"post": "yes"}).status_code == 403
    observation.refresh_from_db()
    assert observation.free_text == "as written"
    assert TimedNote.objects.get(pk=note.pk).text == note.text


def test_an_open_observation_can_be_changed_with_its_notes(site_admin_client):
    note = TimedNoteFactory()
    change = reverse("admin:observations_observation_change", args=[note.observation_id])
    page = site_admin_client.get(change)
    assert page.context["has_change_permission"] is True
    assert 'name="timed_notes-0-text"' in page.content.decode()


def test_a_video_is_retired_and_restored_through_the_service(site_admin_client):
    video = VideoFactory(title="Annual review, room 4")
    changelist = reverse("admin:observations_video_changelist")
    site_admin_client.post(changelist, {"action": "retire", "_selected_action": [video.pk]})
    video.refresh_from_db()
    assert video.is_active is False
    site_admin_client.post(changelist, {"action": "restore", "_selected_action": [video.pk]})
    video.refresh_from_db()
    assert video.is_active is True
    # Its page names the file, which has no public address (it is streamed by a view).
    page = site_admin_client.get(reverse("admin:observations_video_change", args=[video.pk]))
    assert page.status_code == 200 and video.file.name in page.content.decode()


def test_searching_finds_a_video_by_its_title(site_admin_client):
    VideoFactory(title="Re-evaluation at Maple Valley")
    VideoFactory(title="Annual review")
    found = site_admin_client.get(reverse("admin:observations_video_changelist"), {"q": "maple"})
    assert [v.title for v in found.context["cl"].result_list] == ["Re-evaluation at Maple Valley"]
    assert Video.objects.count() == 2
