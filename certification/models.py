"""The Key2Ed certification pipeline (DESIGN.md, "certification/").

A `Candidacy` is one person's way through one program's pathway, one phase at a time. Every change of
phase or status is a `CandidacyEvent` (who, when, why): the candidate's timeline. Program-level rules
(annual minimum, workshop capacity, school year, CFR minimum...) are `ProgramSettings`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse


class ProgramSettings(models.Model):
    """The rules of one program's certification pathway, editable by its associates."""

    program = models.OneToOneField(
        "coaching.Program", on_delete=models.CASCADE, related_name="certification_settings"
    )
    cfr_rubric = models.ForeignKey(
        "rubrics.Rubric",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Coaching Facilitation Rubric",
        help_text="Feedback notes are scored on its newest published version.",
    )
    cfr_passing_minimum = models.PositiveIntegerField(
        null=True,
        blank=True,
        verbose_name="CFR minimum score",
        help_text='The source leaves it blank ("a minimum score of ___"): the program sets it.',
    )
    annual_minimum = models.PositiveSmallIntegerField(
        default=5, help_text="Facilitated IEP meetings a year, using the model."
    )
    workshop_capacity = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1)], help_text="Candidates per coaching workshop."
    )
    school_year_start_month = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="1 = January … 7 = July.",
    )
    certificate_valid_months = models.PositiveSmallIntegerField(
        default=24, validators=[MinValueValidator(1)]
    )
    review_window_days = models.PositiveSmallIntegerField(
        default=14,
        validators=[MinValueValidator(1)],
        help_text="A submission should be scored within this many days.",
    )

    class Meta:
        verbose_name_plural = "program settings"

    def __str__(self):
        return f"Settings of {self.program}"


class Candidacy(models.Model):
    class Phase(models.TextChoices):
        IDENTIFIED = "identified", "Phase I: identified"
        TRAINING = "training", "Phase II: advanced training"
        FEEDBACK_REVIEW = "review", "Phase III: feedback review"
        CERTIFIED = "certified", "Certified"
        DECLINED = "declined", "Declined"

    person = models.ForeignKey(
        "coaching.Person", on_delete=models.PROTECT, related_name="candidacies"
    )
    program = models.ForeignKey(
        "coaching.Program", on_delete=models.PROTECT, related_name="candidacies"
    )
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.IDENTIFIED)
    district_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    district_approved_at = models.DateTimeField(null=True, blank=True)
    provider_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    provider_approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        verbose_name_plural = "candidacies"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "program"],
                name="one_candidacy_per_person_and_program",
                violation_error_message="This person is a candidate of this program already.",
            ),
            models.CheckConstraint(
                condition=~Q(phase__in=["training", "review", "certified"])
                | Q(district_approved_at__isnull=False, provider_approved_at__isnull=False),
                name="phase_ii_needs_both_approvals",
            ),
        ]

    def __str__(self):
        return f"{self.person} in {self.program}"

    def get_absolute_url(self):
        return reverse("certification:candidacy_detail", args=[self.pk])


class CandidacyEvent(models.Model):
    """One change of a candidacy's phase or status: the candidate's timeline."""

    class Kind(models.TextChoices):
        IDENTIFIED = "identified", "Identified by the district"
        DISTRICT_APPROVED = "district_approved", "Approved by the district"
        PROVIDER_APPROVED = "provider_approved", "Approved by the provider"
        DECLINED = "declined", "Declined"
        ADVANCED = "advanced", "Moved to the next phase"

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    from_phase = models.CharField(max_length=20, choices=Candidacy.Phase.choices, blank=True)
    to_phase = models.CharField(max_length=20, choices=Candidacy.Phase.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["candidacy", "at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.candidacy}"
