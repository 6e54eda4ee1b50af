"""Writes to organisations and rosters. Each service validates (`full_clean`) before it saves, runs in
a transaction, and returns the saved object. Nothing here deletes history: schools and people are
deactivated, never removed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import (
    Cohort,
    District,
    Person,
    Program,
    Registration,
    RoleChange,
    RoleMembership,
    School,
    TrainingEvent,
    User,
)
from ..rules import refuse_own_record
from .roles import role_change_record


@transaction.atomic
def school_create(*, district: District, name: str) -> School:
    school = School(district=district, name=name.strip())
    school.full_clean()
    school.save()
    return school


@transaction.atomic
def school_update(*, school: School, name: str) -> School:
    old_name, school.name = school.name, name.strip()
    try:
        school.full_clean()
    except ValidationError:
        school.name = old_name  # the page goes on showing the school as it is saved
        raise
    school.save()
    return school


@transaction.atomic
def school_set_active(*, school: School, active: bool) -> School:
    """Deactivating a school keeps its people and their history; they simply show no active school."""
    school.is_active = active
    school.save(update_fields=["is_active", "updated_at"])
    return school


PERSON_FIELDS = ("first_name", "last_name", "email", "staff_id", "job_title", "school")


@transaction.atomic
def person_create(*, district: District, **fields) -> Person:
    person = Person(district=district)
    return _person_save(person, fields)


@transaction.atomic
def person_update(*, person: Person, **fields) -> Person:
    return _person_save(person, fields)


def _person_save(person: Person, fields: dict) -> Person:
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(person, name, value.strip() if isinstance(value, str) else value)
    person.email = person.email.lower()
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def person_set_active(*, person: Person, active: bool, by: User) -> Person:
    """Deactivate or reactivate a roster entry; every record about the person is kept.

    Deactivating also disables their login, so a departed staff member cannot sign in, but only
    where the login is this district's alone: not a site admin's, and not one holding a role
    elsewhere. Reactivating re-enables only a login that deactivating disabled. Nobody deactivates
    their own entry (they would lock themselves out)."""
    if not active and person.user_id and person.user_id == by.pk:
        raise ValidationError("You cannot deactivate yourself. Ask another admin of your district.")
    person.is_active = active
    user = person.user
    if not active and user and user.is_active and _login_belongs_to_district(user, person.district):
        user.is_active = False
        user.save(update_fields=["is_active"])
        person.login_disabled_with_roster = True
    elif active and user and person.login_disabled_with_roster:
        user.is_active = True
        user.save(update_fields=["is_active"])
        person.login_disabled_with_roster = False
    person.save(update_fields=["is_active", "login_disabled_with_roster", "updated_at"])
    return person


@transaction.atomic
def user_set_active(*, user: User, active: bool, by: User) -> User:
    """Disable or re-enable a login; every record of it is kept (a login with history is never
    deleted). Nobody disables their own login: they would lock themselves out."""
    if not active and user.pk == by.pk:
        raise ValidationError("You cannot deactivate your own login. Ask another site admin.")
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user


def _login_belongs_to_district(user: User, district: District) -> bool:
    if user.is_staff or user.is_superuser:
        return False
    elsewhere = RoleMembership.objects.filter(user=user).exclude(
        Q(district=district) | Q(school__district=district)
    )
    return not elsewhere.exists()


@transaction.atomic
def coach_role_ensure(*, person: Person) -> RoleMembership | None:
    """Give the person's login the coach role in their district, if it lacks it: a candidate who
    enters training is a coach in training (DESIGN.md). A person without a login gets nothing."""
    if person.user_id is None:
        return None
    membership, created = RoleMembership.objects.get_or_create(
        user_id=person.user_id, role=RoleMembership.Role.COACH, district_id=person.district_id
    )
    if created:  # the application gave it: kept in the roles' history like any other
        role_change_record(membership=membership, action=RoleChange.Action.GRANTED, by=None)
    return membership


# Training has its own module; its services are imported here for the callers of
# `coaching.services`.
from .training import (  # noqa: E402
    attendance_make_up,
    attendance_record,
    cohort_create,
    event_cancel,
    event_schedule,
    registration_cancel,
    registration_create,
)
