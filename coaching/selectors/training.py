"""Reads of training (every program), scoped through `roles_of`: which events a user sees, whom
they may register, and who is of an event's audience."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.queries import any_of, count_of

from ..models import (
    Cohort,
    Enrollment,
    Person,
    Program,
    Registration,
    RoleMembership,
    TrainingEvent,
    User,
)

# The package's one scoping mechanism: coaching.selectors defines it, then imports this module.
from . import may_act_for_program, programs_acted_for
from . import roles_of as _roles


def _enrolled_program_ids(district_ids):
    return Enrollment.objects.filter(district_id__in=district_ids).values("program_id")


def events_visible_to(user: User) -> QuerySet[TrainingEvent]:
    """The trainings of the programs an associate staffs, or a district admin's or coach's
    district is enrolled in."""
    roles = _roles(user)
    if roles.is_superuser:
        return TrainingEvent.objects.all()
    district_ids = roles.admin_district_ids | roles.coach_district_ids
    return TrainingEvent.objects.filter(
        Q(program_id__in=roles.associate_program_ids)
        | Q(program_id__in=_enrolled_program_ids(district_ids))
    )


def can_manage_event(user: User, event: TrainingEvent) -> bool:
    """Associates of its program schedule an event and record its attendance (and the site
    admin: `may_act_for_program`)."""
    return may_act_for_program(user, event.program_id)


def get_event_for_user(user: User, pk: int, *, write: bool = False) -> TrainingEvent:
    event = get_object_or_404(events_visible_to(user).select_related("program", "cohort"), pk=pk)
    if write and not can_manage_event(user, event):
        raise PermissionDenied("You may see this event but not change it.")
    return event


def events_listed(user: User) -> QuerySet[TrainingEvent]:
    """The events the user sees, each with its program and cohort, `registered_count` and
    `attended_count` (subqueries: one index lookup per event listed)."""
    attended = [Registration.Attendance.ATTENDED, Registration.Attendance.MADE_UP]
    return (
        events_visible_to(user)
        .select_related("program", "cohort")
        .annotate(
            registered_count=count_of(Registration.objects.all(), of="event"),
            attended_count=count_of(
                Registration.objects.filter(attendance__in=attended), of="event"
            ),
        )
    )


def event_list(user: User, *, upcoming: bool) -> QuerySet[TrainingEvent]:
    """Upcoming events soonest first (a cancelled one is not coming: the training list shows it,
    marked), or past ones latest first, with their registration counts."""
    now = timezone.now()
    events = events_listed(user)
    if upcoming:
        return events.filter(starts_at__gte=now, cancelled_at__isnull=True).order_by(
            "starts_at", "pk"
        )
    return events.filter(starts_at__lt=now).order_by("-starts_at", "-pk")


def programs_scheduled_by(user: User) -> QuerySet[Program]:
    """The programs whose training this user schedules: an associate's, or all for the site
    admin."""
    return programs_acted_for(user).order_by("name")


def registrations_visible_to(user: User) -> QuerySet[Registration]:
    """All of an event's registrations to its associates; a district's to its admins; a
    coach's own."""
    roles = _roles(user)
    if roles.is_superuser:
        return Registration.objects.all()
    if not user.is_authenticated:
        return Registration.objects.none()
    # A UNION of one indexed query a role (core/queries.py), not an OR across two joins.
    branches = [Registration.objects.filter(person__user=user)]
    if roles.associate_program_ids:
        branches.append(
            Registration.objects.filter(event__program_id__in=roles.associate_program_ids)
        )
    if roles.admin_district_ids:
        branches.append(
            Registration.objects.filter(person__district_id__in=roles.admin_district_ids)
        )
    return any_of(Registration, *branches)


def event_registrations(event: TrainingEvent, user: User) -> QuerySet[Registration]:
    return (
        registrations_visible_to(user)
        .filter(event=event)
        .select_related("person__district", "person__school")
        .order_by("person__last_name", "person__first_name")
    )


def get_registration_for_user(user: User, pk: int, *, write: bool = False) -> Registration:
    registration = get_object_or_404(
        registrations_visible_to(user).select_related("event__program", "person"), pk=pk
    )
    if write and not can_manage_event(user, registration.event):
        raise PermissionDenied("Only the program's associates record attendance.")
    return registration


def audience_of(event: TrainingEvent) -> QuerySet[Person]:
    """Everyone the event is for, from its data alone: active staff of a district enrolled in
    the program, narrowed by the audience (the program's coaches, the cohort's members, the
    people named)."""
    people = Person.objects.filter(
        is_active=True,
        district_id__in=Enrollment.objects.filter(program_id=event.program_id).values(
            "district_id"
        ),
    )
    Audience = TrainingEvent.Audience
    if event.audience == Audience.COACHES:
        coaches = RoleMembership.objects.filter(role=RoleMembership.Role.COACH)
        people = people.filter(user_id__in=coaches.values("user_id"))
    elif event.audience == Audience.COHORT:
        people = people.filter(
            pk__in=Cohort.members.through.objects.filter(cohort_id=event.cohort_id).values(
                "person_id"
            )
        )
    elif event.audience == Audience.NAMED:
        people = people.filter(
            pk__in=TrainingEvent.invitees.through.objects.filter(trainingevent_id=event.pk).values(
                "person_id"
            )
        )
    return people


def audience_of_program(program: Program) -> QuerySet[Person]:
    """Whom an event of the program may name: the active staff of its enrolled districts."""
    return (
        Person.objects.filter(is_active=True, district__enrollments__program=program)
        .select_related("district")
        .order_by("last_name", "first_name")
    )


def audience_includes(event: TrainingEvent, person: Person) -> bool:
    return audience_of(event).filter(pk=person.pk).exists()


def registerable_people(event: TrainingEvent, user: User) -> QuerySet[Person]:
    """Whom this user may register for the event: of its audience and not yet registered;
    associates anyone of it, a district admin their own staff, a coach themselves."""
    roles = _roles(user)
    people = audience_of(event).exclude(registrations__event=event)
    if not can_manage_event(user, event):
        people = people.filter(Q(district_id__in=roles.admin_district_ids) | Q(user=user))
    return people.select_related("district").order_by("last_name", "first_name")


def cohorts_of(program: Program) -> QuerySet[Cohort]:
    return program.cohorts.annotate(event_count=Count("events"))
