"""Limits on every input of the pathway: lengths and ranges (form, model and database), the dates a
facilitation may carry, a same-day duplicate that asks first, and the recertification window."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from certification import services
from certification.forms import FacilitationForm
from certification.models import (
    Candidacy,
    CandidacyEvent,
    Certificate,
    Facilitation,
    ProgramSettings,
    Submission,
)
from certification.services.certificates import certificate_issue
from certification.tests.certificate_helpers import at, certify
from certification.tests.conftest import due_for_recertification
from coaching import services as coaching_services
from coaching.models import TrainingEvent
from observations.models import Video

D = dt.date


def video_of(w):
    return Video.objects.create(
        program=w.program,
        title="Annual review",
        file="v.mp4",
        content_type="video/mp4",
        size=1,
        uploaded_by=w.associate,
    )


# --- text ----------------------------------------------------------------------------------------


def test_a_10000_character_identification_reason_is_refused_on_the_form_and_kept(
    pipeline_cast, client_for
):
    w = pipeline_cast
    reason = "x" * 10_000
    response = client_for(w.admin_a).post(
        reverse("certification:candidacy_identify", args=[w.district_a.pk]),
        {"person": w.principal_a.person.pk, "program": w.program.pk, "reason": reason},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value has at most 2000 characters (it has 10000)." in page
    assert reason in page  # what was typed is kept
    assert not Candidacy.objects.filter(person=w.principal_a.person).exists()


def test_a_reason_over_the_limit_is_refused_by_the_model(pipeline_cast):
    event = CandidacyEvent(
        candidacy=pipeline_cast.candidacy,
        kind=CandidacyEvent.Kind.DECLINED,
        to_phase="declined",
        reason="x" * (2_000 + 1),
    )
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert refused.value.message_dict == {
        "reason": ["Ensure this value has at most 2000 characters (it has 2001)."]
    }


def test_an_over_long_decline_reason_is_refused_saying_so(pipeline_cast, client_for):
    w = pipeline_cast
    response = client_for(w.admin_a).post(
        reverse("certification:candidacy_decline", args=[w.candidacy.pk]),
        {"reason": "y" * 2_001},
        follow=True,
    )
    assert "Keep the reason to 2,000 characters: it has 2001." in response.content.decode()
    assert Candidacy.objects.get(pk=w.candidacy.pk).phase == "identified"
    assert not w.candidacy.events.filter(kind="declined").exists()


def test_an_over_long_revoke_reason_is_refused_saying_so(pipeline_cast, client_for):
    w = pipeline_cast
    certificate = certify(w, w.candidacy)
    response = client_for(w.associate).post(
        reverse("certification:certificate_revoke", args=[certificate.pk]),
        {"reason": "y" * 2_001},
        follow=True,
    )
    assert "Keep the reason to 2,000 characters: it has 2001." in response.content.decode()
    assert Certificate.objects.get(pk=certificate.pk).status == "active"


def test_feedback_over_the_limit_is_refused_by_the_model(journey_cast):
    submission = Submission.objects.get(pk=journey_cast.pending_b.pk)
    submission.feedback = "z" * (10_000 + 1)
    with pytest.raises(ValidationError) as refused:
        submission.full_clean()
    assert list(refused.value.message_dict) == ["feedback"]


@pytest.mark.postgres
@pytest.mark.parametrize(
    "model, field, limit",
    [
        (CandidacyEvent, "reason", 2_000),
        (Certificate, "revoked_reason", 2_000),
        (Submission, "feedback", 10_000),
    ],
)
def test_the_database_refuses_an_over_long_text_written_past_the_orm(
    model, field, limit, journey_cast
):
    w = journey_cast
    certificate_issue(candidacy=w.candidacy_b, by=w.associate)
    row = model.objects.first()
    with pytest.raises(IntegrityError, match=f"{field}_max_length"), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{field: "x" * (limit + 1)})
    model.objects.filter(pk=row.pk).update(**{field: "x" * limit})  # the limit itself is fine


# --- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, value",
    [
        ("annual_minimum", 10_000),
        ("workshop_capacity", 10_000),
        ("certificate_valid_months", 10_000),
        ("review_window_days", 10_000),
        ("recertification_window_days", 10_000),
        ("cfr_passing_minimum", 999_999_999),
    ],
)
def test_program_settings_out_of_range_are_refused_and_change_nothing(pipeline_cast, field, value):
    w = pipeline_cast
    with pytest.raises(ValidationError) as refused:
        services.program_settings_update(program=w.program, **{field: value})
    assert field in refused.value.message_dict
    assert not ProgramSettings.objects.filter(program=w.program).exists()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "field, value",
    [
        ("annual_minimum", 10_000),
        ("workshop_capacity", 0),
        ("certificate_valid_months", 10_000),
        ("review_window_days", 0),
        ("recertification_window_days", 10_000),
        ("cfr_passing_minimum", 999_999_999),
    ],
)
def test_the_database_refuses_program_settings_out_of_range(pipeline_cast, field, value):
    row = ProgramSettings.objects.create(program=pipeline_cast.program)
    with pytest.raises(IntegrityError, match=f"{field}_range"), transaction.atomic():
        ProgramSettings.objects.filter(pk=row.pk).update(**{field: value})


@pytest.mark.postgres
def test_the_database_refuses_facilitation_minutes_and_training_minutes_out_of_range(journey_cast):
    facilitation = Facilitation.objects.first()
    with pytest.raises(IntegrityError, match="minutes_range"), transaction.atomic():
        Facilitation.objects.filter(pk=facilitation.pk).update(minutes=10_000)
    event = TrainingEvent.objects.first()
    with pytest.raises(IntegrityError, match="duration_minutes_range"), transaction.atomic():
        TrainingEvent.objects.filter(pk=event.pk).update(duration_minutes=30_000)
    with pytest.raises(IntegrityError, match="capacity_range"), transaction.atomic():
        TrainingEvent.objects.filter(pk=event.pk).update(capacity=30_000)


# --- dates of a facilitation -------------------------------------------------------------------


def log(w, held_on, **fields):
    return services.facilitation_log(
        person=w.coach_a.person,
        by=w.coach_a,
        held_on=held_on,
        school=w.school_a,
        meeting_type=fields.pop("meeting_type", "initial"),
        model_used=True,
        minutes=fields.pop("minutes", 45),
        **fields,
    )


def test_a_facilitation_before_the_previous_school_year_is_refused(pipeline_cast):
    w = pipeline_cast
    with at(2026, 12, 1):  # school years start in July: 2025–26 and 2026–27 are open
        log(w, D(2025, 7, 1))
        with pytest.raises(ValidationError) as refused:
            log(w, D(2025, 6, 30))
    assert refused.value.message_dict == {
        "held_on": [
            "Log meetings of this school year or the last one: from Jul 1, 2025. "
            "Jun 30, 2025 is earlier."
        ]
    }
    assert list(Facilitation.objects.values_list("held_on", flat=True)) == [D(2025, 7, 1)]


def test_the_school_year_comes_from_the_program_settings(pipeline_cast):
    w = pipeline_cast
    services.program_settings_update(program=w.program, school_year_start_month=9)
    with at(2026, 12, 1):  # school years start in September: from Sep 1, 2025
        with pytest.raises(ValidationError, match="from Sep 1, 2025"):
            log(w, D(2025, 8, 31))
        log(w, D(2025, 9, 1))


def test_an_old_date_is_refused_on_the_form_with_what_was_typed_kept(pipeline_cast, client_for):
    w = pipeline_cast
    with at(2026, 12, 1):
        response = client_for(w.coach_a).post(
            reverse("certification:facilitation_log"),
            {
                "held_on": "2019-03-04",
                "school": w.school_a.pk,
                "meeting_type": "initial",
                "model_used": "on",
                "minutes": "50",
                "note": "Kept words",
            },
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Log meetings of this school year or the last one: from Jul 1, 2025." in page
    assert 'value="2019-03-04"' in page and "Kept words" in page
    assert not Facilitation.objects.exists()


def test_facilitation_minutes_out_of_range_are_refused_on_the_form(pipeline_cast, client_for):
    w = pipeline_cast
    response = client_for(w.coach_a).post(
        reverse("certification:facilitation_log"),
        {
            "held_on": timezone.localdate().isoformat(),
            "school": w.school_a.pk,
            "meeting_type": "initial",
            "minutes": "999999999999",
        },
    )
    page = response.content.decode()
    assert "Ensure this value is less than or equal to 600." in page
    assert 'max="600"' in page
    assert not Facilitation.objects.exists()


# --- a same-day duplicate ----------------------------------------------------------------------


def test_a_same_day_duplicate_is_refused_unless_it_is_logged_again(pipeline_cast):
    w = pipeline_cast
    today = timezone.localdate()
    log(w, today)
    log(w, today, meeting_type="annual_review")  # another type: no question
    with pytest.raises(ValidationError) as refused:
        log(w, today)
    assert refused.value.error_list[0].code == "duplicate_facilitation"
    assert (
        "You have logged a meeting of this type (initial) at Maple Valley Elementary"
        in (refused.value.messages[0])
    )
    assert Facilitation.objects.count() == 2
    log(w, today, log_again=True)
    assert Facilitation.objects.filter(meeting_type="initial").count() == 2


def test_the_form_asks_before_logging_the_same_meeting_again(pipeline_cast, client_for):
    w = pipeline_cast
    log(w, timezone.localdate())
    client = client_for(w.coach_a)
    data = {
        "held_on": timezone.localdate().isoformat(),
        "school": w.school_a.pk,
        "meeting_type": "initial",
        "model_used": "on",
        "minutes": "50",
        "note": "The second initial meeting today",
    }
    url = reverse("certification:facilitation_log")
    asked = client.post(url, data).content.decode()
    assert "If this is another meeting, tick “Yes, log it again” and save." in asked
    assert 'type="checkbox" name="log_again"' in asked
    assert "The second initial meeting today" in asked
    assert Facilitation.objects.count() == 1

    response = client.post(url, {**data, "log_again": "on"}, follow=True)
    assert "Facilitation logged." in response.content.decode()
    assert Facilitation.objects.count() == 2


def test_the_log_again_checkbox_is_hidden_until_asked(pipeline_cast):
    form = FacilitationForm(schools=pipeline_cast.district_a.schools.all())
    assert 'type="hidden" name="log_again"' in str(form["log_again"])


# --- the recertification window ----------------------------------------------------------------


def test_recertification_is_refused_on_the_day_of_issue(pipeline_cast):
    w = pipeline_cast
    with at(2026, 3, 10):
        certificate = certify(w, w.coach_candidacy)
        with pytest.raises(ValidationError) as refused:
            services.video_assign(candidacy=w.coach_candidacy, video=video_of(w), by=w.associate)
    assert refused.value.messages == [
        "Recertification opens on Nov 11, 2027, 120 days before the certificate expires on "
        "Mar 10, 2028: assign a video then."
    ]
    assert not Submission.objects.filter(purpose="recertification").exists()
    certificate.refresh_from_db()
    assert certificate.expires_on == D(2028, 3, 10)


def test_recertification_opens_inside_the_window_and_stays_open_after_expiry(pipeline_cast):
    w = pipeline_cast
    with at(2026, 3, 10):
        certify(w, w.coach_candidacy)
    video = video_of(w)
    with at(2027, 11, 10), pytest.raises(ValidationError, match="opens on Nov 11, 2027"):
        services.video_assign(candidacy=w.coach_candidacy, video=video, by=w.associate)
    with at(2027, 11, 11):  # 120 days before Mar 10, 2028 (a leap year)
        assert services.video_assign(candidacy=w.coach_candidacy, video=video, by=w.associate)


def test_a_lapsed_certificate_can_still_be_recertified(pipeline_cast):
    w = pipeline_cast
    with at(2026, 3, 10):
        certify(w, w.coach_candidacy)
    with at(2028, 6, 1):
        assert services.video_assign(candidacy=w.coach_candidacy, video=video_of(w), by=w.associate)


def test_the_window_is_a_program_setting(pipeline_cast):
    w = pipeline_cast
    services.program_settings_update(program=w.program, recertification_window_days=30)
    certificate = certify(w, w.coach_candidacy)
    due_for_recertification(w.coach_candidacy, days_left=31)
    with pytest.raises(ValidationError, match="30 days before the certificate expires"):
        services.video_assign(candidacy=w.coach_candidacy, video=video_of(w), by=w.associate)
    due_for_recertification(w.coach_candidacy, days_left=30)
    assert services.video_assign(candidacy=w.coach_candidacy, video=video_of(w), by=w.associate)
    assert certificate.pk == w.coach_candidacy.certificate.pk


def test_the_assign_page_says_when_recertification_opens(pipeline_cast, client_for):
    w = pipeline_cast
    certify(w, w.coach_candidacy)
    response = client_for(w.associate).post(
        reverse("certification:video_assign", args=[w.coach_candidacy.pk]),
        {"video": video_of(w).pk},
        follow=True,
    )
    assert "Recertification opens on" in response.content.decode()
    assert not Submission.objects.filter(purpose="recertification").exists()


def test_the_settings_page_edits_the_window_and_refuses_one_as_long_as_the_validity(
    pipeline_cast, client_for
):
    w = pipeline_cast
    client = client_for(w.associate)
    url = reverse("certification:program_settings", args=[w.program.pk])
    page = client.get(url).content.decode()
    assert "Recertification window (days)" in page and 'value="120"' in page
    values = {
        "annual_minimum": "5",
        "workshop_capacity": "5",
        "school_year_start_month": "7",
        "certificate_valid_months": "12",
        "review_window_days": "14",
    }
    refused = client.post(url, {**values, "recertification_window_days": "400"})
    assert "the window must be shorter than that" in refused.content.decode()
    assert 'value="400"' in refused.content.decode()
    assert not ProgramSettings.objects.filter(program=w.program).exists()
    client.post(url, {**values, "recertification_window_days": "90"})
    assert ProgramSettings.objects.get(program=w.program).recertification_window_days == 90


def test_a_200_character_training_title_reaches_the_reminder_whole(journey_cast):
    """The review's finding: the reminder's subject ("Tomorrow: " and the title) was cut at 200."""
    from certification import jobs
    from coaching.models import Notification, Person
    from coaching.tests.factories import UserFactory

    w = journey_cast
    title = "Advanced training on facilitated IEP meetings, " + "t" * 153
    assert len(title) == 200
    event = coaching_services.event_schedule(
        program=w.program,
        by=w.associate,
        kind="initial_fiep",
        title=title,
        starts_at=timezone.now() + dt.timedelta(days=1),
        duration_minutes=60,
    )
    coaching_services.registration_create(event=event, person=w.person_a, by=w.associate)
    login = UserFactory()
    Person.objects.filter(pk=w.person_a.pk).update(user=login)
    jobs.remind_training_tomorrow()
    assert Notification.objects.get(recipient=login).subject == f"Tomorrow: {title}"


def test_over_long_feedback_notes_are_refused_on_the_form_and_kept(journey_cast, client_for):
    w = journey_cast
    notes = "w" * 10_001
    response = client_for(w.coach_a).post(
        reverse("certification:submission_save", args=[w.draft.pk]),
        {"mode": "in_person", "working": notes, "action": "save"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value has at most 10000 characters (it has 10001)." in page
    assert notes in page
    w.draft.observation.refresh_from_db()
    assert w.draft.observation.working == ""
