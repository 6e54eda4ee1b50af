"""No student identifier in what a coach writes on an observation (its notes, its location, the
notes tied to moments of a video) or in how a video of the library is described. A refusal names what
looked like an identifier, stores nothing, and the page keeps what was typed."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from observations import services
from observations.models import Observation, TimedNote, Video

REFUSAL = "leave out anything that identifies a student"


def page_of(response):
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    "field",
    [
        "location",
        "behaviours_seen",
        "working",
        "not_working",
        "questions_posed",
        "next_steps",
        "free_text",
    ],
)
def test_each_note_of_an_observation_refuses_an_identifier(video_cast, field):
    w = video_cast
    with pytest.raises(ValidationError) as refused:
        services.observation_update(observation=w.observation, **{field: "Room 204, SID 4829173"})
    assert refused.value.message_dict[field] == [
        f"“SID 4829173” looks like a student ID number: {REFUSAL}."
    ]
    assert getattr(Observation.objects.get(pk=w.observation.pk), field) == ""


def test_a_timed_note_refuses_an_identifier_and_stores_nothing(video_cast):
    w = video_cast
    with pytest.raises(ValidationError) as refused:
        services.timed_note_add(
            observation=w.observation, at_seconds=80, text="Reads out Medicaid ID 123456789"
        )
    assert refused.value.message_dict["text"] == [
        f"“Medicaid ID 123456789” looks like a Medicaid number: {REFUSAL}."
    ]
    assert list(TimedNote.objects.all()) == [w.note]


@pytest.mark.parametrize(
    ("title", "description"),
    [
        ("Annual review, student #4521", "A team meeting"),
        ("Annual review at Maple Valley", "The child, born 12 April 2015, is not on camera."),
    ],
)
def test_a_video_is_not_described_with_an_identifier(video_cast, title, description):
    w = video_cast
    with pytest.raises(ValidationError, match=REFUSAL):
        services.video_update(
            video=Video.objects.get(pk=w.video.pk),
            title=title,
            description=description,
            is_active=True,
        )
    stored = Video.objects.get(pk=w.video.pk)
    assert (stored.title, stored.description) == (w.video.title, w.video.description)


def test_the_timed_note_form_names_the_identifier_changes_nothing_and_keeps_what_was_typed(
    video_cast, client_for
):
    w = video_cast
    back = "/certification/submissions/1/?tab=notes"
    typed = {"at": "2:05", "text": "Team lead reads DOB 2015-04-12 from the file.", "next": back}

    response = client_for(w.coach_a).post(
        reverse("observations:timed_note_add", args=[w.observation.pk]), typed
    )

    page = page_of(response)
    assert response.status_code == 200
    assert f"“DOB 2015-04-12” looks like a date of birth: {REFUSAL}." in page
    assert f">{typed['text']}</textarea>" in page
    assert 'value="2:05"' in page
    assert f'name="next" value="{back}"' in page  # the add form and each remove form
    assert page.count(f'name="next" value="{back}"') == 2
    assert list(TimedNote.objects.all()) == [w.note]


def test_a_timed_note_refused_on_its_moment_keeps_the_text_too(video_cast, client_for):
    w = video_cast
    typed = {"at": "3:65", "text": "Parks the question for later"}

    response = client_for(w.coach_a).post(
        reverse("observations:timed_note_add", args=[w.observation.pk]), typed
    )

    page = page_of(response)
    assert "3:65 has more than 59 seconds" in page
    assert f">{typed['text']}</textarea>" in page and 'value="3:65"' in page
    assert list(TimedNote.objects.all()) == [w.note]


def test_the_video_form_keeps_what_was_typed(video_cast, client_for):
    w = video_cast
    typed = {"title": "Annual review", "description": "Filmed for SSN 123-45-6789"}

    response = client_for(w.associate).post(w.video.get_absolute_url(), typed | {"is_active": "on"})

    page = page_of(response)
    assert response.status_code == 200
    assert f"“SSN 123-45-6789” looks like a Social Security number: {REFUSAL}." in page
    assert typed["description"] in page
    assert Video.objects.get(pk=w.video.pk).description == w.video.description
