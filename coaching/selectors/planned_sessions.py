"""Reads of planned coaching sessions (coaching/models/planned_sessions.py), through the
engagements' scoping: whoever sees an engagement's activity sees its planned sessions (a date, a
time, a length, a mode: no content); who logs its sessions plans and cancels them."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..models import Engagement, PlannedSession, User
from .engagements import engagements_visible_to, may_log_sessions

# A planned session whose time has passed stays in "Next sessions" this long, to be logged.
TO_LOG_DAYS = 14
# How many the engagement page shows: the calendar feed carries them all.
SHOWN = 10


def next_sessions(engagement: Engagement, *, now=None) -> list[PlannedSession]:
    """The engagement's planned sessions still ahead, with those cancelled and those of the last
    `TO_LOG_DAYS` not yet logged; soonest first. Each is marked `past` once its time has come."""
    now = now or timezone.now()
    rows = list(
        engagement.planned_sessions.filter(
            Q(starts_at__gte=now) | Q(cancelled_at__isnull=True),
            starts_at__gte=now - dt.timedelta(days=TO_LOG_DAYS),
            held_session__isnull=True,
        )
        .select_related("scheduled_by")
        .order_by("starts_at", "pk")[:SHOWN]
    )
    for planned in rows:
        planned.past = planned.starts_at <= now
    return rows


def get_planned_session_for_user(user: User, pk: int, *, write: bool = False) -> PlannedSession:
    """The planned session, if the user sees its engagement (404 otherwise); with `write`, only
    who logs the engagement's sessions (403 to the others who see it)."""
    planned = get_object_or_404(
        PlannedSession.objects.filter(
            engagement__in=engagements_visible_to(user).values("pk")
        ).select_related("engagement__district", "engagement__coachee_person"),
        pk=pk,
    )
    if write and not may_log_sessions(user, planned.engagement):
        raise PermissionDenied("Only who logs the engagement's sessions plans them.")
    return planned


def planned_session_of(engagement: Engagement, pk: int) -> PlannedSession:
    """One of the engagement's planned sessions (the engagement already fetched for the user):
    404 for a planned session of another engagement."""
    return get_object_or_404(engagement.planned_sessions.select_related("engagement"), pk=pk)
