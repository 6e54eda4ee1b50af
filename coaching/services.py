"""Writes to organisations and rosters. Each service validates (`full_clean`) before it saves, runs in
a transaction, and returns the saved object. Nothing here deletes history: schools and people are
deactivated, never removed."""

from django.db import transaction

from .models import District, Person, School


@transaction.atomic
def school_create(*, district: District, name: str) -> School:
    school = School(district=district, name=name.strip())
    school.full_clean()
    school.save()
    return school


@transaction.atomic
def school_update(*, school: School, name: str) -> School:
    school.name = name.strip()
    school.full_clean()
    school.save()
    return school


@transaction.atomic
def school_set_active(*, school: School, active: bool) -> School:
    """Deactivating a school keeps its people and their history; they simply show no active school."""
    school.is_active = active
    school.save(update_fields=["is_active", "updated_at"])
    return school


PERSON_FIELDS = ("first_name", "last_name", "email", "job_title", "school")


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
def person_set_active(*, person: Person, active: bool) -> Person:
    """Deactivating a person keeps every record about them. A login they have is disabled with them,
    so a departed staff member cannot sign in; reactivating restores it."""
    person.is_active = active
    person.save(update_fields=["is_active", "updated_at"])
    if person.user_id and person.user.is_active != active:
        person.user.is_active = active
        person.user.save(update_fields=["is_active"])
    return person
