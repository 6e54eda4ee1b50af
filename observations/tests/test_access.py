"""Every view of the observations app, tried by every actor of the cast."""

import pytest
from django.urls import reverse

from coaching.tests.access import ACTORS, Case, run_case
from observations.models import PracticeRating
from observations.selectors import current_practice_profile
from rubrics.models import Review


def state(w):
    return (list(PracticeRating.objects.values()), list(Review.objects.values()))


CASES = [
    # Each coach has their own page; anyone without a coach record gets 404.
    Case(
        "observations:my_practice",
        lambda w: reverse("observations:my_practice"),
        {"coach_a": 200, "coach_b": 200},
    ),
    Case(
        "observations:self_assessment_start",
        lambda w: reverse("observations:self_assessment_start"),
        {"coach_a": 302, "coach_b": 302},
        method="post",
        state=state,
    ),
    Case(
        "observations:coach_list",
        lambda w: reverse("observations:coach_list"),
        {"admin_a": 200, "admin_b": 200, "associate": 200, "superuser": 200, "associate_b": 200}
        | {"coach_a": 403, "coach_b": 403, "principal_a": 403},
    ),
    # Coach A: seen by their district admin, the associate and themself; their principal
    # supports coaching but never evaluates it.
    Case(
        "observations:coach_practice",
        lambda w: reverse("observations:coach_practice", args=[w.coach_a_person.pk]),
        {"admin_a": 200, "associate": 200, "superuser": 200, "coach_a": 200},
    ),
    Case(
        "observations:coach_rate",
        lambda w: reverse("observations:coach_rate", args=[w.coach_a_person.pk]),
        {"admin_a": 302, "associate": 302, "superuser": 403, "coach_a": 403},
        method="post",
        data=lambda w: {"version": current_practice_profile().pk},
        state=state,
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_access(case, actor, practice_cast, client_for):
    run_case(case, actor, practice_cast, client_for)
