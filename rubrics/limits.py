"""The limits of what rubrics' forms and models take: every length and range in one place.

This app depends on no other, so it keeps its own (coaching.limits is its twin). A TextField's
`max_length` is enforced only by its form; those fields also carry a `MaxLengthValidator`, and where
the rule matters a CHECK constraint (`length_at_most`) holds it in the database.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length

# Q(field__length__lte=N) in the CHECK constraints below.
models.CharField.register_lookup(Length)
models.TextField.register_lookup(Length)

NAME_MAX = 200  # a rubric or a domain
LABEL_MAX = 80  # a level
SUBJECT_LABEL_MAX = 300  # how a review's subject is named: a person's full name and more
DESCRIPTION_MAX = 2_000  # a rubric's or a domain's description
CRITERION_MAX = 2_000  # a criterion's text, or a descriptor's
COMMENT_MAX = 2_000  # a comment on one criterion
OVERALL_COMMENT_MAX = 10_000  # a scoresheet's overall comment
NOTE_MAX = 2_000  # why an adjudicator decided as they did

POINTS_MAX = 1_000  # a level's points, and the minimum on every criterion
TOTAL_MAX = 100_000  # a minimum total


def length_at_most(field: str, limit: int) -> models.CheckConstraint:
    """A CHECK constraint: `field` holds at most `limit` characters."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__length__lte": limit}),
        name=f"%(app_label)s_%(class)s_{field}_max_length",
        violation_error_message=f"At most {limit:,} characters.",
    )


def at_most(field: str, limit: int) -> models.CheckConstraint:
    """A CHECK constraint: `field` is empty or at most `limit` (it is never negative already)."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": limit}),
        name=f"%(app_label)s_%(class)s_{field}_range",
        violation_error_message=f"At most {limit:,}.",
    )


def between(low: int, high: int) -> list:
    return [MinValueValidator(low), MaxValueValidator(high)]
