"""The periodic jobs of the pathway (DESIGN.md, "Background work"). Each derives what is due from
the data, notifies through the outbox with a dedupe key (the database's unique constraint, not a
check, makes a second run or a second worker write nothing twice), runs a fixed number of queries
whatever the number of people, and returns how many notifications (or records) it wrote. The
schedule is in config/celery.py; `manage.py run_job <name>` runs one once."""

import datetime as dt

from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField, Exists, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from coaching.models import Notification, Program, Registration, RoleMembership
from coaching.notifications.services import Message, notify_many, notify_selected
from coaching.selectors import associates_by_program, district_admins_by_district

from . import selectors
from .models import AnnualMinimumRecord, Candidacy, Certificate, Facilitation, Submission
from .schoolyear import pace, school_year
from .services import certificates

Kind = Notification.Kind
Phase = Candidacy.Phase
EXPIRY_WARNINGS = (7, 30, 60)  # days before expiry; each is told once
FOLLOWED = selectors.FOLLOWED
RECORD_FIELDS = (
    "person",
    "program",
    "year_start",
    "year_end",
    "count",
    "minimum",
    "met",
    "certified",
    "recorded_at",
)


def _day(day: dt.date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def _candidacy_url():
    """`url(candidacy)` without a reverse() per row (a job may write tens of thousands)."""
    template = reverse("certification:candidacy_detail", args=[0]).replace("/0/", "/{}/")
    return lambda candidacy: template.format(getattr(candidacy, "pk", candidacy))


def _with_admins(candidacies):
    admins = district_admins_by_district(c.person.district_id for c in candidacies)
    return lambda c: [c.person.user, *admins.get(c.person.district_id, [])]


@transaction.atomic
def remind_training_tomorrow(*, today: dt.date | None = None) -> int:
    """Those registered for a training or support call that starts tomorrow."""
    today = today or timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min))
    registrations = Registration.objects.filter(
        event__starts_at__gte=start,
        event__starts_at__lt=start + dt.timedelta(days=1),
        event__cancelled_at__isnull=True,  # its registrants were told it is cancelled
        attendance=Registration.Attendance.REGISTERED,
        person__user__isnull=False,
    ).select_related("event", "person__user")
    return notify_many(
        [
            Message(
                recipients=[r.person.user],
                subject=f"Tomorrow: {r.event}",
                body=f"{r.event.get_kind_display()} tomorrow, "
                f"{timezone.localtime(r.event.starts_at):%-I:%M %p}"
                + (f", {r.event.location}" if r.event.location else "")
                + ". You are registered.",
                url=r.event.get_absolute_url(),
                dedupe_key=f"training-tomorrow:{r.event_id}",
            )
            for r in registrations
        ],
        kind=Kind.TRAINING,
    )


@transaction.atomic
def remind_overdue_reviews(*, now: dt.datetime | None = None) -> int:
    """The program's associates, about each submission waiting longer than its review window."""
    now = now or timezone.now()
    waiting = list(
        Submission.objects.filter(outcome=Submission.Outcome.PENDING).select_related(
            "candidacy__person", "candidacy__program"
        )
    )
    rules = selectors.settings_by_program({s.candidacy.program_id for s in waiting})
    overdue = [
        s
        for s in waiting
        if now - s.submitted_at
        > dt.timedelta(days=rules[s.candidacy.program_id].review_window_days)
    ]
    associates = associates_by_program(s.candidacy.program_id for s in overdue)
    return notify_many(
        [
            Message(
                recipients=associates.get(s.candidacy.program_id, []),
                subject=f"Waiting past the review window: {s.candidacy.person.full_name}, "
                f"attempt {s.attempt}",
                body=f"{s.candidacy.person.full_name}'s {s.get_purpose_display()} notes were "
                f"submitted {(now - s.submitted_at).days} days ago; the window is "
                f"{rules[s.candidacy.program_id].review_window_days} days.",
                url=s.get_absolute_url(),
                dedupe_key=f"review-overdue:{s.pk}",
            )
            for s in overdue
        ],
        kind=Kind.REVIEW,
    )


@transaction.atomic
def remind_expiring_certificates(*, today: dt.date | None = None) -> int:
    """The coach and their district admins, 60, 30 and 7 days before a certificate expires (a
    day the job missed is caught up: the nearest warning not yet given is given)."""
    today = today or timezone.localdate()
    expiring = list(
        Certificate.objects.filter(
            status=Certificate.Status.ACTIVE,
            expires_on__gte=today,
            expires_on__lte=today + dt.timedelta(days=max(EXPIRY_WARNINGS)),
        ).select_related("candidacy__person__user")
    )
    to = _with_admins([c.candidacy for c in expiring])
    messages = []
    for c in expiring:
        left = (c.expires_on - today).days
        warning = min(days for days in EXPIRY_WARNINGS if left <= days)
        messages.append(
            Message(
                recipients=to(c.candidacy),
                subject=f"Certificate {c.number} expires "
                + ("today" if left == 0 else f"in {left} day{'s' if left != 1 else ''}"),
                body=f"{c.candidacy.person.full_name}'s certificate expires on "
                f"{_day(c.expires_on)}. A pass on a recertification video renews it from that "
                "date; without one it lapses.",
                url=c.get_absolute_url(),
                dedupe_key=f"certificate-expiring:{c.pk}:{c.expires_on}:{warning}",
            )
        )
    return notify_many(messages, kind=Kind.EXPIRING)


@transaction.atomic
def remind_stalled_checklists(*, now: dt.datetime | None = None) -> int:
    """A Phase II candidate (and their district admins) whose checklist has not moved for
    CHECKLIST_STALLED_DAYS: no attendance recorded, no meeting logged, no change. Told once per
    stall."""
    now = now or timezone.now()
    attended = (
        Registration.objects.filter(person=OuterRef("person"), attendance__in=selectors.ATTENDED)
        .values("person")
        .annotate(last=Max("recorded_at"))
        .values("last")
    )
    logged = (
        Facilitation.objects.filter(person=OuterRef("person"))
        .values("person")
        .annotate(last=Max("created_at"))
        .values("last")
    )
    candidacies = list(
        Candidacy.objects.filter(phase=Phase.TRAINING)
        .annotate(last_attended=Subquery(attended), last_logged=Subquery(logged))
        .select_related("person__user", "program")
    )
    quiet = dt.timedelta(days=settings.CHECKLIST_STALLED_DAYS)
    stalled = []
    for c in candidacies:
        last = max(t for t in (c.updated_at, c.last_attended, c.last_logged) if t is not None)
        if now - last >= quiet:
            stalled.append((c, last))
    to = _with_admins([c for c, _ in stalled])
    return notify_many(
        [
            Message(
                recipients=to(c),
                subject=f"{c.person.full_name}'s Phase II checklist has not moved",
                body=f"Nothing has changed on {c.person.full_name}'s Phase II checklist since "
                f"{_day(timezone.localtime(last).date())}: no attendance recorded and no IEP "
                "meeting logged.",
                url=c.get_absolute_url(),
                dedupe_key=f"stalled:{c.pk}:{last:%Y-%m-%d}",
            )
            for c, last in stalled
        ],
        kind=Kind.STALLED,
    )


@transaction.atomic
def check_annual_minimum(*, today: dt.date | None = None) -> dict:
    """For every candidate in training or review and every certified coach: the school year's
    facilitations against the annual minimum and the pace the date requires. Those behind pace are
    told, with their district admins, once a month. A school year that has ended is recorded as
    met or not met, once; a certified coach who did not meet it is flagged to the provider.

    The database counts and chooses: one aggregate query (selectors.minimum_counts) returns only
    the candidacies behind pace, another only those whose ended year is not recorded yet; no row
    is built in Python: the database writes them, INSERT ... SELECT over those queries
    (notify_selected, _record_ended_years). Candidacies already told this month are left out by
    the same query, so `behind` counts those behind pace and not yet told this month. The number
    of queries is fixed whatever the number of people (tested at 10 and 2,000)."""
    today = today or timezone.localdate()
    if connection.vendor == "postgresql":
        # PostgreSQL's estimate of the counting query is high enough for it to JIT-compile the
        # query, which took longer than running it (0.8 s of 1.2 s at 100,000 candidacies).
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
    # Every program (a short list; scanning the candidacies for theirs would cost a count).
    program_ids = set(Program.objects.values_list("pk", flat=True))
    if not program_ids:
        return {"behind": 0, "told": 0, "recorded": 0}
    rules = selectors.settings_by_program(program_ids)
    years = {pk: school_year(today, r.school_year_start_month) for pk, r in rules.items()}
    # Behind pace means short of what the date requires; that is never more than the minimum, so
    # it is "not met" too. The database keeps the rows below each program's figure.
    required = {
        pk: pace(count=0, minimum=rules[pk].annual_minimum, today=today, year=year).required_now
        for pk, year in years.items()
    }
    behind_q = Q(pk__in=[])
    for pk, need in required.items():
        behind_q |= Q(program_id=pk, n__lt=need)
    # Those told this month already (their key is in the outbox, found by its index) are not
    # offered again: a daily run writes only what is new. The constraint still decides.
    told_q = Q(pk__in=[])
    starts: dict[dt.date, list[int]] = {}
    for pk, year in years.items():
        starts.setdefault(year.start, []).append(pk)
    for start, pks in starts.items():
        key = Concat(
            Value("behind-pace:"),
            Cast(OuterRef("pk"), CharField()),
            Value(f":{start}:{today:%Y-%m}"),
        )
        told_q |= Q(program_id__in=pks) & Exists(Notification.objects.filter(dedupe_key=key))
    behind = selectors.minimum_counts(years).filter(behind_q).exclude(told_q)
    written = _tell_behind(behind, rules=rules, years=years, today=today)
    recorded = _record_ended_years(rules, years)
    # `behind`: the candidacies told this run (behind pace, not told this month, someone to tell).
    return {"behind": len({key for _, key in written}), "told": len(written), "recorded": recorded}


def behind_pace_body(p, *, count=None, remaining=None) -> str:
    """What a candidate behind pace (and their district admins) read. `_tell_behind` has the
    database write it: the text with the two figures of each candidacy left as gaps."""
    count = p.count if count is None else count
    remaining = p.remaining if remaining is None else remaining
    return (
        f"{count} of {p.minimum} IEP meetings facilitated with the model this school year; at "
        f"this date the pace needs {p.required_now}. {remaining} more are needed in the "
        f"{p.days_left} day{'s' if p.days_left != 1 else ''} left."
    )


def _tell_behind(behind, *, rules, years, today) -> list[tuple[int, str]]:
    """Tell each candidacy of `behind` (minimum_counts rows) and its district's admins, written
    by the database (notify_selected): one INSERT ... SELECT, no row read into Python. Within a
    program, two candidacies' texts differ only by their name, id, count `n` and what remains,
    so each program's body is behind_pace_body with those two figures as gaps, its three parts
    joined around them in SQL. The counting query runs once, as a CTE."""
    programs, values = [], []
    for program_id, year in years.items():
        p = pace(count=0, minimum=rules[program_id].annual_minimum, today=today, year=year)
        _, middle, tail = behind_pace_body(p, count="\0", remaining="\0").split("\0")
        programs.append("(%s, %s, %s, %s, %s)")
        values += [program_id, p.minimum, middle, tail, f":{year.start}:{today:%Y-%m}"]
    counted, counted_params = behind.query.sql_with_params()
    head, foot = reverse("certification:candidacy_detail", args=[0]).split("/0/")
    col = connection.ops.quote_name
    b_pk, n = f"b.{col('pk')}", f"b.{col('n')}"
    memberships = col(RoleMembership._meta.db_table)
    select = (
        # Names from the models' Meta and Django's own aliases; every value is a parameter.
        f"SELECT who.user_id AS recipient_id, "  # noqa: S608
        f"TRIM(b.{col('person__first_name')} || ' ' || b.{col('person__last_name')}) || %s "
        "AS subject, "
        f"CAST({n} AS TEXT) || r.column3 || CAST(CASE WHEN r.column2 > {n} "
        f"THEN r.column2 - {n} ELSE 0 END AS TEXT) || r.column4 AS body, "
        f"%s || CAST({b_pk} AS TEXT) || %s AS url, "
        f"%s || CAST({b_pk} AS TEXT) || r.column5 AS dedupe_key "
        f"FROM behind b INNER JOIN (VALUES {', '.join(programs)}) r "
        f"ON r.column1 = b.{col('program_id')} "
        f"INNER JOIN (SELECT {col('pk')} AS pk, {col('person__user_id')} AS user_id FROM behind "
        f"WHERE {col('person__user_id')} IS NOT NULL UNION ALL "
        f"SELECT a.{col('pk')}, m.user_id FROM behind a INNER JOIN {memberships} m "
        f"ON m.district_id = a.{col('person__district_id')} AND m.role = %s) who "
        f"ON who.pk = {b_pk}"
    )
    params = [" is behind the pace of the annual minimum", f"{head}/", f"/{foot}", "behind-pace:"]
    params += [*values, RoleMembership.Role.DISTRICT_ADMIN]
    # The CTE's columns named as minimum_counts selects them (its fields, then `n`).
    names = ", ".join(col(name) for name in (*selectors.MINIMUM_FIELDS, "n"))
    return notify_selected(
        select,
        params,
        kind=Kind.PACE,
        with_=f"WITH behind ({names}) AS ({counted})",
        with_params=counted_params,
    )


def _full_name(row) -> str:
    return f"{row['person__first_name']} {row['person__last_name']}".strip()


def _record_ended_years(rules, years) -> int:
    """The school year before the current one, the one that has ended, recorded for each followed
    candidacy that existed by its end and has no record of it yet: one aggregate query chooses
    and counts them, one insert records them."""
    ended = {
        pk: school_year(year.start - dt.timedelta(days=1), year.start.month)
        for pk, year in years.items()
    }
    # Candidacies made by the year's last day (in UTC, as their creation time is kept).
    existed, of_year = Q(pk__in=[]), Q(pk__in=[])
    for pk, year in ended.items():
        after = dt.datetime.combine(year.end + dt.timedelta(days=1), dt.time.min, dt.UTC)
        existed |= Q(program_id=pk, created_at__lt=after)
        of_year |= Q(program_id=pk, year_start=year.start)
    recorded = AnnualMinimumRecord.objects.filter(
        of_year, person=OuterRef("person_id"), program=OuterRef("program_id")
    )
    due = selectors.minimum_counts(ended).filter(existed).filter(~Exists(recorded))
    # Written by the database, as the month's notices are (_tell_behind): the counting query is
    # a CTE, each program's constants a VALUES row, no row read into Python. The flagged coaches'
    # notices first (the records, once written, take their candidacies out of `due`), then one
    # record per candidacy; the dedupe key and the unique constraint decide what is written twice.
    col, ops = connection.ops.quote_name, connection.ops
    counted, counted_params = due.query.sql_with_params()
    names = ", ".join(col(name) for name in (*selectors.MINIMUM_FIELDS, "n"))
    with_ = f"WITH due ({names}) AS ({counted})"
    programs, values = [], []
    for pk, year in ended.items():
        minimum = rules[pk].annual_minimum
        programs.append("(%s, %s, %s, %s, %s, %s)")
        values += [pk, minimum, ops.adapt_datefield_value(year.start)]
        values += [ops.adapt_datefield_value(year.end)]
        values += [
            f" of {minimum} IEP meetings with the model in the school year {_day(year.start)} "
            f"– {_day(year.end)}.",
            f":{year.start}",
        ]
    rule = f"INNER JOIN (VALUES {', '.join(programs)}) r ON r.column1 = d.{col('program_id')}"
    name = f"TRIM(d.{col('person__first_name')} || ' ' || d.{col('person__last_name')})"
    head, foot = reverse("certification:candidacy_detail", args=[0]).split("/0/")
    memberships = col(RoleMembership._meta.db_table)
    flagged = (
        # Names from the models' Meta and Django's own aliases; every value is a parameter.
        f"SELECT m.user_id AS recipient_id, %s || {name} AS subject, "  # noqa: S608
        f"{name} || %s || CAST(d.{col('n')} AS TEXT) || r.column5 AS body, "
        f"%s || CAST(d.{col('pk')} AS TEXT) || %s AS url, "
        f"%s || CAST(d.{col('person_id')} AS TEXT) || ':' || CAST(d.{col('program_id')} AS TEXT) "
        "|| r.column6 AS dedupe_key "
        f"FROM due d {rule} INNER JOIN {memberships} m ON m.program_id = d.{col('program_id')} "
        f"AND m.role = %s WHERE d.{col('phase')} = %s AND d.{col('n')} < r.column2"
    )
    notify_selected(
        flagged,
        ["Annual minimum not met: ", ", a certified coach, facilitated ", f"{head}/", f"/{foot}"]
        + ["minimum-not-met:", *values, RoleMembership.Role.ASSOCIATE, Phase.CERTIFIED],
        kind=Kind.PACE,
        with_=with_,
        with_params=counted_params,
    )
    meta = AnnualMinimumRecord._meta
    columns = ", ".join(col(meta.get_field(field).column) for field in RECORD_FIELDS)
    n = f"d.{col('n')}"
    insert = (
        f"{with_} INSERT INTO {col(meta.db_table)} ({columns}) "  # noqa: S608
        f"SELECT d.{col('person_id')}, d.{col('program_id')}, r.column3, r.column4, {n}, "
        f"r.column2, {n} >= r.column2, d.{col('phase')} = %s, %s FROM due d {rule} "
        # RETURNING, to count them: SQLite gives no row count for a statement that opens with WITH.
        f"WHERE 1 = 1 ON CONFLICT DO NOTHING RETURNING {col(meta.get_field('person').column)}"
    )
    now = ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(insert, [*counted_params, Phase.CERTIFIED, now, *values])
        return len(cursor.fetchall())


def lapse_certificates(*, today: dt.date | None = None) -> int:
    return certificates.certificates_lapse_expired(today=today)


JOBS = {
    "remind_training_tomorrow": remind_training_tomorrow,
    "remind_overdue_reviews": remind_overdue_reviews,
    "remind_expiring_certificates": remind_expiring_certificates,
    "remind_stalled_checklists": remind_stalled_checklists,
    "check_annual_minimum": check_annual_minimum,
    "lapse_certificates": lapse_certificates,
}
