"""What a coach saw and how their practice is rated. For now: ratings of a coach's practice on a
practice profile (the coach's own self-assessment, or a supervisor's or an associate's rating), each
one a `rubrics.Review` of that coach. Observations, feedback notes and the video library come with
the certification pipeline."""

from django.conf import settings
from django.db import models


class PracticeRating(models.Model):
    class Relation(models.TextChoices):
        SELF = "self", "Self-assessment"
        SUPERVISOR = "supervisor", "Supervisor"
        ASSOCIATE = "associate", "Provider associate"

    person = models.ForeignKey(
        "coaching.Person", on_delete=models.PROTECT, related_name="practice_ratings"
    )
    review = models.OneToOneField(
        "rubrics.Review", on_delete=models.PROTECT, related_name="practice_rating"
    )
    relation = models.CharField(max_length=20, choices=Relation.choices)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "created_at"]

    def __str__(self):
        return f"{self.get_relation_display()} of {self.person} ({self.created_at:%Y-%m-%d})"
