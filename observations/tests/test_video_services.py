"""The video library's and the timed notes' services: what they accept, and what they refuse."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from observations import services
from observations.models import Observation, TimedNote, Video

from .factories import FIXTURES, WEBM, ObservationFactory, TimedNoteFactory

pytestmark = pytest.mark.django_db


def upload(w, name="meeting.webm", content=None, title="Annual review", **kwargs):
    content = WEBM.read_bytes() if content is None else content
    file = SimpleUploadedFile(name, content, "application/octet-stream")
    return services.video_upload(
        program=w.program, title=title, description="", file=file, by=w.associate, **kwargs
    )


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    "fixture, content_type",
    [("tiny.webm", "video/webm"), ("tiny.mp4", "video/mp4"), ("tiny.mov", "video/quicktime")],
)
def test_it_takes_webm_mp4_and_quicktime_by_their_content(
    fixture, content_type, cast, private_media
):
    content = (FIXTURES / fixture).read_bytes()
    # The name says nothing true: the content decides.
    video = upload(cast, name="recording.bin", content=content)

    video.refresh_from_db()
    assert video.content_type == content_type
    assert video.size == len(content)
    assert video.uploaded_by == cast.associate
    assert video.is_active
    # Kept privately, under a generated name with the extension of what it is.
    (path,) = stored_files(private_media)
    assert path.read_bytes() == content
    assert path.suffix == "." + fixture.rsplit(".", 1)[1]
    assert "recording" not in path.name


def test_it_refuses_a_text_file_renamed_mp4_and_stores_nothing(cast, private_media):
    with pytest.raises(ValidationError) as refused:
        upload(cast, name="notes.mp4", content=b"Meeting notes, not a video.\n" * 100)

    assert refused.value.message_dict["file"] == [
        "This file is not an MP4, WebM or QuickTime (.mov) video: its content was checked, not "
        "its name. Choose the video file itself."
    ]
    assert not Video.objects.exists()
    assert stored_files(private_media) == []


def test_it_refuses_a_video_of_another_kind_naming_it(cast, private_media):
    matroska = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska" + b"\0" * 200

    with pytest.raises(ValidationError) as refused:
        upload(cast, name="meeting.webm", content=matroska)

    assert "This video is in the MKV format" in refused.value.message_dict["file"][0]
    assert "Convert it to MP4, WebM or QuickTime (.mov)" in refused.value.message_dict["file"][0]
    assert not Video.objects.exists()


def test_it_refuses_a_file_over_the_size_limit_saying_the_limit(cast, settings, private_media):
    settings.VIDEO_MAX_MB = 1
    content = WEBM.read_bytes()
    too_big = content + b"\0" * (1024 * 1024 + 1 - len(content))

    with pytest.raises(ValidationError) as refused:
        upload(cast, content=too_big)

    assert refused.value.message_dict["file"] == [
        "This file is 1.0\xa0MB; the library takes videos of up to 1 MB. Shorten or compress "
        "it, then upload it again."
    ]
    assert not Video.objects.exists()
    assert stored_files(private_media) == []


def test_a_file_at_the_size_limit_is_taken(cast, settings):
    settings.VIDEO_MAX_MB = 1
    content = WEBM.read_bytes()

    video = upload(cast, content=content + b"\0" * (1024 * 1024 - len(content)))

    assert video.size == 1024 * 1024


def test_it_refuses_an_empty_file(cast):
    with pytest.raises(ValidationError) as refused:
        upload(cast, content=b"")
    assert refused.value.message_dict["file"] == [
        "This file is empty. Choose the video file again."
    ]


def test_it_refuses_a_video_without_a_title_and_stores_nothing(cast, private_media):
    with pytest.raises(ValidationError) as refused:
        upload(cast, title="   ")
    assert "title" in refused.value.message_dict
    assert stored_files(private_media) == []


def test_retiring_and_restoring_keeps_the_video_and_its_file(cast, private_media):
    video = upload(cast)

    services.video_update(
        video=video, title=" Annual review, 2026 ", description="", is_active=False
    )
    video.refresh_from_db()
    assert (video.title, video.is_active) == ("Annual review, 2026", False)
    assert video.file.storage.exists(video.file.name)

    services.video_update(video=video, title=video.title, description="Restored", is_active=True)
    video.refresh_from_db()
    assert video.is_active
    assert video.description == "Restored"


def test_a_video_cannot_lose_its_title(cast):
    video = upload(cast)
    with pytest.raises(ValidationError):
        services.video_update(video=video, title="", description="", is_active=True)
    video.refresh_from_db()
    assert video.title == "Annual review"


# --- timed notes -------------------------------------------------------------------------------


def test_a_note_is_added_at_a_moment(cast):
    observation = ObservationFactory(coach=cast.coach_a.person)

    note = services.timed_note_add(
        observation=observation, at_seconds=125, text="  Names the goal "
    )

    assert (note.at_seconds, note.text, note.timestamp) == (125, "Names the goal", "2:05")
    assert list(observation.timed_notes.all()) == [note]


def test_a_note_needs_text(cast):
    observation = ObservationFactory(coach=cast.coach_a.person)
    with pytest.raises(ValidationError) as refused:
        services.timed_note_add(observation=observation, at_seconds=3, text="   ")
    assert refused.value.message_dict == {"text": ["Write the note before adding it."]}
    assert not TimedNote.objects.exists()


def test_no_note_is_added_or_removed_once_submitted(cast):
    observation = ObservationFactory(coach=cast.coach_a.person)
    note = TimedNoteFactory(observation=observation)
    Observation.objects.filter(pk=observation.pk).update(submitted_at=timezone.now())

    message = "These notes were submitted, so they can no longer be changed."
    with pytest.raises(ValidationError, match=message):
        services.timed_note_add(observation=observation, at_seconds=3, text="Late")
    with pytest.raises(ValidationError, match=message):
        services.timed_note_remove(note=note)
    assert list(TimedNote.objects.all()) == [note]


def test_an_observation_that_is_not_of_a_video_takes_no_timed_note(cast):
    observation = ObservationFactory(
        coach=cast.coach_a.person, setting=Observation.Setting.IEP_MEETING, video=None
    )
    with pytest.raises(ValidationError, match="Timed notes belong to observations of a library"):
        services.timed_note_add(observation=observation, at_seconds=3, text="Agenda")
    assert not TimedNote.objects.exists()


def test_a_note_is_removed(cast):
    note = TimedNoteFactory(observation=ObservationFactory(coach=cast.coach_a.person))
    services.timed_note_remove(note=note)
    assert not TimedNote.objects.exists()
