"""Giving and removing roles (DESIGN.md, "coaching/": district admins "give them the district's
roles (coach, principal); only the site admin makes provider associates").

A district admin gives a staff member of their own district, once that person has a login, one of
the district's roles: coach or coachee (scoped to the district) or principal (scoped to one of the
district's active schools), and removes them. Never a district admin or a provider associate: the
site admin gives those, in /admin/. Each change writes a `RoleChange` (who, when, what) in the
same transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ..models import Person, RoleChange, RoleMembership, School, User
from ..selectors import can_manage_district
from ..selectors.roles import DISTRICT_ROLES

Role = RoleMembership.Role


@transaction.atomic
def role_grant(
    *, person: Person, role: str, school: School | None = None, by: User | None
) -> RoleMembership:
    """Give `person`'s login `role` in their district (a principal: of `school`, which must be an
    active school of the person's district) and record it. `by` None is the application itself
    (a candidate entering training is made a coach).

    Raises PermissionDenied when `by` does not manage the person's district, and ValidationError
    when the role is not one of the district's, the person has no login or is deactivated, the
    school is missing or not theirs to give, or the login holds the role already. Nothing is
    written then."""
    if by is not None and not can_manage_district(by, person.district):
        raise PermissionDenied("You may give roles only in your own district.")
    if role not in DISTRICT_ROLES:
        raise ValidationError(
            {
                "role": "A district gives only its own roles: coach, coachee and principal. "
                "The site admin makes district admins and provider associates."
            }
        )
    if person.user_id is None:
        raise ValidationError(
            f"{person.full_name} has no login yet: invite them to sign in first, then give "
            "them a role."
        )
    if not person.is_active:
        raise ValidationError(f"{person.full_name} is deactivated: reactivate them first.")
    scope = {"district": person.district}
    if role == Role.PRINCIPAL:
        if school is None:
            raise ValidationError({"school": "Choose the school they are principal of."})
        if school.district_id != person.district_id or not school.is_active:
            raise ValidationError({"school": "Choose an active school of their district."})
        scope = {"school": school}
    membership = RoleMembership(user_id=person.user_id, role=role, **scope)
    if RoleMembership.objects.filter(user_id=person.user_id, role=role, **scope).exists():
        raise ValidationError(
            f"{person.full_name} is already {membership.get_role_display().lower()} of "
            f"{membership.scope}."
        )
    membership.full_clean()
    membership.save()
    _record(membership, RoleChange.Action.GRANTED, by)
    return membership


@transaction.atomic
def role_revoke(*, membership: RoleMembership, by: User | None) -> RoleChange:
    """Remove a district role from a login and record it. Raises PermissionDenied when the role
    is not one of the district's (a district admin's or an associate's: the site admin's to
    remove) or its district is not one `by` manages."""
    district = membership.district or (membership.school.district if membership.school else None)
    if membership.role not in DISTRICT_ROLES or district is None:
        raise PermissionDenied("Only the site admin removes that role.")
    if by is not None and not can_manage_district(by, district):
        raise PermissionDenied("You may remove roles only in your own district.")
    change = _record(membership, RoleChange.Action.REVOKED, by)
    membership.delete()
    return change


def role_change_record(*, membership: RoleMembership, action: str, by: User | None) -> RoleChange:
    """Record a change made elsewhere (the site admin's pages): the caller made it."""
    return _record(membership, action, by)


def _record(membership: RoleMembership, action: str, by: User | None) -> RoleChange:
    return RoleChange.objects.create(
        user_id=membership.user_id,
        role=membership.role,
        program_id=membership.program_id,
        district_id=membership.district_id,
        school_id=membership.school_id,
        action=action,
        by=by,
    )
