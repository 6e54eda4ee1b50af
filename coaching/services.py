"""Writes to organisations and rosters. Each service validates (`full_clean`) before it saves, runs in
a transaction, and returns the saved object. Nothing here deletes history: schools and people are
deactivated, never removed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import (
    Cohort,
    District,
    Person,
    Program,
    Registration,
    RoleMembership,
    School,
    TrainingEvent,
    User,
)
from .rules import refuse_own_record


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
    membership, _ = RoleMembership.objects.get_or_create(
        user_id=person.user_id, role=RoleMembership.Role.COACH, district_id=person.district_id
    )
    return membership


# --- training ----------------------------------------------------------------------------------

EVENT_FIELDS = ("kind", "title", "cohort", "starts_at", "duration_minutes", "location", "capacity")


@transaction.atomic
def cohort_create(*, program: Program, name: str, starts_on=None) -> Cohort:
    cohort = Cohort(program=program, name=name.strip(), starts_on=starts_on)
    cohort.full_clean()
    cohort.save()
    return cohort


def _event_save(event: TrainingEvent, fields: dict) -> TrainingEvent:
    for name in EVENT_FIELDS:
        if name in fields:
            setattr(event, name, fields[name])
    if event.cohort_id and event.cohort.program_id != event.program_id:
        raise ValidationError({"cohort": "That cohort belongs to another program."})
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def event_schedule(*, program: Program, by: User, **fields) -> TrainingEvent:
    """Schedule a training of a program. A support call names its cohort."""
    return _event_save(TrainingEvent(program=program, created_by=by), fields)


@transaction.atomic
def registration_create(*, event: TrainingEvent, person: Person, by: User) -> Registration:
    """Register a person for an event. The event's row is locked first, so concurrent
    registrations for its last places are taken one at a time and never exceed its capacity."""
    event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
    if not person.is_active:
        raise ValidationError(f"{person.full_name} is deactivated.")
    if not event.program.enrollments.filter(district_id=person.district_id).exists():
        raise ValidationError(f"{person.district} is not enrolled in {event.program}.")
    if event.registrations.filter(person=person).exists():
        raise ValidationError(f"{person.full_name} is registered for this event already.")
    if event.capacity is not None and event.registrations.count() >= event.capacity:
        raise ValidationError(
            f"This {event.get_kind_display().lower()} is full: all {event.capacity} places "
            "are taken."
        )
    registration = Registration(event=event, person=person, registered_by=by)
    registration.full_clean()
    registration.save()
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration) -> None:
    """Free a place before the event begins. Once it has begun the registration is history: its
    attendance is recorded instead."""
    registration = (
        Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    )
    if registration.event.starts_at <= timezone.now():
        raise ValidationError("The event has begun: record the attendance instead.")
    registration.delete()


@transaction.atomic
def attendance_record(
    *, event: TrainingEvent, attendance: dict[int, str], by: User
) -> list[Registration]:
    """Record who attended (or not) an event that has begun. `attendance` maps registration ids
    of this event to "attended" or "absent"; a made-up call stays made up unless marked attended.
    Nobody changes their own mark (`refuse_own_record`); their unchanged mark is let through."""
    if event.starts_at > timezone.now():
        raise ValidationError("Attendance is recorded once the event has begun.")
    allowed = {Registration.Attendance.ATTENDED, Registration.Attendance.ABSENT}
    registrations = {
        r.pk: r
        for r in Registration.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(event=event)
    }
    if set(attendance) - set(registrations):
        raise ValidationError("A mark names someone who is not registered for this event.")
    now, changed = timezone.now(), []
    for pk, value in attendance.items():
        if value not in allowed:
            raise ValidationError("Mark each person attended or absent.")
        registration = registrations[pk]
        if registration.attendance == value or (
            value == Registration.Attendance.ABSENT
            and registration.attendance == Registration.Attendance.MADE_UP
        ):
            continue
        refuse_own_record(actor=by, person=registration.person, action="record your own attendance")
        registration.attendance, registration.recorded_by, registration.recorded_at = (
            value,
            by,
            now,
        )
        changed.append(registration)
    Registration.objects.bulk_update(changed, ["attendance", "recorded_by", "recorded_at"])
    return changed


@transaction.atomic
def attendance_make_up(*, registration: Registration, note: str, by: User) -> Registration:
    """A missed technical support call made up (a recording watched, a call with the
    associate): it then counts as attended. Nobody makes up their own call."""
    registration = (
        Registration.objects.select_for_update(of=("self", "event"))
        .select_related("event", "person")
        .get(pk=registration.pk)
    )
    refuse_own_record(actor=by, person=registration.person, action="make up your own missed call")
    if registration.event.kind != TrainingEvent.Kind.SUPPORT_CALL:
        raise ValidationError("Only a missed technical support call can be made up.")
    if registration.attendance != Registration.Attendance.ABSENT:
        raise ValidationError("Only a call marked missed can be made up.")
    if not note.strip():
        raise ValidationError("Say how the call was made up: the note is kept.")
    registration.attendance = Registration.Attendance.MADE_UP
    registration.made_up_note = note.strip()
    registration.recorded_by, registration.recorded_at = by, timezone.now()
    registration.full_clean()
    registration.save()
    return registration
