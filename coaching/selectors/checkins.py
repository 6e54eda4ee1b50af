"""Reads of check-ins. Their texts are content, for the engagement's parties only
(`checkins_for`, `get_checkin_for_user`); their counts and timeliness are activity
(`checkin_counts`, `responsiveness_of`), which anyone who sees the engagement (or the coach's page)
may read.

Timeliness is measured in calendar days (models/checkins.py): a check-in counts toward a coach's
share once it is answered, or once its window has passed unanswered (then as late); a check-in
still inside its window is not counted yet."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..models import CheckIn, Engagement, User
from . import engagements as engagement_selectors


def checkins_for(user: User, engagement: Engagement) -> QuerySet[CheckIn] | None:
    """The engagement's check-ins with their texts, newest first, for a party; None otherwise."""
    if not engagement_selectors.is_party(user, engagement):
        return None
    return engagement.checkins.select_related("asked_by", "answered_by").order_by(
        "-asked_at", "-pk"
    )


def get_checkin_for_user(user: User, pk: int, *, answer: bool = False) -> CheckIn:
    """A check-in, for the parties of its engagement: 404 when the engagement is out of the user's
    sight, 403 to a non-party who sees its activity; with `answer`, 403 to all but its coaches."""
    checkin = get_object_or_404(
        CheckIn.objects.filter(
            engagement__in=engagement_selectors.engagements_visible_to(user)
        ).select_related("engagement", "asked_by", "answered_by"),
        pk=pk,
    )
    if not engagement_selectors.is_party(user, checkin.engagement):
        raise PermissionDenied("A check-in is read by its engagement's parties.")
    if answer and not engagement_selectors.is_coach_of(user, checkin.engagement):
        raise PermissionDenied("The engagement's coaches answer its check-ins.")
    return checkin


@dataclass
class Responsiveness:
    """How many counted check-ins were answered within the agreed window."""

    in_time: int
    counted: int
    waiting: int = 0  # still inside their window: not counted yet

    @property
    def percent(self) -> int | None:
        return round(100 * self.in_time / self.counted) if self.counted else None

    def __str__(self):
        if not self.counted:
            return "no check-in to measure yet"
        return f"{self.in_time} of {self.counted} ({self.percent}%)"


def _responsiveness(checkins: QuerySet[CheckIn], now: dt.datetime) -> Responsiveness:
    row = checkins.aggregate(
        in_time=Count("pk", filter=Q(answered_at__isnull=False, answered_at__lte=F("due_at"))),
        counted=Count("pk", filter=Q(answered_at__isnull=False) | Q(due_at__lt=now)),
        waiting=Count("pk", filter=Q(answered_at__isnull=True, due_at__gte=now)),
    )
    return Responsiveness(**row)


def responsiveness_of(coach: User, *, now: dt.datetime | None = None) -> Responsiveness:
    """The coach's share of check-ins answered within the window, over every engagement they
    coach (lead or co-coach): evidence for "communicating in a timely and responsive manner"."""
    engagements = engagement_selectors.engagements_coached_by(coach).order_by().values("pk")
    return _responsiveness(
        CheckIn.objects.filter(engagement__in=engagements), now or timezone.now()
    )


def checkin_counts(engagement: Engagement, *, now: dt.datetime | None = None) -> Responsiveness:
    """The engagement's check-ins as activity: answered in time, counted, waiting."""
    return _responsiveness(engagement.checkins.all(), now or timezone.now())


def checkins_late(now: dt.datetime) -> QuerySet[CheckIn]:
    """Unanswered check-ins past their window, of active engagements (for the reminder job)."""
    return CheckIn.objects.filter(
        answered_at__isnull=True, due_at__lt=now, engagement__status=Engagement.Status.ACTIVE
    )
