"""Reads for practice ratings, scoped through coaching's one mechanism."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from coaching.models import Person, RoleMembership
from coaching.selectors import districts_visible_to, people_visible_to, roles_of
from rubrics.content import PRACTICE_PROFILE_SLUG
from rubrics.models import Review, RubricVersion, Scoresheet
from rubrics.selectors import domain_levels_over_time

from .models import PracticeRating


def current_practice_profile() -> RubricVersion | None:
    """The newest published version of the practice profile: what new ratings are scored on."""
    return (
        RubricVersion.objects.filter(
            rubric__slug=PRACTICE_PROFILE_SLUG, status=RubricVersion.Status.PUBLISHED
        )
        .select_related("rubric")
        .order_by("-number")
        .first()
    )


def rating_versions() -> QuerySet[RubricVersion]:
    """The newest published version of each rubric: what a coach can be rated on."""
    newest = (
        RubricVersion.objects.filter(
            rubric=OuterRef("rubric"), status=RubricVersion.Status.PUBLISHED
        )
        .order_by("-number")
        .values("pk")[:1]
    )
    return (
        RubricVersion.objects.filter(pk=Subquery(newest))
        .select_related("rubric")
        .order_by("rubric__name")
    )


def coaches_visible_to(user) -> QuerySet[Person]:
    """People with a coach role whose practice this user may see: the coaches of the districts
    whose roster they read (district admin, associate), and themself. A principal supports coaching
    but never evaluates it, so sees no one's practice ratings here."""
    return (
        people_visible_to(user)
        .filter(Q(district__in=districts_visible_to(user)) | Q(user=user))
        .filter(user__memberships__role=RoleMembership.Role.COACH, is_active=True)
        .select_related("district", "school")
        .distinct()
    )


def can_rate(user, person: Person) -> str | None:
    """How this user may rate this coach ("supervisor", "associate"), or None. A district admin of
    the coach's district supervises; an associate of a program the district is enrolled in rates.
    Nobody rates themself here (that is the self-assessment), and a principal never evaluates."""
    if person.user_id == user.pk:
        return None
    roles = roles_of(user)
    if person.district_id in roles.admin_district_ids:
        return PracticeRating.Relation.SUPERVISOR
    if roles.is_associate and districts_visible_to(user).filter(pk=person.district_id).exists():
        return PracticeRating.Relation.ASSOCIATE
    return None


def get_coach_for_user(user, pk, *, rate=False) -> Person:
    person = get_object_or_404(coaches_visible_to(user), pk=pk)
    if rate and can_rate(user, person) is None:
        raise PermissionDenied("You may see this coach's practice but not rate it.")
    return person


def own_coach_record(user) -> Person | None:
    return coaches_visible_to(user).filter(user=user).first()


def practice_history(person: Person) -> dict:
    """The coach's decided ratings in date order, each essential function's mean level in each, and
    the latest self-assessment beside the latest rating by someone else."""
    ratings = list(
        person.practice_ratings.filter(review__status=Review.Status.DECIDED)
        .select_related("review__version__rubric", "rated_by")
        .order_by("created_at")
    )
    levels = domain_levels_over_time([r.review for r in ratings])
    rows = [dict(row, rating=rating) for rating, row in zip(ratings, levels, strict=True)]
    # The chart and the comparison keep to the practice profile; other rubrics are only listed.
    profile = [r for r in rows if r["rating"].review.version.rubric.slug == PRACTICE_PROFILE_SLUG]
    domains = []
    for row in profile:
        for name in row["domains"]:
            if name not in domains:
                domains.append(name)
    own = [r for r in profile if r["rating"].relation == PracticeRating.Relation.SELF]
    others = [r for r in profile if r["rating"].relation != PracticeRating.Relation.SELF]
    compare = None
    if own and others:
        compare = {
            "self": own[-1],
            "other": others[-1],
            "rows": [(d, own[-1]["domains"].get(d), others[-1]["domains"].get(d)) for d in domains],
        }
    return {"rows": rows, "domains": domains, "self_rows": own, "compare": compare}


def open_ratings(person: Person, user) -> QuerySet[PracticeRating]:
    """Ratings of this coach that this user started and has not finalised."""
    mine_open = Scoresheet.objects.filter(
        review=OuterRef("review"), reviewer=user, status=Scoresheet.Status.DRAFT
    )
    return (
        person.practice_ratings.filter(Exists(mine_open))
        .select_related("review")
        .prefetch_related("review__sheets")
    )
