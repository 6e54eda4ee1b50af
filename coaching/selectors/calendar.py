"""Reads of the calendar feed (coaching/models/calendar.py): the login a secret address opens,
and what their feed carries. Every item comes through the scoping selectors of its concept
(`events_visible_to`, `engagements_party_to`, `partnerships_visible_to`), narrowed to what is the
owner's own: the trainings they are registered for, run, or whose cohort they are in; the coaching
sessions planned on engagements they are a party of, or that they planned; the follow-up dates of
those engagements' open action steps; the peer time requests scheduled for their partnerships or
by them. A summary carries a title and a kind, never coaching content: a follow-up says "Follow-up:
action step" and the engagement's label, never the step's text; a time request never says what
the time is for. Each kind of item is one query, whatever the number of items."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from ..models import (
    ActionStep,
    CalendarFeed,
    Cohort,
    PlannedSession,
    Registration,
    RunSession,
    TimeRequest,
    User,
)
from ..models.engagements import LABEL_FIELDS
from . import roles_of as _roles
from .engagements import OPEN_STEPS, engagements_party_to
from .invitations import token_digest
from .peer import partnerships_visible_to
from .training import events_visible_to

# How far back a feed reaches: what is older has left everyone's calendar view.
PAST_DAYS = 180

__all__ = ["token_digest", "feed_for_token", "feed_entries", "Entry"]


def feed_for_token(token: str) -> CalendarFeed | None:
    """The feed a secret address opens, if its owner's login is active; None otherwise (an
    unknown or reset token, a deactivated login: the same answer, a 404)."""
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=token_digest(token))
    feed = feed.first()
    if feed is None or not feed.user.is_active:
        return None
    return feed


def has_feed(user: User) -> bool:
    return CalendarFeed.objects.filter(user=user).exists()


@dataclass
class Entry:
    """One item of a feed: a timed event (`starts`, `minutes`) or an all-day one (`day`)."""

    uid: str
    summary: str
    stamp: dt.datetime
    sequence: int = 0
    cancelled: bool = False
    starts: dt.datetime | None = None
    minutes: int = 0
    day: dt.date | None = None
    location: str = ""
    url: str = ""
    categories: tuple = ()


def _label_related(prefix: str) -> list[str]:
    """What an engagement's label reads, joined (no content field is loaded: `only`)."""
    names = ("coachee_person", "coachee_team", "coachee_school", "district")
    return [f"{prefix}{name}" for name in names]


def _label_only(prefix: str) -> list[str]:
    return [f"{prefix}id", *(f"{prefix}{name}" for name in LABEL_FIELDS)]


def _training_summary(event) -> str:
    """Its kind and title, the kind once ("Advanced training", not "Advanced training: Advanced
    training")."""
    kind = event.get_kind_display()
    if not event.title:
        return str(event)
    if kind.lower() in event.title.lower():
        return event.title
    return f"{kind}: {event.title}"


def _trainings(user: User, since) -> list[Entry]:
    roles = _roles(user)
    mine = (
        Q(pk__in=Registration.objects.filter(person__user=user).values("event_id"))
        | Q(program_id__in=roles.associate_program_ids)
        | Q(pk__in=RunSession.objects.filter(run__facilitator=user).values("event_id"))
        | Q(
            cohort_id__in=Cohort.members.through.objects.filter(person__user=user).values(
                "cohort_id"
            )
        )
    )
    events = (
        events_visible_to(user)
        .filter(mine, starts_at__gte=since)
        .select_related("program")
        .order_by("starts_at", "pk")
    )
    return [
        Entry(
            uid=f"training-{e.pk}",
            summary=_training_summary(e),
            stamp=e.cancelled_at or e.created_at,
            sequence=e.sequence,
            cancelled=e.is_cancelled,
            starts=e.starts_at,
            minutes=e.duration_minutes,
            location=e.location,
            url=e.get_absolute_url(),
            categories=(e.get_kind_display(), str(e.program)),
        )
        for e in events
    ]


def _planned_sessions(user: User, since) -> list[Entry]:
    engagements = engagements_party_to(user).values("pk")
    planned = (
        PlannedSession.objects.filter(
            Q(engagement__in=engagements) | Q(scheduled_by=user), starts_at__gte=since
        )
        .select_related("engagement", *_label_related("engagement__"))
        .only(
            "id",
            "starts_at",
            "minutes",
            "mode",
            "created_at",
            "cancelled_at",
            "sequence",
            "held_session",
            *_label_only("engagement__"),
        )
        .order_by("starts_at", "pk")
    )
    return [
        Entry(
            uid=f"coaching-session-{p.pk}",
            summary=f"Coaching session: {p.engagement}",
            stamp=p.cancelled_at or p.created_at,
            sequence=p.sequence,
            cancelled=p.cancelled_at is not None,
            starts=p.starts_at,
            minutes=p.minutes,
            location=p.get_mode_display(),
            url=p.engagement.get_absolute_url(),
            categories=("Coaching session",),
        )
        for p in planned
    ]


def _follow_ups(user: User, since) -> list[Entry]:
    steps = (
        ActionStep.objects.filter(
            engagement__in=engagements_party_to(user).values("pk"),
            status__in=OPEN_STEPS,
            follow_up_on__gte=since.date(),
        )
        .select_related("engagement", *_label_related("engagement__"))
        .only("id", "follow_up_on", "created_at", *_label_only("engagement__"))
        .order_by("follow_up_on", "pk")
    )
    return [
        Entry(
            uid=f"follow-up-{s.pk}",
            summary=f"Follow-up: action step, {s.engagement}",
            stamp=s.created_at,
            day=s.follow_up_on,
            url=s.engagement.get_absolute_url(),
            categories=("Follow-up",),
        )
        for s in steps
    ]


def _time_requests(user: User, since) -> list[Entry]:
    partnerships = partnerships_visible_to(user).filter(
        Q(engagement__in=engagements_party_to(user).values("pk"))
        | Q(time_requests__scheduled_by=user)
    )
    requests = (
        TimeRequest.objects.filter(
            partnership__in=partnerships.values("pk"),
            scheduled_for__isnull=False,
            scheduled_for__gte=since.date(),
        )
        .select_related("partnership__engagement", *_label_related("partnership__engagement__"))
        .only(
            "id",
            "scheduled_for",
            "scheduled_at",
            "sequence",
            "partnership__id",
            *_label_only("partnership__engagement__"),
        )
        .order_by("scheduled_for", "pk")
    )
    return [
        Entry(
            uid=f"peer-time-{r.pk}",
            summary=f"Peer coaching time: {r.partnership.engagement}",
            stamp=r.scheduled_at,
            sequence=r.sequence,
            day=r.scheduled_for,
            url=r.partnership.get_absolute_url(),
            categories=("Peer coaching",),
        )
        for r in requests
    ]


def feed_entries(user: User, *, now=None) -> list[Entry]:
    """Everything the user's feed carries from `PAST_DAYS` ago on (four queries)."""
    since = (now or timezone.now()) - dt.timedelta(days=PAST_DAYS)
    return [
        *_trainings(user, since),
        *_planned_sessions(user, since),
        *_follow_ups(user, since),
        *_time_requests(user, since),
    ]
