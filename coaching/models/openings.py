"""The access log of coaching content (DESIGN.md, "Privacy of coaching"): every opening of a
record's content by someone who is not a party to its engagement, the site admin in /admin/
included. The coachee (and the coaches) see who opened their records, and when.

A row names the record by its kind and id and a content-free label (a session's date, a check-in's
number): never its text."""

from django.conf import settings
from django.db import models

from .engagements import Engagement


class ContentOpening(models.Model):
    class How(models.TextChoices):
        PAGE = "page", "A page of the app"
        ADMIN = "admin", "The site administration (/admin/)"

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="content_openings"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    how = models.CharField(max_length=10, choices=How.choices)
    record_type = models.CharField(
        max_length=100, help_text="The model, such as “coaching session”."
    )
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    record_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["engagement", "-opened_at"])]

    def __str__(self):
        return f"{self.opened_by} opened {self.record_label} ({self.get_how_display()})"
