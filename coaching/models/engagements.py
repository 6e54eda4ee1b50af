"""Coaching engagements, for every program (DESIGN.md, "Coaching engagements", "Gradual release",
"Coaching sessions", "Action steps"): who coaches whom, the agreement made at the start, the stage
of gradual release, the sessions and the action steps.

Privacy ("no evaluation", DESIGN.md "Privacy of coaching"): what the parties write here is coaching
content (`CONTENT_FIELDS` names each such field) and is read by the engagement's parties only, its
coaches and its coachee; everyone else who sees an engagement sees its activity (dates, minutes,
modes, activities, the stage, counts). `coaching.selectors.engagements` holds that split.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.deconstruct import deconstructible

from .. import limits
from ..limits import between, in_range, length_at_most
from ..privacy import no_student_identifiers


def _content(limit: int) -> list:
    """The validators of a coaching-content text field of at most `limit` characters."""
    return [MaxLengthValidator(limit), no_student_identifiers]


@deconstructible
class ChoiceList:
    """Validates a JSON list of choices: each one known, none twice."""

    def __init__(self, choices):
        self.allowed = [value for value, _ in choices]

    def __call__(self, value):
        if not isinstance(value, list):
            raise ValidationError("Expected a list of choices.", code="invalid")
        unknown = [v for v in value if v not in self.allowed]
        if unknown:
            raise ValidationError(
                f"Unknown choice: {', '.join(map(str, unknown))}.", code="invalid"
            )
        if len(set(value)) != len(value):
            raise ValidationError("A choice is listed twice.", code="invalid")

    def __eq__(self, other):
        return isinstance(other, ChoiceList) and self.allowed == other.allowed


class Team(models.Model):
    """A named team that is coached together: a district leadership team, a school's PLC, a
    building coaching team. Its members are people of the district; only a course's reciprocal
    pair (`CoursePair`) may join coaches of two districts, its team its owner district's."""

    district = models.ForeignKey(
        "coaching.District", on_delete=models.PROTECT, related_name="teams"
    )
    school = models.ForeignKey(
        "coaching.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
        help_text="Blank for a district-level team.",
    )
    name = models.CharField(
        max_length=limits.TEAM_NAME_MAX, help_text="For example “District leadership team”."
    )
    members = models.ManyToManyField("coaching.Person", blank=True, related_name="teams")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["district", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="team_name_unique_in_district",
                violation_error_message="This district already has a team of that name.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.school_id and self.district_id and self.school.district_id != self.district_id:
            raise ValidationError({"school": "That school is in another district."})


class Engagement(models.Model):
    """Who coaches whom. The coach (`coach`, and any `co_coaches`) is a login: a district coach or
    a provider's network coach. The coachee is one person, a named team, or a system: a school or
    the whole district (`coachee_kind` says which; a system may name the team that leads it).

    The coaching agreement is recorded when the engagement starts (Missouri practice profile): the
    process and expectations described, confidentiality explained, the coachee's commitment
    given, the response window in days and the check-in methods decided together.

    A team or system engagement has a stage of gradual release (IL MTSS-N); `stage` is the
    current one, written only by `stage_change` beside its `StageChange` row."""

    class Level(models.TextChoices):
        INDIVIDUAL = "individual", "Individual change"
        TEAM = "team", "Team change"
        SYSTEM = "system", "Systems change"

    class CoachingModel(models.TextChoices):
        FACILITATOR = "facilitator", "Facilitator coaching"
        NETWORK = "network", "Network: coach the coach"
        INSTRUCTIONAL = "instructional", "Instructional coaching"
        PEER = "peer", "Peer coaching"
        RECIPROCAL = "reciprocal", "Reciprocal coaching"

    class CoacheeKind(models.TextChoices):
        PERSON = "person", "A person"
        TEAM = "team", "A team"
        SCHOOL = "school", "A school"
        DISTRICT = "district", "The district"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        CLOSED = "closed", "Closed"

    class Stage(models.IntegerChoices):
        MODELS = 1, "1 · The coach models"
        SUPPORTS = 2, "2 · The coach supports and gives feedback"
        SELF_MONITORS = 3, "3 · The team works on its own and self-monitors"

    class CheckInMethod(models.TextChoices):
        EMAIL = "email", "E-mail"
        PHONE = "phone", "Phone"
        IN_PERSON = "in_person", "In person"
        VIDEO = "video", "Video call"

    program = models.ForeignKey(
        "coaching.Program", on_delete=models.PROTECT, related_name="engagements"
    )
    district = models.ForeignKey(
        "coaching.District", on_delete=models.PROTECT, related_name="engagements"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="engagements_coached"
    )
    co_coaches = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="engagements_co_coached"
    )
    coachee_kind = models.CharField(max_length=10, choices=CoacheeKind.choices)
    coachee_person = models.ForeignKey(
        "coaching.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements",
    )
    coachee_team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements",
        help_text="The team coached; for a system, the team that leads the change (optional).",
    )
    coachee_school = models.ForeignKey(
        "coaching.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements",
    )
    level = models.CharField("level of change", max_length=12, choices=Level.choices)
    model = models.CharField("coaching model", max_length=15, choices=CoachingModel.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="The planned end, if any.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    status_reason = models.TextField(
        blank=True,
        max_length=limits.REASON_MAX,
        validators=_content(limits.REASON_MAX),
        help_text="Why the engagement paused or closed. Everyone who sees the engagement reads "
        "it, its principal included: say nothing of the coaching itself.",
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    stage = models.PositiveSmallIntegerField(choices=Stage.choices, null=True, blank=True)

    # The coaching agreement, recorded when the engagement starts.
    process_described = models.BooleanField(
        "the coaching process and expectations were described", default=False
    )
    confidentiality_explained = models.BooleanField("confidentiality was explained", default=False)
    commitment_given = models.BooleanField("the coachee gave their commitment", default=False)
    response_window_days = models.PositiveSmallIntegerField(
        "response window (days)",
        validators=between(limits.RESPONSE_WINDOW_MIN, limits.RESPONSE_WINDOW_MAX),
        help_text="Decided together: the coach answers a check-in within this many days.",
    )
    checkin_methods = models.JSONField(
        "check-in methods",
        default=list,
        validators=[ChoiceList(CheckInMethod.choices)],
        help_text="Decided together: how the coach and coachee check in.",
    )
    agreement_notes = models.TextField(
        blank=True,
        max_length=limits.AGREEMENT_NOTES_MAX,
        validators=_content(limits.AGREEMENT_NOTES_MAX),
        help_text="Anything else agreed.",
    )
    agreed_on = models.DateField("agreement made on")

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        coachee_kind="person",
                        coachee_person__isnull=False,
                        coachee_team__isnull=True,
                        coachee_school__isnull=True,
                    )
                    | Q(
                        coachee_kind="team",
                        coachee_person__isnull=True,
                        coachee_team__isnull=False,
                        coachee_school__isnull=True,
                    )
                    | Q(
                        coachee_kind="school",
                        coachee_person__isnull=True,
                        coachee_school__isnull=False,
                    )
                    | Q(
                        coachee_kind="district",
                        coachee_person__isnull=True,
                        coachee_school__isnull=True,
                    )
                ),
                name="engagement_coachee_matches_kind",
                violation_error_message=(
                    "The coachee is one person, a team, a school or the district, as its kind says."
                ),
            ),
            models.CheckConstraint(
                condition=Q(level="individual", stage__isnull=True)
                | (~Q(level="individual") & Q(stage__isnull=False, stage__gte=1, stage__lte=3)),
                name="engagement_stage_for_team_or_system",
                violation_error_message="A team or system engagement has a stage (1 to 3); "
                "an individual one has none.",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(status_reason=""),
                name="engagement_closed_with_reason",
                violation_error_message="Say why the engagement closed.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="engagement_ends_after_start",
                violation_error_message="The end comes after the start.",
            ),
            models.CheckConstraint(
                condition=Q(process_described=True)
                & Q(confidentiality_explained=True)
                & Q(commitment_given=True),
                name="engagement_agreement_made",
                violation_error_message="An engagement starts with its agreement: the process "
                "described, confidentiality explained and the coachee's commitment given.",
            ),
            in_range(
                "response_window_days", limits.RESPONSE_WINDOW_MIN, limits.RESPONSE_WINDOW_MAX
            ),
            length_at_most("status_reason", limits.REASON_MAX),
            length_at_most("agreement_notes", limits.AGREEMENT_NOTES_MAX),
        ]
        indexes = [models.Index(fields=["district", "status"])]

    def __str__(self):
        return f"{self.get_model_display()} for {self.coachee_label}"

    def get_absolute_url(self):
        return reverse("coaching:engagement_detail", args=[self.pk])

    @property
    def coachee_label(self) -> str:
        """The coachee in words: the person, the team, the school or the district."""
        if self.coachee_kind == self.CoacheeKind.PERSON:
            return str(self.coachee_person)
        if self.coachee_kind == self.CoacheeKind.TEAM:
            return str(self.coachee_team)
        system = self.coachee_school if self.coachee_kind == self.CoacheeKind.SCHOOL else None
        system = system or self.district
        if self.coachee_team_id:
            return f"{system} ({self.coachee_team})"
        return str(system)

    @property
    def has_stages(self) -> bool:
        return self.level != self.Level.INDIVIDUAL

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def checkin_methods_display(self) -> str:
        labels = dict(self.CheckInMethod.choices)
        return ", ".join(labels.get(m, m) for m in self.checkin_methods)

    def clean(self):
        errors = {}
        if self.district_id:
            for name in ("coachee_person", "coachee_team", "coachee_school"):
                other = getattr(self, name) if getattr(self, f"{name}_id") else None
                if other is not None and other.district_id != self.district_id:
                    errors[name] = f"That {name.removeprefix('coachee_')} is in another district."
        if errors:
            raise ValidationError(errors)


class Goal(models.Model):
    """A goal of an engagement, with its success criteria: how coach and coachee will know it is
    met. Coaching content."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField(
        "goal", max_length=limits.GOAL_MAX, validators=_content(limits.GOAL_MAX)
    )
    success_criteria = models.TextField(
        max_length=limits.GOAL_MAX,
        validators=_content(limits.GOAL_MAX),
        help_text="How you will both know the goal is met.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    met_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["engagement", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text="") & ~Q(success_criteria=""),
                name="goal_has_text_and_criteria",
                violation_error_message="A goal has its text and its success criteria.",
            ),
            length_at_most("text", limits.GOAL_MAX),
            length_at_most("success_criteria", limits.GOAL_MAX),
        ]

    def __str__(self):
        return f"Goal {self.position + 1} of engagement {self.engagement_id}"


class StageChange(models.Model):
    """One change of an engagement's stage of gradual release: who, when, why, the evidence. The
    first row (from no stage) is the stage it started in. A stage may go back."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.PositiveSmallIntegerField(
        choices=Engagement.Stage.choices, null=True, blank=True
    )
    to_stage = models.PositiveSmallIntegerField(choices=Engagement.Stage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_on = models.DateField()
    changed_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(
        blank=True, max_length=limits.REASON_MAX, validators=_content(limits.REASON_MAX)
    )
    evidence = models.TextField(
        blank=True,
        max_length=limits.REASON_MAX,
        validators=_content(limits.REASON_MAX),
        help_text="What shows the team is ready (or needs more support).",
    )

    class Meta:
        ordering = ["engagement", "changed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_stage__gte=1, to_stage__lte=3)
                & (Q(from_stage__isnull=True) | Q(from_stage__gte=1, from_stage__lte=3)),
                name="stage_change_stages_in_range",
                violation_error_message="A stage is 1, 2 or 3.",
            ),
            models.CheckConstraint(
                condition=Q(from_stage__isnull=True) | ~Q(from_stage=models.F("to_stage")),
                name="stage_change_changes",
                violation_error_message="A change goes to another stage.",
            ),
            length_at_most("reason", limits.REASON_MAX),
            length_at_most("evidence", limits.REASON_MAX),
        ]

    def __str__(self):
        return f"Engagement {self.engagement_id}: stage {self.from_stage} → {self.to_stage}"

    @property
    def goes_back(self) -> bool:
        return self.from_stage is not None and self.to_stage < self.from_stage


class CoachingSession(models.Model):
    """One coaching session, or one short exchange (a hallway question, an e-mail): when, how
    long, how, what was done, who took part; and the notes and next steps, which are content. In
    stage 3 the team logs its own self-monitoring sessions (`self_monitoring`)."""

    class Mode(models.TextChoices):
        ONSITE = "onsite", "Onsite"
        VIRTUAL = "virtual", "Virtual"
        PHONE = "phone", "Phone"
        ASYNC = "async", "E-mail or other asynchronous"
        JOB_EMBEDDED = "job_embedded", "Job-embedded"

    class Activity(models.TextChoices):
        MODELLING = "modelling", "Modelling"
        CO_PLANNING = "co_planning", "Co-planning"
        CO_TEACHING = "co_teaching", "Co-teaching"
        OBSERVATION = "observation", "Observation"
        REFLECTIVE_QUESTIONING = "reflective_questioning", "Reflective questioning"
        FEEDBACK = "feedback", "Feedback"
        DATA_REVIEW = "data_review", "Data review"
        REHEARSAL = "rehearsal", "Rehearsal"
        JUST_IN_TIME = "just_in_time", "Just-in-time help"

    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField("date")
    minutes = models.PositiveSmallIntegerField(
        validators=between(limits.SESSION_MINUTES_MIN, limits.SESSION_MINUTES_MAX),
        help_text=f"From {limits.SESSION_MINUTES_MIN} to {limits.SESSION_MINUTES_MAX}.",
    )
    mode = models.CharField(max_length=15, choices=Mode.choices)
    activities = models.JSONField(
        default=list, blank=True, validators=[ChoiceList(Activity.choices)]
    )
    participants = models.ManyToManyField(
        "coaching.Person",
        blank=True,
        related_name="coaching_sessions",
        help_text="Who of the team took part.",
    )
    notes = models.TextField(
        blank=True,
        max_length=limits.SESSION_NOTES_MAX,
        validators=_content(limits.SESSION_NOTES_MAX),
    )
    next_steps = models.TextField(
        blank=True,
        max_length=limits.SESSION_NOTES_MAX,
        validators=_content(limits.SESSION_NOTES_MAX),
    )
    shared = models.BooleanField(
        "shared with the coachee",
        default=True,
        help_text="Untick to keep the notes and next steps to the coaches.",
    )
    self_monitoring = models.BooleanField(
        default=False, help_text="Logged by the team itself, working on its own (stage 3)."
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            in_range("minutes", limits.SESSION_MINUTES_MIN, limits.SESSION_MINUTES_MAX),
            length_at_most("notes", limits.SESSION_NOTES_MAX),
            length_at_most("next_steps", limits.SESSION_NOTES_MAX),
        ]
        indexes = [
            models.Index(fields=["engagement", "-held_on"]),
            models.Index(fields=["logged_by", "-created_at"]),
        ]

    def __str__(self):
        return f"Session of engagement {self.engagement_id} on {self.held_on}"

    @property
    def activities_display(self) -> str:
        labels = dict(self.Activity.choices)
        return ", ".join(labels.get(a, a) for a in self.activities)


class ActionStep(models.Model):
    """A high-leverage action step (Steplab): the step, its success criteria and a follow-up date;
    open, then practising, then met (with evidence) or dropped. Its text is coaching content; its
    status and dates are activity."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PRACTISING = "practising", "Practising"
        MET = "met", "Met"
        DROPPED = "dropped", "Dropped"

    # Where a step may go from each status.
    NEXT = {
        Status.OPEN: [Status.PRACTISING, Status.MET, Status.DROPPED],
        Status.PRACTISING: [Status.MET, Status.DROPPED],
        Status.MET: [],
        Status.DROPPED: [],
    }

    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, related_name="action_steps"
    )
    session = models.ForeignKey(
        CoachingSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_steps_set",
        help_text="The session where the step was set.",
    )
    step = models.TextField(
        "action step", max_length=limits.STEP_MAX, validators=_content(limits.STEP_MAX)
    )
    success_criteria = models.TextField(
        max_length=limits.STEP_MAX,
        validators=_content(limits.STEP_MAX),
        help_text="What doing it well looks like.",
    )
    follow_up_on = models.DateField("follow-up date")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    evidence = models.TextField(
        blank=True,
        max_length=limits.STEP_MAX,
        validators=_content(limits.STEP_MAX),
        help_text="What shows the step is met, or why it was dropped.",
    )
    status_changed_on = models.DateField(null=True, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["follow_up_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(step="") & ~Q(success_criteria=""),
                name="action_step_has_criteria",
                violation_error_message="An action step has its success criteria.",
            ),
            models.CheckConstraint(
                condition=~Q(status="met") | ~Q(evidence=""),
                name="action_step_met_with_evidence",
                violation_error_message="A met step has its evidence.",
            ),
            length_at_most("step", limits.STEP_MAX),
            length_at_most("success_criteria", limits.STEP_MAX),
            length_at_most("evidence", limits.STEP_MAX),
        ]
        indexes = [models.Index(fields=["status", "follow_up_on"])]

    def __str__(self):
        return f"Action step {self.pk} of engagement {self.engagement_id}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.PRACTISING)

    def is_overdue(self, today) -> bool:
        return self.is_open and self.follow_up_on < today


# The coaching content of an engagement, field by field: read by its parties only. The content
# tests plant a marker in each and look for it on every page a non-party can open; a new content
# field (check-ins, feedback, artifacts) is added here.
# (Why an engagement paused or closed is activity: the district admin may close it and reads why.)
# What an engagement's label (`Engagement.__str__`, `coachee_label`) reads: a list of sessions or
# steps that shows the label (the jobs' messages, the activity export) loads no more (`only`).
LABEL_FIELDS = (
    "model",
    "coachee_kind",
    "coachee_person__first_name",
    "coachee_person__last_name",
    "coachee_team__name",
    "coachee_school__name",
    "district__name",
)

CONTENT_FIELDS = [
    (Engagement, "agreement_notes"),
    (Goal, "text"),
    (Goal, "success_criteria"),
    (StageChange, "reason"),
    (StageChange, "evidence"),
    (CoachingSession, "notes"),
    (CoachingSession, "next_steps"),
    (ActionStep, "step"),
    (ActionStep, "success_criteria"),
    (ActionStep, "evidence"),
]
