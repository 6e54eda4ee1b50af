"""Phase III and recertification: feedback notes, submission, scoring on the program's CFR, repeat
attempts and certification; every rule and refusal."""

import pytest
from django.core.exceptions import ValidationError

from certification import services
from certification.models import Submission
from certification.tests.conftest import NOTES, due_for_recertification, score, write_notes
from coaching.models import RoleMembership
from coaching.tests.factories import PersonFactory, UserFactory
from observations import services as observation_services
from observations.models import Video


def test_notes_are_written_only_in_phase_three_one_attempt_at_a_time(scoring):
    w = scoring
    with pytest.raises(ValidationError, match="written in Phase III"):
        services.submission_start(candidacy=w.candidacy, by=w.associate)  # Phase II
    with pytest.raises(ValidationError, match="already open"):
        services.submission_start(candidacy=w.coach_candidacy, by=w.coach_a)
    assert w.draft.attempt == 1 and w.draft.outcome == "draft"


def test_submitting_names_what_is_missing_and_changes_nothing(scoring):
    w = scoring
    observation_services.observation_update(
        observation=w.draft.observation, behaviours_seen="Set the agenda"
    )
    with pytest.raises(ValidationError) as refused:
        services.submission_submit(submission=w.draft, by=w.coach_a)
    message = " ".join(refused.value.messages)
    assert "who facilitated" in message and "next steps" in message
    w.draft.refresh_from_db()
    assert (w.draft.outcome, w.draft.submitted_at) == ("draft", None)
    assert w.draft.observation.behaviours_seen == "Set the agenda"


def test_submitted_notes_are_locked(scoring):
    w = scoring
    write_notes(w.draft, facilitator=w.person_a)
    services.submission_submit(submission=w.draft, by=w.coach_a)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        observation_services.observation_update(observation=w.draft.observation, working="x")


def test_the_coach_cannot_name_themselves_as_the_facilitator(scoring):
    w = scoring
    with pytest.raises(ValidationError, match="someone else"):
        write_notes(w.draft, facilitator=w.coach_a.person)


def test_scoring_needs_the_programs_cfr(journey_cast):
    w = journey_cast
    with pytest.raises(ValidationError, match="no Coaching Facilitation Rubric"):
        services.submission_score_start(submission=w.pending_b, by=w.associate)
    w.pending_b.refresh_from_db()
    assert w.pending_b.review_id is None


def test_scoring_opens_one_review_scoped_to_the_district(scoring):
    w = scoring
    first = services.submission_score_start(submission=w.pending_b, by=w.associate)
    again = services.submission_score_start(submission=w.pending_b, by=w.associate)
    assert first.review_id == again.review_id
    assert first.review.scope == f"district:{w.district_b.pk}"
    assert first.review.sheets.get().reviewer == w.associate


def test_the_result_waits_for_a_final_sheet_by_its_scorer(scoring):
    w = scoring
    submission = services.submission_score_start(submission=w.pending_b, by=w.associate)
    with pytest.raises(ValidationError, match="Finalise the scoresheet"):
        services.submission_decide(submission=submission, by=w.associate)
    other = UserFactory()
    RoleMembership.objects.create(user=other, role="associate", program=w.program)
    with pytest.raises(ValidationError, match="who scored the notes"):
        services.submission_decide(submission=submission, by=other)
    submission.refresh_from_db()
    assert submission.outcome == "pending"


def test_below_the_minimum_phase_three_is_repeated_with_feedback(scoring):
    w = scoring
    with pytest.raises(ValidationError, match="Write feedback"):
        score(w, w.pending_b, 2)
    w.pending_b.refresh_from_db()
    assert w.pending_b.outcome == "pending"

    repeat = services.submission_decide(
        submission=w.pending_b, by=w.associate, feedback="Ask more open questions."
    )
    assert (repeat.outcome, repeat.total < repeat.minimum) == ("repeat", True)
    w.candidacy_b.refresh_from_db()
    assert w.candidacy_b.phase == "review"
    event = w.candidacy_b.events.filter(kind="repeat").get()
    assert f"Attempt 1 scored {repeat.total} (minimum {w.minimum})" in event.reason

    second = services.submission_start(candidacy=w.candidacy_b, by=w.associate)
    assert second.attempt == 2


def test_at_the_minimum_the_candidate_is_certified(scoring):
    w = scoring
    passed = score(w, w.pending_b, 3)
    assert (passed.outcome, passed.total) == ("passed", w.minimum)
    w.candidacy_b.refresh_from_db()
    assert w.candidacy_b.phase == "certified"
    assert w.candidacy_b.certificate.status == "active"
    assert w.candidacy_b.events.filter(kind="certified").exists()


def test_the_programs_minimum_decides_not_the_rubric_versions(scoring):
    w = scoring
    version = w.cfr.versions.get()
    assert version.passing_total < w.minimum + 1
    services.program_settings_update(program=w.program, cfr_passing_minimum=w.minimum + 1)
    repeat = score(w, w.pending_b, 3, feedback="One point short.")
    assert repeat.outcome == "repeat" and repeat.minimum == w.minimum + 1


def test_recertification_on_a_video_renews_from_the_expiry(scoring, tmp_path, settings):
    w = scoring
    score(w, w.pending_b, 3)
    due_for_recertification(w.candidacy_b)
    certificate = w.candidacy_b.certificate
    expiry = certificate.expires_on
    video = Video.objects.create(
        program=w.program,
        title="Annual review meeting",
        file="videos/x.mp4",
        content_type="video/mp4",
        size=1,
        uploaded_by=w.associate,
    )
    with pytest.raises(ValidationError, match="certified coach"):
        services.video_assign(candidacy=w.coach_candidacy, video=video, by=w.associate)
    assigned = services.video_assign(candidacy=w.candidacy_b, video=video, by=w.associate)
    assert (assigned.purpose, assigned.observation.video) == ("recertification", video)
    with pytest.raises(ValidationError, match="already assigned"):
        services.video_assign(candidacy=w.candidacy_b, video=video, by=w.associate)

    observation_services.observation_update(observation=assigned.observation, **NOTES)
    services.submission_submit(submission=assigned, by=w.associate)
    renewed = score(w, assigned, 4)
    assert renewed.outcome == "passed"
    certificate.refresh_from_db()
    assert certificate.expires_on > expiry
    assert w.candidacy_b.events.filter(kind="renewed").exists()


def test_another_districts_facilitator_cannot_be_named(scoring):
    w = scoring
    with pytest.raises(ValidationError, match="of your district"):
        write_notes(w.draft, facilitator=PersonFactory(district=w.district_b))
    assert Submission.objects.get(pk=w.draft.pk).observation.facilitator is None


def test_feedback_notes_refuse_what_looks_like_a_student_identifier(scoring):
    w = scoring
    with pytest.raises(ValidationError, match="identifies a student"):
        observation_services.observation_update(
            observation=w.draft.observation, not_working="Student 1234567's transport came up."
        )
    w.draft.observation.refresh_from_db()
    assert w.draft.observation.not_working == ""


def test_a_video_is_not_assigned_to_someone_without_a_login(scoring):
    w = scoring
    score(w, w.pending_b, 3)
    due_for_recertification(w.candidacy_b)
    w.person_b.user = None
    w.person_b.save(update_fields=["user"])
    video = Video.objects.create(
        program=w.program,
        title="V",
        file="v.mp4",
        content_type="video/mp4",
        size=1,
        uploaded_by=w.associate,
    )
    with pytest.raises(ValidationError, match="no login"):
        services.video_assign(candidacy=w.candidacy_b, video=video, by=w.associate)
    assert not Submission.objects.filter(purpose="recertification").exists()
