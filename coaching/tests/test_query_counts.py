"""List and dashboard pages run the same number of queries at 2 rows and at 50 (no N+1)."""

import pytest
from django.urls import reverse

from coaching.models import RoleMembership
from coaching.tests.access import count_queries
from coaching.tests.factories import (
    DistrictFactory,
    EnrollmentFactory,
    MembershipFactory,
    PersonFactory,
    ProgramFactory,
    SchoolFactory,
    UserFactory,
)

# The most any of these pages may run, whatever the rows.
CEILING = 12
# The home is each role's dashboard: two queries for each list of what waits, one or two a chart.
HOME_CEILING = 30


def grow_districts(cast, n):
    """n districts enrolled in the associate's program, each with schools and staff with logins."""
    for _ in range(n):
        district = DistrictFactory()
        EnrollmentFactory(program=cast.program, district=district)
        school = SchoolFactory(district=district)
        user = UserFactory()
        MembershipFactory(user=user, role=RoleMembership.Role.COACH, district=district)
        PersonFactory(district=district, school=school, user=user)


def grow_roster(cast, n):
    """n more people in district A, spread over n schools, half of them with a login and a role."""
    for i in range(n):
        school = SchoolFactory(district=cast.district_a)
        user = None
        if i % 2:
            user = UserFactory()
            MembershipFactory(user=user, role=RoleMembership.Role.COACH, district=cast.district_a)
        PersonFactory(district=cast.district_a, school=school, user=user)


def grow_school_staff(cast, n):
    """n more people at school_a, the principal's school."""
    for _ in range(n):
        PersonFactory(district=cast.district_a, school=cast.school_a)


def grow_principal_schools(cast, n):
    """n more schools the principal leads, each with staff."""
    for _ in range(n):
        school = SchoolFactory(district=cast.district_a)
        MembershipFactory(user=cast.principal_a, role=RoleMembership.Role.PRINCIPAL, school=school)
        PersonFactory(district=cast.district_a, school=school)


def grow_programs(cast, n):
    for _ in range(n):
        program = ProgramFactory()
        MembershipFactory(user=cast.associate, role=RoleMembership.Role.ASSOCIATE, program=program)
        EnrollmentFactory(program=program, district=cast.district_a)


def grow_memberships(cast, n):
    """n more roles for coach_a: principal of n schools of district A."""
    for _ in range(n):
        school = SchoolFactory(district=cast.district_a)
        MembershipFactory(user=cast.coach_a, role=RoleMembership.Role.PRINCIPAL, school=school)


PAGES = [
    ("associate", lambda w: reverse("coaching:home"), grow_districts),
    ("associate", lambda w: reverse("coaching:district_list"), grow_districts),
    ("associate", lambda w: reverse("coaching:home"), grow_programs),
    ("associate", lambda w: reverse("coaching:program_list"), grow_programs),
    (
        "associate",
        lambda w: reverse("coaching:program_detail", args=[w.program.pk]),
        grow_districts,
    ),
    ("admin_a", lambda w: reverse("coaching:home"), grow_roster),
    ("admin_a", lambda w: reverse("coaching:district_detail", args=[w.district_a.pk]), grow_roster),
    ("admin_a", lambda w: reverse("coaching:staff_list", args=[w.district_a.pk]), grow_roster),
    (
        "admin_a",
        lambda w: reverse("coaching:staff_list", args=[w.district_a.pk]) + "?status=all&q=a",
        grow_roster,
    ),
    ("principal_a", lambda w: reverse("coaching:home"), grow_school_staff),
    ("principal_a", lambda w: reverse("coaching:home"), grow_principal_schools),
    ("coach_a", lambda w: reverse("coaching:program_list"), grow_programs),
    ("coach_a", lambda w: reverse("coaching:profile"), grow_memberships),
    ("coach_a", lambda w: reverse("coaching:home"), grow_memberships),
]


@pytest.mark.parametrize(
    ("actor", "url", "grow"),
    PAGES,
    ids=[f"{a}-{g.__name__}-{i}" for i, (a, _, g) in enumerate(PAGES)],
)
def test_the_page_runs_as_many_queries_at_50_rows_as_at_2(actor, url, grow, cast, client_for):
    client = client_for(getattr(cast, actor))
    grow(cast, 2)
    at_2 = count_queries(client, url(cast))
    grow(cast, 48)
    at_50 = count_queries(client, url(cast))
    assert at_50 == at_2, f"{at_2} queries at 2 rows, {at_50} at 50"
    assert at_50 <= (HOME_CEILING if url(cast) == reverse("coaching:home") else CEILING)


@pytest.mark.parametrize("actor", ["associate", "admin_a", "coach_a", "principal_a"])
def test_a_page_that_does_nothing_costs_three_queries_session_user_roles(actor, cast, client_for):
    """The fixed cost of every signed-in page (benchmark_request_cost): the session, the user and
    the roles; the navigation's flags come from the roles and the unread count from the user."""
    from django.test import override_settings

    client = client_for(getattr(cast, actor))
    with override_settings(ROOT_URLCONF="coaching.management.commands.benchmark_request_cost"):
        assert count_queries(client, "/__request-cost__/") == 3


def test_the_request_cost_benchmark_measures_and_keeps_nothing(db):
    import io

    from django.core.management import call_command

    from coaching.models import User

    out = io.StringIO()
    call_command("benchmark_request_cost", requests=3, stdout=out)
    assert "3 queries per request" in out.getvalue() and "Rolled back" in out.getvalue()
    assert not User.objects.exists()


def test_the_navigation_offers_scoring_to_associates_and_the_site_admin_only(cast, client_for):
    from coaching.tests.factories import UserFactory

    link = f'href="{reverse("rubrics:my_reviews")}">Scoring<'
    superuser = UserFactory(is_superuser=True, is_staff=True)
    for user, shown in ((cast.associate, True), (superuser, True), (cast.coach_a, False)):
        page = client_for(user).get(reverse("coaching:profile")).content.decode()
        assert (link in page) is shown, user
        assert f'href="{reverse("coaching:inbox")}"' in page


def test_the_programs_page_lists_its_districts_50_a_page(cast, client_for):
    """A network's program enrolls hundreds of districts: its page lists them 50 at a time, and
    the next page holds the rest."""
    from coaching.models import Enrollment

    from .factories import DistrictFactory, EnrollmentFactory

    for _ in range(51):
        EnrollmentFactory(program=cast.program, district=DistrictFactory())
    enrolled = Enrollment.objects.filter(program=cast.program).count()
    url = reverse("coaching:program_detail", args=[cast.program.pk])
    client = client_for(cast.associate)
    first = client.get(url)
    assert len(first.context["enrollments"]) == 50
    assert first.context["page"].paginator.count == enrolled
    assert 'aria-label="Pages"' in first.content.decode()
    rest = client.get(url, {"page": 2})
    shown = {e.pk for e in first.context["enrollments"]} | {
        e.pk for e in rest.context["enrollments"]
    }
    assert len(shown) == min(enrolled, 100)
