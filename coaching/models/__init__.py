"""Organisations, people, roles and programs.

A person in a district's roster (`Person`) may or may not have a login (`User`): a facilitator who is
observed needs none. What a login may see is decided by its role memberships (`RoleMembership`), each
scoped to a program, a district or a school; `coaching.selectors` turns them into querysets.
"""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .. import limits
from ..limits import between, in_range, length_at_most


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        # Sign-in by e-mail ignores case: "Pat@District.org" and "pat@district.org" are one person.
        return self.get(email__iexact=username)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A login. Signs in with an e-mail address; has no username."""

    username = None
    email = models.EmailField("e-mail address", unique=True)
    # Derived: how many of this login's notifications are unread, kept by the outbox writer and
    # mark_read (coaching/notifications/services.py, their only writers), so that the navigation
    # bar reads it from the user row every request loads anyway, at no query of its own.
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        return self.get_full_name() or self.email


class Provider(models.Model):
    """An organisation that runs coaching programs and certifies coaches (Key2Ed, a state network)."""

    name = models.CharField(max_length=limits.NAME_MAX, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Program(models.Model):
    class Kind(models.TextChoices):
        FACILITATOR_CERTIFICATION = "facilitator", "Facilitator coaching certification"
        NETWORK = "network", "Network coaching (coach the coach)"
        CURRICULUM = "curriculum", "Coach-training curriculum"
        PEER = "peer", "Peer coaching"

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="programs")
    name = models.CharField(max_length=limits.NAME_MAX)
    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(
        blank=True,
        max_length=limits.DESCRIPTION_MAX,
        validators=[MaxLengthValidator(limits.DESCRIPTION_MAX)],
    )
    is_active = models.BooleanField(default=True)
    districts = models.ManyToManyField("District", through="Enrollment", related_name="programs")
    # Who changed what, and when (README, "History"): shown on the program's settings page.
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [length_at_most("description", limits.DESCRIPTION_MAX)]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("coaching:program_detail", args=[self.pk])


class District(models.Model):
    name = models.CharField(max_length=limits.NAME_MAX)
    slug = models.SlugField(max_length=60, unique=True)
    state = models.CharField(max_length=2, blank=True, help_text="Two-letter state code.")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("coaching:district_detail", args=[self.pk])


class Enrollment(models.Model):
    """A district taking part in a program."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="enrollments")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="enrollments")
    enrolled_on = models.DateField()

    class Meta:
        ordering = ["program", "district"]
        constraints = [
            models.UniqueConstraint(fields=["program", "district"], name="enrollment_unique"),
        ]

    def __str__(self):
        return f"{self.district} in {self.program}"


class School(models.Model):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(max_length=limits.NAME_MAX)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Who changed what, and when (README, "History"): shown on the school's page.
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "district",
                Lower("name"),
                name="school_name_unique_in_district",
                violation_error_message="This district already has a school of that name.",
            ),
        ]

    def __str__(self):
        return self.name


class Person(models.Model):
    """A member of a district's staff. A login (`user`) is optional."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="people")
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
    )
    first_name = models.CharField(max_length=limits.PERSON_NAME_MAX)
    last_name = models.CharField(max_length=limits.PERSON_NAME_MAX)
    email = models.EmailField("e-mail address", blank=True)
    job_title = models.CharField(max_length=limits.JOB_TITLE_MAX, blank=True)
    staff_id = models.CharField(
        "staff id",
        max_length=limits.STAFF_ID_MAX,
        blank=True,
        help_text="The district's own number for this person, if it has one (unique in the district).",
    )
    user = models.OneToOneField(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )
    is_active = models.BooleanField(default=True)
    login_disabled_with_roster = models.BooleanField(
        default=False,
        editable=False,
        help_text="Deactivating this person disabled their login; reactivating restores it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Who changed what, and when (README, "History"): shown on the staff member's page.
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"
        indexes = [
            # The roster (a district's staff by name) and every list of people by name.
            models.Index(
                fields=["district", "last_name", "first_name", "id"], name="person_roster_by_name"
            ),
            models.Index(fields=["last_name", "first_name", "id"], name="person_by_name"),
        ]
        constraints = [
            models.UniqueConstraint(
                "district",
                Lower("email"),
                condition=~Q(email=""),
                name="person_email_unique_in_district",
                violation_error_message="Someone in this district already has that e-mail address.",
            ),
            models.UniqueConstraint(
                fields=["district", "staff_id"],
                condition=~Q(staff_id=""),
                name="person_staff_id_unique_in_district",
                violation_error_message="Someone in this district already has that staff id.",
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("coaching:staff_detail", args=[self.pk])

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self):
        if self.school_id and self.district_id and self.school.district_id != self.district_id:
            raise ValidationError({"school": "That school is in another district."})


class RoleMembership(models.Model):
    """A role a login holds, with its scope: a program, a district or a school."""

    class Role(models.TextChoices):
        ASSOCIATE = "associate", "Provider associate"
        DISTRICT_ADMIN = "district_admin", "District admin"
        COACH = "coach", "Coach"
        PRINCIPAL = "principal", "Principal"
        # A teacher, facilitator or team member being coached, given a login by the district: the
        # roster's label for them (coaching/models/roles.py says what it grants).
        COACHEE = "coachee", "Coachee"

    # Which scope each role takes. The check constraint below enforces it in the database.
    SCOPE = {
        Role.ASSOCIATE: "program",
        Role.DISTRICT_ADMIN: "district",
        Role.COACH: "district",
        Role.PRINCIPAL: "school",
        Role.COACHEE: "district",
    }

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Every row given or taken, whoever wrote it (the site admin's shell included); the staff page
    # reads the domain's own record of roles, `RoleChange` (coaching/models/roles.py).
    history = HistoricalRecords()

    class Meta:
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        role="associate",
                        program__isnull=False,
                        district__isnull=True,
                        school__isnull=True,
                    )
                    | Q(
                        role__in=["district_admin", "coach", "coachee"],
                        program__isnull=True,
                        district__isnull=False,
                        school__isnull=True,
                    )
                    | Q(
                        role="principal",
                        program__isnull=True,
                        district__isnull=True,
                        school__isnull=False,
                    )
                ),
                name="membership_scope_matches_role",
                violation_error_message=(
                    "An associate is scoped to a program, a district admin, coach or coachee to a "
                    "district, a principal to a school, and to nothing else."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "program"],
                condition=Q(program__isnull=False),
                name="membership_unique_program",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "district"],
                condition=Q(district__isnull=False),
                name="membership_unique_district",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "school"],
                condition=Q(school__isnull=False),
                name="membership_unique_school",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} of {self.scope}"

    @property
    def scope(self):
        return self.program or self.district or self.school


# --- notifications -------------------------------------------------------------------------------


class Notification(models.Model):
    """One message to one login: shown in their inbox, and sent by e-mail unless they chose not to.
    It is written in the same transaction as the event that causes it (an outbox); a task drains
    the unsent ones. `dedupe_key` makes a repeated job write nothing twice (the constraint holds it,
    not a check)."""

    class Kind(models.TextChoices):
        CANDIDACY = "candidacy", "Phase I approvals and declines"
        PHASE = "phase", "Moving to the next phase"
        SCORED = "scored", "Feedback notes scored"
        CERTIFICATE = "certificate", "Certificates issued, renewed, lapsed or revoked"
        VIDEO = "video", "Recertification videos assigned"
        TRAINING = "training", "Reminders of training tomorrow"
        TRAINING_CANCELLED = "training_cancelled", "Trainings you are registered for, cancelled"
        REVIEW = "review", "Submissions waiting past the review window"
        EXPIRING = "expiring", "Certificates expiring in 60, 30 and 7 days"
        STALLED = "stalled", "Phase II checklists that have not moved"
        PACE = "pace", "Behind the pace of the annual minimum, and the year's result"
        # Coaching engagements (coaching/jobs.py, services/checkins.py)
        CHECKIN = "checkin", "Check-ins asked and answered"
        CHECKIN_LATE = "checkin_late", "Check-ins past the agreed response window"
        STEP_DUE = "step_due", "Action steps due tomorrow, today, or a week overdue"
        QUIET = "quiet", "Engagements with no session for a while"

    class Email(models.TextChoices):
        PENDING = "pending", "To send"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        OFF = "off", "Not wanted by e-mail"

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    subject = models.CharField(max_length=limits.SUBJECT_MAX)
    body = models.TextField(
        max_length=limits.BODY_MAX, validators=[MaxLengthValidator(limits.BODY_MAX)]
    )
    url = models.CharField(max_length=300, blank=True)
    dedupe_key = models.CharField(max_length=200, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.PENDING)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_next_try_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_last_error = models.TextField(
        blank=True, max_length=limits.ERROR_MAX, validators=[MaxLengthValidator(limits.ERROR_MAX)]
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The key first: its index also answers "was this key told?" (the annual-minimum
            # check asks it of every candidacy behind pace, to offer nothing twice).
            models.UniqueConstraint(
                fields=["dedupe_key", "recipient"],
                condition=Q(dedupe_key__isnull=False),
                name="notification_once_per_key",
            ),
        ]
        indexes = [
            # The inbox: a recipient's notifications, newest first.
            models.Index(
                fields=["recipient", "-created_at", "-id"], name="notification_inbox_newest"
            ),
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["email", "email_next_try_at"]),
        ]

    def __str__(self):
        return f"{self.subject} → {self.recipient}"


class EmailPreference(models.Model):
    """A login's choice to receive one kind of notification by e-mail (the inbox has them all).
    No row: yes."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="email_preferences")
    kind = models.CharField(max_length=30, choices=Notification.Kind.choices)
    by_email = models.BooleanField(default=True)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_email_preference_per_kind"),
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} by e-mail {'on' if self.by_email else 'off'}"


# Training, engagements, invitations to sign in and the history of roles have their own modules
# (DESIGN.md, "Layout inside an app"); their models are imported here so that `from coaching.models
# import TrainingEvent` keeps working.
from . import checkins, courses, engagements  # noqa: E402
from .calendar import CalendarFeed  # noqa: E402
from .checkins import CheckIn  # noqa: E402, I001
from .courses import (  # noqa: E402
    Course,
    CourseAnswer,
    CoursePair,
    CourseQuestion,
    CourseResource,
    CourseRun,
    CourseSession,
    CourseStage,
    CourseUnit,
    RunQuestion,
    RunSession,
)
from .engagements import (  # noqa: E402
    ActionStep,
    CoachingSession,
    Engagement,
    Goal,
    StageChange,
    Team,
)
from .invitations import Invitation  # noqa: E402
from .openings import ContentOpening  # noqa: E402
from .peer import (  # noqa: E402
    CycleChange,
    GrowthArtifact,
    Partnership,
    PeerPlan,
    PeerTeam,
    Reflection,
    TimeRequest,
)
from .planned_sessions import PlannedSession  # noqa: E402
from .roles import RoleChange  # noqa: E402
from .training import Cohort, Registration, TrainingEvent  # noqa: E402

# Every content field of an engagement, with the check-ins' and the course answers' (their own
# modules): the content tests plant a marker in each.
CONTENT_FIELDS = [
    *engagements.CONTENT_FIELDS,
    *checkins.CHECKIN_CONTENT_FIELDS,
    *courses.ANSWER_CONTENT_FIELDS,
]
