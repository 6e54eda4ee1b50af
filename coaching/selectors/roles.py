"""Reads of roles: a person's memberships as their staff page lists them, the one fetch helper of
a membership. The history of changes (coaching/models/roles.py) is read with the staff member's
history, selectors/history.py."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ..models import Person, RoleMembership, User
from . import can_manage_district, people_visible_to

Role = RoleMembership.Role
# The roles a district admin gives and removes, in the order the page offers them.
DISTRICT_ROLES = (Role.COACH, Role.COACHEE, Role.PRINCIPAL)


def memberships_of_person(person: Person) -> QuerySet[RoleMembership]:
    """The roles the person's login holds, with their scopes; none without a login."""
    if person.user_id is None:
        return RoleMembership.objects.none()
    return (
        RoleMembership.objects.filter(user_id=person.user_id)
        .select_related("program", "district", "school__district")
        .order_by("role", "pk")
    )


def may_change_role(user: User, membership: RoleMembership) -> bool:
    """May `user` remove this membership here? A district role of a district they manage."""
    district = membership.district or (membership.school.district if membership.school else None)
    return (
        membership.role in DISTRICT_ROLES
        and district is not None
        and can_manage_district(user, district)
    )


def get_membership_for_user(user: User, pk: int, *, write: bool = False) -> RoleMembership:
    """A membership of a person whose record `user` may read (404 otherwise); with `write`, 403
    unless it is a district role of a district they manage."""
    membership = get_object_or_404(
        RoleMembership.objects.filter(user__person__in=people_visible_to(user)).select_related(
            "user__person__district", "program", "district", "school__district"
        ),
        pk=pk,
    )
    if write and not may_change_role(user, membership):
        raise PermissionDenied("You may not remove this role.")
    return membership
