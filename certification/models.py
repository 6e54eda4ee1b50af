"""The Key2Ed certification pipeline (DESIGN.md, "certification/").

A `Candidacy` is one person's way through one program's pathway, one phase at a time. Every change of
phase or status is a `CandidacyEvent` (who, when, why): the candidate's timeline. Program-level rules
(annual minimum, workshop capacity, school year, CFR minimum...) are `ProgramSettings`.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from coaching.limits import between, in_range, length_at_most
from coaching.privacy import no_student_identifiers

from . import limits

# An active certificate this close to its expiry date is shown as "expiring".
EXPIRING_WITHIN_DAYS = 60


class ProgramSettings(models.Model):
    """The rules of one program's certification pathway, editable by its associates."""

    program = models.OneToOneField(
        "coaching.Program", on_delete=models.CASCADE, related_name="certification_settings"
    )
    cfr_version = models.ForeignKey(
        "rubrics.RubricVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"status": "published"},
        verbose_name="Coaching Facilitation Rubric version",
        help_text=(
            "Feedback notes are scored on this published version. A newer version changes nothing "
            "until the program switches to it here."
        ),
    )
    cfr_passing_minimum = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=between(0, limits.CFR_MINIMUM_MAX),
        verbose_name="CFR minimum score",
        help_text='The source leaves it blank ("a minimum score of ___"): the program sets it.',
    )
    annual_minimum = models.PositiveSmallIntegerField(
        default=5,
        validators=between(0, limits.ANNUAL_MINIMUM_MAX),
        help_text="Facilitated IEP meetings a year, using the model.",
    )
    workshop_capacity = models.PositiveSmallIntegerField(
        default=5,
        validators=between(1, limits.WORKSHOP_CAPACITY_MAX),
        help_text="Candidates per coaching workshop.",
    )
    school_year_start_month = models.PositiveSmallIntegerField(
        default=7,
        validators=between(1, 12),
        help_text="1 = January … 7 = July.",
    )
    certificate_valid_months = models.PositiveSmallIntegerField(
        default=24, validators=between(1, limits.CERTIFICATE_MONTHS_MAX)
    )
    review_window_days = models.PositiveSmallIntegerField(
        default=14,
        validators=between(1, limits.REVIEW_WINDOW_DAYS_MAX),
        help_text="A submission should be scored within this many days.",
    )
    recertification_window_days = models.PositiveSmallIntegerField(
        "recertification window (days)",
        default=limits.RECERTIFICATION_WINDOW_DAYS_DEFAULT,
        validators=between(1, limits.RECERTIFICATION_WINDOW_DAYS_MAX),
        help_text="Recertification opens this many days before a certificate expires: a video "
        "is assigned no earlier.",
    )
    # Who changed which rule, and when (README, "History"): shown on the settings page.
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "program settings"
        constraints = [
            in_range("cfr_passing_minimum", 0, limits.CFR_MINIMUM_MAX, nullable=True),
            in_range("annual_minimum", 0, limits.ANNUAL_MINIMUM_MAX),
            in_range("workshop_capacity", 1, limits.WORKSHOP_CAPACITY_MAX),
            in_range("school_year_start_month", 1, 12),
            in_range("certificate_valid_months", 1, limits.CERTIFICATE_MONTHS_MAX),
            in_range("review_window_days", 1, limits.REVIEW_WINDOW_DAYS_MAX),
            in_range("recertification_window_days", 1, limits.RECERTIFICATION_WINDOW_DAYS_MAX),
        ]

    def __str__(self):
        return f"Settings of {self.program}"

    def clean(self):
        months, days = self.certificate_valid_months, self.recertification_window_days
        # A window as long as the validity would open recertification on the day of issue.
        if months and days and days >= months * 28:
            raise ValidationError(
                {
                    "recertification_window_days": f"A certificate is valid for {months} "
                    f"month{'s' if months != 1 else ''}: the window must be shorter than that "
                    f"(fewer than {months * 28} days)."
                }
            )


class CfrVersionChange(models.Model):
    """A program switched the rubric version its feedback notes are scored on: who, when, from
    which version to which. Shown on the program's settings page; never changed."""

    program = models.ForeignKey(
        "coaching.Program", on_delete=models.CASCADE, related_name="cfr_version_changes"
    )
    from_version = models.ForeignKey(
        "rubrics.RubricVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_version = models.ForeignKey(
        "rubrics.RubricVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.program}: {self.from_version or 'none'} → {self.to_version or 'none'}"


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
    # The person's district, kept on the row so that the scopes (a district's candidacies, those
    # of a program's enrolled districts) filter one table on one index: through the join to
    # coaching_person, every scoped query read all 20,000 people at network scale. Its one
    # writer is `candidacy_identify` (a person never changes district: the roster is a
    # district's, and /admin/ shows a person's district read-only); clean() refuses another.
    district = models.ForeignKey(
        "coaching.District", on_delete=models.PROTECT, related_name="candidacies", editable=False
    )
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.IDENTIFIED)
    cohort = models.ForeignKey(
        "coaching.Cohort",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidacies",
        help_text="Its technical support calls are the ones this candidate must attend.",
    )
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
        indexes = [
            # The pipeline's phase filter within an associate's programs.
            models.Index(fields=["program", "phase"], name="candidacy_program_phase"),
            # The associate's scope: a program's candidacies in its enrolled districts.
            models.Index(fields=["program", "district"], name="candidacy_program_district"),
        ]
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

    def clean(self):
        # Checked when the row is made: its district is never written after.
        if self._state.adding and self.person_id and self.district_id != self.person.district_id:
            raise ValidationError("A candidacy is in its person's district.")


class CandidacyEvent(models.Model):
    """One change of a candidacy's phase or status: the candidate's timeline."""

    class Kind(models.TextChoices):
        IDENTIFIED = "identified", "Identified by the district"
        DISTRICT_APPROVED = "district_approved", "Approved by the district"
        PROVIDER_APPROVED = "provider_approved", "Approved by the provider"
        DECLINED = "declined", "Declined"
        ADVANCED = "advanced", "Moved to the next phase"
        COHORT = "cohort", "Placed in a cohort"
        SUBMITTED = "submitted", "Feedback notes submitted"
        REPEAT = "repeat", "Scored below the minimum: repeat"
        CERTIFIED = "certified", "Certified"
        VIDEO_ASSIGNED = "video_assigned", "Recertification video assigned"
        RENEWED = "renewed", "Certificate renewed"
        LAPSED = "lapsed", "Certificate lapsed"
        REVOKED = "revoked", "Certificate revoked"

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    from_phase = models.CharField(max_length=20, choices=Candidacy.Phase.choices, blank=True)
    to_phase = models.CharField(max_length=20, choices=Candidacy.Phase.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(
        blank=True,
        max_length=limits.REASON_MAX,
        validators=[no_student_identifiers, MaxLengthValidator(limits.REASON_MAX)],
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["candidacy", "at", "pk"]
        constraints = [length_at_most("reason", limits.REASON_MAX)]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.candidacy}"


class Facilitation(models.Model):
    """One IEP meeting a coach facilitated. It stores no student names or identifiers: IEP meetings
    are about children with disabilities, and their privacy is the law."""

    class MeetingType(models.TextChoices):
        INITIAL = "initial", "Initial"
        ANNUAL_REVIEW = "annual_review", "Annual review"
        REEVALUATION = "reevaluation", "Re-evaluation"
        AMENDMENT = "amendment", "Amendment"
        OTHER = "other", "Other"

    person = models.ForeignKey(
        "coaching.Person", on_delete=models.PROTECT, related_name="facilitations"
    )
    held_on = models.DateField("date")
    school = models.ForeignKey("coaching.School", on_delete=models.PROTECT, related_name="+")
    meeting_type = models.CharField(max_length=20, choices=MeetingType.choices)
    model_used = models.BooleanField(
        "used the facilitated IEP model",
        default=True,
        help_text="Only meetings facilitated with the model count toward the annual minimum.",
    )
    minutes = models.PositiveSmallIntegerField(
        "length (minutes)",
        validators=between(limits.FACILITATION_MINUTES_MIN, limits.FACILITATION_MINUTES_MAX),
    )
    note = models.CharField(
        max_length=limits.FACILITATION_NOTE_MAX,
        blank=True,
        help_text="Never a student’s name, initials, ID number or date of birth.",
        validators=[no_student_identifiers],
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["person", "held_on"])]
        constraints = [
            in_range("minutes", limits.FACILITATION_MINUTES_MIN, limits.FACILITATION_MINUTES_MAX),
            length_at_most("note", limits.FACILITATION_NOTE_MAX),
        ]

    def __str__(self):
        return f"{self.get_meeting_type_display()} IEP meeting, {self.held_on}"


class Submission(models.Model):
    """Coaching feedback notes a candidate writes and submits for review (Phase III), or a certified
    coach's notes on a library video an associate assigned (recertification); scored by an associate
    on the CFR. Every attempt is kept, numbered, with its scoresheet and the associate's feedback."""

    class Purpose(models.TextChoices):
        CERTIFICATION = "certification", "Phase III feedback review"
        RECERTIFICATION = "recertification", "Recertification"

    class Outcome(models.TextChoices):
        DRAFT = "draft", "Draft, not submitted"
        PENDING = "pending", "Waiting for review"
        PASSED = "passed", "Passed"
        REPEAT = "repeat", "Below the minimum: repeat"
        WITHDRAWN = "withdrawn", "Withdrawn: the certificate was revoked"

    candidacy = models.ForeignKey(Candidacy, on_delete=models.PROTECT, related_name="submissions")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    attempt = models.PositiveSmallIntegerField()
    observation = models.OneToOneField(
        "observations.Observation", on_delete=models.PROTECT, related_name="submission"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The coach who began it, or the associate who assigned the video.",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    review = models.OneToOneField(
        "rubrics.Review", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.DRAFT)
    total = models.PositiveIntegerField(null=True, blank=True)
    minimum = models.PositiveIntegerField(
        null=True, blank=True, help_text="The CFR minimum that applied when it was scored."
    )
    feedback = models.TextField(
        blank=True,
        max_length=limits.FEEDBACK_MAX,
        validators=[no_student_identifiers, MaxLengthValidator(limits.FEEDBACK_MAX)],
        help_text="The associate's feedback to the coach.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["candidacy", "purpose", "attempt"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidacy", "purpose", "attempt"], name="submission_attempt_unique"
            ),
            models.UniqueConstraint(
                fields=["candidacy", "purpose"],
                condition=Q(outcome__in=["draft", "pending"]),
                name="one_open_submission",
                violation_error_message="An attempt is already open: finish it first.",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["draft", "withdrawn"]) | Q(submitted_at__isnull=False),
                name="submitted_unless_draft",
            ),
            length_at_most("feedback", limits.FEEDBACK_MAX),
        ]
        indexes = [models.Index(fields=["outcome", "submitted_at"])]

    def __str__(self):
        return f"{self.get_purpose_display()}, attempt {self.attempt}: {self.candidacy}"

    def get_absolute_url(self):
        return reverse("certification:submission_detail", args=[self.pk])


class Certificate(models.Model):
    """A numbered certificate: it certifies a Key2Ed coach, and not a facilitated-IEP trainer.
    "Expiring" is computed (active, expiring soon); "lapsed" is stored by the expiry job."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        LAPSED = "lapsed", "Lapsed"
        REVOKED = "revoked", "Revoked"

    candidacy = models.OneToOneField(
        Candidacy, on_delete=models.PROTECT, related_name="certificate"
    )
    number = models.CharField(max_length=20, unique=True)
    issued_on = models.DateField()
    expires_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    revoked_reason = models.TextField(
        blank=True,
        max_length=limits.REASON_MAX,
        validators=[no_student_identifiers, MaxLengthValidator(limits.REASON_MAX)],
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["expires_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")),
                name="certificate_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | ~Q(revoked_reason=""),
                name="revoked_certificate_has_reason",
            ),
            length_at_most("revoked_reason", limits.REASON_MAX),
        ]

    def __str__(self):
        return f"Certificate {self.number}"

    def get_absolute_url(self):
        return reverse("certification:certificate_detail", args=[self.pk])

    def shown_status(self, today: datetime.date | None = None) -> str:
        """What to show: "revoked"; "lapsed" (stored so, or past its expiry before the nightly job
        caught it); "expiring" (active and expiring within EXPIRING_WITHIN_DAYS); else "active".
        A rule of the row alone, so every reader (selectors, jobs, pages) asks it the same way."""
        today = today or timezone.localdate()
        if self.status == self.Status.REVOKED:
            return "revoked"
        if self.status == self.Status.LAPSED or self.expires_on < today:
            return "lapsed"
        if self.expires_on <= today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS):
            return "expiring"
        return "active"


class AnnualMinimumRecord(models.Model):
    """Whether a candidate or certified coach met the program's annual minimum of facilitated IEP
    meetings in a school year, recorded once at the year's end. A certified coach who did not is
    flagged for the provider."""

    person = models.ForeignKey(
        "coaching.Person", on_delete=models.PROTECT, related_name="annual_minimum_records"
    )
    program = models.ForeignKey("coaching.Program", on_delete=models.PROTECT, related_name="+")
    year_start = models.DateField()
    year_end = models.DateField()
    count = models.PositiveIntegerField()
    minimum = models.PositiveIntegerField()
    met = models.BooleanField()
    certified = models.BooleanField(help_text="Held a certificate when the year ended.")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year_start", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "program", "year_start"], name="one_record_per_school_year"
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.year_start:%Y}: {'met' if self.met else 'not met'}"

    @property
    def flagged(self):
        return self.certified and not self.met
