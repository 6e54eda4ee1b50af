"""Every page of coach-training courses, tried by every actor of the course world
(coaching/tests/courses/cases.py says who gets what and why)."""

import pytest

from .access import run_case
from .casts import cast_layer
from .courses import world
from .courses.cases import ACTORS, CASES

__all__ = ["CASES"]


@cast_layer
def courses_cast(cast):
    return world.build(cast)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_access_to_courses(case, actor, courses_cast, client_for):
    run_case(case, actor, courses_cast, client_for)
