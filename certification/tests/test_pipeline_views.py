"""The pipeline's pages as their users meet them: messages on the form, nothing lost, nothing
changed on refusal, and what each role reads."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from certification import services
from certification.models import Facilitation, Submission
from certification.tests import factories
from coaching.models import Registration


def test_a_bad_date_in_the_notes_keeps_what_was_typed_and_saves_nothing(journey_cast, client_for):
    w = journey_cast
    response = client_for(w.coach_a).post(
        reverse("certification:submission_save", args=[w.draft.pk]),
        {
            "observed_on": "not a date",
            "mode": "in_person",
            "working": "Kept words",
            "action": "save",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in page and "Enter a valid date" in page
    assert "Kept words" in page
    w.draft.observation.refresh_from_db()
    assert w.draft.observation.working == ""


def test_submitting_incomplete_notes_saves_the_draft_and_names_what_is_missing(
    journey_cast, client_for
):
    w = journey_cast
    client = client_for(w.coach_a)
    response = client.post(
        reverse("certification:submission_save", args=[w.draft.pk]),
        {"mode": "in_person", "working": "Draft words", "action": "submit"},
        follow=True,
    )
    page = response.content.decode()
    assert "Before submitting, add the date of the observation" in page
    assert "Draft words" in page
    w.draft.refresh_from_db()
    assert w.draft.outcome == "draft" and w.draft.observation.working == "Draft words"


def test_a_note_with_an_identifier_is_refused_on_the_form_and_kept(journey_cast, client_for):
    w = journey_cast
    response = client_for(w.coach_a).post(
        reverse("certification:facilitation_log"),
        {
            "held_on": timezone.localdate().isoformat(),
            "school": w.school_a.pk,
            "meeting_type": "initial",
            "model_used": "on",
            "minutes": "50",
            "note": "for student 20231234",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "identifies a student" in page and "for student 20231234" in page
    assert not Facilitation.objects.filter(person=w.coach_a.person, minutes=50).exists()


def test_the_log_form_says_no_student_information_is_stored(journey_cast, client_for):
    page = client_for(journey_cast.coach_a).get(reverse("certification:facilitation_log"))
    assert "never stores a student" in page.content.decode()


def test_another_districts_admin_cannot_register_someone_not_theirs(journey_cast, client_for):
    w = journey_cast
    response = client_for(w.admin_b).post(
        reverse("coaching:event_register", args=[w.workshop.pk]),
        {"person": w.person_a.pk},
        follow=True,
    )
    assert "Choose someone to register" in response.content.decode()
    assert not Registration.objects.filter(event=w.workshop).exists()


def test_a_phase_two_candidate_registers_and_a_full_workshop_says_so(journey_cast, client_for):
    w = journey_cast
    url = reverse("coaching:event_register", args=[w.workshop.pk])
    response = client_for(w.associate).post(url, {"person": w.person_a.pk}, follow=True)
    assert f"{w.person_a.full_name} is registered" in response.content.decode()
    page = client_for(w.associate).get(reverse("coaching:event_detail", args=[w.workshop.pk]))
    assert "1 of 5 taken" in page.content.decode()


def test_the_queue_is_oldest_first_and_marks_what_waited_past_the_window(journey_cast, client_for):
    w = journey_cast
    Submission.objects.filter(pk=w.pending_b.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=20)
    )
    page = client_for(w.associate).get(reverse("certification:review_queue")).content.decode()
    assert "20 of 14 days" in page and "overdue" in page


def test_my_path_shows_what_is_left_and_the_pace(pipeline_cast, client_for):
    w = pipeline_cast
    factories.approve(w.coach_candidacy, admin=w.admin_a, associate=w.associate)
    factories.facilitations(w.coach_a.person, 2, by=w.coach_a)
    page = client_for(w.coach_a).get(reverse("certification:my_path")).content.decode()
    assert "Left to do:" in page and "Advanced training" in page
    assert "<strong>2 of 5</strong>" in page
    assert "an even pace needs" in page


def test_the_district_admin_reads_the_feedback_and_scores_of_their_candidate(
    journey_cast, client_for
):
    w = journey_cast
    services.program_settings_update(program=w.program, cfr_passing_minimum=10)
    page = client_for(w.admin_b).get(w.candidacy_b.get_absolute_url()).content.decode()
    assert "attempt 1" in page and "Waiting for review" in page


def test_a_phase_two_coach_registers_themself_with_one_button(pipeline_cast, client_for):
    w = pipeline_cast
    factories.approve(w.coach_candidacy, admin=w.admin_a, associate=w.associate)
    workshop = factories.event(w.program, "workshop", by=w.associate, days=9)
    client = client_for(w.coach_a)
    page = client.get(reverse("coaching:event_detail", args=[workshop.pk])).content.decode()
    assert "Register me" in page
    client.post(
        reverse("coaching:event_register", args=[workshop.pk]),
        {"person": w.coach_a.person.pk},
    )
    assert workshop.registrations.get().person == w.coach_a.person


def test_only_phase_two_candidates_are_offered_for_a_workshop(journey_cast, client_for):
    w = journey_cast
    page = (
        client_for(w.associate)
        .get(reverse("coaching:event_detail", args=[w.workshop.pk]))
        .content.decode()
    )
    assert f"{w.person_a.full_name} ({w.district_a})" in page  # Phase II
    assert w.person_b.full_name not in page  # Phase III
