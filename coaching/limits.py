"""The limits of what coaching's forms and models take: every length and range in one place.

A text field's `max_length` is enforced by its form; on a TextField Django leaves the model alone,
so those fields also carry a `MaxLengthValidator` (services call `full_clean`), and where the rule
matters the database holds it too (`length_at_most`, a CHECK constraint). Numbers have ranges that
make sense and that PostgreSQL's column types can hold (SQLite would take any integer).
"""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length

# Q(field__length__lte=N) in the CHECK constraints below.
models.CharField.register_lookup(Length)
models.TextField.register_lookup(Length)

NAME_MAX = 200  # a program, district, school or provider
PERSON_NAME_MAX = 100  # a first or last name
COHORT_NAME_MAX = 100
JOB_TITLE_MAX = 120
STAFF_ID_MAX = 50  # the district's own staff number
TITLE_MAX = 200  # a training's title
LOCATION_MAX = 200  # a room, or the link of a call
SHORT_NOTE_MAX = 300  # how a missed call was made up
DESCRIPTION_MAX = 2_000
SUBJECT_MAX = 300  # a notification's subject: room for a title and a sentence around it
BODY_MAX = 20_000  # a notification's body: room for quoted feedback and a sentence around it
ERROR_MAX = 2_000  # the last error of an e-mail delivery

TRAINING_MINUTES_MIN, TRAINING_MINUTES_MAX = 5, 1_440  # up to a whole day

# Coaching engagements (coaching/models/engagements.py)
TEAM_NAME_MAX = 200
GOAL_MAX = 2_000  # a goal, or its success criteria
STEP_MAX = 2_000  # an action step, its success criteria, its evidence
REASON_MAX = 2_000  # why an engagement paused or closed, why its stage changed, the evidence
AGREEMENT_NOTES_MAX = 2_000
SESSION_NOTES_MAX = 10_000  # a session's notes, or its next steps
SESSION_MINUTES_MIN, SESSION_MINUTES_MAX = 1, 600  # a one-minute hallway exchange to a long day
RESPONSE_WINDOW_MIN, RESPONSE_WINDOW_MAX = 1, 30  # days, as agreed with the coachee
CAPACITY_MAX = 1_000


def length_at_most(field: str, limit: int) -> models.CheckConstraint:
    """A CHECK constraint: `field` holds at most `limit` characters."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__length__lte": limit}),
        name=f"%(app_label)s_%(class)s_{field}_max_length",
        violation_error_message=f"At most {limit:,} characters.",
    )


def in_range(field: str, low: int, high: int, *, nullable: bool = False) -> models.CheckConstraint:
    """A CHECK constraint: `field` lies between `low` and `high` (or is empty, when `nullable`)."""
    condition = Q(**{f"{field}__gte": low, f"{field}__lte": high})
    if nullable:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(
        condition=condition,
        name=f"%(app_label)s_%(class)s_{field}_range",
        violation_error_message=f"Between {low:,} and {high:,}.",
    )


def between(low: int, high: int) -> list:
    """The validators of a number between `low` and `high`."""
    return [MinValueValidator(low), MaxValueValidator(high)]


def number_inputs(form) -> None:
    """Give a ModelForm's number inputs the `min` and `max` of their model fields' validators, so
    that the browser offers the range the model takes (the model still decides)."""
    model = form._meta.model
    for name, field in form.fields.items():
        if not isinstance(field, forms.IntegerField):
            continue
        for validator in model._meta.get_field(name).validators:
            if isinstance(validator, MinValueValidator):
                field.widget.attrs["min"] = validator.limit_value
            elif isinstance(validator, MaxValueValidator):
                field.widget.attrs["max"] = validator.limit_value


# Check-ins (coaching/models/checkins.py)
CHECKIN_MAX = 4_000  # a check-in's question, report or feedback, and its answer

# Coach-training courses (coaching/models/courses.py)
COURSE_NOTES_MAX = 10_000  # a facilitator's notes of one part of a session
QUESTION_MAX = 1_000  # a Do Now or exit-ticket question
ANSWER_MAX = 5_000  # a coach's answer to one question
PART_MINUTES_MAX = 240

# Peer coaching (coaching/models/peer.py)
PLAN_MAX = 10_000  # a school coaching team's plan
PLANNED_SESSION_DAYS_AHEAD = 366  # a coaching session is planned up to a year ahead
PLAN_GOALS_MAX = 2_000  # the building's and the district's goals it aims at
REFLECTION_MAX = 4_000  # a partner's reflection
JIT_LINE_MAX = 300  # the optional line of just-in-time help
TIME_REQUEST_MAX = 1_000  # what a partner asks focused time for
ASSESSMENT_NOTE_MAX = 1_000  # the principal's note on a partnership's year
ARTIFACT_NAME_MAX = 200  # a partner artifact's file name, as uploaded (as observations')

# How far from today a date may be set: beyond these a typed year (9999, 2019) is a slip, refused
# on the form with the range it may take.
TRAINING_DAYS_AHEAD = 731  # a training, a support call or a course session: up to two years ahead
TRAINING_DAYS_BACK = 731  # one held earlier, recorded late: up to two years back
TIME_REQUEST_DAYS_AHEAD = 366  # focused time a partner asked for: up to a year after the asking
FOLLOW_UP_DAYS_AHEAD = 366  # an action step's follow-up date: up to a year ahead
