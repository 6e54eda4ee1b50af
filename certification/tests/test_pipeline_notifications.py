"""The pipeline's events notify the people they concern, in the same transaction."""

import datetime as dt

from certification import services
from certification.services import certificates
from certification.tests.certificate_helpers import certify
from certification.tests.conftest import due_for_recertification, score
from coaching.models import Notification


def subjects(user):
    return list(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


def test_approvals_tell_the_candidate_and_the_district_admins_but_not_who_acted(pipeline_cast):
    w = pipeline_cast
    services.candidacy_approve(candidacy=w.coach_candidacy, by=w.admin_a, side="district")
    assert subjects(w.admin_a) == []
    assert subjects(w.coach_a) == [f"{w.coach_a.person.full_name}: approved by the district"]
    services.candidacy_approve(candidacy=w.coach_candidacy, by=w.associate, side="provider")
    name = w.coach_a.person.full_name
    assert f"{name} is in Phase II of {w.program.name}" in subjects(w.coach_a)
    assert f"{name} is in Phase II of {w.program.name}" in subjects(w.admin_a)
    assert subjects(w.admin_b) == [] and subjects(w.associate) == []


def test_a_decline_tells_why(pipeline_cast):
    w = pipeline_cast
    services.candidacy_decline(candidacy=w.coach_candidacy, by=w.associate, reason="Not yet.")
    note = Notification.objects.get(recipient=w.coach_a)
    assert note.kind == "candidacy" and "Not yet." in note.body


def test_moving_to_phase_three_is_told(journey_cast):
    w = journey_cast
    assert f"{w.coach_a.person.full_name} is in Phase III" in subjects(w.coach_a)


def test_a_score_tells_the_result_and_links_the_feedback(scoring):
    w = scoring
    score(w, w.pending_b, 2, feedback="Ask open questions.")
    note = Notification.objects.get(recipient=w.user_b, kind="scored")
    assert note.subject.endswith("attempt 1: to repeat")
    assert "Ask open questions." in note.body and note.url == w.pending_b.get_absolute_url()


def test_a_lapse_is_told_once_however_often_the_job_runs(pipeline_cast):
    w = pipeline_cast
    certificate = certify(w, w.coach_candidacy)
    after = certificate.expires_on + dt.timedelta(days=1)
    assert certificates.certificates_lapse_expired(today=after) == 1
    assert certificates.certificates_lapse_expired(today=after) == 0
    lapsed = Notification.objects.filter(subject=f"Certificate {certificate.number} has lapsed")
    assert sorted(lapsed.values_list("recipient__email", flat=True)) == sorted(
        [w.coach_a.email, w.admin_a.email]
    )


def test_issuing_a_certificate_tells_the_coach(pipeline_cast):
    w = pipeline_cast
    certificate = certify(w, w.coach_candidacy)
    assert f"{w.coach_a.person.full_name} is certified" in subjects(w.coach_a)
    assert (
        Notification.objects.get(recipient=w.coach_a, kind="certificate").url
        == certificate.get_absolute_url()
    )


def test_assigning_a_video_renewing_and_revoking_are_told(scoring):
    from observations.models import Video

    w = scoring
    score(w, w.pending_b, 3)
    due_for_recertification(w.candidacy_b)
    video = Video.objects.create(
        program=w.program,
        title="Annual review",
        file="v.mp4",
        content_type="video/mp4",
        size=1,
        uploaded_by=w.associate,
    )
    assigned = services.video_assign(candidacy=w.candidacy_b, video=video, by=w.associate)
    assert subjects(w.user_b)[0] == "A recertification video to write notes on: Annual review"
    from certification.tests.conftest import NOTES
    from observations import services as observation_services

    observation_services.observation_update(observation=assigned.observation, **NOTES)
    services.submission_submit(submission=assigned, by=w.user_b)
    score(w, assigned, 4)
    number = w.candidacy_b.certificate.number
    assert f"Certificate {number} is renewed" in subjects(w.user_b)
    assert f"Certificate {number} is renewed" in subjects(w.admin_b)
    certificates.certificate_revoke(
        certificate=w.candidacy_b.certificate, by=w.associate, reason="Hours misreported."
    )
    revoked = Notification.objects.get(
        recipient=w.user_b, subject=f"Certificate {number} is revoked"
    )
    assert "Hours misreported." in revoked.body
    # Another district's admin hears nothing of it.
    assert not Notification.objects.filter(
        recipient=w.admin_a, body__contains=w.person_b.full_name
    ).exists()
