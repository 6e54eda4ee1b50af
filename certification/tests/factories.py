"""Records that put candidates where a test needs them, written through the services."""

import datetime as dt

from django.utils import timezone

from certification import services
from coaching import services as coaching_services
from coaching.models import Registration, TrainingEvent

Kind = TrainingEvent.Kind


def event(program, kind, *, by, days=-10, cohort=None, capacity=None):
    """An event of the program `days` from now (in the past by default)."""
    return coaching_services.event_schedule(
        program=program,
        by=by,
        kind=kind,
        title=f"{Kind(kind).label} {timezone.now().toordinal() + days}",
        cohort=cohort,
        starts_at=timezone.now() + dt.timedelta(days=days),
        duration_minutes=60,
        location="Room 1",
        capacity=capacity,
    )


def attend(event, people, *, by, attendance=Registration.Attendance.ATTENDED):
    registrations = [
        coaching_services.registration_create(event=event, person=p, by=by) for p in people
    ]
    coaching_services.attendance_record(
        event=event, attendance={r.pk: attendance for r in registrations}, by=by
    )
    return registrations


def initial_training(program, people, *, by):
    """An initial FIEP training of the program, attended by `people`."""
    return attend(event(program, Kind.INITIAL_FIEP, by=by, days=-60), people, by=by)


def approve(candidacy, *, admin, associate):
    services.candidacy_approve(candidacy=candidacy, by=admin, side="district")
    return services.candidacy_approve(candidacy=candidacy, by=associate, side="provider")


def trainings(candidacy, *, by, calls=2):
    """Every Phase II training attended, in a new cohort with `calls` support calls; not yet the
    facilitations."""
    program, person = candidacy.program, candidacy.person
    cohort = coaching_services.cohort_create(program=program, name=f"Cohort {candidacy.pk}")
    services.candidacy_set_cohort(candidacy=candidacy, cohort=cohort, by=by)
    for kind in (Kind.ADVANCED, Kind.STAKEHOLDER, Kind.WORKSHOP):
        attend(event(program, kind, by=by), [person], by=by)
    for n in range(calls):
        attend(
            event(program, Kind.SUPPORT_CALL, by=by, cohort=cohort, days=-5 - n), [person], by=by
        )
    return cohort


def trainings_together(candidacies, *, by, calls=2, register=None):
    """`trainings` for many candidacies at once: a cohort for each five (a workshop's capacity),
    whose candidates attend the same events (`register(event, people, by=)`, `attend` unless
    another is given)."""
    register = register or attend
    for start in range(0, len(candidacies), 5):
        group = candidacies[start : start + 5]
        program, people = group[0].program, [c.person for c in group]
        cohort = coaching_services.cohort_create(program=program, name=f"Cohort {group[0].pk}+")
        for candidacy in group:
            services.candidacy_set_cohort(candidacy=candidacy, cohort=cohort, by=by)
        for kind in (Kind.ADVANCED, Kind.STAKEHOLDER, Kind.WORKSHOP):
            register(event(program, kind, by=by), people, by=by)
        for n in range(calls):
            register(
                event(program, Kind.SUPPORT_CALL, by=by, cohort=cohort, days=-5 - n), people, by=by
            )


def facilitations(person, n, *, by, held_on=None, **fields):
    """`n` meetings on one day, each logged "again" where the same one is logged already (the
    same meeting type at the same school that day)."""
    held_on = held_on or timezone.localdate()
    return [
        services.facilitation_log(
            person=person,
            by=by,
            held_on=held_on,
            school=person.school,
            meeting_type=fields.get("meeting_type", "annual_review"),
            model_used=fields.get("model_used", True),
            minutes=fields.get("minutes", 60),
            note=fields.get("note", ""),
            log_again=True,
        )
        for _ in range(n)
    ]
