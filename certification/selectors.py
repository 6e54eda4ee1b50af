"""Reads of the certification pipeline, scoped through coaching's one mechanism."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from coaching.models import Person, Program
from coaching.selectors import districts_visible_to, programs_visible_to, roles_of

from .models import Candidacy, ProgramSettings


def program_settings(program: Program) -> ProgramSettings:
    """The program's pathway rules; the defaults until an associate changes them."""
    found = ProgramSettings.objects.filter(program=program).first()
    return found or ProgramSettings(program=program)


def candidacies_visible_to(user) -> QuerySet[Candidacy]:
    """A district's candidacies to its admins; those of enrolled districts in the programs an
    associate staffs; a coach their own."""
    roles = roles_of(user)
    if roles.is_superuser:
        return Candidacy.objects.all()
    if not user.is_authenticated:
        return Candidacy.objects.none()
    return Candidacy.objects.filter(
        Q(person__district_id__in=roles.admin_district_ids)
        | Q(
            program_id__in=roles.associate_program_ids,
            person__district__in=districts_visible_to(user),
        )
        | Q(person__user=user)
    )


def can_approve_for_district(user, candidacy: Candidacy) -> bool:
    roles = roles_of(user)
    return roles.is_superuser or candidacy.person.district_id in roles.admin_district_ids


def can_approve_for_provider(user, candidacy: Candidacy) -> bool:
    roles = roles_of(user)
    return roles.is_superuser or candidacy.program_id in roles.associate_program_ids


def get_candidacy_for_user(user, pk, *, write=False) -> Candidacy:
    candidacy = get_object_or_404(
        candidacies_visible_to(user).select_related(
            "person__district", "person__school", "program"
        ),
        pk=pk,
    )
    if write and not (
        can_approve_for_district(user, candidacy) or can_approve_for_provider(user, candidacy)
    ):
        raise PermissionDenied("You may follow this candidacy but not decide on it.")
    return candidacy


def pipeline(user, *, phase: str = "", district=None) -> QuerySet[Candidacy]:
    candidacies = candidacies_visible_to(user).select_related(
        "person__district", "person__school", "program"
    )
    if phase:
        candidacies = candidacies.filter(phase=phase)
    if district is not None:
        candidacies = candidacies.filter(person__district=district)
    return candidacies.order_by("person__district__name", "person__last_name", "person__first_name")


def identifiable_people(district) -> QuerySet[Person]:
    """The district's active staff, to choose a candidate from."""
    return district.people.filter(is_active=True).select_related("school")


def certification_programs(user, district) -> QuerySet[Program]:
    """The certification programs the district is enrolled in."""
    return programs_visible_to(user).filter(
        kind=Program.Kind.FACILITATOR_CERTIFICATION, enrollments__district=district
    )


def own_candidacies(user) -> QuerySet[Candidacy]:
    return candidacies_visible_to(user).filter(person__user=user).select_related("program")


def timeline(candidacy: Candidacy):
    return candidacy.events.select_related("by").order_by("at", "pk")
