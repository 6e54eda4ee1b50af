"""An exemplar video attached to a coach-training course (coaching's CourseResource, naming the
library video by its id) is watched by the course's cohort, and only by them; a video of another
program's library named by a course opens to nobody through it."""

from django.urls import reverse

from coaching.models import CourseResource
from coaching.tests.courses import world

from .factories import VideoFactory


def test_the_cohort_watches_the_courses_exemplar_video_and_no_one_else(cast, client_for):
    w = world.build(cast)
    video = VideoFactory(program=w.steplab, uploaded_by=w.facilitator)
    stranger = VideoFactory(program=w.program, uploaded_by=w.associate)
    for v in (video, stranger):
        CourseResource.objects.create(
            session=w.session1, kind="video", title=v.title, library_video_id=v.pk
        )
    url = reverse("observations:video_detail", args=[video.pk])
    assert client_for(w.coach_a).get(url).status_code == 200
    assert client_for(w.coach_b2).get(url).status_code == 200
    assert client_for(w.outsider).get(url).status_code == 404
    assert client_for(w.coach_b).get(url).status_code == 404
    other = reverse("observations:video_detail", args=[stranger.pk])
    assert client_for(w.coach_a).get(other).status_code == 404
