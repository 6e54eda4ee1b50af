"""`core.queries.CompiledOnce`: the roles query that every request runs, compiled once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coaching.models import Cohort, Course, CourseRun, RoleMembership
from coaching.selectors import _ROLE_ROWS, _role_rows, roles_of
from core.queries import CompiledOnce

pytestmark = pytest.mark.django_db


def _orm_rows(user):
    return sorted(_role_rows(user.pk))


@pytest.mark.parametrize(
    "who", ["associate", "associate_b", "admin_a", "coach_a", "principal_a", "superuser"]
)
def test_the_compiled_roles_query_answers_what_the_orm_answers(cast, who):
    user = getattr(cast, who)
    compiled = sorted(_ROLE_ROWS.rows(user.pk))
    # The ids and the role as they are; the two EXISTS for their truth (SQLite answers 0 and 1).
    assert [(*r[:4], bool(r[4]), bool(r[5])) for r in compiled] == _orm_rows(user)
    assert len(compiled) == (0 if who == "superuser" else 1)


def test_a_course_shows_in_the_roles_read_through_the_compiled_query(cast):
    """Both EXISTS of the query: a coach in a course's cohort, an associate of a program with a
    course. Neither holds before; both after."""
    assert not roles_of(cast.coach_a).has_courses
    assert not roles_of(cast.associate).has_courses
    course = Course.objects.create(program=cast.program, name="Coaching basics", slug="basics")
    cohort = Cohort.objects.create(program=cast.program, name="Fall cohort")
    cohort.members.add(cast.coach_a.person)
    CourseRun.objects.create(course=course, cohort=cohort, facilitator=cast.associate)
    for user in (cast.coach_a, cast.associate):
        user.__dict__.pop("_roles_cache", None)
        assert roles_of(user).has_courses


def test_it_compiles_once_and_each_call_runs_one_query_with_its_own_value(cast):
    built = []

    def build(user_id):
        built.append(user_id)
        return RoleMembership.objects.filter(user_id=user_id).order_by().values_list("role")

    query = CompiledOnce(RoleMembership, build)
    with CaptureQueriesContext(connection) as queries:
        coach = query.rows(cast.coach_a.pk)
        admin = query.rows(cast.admin_a.pk)
    assert built == [CompiledOnce.PLACEHOLDER]
    assert len(queries) == 2
    assert coach == [(RoleMembership.Role.COACH,)]
    assert admin == [(RoleMembership.Role.DISTRICT_ADMIN,)]


def test_a_query_without_its_value_as_one_parameter_is_refused(cast):
    query = CompiledOnce(RoleMembership, lambda value: RoleMembership.objects.values_list("role"))
    with pytest.raises(ValueError, match="exactly once"):
        query.rows(cast.coach_a.pk)
