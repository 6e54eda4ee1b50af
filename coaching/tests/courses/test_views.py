"""Pages of coach-training courses: bad input gets a message on the form and changes nothing;
the facilitator's adapting keeps what earlier answers answered; resources are served to the
cohort."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from coaching.models import CourseAnswer, CourseResource, RunQuestion, TrainingEvent
from coaching.tests.engagements.world import days

from .cases import state


def test_scheduling_nothing_says_so_on_the_form_and_changes_nothing(cw, client_for):
    before = state(cw)
    response = client_for(cw.facilitator).post(
        reverse("coaching:run_schedule", args=[cw.run.pk]),
        {"starts_at": f"{days(3).isoformat()}T10:00"},
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert state(cw) == before


def test_joining_four_sessions_is_refused_on_the_form(cw, client_for):
    sessions = [s.pk for s in cw.course.stages.first().units.get(number=2).sessions.all()]
    sessions += [s.pk for s in cw.course.stages.first().units.get(number=3).sessions.all()]
    events = TrainingEvent.objects.count()
    response = client_for(cw.facilitator).post(
        reverse("coaching:run_schedule", args=[cw.run.pk]),
        {"sessions": sessions, "starts_at": f"{days(3).isoformat()}T10:00"},
    )
    assert "Choose one session, or join two or three." in response.content.decode()
    assert TrainingEvent.objects.count() == events


def test_a_cohort_of_one_is_refused_on_the_form(cw, client_for):
    before = state(cw)
    response = client_for(cw.facilitator).post(
        reverse("coaching:run_create", args=[cw.course.pk]),
        {"name": "Tiny", "members": [cw.outsider.person.pk]},
    )
    assert "at least two coaches" in response.content.decode()
    assert state(cw) == before


def test_an_answer_naming_a_student_is_refused_and_nothing_is_saved(cw, client_for):
    question = cw.rs1.questions.filter(part="exit_ticket").last()
    before = state(cw)
    response = client_for(cw.coach_a2).post(
        reverse("coaching:run_session_detail", args=[cw.rs1.pk]),
        {f"q{question.pk}": "I will follow up with student ID 4829173"},
    )
    assert response.status_code == 200
    assert "student ID" in response.content.decode()
    assert state(cw) == before


def test_an_empty_answer_sheet_is_refused(cw, client_for):
    before = state(cw)
    response = client_for(cw.coach_a3).post(
        reverse("coaching:run_session_detail", args=[cw.rs1.pk]), {}
    )
    assert "Write at least one answer." in response.content.decode()
    assert state(cw) == before


def test_two_triads_are_refused_on_the_form(cw, client_for):
    members = {m.user_id: m for m in cw.run.cohort.members.all()}
    data = {f"p{m.pk}": 1 for m in members.values()}
    before = state(cw)
    response = client_for(cw.facilitator).post(
        reverse("coaching:run_pairs", args=[cw.run.pk]), data
    )
    assert "A pair has two coaches; one triad has three." in response.content.decode()
    assert state(cw) == before


def test_an_empty_question_is_refused(cw, client_for):
    before = state(cw)
    response = client_for(cw.facilitator).post(
        reverse("coaching:question_edit", args=[cw.do_now.pk]), {"text": " "}
    )
    assert "This field is required" in response.content.decode()
    assert state(cw) == before


def test_an_edited_question_shows_beside_the_answer_to_its_first_wording(cw, client_for):
    client = client_for(cw.facilitator)
    question = cw.answer.question
    old = question.text
    client.post(reverse("coaching:question_edit", args=[question.pk]), {"text": "New wording"})
    page = client.get(reverse("coaching:run_session_detail", args=[cw.rs1.pk])).content.decode()
    assert old in page and "New wording" in page and "Dropped" in page
    assert CourseAnswer.objects.get(pk=cw.answer.pk).question.text == old
    assert RunQuestion.objects.filter(run_session=cw.rs1, text="New wording").exists()


def test_the_facilitator_marks_an_answer_for_follow_up(cw, client_for):
    client_for(cw.facilitator).post(
        reverse("coaching:answer_follow_up", args=[cw.answer.pk]), {"follow_up": "1"}
    )
    cw.answer.refresh_from_db()
    assert cw.answer.follow_up


def test_a_paper_exit_ticket_is_typed_in_on_the_coachs_behalf(cw, client_for):
    question = cw.rs1.questions.filter(part="exit_ticket").last()
    client_for(cw.facilitator).post(
        reverse("coaching:run_session_typed_in", args=[cw.rs1.pk]),
        {"person": cw.coach_a3.person.pk, f"q{question.pk}": "Written on paper"},
    )
    answer = CourseAnswer.objects.get(person=cw.coach_a3.person, question=question)
    assert answer.typed_in_by == cw.facilitator and answer.text == "Written on paper"


@pytest.fixture
def media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def test_the_slides_are_served_to_the_cohort(cw, client_for, media):
    resource = CourseResource(session=cw.session1, kind="slides", title="Slides")
    resource.file.save("slides.pdf", ContentFile(b"%PDF-1.4 slides"), save=True)
    url = reverse("coaching:resource_download", args=[resource.pk])
    response = client_for(cw.coach_a).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 slides"
    assert client_for(cw.coach_b).get(url).status_code == 404


def test_the_schedule_form_offers_only_sessions_not_yet_scheduled(cw, client_for):
    page = client_for(cw.facilitator).get(reverse("coaching:run_schedule", args=[cw.run.pk]))
    assert f'value="{cw.session1.pk}"' not in page.content.decode()
    assert f'value="{cw.session2.pk}"' in page.content.decode()


def test_the_navigation_offers_courses_only_to_those_who_have_one(cw, client_for):
    from django.urls import reverse as url

    link = f'href="{url("coaching:course_list")}"'
    offered = {"coach_a": True, "coach_b2": True, "facilitator": True, "superuser": True}
    offered |= {"coach_b": False, "outsider": False, "associate": False, "admin_a": False}
    for actor, expected in offered.items():
        page = client_for(getattr(cw, actor)).get(url("coaching:profile")).content.decode()
        assert (link in page) is expected, actor
