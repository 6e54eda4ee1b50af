from django.db import transaction

from coaching.models import Person
from rubrics import services as rubric_services
from rubrics.models import RubricVersion

from .models import PracticeRating


@transaction.atomic
def practice_rating_start(
    *, person: Person, rated_by, relation: str, version: RubricVersion, second_rater=None
) -> PracticeRating:
    """Start a rating of a coach's practice: a review on the profile with a sheet for the rater
    (and, for a calibration, a second rater scoring blind). Returns the rating."""
    raters = [rated_by] + ([second_rater] if second_rater else [])
    label = f"{person.full_name}: {PracticeRating.Relation(relation).label.lower()}"
    review = rubric_services.review_create(
        version=version,
        subject_label=label,
        reviewers=raters,
        blind=second_rater is not None,
        scope=f"district:{person.district_id}",
    )
    rating = PracticeRating(person=person, review=review, relation=relation, rated_by=rated_by)
    rating.full_clean()
    rating.save()
    return rating
