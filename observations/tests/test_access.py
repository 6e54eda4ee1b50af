"""Every view of the observations app, tried by every actor of the cast."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coaching.tests.access import ACTORS, Case, rows_of, run_case
from observations.models import PracticeRating, TimedNote, Video
from observations.selectors import current_practice_profile
from rubrics.models import Review

from .factories import WEBM


def state(w):
    return rows_of(PracticeRating, Review)


def library_state(w):
    return rows_of(Video)


def notes_state(w):
    return rows_of(TimedNote)


def upload(w):
    return {
        "program": w.program.pk,
        "title": "Re-evaluation meeting",
        "file": SimpleUploadedFile("meeting.webm", WEBM.read_bytes(), "video/webm"),
    }


# Only associates keep and list the library; anyone else with no business there is refused
# outright (403), as on the other list pages.
LIBRARY_ROLES_REFUSED = {"coach_a": 403, "coach_b": 403, "principal_a": 403}
LIBRARY_ROLES_REFUSED |= {"admin_a": 403, "admin_b": 403}


CASES = [
    # Each coach has their own page; anyone without a coach record gets 404.
    Case(
        "observations:my_practice",
        lambda w: reverse("observations:my_practice"),
        {"coach_a": 200, "coach_b": 200},
    ),
    Case(
        "observations:self_assessment_start",
        lambda w: reverse("observations:self_assessment_start"),
        {"coach_a": 302, "coach_b": 302},
        method="post",
        state=state,
    ),
    Case(
        "observations:coach_list",
        lambda w: reverse("observations:coach_list"),
        {"admin_a": 200, "admin_b": 200, "associate": 200, "superuser": 200, "associate_b": 200}
        | {"coach_a": 403, "coach_b": 403, "principal_a": 403},
    ),
    # Coach A: seen by their district admin, the associate and themself; their principal
    # supports coaching but never evaluates it.
    Case(
        "observations:coach_practice",
        lambda w: reverse("observations:coach_practice", args=[w.coach_a_person.pk]),
        {"admin_a": 200, "associate": 200, "superuser": 200, "coach_a": 200},
    ),
    Case(
        "observations:coach_rate",
        lambda w: reverse("observations:coach_rate", args=[w.coach_a_person.pk]),
        {"admin_a": 302, "associate": 302, "superuser": 403, "coach_a": 403},
        method="post",
        data=lambda w: {"version": current_practice_profile().pk},
        state=state,
    ),
    # The video library: the associate's program has `video`, assigned to coach A; associate B's
    # program has `other_video`.
    Case(
        "observations:video_list",
        lambda w: reverse("observations:video_list"),
        {"associate": 200, "associate_b": 200, "superuser": 200} | LIBRARY_ROLES_REFUSED,
    ),
    Case(
        "observations:video_upload",
        lambda w: reverse("observations:video_upload"),
        {"associate": 200, "associate_b": 200, "superuser": 200} | LIBRARY_ROLES_REFUSED,
    ),
    # Associate B may upload, but only to their own program: the form refuses `program`. The site
    # admin may act for every program (coaching.selectors.may_act_for_program).
    Case(
        "observations:video_upload",
        lambda w: reverse("observations:video_upload"),
        {"associate": 302, "associate_b": 200, "superuser": 302} | LIBRARY_ROLES_REFUSED,
        method="post",
        data=upload,
        state=library_state,
    ),
    Case(
        "observations:video_detail",
        lambda w: w.video.get_absolute_url(),
        {"associate": 200, "superuser": 200, "coach_a": 200},
    ),
    Case(
        "observations:video_detail",
        lambda w: w.video.get_absolute_url(),
        {"associate": 302, "superuser": 302, "coach_a": 403},
        method="post",
        data=lambda w: {"title": "Renamed", "description": "", "is_active": ""},
        state=library_state,
    ),
    Case(
        "observations:video_stream",
        lambda w: reverse("observations:video_stream", args=[w.video.pk]),
        {"associate": 200, "superuser": 200, "coach_a": 200},
    ),
    Case(
        "observations:video_stream",
        lambda w: reverse("observations:video_stream", args=[w.other_video.pk]),
        {"associate_b": 200, "superuser": 200},
        label="observations:video_stream-other-program",
    ),
    # Coach A's observation of `video`: the coach writes, the program's associates read.
    Case(
        "observations:observation_video",
        lambda w: reverse("observations:observation_video", args=[w.observation.pk]),
        {"coach_a": 200, "associate": 200, "superuser": 200},
    ),
    Case(
        "observations:timed_note_add",
        lambda w: reverse("observations:timed_note_add", args=[w.observation.pk]),
        {"coach_a": 302, "associate": 403, "superuser": 403},
        method="post",
        data=lambda w: {"at": "0:03", "text": "Checks for understanding"},
        state=notes_state,
    ),
    Case(
        "observations:timed_note_remove",
        lambda w: reverse("observations:timed_note_remove", args=[w.note.pk]),
        {"coach_a": 302, "associate": 403, "superuser": 403},
        method="post",
        state=notes_state,
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_access(case, actor, practice_cast, video_cast, client_for):
    run_case(case, actor, practice_cast, client_for)
