"""The periodic jobs of coaching engagements (DESIGN.md, "Background work"): reminders of action
steps due tomorrow, due today and a week overdue; of check-ins past their agreed window (to the
coaches); of engagements with no session for ENGAGEMENT_QUIET_DAYS (to the coaches).

Each derives what is due from the data, writes through the outbox with a dedupe key (the
database's unique constraint makes a second run, or a second worker, write nothing twice), runs a
fixed number of queries whatever the number of rows, and returns how many notifications it
offered. The schedule is config/celery.py's; `manage.py run_job <name>` runs one once. Coaching may
not import certification, so its jobs live here and certification's command lists them too.

A reminder names the engagement and the date, never what a step or a check-in says: e-mail is
no place for coaching content."""

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from .models import ActionStep, CheckIn, CoachingSession, Engagement, Notification, Team, User
from .models import engagements as engagement_models
from .notifications.services import Message, notify_many
from .selectors import checkins as checkin_selectors
from .selectors import engagements as engagement_selectors

Kind = Notification.Kind
# What an engagement's label (`Engagement.__str__`, `coachee_label`) reads: the jobs load no more.
LABEL_FIELDS = engagement_models.LABEL_FIELDS
OPEN = [ActionStep.Status.OPEN, ActionStep.Status.PRACTISING]


def _day(day: dt.date) -> str:
    return f"{day:%a %b} {day.day}"


def _url(name):
    """`reverse(name, args=[pk])` without a reverse() per row."""
    template = reverse(name, args=[0]).replace("/0/", "/{}/")
    return lambda pk: template.format(pk)


def _people_of(engagement_ids, *, coachees: bool) -> dict[int, list[User]]:
    """Each engagement's coaches (lead and co-coaches) and, with `coachees`, the coachee side's
    logins (the person, or the team's members): four queries whatever the number."""
    ids = set(engagement_ids)
    people = defaultdict(dict)
    rows = Engagement.objects.filter(pk__in=ids).values_list(
        "pk", "coach_id", "coachee_person__user_id", "coachee_team_id"
    )
    teams = defaultdict(list)
    wanted = set()
    for pk, coach, person_user, team in rows:
        people[pk][coach] = None
        wanted.add(coach)
        if coachees and person_user:
            people[pk][person_user] = None
            wanted.add(person_user)
        if coachees and team:
            teams[team].append(pk)
    for pk, user in Engagement.co_coaches.through.objects.filter(engagement_id__in=ids).values_list(
        "engagement_id", "user_id"
    ):
        people[pk][user] = None
        wanted.add(user)
    if teams:
        members = Team.members.through.objects.filter(
            team_id__in=teams, person__user__isnull=False
        ).values_list("team_id", "person__user_id")
        for team, user in members:
            for pk in teams[team]:
                people[pk][user] = None
                wanted.add(user)
    users = {u.pk: u for u in User.objects.filter(pk__in=wanted)}  # in_bulk batches on SQLite
    return {pk: [users[u] for u in found if u in users] for pk, found in people.items()}


# When a step is told: (days from today to its follow-up date, the key's word, the subject's).
STEP_MOMENTS = ((1, "tomorrow", "due tomorrow"), (0, "today", "due today"))
STEP_MOMENTS += ((-7, "week-overdue", "a week overdue"),)


@transaction.atomic
def remind_action_steps(*, today: dt.date | None = None) -> int:
    """The coaches and the coachee, of each open step of an active engagement due tomorrow, due
    today, or a week overdue (each told once per step, moment and follow-up date: a step moved
    to a new date is told again)."""
    today = today or timezone.localdate()
    moments = {today + dt.timedelta(days=d): (word, said) for d, word, said in STEP_MOMENTS}
    steps = list(
        ActionStep.objects.filter(
            status__in=OPEN,
            follow_up_on__in=list(moments),
            engagement__status=Engagement.Status.ACTIVE,
        )
        .select_related("engagement__coachee_person", "engagement__coachee_team")
        .select_related("engagement__coachee_school", "engagement__district")
        .select_related("engagement")
        .only(
            "pk",
            "follow_up_on",
            "engagement__id",
            *(f"engagement__{name}" for name in LABEL_FIELDS),
        )
    )
    people = _people_of({s.engagement_id for s in steps}, coachees=True)
    url = _url("coaching:engagement_detail")
    return notify_many(
        [
            Message(
                recipients=people.get(s.engagement_id, []),
                subject=f"Action step {moments[s.follow_up_on][1]}: {s.engagement.coachee_label}",
                body=f"An action step of {s.engagement} is {moments[s.follow_up_on][1]} "
                f"(follow-up date {_day(s.follow_up_on)}). Open the engagement to review it.",
                url=url(s.engagement_id),
                dedupe_key=f"step:{s.pk}:{moments[s.follow_up_on][0]}:{s.follow_up_on}",
            )
            for s in steps
        ],
        kind=Kind.STEP_DUE,
    )


@transaction.atomic
def remind_late_checkins(*, now: dt.datetime | None = None) -> int:
    """The coaches, of each unanswered check-in past its agreed window (once per check-in)."""
    now = now or timezone.now()
    late = list(
        checkin_selectors.checkins_late(now)
        .select_related("engagement__coachee_person", "engagement__coachee_team")
        .select_related("engagement__coachee_school", "engagement__district", "engagement")
        .only(
            "pk",
            "kind",
            "asked_at",
            "due_at",
            "window_days",
            "engagement__id",
            *(f"engagement__{name}" for name in LABEL_FIELDS),
        )
    )
    coaches = _people_of({c.engagement_id for c in late}, coachees=False)
    url = _url("coaching:checkin_detail")
    kinds = dict(CheckIn.Kind.choices)
    return notify_many(
        [
            Message(
                recipients=coaches.get(c.engagement_id, []),
                subject=f"Past the agreed window: a check-in from {c.engagement.coachee_label}",
                body=f"{kinds[c.kind]} of {_day(timezone.localtime(c.asked_at).date())} on "
                f"{c.engagement} waits for an answer; the agreed window was {c.window_days} "
                f"day{'s' if c.window_days != 1 else ''}.",
                url=url(c.pk),
                dedupe_key=f"checkin-late:{c.pk}",
            )
            for c in late
        ],
        kind=Kind.CHECKIN_LATE,
    )


@transaction.atomic
def remind_quiet_engagements(*, today: dt.date | None = None) -> int:
    """The coaches of each active engagement with no session for ENGAGEMENT_QUIET_DAYS (counted
    from its last session, or its start): once per quiet spell (the key holds the last session's
    date, so a new session starts a new spell)."""
    today = today or timezone.localdate()
    days = engagement_selectors.quiet_days()
    last = (
        CoachingSession.objects.filter(engagement=OuterRef("pk"))
        .order_by()
        .values("engagement")
        .annotate(last=Max("held_on"))
        .values("last")
    )
    quiet = list(
        Engagement.objects.filter(status=Engagement.Status.ACTIVE)
        .annotate(since=Coalesce(Subquery(last), "starts_on"))
        .filter(Q(since__lte=today - dt.timedelta(days=days)))
        .select_related("coachee_person", "coachee_team", "coachee_school", "district")
        .only(
            "pk",
            "starts_on",
            *LABEL_FIELDS,
        )
    )
    coaches = _people_of({e.pk for e in quiet}, coachees=False)
    url = _url("coaching:engagement_detail")
    return notify_many(
        [
            Message(
                recipients=coaches.get(e.pk, []),
                subject=f"No session for {(today - e.since).days} days: {e.coachee_label}",
                body=f"The last session of {e} was on {_day(e.since)}"
                if e.since != e.starts_on
                else f"{e} started on {_day(e.since)} and has no session yet.",
                url=url(e.pk),
                dedupe_key=f"quiet:{e.pk}:{e.since}",
            )
            for e in quiet
        ],
        kind=Kind.QUIET,
    )


JOBS = {
    "remind_action_steps": remind_action_steps,
    "remind_late_checkins": remind_late_checkins,
    "remind_quiet_engagements": remind_quiet_engagements,
}
