"""Coach-training courses (DESIGN.md, "Coach-training courses"; the Steplab Coaching Programme):
a course has stages, units and sessions; every session follows the same four parts, in order (a
Do Now retrieval task, introduction and modelling, scripting, practice and rehearsal, an exit
ticket), each with the facilitator's notes and timings; resources are attached.

A course is run for a cohort (`CourseRun`: training's `Cohort`, with its facilitator). The
cohort's run of one session (`RunSession`) holds its own copy of the session's questions
(`RunQuestion`), made when the session is first scheduled or adapted: the facilitator may then
edit, add or drop a question for this cohort alone, and every answer (`CourseAnswer`) keeps the
exact question it answered. A dropped question that has answers is hidden, never deleted.

Between sessions the cohort practises in reciprocal pairs (`CoursePair`): each pair is a
reciprocal engagement (coaching/models/engagements.py) whose coachee is the team of the pair.

Privacy: answers are coaching content, read by the coach who wrote them and by the run's
facilitator (`ANSWER_CONTENT_FIELDS`); a pair's practice is the pair's, its facilitator sees its
activity only."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.storage import private_storage

from .. import limits
from ..limits import between, in_range, length_at_most
from ..privacy import no_student_identifiers


def _content(limit: int) -> list:
    return [MaxLengthValidator(limit), no_student_identifiers]


class Part(models.TextChoices):
    """The four parts of every session, in their order."""

    DO_NOW = "do_now", "Do Now: retrieval practice"
    MODELLING = "modelling", "Introduction and modelling of the new concept"
    PRACTICE = "practice", "Scripting, practice and rehearsal"
    EXIT_TICKET = "exit_ticket", "Exit ticket"


# The parts that ask questions.
QUESTION_PARTS = [Part.DO_NOW, Part.EXIT_TICKET]


class Course(models.Model):
    """A coach-training course of a program (a program of the curriculum kind)."""

    program = models.ForeignKey(
        "coaching.Program", on_delete=models.PROTECT, related_name="courses"
    )
    name = models.CharField(max_length=limits.NAME_MAX)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(
        blank=True,
        max_length=limits.DESCRIPTION_MAX,
        validators=[MaxLengthValidator(limits.DESCRIPTION_MAX)],
    )
    is_sample = models.BooleanField(
        default=False, help_text="Shipped sample content, for the provider to complete."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [length_at_most("description", limits.DESCRIPTION_MAX)]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("coaching:course_detail", args=[self.pk])


class CourseStage(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=limits.TITLE_MAX)

    class Meta:
        ordering = ["course", "number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="course_stage_number_unique")
        ]

    def __str__(self):
        return f"Stage {self.number}: {self.title}"


class CourseUnit(models.Model):
    """A unit of a stage. Units are numbered through the course (Stage 2 begins at Unit 5)."""

    stage = models.ForeignKey(CourseStage, on_delete=models.CASCADE, related_name="units")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=limits.TITLE_MAX)

    class Meta:
        ordering = ["stage__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "number"], name="course_unit_number_unique")
        ]

    def __str__(self):
        return f"Unit {self.number}: {self.title}"


class CourseSession(models.Model):
    """One session of a unit: 30 minutes by default, in the four parts (`Part`), each with the
    facilitator's notes and its minutes."""

    unit = models.ForeignKey(CourseUnit, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(help_text="Its place in the unit.")
    title = models.CharField(max_length=limits.TITLE_MAX)
    duration_minutes = models.PositiveSmallIntegerField(
        default=30, validators=between(limits.TRAINING_MINUTES_MIN, limits.PART_MINUTES_MAX)
    )
    do_now_notes = models.TextField(
        blank=True, max_length=limits.COURSE_NOTES_MAX, validators=_content(limits.COURSE_NOTES_MAX)
    )
    do_now_minutes = models.PositiveSmallIntegerField(
        default=5, validators=between(0, limits.PART_MINUTES_MAX)
    )
    modelling_notes = models.TextField(
        blank=True, max_length=limits.COURSE_NOTES_MAX, validators=_content(limits.COURSE_NOTES_MAX)
    )
    modelling_minutes = models.PositiveSmallIntegerField(
        default=10, validators=between(0, limits.PART_MINUTES_MAX)
    )
    practice_notes = models.TextField(
        blank=True, max_length=limits.COURSE_NOTES_MAX, validators=_content(limits.COURSE_NOTES_MAX)
    )
    practice_minutes = models.PositiveSmallIntegerField(
        default=10, validators=between(0, limits.PART_MINUTES_MAX)
    )
    exit_ticket_notes = models.TextField(
        blank=True, max_length=limits.COURSE_NOTES_MAX, validators=_content(limits.COURSE_NOTES_MAX)
    )
    exit_ticket_minutes = models.PositiveSmallIntegerField(
        default=5, validators=between(0, limits.PART_MINUTES_MAX)
    )

    class Meta:
        ordering = ["unit__stage__number", "unit__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="course_session_number_unique"),
            in_range("duration_minutes", limits.TRAINING_MINUTES_MIN, limits.PART_MINUTES_MAX),
        ]

    def __str__(self):
        return f"Unit {self.unit.number}, session {self.number}: {self.title}"

    @property
    def parts(self) -> list[dict]:
        """The four parts in order, each with its label, the facilitator's notes and minutes."""
        return [
            {
                "part": part,
                "label": part.label,
                "notes": getattr(self, f"{part.value}_notes"),
                "minutes": getattr(self, f"{part.value}_minutes"),
            }
            for part in Part
        ]

    def clean(self):
        total = sum(getattr(self, f"{p.value}_minutes") or 0 for p in Part)
        if self.duration_minutes and total > self.duration_minutes:
            raise ValidationError(
                f"The parts take {total} minutes: more than the session's {self.duration_minutes}."
            )


class CourseQuestion(models.Model):
    """A question of a session's Do Now or exit ticket, as the course has it."""

    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="questions")
    part = models.CharField(max_length=12, choices=[(p.value, p.label) for p in QUESTION_PARTS])
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(
        max_length=limits.QUESTION_MAX, validators=_content(limits.QUESTION_MAX)
    )

    class Meta:
        ordering = ["session", "part", "position", "pk"]
        constraints = [length_at_most("text", limits.QUESTION_MAX)]

    def __str__(self):
        return self.text[:60]


class CourseResource(models.Model):
    """A resource of a session: its slides or the unit's booklet (a file stored privately), or an
    exemplar video of the program's library (observations' `Video`, named by its id: coaching
    knows no other app). Served only to the course's facilitators and its cohorts' members."""

    class Kind(models.TextChoices):
        SLIDES = "slides", "Slides"
        BOOKLET = "booklet", "Booklet"
        VIDEO = "video", "Exemplar video"

    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=limits.TITLE_MAX)
    file = models.FileField(
        storage=private_storage, upload_to="courses/%Y/%m/", blank=True, max_length=300
    )
    library_video_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="The exemplar video's id in the program's library."
    )

    class Meta:
        ordering = ["session", "kind", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="video") & Q(library_video_id__isnull=False) & Q(file=""))
                | (~Q(kind="video") & Q(library_video_id__isnull=True) & ~Q(file="")),
                name="course_resource_file_or_video",
                violation_error_message="A video names a library video; slides and a booklet "
                "are a file.",
            )
        ]

    def __str__(self):
        return self.title


class CourseRun(models.Model):
    """A course run for a cohort of coaches (from one district or several), by its facilitator:
    an associate of the course's program."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="runs")
    cohort = models.OneToOneField(
        "coaching.Cohort", on_delete=models.PROTECT, related_name="course_run"
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="course_runs_facilitated"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.course} for {self.cohort}"

    def get_absolute_url(self):
        return reverse("coaching:run_detail", args=[self.pk])

    def clean(self):
        if self.course_id and self.cohort_id and self.cohort.program_id != self.course.program_id:
            raise ValidationError({"cohort": "That cohort belongs to another program."})


class RunSession(models.Model):
    """The cohort's run of one session: its training event (two or three sessions may share one
    longer slot) and its own copy of the questions (`questions`)."""

    run = models.ForeignKey(CourseRun, on_delete=models.CASCADE, related_name="run_sessions")
    session = models.ForeignKey(CourseSession, on_delete=models.PROTECT, related_name="runs")
    event = models.ForeignKey(
        "coaching.TrainingEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="run_sessions",
    )
    adapted = models.BooleanField(
        default=False, help_text="The facilitator changed its questions for this cohort."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = [
            "run",
            "session__unit__stage__number",
            "session__unit__number",
            "session__number",
        ]
        constraints = [
            models.UniqueConstraint(fields=["run", "session"], name="run_session_once_per_run")
        ]

    def __str__(self):
        return str(self.session)

    def get_absolute_url(self):
        return reverse("coaching:run_session_detail", args=[self.pk])


class RunQuestion(models.Model):
    """A question as the cohort is asked it: copied from the course (`source`), edited, or added
    by the facilitator. Edited once answered, it keeps its text for those answers: the edit makes a
    new question and hides this one (`hidden`)."""

    run_session = models.ForeignKey(RunSession, on_delete=models.CASCADE, related_name="questions")
    source = models.ForeignKey(
        CourseQuestion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    part = models.CharField(max_length=12, choices=[(p.value, p.label) for p in QUESTION_PARTS])
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(
        max_length=limits.QUESTION_MAX, validators=_content(limits.QUESTION_MAX)
    )
    hidden = models.BooleanField(default=False, help_text="Dropped for this cohort.")

    class Meta:
        ordering = ["run_session", "part", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""),
                name="run_question_has_text",
                violation_error_message="Write the question.",
            ),
            length_at_most("text", limits.QUESTION_MAX),
        ]

    def __str__(self):
        return self.text[:60]


class CourseAnswer(models.Model):
    """One coach's answer to one question: typed by the coach, or typed in from the paper exit
    ticket by the facilitator (`typed_in_by`). Coaching content. `follow_up`: the facilitator
    marked it to follow up."""

    question = models.ForeignKey(RunQuestion, on_delete=models.PROTECT, related_name="answers")
    person = models.ForeignKey(
        "coaching.Person", on_delete=models.PROTECT, related_name="course_answers"
    )
    text = models.TextField(max_length=limits.ANSWER_MAX, validators=_content(limits.ANSWER_MAX))
    typed_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The facilitator who typed in the paper exit ticket; blank when the coach wrote it.",
    )
    follow_up = models.BooleanField(default=False)
    answered_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question", "person__last_name", "person__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "person"],
                name="course_answer_once_per_question",
                violation_error_message="This coach has answered this question already.",
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="course_answer_has_text",
                violation_error_message="Write the answer.",
            ),
            length_at_most("text", limits.ANSWER_MAX),
        ]
        indexes = [models.Index(fields=["person", "question"])]

    def __str__(self):
        return f"{self.person}'s answer to question {self.question_id}"


class CoursePair(models.Model):
    """A reciprocal coaching pair (or the one triad) of a run: the reciprocal engagement in which
    they practise between sessions, each of them coach and coachee."""

    run = models.ForeignKey(CourseRun, on_delete=models.CASCADE, related_name="pairs")
    engagement = models.OneToOneField(
        "coaching.Engagement", on_delete=models.PROTECT, related_name="course_pair"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run", "pk"]

    def __str__(self):
        return f"Pair {self.pk} of {self.run}"


# The coaching content of a course run, field by field: the content tests plant a marker in each.
ANSWER_CONTENT_FIELDS = [(CourseAnswer, "text")]
