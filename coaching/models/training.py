"""Training, for every program (DESIGN.md, "Training"): events with a kind, an audience and a
capacity; registrations and attendance; cohorts who train together.

Who may register is data on the event: its `audience` (anyone of the enrolled districts, the
program's coaches, a cohort's members, or the people it names) and its `capacity`. Training knows
no program's rules: certification writes Key2Ed's (Phase II candidates, cohorts) as that data."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .. import limits
from ..limits import between, in_range, length_at_most


class Cohort(models.Model):
    """People of one program who train together (`members`): an event for the cohort is for them.
    In Key2Ed's pathway the members are the cohort's Phase II candidates, its technical support
    calls a series that each must attend (or make up)."""

    program = models.ForeignKey(
        "coaching.Program", on_delete=models.PROTECT, related_name="cohorts"
    )
    name = models.CharField(
        max_length=limits.COHORT_NAME_MAX, help_text="For example “2026–27 cohort A”."
    )
    starts_on = models.DateField(null=True, blank=True)
    members = models.ManyToManyField(
        "coaching.Person",
        blank=True,
        related_name="cohorts",
        help_text="Who trains together: a cohort's events are for its members.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program", "-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "name"],
                name="cohort_name_unique_in_program",
                violation_error_message="This program already has a cohort of that name.",
            ),
        ]

    def __str__(self):
        return self.name


class TrainingEvent(models.Model):
    """A training a program schedules. Key2Ed's pathway has the initial FIEP training, advanced
    and stakeholder training, a cohort's technical support calls and the one-day coaching
    workshop; a network has its trainings, a course its sessions, a coaching team its meetings.
    A program offers the kinds of its program kind (`KINDS_BY_PROGRAM`)."""

    class Kind(models.TextChoices):
        INITIAL_FIEP = "initial_fiep", "Initial FIEP training"
        ADVANCED = "advanced", "Advanced training"
        STAKEHOLDER = "stakeholder", "Stakeholder training"
        SUPPORT_CALL = "support_call", "Technical support call"
        WORKSHOP = "workshop", "Coaching workshop"
        NETWORK_TRAINING = "network_training", "Network training"
        COURSE_SESSION = "course_session", "Course session"
        TEAM_MEETING = "team_meeting", "Coaching-team meeting"

    # Program.Kind → the event kinds it offers, in the order a form lists them.
    KINDS_BY_PROGRAM = {
        "facilitator": [
            Kind.INITIAL_FIEP,
            Kind.ADVANCED,
            Kind.STAKEHOLDER,
            Kind.SUPPORT_CALL,
            Kind.WORKSHOP,
        ],
        "network": [Kind.NETWORK_TRAINING, Kind.TEAM_MEETING],
        "curriculum": [Kind.COURSE_SESSION],
        "peer": [Kind.TEAM_MEETING],
    }

    class Audience(models.TextChoices):
        ENROLLED = "enrolled", "Anyone of the enrolled districts"
        COACHES = "coaches", "The program's coaches"
        COHORT = "cohort", "The cohort's members"
        NAMED = "named", "The people named"

    program = models.ForeignKey(
        "coaching.Program", on_delete=models.PROTECT, related_name="training_events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(
        max_length=limits.TITLE_MAX,
        blank=True,
        help_text=f"Up to {limits.TITLE_MAX} characters.",
    )
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        help_text="Support calls belong to a cohort: its candidates must attend every one.",
    )
    audience = models.CharField(
        max_length=20,
        choices=Audience.choices,
        default=Audience.ENROLLED,
        help_text="Who may register: registration refuses anyone else.",
    )
    invitees = models.ManyToManyField(
        "coaching.Person",
        blank=True,
        related_name="invited_trainings",
        verbose_name="people named",
        help_text="Who may register when the audience is the people named.",
    )
    audience_label = models.CharField(
        max_length=limits.TITLE_MAX,
        blank=True,
        help_text="The audience in words, as a refusal says it: “a Phase II candidate of …”.",
    )
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        default=60,
        validators=between(limits.TRAINING_MINUTES_MIN, limits.TRAINING_MINUTES_MAX),
        help_text=f"From {limits.TRAINING_MINUTES_MIN} minutes to a whole day "
        f"({limits.TRAINING_MINUTES_MAX:,}).",
    )
    location = models.CharField(
        max_length=limits.LOCATION_MAX, blank=True, help_text="A room, or the link of the call."
    )
    capacity = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=between(1, limits.CAPACITY_MAX),
        help_text="Leave blank for no limit.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A cancelled event is kept (its registrations and history stay), marked, and dropped by the
    # calendar feeds: STATUS:CANCELLED under the same UID and a higher `sequence` (RFC 5545).
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sequence = models.PositiveIntegerField(
        default=0, editable=False, help_text="The revision calendars see: raised by a cancellation."
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            # The training list: a program's events, upcoming or past, by date.
            models.Index(fields=["program", "starts_at", "id"], name="event_program_by_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="support_call") | Q(cohort__isnull=False),
                name="support_call_has_cohort",
                violation_error_message="A technical support call belongs to a cohort.",
            ),
            models.CheckConstraint(
                condition=~Q(audience="cohort") | Q(cohort__isnull=False),
                name="cohort_audience_has_cohort",
                violation_error_message="An event for a cohort names the cohort.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="training_capacity_positive",
                violation_error_message="A capacity is at least 1, or blank for no limit.",
            ),
            in_range("capacity", 1, limits.CAPACITY_MAX, nullable=True),
            in_range("duration_minutes", limits.TRAINING_MINUTES_MIN, limits.TRAINING_MINUTES_MAX),
            length_at_most("title", limits.TITLE_MAX),
            length_at_most("audience_label", limits.TITLE_MAX),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True, cancelled_by__isnull=True)
                | Q(cancelled_at__isnull=False, cancelled_by__isnull=False),
                name="training_cancelled_by_someone",
            ),
        ]

    def __str__(self):
        if self.title:
            return self.title
        starts = timezone.localtime(self.starts_at)
        return f"{self.get_kind_display()}, {starts:%b} {starts.day}, {starts.year}"

    def get_absolute_url(self):
        return reverse("coaching:event_detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @classmethod
    def kinds_for(cls, program) -> list:
        """The event kinds a program offers, by its program kind."""
        return cls.KINDS_BY_PROGRAM.get(program.kind, [])

    @property
    def audience_display(self) -> str:
        if self.audience == self.Audience.COHORT and self.cohort_id:
            return f"Members of {self.cohort}"
        return self.get_audience_display()


class Registration(models.Model):
    """A person registered for a training event, and whether they attended. A missed support call
    can be made up (a recording watched, a call with the associate), which counts as attended."""

    class Attendance(models.TextChoices):
        REGISTERED = "registered", "Registered"
        ATTENDED = "attended", "Attended"
        ABSENT = "absent", "Absent"
        MADE_UP = "made_up", "Missed, made up"

    event = models.ForeignKey(TrainingEvent, on_delete=models.PROTECT, related_name="registrations")
    person = models.ForeignKey(
        "coaching.Person", on_delete=models.PROTECT, related_name="registrations"
    )
    attendance = models.CharField(
        max_length=20, choices=Attendance.choices, default=Attendance.REGISTERED
    )
    made_up_note = models.CharField(
        max_length=limits.SHORT_NOTE_MAX, blank=True, help_text="How the missed call was made up."
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                name="one_registration_per_person_and_event",
                violation_error_message="This person is registered for this event already.",
            ),
            length_at_most("made_up_note", limits.SHORT_NOTE_MAX),
        ]

    def __str__(self):
        return f"{self.person} at {self.event}"

    @property
    def counts_as_attended(self):
        return self.attendance in (self.Attendance.ATTENDED, self.Attendance.MADE_UP)
