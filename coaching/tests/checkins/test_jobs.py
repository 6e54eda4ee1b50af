"""The reminders of coaching engagements (coaching/jobs.py): what each tells whom, once however
often it runs, in the same number of queries at 10 rows and at 2,000."""

import datetime as dt
import io

import pytest
from celery import current_app
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coaching import jobs
from coaching.models import ActionStep, CheckIn, Engagement, Notification, Person
from coaching.tests.casts import cast_layer, checkpoint, rewind, undone

from . import world


@cast_layer
def w(cast):
    return world.build(cast)


def told(user, kind):
    return sorted(
        Notification.objects.filter(recipient=user, kind=kind).values_list("subject", flat=True)
    )


def test_steps_due_tomorrow_today_and_a_week_overdue_are_told_once_to_coach_and_coachee(w):
    # The world: step_due (tomorrow), step_overdue (a week ago), step_met (met: never told).
    ActionStep.objects.filter(pk=w.step_met.pk).update(follow_up_on=timezone.localdate())
    first = jobs.remind_action_steps()
    assert jobs.remind_action_steps() == first  # offered again, written once
    for user in (w.coach_a, w.coachee):
        subjects = told(user, "step_due")
        assert len(subjects) == 2, subjects
        assert any("due tomorrow" in s for s in subjects)
        assert any("a week overdue" in s for s in subjects)
    assert told(w.principal_a, "step_due") == []
    body = Notification.objects.filter(kind="step_due").values_list("body", flat=True)
    assert not any("Cold call" in b for b in body)  # no content in an e-mail


def test_a_step_due_today_is_told_and_a_step_moved_to_a_new_date_is_told_again(w):
    today = timezone.localdate()
    ActionStep.objects.filter(pk=w.step_due.pk).update(follow_up_on=today)
    jobs.remind_action_steps()
    assert any("due today" in s for s in told(w.coachee, "step_due"))
    ActionStep.objects.filter(pk=w.step_due.pk).update(follow_up_on=today + dt.timedelta(days=1))
    jobs.remind_action_steps()
    assert sum("due tomorrow" in s for s in told(w.coachee, "step_due")) == 1


def test_a_check_in_past_its_window_is_told_to_the_coaches_once(w):
    jobs.remind_late_checkins()
    jobs.remind_late_checkins()
    # waiting_late is past its window; waiting is inside it; the answered ones are done.
    assert told(w.coach_a, "checkin_late") == [
        f"Past the agreed window: a check-in from {w.individual.coachee_label}"
    ]
    assert told(w.coachee, "checkin_late") == []
    note = Notification.objects.get(kind="checkin_late")
    assert note.dedupe_key == f"checkin-late:{w.waiting_late.pk}"
    assert "Thursday" not in note.body


def test_an_engagement_with_no_session_for_the_quiet_days_is_told_once_per_spell(w, settings):
    settings.ENGAGEMENT_QUIET_DAYS = 7
    jobs.remind_quiet_engagements()
    jobs.remind_quiet_engagements()
    # individual: last session 10 days ago; team: 5 days ago; engagement_b: none since its start.
    assert told(w.coach_a, "quiet") == [f"No session for 10 days: {w.individual.coachee_label}"]
    assert told(w.associate, "quiet") == []
    assert len(told(w.coach_b, "quiet")) == 1
    settings.ENGAGEMENT_QUIET_DAYS = 30  # the individual engagement is no longer quiet
    before = Notification.objects.count()
    jobs.remind_quiet_engagements()
    assert Notification.objects.count() == before


def test_the_coaching_jobs_run_from_the_command_and_are_in_the_schedule(w):
    tasks = {entry["task"] for entry in current_app.conf.beat_schedule.values()}
    for name in jobs.JOBS:
        out = io.StringIO()
        call_command("run_job", name, stdout=out)
        assert out.getvalue().startswith(f"{name}: ")
        assert f"coaching.{name}" in tasks


# --- a fixed number of queries ------------------------------------------------------------------


def _grow(w, n, tag):
    """n more engagements of coach_a, each with a coachee (with a login), a step due tomorrow, a
    late check-in, and no session since long ago."""
    from coaching.tests.factories import UserFactory

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    users = [UserFactory.build(email=f"grow{tag}-{i}@a.example") for i in range(n)]
    for u in users:
        u.password = "!"
    users = type(w.coach_a).objects.bulk_create(users)
    people = Person.objects.bulk_create(
        Person(district=w.district_a, first_name="P", last_name=str(i), user=u)
        for i, u in enumerate(users)
    )
    base = {
        "program": w.program,
        "district": w.district_a,
        "coach": w.coach_a,
        "coachee_kind": "person",
        "level": "individual",
        "model": "instructional",
        "starts_on": timezone.localdate() - dt.timedelta(days=100),
        "process_described": True,
        "confidentiality_explained": True,
        "commitment_given": True,
        "response_window_days": 2,
        "agreed_on": timezone.localdate() - dt.timedelta(days=100),
        "started_by": w.admin_a,
    }
    engagements = Engagement.objects.bulk_create(
        Engagement(coachee_person=p, **base) for p in people
    )
    ActionStep.objects.bulk_create(
        ActionStep(
            engagement=e, step="S", success_criteria="C", follow_up_on=tomorrow, set_by=w.coach_a
        )
        for e in engagements
    )
    asked = timezone.now() - dt.timedelta(days=5)
    CheckIn.objects.bulk_create(
        CheckIn(
            engagement=e,
            text="Q",
            asked_by=u,
            asked_at=asked,
            window_days=2,
            due_at=asked + dt.timedelta(days=2),
        )
        for e, u in zip(engagements, users, strict=True)
    )


def _count(job):
    """The statements a job ran. SQLite caps the variables of one statement, so Django splits a
    large bulk insert into batches there; PostgreSQL takes it whole, and every statement counts."""
    with CaptureQueriesContext(connection) as queries:
        written = job()
    statements = [q["sql"] for q in queries.captured_queries]
    if connection.vendor != "postgresql":
        statements = [sql for sql in statements if not sql.startswith("INSERT")]
    return len(statements), written


@cast_layer
def w2000(w):
    """w grown by 2,000 engagements (`_grow`: 10, then 1,990), built once for every job; `at_10`
    marks the 10."""
    _grow(w, 10, "a")
    w.at_10 = checkpoint()
    _grow(w, 1990, "b")
    return w


@pytest.mark.parametrize("name", sorted(jobs.JOBS))
def test_each_job_costs_the_same_at_2000_rows_as_at_10(name, w2000):
    job = jobs.JOBS[name]
    with undone():  # what the job writes at 10 rows is undone with them
        rewind(w2000.at_10)
        at_10, written_10 = _count(job)
    Notification.objects.all().delete()
    at_2000, written_2000 = _count(job)
    print(f"{name}: {at_10} statements at 10 rows, {at_2000} at 2,000")
    assert at_2000 == at_10
    assert written_2000 >= 2000 > written_10
