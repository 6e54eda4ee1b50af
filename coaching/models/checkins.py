"""Check-ins (DESIGN.md, "Check-ins"; Missouri practice profile, "communicating in a timely and
responsive manner"): the coachee asks a question, reports how the work is going, or gives feedback
on the coaching itself; the coach answers.

The time to answer is measured against the engagement agreement's response window, in CALENDAR
days (weekends and holidays count): a check-in asked at 4 pm on a Friday with a two-day window is
due at 4 pm on Sunday. The due moment is written once, when the check-in is asked (`due_at`, with
the window it used), so that a later change of the agreement does not rewrite past measurements
and the reminder job finds late check-ins with one indexed query.

Both texts (the check-in and its answer) are coaching content: the engagement's parties alone read
them. That a check-in was asked, when, and whether it was answered in time is activity."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .. import limits
from ..limits import length_at_most
from ..privacy import no_student_identifiers
from .engagements import Engagement


def _content(limit: int) -> list:
    return [MaxLengthValidator(limit), no_student_identifiers]


class CheckIn(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", "A question"
        REPORT = "report", "A report on how it is going"
        FEEDBACK = "feedback", "Feedback on the coaching"

    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="checkins")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.QUESTION)
    text = models.TextField(
        "check-in", max_length=limits.CHECKIN_MAX, validators=_content(limits.CHECKIN_MAX)
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField()
    window_days = models.PositiveSmallIntegerField(
        help_text="The agreement's response window when the check-in was asked (calendar days)."
    )
    due_at = models.DateTimeField(help_text="When the answer is due: asked + the window.")
    answer = models.TextField(
        blank=True, max_length=limits.CHECKIN_MAX, validators=_content(limits.CHECKIN_MAX)
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""),
                name="checkin_has_text",
                violation_error_message="Write the check-in.",
            ),
            models.CheckConstraint(
                condition=Q(answer="", answered_at__isnull=True, answered_by__isnull=True)
                | (~Q(answer="") & Q(answered_at__isnull=False, answered_by__isnull=False)),
                name="checkin_answer_complete",
                violation_error_message="An answer has its text, who wrote it and when.",
            ),
            models.CheckConstraint(
                condition=Q(due_at__gte=models.F("asked_at")),
                name="checkin_due_after_asked",
                violation_error_message="A check-in is due after it is asked.",
            ),
            length_at_most("text", limits.CHECKIN_MAX),
            length_at_most("answer", limits.CHECKIN_MAX),
        ]
        indexes = [
            models.Index(fields=["engagement", "-asked_at"]),
            models.Index(fields=["answered_at", "due_at"]),
        ]

    def __str__(self):
        return f"Check-in {self.pk} of engagement {self.engagement_id}"

    def get_absolute_url(self):
        return reverse("coaching:checkin_detail", args=[self.pk])

    @staticmethod
    def due_from(asked_at: dt.datetime, window_days: int) -> dt.datetime:
        """Calendar days: the window runs through weekends and holidays."""
        return asked_at + dt.timedelta(days=window_days)

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def answered_in_time(self) -> bool | None:
        """True or False once answered; None while waiting."""
        if self.answered_at is None:
            return None
        return self.answered_at <= self.due_at

    def is_late(self, now: dt.datetime) -> bool:
        """Past its window: answered after it, or still waiting after it."""
        if self.answered_at is not None:
            return self.answered_at > self.due_at
        return now > self.due_at

    @property
    def hours_to_answer(self) -> float | None:
        if self.answered_at is None:
            return None
        return (self.answered_at - self.asked_at).total_seconds() / 3600


# The check-ins' coaching content (see engagements.CONTENT_FIELDS, which adds these).
CHECKIN_CONTENT_FIELDS = [(CheckIn, "text"), (CheckIn, "answer")]
