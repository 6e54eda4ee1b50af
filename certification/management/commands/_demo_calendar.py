"""The demo's calendar: two coaching sessions planned on the Maple Valley coach's instructional
engagement (the coach's and Ava's feeds, the engagement page's "Next sessions"), and a Key2Ed
initial FIEP training the coach was registered for, cancelled (the feed shows it cancelled; the
inbox tells the coach). Once only: what was planned since is the user's."""

import datetime as dt

from django.utils import timezone

from coaching.models import Engagement, Person, PlannedSession, Program, TrainingEvent, User
from coaching.services import planned_sessions as planned_services
from coaching.services import training as training_services

COACH = "coach@maplevalley.example"


def load(*, key2ed: Program, associate: User):
    if PlannedSession.objects.exists():
        return
    coach = User.objects.get(email=COACH)
    engagement = (
        Engagement.objects.filter(coach=coach, model=Engagement.CoachingModel.INSTRUCTIONAL)
        .order_by("pk")
        .first()
    )
    today = timezone.localdate()
    if engagement is not None:
        for days, at, minutes, mode in (
            (2, dt.time(10, 0), 45, "onsite"),
            (9, dt.time(14, 30), 30, "virtual"),
        ):
            planned_services.planned_session_schedule(
                engagement=engagement,
                by=coach,
                on=today + dt.timedelta(days=days),
                at=at,
                minutes=minutes,
                mode=mode,
            )
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    training = training_services.event_schedule(
        program=key2ed,
        by=associate,
        kind=TrainingEvent.Kind.INITIAL_FIEP,
        title="Initial FIEP training, winter session",
        starts_at=now + dt.timedelta(days=16),
        duration_minutes=360,
        location="Maple Valley District Office",
    )
    person = Person.objects.filter(user=coach).first()
    if person is not None:
        training_services.registration_create(event=training, person=person, by=associate)
    training_services.event_cancel(event=training, by=associate)
