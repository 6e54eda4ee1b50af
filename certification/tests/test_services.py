"""Phase I: every rule of identification and approval, and every refusal."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from certification import services
from certification.models import Candidacy, CandidacyEvent
from certification.tests import factories
from coaching import services as coaching_services
from coaching.tests.factories import PersonFactory, ProgramFactory


def kinds(candidacy):
    return list(candidacy.events.order_by("pk").values_list("kind", "to_phase"))


def test_identifying_records_who_and_why(pipeline_cast):
    w = pipeline_cast
    person = PersonFactory(district=w.district_a, school=w.school_a)
    factories.initial_training(w.program, [person], by=w.associate)
    candidacy = services.candidacy_identify(
        person=person, program=w.program, by=w.admin_a, reason="Strong facilitator"
    )
    event = candidacy.events.get()
    assert (candidacy.phase, event.kind, event.by, event.reason) == (
        "identified",
        "identified",
        w.admin_a,
        "Strong facilitator",
    )


def test_only_someone_who_attended_the_initial_training_can_be_identified(pipeline_cast):
    w = pipeline_cast
    person = PersonFactory(district=w.district_a, school=w.school_a)
    registered_only = factories.event(w.program, "initial_fiep", by=w.associate)
    coaching_services.registration_create(event=registered_only, person=person, by=w.admin_a)
    with pytest.raises(ValidationError, match="initial FIEP training"):
        services.candidacy_identify(person=person, program=w.program, by=w.admin_a)
    assert not Candidacy.objects.filter(person=person).exists()

    factories.attend(
        factories.event(w.program, "initial_fiep", by=w.associate), [person], by=w.associate
    )
    assert services.candidacy_identify(person=person, program=w.program, by=w.admin_a).pk


def test_a_person_is_a_candidate_of_a_program_once(pipeline_cast):
    w = pipeline_cast
    with pytest.raises(ValidationError, match="candidate of this program already"):
        services.candidacy_identify(person=w.person_a, program=w.program, by=w.admin_a)


def test_only_an_enrolled_district_identifies_and_only_for_a_certification_program(pipeline_cast):
    w = pipeline_cast
    outsider = PersonFactory(district=w.district_c)
    with pytest.raises(ValidationError, match="is not enrolled in"):
        services.candidacy_identify(person=outsider, program=w.program, by=w.superuser)
    peer = ProgramFactory(kind="peer")
    with pytest.raises(ValidationError, match="has no certification pathway"):
        services.candidacy_identify(person=w.person_a, program=peer, by=w.admin_a)


def test_a_deactivated_person_cannot_be_identified(pipeline_cast):
    w = pipeline_cast
    gone = PersonFactory(district=w.district_a, is_active=False)
    with pytest.raises(ValidationError, match="is deactivated"):
        services.candidacy_identify(person=gone, program=w.program, by=w.admin_a)


def test_both_approvals_move_the_candidate_to_phase_ii_with_the_reason(pipeline_cast):
    w = pipeline_cast
    services.candidacy_approve(candidacy=w.candidacy, by=w.admin_a, side="district")
    assert Candidacy.objects.get(pk=w.candidacy.pk).phase == "identified"
    services.candidacy_approve(candidacy=w.candidacy, by=w.associate, side="provider")
    candidacy = Candidacy.objects.get(pk=w.candidacy.pk)
    assert candidacy.phase == "training"
    assert kinds(candidacy) == [
        ("identified", "identified"),
        ("district_approved", "identified"),
        ("provider_approved", "identified"),
        ("advanced", "training"),
    ]
    assert "both the district and the provider" in candidacy.events.last().reason


def test_an_approval_is_given_once(pipeline_cast):
    w = pipeline_cast
    services.candidacy_approve(candidacy=w.candidacy, by=w.admin_a, side="district")
    with pytest.raises(ValidationError, match="approved this candidate already"):
        services.candidacy_approve(candidacy=w.candidacy, by=w.admin_a, side="district")


def test_declining_needs_a_reason_and_ends_phase_i(pipeline_cast):
    w = pipeline_cast
    with pytest.raises(ValidationError, match="Say why"):
        services.candidacy_decline(candidacy=w.candidacy, by=w.associate, reason="  ")
    services.candidacy_decline(candidacy=w.candidacy, by=w.associate, reason="Too few meetings")
    candidacy = Candidacy.objects.get(pk=w.candidacy.pk)
    assert candidacy.phase == "declined"
    assert candidacy.events.last().reason == "Too few meetings"
    with pytest.raises(ValidationError, match="Only a candidate in Phase I"):
        services.candidacy_approve(candidacy=candidacy, by=w.admin_a, side="district")


def test_the_database_refuses_phase_ii_without_both_approvals(pipeline_cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        Candidacy.objects.filter(pk=pipeline_cast.candidacy.pk).update(phase="training")


def test_every_change_is_kept(pipeline_cast):
    w = pipeline_cast
    services.candidacy_approve(candidacy=w.candidacy, by=w.associate, side="provider")
    services.candidacy_decline(candidacy=w.candidacy, by=w.admin_a, reason="Moved schools")
    assert CandidacyEvent.objects.filter(candidacy=w.candidacy).count() == 3


def test_program_settings_are_validated(pipeline_cast):
    with pytest.raises(ValidationError):
        services.program_settings_update(program=pipeline_cast.program, school_year_start_month=13)
    row = services.program_settings_update(program=pipeline_cast.program, annual_minimum=6)
    assert (row.annual_minimum, row.workshop_capacity, row.school_year_start_month) == (6, 5, 7)
