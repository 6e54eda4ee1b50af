"""A training world built through coaching's services alone (no other app): the cast's program
(a facilitator-certification pathway) with a cohort, a past support call at which person_a was
absent, an upcoming workshop, and person_a's place at the cohort's next call; and a network program
(`network`, staffed by `associate`, enrolling district A) with an upcoming network training for its
coaches."""

import datetime as dt

from django.utils import timezone

from coaching import services
from coaching.models import Program, TrainingEvent
from coaching.tests.factories import EnrollmentFactory, MembershipFactory, ProgramFactory

Kind = TrainingEvent.Kind


def event(program, kind, *, by, days=-10, **fields):
    return services.event_schedule(
        program=program,
        by=by,
        kind=kind,
        title=fields.pop("title", f"{Kind(kind).label} {timezone.now().toordinal() + days}"),
        starts_at=timezone.now() + dt.timedelta(days=days),
        duration_minutes=60,
        location="Room 1",
        **fields,
    )


def build(w):
    w.cohort = services.cohort_create(program=w.program, name="Cohort A")
    w.cohort.members.add(w.person_a)
    w.past_call = event(w.program, Kind.SUPPORT_CALL, by=w.associate, cohort=w.cohort)
    registration = services.registration_create(
        event=w.past_call, person=w.person_a, by=w.associate
    )
    services.attendance_record(
        event=w.past_call, attendance={registration.pk: "absent"}, by=w.associate
    )
    w.absent_registration = registration
    w.workshop = event(w.program, Kind.WORKSHOP, by=w.associate, days=20)
    upcoming_call = event(w.program, Kind.SUPPORT_CALL, by=w.associate, cohort=w.cohort, days=10)
    w.future_registration = services.registration_create(
        event=upcoming_call, person=w.person_a, by=w.associate
    )
    w.network = ProgramFactory(name="IL MTSS Network", kind=Program.Kind.NETWORK)
    EnrollmentFactory(program=w.network, district=w.district_a)
    MembershipFactory(user=w.associate, role="associate", program=w.network)
    w.associate.__dict__.pop("_roles_cache", None)  # the roles just changed
    w.network_training = event(
        w.network,
        Kind.NETWORK_TRAINING,
        by=w.associate,
        days=7,
        audience=TrainingEvent.Audience.COACHES,
    )
    return w
