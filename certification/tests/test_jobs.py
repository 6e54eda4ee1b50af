"""The periodic jobs: what each tells whom, once however often it runs (also from two workers at
once on PostgreSQL), at the dates that matter (a travelled clock), in a fixed number of queries."""

import datetime as dt
import io
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certification import jobs, services
from certification.models import AnnualMinimumRecord, Candidacy, Certificate, Submission
from certification.tests import factories
from certification.tests.certificate_helpers import certify
from coaching import jobs as coaching_jobs
from coaching import services as coaching_services
from coaching.models import Notification, Person
from coaching.tests.factories import PersonFactory, UserFactory


def at(day):
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))
    return time_machine.travel(noon, tick=False)


def told(user, kind):
    return list(
        Notification.objects.filter(recipient=user, kind=kind).values_list("subject", flat=True)
    )


def test_those_registered_hear_of_tomorrows_training_once(journey_cast):
    w = journey_cast
    tomorrow = factories.event(w.program, "support_call", by=w.associate, cohort=w.cohort, days=1)
    coaching_services.registration_create(event=tomorrow, person=w.person_a, by=w.associate)
    login = UserFactory()
    Person.objects.filter(pk=w.person_a.pk).update(user=login)  # person_a had no login
    jobs.remind_training_tomorrow()
    jobs.remind_training_tomorrow()
    assert told(login, "training") == [f"Tomorrow: {tomorrow}"]
    assert told(w.admin_a, "training") == []


def test_nobody_is_reminded_of_a_cancelled_training(journey_cast):
    w = journey_cast
    tomorrow = factories.event(w.program, "support_call", by=w.associate, cohort=w.cohort, days=1)
    coaching_services.registration_create(event=tomorrow, person=w.person_a, by=w.associate)
    login = UserFactory()
    Person.objects.filter(pk=w.person_a.pk).update(user=login)
    coaching_services.event_cancel(event=tomorrow, by=w.associate)
    jobs.remind_training_tomorrow()
    assert told(login, "training") == []
    assert told(login, "training_cancelled") == [f"Cancelled: {tomorrow}"]


def test_associates_hear_of_a_submission_past_its_window_once(journey_cast):
    w = journey_cast
    Submission.objects.filter(pk=w.pending_b.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=13)
    )
    assert jobs.remind_overdue_reviews() == 0
    Submission.objects.filter(pk=w.pending_b.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=15)
    )
    jobs.remind_overdue_reviews()
    jobs.remind_overdue_reviews()
    assert len(told(w.associate, "review")) == 1
    assert told(w.associate_b, "review") == []


def test_a_certificate_is_announced_60_30_and_7_days_before_it_expires(pipeline_cast):
    w = pipeline_cast
    certificate = certify(w, w.coach_candidacy)
    expiry = certificate.expires_on
    for days_before in (61, 60, 59, 45, 30, 29, 8, 7, 3, 0):
        with at(expiry - dt.timedelta(days=days_before)):
            jobs.remind_expiring_certificates()
            jobs.remind_expiring_certificates()
    subjects = told(w.coach_a, "expiring")
    assert sorted(subjects) == sorted(
        f"Certificate {certificate.number} expires in {n} days" for n in (60, 30, 7)
    )
    assert len(told(w.admin_a, "expiring")) == 3


def test_a_missed_day_is_caught_up_with_the_nearest_warning(pipeline_cast):
    w = pipeline_cast
    certificate = certify(w, w.coach_candidacy)
    with at(certificate.expires_on - dt.timedelta(days=20)):  # the job never ran before
        jobs.remind_expiring_certificates()
    assert told(w.coach_a, "expiring") == [f"Certificate {certificate.number} expires in 20 days"]


def test_a_stalled_checklist_is_told_once_per_stall(journey_cast):
    w = journey_cast
    quiet = settings.CHECKLIST_STALLED_DAYS
    with at(timezone.localdate() + dt.timedelta(days=quiet - 1)):
        assert jobs.remind_stalled_checklists() == 0
    with at(timezone.localdate() + dt.timedelta(days=quiet + 1)):
        jobs.remind_stalled_checklists()
        jobs.remind_stalled_checklists()
    assert len(told(w.admin_a, "stalled")) == 1  # person_a has no login; the admin hears


def test_behind_pace_is_told_once_a_month(pipeline_cast):
    w = pipeline_cast
    factories.approve(w.coach_candidacy, admin=w.admin_a, associate=w.associate)
    with at(dt.date(2027, 3, 1)):  # 8 months into the year: the pace needs 3 of 5
        factories.facilitations(w.coach_a.person, 2, by=w.coach_a)
        assert jobs.check_annual_minimum()["behind"] == 1
        jobs.check_annual_minimum()
    with at(dt.date(2027, 3, 20)):
        jobs.check_annual_minimum()
    assert len(told(w.coach_a, "pace")) == 1
    with at(dt.date(2027, 4, 2)):
        jobs.check_annual_minimum()
    assert len(told(w.coach_a, "pace")) == 2


def test_the_database_writes_behind_pace_as_the_texts_say_to_the_candidate_and_admins(
    pipeline_cast,
):
    """The monthly notice is written by one INSERT ... SELECT: its subject, body, link, key and
    e-mail state are those the Python texts give, for the candidate and each district admin."""
    from certification.schoolyear import pace, school_year
    from coaching.models import EmailPreference

    w = pipeline_cast
    factories.approve(w.coach_candidacy, admin=w.admin_a, associate=w.associate)
    EmailPreference.objects.create(user=w.admin_a, kind="pace", by_email=False)
    today = dt.date(2027, 3, 1)
    with at(today):
        factories.facilitations(w.coach_a.person, 2, by=w.coach_a)
        result = jobs.check_annual_minimum()
    from certification.selectors import settings_by_program

    rules = settings_by_program([w.coach_candidacy.program_id])[w.coach_candidacy.program_id]
    year = school_year(today, rules.school_year_start_month)
    p = pace(count=2, minimum=rules.annual_minimum, today=today, year=year)
    assert p.remaining > 0 and p.days_left != 1
    rows = Notification.objects.filter(kind="pace").order_by("recipient_id")
    assert {n.recipient for n in rows} == {w.coach_a, w.admin_a}
    assert result == {"behind": 1, "told": 2, "recorded": 0}
    for n in rows:
        assert n.subject == f"{w.coach_a.person.full_name} is behind the pace of the annual minimum"
        assert n.body == jobs.behind_pace_body(p)
        assert n.body.startswith(f"2 of {p.minimum} IEP meetings")
        assert n.url == w.coach_candidacy.get_absolute_url()
        assert n.dedupe_key == f"behind-pace:{w.coach_candidacy.pk}:{year.start}:2027-03"
        assert n.email == ("off" if n.recipient == w.admin_a else "pending")
    w.coach_a.refresh_from_db()
    assert (
        w.coach_a.unread_notifications
        == Notification.objects.filter(recipient=w.coach_a, read_at__isnull=True).count()
    )


def test_the_years_end_is_recorded_once_and_a_certified_coach_short_of_it_flagged(pipeline_cast):
    w = pipeline_cast
    with at(dt.date(2026, 9, 1)):
        certify(w, w.coach_candidacy)
        factories.approve(w.candidacy_b, admin=w.admin_b, associate=w.associate)
        factories.facilitations(w.coach_a.person, 4, by=w.coach_a)
        factories.facilitations(w.person_b, 5, by=w.associate)
    with at(dt.date(2027, 6, 30)):  # the last day of the year: nothing recorded yet
        assert jobs.check_annual_minimum()["recorded"] == 0
    with at(dt.date(2027, 7, 1)):
        assert jobs.check_annual_minimum()["recorded"] == 2
        assert jobs.check_annual_minimum()["recorded"] == 0
    records = {r.person_id: r for r in AnnualMinimumRecord.objects.all()}
    coach = records[w.coach_a.person.pk]
    assert (coach.count, coach.met, coach.flagged) == (4, False, True)
    assert records[w.person_b.pk].met
    assert told(w.associate, "pace") == [f"Annual minimum not met: {w.coach_a.person.full_name}"]
    # Written by the database: the text, link and key the job's Python wrote before.
    notice = Notification.objects.get(recipient=w.associate, kind="pace")
    assert notice.body == (
        f"{w.coach_a.person.full_name}, a certified coach, facilitated 4 of {coach.minimum} IEP "
        "meetings with the model in the school year Jul 1, 2026 – Jun 30, 2027."
    )
    assert notice.url == w.coach_candidacy.get_absolute_url()
    assert notice.dedupe_key == f"minimum-not-met:{coach.person_id}:{coach.program_id}:2026-07-01"
    assert (coach.year_start, coach.year_end) == (dt.date(2026, 7, 1), dt.date(2027, 6, 30))
    assert not coach.certified or coach.flagged


def grow(w, n):
    """n more Phase II candidates of district A, each with a facilitation this year (set up in
    bulk: this is about the job's cost, not the pipeline's rules)."""
    people = Person.objects.bulk_create(
        PersonFactory.build(district=w.district_a, school=w.school_a) for _ in range(n)
    )
    now = timezone.now() - dt.timedelta(days=400)  # candidates since last school year
    Candidacy.objects.bulk_create(
        Candidacy(
            person=p,
            district_id=p.district_id,
            program=w.program,
            phase="training",
            district_approved_at=now,
            provider_approved_at=now,
        )
        for p in people
    )
    Candidacy.objects.filter(person__in=people).update(created_at=now)


def counted(queries):
    """The statements a job ran. SQLite caps the variables of one statement, so Django splits a
    large bulk insert into batches there; PostgreSQL (CI) takes it whole, and every statement
    counts."""
    statements = [q["sql"] for q in queries.captured_queries]
    if connection.vendor != "postgresql":
        statements = [sql for sql in statements if not sql.startswith("INSERT")]
    return len(statements)


def test_the_minimum_check_costs_the_same_over_2000_candidates_as_over_10(pipeline_cast):
    w = pipeline_cast
    grow(w, 10)
    with CaptureQueriesContext(connection) as at_10:
        jobs.check_annual_minimum()
    grow(w, 1990)
    with CaptureQueriesContext(connection) as at_2000:
        result = jobs.check_annual_minimum()
    assert counted(at_2000) == counted(at_10)
    # None has facilitated yet, months into the year: all are behind; the first ten were told
    # this month already, so this run offers the 1,990 others.
    assert result["behind"] >= 1990
    assert result["recorded"] == 1990  # last school year's result, for those not yet recorded


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_running_a_job_at_once_tell_nobody_twice(cast):
    from coaching.models import Program

    Program.objects.filter(pk=cast.program.pk).update(kind=Program.Kind.FACILITATOR_CERTIFICATION)
    cast.program.refresh_from_db()
    factories.initial_training(cast.program, [cast.coach_a.person], by=cast.associate)
    candidacy = services.candidacy_identify(
        person=cast.coach_a.person, program=cast.program, by=cast.admin_a
    )
    factories.approve(candidacy, admin=cast.admin_a, associate=cast.associate)
    barrier = threading.Barrier(4)

    def run():
        try:
            barrier.wait()
            jobs.check_annual_minimum(today=dt.date(2027, 3, 1))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Notification.objects.filter(recipient=cast.coach_a, kind="pace").count() == 1


def test_each_job_runs_once_from_the_command(journey_cast):
    out = io.StringIO()
    call_command("run_job", "--all", stdout=out)
    names = [line.split(":")[0] for line in out.getvalue().splitlines()]
    assert names == [*jobs.JOBS, *coaching_jobs.JOBS, "deliver_notifications"]


def test_a_lapse_needs_no_certificate_left_active_past_expiry(pipeline_cast):
    w = pipeline_cast
    certificate = certify(w, w.coach_candidacy)
    with at(certificate.expires_on + dt.timedelta(days=1)):
        assert jobs.lapse_certificates() == 1
    assert Certificate.objects.get(pk=certificate.pk).status == "lapsed"


def test_the_benchmark_measures_and_keeps_nothing(db):
    out = io.StringIO()
    call_command("benchmark_minimum_check", candidacies=30, stdout=out)
    assert "check_annual_minimum over 30 candidacies" in out.getvalue()
    assert "Rolled back" in out.getvalue()
    assert not Candidacy.objects.exists() and not Notification.objects.exists()


def test_a_revoked_certificate_is_no_longer_followed_as_a_certified_coach(pipeline_cast):
    from certification.services import certificates

    w = pipeline_cast
    with at(dt.date(2026, 9, 1)):
        certificate = certify(w, w.coach_candidacy)
        certificates.certificate_revoke(certificate=certificate, by=w.associate, reason="Misused.")
    with at(dt.date(2027, 3, 1)):
        assert jobs.check_annual_minimum()["behind"] == 0
    with at(dt.date(2027, 7, 1)):
        assert jobs.check_annual_minimum()["recorded"] == 0
    assert told(w.associate, "pace") == []
