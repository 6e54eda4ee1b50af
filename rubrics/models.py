"""Rubric definitions and scoring. This app knows nothing of what is scored: another app creates a
`Review` for its own record (a submission, a coach's practice) through `rubrics.services` and keeps a
foreign key to it.

A `Rubric` is the lasting identity ("Coaching Facilitation Rubric"); its content lives in numbered
`RubricVersion`s. A draft version is edited freely; publishing freezes it; a change to a published
rubric is made in a new draft version. A `Scoresheet` always points at the version it was scored on.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.module_loading import import_string

from . import limits
from .limits import at_most, between, length_at_most


def comment_rule(value):
    """The project's rule for free text written about what is scored (comments, decision notes):
    settings.RUBRICS_COMMENT_VALIDATOR names a validator (here: one that refuses student
    identifiers), for this app knows nothing of students."""
    import_string(settings.RUBRICS_COMMENT_VALIDATOR)(value)


class Rubric(models.Model):
    """A rubric belongs to an owner (a provider): only those who act for the owner edit, version
    and publish it; others read its published versions, never a draft."""

    name = models.CharField(max_length=limits.NAME_MAX, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(
        blank=True,
        max_length=limits.DESCRIPTION_MAX,
        validators=[MaxLengthValidator(limits.DESCRIPTION_MAX)],
    )
    owner = models.CharField(
        max_length=100,
        blank=True,
        db_index=True,
        help_text=(
            "Who edits, versions and publishes it: a key that the project's owner resolver "
            "(RUBRICS_OWNER_RESOLVER) understands, such as provider:3. Empty: site admins only."
        ),
    )
    is_sample = models.BooleanField(
        default=False,
        help_text="Sample content shipped with the product, for the provider to replace with its own.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [length_at_most("description", limits.DESCRIPTION_MAX)]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("rubrics:rubric_detail", args=[self.pk])


class RubricVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    passing_total = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=between(0, limits.TOTAL_MAX),
        help_text="The minimum total score that passes. Empty: no minimum total.",
    )
    passing_level_each = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=between(0, limits.POINTS_MAX),
        help_text="Optional: the minimum points every criterion must reach to pass.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["rubric", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "number"], name="rubric_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["rubric"],
                condition=Q(status="draft"),
                name="rubric_one_draft",
                violation_error_message="This rubric already has a draft version.",
            ),
            at_most("passing_total", limits.TOTAL_MAX),
            at_most("passing_level_each", limits.POINTS_MAX),
        ]

    def __str__(self):
        return f"{self.rubric.name} v{self.number}"

    def get_absolute_url(self):
        return reverse("rubrics:version_detail", args=[self.pk])

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT


class Level(models.Model):
    version = models.ForeignKey(RubricVersion, on_delete=models.CASCADE, related_name="levels")
    label = models.CharField(max_length=limits.LABEL_MAX)
    points = models.PositiveIntegerField(validators=between(0, limits.POINTS_MAX))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "position", "points"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "points"],
                name="level_points_unique",
                violation_error_message="Another level of this rubric has those points.",
            ),
            # No CHECK on points: draft_update lifts them past any limit for a moment, so that two
            # levels can swap points; the validator and the form hold the limit.
        ]

    def __str__(self):
        return f"{self.label} ({self.points})"


class Domain(models.Model):
    """A group of criteria: a domain, or an essential function of a practice profile."""

    version = models.ForeignKey(RubricVersion, on_delete=models.CASCADE, related_name="domains")
    name = models.CharField(max_length=limits.NAME_MAX)
    description = models.TextField(
        blank=True,
        max_length=limits.DESCRIPTION_MAX,
        validators=[MaxLengthValidator(limits.DESCRIPTION_MAX)],
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "position", "pk"]
        constraints = [length_at_most("description", limits.DESCRIPTION_MAX)]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    version = models.ForeignKey(RubricVersion, on_delete=models.CASCADE, related_name="criteria")
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="criteria")
    text = models.TextField(
        max_length=limits.CRITERION_MAX, validators=[MaxLengthValidator(limits.CRITERION_MAX)]
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "domain__position", "domain_id", "position", "pk"]
        verbose_name_plural = "criteria"
        constraints = [length_at_most("text", limits.CRITERION_MAX)]

    def __str__(self):
        return self.text[:80]


class Descriptor(models.Model):
    """What a criterion looks like at one level."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="descriptors")
    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="descriptors")
    text = models.TextField(
        blank=True,
        max_length=limits.CRITERION_MAX,
        validators=[MaxLengthValidator(limits.CRITERION_MAX)],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["criterion", "level"], name="descriptor_unique"),
            length_at_most("text", limits.CRITERION_MAX),
        ]

    def __str__(self):
        return self.text[:80]


class Review(models.Model):
    """One subject to be scored on one rubric version: by one reviewer, or blind by two, with the
    final verdict and who decided it. The app that owns the subject keeps a foreign key to this."""

    class Status(models.TextChoices):
        OPEN = "open", "Scoring"
        NEEDS_ADJUDICATION = "adjudication", "Verdicts differ: needs adjudication"
        DECIDED = "decided", "Decided"

    version = models.ForeignKey(RubricVersion, on_delete=models.PROTECT, related_name="reviews")
    subject_label = models.CharField(
        max_length=limits.SUBJECT_LABEL_MAX, help_text="How the subject is named on rubric pages."
    )
    scope = models.CharField(
        max_length=100,
        blank=True,
        db_index=True,
        help_text=(
            "Who besides its reviewers may see and adjudicate it: a key that the project's scope "
            "resolver (RUBRICS_SCOPE_RESOLVER) understands, such as district:12. Empty: reviewers "
            "and site admins only."
        ),
    )
    blind = models.BooleanField(
        default=False,
        help_text="Scored by two reviewers who see each other's sheets only when both are final.",
    )
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=(
            "The login whose work is scored, if any: nobody decides a review of their own work."
        ),
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    passed = models.BooleanField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(
        blank=True,
        max_length=limits.NOTE_MAX,
        validators=[comment_rule, MaxLengthValidator(limits.NOTE_MAX)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [length_at_most("decision_note", limits.NOTE_MAX)]
        permissions = [
            ("adjudicate_review", "Can adjudicate a review whose two verdicts differ"),
            ("view_agreement", "Can see the agreement report between reviewers"),
        ]

    def __str__(self):
        return f"{self.subject_label} on {self.version}"

    def get_absolute_url(self):
        return reverse("rubrics:review_detail", args=[self.pk])


class Scoresheet(models.Model):
    """One reviewer's scores of one review's subject. Draft until finalised; never changed after
    (the service refuses, and a database trigger stops a stray update)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="sheets")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scoresheets"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    overall_comment = models.TextField(
        blank=True,
        max_length=limits.OVERALL_COMMENT_MAX,
        validators=[comment_rule, MaxLengthValidator(limits.OVERALL_COMMENT_MAX)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finalized_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review", "created_at"]
        indexes = [
            # "My scoring": a reviewer's sheets, drafts first, newest first.
            models.Index(
                fields=["reviewer", "status", "-created_at", "-id"], name="scoresheet_mine"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["review", "reviewer"], name="one_sheet_per_reviewer"),
            length_at_most("overall_comment", limits.OVERALL_COMMENT_MAX),
        ]

    def __str__(self):
        return f"{self.reviewer} on {self.review}"

    def get_absolute_url(self):
        return reverse("rubrics:sheet_score", args=[self.pk])

    @property
    def is_final(self):
        return self.status == self.Status.FINAL


class Score(models.Model):
    sheet = models.ForeignKey(Scoresheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(
        blank=True,
        max_length=limits.COMMENT_MAX,
        validators=[comment_rule, MaxLengthValidator(limits.COMMENT_MAX)],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion"),
            length_at_most("comment", limits.COMMENT_MAX),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.level}"


class ScorePair(models.Model):
    """The two levels the two reviewers of a blind review gave one criterion, as ranks (0 the
    lowest level of the version): what the agreement report counts. Derived from the final
    scores, which never change, and written once, by their one writer: settling the review when
    its second sheet becomes final (services.sheet_finalize). Kept with what the report filters
    on (version, scope, reviewers, the day the review was complete), so that the report is one
    aggregate query over these rows instead of every score in Python (selectors.agreement_report;
    selectors.agreement_report_recount is the figure it must equal)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(RubricVersion, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=100, blank=True)
    # The reviewer with the lower id is A, as the report orients each pair.
    reviewer_a = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewer_b = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_on = models.DateField(help_text="The day the second sheet was finalised.")
    level_a = models.PositiveSmallIntegerField()
    level_b = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_pair_per_criterion"),
        ]
        indexes = [models.Index(fields=["version", "completed_on"])]

    def __str__(self):
        return f"{self.review_id}/{self.criterion_id}: {self.level_a} & {self.level_b}"
