"""Limits on what an observation, a timed note and a library video take: lengths (form, model,
database), and a timed note within the video's length, which the upload reads from the file."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from observations import services
from observations.forms import TimedNoteForm
from observations.models import Observation, TimedNote, Video

from .factories import FIXTURES, ObservationFactory, VideoFactory

pytestmark = pytest.mark.django_db


def upload(w, fixture):
    content = (FIXTURES / fixture).read_bytes()
    file = SimpleUploadedFile("recording.bin", content, "application/octet-stream")
    return services.video_upload(
        program=w.program, title="Annual review", file=file, by=w.associate
    )


@pytest.mark.parametrize("fixture, seconds", [("tiny.webm", 6), ("tiny.mp4", 2), ("tiny.mov", 2)])
def test_the_upload_reads_how_long_the_video_runs(fixture, seconds, cast):
    video = upload(cast, fixture)
    assert Video.objects.get(pk=video.pk).duration_seconds == seconds


def test_a_video_whose_file_does_not_say_has_no_length(cast):
    content = (FIXTURES / "tiny.mp4").read_bytes().replace(b"mvhd", b"xxxx")
    file = SimpleUploadedFile("recording.mp4", content, "video/mp4")
    video = services.video_upload(program=cast.program, title="T", file=file, by=cast.associate)
    assert video.duration_seconds is None


def on_a_video_of(w, seconds):
    video = VideoFactory(program=w.program, uploaded_by=w.associate, duration_seconds=seconds)
    return ObservationFactory(coach=w.coach_a.person, video=video)


def test_a_timed_note_past_the_end_of_the_video_is_refused(cast):
    observation = on_a_video_of(cast, 6)
    services.timed_note_add(observation=observation, at_seconds=6, text="At the very end")
    with pytest.raises(ValidationError) as refused:
        services.timed_note_add(observation=observation, at_seconds=7, text="After the end")
    assert refused.value.message_dict == {
        "at": ["The video is 0:06 long: choose a moment within it."]
    }
    assert list(TimedNote.objects.values_list("text", flat=True)) == ["At the very end"]


def test_a_video_of_unknown_length_takes_a_note_at_any_moment_within_a_day(cast):
    observation = on_a_video_of(cast, None)
    services.timed_note_add(observation=observation, at_seconds=3723, text="Later on")
    with pytest.raises(ValidationError) as refused:
        services.timed_note_add(observation=observation, at_seconds=90_000, text="Too late")
    assert "at_seconds" in refused.value.message_dict
    assert TimedNote.objects.count() == 1


def test_the_note_page_says_the_moment_is_past_the_end(cast, client_for):
    observation = on_a_video_of(cast, 125)
    response = client_for(cast.coach_a).post(
        reverse("observations:timed_note_add", args=[observation.pk]),
        {"at": "2:06", "text": "After the end of the recording"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The video is 2:05 long: choose a moment within it." in page
    assert "After the end of the recording" in page and 'value="2:06"' in page  # kept
    assert not TimedNote.objects.exists()


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"at": "99:00:00", "text": "Late"}, "at", "at most 24:00:00"),
        ({"at_seconds": "999999999999", "text": "Late"}, "at_seconds", "less than or equal to"),
    ],
)
def test_the_timed_note_form_has_limits(data, field, message):
    form = TimedNoteForm(data)
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_feedback_notes_over_the_limit_are_refused_and_nothing_changes(cast):
    observation = ObservationFactory(coach=cast.coach_a.person)
    with pytest.raises(ValidationError) as refused:
        services.observation_update(observation=observation, working="w" * 10_001)
    assert refused.value.message_dict == {
        "working": ["Ensure this value has at most 10000 characters (it has 10001)."]
    }
    assert Observation.objects.get(pk=observation.pk).working == ""


def test_a_video_description_over_the_limit_is_refused(cast):
    video = VideoFactory(program=cast.program, uploaded_by=cast.associate)
    with pytest.raises(ValidationError) as refused:
        services.video_update(video=video, title="T", description="d" * 2_001, is_active=True)
    assert list(refused.value.message_dict) == ["description"]
    assert Video.objects.get(pk=video.pk).description == ""


@pytest.mark.postgres
@pytest.mark.parametrize(
    "model, values, constraint",
    [
        (TimedNote, {"text": "t" * 2_001}, "text_max_length"),
        (TimedNote, {"at_seconds": 100_000}, "at_seconds_range"),
        (Observation, {"working": "w" * 10_001}, "working_max_length"),
        (Observation, {"free_text": "f" * 10_001}, "free_text_max_length"),
        (Video, {"description": "d" * 2_001}, "description_max_length"),
        (Video, {"duration_seconds": 0}, "duration_seconds_range"),
    ],
)
def test_the_database_refuses_what_the_orm_would_have(model, values, constraint, video_cast):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        model.objects.update(**values)
