"""A calendar world on the engagement world (coaching/tests/engagements/world.py), built through
coaching's services alone:

- `workshop`: an upcoming initial FIEP training of the cast's program, coach_a and person_b (district
  B) registered; `cancelled_call`: a cohort's support call coach_a was registered for, cancelled;
- `b_training`: a training of `other_program` (only district B, associate_b's) with coach_b
  registered;
- the engagement world's `planned` session (coach_a with `coachee`, in three days) and its open
  action steps (follow-ups);
- `tokens`: each actor's feed token (a feed made for each)."""

import datetime as dt

from django.utils import timezone

from coaching.models import Person, TrainingEvent
from coaching.services import calendar as calendar_services
from coaching.services import training as training_services

from ..engagements import world as engagement_world

Kind = TrainingEvent.Kind
FEED_ACTORS = ["coach_a", "coachee", "principal_a", "admin_a", "admin_b", "coach_b"]
FEED_ACTORS += ["associate", "associate_b", "other_coach", "principal_other", "superuser"]


def event(program, kind, *, by, days, **fields):
    return training_services.event_schedule(
        program=program,
        by=by,
        kind=kind,
        title=fields.pop("title"),
        starts_at=timezone.now() + dt.timedelta(days=days),
        duration_minutes=90,
        location="Room 12",
        **fields,
    )


def build(w):
    w = engagement_world.build(w)
    w.coach_a_person = Person.objects.get(user=w.coach_a)
    w.coach_b_person = Person.objects.get(user=w.coach_b)
    w.workshop = event(
        w.program, Kind.INITIAL_FIEP, by=w.associate, days=20, title="Spring FIEP training"
    )
    for person in (w.coach_a_person, w.person_b):
        training_services.registration_create(event=w.workshop, person=person, by=w.associate)
    w.cohort = training_services.cohort_create(program=w.program, name="Cohort A")
    w.cohort.members.add(w.coach_a_person)
    w.cancelled_call = event(
        w.program, Kind.SUPPORT_CALL, by=w.associate, days=9, cohort=w.cohort, title="Call 3"
    )
    training_services.registration_create(
        event=w.cancelled_call, person=w.coach_a_person, by=w.associate
    )
    training_services.event_cancel(event=w.cancelled_call, by=w.associate)
    w.b_training = event(
        w.other_program,
        Kind.INITIAL_FIEP,
        by=w.associate_b,
        days=12,
        title="Riverbend only",
    )
    training_services.registration_create(
        event=w.b_training, person=w.coach_b_person, by=w.associate_b
    )
    w.tokens = {
        actor: calendar_services.calendar_feed_reset(user=getattr(w, actor))
        for actor in FEED_ACTORS
    }
    return w
