"""The periodic jobs of the pathway (DESIGN.md, "Background work"). Each derives what is due from
the data, notifies through the outbox with a dedupe key (the database's unique constraint, not a
check, makes a second run or a second worker write nothing twice), runs a fixed number of queries
whatever the number of people, and returns how many notifications (or records) it wrote. The
schedule is in config/celery.py; `manage.py run_job <name>` runs one once."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from coaching.models import Notification, Registration
from coaching.notifications.services import Message, notify_many
from coaching.selectors import associates_by_program, district_admins_by_district

from . import selectors
from .models import AnnualMinimumRecord, Candidacy, Certificate, Facilitation, Submission
from .schoolyear import pace, school_year
from .services import certificates

Kind = Notification.Kind
Phase = Candidacy.Phase
EXPIRY_WARNINGS = (7, 30, 60)  # days before expiry; each is told once
# Followed by the annual-minimum check: candidates training or in review, and coaches whose
# certificate is active (a lapsed or revoked one is no longer a certified coach's).
FOLLOWED = Q(phase__in=[Phase.TRAINING, Phase.FEEDBACK_REVIEW]) | Q(
    phase=Phase.CERTIFIED, certificate__status=Certificate.Status.ACTIVE
)


def _day(day: dt.date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def _candidacy_url():
    """`url(candidacy)` without a reverse() per row (a job may write tens of thousands)."""
    template = reverse("certification:candidacy_detail", args=[0]).replace("/0/", "/{}/")
    return lambda candidacy: template.format(candidacy.pk)


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
    rules = selectors._settings_by_program({s.candidacy.program_id for s in waiting})
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
    met or not met, once; a certified coach who did not meet it is flagged to the provider."""
    today = today or timezone.localdate()
    candidacies = list(Candidacy.objects.filter(FOLLOWED).select_related("person__user", "program"))
    rules = selectors._settings_by_program({c.program_id for c in candidacies})
    years = {pk: school_year(today, r.school_year_start_month) for pk, r in rules.items()}
    counts = {
        y: selectors.facilitation_counts([c.person_id for c in candidacies], y)
        for y in set(years.values())
    }
    behind = []
    for c in candidacies:
        year, minimum = years[c.program_id], rules[c.program_id].annual_minimum
        progress = pace(count=counts[year][c.person_id], minimum=minimum, today=today, year=year)
        if not progress.met and not progress.on_pace:
            behind.append((c, progress))
    to, url = _with_admins([c for c, _ in behind]), _candidacy_url()
    told = notify_many(
        [
            Message(
                recipients=to(c),
                subject=f"{c.person.full_name} is behind the pace of the annual minimum",
                body=f"{p.count} of {p.minimum} IEP meetings facilitated with the model this school "
                f"year; at this date the pace needs {p.required_now}. {p.remaining} more are "
                f"needed in the {p.days_left} day{'s' if p.days_left != 1 else ''} left.",
                url=url(c),
                dedupe_key=f"behind-pace:{c.pk}:{years[c.program_id].start}:{today:%Y-%m}",
            )
            for c, p in behind
        ],
        kind=Kind.PACE,
    )
    recorded = _record_ended_years(candidacies, rules, years)
    return {"behind": len(behind), "told": told, "recorded": recorded}


def _record_ended_years(candidacies, rules, years) -> int:
    # The school year before the current one: the one that has ended.
    ended = {
        pk: school_year(year.start - dt.timedelta(days=1), year.start.month)
        for pk, year in years.items()
    }
    due = [c for c in candidacies if c.created_at.date() <= ended[c.program_id].end]
    done = set(
        AnnualMinimumRecord.objects.filter(
            person_id__in=[c.person_id for c in due],
            year_start__in={y.start for y in ended.values()},
        ).values_list("person_id", "program_id", "year_start")
    )
    due = [c for c in due if (c.person_id, c.program_id, ended[c.program_id].start) not in done]
    if not due:
        return 0
    counts = {
        y: selectors.facilitation_counts([c.person_id for c in due], y)
        for y in {ended[c.program_id] for c in due}
    }
    records = []
    for c in due:
        year, minimum = ended[c.program_id], rules[c.program_id].annual_minimum
        count = counts[year][c.person_id]
        records.append(
            AnnualMinimumRecord(
                person_id=c.person_id,
                program_id=c.program_id,
                year_start=year.start,
                year_end=year.end,
                count=count,
                minimum=minimum,
                met=count >= minimum,
                certified=c.phase == Phase.CERTIFIED,
            )
        )
    AnnualMinimumRecord.objects.bulk_create(records, ignore_conflicts=True)
    flagged = [(c, r) for c, r in zip(due, records, strict=True) if r.flagged]
    associates = associates_by_program(c.program_id for c, _ in flagged)
    notify_many(
        [
            Message(
                recipients=associates.get(c.program_id, []),
                subject=f"Annual minimum not met: {c.person.full_name}",
                body=f"{c.person.full_name}, a certified coach, facilitated {r.count} of {r.minimum} "
                f"IEP meetings with the model in the school year {_day(r.year_start)} – "
                f"{_day(r.year_end)}.",
                url=c.get_absolute_url(),
                dedupe_key=f"minimum-not-met:{c.person_id}:{c.program_id}:{r.year_start}",
            )
            for c, r in flagged
        ],
        kind=Kind.PACE,
    )
    return len(records)


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
