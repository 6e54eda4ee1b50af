"""Pages of coach-training courses: bad input gets a message on the form and changes nothing;
the facilitator's adapting keeps what earlier answers answered; resources are served to the
cohort."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from coaching import limits
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


def test_the_pairing_page_numbers_the_pairs_as_their_engagements_are_named(cw, client_for):
    """Paired again by hand on the page, the new pairs are pair 1 and pair 2 (their engagements'
    names), the form offers each coach their pair's number, the closed pairs are listed after
    them, marked; a pair across districts lists its owning coach first."""
    from coaching.models import CoursePair, Person

    members = list(cw.run.cohort.members.order_by("last_name", "first_name", "pk"))
    a = [m for m in members if m.district_id == cw.district_a.pk]
    b = [m for m in members if m.district_id == cw.district_b.pk]
    # A tie across districts: the first coach on the form (by surname) is B's, and owns it.
    Person.objects.filter(pk=b[0].pk).update(last_name="Aardvark")
    Person.objects.filter(pk=a[0].pk).update(last_name="Zimmer")
    chosen = {b[0].pk: 1, a[0].pk: 1, a[1].pk: 2, a[2].pk: 2, b[1].pk: 2}
    client = client_for(cw.facilitator)
    url = reverse("coaching:run_pairs", args=[cw.run.pk])
    response = client.post(url, {f"p{pk}": n for pk, n in chosen.items()})
    assert response.status_code == 302
    active = list(CoursePair.objects.filter(run=cw.run, engagement__status="active"))
    named = {
        p.engagement.coachee_team.name.split(" (")[0]: set(
            p.engagement.coachee_team.members.values_list("pk", flat=True)
        )
        for p in active
    }
    assert named == {
        "Spring cohort: pair 1": {b[0].pk, a[0].pk},
        "Spring cohort: pair 2": {a[1].pk, a[2].pk, b[1].pk},
    }
    response = client.get(url)
    form = response.context["form"]
    assert {pk: form[f"p{pk}"].initial for pk in chosen} == chosen
    html = response.content.decode()
    b0, a0 = Person.objects.get(pk=b[0].pk), Person.objects.get(pk=a[0].pk)
    first = html.index(f"Pair 1 ({b0.first_name} and {a0.first_name})")
    assert first < html.index("Pair 2 (") < html.index("Closed")
    row = html[first : html.index("</tr>", first)]
    assert f"owned by {cw.district_b}" in row
    assert row.index(b0.full_name) < row.index(a0.full_name)


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


@pytest.mark.parametrize("starts_at", ["9999-12-14T15:30", "2019-12-14T15:30"])
def test_a_session_in_year_9999_or_2019_is_refused_on_the_form_and_nothing_saved(
    cw, client_for, starts_at
):
    today = timezone.localdate()
    earliest = today - dt.timedelta(days=limits.TRAINING_DAYS_BACK)
    latest = today + dt.timedelta(days=limits.TRAINING_DAYS_AHEAD)
    message = f"Schedule a training from {earliest:%B %-d, %Y} to {latest:%B %-d, %Y}."
    before = state(cw)
    response = client_for(cw.facilitator).post(
        reverse("coaching:run_schedule", args=[cw.run.pk]),
        {"sessions": [cw.session2.pk], "starts_at": starts_at, "location": "Library"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"starts_at": [message]}
    page = response.content.decode()
    assert message in page and "The cohort is registered" not in page
    assert state(cw) == before


def test_the_run_page_shows_the_year_of_a_scheduled_session(cw, client_for):
    page = client_for(cw.facilitator).get(reverse("coaching:run_detail", args=[cw.run.pk]))
    starts = timezone.localtime(cw.event1.starts_at)
    assert f"{starts:%a %b %-d, %Y, %-I:%M %p}" in page.content.decode()


def test_clearing_an_answer_takes_it_back_for_the_coach_and_the_facilitator(cw, client_for):
    url = reverse("coaching:run_session_detail", args=[cw.rs1.pk])
    form = client_for(cw.coach_a).get(url).context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    cleared = f"q{cw.answer.question_id}"
    assert data[cleared] == "Model before asking to practise"
    data[cleared] = ""
    response = client_for(cw.coach_a).post(url, data)
    assert response.status_code == 302
    assert not CourseAnswer.objects.filter(pk=cw.answer.pk).exists()
    kept = [name for name in data if name != cleared and data[name]]
    assert kept and all(
        CourseAnswer.objects.filter(question_id=int(n[1:]), person=cw.coach_a.person).exists()
        for n in kept
    )
    assert client_for(cw.coach_a).get(url).context["form"].fields[cleared].initial == ""
    facilitators = client_for(cw.facilitator).get(url).content.decode()
    assert facilitators.count("Model before asking to practise") == len(kept)


def test_a_blank_box_of_a_typed_in_ticket_leaves_the_coachs_answer(cw, client_for):
    question = cw.answer.question
    other = cw.rs1.questions.filter(part="exit_ticket").exclude(pk=question.pk).first()
    response = client_for(cw.facilitator).post(
        reverse("coaching:run_session_typed_in", args=[cw.rs1.pk]),
        {"person": cw.coach_a.person.pk, f"q{question.pk}": "", f"q{other.pk}": "From paper"},
    )
    assert response.status_code == 302
    cw.answer.refresh_from_db()
    assert cw.answer.text == "Model before asking to practise"
