"""Coaching sessions planned ahead on an engagement (DESIGN.md, "Coaching sessions"; the calendar
feed of "Reports and data in and out"): a date, a start time, a length and a mode. Activity only:
a planned session carries no notes, so everyone who sees the engagement sees its next sessions.

A planned session is never deleted. Cancelled, it is kept and marked (`cancelled_at`), and its
`sequence` is raised so that calendars drop it (STATUS:CANCELLED under the same UID). Held, it
points at the session logged for it (`held_session`), written through the session log."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .. import limits
from ..limits import between, in_range
from .engagements import CoachingSession, Engagement


class PlannedSession(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        CANCELLED = "cancelled", "Cancelled"
        HELD = "held", "Held"

    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, related_name="planned_sessions"
    )
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(
        validators=between(limits.SESSION_MINUTES_MIN, limits.SESSION_MINUTES_MAX),
        help_text=f"From {limits.SESSION_MINUTES_MIN} to {limits.SESSION_MINUTES_MAX}.",
    )
    mode = models.CharField(max_length=15, choices=CoachingSession.Mode.choices)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    held_session = models.OneToOneField(
        CoachingSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_as",
    )
    # The revision calendars see (RFC 5545 SEQUENCE): raised by each change of the planned session.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            in_range("minutes", limits.SESSION_MINUTES_MIN, limits.SESSION_MINUTES_MAX),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True, cancelled_by__isnull=True)
                | Q(cancelled_at__isnull=False, cancelled_by__isnull=False),
                name="planned_session_cancelled_by_someone",
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | Q(held_session__isnull=True),
                name="planned_session_cancelled_or_held",
                violation_error_message="A planned session is cancelled or held, not both.",
            ),
        ]
        indexes = [models.Index(fields=["engagement", "starts_at"])]

    def __str__(self):
        starts = timezone.localtime(self.starts_at)
        return f"Coaching session, {starts:%b} {starts.day}, {starts.year}"

    @property
    def status(self) -> str:
        if self.cancelled_at:
            return self.Status.CANCELLED
        if self.held_session_id:
            return self.Status.HELD
        return self.Status.PLANNED

    @property
    def status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def is_open(self) -> bool:
        """Still to be held: neither cancelled nor logged."""
        return self.status == self.Status.PLANNED

    @property
    def ends_at(self):
        return self.starts_at + dt.timedelta(minutes=self.minutes)
