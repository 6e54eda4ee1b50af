"""The library's pages and the timed-notes player, as their users meet them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coaching.tests.access import count_queries
from observations.models import Observation, TimedNote, Video

from .factories import WEBM, ObservationFactory, TimedNoteFactory, VideoFactory

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# --- library, upload, detail -----------------------------------------------------------------------


def test_the_library_lists_the_programs_videos_with_their_counts(video_cast, client_for):
    w = video_cast
    ObservationFactory(coach=w.coach_b.person, video=w.video, submitted_at=timezone.now())
    VideoFactory(program=w.program, title="Retired recording", is_active=False)

    response = client_for(w.associate).get(reverse("observations:video_list"))

    videos = list(response.context["videos"])
    assert [v.title for v in videos] == ["Annual review at Maple Valley", "Retired recording"]
    assert (videos[0].observation_count, videos[0].submitted_count) == (2, 1)
    assert "MTSS team meeting" not in response.content.decode()  # associate B's program
    assert "Retired" in response.content.decode()


def test_the_library_costs_the_same_at_50_videos_as_at_2(video_cast, client_for):
    w = video_cast
    client = client_for(w.associate)
    url = reverse("observations:video_list")
    # `video` and one more in the associate's program, each with an observation.
    ObservationFactory(video=VideoFactory(program=w.program, uploaded_by=w.associate))
    at_2 = count_queries(client, url)
    for i in range(48):
        video = VideoFactory(program=w.program, is_active=bool(i % 2))
        ObservationFactory(video=video, coach=w.coach_a.person)
    at_50 = count_queries(client, url)
    assert len(client.get(url).context["videos"]) == 50
    assert at_50 == at_2 <= 10  # with the page's count and the program filter's choices


def test_the_notes_page_costs_the_same_at_50_notes_as_at_2(video_cast, client_for):
    w = video_cast
    client = client_for(w.coach_a)
    url = reverse("observations:observation_video", args=[w.observation.pk])
    TimedNoteFactory(observation=w.observation)
    at_2 = count_queries(client, url)
    TimedNoteFactory.create_batch(48, observation=w.observation)
    assert count_queries(client, url) == at_2


def test_an_associate_uploads_a_video_and_lands_on_its_page(video_cast, client_for):
    w = video_cast
    client = client_for(w.associate)
    file = SimpleUploadedFile("IEP meeting.webm", WEBM.read_bytes(), "video/webm")

    response = client.post(
        reverse("observations:video_upload"),
        {"program": w.program.pk, "title": "Re-evaluation", "description": "", "file": file},
        follow=True,
    )

    video = Video.objects.get(title="Re-evaluation")
    assert response.redirect_chain == [(video.get_absolute_url(), 302)]
    assert messages_of(response) == [f"Added Re-evaluation to the library of {w.program.name}."]
    assert video.uploaded_by == w.associate
    assert video.program == w.program


def test_the_upload_page_says_what_it_takes(video_cast, client_for):
    response = client_for(video_cast.associate).get(reverse("observations:video_upload"))
    page = response.content.decode()
    assert "MP4, WebM or QuickTime (.mov), up to 500 MB." in page
    assert 'enctype="multipart/form-data"' in page
    assert 'accept="video/mp4,video/webm,video/quicktime,.mp4,.webm,.mov"' in page


def test_a_refused_upload_says_why_on_the_form(video_cast, client_for):
    w = video_cast
    file = SimpleUploadedFile("notes.mp4", b"plain text, renamed" * 50, "video/mp4")

    response = client_for(w.associate).post(
        reverse("observations:video_upload"),
        {"program": w.program.pk, "title": "Not a video", "file": file},
    )

    assert response.status_code == 200
    assert "This file is not an MP4, WebM or QuickTime (.mov) video" in (
        " ".join(response.context["form"].errors["file"])
    )
    assert not Video.objects.filter(title="Not a video").exists()


def test_an_associate_cannot_upload_to_another_program(video_cast, client_for):
    w = video_cast
    file = SimpleUploadedFile("meeting.webm", WEBM.read_bytes(), "video/webm")

    response = client_for(w.associate_b).post(
        reverse("observations:video_upload"),
        {"program": w.program.pk, "title": "Smuggled", "file": file},
    )

    assert response.status_code == 200
    assert "program" in response.context["form"].errors
    assert not Video.objects.filter(title="Smuggled").exists()


def test_an_associate_retires_and_restores_a_video(video_cast, client_for):
    w = video_cast
    client = client_for(w.associate)
    url = w.video.get_absolute_url()
    data = {"title": w.video.title, "description": "An annual review, 40 minutes"}

    retired = client.post(url, data, follow=True)
    assert messages_of(retired) == [
        "Retired Annual review at Maple Valley: it can no longer be assigned; its notes stay "
        "with it."
    ]
    w.video.refresh_from_db()
    assert not w.video.is_active
    assert w.observation.timed_notes.count() == 1

    restored = client.post(url, data | {"is_active": "on"}, follow=True)
    assert messages_of(restored) == ["Restored Annual review at Maple Valley to the library."]


def test_the_video_page_lists_the_coaches_notes_to_associates_and_only_theirs_to_a_coach(
    video_cast, client_for
):
    w = video_cast
    ObservationFactory(coach=w.coach_b.person, video=w.video)

    for_associate = client_for(w.associate).get(w.video.get_absolute_url())
    for_coach = client_for(w.coach_a).get(w.video.get_absolute_url())

    assert len(for_associate.context["observations"]) == 2
    assert for_associate.context["form"] is not None
    assert [o.pk for o in for_coach.context["observations"]] == [w.observation.pk]
    assert for_coach.context["form"] is None
    assert "Your notes" in for_coach.content.decode()


# --- the timed-notes player --------------------------------------------------------------------


def add_url(w):
    return reverse("observations:timed_note_add", args=[w.observation.pk])


def page_url(w):
    return reverse("observations:observation_video", args=[w.observation.pk])


@pytest.mark.parametrize(
    "data, seconds",
    [
        ({"at": "2:05", "at_seconds": "1"}, 125),  # what the person typed wins
        ({"at": "", "at_seconds": "42"}, 42),  # the player's moment
        ({"at": "75"}, 75),
        ({"at": "1:02:03"}, 3723),
    ],
)
def test_a_coach_adds_a_note_at_a_moment(data, seconds, video_cast, client_for):
    w = video_cast
    client = client_for(w.coach_a)

    response = client.post(add_url(w), data | {"text": "Invites the parent to speak"})

    note = w.observation.timed_notes.get(text="Invites the parent to speak")
    assert note.at_seconds == seconds
    assert response["Location"] == f"{page_url(w)}#note-{note.pk}"


def test_the_note_form_goes_back_to_the_page_it_is_on_but_never_away(video_cast, client_for):
    w = video_cast
    client = client_for(w.coach_a)
    data = {"at": "0:01", "text": "Agenda"}

    here = client.post(add_url(w), data | {"next": "/certification/somewhere/?tab=notes"})
    away = client.post(add_url(w), data | {"next": "https://elsewhere.example/"})

    assert here["Location"].startswith("/certification/somewhere/?tab=notes#note-")
    assert away["Location"].startswith(page_url(w) + "#note-")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"at": "3:65", "text": "x"}, "3:65 has more than 59 seconds: write 4:05, not 3:65."),
        ({"at": "soon", "text": "x"}, "Give the moment as minutes and seconds, such as 4:05"),
        ({"at": "", "text": "x"}, "Say when: play the video to the moment, or type it as m:ss."),
        ({"at": "0:10", "text": "  "}, "Write the note before adding it."),
    ],
)
def test_a_note_that_cannot_be_added_says_why(data, message, video_cast, client_for):
    w = video_cast
    response = client_for(w.coach_a).post(add_url(w), data, follow=True)

    assert message in " ".join(messages_of(response))
    assert w.observation.timed_notes.count() == 1  # only the cast's own note


def test_no_note_is_added_or_removed_after_submitting(video_cast, client_for):
    w = video_cast
    Observation.objects.filter(pk=w.observation.pk).update(submitted_at=timezone.now())
    client = client_for(w.coach_a)

    added = client.post(add_url(w), {"at": "0:03", "text": "Late"}, follow=True)
    removed = client.post(reverse("observations:timed_note_remove", args=[w.note.pk]), follow=True)

    refusal = "These notes were submitted, so they can no longer be changed."
    assert messages_of(added) == [refusal]
    assert messages_of(removed) == [refusal]
    assert list(TimedNote.objects.all()) == [w.note]


def test_another_coach_can_neither_add_nor_remove(video_cast, client_for):
    w = video_cast
    other = ObservationFactory(coach=w.coach_b.person, video=w.video)  # same video, own notes
    client = client_for(w.coach_b)

    assert client.post(add_url(w), {"at": "0:03", "text": "Mine"}).status_code == 404
    remove = reverse("observations:timed_note_remove", args=[w.note.pk])
    assert client.post(remove).status_code == 404
    assert client.get(reverse("observations:observation_video", args=[other.pk])).status_code == 200
    assert list(TimedNote.objects.all()) == [w.note]


def test_a_coach_removes_a_note(video_cast, client_for):
    w = video_cast
    remove = reverse("observations:timed_note_remove", args=[w.note.pk])

    response = client_for(w.coach_a).post(remove, follow=True)

    assert messages_of(response) == ["Removed the note at 1:05."]
    assert not TimedNote.objects.exists()


def test_the_player_offers_the_form_only_to_the_coach_before_submitting(video_cast, client_for):
    w = video_cast
    add = f'action="{add_url(w)}"'

    own = client_for(w.coach_a).get(page_url(w)).content.decode()
    read_only = client_for(w.associate).get(page_url(w)).content.decode()
    Observation.objects.filter(pk=w.observation.pk).update(submitted_at=timezone.now())
    submitted = client_for(w.coach_a).get(page_url(w)).content.decode()

    stream = reverse("observations:video_stream", args=[w.video.pk])
    for page in (own, read_only, submitted):
        assert f'src="{stream}"' in page
        assert 'data-seek="65"' in page
        assert "1:05" in page
    assert add in own and "Remove" in own
    assert add not in read_only and "Remove" not in read_only
    assert "Only " in read_only and "can add or remove these notes." in read_only
    assert add not in submitted and "Remove" not in submitted
    assert "these notes can no longer be changed." in submitted


def test_an_observation_not_of_a_video_has_no_player(video_cast, client_for):
    w = video_cast
    meeting = ObservationFactory(
        coach=w.coach_a.person, setting=Observation.Setting.IEP_MEETING, video=None
    )
    url = reverse("observations:observation_video", args=[meeting.pk])
    assert client_for(w.coach_a).get(url).status_code == 404


# --- the site admin keeps every library (coaching.selectors.may_act_for_program) ------------------


def test_the_site_admin_keeps_the_library_of_every_program_as_its_associates_do(
    video_cast, client_for
):
    """The library was the one place that asked "an associate of the program?" and forgot the
    site admin: it refused them the upload form and a video's changes."""
    from coaching.selectors import may_act_for_program
    from observations import selectors

    w = video_cast
    assert may_act_for_program(w.superuser, w.program)
    assert selectors.can_keep_video(w.superuser, w.video)
    assert set(selectors.library_programs(w.superuser)) >= {w.program, w.other_program}

    client = client_for(w.superuser)
    assert client.get(reverse("observations:video_upload")).status_code == 200
    response = client.post(
        w.video.get_absolute_url(),
        {"title": "Renamed by the site admin", "description": "", "is_active": "on"},
    )
    assert response.status_code == 302
    w.video.refresh_from_db()
    assert w.video.title == "Renamed by the site admin"
