"""Rules found missing in review: nobody decides on their own candidacy, a revoked certificate
withdraws its open recertification, program settings are checked and applied, a registration can
be cancelled before the event, and entering Phase II makes a candidate a coach."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from certification import services
from certification.models import Candidacy
from certification.services import certificates
from certification.tests import factories
from certification.tests.conftest import due_for_recertification, score
from coaching.models import RoleMembership
from coaching.tests.factories import MembershipFactory, UserFactory
from observations.models import Video


def test_a_district_admin_cannot_approve_their_own_candidacy(pipeline_cast):
    w = pipeline_cast
    own = w.admin_a.person
    factories.initial_training(w.program, [own], by=w.associate)
    colleague = UserFactory()  # nobody identifies themself either: another admin of A does
    MembershipFactory(
        user=colleague, role=RoleMembership.Role.DISTRICT_ADMIN, district=w.district_a
    )
    candidacy = services.candidacy_identify(person=own, program=w.program, by=colleague)
    with pytest.raises(ValidationError, match="approve your own candidacy"):
        services.candidacy_approve(candidacy=candidacy, by=w.admin_a, side="district")
    candidacy.refresh_from_db()
    assert candidacy.district_approved_at is None


def test_entering_phase_two_makes_the_candidate_a_coach(pipeline_cast):
    w = pipeline_cast
    principal = w.principal_a
    candidacy = services.candidacy_identify(
        person=principal.person, program=w.program, by=w.admin_a
    )
    assert not RoleMembership.objects.filter(user=principal, role="coach").exists()
    factories.approve(candidacy, admin=w.admin_a, associate=w.associate)
    assert RoleMembership.objects.filter(
        user=principal, role="coach", district=w.district_a
    ).exists()


def test_revoking_withdraws_the_open_recertification(scoring):
    w = scoring
    score(w, w.pending_b, 3)
    due_for_recertification(w.candidacy_b)
    video = Video.objects.create(
        program=w.program,
        title="V",
        file="v.mp4",
        content_type="video/mp4",
        size=1,
        uploaded_by=w.associate,
    )
    assigned = services.video_assign(candidacy=w.candidacy_b, video=video, by=w.associate)
    certificates.certificate_revoke(
        certificate=w.candidacy_b.certificate, by=w.associate, reason="Misreported hours."
    )
    assigned.refresh_from_db()
    assert assigned.outcome == "withdrawn"
    with pytest.raises(ValidationError, match="revoked"):
        services.video_assign(candidacy=w.candidacy_b, video=video, by=w.associate)


def test_a_cfr_minimum_above_the_rubrics_maximum_is_refused(scoring):
    w = scoring
    with pytest.raises(ValidationError, match="highest possible total"):
        services.program_settings_update(program=w.program, cfr_passing_minimum=w.minimum * 5)
    assert services.selectors.program_settings(w.program).cfr_passing_minimum == w.minimum


def test_lowering_the_annual_minimum_moves_candidates_it_now_completes(pipeline_cast):
    w = pipeline_cast
    factories.approve(w.candidacy, admin=w.admin_a, associate=w.associate)
    w.candidacy.refresh_from_db()
    factories.trainings(w.candidacy, by=w.associate, calls=1)
    factories.facilitations(w.person_a, 3, by=w.associate)
    w.candidacy.refresh_from_db()
    assert w.candidacy.phase == "training"
    services.program_settings_update(program=w.program, by=w.associate, annual_minimum=3)
    w.candidacy.refresh_from_db()
    assert w.candidacy.phase == "review"


def test_someone_declined_is_not_offered_again(pipeline_cast, client_for):
    w = pipeline_cast
    services.candidacy_decline(candidacy=w.candidacy, by=w.associate, reason="Not this year.")
    page = client_for(w.admin_a).get(
        reverse("certification:candidacy_identify", args=[w.district_a.pk])
    )
    assert w.person_a.full_name not in page.content.decode()


def test_a_malformed_district_filter_is_ignored(pipeline_cast, client_for):
    response = client_for(pipeline_cast.associate).get(
        reverse("certification:pipeline"), {"district": "abc"}
    )
    assert response.status_code == 200


def test_the_coach_reads_the_scores_of_a_decided_attempt(scoring, client_for):
    w = scoring
    score(w, w.pending_b, 2, feedback="More open questions.")
    page = client_for(w.admin_b).get(w.pending_b.get_absolute_url()).content.decode()
    assert "The scores, criterion by criterion" in page
    assert "Open the scoresheet" not in page  # the review page is for its reviewers
    assert Candidacy.objects.get(pk=w.candidacy_b.pk).phase == "review"
