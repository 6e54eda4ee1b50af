"""Writes of the certification pipeline. Every rule is enforced here, in a transaction, with a
message a user can act on; every change of phase or status is recorded as a `CandidacyEvent`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coaching.models import Person, Program

from .models import Candidacy, CandidacyEvent, ProgramSettings

Phase = Candidacy.Phase
Kind = CandidacyEvent.Kind


def _record(candidacy, *, kind, by, from_phase, reason=""):
    CandidacyEvent.objects.create(
        candidacy=candidacy,
        kind=kind,
        by=by,
        from_phase=from_phase,
        to_phase=candidacy.phase,
        reason=reason,
    )


@transaction.atomic
def program_settings_update(*, program: Program, **values) -> ProgramSettings:
    settings_row, _ = ProgramSettings.objects.select_for_update().get_or_create(program=program)
    for name, value in values.items():
        setattr(settings_row, name, value)
    settings_row.full_clean()
    settings_row.save()
    return settings_row


@transaction.atomic
def candidacy_identify(*, person: Person, program: Program, by, reason: str = "") -> Candidacy:
    """Phase I: a district names one of its staff as a candidate of a program it is enrolled in."""
    if not person.is_active:
        raise ValidationError(f"{person.full_name} is deactivated: reactivate them first.")
    if program.kind != Program.Kind.FACILITATOR_CERTIFICATION:
        raise ValidationError(f"{program.name} has no certification pathway.")
    if not program.enrollments.filter(district_id=person.district_id).exists():
        raise ValidationError(f"{person.district} is not enrolled in {program.name}.")
    candidacy = Candidacy(person=person, program=program)
    candidacy.full_clean()
    candidacy.save()
    _record(candidacy, kind=Kind.IDENTIFIED, by=by, from_phase="", reason=reason)
    return candidacy


def _lock_identified(candidacy: Candidacy) -> Candidacy:
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    if candidacy.phase != Phase.IDENTIFIED:
        raise ValidationError(
            f"Only a candidate in Phase I is approved or declined; this one is "
            f"{candidacy.get_phase_display()}."
        )
    return candidacy


@transaction.atomic
def candidacy_approve(*, candidacy: Candidacy, by, side: str) -> Candidacy:
    """Record the district's or the provider's approval. With both, the candidate enters Phase II."""
    candidacy = _lock_identified(candidacy)
    now = timezone.now()
    if side == "district":
        if candidacy.district_approved_at:
            raise ValidationError("The district approved this candidate already.")
        candidacy.district_approved_by, candidacy.district_approved_at = by, now
        kind = Kind.DISTRICT_APPROVED
    elif side == "provider":
        if candidacy.provider_approved_at:
            raise ValidationError("The provider approved this candidate already.")
        candidacy.provider_approved_by, candidacy.provider_approved_at = by, now
        kind = Kind.PROVIDER_APPROVED
    else:
        raise ValueError(f"Unknown side {side!r}")
    candidacy.save()
    _record(candidacy, kind=kind, by=by, from_phase=Phase.IDENTIFIED)
    if candidacy.district_approved_at and candidacy.provider_approved_at:
        candidacy.phase = Phase.TRAINING
        candidacy.save(update_fields=["phase", "updated_at"])
        _record(
            candidacy,
            kind=Kind.ADVANCED,
            by=by,
            from_phase=Phase.IDENTIFIED,
            reason="Approved by both the district and the provider.",
        )
    return candidacy


@transaction.atomic
def candidacy_decline(*, candidacy: Candidacy, by, reason: str) -> Candidacy:
    """The district or the provider declines a Phase I candidate, saying why."""
    candidacy = _lock_identified(candidacy)
    if not reason.strip():
        raise ValidationError("Say why the candidate is declined: the reason is kept and shown.")
    candidacy.phase = Phase.DECLINED
    candidacy.save(update_fields=["phase", "updated_at"])
    _record(
        candidacy, kind=Kind.DECLINED, by=by, from_phase=Phase.IDENTIFIED, reason=reason.strip()
    )
    return candidacy
