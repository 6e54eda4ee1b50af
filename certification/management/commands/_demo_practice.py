"""Demo practice-profile ratings, so that the self-assessment chart, the side-by-side table, the
scoring queue and the agreement report have something to show. Added once: skipped when the demo
coach has ratings already."""

import datetime

from django.utils import timezone

from coaching.models import Person
from observations.models import PracticeRating
from observations.selectors import current_practice_profile
from observations.services import practice_rating_start
from rubrics import services as rubric_services

# Mean-ish levels per behaviour (13 behaviours of the profile, in order), oldest first.
SELF_ASSESSMENTS = [
    (120, [2, 2, 3, 2, 1, 2, 2, 2, 1, 2, 2, 1, 1]),
    (60, [3, 3, 3, 2, 2, 3, 2, 3, 2, 3, 3, 2, 2]),
    (14, [4, 3, 4, 3, 3, 3, 3, 3, 3, 3, 4, 3, 3]),
]
SUPERVISOR = [3, 3, 3, 3, 2, 3, 2, 3, 2, 3, 3, 2, 2]
CALIBRATION = (
    [3, 3, 2, 3, 2, 2, 3, 3, 2, 3, 3, 2, 2],
    [3, 2, 2, 3, 3, 2, 3, 4, 2, 3, 2, 2, 1],
)


def load(*, associates):
    version = current_practice_profile()
    coach = Person.objects.filter(user__email="coach@maplevalley.example").first()
    coach2 = Person.objects.filter(user__email="coach2@maplevalley.example").first()
    supervisor = Person.objects.filter(user__email="admin@maplevalley.example").first()
    if not (version and coach and coach2 and supervisor) or coach.practice_ratings.exists():
        return
    for days_ago, points in SELF_ASSESSMENTS:
        rating = practice_rating_start(
            person=coach,
            rated_by=coach.user,
            relation=PracticeRating.Relation.SELF,
            version=version,
        )
        _score(rating, coach.user, points, days_ago)
    rating = practice_rating_start(
        person=coach,
        rated_by=supervisor.user,
        relation=PracticeRating.Relation.SUPERVISOR,
        version=version,
    )
    _score(rating, supervisor.user, SUPERVISOR, 10)
    # A blind calibration of a second coach by both associates, and one more left to score.
    rating = practice_rating_start(
        person=coach2,
        rated_by=associates[0],
        relation=PracticeRating.Relation.ASSOCIATE,
        version=version,
        second_rater=associates[1],
    )
    for associate, points in zip(associates, CALIBRATION, strict=True):
        _score(rating, associate, points, 5)
    practice_rating_start(
        person=coach2,
        rated_by=associates[0],
        relation=PracticeRating.Relation.ASSOCIATE,
        version=version,
    )


def score_sheet(sheet, user, points, comment=""):
    """Give each criterion the level with these points (a list in criterion order, or one number)."""
    version = sheet.review.version
    by_points = {level.points: level.pk for level in version.levels.all()}
    criteria = list(version.criteria.order_by("domain__position", "position"))
    if isinstance(points, int):
        points = [points] * len(criteria)
    rubric_services.sheet_save(
        sheet=sheet,
        reviewer=user,
        levels={c.pk: by_points[p] for c, p in zip(criteria, points, strict=True)},
        comments={},
        overall_comment=comment,
    )


def _score(rating, user, points, days_ago):
    sheet = rating.review.sheets.get(reviewer=user)
    score_sheet(sheet, user, points)
    when = timezone.now() - datetime.timedelta(days=days_ago)
    PracticeRating.objects.filter(pk=rating.pk).update(created_at=when)
    # A final sheet cannot change, even its date: the ratings carry the demo's dates.
    rubric_services.sheet_finalize(sheet=sheet, reviewer=user)
