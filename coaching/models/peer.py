"""Peer coaching in a school (DESIGN.md, "Peer coaching"; seed 004): the school coaching team
(the principal and the building's peer coaches) writes a plan aimed at the building's and the
district's goals, which the principal endorses; the team pairs one peer coach with one partner
teacher for a school year; the partnership is a peer engagement (`Engagement`, model PEER, the
partner its coachee) moving through a cycle, with just-in-time help logged as short sessions.

Privacy ("no evaluation", DESIGN.md "Privacy of coaching"): the partner's reflections, the names of
their artifacts and what a time request asks for are content, for the partnership's parties
only (`PEER_CONTENT_FIELDS`). The principal sees activity (sessions, minutes, the cycle step, that
time was asked and when it was scheduled) and assesses the partnership's continuation from it,
never the teacher. The plan is the team's: its principal and peer coaches read it.
"""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.storage import private_storage

from .. import limits
from ..limits import length_at_most
from ..privacy import no_student_identifiers

# A school year starts in August: 2026 is the year 2026–27.
SCHOOL_YEAR_START_MONTH = 8


def school_year_of(day: dt.date) -> int:
    """The school year a day is in, as the calendar year it starts in."""
    return day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1


# The principal's year-end assessment opens in the school year's last weeks: from 1 May of the
# year it ends in (and stays open after its end).
ASSESSMENT_OPENS_MONTH = 5


def assessment_opens_on(school_year: int) -> dt.date:
    """The first day a partnership of this school year may be assessed."""
    return dt.date(school_year + 1, ASSESSMENT_OPENS_MONTH, 1)


def assessment_is_open(school_year: int, today: dt.date) -> bool:
    """May a partnership of this school year be assessed today? (The page shows its form only
    then; the service refuses before.)"""
    return today >= assessment_opens_on(school_year)


def school_year_label(year: int) -> str:
    return f"{year}–{(year + 1) % 100:02d}"


def _content(limit: int) -> list:
    return [MaxLengthValidator(limit), no_student_identifiers]


class PeerTeam(models.Model):
    """A school's coaching team in a peer-coaching program: the school's principals (their role
    says who) and the peer coaches named here (coaches of the district). One team per school and
    program."""

    program = models.ForeignKey(
        "coaching.Program", on_delete=models.PROTECT, related_name="peer_teams"
    )
    school = models.ForeignKey(
        "coaching.School", on_delete=models.PROTECT, related_name="peer_teams"
    )
    coaches = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="peer_teams", verbose_name="peer coaches"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school", "program"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "school"],
                name="peer_team_one_per_school",
                violation_error_message="This school has a coaching team in that program already.",
            ),
        ]

    def __str__(self):
        return f"Coaching team of {self.school}"

    def get_absolute_url(self):
        return reverse("coaching:peer_team", args=[self.pk])


class PeerPlan(models.Model):
    """One version of the team's plan: the goals it aims at and the plan itself. The principal
    endorses a version (date kept); editing an endorsed version writes the next one, and every
    version stays readable by the team. Written only by `coaching.services.peer`."""

    team = models.ForeignKey(PeerTeam, on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveSmallIntegerField()
    goals = models.TextField(
        "building and district goals",
        max_length=limits.PLAN_GOALS_MAX,
        validators=_content(limits.PLAN_GOALS_MAX),
        help_text="The building's and the district's goals the plan aims at.",
    )
    plan = models.TextField(
        max_length=limits.PLAN_MAX,
        validators=_content(limits.PLAN_MAX),
        help_text="How the team will coach this year: who, when, the collaborative time.",
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField()
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    endorsed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["team", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["team", "version"], name="peer_plan_version_unique"),
            models.CheckConstraint(
                condition=Q(endorsed_by__isnull=True, endorsed_on__isnull=True)
                | Q(endorsed_by__isnull=False, endorsed_on__isnull=False),
                name="peer_plan_endorsed_by_and_on",
            ),
            models.CheckConstraint(
                condition=~Q(goals="") & ~Q(plan=""), name="peer_plan_has_goals_and_plan"
            ),
            length_at_most("goals", limits.PLAN_GOALS_MAX),
            length_at_most("plan", limits.PLAN_MAX),
        ]

    def __str__(self):
        return f"Plan of {self.team.school}, version {self.version}"

    def get_absolute_url(self):
        return reverse("coaching:peer_plan", args=[self.pk])

    @property
    def is_endorsed(self) -> bool:
        return self.endorsed_on is not None


class Partnership(models.Model):
    """One peer coach and one partner teacher, for a school year: the peer-coaching side of a
    PEER engagement (`engagement`: its coach is the peer coach, its coachee the partner, and its
    sessions, quick notes and observations are the partnership's). `step` is where the pair is in
    the cycle, written only by `partnership_move` beside its `CycleChange` row. At the year's end
    the partner answers whether to go on, and the principal records the decision for next year."""

    class Step(models.TextChoices):
        BRAINSTORM = "brainstorm", "Brainstorm the lesson to improve"
        CO_PLAN = "co_plan", "Co-plan"
        MODEL = "model", "Model or team-teach"
        OBSERVE = "observe", "Observe"
        REFLECT = "reflect", "Reflect"

    class Answer(models.TextChoices):
        YES = "yes", "Yes, continue next year"
        NO = "no", "No"
        UNSURE = "unsure", "Not sure yet"

    class Decision(models.TextChoices):
        CONTINUE = "continue", "Continue in year 2"
        END = "end", "End after this year"

    team = models.ForeignKey(PeerTeam, on_delete=models.PROTECT, related_name="partnerships")
    engagement = models.OneToOneField(
        "coaching.Engagement", on_delete=models.PROTECT, related_name="partnership"
    )
    school_year = models.PositiveSmallIntegerField(help_text="The calendar year it starts in.")
    step = models.CharField(max_length=12, choices=Step.choices, default=Step.BRAINSTORM)
    step_changed_at = models.DateTimeField()
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    # The partner's own answer (activity: the principal reads it to decide year 2).
    continue_answer = models.CharField(
        "continue next year?", max_length=8, choices=Answer.choices, blank=True
    )
    # The principal's year-end assessment of the partnership's continuation (never of the teacher).
    decision = models.CharField("year 2", max_length=10, choices=Decision.choices, blank=True)
    decision_note = models.TextField(
        blank=True,
        max_length=limits.ASSESSMENT_NOTE_MAX,
        validators=_content(limits.ASSESSMENT_NOTE_MAX),
        help_text="About the partnership's activity and scheduling, never the teacher's practice.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-school_year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="", decided_by__isnull=True, decided_at__isnull=True)
                | (~Q(decision="") & Q(decided_by__isnull=False, decided_at__isnull=False)),
                name="partnership_decided_by_and_at",
            ),
            length_at_most("decision_note", limits.ASSESSMENT_NOTE_MAX),
        ]
        indexes = [models.Index(fields=["team", "school_year"])]

    def __str__(self):
        return f"Partnership {self.pk} ({school_year_label(self.school_year)})"

    def get_absolute_url(self):
        return reverse("coaching:partnership_detail", args=[self.pk])

    @property
    def school_year_display(self) -> str:
        return school_year_label(self.school_year)

    @property
    def step_number(self) -> int:
        return list(self.Step.values).index(self.step) + 1


class CycleChange(models.Model):
    """One move of a partnership in its cycle: from, to, who, when. Activity (no reason is
    written: the why is the pair's conversation). A step may go back, or round to the start."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="cycle_changes"
    )
    from_step = models.CharField(max_length=12, choices=Partnership.Step.choices, blank=True)
    to_step = models.CharField(max_length=12, choices=Partnership.Step.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["partnership", "changed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_step=models.F("to_step")), name="cycle_change_changes"
            ),
        ]

    def __str__(self):
        return f"Partnership {self.partnership_id}: {self.from_step or '—'} → {self.to_step}"


class GrowthArtifact(models.Model):
    """A file the partner keeps to show growth: checked by its content and size when uploaded
    (core/artifacts.py, as an observation's artifacts are), kept in private storage and streamed
    only to the partnership's parties. Its name as uploaded is content (a name may name a
    student)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="artifacts")
    file = models.FileField(storage=private_storage, upload_to="peer/%Y/%m/")
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
        ordering = ["partnership", "-created_at", "-pk"]
        constraints = [length_at_most("name", limits.ARTIFACT_NAME_MAX)]

    def __str__(self):
        return f"Artifact {self.pk} of partnership {self.partnership_id}"

    def get_absolute_url(self):
        return reverse("coaching:peer_artifact", args=[self.pk])


class Reflection(models.Model):
    """The partner's reflection on their learning. Content: for the partnership's parties."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="reflections"
    )
    text = models.TextField(
        "reflection", max_length=limits.REFLECTION_MAX, validators=_content(limits.REFLECTION_MAX)
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership", "-written_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="reflection_has_text"),
            length_at_most("text", limits.REFLECTION_MAX),
        ]

    def __str__(self):
        return f"Reflection {self.pk} of partnership {self.partnership_id}"


class TimeRequest(models.Model):
    """The partner asks for focused time. What for (`what`) is content, for the parties; that
    it was asked, when, and when it was scheduled is activity, which the principal sees and
    schedules."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="time_requests"
    )
    what = models.TextField(
        "what the time is for",
        max_length=limits.TIME_REQUEST_MAX,
        validators=_content(limits.TIME_REQUEST_MAX),
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(auto_now_add=True)
    scheduled_for = models.DateField(null=True, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scheduled_at = models.DateTimeField(null=True, blank=True)
    # Raised each time the scheduled date moves, so that calendars following the feed move the
    # entry (RFC 5545 SEQUENCE) instead of keeping the first date.
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["partnership", "-asked_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(what=""), name="time_request_says_what"),
            models.CheckConstraint(
                condition=Q(scheduled_for__isnull=True, scheduled_by__isnull=True)
                | Q(scheduled_for__isnull=False, scheduled_by__isnull=False),
                name="time_request_scheduled_by_someone",
            ),
            length_at_most("what", limits.TIME_REQUEST_MAX),
        ]

    def __str__(self):
        return f"Time request {self.pk} of partnership {self.partnership_id}"

    @property
    def is_scheduled(self) -> bool:
        return self.scheduled_for is not None


# The content of a partnership, field by field: read by its parties only (the content test plants
# a marker in each). Its sessions' notes (just-in-time lines among them) are the engagement's
# (coaching.models.CONTENT_FIELDS). The plan is the team's, read by the team alone.
PEER_CONTENT_FIELDS = [
    (Reflection, "text"),
    (TimeRequest, "what"),
    (GrowthArtifact, "name"),
]
PLAN_FIELDS = [(PeerPlan, "goals"), (PeerPlan, "plan")]
