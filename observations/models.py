"""What a coach saw and how their practice is rated. For now: ratings of a coach's practice on a
practice profile (the coach's own self-assessment, or a supervisor's or an associate's rating), each
one a `rubrics.Review` of that coach; observations of a facilitator at an IEP meeting, a teacher in a
lesson or a library video, with the coaching feedback notes written on them; and the private library of
provider-supplied videos."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from coaching.limits import between, in_range, length_at_most
from coaching.privacy import no_student_identifiers

from . import limits
from .storage import private_storage


def _notes(verbose_name):
    """A part of the feedback notes: free text, of at most NOTES_MAX characters, and coaching
    content (no student identifiers)."""
    return models.TextField(
        verbose_name,
        blank=True,
        max_length=limits.NOTES_MAX,
        validators=[no_student_identifiers, MaxLengthValidator(limits.NOTES_MAX)],
    )


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


class Video(models.Model):
    """A provider-supplied recording in a program's library, for recertification. The file is
    stored privately and streamed only to the program's associates and the coaches it is assigned to."""

    program = models.ForeignKey("coaching.Program", on_delete=models.PROTECT, related_name="videos")
    title = models.CharField(max_length=limits.TITLE_MAX, validators=[no_student_identifiers])
    description = models.TextField(
        blank=True,
        max_length=limits.DESCRIPTION_MAX,
        validators=[no_student_identifiers, MaxLengthValidator(limits.DESCRIPTION_MAX)],
    )
    file = models.FileField(storage=private_storage, upload_to="videos/%Y/%m/")
    content_type = models.CharField(max_length=50, editable=False)
    size = models.PositiveBigIntegerField(editable=False)
    duration_seconds = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        validators=between(1, limits.VIDEO_SECONDS_MAX),
        help_text="How long the video runs, read from its file when it was uploaded; empty when "
        "the file does not say.",
    )
    is_active = models.BooleanField(
        default=True, help_text="A retired video stays with the notes written on it."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            length_at_most("title", limits.TITLE_MAX),
            length_at_most("description", limits.DESCRIPTION_MAX),
            in_range("duration_seconds", 1, limits.VIDEO_SECONDS_MAX, nullable=True),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("observations:video_detail", args=[self.pk])


class Observation(models.Model):
    """A coach watching a facilitator at an IEP meeting, a teacher in a lesson, or a library
    video, and the coaching feedback notes they write on it. Once submitted it is never changed."""

    class Setting(models.TextChoices):
        IEP_MEETING = "iep_meeting", "IEP meeting"
        LESSON = "lesson", "Lesson"
        VIDEO = "video", "Library video"

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIRTUAL = "virtual", "Virtual"
        RECORDED = "recorded", "Recording"

    coach = models.ForeignKey(
        "coaching.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observations",
        help_text="The Key2Ed coach who wrote the notes; empty for an engagement's observation, "
        "whose coach is `observer`.",
    )
    # An observation of a coaching engagement's coachee (any program): the engagement's coach
    # observes and gives feedback from what they saw; the parties alone read it (coaching's
    # content gate, `coaching.selectors.engagements.is_party`).
    engagement = models.ForeignKey(
        "coaching.Engagement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observations",
    )
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The engagement's coach who observed.",
    )
    setting = models.CharField(max_length=20, choices=Setting.choices)
    facilitator = models.ForeignKey(
        "coaching.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observed_in",
        help_text="Who was observed facilitating.",
    )
    video = models.ForeignKey(
        Video, on_delete=models.PROTECT, null=True, blank=True, related_name="observations"
    )
    observed_on = models.DateField(null=True, blank=True)
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    location = models.CharField(
        max_length=limits.LOCATION_MAX, blank=True, validators=[no_student_identifiers]
    )
    behaviours_seen = _notes("facilitative behaviours seen")
    working = _notes("what is working")
    not_working = _notes("what is not working")
    questions_posed = _notes("questions posed")
    next_steps = _notes("next steps")
    free_text = _notes("other notes")
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    STRUCTURED_NOTES = (
        "behaviours_seen",
        "working",
        "not_working",
        "questions_posed",
        "next_steps",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(setting="video", video__isnull=False)
                | (~Q(setting="video") & Q(video__isnull=True)),
                name="observation_video_iff_video_setting",
                violation_error_message="An observation of a library video names the video.",
            ),
            models.CheckConstraint(
                condition=Q(engagement__isnull=True, coach__isnull=False)
                | Q(engagement__isnull=False, observer__isnull=False, coach__isnull=True),
                name="observation_of_a_coach_or_of_an_engagement",
                violation_error_message="An observation is a Key2Ed coach's, or the observation of "
                "an engagement by its coach.",
            ),
            *(
                length_at_most(name, limits.NOTES_MAX)
                for name in (
                    "behaviours_seen",
                    "working",
                    "not_working",
                    "questions_posed",
                    "next_steps",
                    "free_text",
                )
            ),
        ]

    def __str__(self):
        if self.engagement_id:
            # Names no content: it is the access log's label too.
            return f"Observation {self.pk} of engagement {self.engagement_id}"
        what = self.video or self.facilitator or self.get_setting_display()
        return f"Observation of {what} by {self.coach}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class TimedNote(models.Model):
    """A note tied to a moment of the video an observation is on."""

    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, related_name="timed_notes"
    )
    at_seconds = models.PositiveIntegerField(validators=between(0, limits.VIDEO_SECONDS_MAX))
    text = models.TextField(
        max_length=limits.TIMED_NOTE_MAX,
        validators=[no_student_identifiers, MaxLengthValidator(limits.TIMED_NOTE_MAX)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["observation", "at_seconds", "pk"]
        constraints = [
            length_at_most("text", limits.TIMED_NOTE_MAX),
            in_range("at_seconds", 0, limits.VIDEO_SECONDS_MAX),
        ]

    def __str__(self):
        return f"{self.timestamp}: {self.text[:40]}"

    @property
    def timestamp(self):
        minutes, seconds = divmod(self.at_seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class Artifact(models.Model):
    """A file attached to an engagement's observation: a PDF, an image or an office document,
    checked by its content and size when uploaded, kept in private storage and streamed only to
    the engagement's parties. Its name, as uploaded, is content too (a file name may name a
    student)."""

    observation = models.ForeignKey(Observation, on_delete=models.PROTECT, related_name="artifacts")
    file = models.FileField(storage=private_storage, upload_to="artifacts/%Y/%m/")
    name = models.CharField(
        max_length=limits.ARTIFACT_NAME_MAX, validators=[no_student_identifiers]
    )
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveBigIntegerField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["observation", "created_at", "pk"]
        constraints = [length_at_most("name", limits.ARTIFACT_NAME_MAX)]

    def __str__(self):
        return f"Artifact {self.pk} of observation {self.observation_id}"

    def get_absolute_url(self):
        return reverse("observations:artifact_download", args=[self.pk])
