"""No student identifier gets into the pipeline's free text: the facilitation log, the feedback
notes, the reasons on the timeline, the associate's feedback, a revocation. A refusal names what
looked like an identifier, stores nothing, and the form keeps what was typed."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certification import services
from certification.models import Candidacy, CandidacyEvent, Certificate, Facilitation, Submission
from certification.services.certificates import certificate_revoke
from certification.tests.certificate_helpers import certify
from certification.tests.conftest import write_notes
from coaching.models import Notification
from rubrics import services as rubric_services
from rubrics.tests.factories import score_all

REFUSAL = "leave out anything that identifies a student"


def page_of(response):
    return html.unescape(response.content.decode())


# --- the services --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "said"),
    [
        ("DOB 2015-04-12", "“DOB 2015-04-12” looks like a date of birth"),
        ("born April 12, 2015", "“born April 12, 2015” looks like a date of birth"),
        ("SSN 123-45-6789", "“SSN 123-45-6789” looks like a Social Security number"),
        (
            "Parent brought student ID 4829173",
            "“student ID 4829173” looks like a student ID number",
        ),
    ],
)
def test_the_log_refuses_an_identifier_naming_it(pipeline_cast, note, said):
    w = pipeline_cast
    with pytest.raises(ValidationError) as refused:
        services.facilitation_log(
            person=w.person_a,
            by=w.associate,
            held_on=timezone.localdate(),
            school=w.school_a,
            meeting_type="annual_review",
            minutes=45,
            note=note,
        )
    assert refused.value.message_dict["note"] == [f"{said}: {REFUSAL}."]
    assert not Facilitation.objects.exists()


def test_the_log_takes_a_meeting_date_in_its_note(pipeline_cast):
    w = pipeline_cast
    services.facilitation_log(
        person=w.person_a,
        by=w.associate,
        held_on=timezone.localdate(),
        school=w.school_a,
        meeting_type="annual_review",
        minutes=45,
        note="IEP annual review on 3/4/2027 moved up; met 5 times in 2026–27, Room 204.",
    )
    assert Facilitation.objects.count() == 1


def test_identifying_refuses_a_reason_with_an_identifier(pipeline_cast):
    w = pipeline_cast
    person = w.principal_a.person
    with pytest.raises(ValidationError) as refused:
        services.candidacy_identify(
            person=person, program=w.program, by=w.admin_a, reason="Ran the IEP of DOB 4/12/2015"
        )
    assert "“DOB 4/12/2015” looks like a date of birth" in refused.value.message_dict["reason"][0]
    assert not Candidacy.objects.filter(person=person).exists()


def test_declining_refuses_a_reason_with_an_identifier(pipeline_cast):
    w = pipeline_cast
    with pytest.raises(ValidationError, match="“SASID 1029384756” looks like a state ID number"):
        services.candidacy_decline(
            candidacy=w.candidacy, by=w.associate, reason="Mixed up SASID 1029384756"
        )
    w.candidacy.refresh_from_db()
    assert w.candidacy.phase == "identified"
    assert not w.candidacy.events.filter(kind="declined").exists()
    assert not Notification.objects.filter(body__contains="1029384756").exists()


def test_revoking_refuses_a_reason_with_an_identifier(pipeline_cast):
    w = pipeline_cast
    certificate = certify(w, w.candidacy)
    with pytest.raises(ValidationError, match="“MRN 00123456” looks like a medical record"):
        certificate_revoke(certificate=certificate, by=w.associate, reason="Shared MRN 00123456")
    stored = Certificate.objects.get(pk=certificate.pk)
    assert (stored.status, stored.revoked_reason) == ("active", "")
    assert not CandidacyEvent.objects.filter(kind="revoked").exists()


def test_the_associates_feedback_refuses_an_identifier(scoring):
    w = scoring
    submission = services.submission_score_start(submission=w.pending_b, by=w.associate)
    sheet = submission.review.sheets.get()
    score_all(sheet, w.associate, 1)
    rubric_services.sheet_finalize(sheet=sheet, reviewer=w.associate)
    with pytest.raises(ValidationError, match="“student #4521” looks like a student number"):
        services.submission_decide(
            submission=submission, by=w.associate, feedback="Leave out student #4521."
        )
    stored = Submission.objects.get(pk=submission.pk)
    assert (stored.outcome, stored.feedback) == ("pending", "")
    assert not w.candidacy_b.events.filter(kind="repeat").exists()


# --- the short forms: a refusal shows the page again, with what was typed ---------------------------


def test_a_refused_decline_shows_the_candidacy_again_with_the_reason_as_typed(
    pipeline_cast, client_for
):
    w = pipeline_cast
    typed = "Their last IEP listed DOB 2015-04-12 for the student."
    response = client_for(w.associate).post(
        reverse("certification:candidacy_decline", args=[w.candidacy.pk]), {"reason": typed}
    )
    page = page_of(response)
    assert response.status_code == 200
    assert "“DOB 2015-04-12” looks like a date of birth" in page
    assert typed in page
    assert response.context["decline_form"]["reason"].value() == typed
    w.candidacy.refresh_from_db()
    assert w.candidacy.phase == "identified"
    assert not w.candidacy.events.filter(kind="declined").exists()
    assert not Notification.objects.filter(body__contains="2015-04-12").exists()


def test_a_refused_revocation_shows_the_certificate_again_with_the_reason_as_typed(
    pipeline_cast, client_for
):
    w = pipeline_cast
    certificate = certify(w, w.candidacy)
    typed = "Shared a report with DOB 2015-04-12 on it."
    response = client_for(w.associate).post(
        reverse("certification:certificate_revoke", args=[certificate.pk]), {"reason": typed}
    )
    page = page_of(response)
    assert response.status_code == 200
    assert "“DOB 2015-04-12” looks like a date of birth" in page
    assert typed in page
    assert response.context["revoke_form"]["reason"].value() == typed
    stored = Certificate.objects.get(pk=certificate.pk)
    assert (stored.status, stored.revoked_reason) == ("active", "")
    assert not CandidacyEvent.objects.filter(kind="revoked").exists()


def test_a_refused_result_shows_the_submission_again_with_the_feedback_as_typed(
    scoring, client_for
):
    w = scoring
    submission = services.submission_score_start(submission=w.pending_b, by=w.associate)
    sheet = submission.review.sheets.get()
    score_all(sheet, w.associate, 1)
    rubric_services.sheet_finalize(sheet=sheet, reviewer=w.associate)
    typed = "Work on the agenda; leave out DOB 2015-04-12 next time."
    response = client_for(w.associate).post(
        reverse("certification:submission_decide", args=[submission.pk]), {"feedback": typed}
    )
    page = page_of(response)
    assert response.status_code == 200
    assert "“DOB 2015-04-12” looks like a date of birth" in page
    assert typed in page
    assert response.context["decide_form"]["feedback"].value() == typed
    stored = Submission.objects.get(pk=submission.pk)
    assert (stored.outcome, stored.feedback) == ("pending", "")
    assert not w.candidacy_b.events.filter(kind="repeat").exists()


@pytest.mark.parametrize(
    "number", ["K2E-2026-23456789", "K2E-2026-234-56-789", "K2E-2026-ID234567"]
)
def test_a_certificate_number_on_the_timeline_is_no_identifier(pipeline_cast, monkeypatch, number):
    from certification.services import certificates

    w = pipeline_cast
    monkeypatch.setattr(certificates, "new_number", lambda prefix, year: number)
    certificate = certify(w, w.candidacy)
    event = w.candidacy.events.get(kind="certified")
    assert certificate.number == number and event.reason.startswith(f"Certificate {number},")


@pytest.mark.parametrize(
    "field",
    ["behaviours_seen", "working", "not_working", "questions_posed", "next_steps", "free_text"],
)
def test_each_part_of_the_feedback_notes_refuses_an_identifier(scoring, field):
    from observations import services as observation_services

    w = scoring
    with pytest.raises(ValidationError) as refused:
        observation_services.observation_update(
            observation=w.draft.observation, **{field: "Mom gave d.o.b. 4/12/2015 twice."}
        )
    assert refused.value.message_dict[field] == [
        f"“d.o.b. 4/12/2015” looks like a date of birth: {REFUSAL}."
    ]
    w.draft.observation.refresh_from_db()
    assert getattr(w.draft.observation, field) == ""


# --- the forms -----------------------------------------------------------------------------------


def test_the_log_form_names_the_identifier_changes_nothing_and_keeps_every_field(
    journey_cast, client_for
):
    w = journey_cast
    before = Facilitation.objects.count()
    typed = {
        "held_on": timezone.localdate().isoformat(),
        "school": str(w.school_a.pk),
        "meeting_type": "reevaluation",
        "model_used": "on",
        "minutes": "52",
        "note": "Re-evaluation ran long; born April 12, 2015 came up.",
    }

    response = client_for(w.coach_a).post(reverse("certification:facilitation_log"), typed)

    page = page_of(response)
    assert response.status_code == 200
    assert f"“born April 12, 2015” looks like a date of birth: {REFUSAL}." in page
    form = response.context["form"]
    assert {name: form[name].value() for name in typed} == typed | {"model_used": True}
    assert typed["note"] in page and 'value="52"' in page
    assert Facilitation.objects.count() == before


def test_the_feedback_notes_form_names_the_identifier_changes_nothing_and_keeps_every_field(
    journey_cast, client_for
):
    w = journey_cast
    write_notes(w.draft, facilitator=w.person_a)
    observation = w.draft.observation
    observation.refresh_from_db()
    stored = {name: getattr(observation, name) for name in ("working", "next_steps", "location")}
    typed = {
        "observed_on": timezone.localdate().isoformat(),
        "facilitator": str(w.person_a.pk),
        "mode": "virtual",
        "location": "Room 204",
        "behaviours_seen": "Set the agenda; parked an off-topic concern.",
        "working": "Everyone spoke; the parent first.",
        "not_working": "Team read SSN 123-45-6789 aloud from the file.",
        "questions_posed": "What would help the parent speak first?",
        "next_steps": "Name a timekeeper; next meeting 12/10.",
        "free_text": "Scored 18 of 24 on the team's own checklist.",
    }

    response = client_for(w.coach_a).post(
        reverse("certification:submission_save", args=[w.draft.pk]),
        typed | {"action": "submit"},
    )

    page = page_of(response)
    assert response.status_code == 200
    assert f"“SSN 123-45-6789” looks like a Social Security number: {REFUSAL}." in page
    form = response.context["form"]
    for name, value in typed.items():
        assert str(form[name].value()) == value, name
        if name not in ("observed_on", "facilitator", "mode"):
            assert value in page, name
    observation.refresh_from_db()
    assert {name: getattr(observation, name) for name in stored} == stored
    assert observation.not_working == "The timekeeper was not used."
    w.draft.refresh_from_db()
    assert (w.draft.outcome, w.draft.submitted_at) == ("draft", None)


def test_the_identify_form_keeps_what_was_typed(pipeline_cast, client_for):
    w = pipeline_cast
    person = w.principal_a.person
    typed = {"person": str(person.pk), "program": str(w.program.pk), "reason": "SSN 123456789"}

    response = client_for(w.admin_a).post(
        reverse("certification:candidacy_identify", args=[w.district_a.pk]), typed
    )

    assert response.status_code == 200
    assert "“SSN 123456789” looks like a Social Security number" in page_of(response)
    assert response.context["form"]["reason"].value() == "SSN 123456789"
    assert not Candidacy.objects.filter(person=person).exists()


def test_a_result_refused_where_the_page_shows_no_result_form_is_said_as_a_message(
    scoring, client_for
):
    """Not scored yet: the page has no result form to show the refusal on, so it says it above."""
    w = scoring
    response = client_for(w.associate).post(
        reverse("certification:submission_decide", args=[w.pending_b.pk]), {"feedback": "Fine."}
    )
    assert response.status_code == 200
    assert "Score the notes on the CFR before recording the result." in page_of(response)
    assert Submission.objects.get(pk=w.pending_b.pk).outcome == "pending"
