"""The course's outline kept in the app by the program's associates: units and sessions added,
renamed and reordered, parts' notes and minutes, questions and resources; sample content marked
completed. Editing the course changes no cohort's copy and no earlier answer."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from coaching.models import CourseResource, CourseUnit, RunQuestion
from coaching.selectors import courses as selectors
from coaching.services import courses as services

from .cases import session_data


def test_rewording_a_course_question_changes_no_cohorts_copy_nor_an_answer(cw):
    course_question = cw.answer.question.source
    asked = cw.answer.question.text
    copies = RunQuestion.objects.filter(run_session=cw.rs1).count()
    services.course_question_update(question=course_question, by=cw.facilitator, text="Reworded")
    services.course_question_drop(
        question=cw.session1.questions.exclude(pk=course_question.pk).first(), by=cw.facilitator
    )
    cw.answer.refresh_from_db()
    assert cw.answer.question.text == asked
    assert RunQuestion.objects.filter(run_session=cw.rs1).count() == copies
    # A cohort that opens the session now is asked the course as it is.
    other = services.run_create(
        course=cw.course,
        by=cw.facilitator,
        name="Autumn",
        members=[cw.coach_a.person, cw.coach_a2.person],
    )
    opened = services.run_session_open(run=other, session=cw.session1, by=cw.facilitator)
    texts = set(opened.questions.values_list("text", flat=True))
    assert "Reworded" in texts and asked not in texts


def test_a_unit_added_to_stage_1_moves_stage_2s_numbers_up(cw):
    stage1, stage2 = cw.course.stages.order_by("number")
    unit = services.unit_add(stage=stage1, by=cw.facilitator, title="Coaching new teachers")
    assert unit.number == 5
    assert list(stage2.units.order_by("number").values_list("number", flat=True)) == [6, 7, 8]


def test_a_unit_with_no_session_yet_shows_on_the_course_and_its_editing_page(cw, client_for):
    """A unit just added has no session: it is in the outline all the same, where the editor
    renames it, moves it and adds its first session."""
    stage1 = cw.course.stages.order_by("number").first()
    unit = services.unit_add(stage=stage1, by=cw.facilitator, title="Coaching new teachers")
    units = [u["unit"].pk for s in selectors.outline(cw.course) for u in s["units"]]
    assert unit.pk in units
    assert units.index(unit.pk) == 4  # after Units 1 to 4, before Stage 2's
    page = client_for(cw.facilitator).get(reverse("coaching:course_edit", args=[cw.course.pk]))
    text = page.content.decode()
    assert "Coaching new teachers" in text
    assert reverse("coaching:course_session_create", args=[unit.pk]) in text
    assert "No session yet." in text


def test_moving_a_unit_and_a_session_swaps_them(cw):
    first, second = cw.session1.unit.stage.units.order_by("number")[:2]
    services.unit_move(unit=second, by=cw.facilitator, direction="up")
    assert CourseUnit.objects.get(pk=second.pk).number == 1
    assert CourseUnit.objects.get(pk=first.pk).number == 2
    with pytest.raises(ValidationError, match="first already"):
        services.unit_move(
            unit=CourseUnit.objects.get(pk=second.pk), by=cw.facilitator, direction="up"
        )
    services.session_move(session=cw.session1, by=cw.facilitator, direction="down")
    assert [s.pk for s in cw.session1.unit.sessions.order_by("number")][-1] == cw.session1.pk


def test_a_coach_of_the_cohort_may_not_edit(cw):
    with pytest.raises(Exception, match="associates"):
        services.unit_update(unit=cw.session1.unit, by=cw.coach_a, title="Mine")


def test_parts_longer_than_the_session_are_refused_on_the_form_and_nothing_changes(cw, client_for):
    client = client_for(cw.facilitator)
    url = reverse("coaching:course_session_edit", args=[cw.session1.pk])
    data = session_data("Too long") | {"practice_minutes": 25}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "more than the session" in response.content.decode()
    cw.session1.refresh_from_db()
    assert cw.session1.title != "Too long" and cw.session1.practice_minutes == 10


def test_the_facilitator_edits_a_sessions_notes_and_minutes(cw, client_for):
    client = client_for(cw.facilitator)
    url = reverse("coaching:course_session_edit", args=[cw.session1.pk])
    response = client.post(url, session_data("Modelling a first step") | {"duration_minutes": 35})
    assert response.status_code == 302
    cw.session1.refresh_from_db()
    assert cw.session1.title == "Modelling a first step"
    assert cw.session1.modelling_notes == "Model it" and cw.session1.duration_minutes == 35
    page = client.get(url).content.decode()
    assert "Modelling a first step" in page and "1 cohort has opened this session" in page


def test_a_file_that_is_not_an_artifact_is_refused_and_nothing_is_attached(cw, client_for):
    client = client_for(cw.facilitator)
    count = CourseResource.objects.count()
    fake = SimpleUploadedFile(
        "slides.pdf", b"<html>not a pdf</html>", content_type="application/pdf"
    )
    response = client.post(
        reverse("coaching:course_resource_add", args=[cw.session1.pk]),
        {"kind": "slides", "title": "Slides", "file": fake},
    )
    assert response.status_code == 200
    assert "its content was checked" in response.content.decode()
    assert CourseResource.objects.count() == count


def _library(program):
    return [(7, "Exemplar: a first action step")]


@override_settings(COURSE_VIDEO_LIBRARY="coaching.tests.courses.test_outline._library")
def test_an_exemplar_video_is_one_of_the_programs_library(cw, client_for):
    client = client_for(cw.facilitator)
    url = reverse("coaching:course_resource_add", args=[cw.session2.pk])
    page = client.get(reverse("coaching:course_session_edit", args=[cw.session2.pk]))
    assert "Exemplar: a first action step" in page.content.decode()
    response = client.post(url, {"kind": "video", "title": "Exemplar", "library_video_id": "8"})
    assert response.status_code == 200  # not one of the library's: refused on the form
    assert not cw.session2.resources.exists()
    response = client.post(url, {"kind": "video", "title": "Exemplar", "library_video_id": "7"})
    assert response.status_code == 302
    assert cw.session2.resources.get().library_video_id == 7


def test_an_empty_question_is_refused_on_the_form(cw, client_for):
    client = client_for(cw.facilitator)
    count = cw.session1.questions.count()
    response = client.post(
        reverse("coaching:course_question_add", args=[cw.session1.pk]),
        {"part": "exit_ticket", "text": "  "},
    )
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert cw.session1.questions.count() == count


def test_the_provider_marks_the_sample_completed_and_installing_again_leaves_it(cw, client_for):
    client = client_for(cw.facilitator)
    response = client.post(reverse("coaching:course_complete", args=[cw.course.pk]), follow=True)
    assert "no longer sample content" in response.content.decode()
    call_command("install_courses", program=cw.steplab.slug, verbosity=0)
    cw.course.refresh_from_db()
    assert not cw.course.is_sample
    response = client.post(reverse("coaching:course_complete", args=[cw.course.pk]), follow=True)
    assert "not sample content" in response.content.decode()


def test_the_editing_page_shows_the_outline_with_its_links(cw, client_for):
    page = client_for(cw.facilitator).get(reverse("coaching:course_edit", args=[cw.course.pk]))
    text = page.content.decode()
    assert "Mark it completed" in text
    assert reverse("coaching:course_session_edit", args=[cw.session1.pk]) in text
    assert selectors.may_edit_course(cw.superuser, cw.course)
