"""Every list of coach-training courses, and the facilitator's grid, runs the same number of
queries at 2 rows and at 50: cohorts on the list, coaches on the grid and a coach's run page,
answers side by side, pairs on the pairs page, coaches offered on the paper-ticket form.

The world is built once for the module (a cast layer): a cohort of 2 coaches and one of 50,
each with session 1 held, attended, every exit ticket answered and the cohort paired; and a
facilitator of 2 cohorts beside one of 50. Each test reads the same page of the small and the
large one."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.content import STEPLAB_COURSE
from coaching.models import Cohort, CourseRun, Program, Registration, RoleMembership
from coaching.selectors import courses as selectors
from coaching.services import courses as services
from coaching.services import training as training_services
from coaching.tests.access import count_queries
from coaching.tests.casts import cast_layer
from coaching.tests.factories import (
    EnrollmentFactory,
    MembershipFactory,
    PersonFactory,
    ProgramFactory,
    ProviderFactory,
    UserFactory,
)

CEILING = 20


def _coach(w):
    user = UserFactory()
    MembershipFactory(user=user, role=RoleMembership.Role.COACH, district=w.district_a)
    PersonFactory(district=w.district_a, user=user, first_name=user.first_name)
    return user


def _facilitator(w, email):
    user = UserFactory(email=email)
    MembershipFactory(user=user, role=RoleMembership.Role.ASSOCIATE, program=w.steplab)
    return user


def _cohort(w, size, name):
    """A run of `size` coaches with session 1 held: all attended, each exit ticket answered, the
    cohort paired."""
    coaches = [_coach(w) for _ in range(size)]
    run = services.run_create(
        course=w.course, by=w.facilitator, name=name, members=[c.person for c in coaches]
    )
    event = services.sessions_schedule(
        run=run,
        sessions=[w.session1],
        by=w.facilitator,
        starts_at=timezone.now() - dt.timedelta(hours=2),
    )
    marks = {r.pk: "attended" for r in Registration.objects.filter(event=event)}
    training_services.attendance_record(event=event, attendance=marks, by=w.facilitator)
    rs = run.run_sessions.get()
    question = rs.questions.filter(part="exit_ticket").first()
    for user in coaches:
        services.answers_save(
            run_session=rs, person=user.person, answers={question.pk: "An answer"}, by=user
        )
    services.pairs_make(
        run=run, groups=selectors.pairs_proposed(selectors.members_of(run)), by=w.facilitator
    )
    return run, rs, coaches


@cast_layer
def scale(cast):
    w = cast
    w.steplab = ProgramFactory(
        kind=Program.Kind.CURRICULUM, provider=ProviderFactory(name="Steplab", slug="steplab")
    )
    EnrollmentFactory(program=w.steplab, district=w.district_a)
    w.facilitator = _facilitator(w, "facilitator@steplab.example")
    w.course, _ = services.course_install(spec=STEPLAB_COURSE, program=w.steplab)
    w.session1 = selectors.course_sessions(w.course)[0]
    w.small = dict(zip(("run", "rs", "coaches"), _cohort(w, 2, "Small cohort"), strict=True))
    w.large = dict(zip(("run", "rs", "coaches"), _cohort(w, 50, "Large cohort"), strict=True))
    # The course list: a facilitator of 2 cohorts, and one of 50.
    pair = [c.person for c in w.small["coaches"]]
    w.lists = {}
    for size, email in ((2, "two@steplab.example"), (50, "fifty@steplab.example")):
        user = _facilitator(w, email)
        for n in range(2):
            services.run_create(course=w.course, by=user, name=f"Cohort {size}.{n}", members=pair)
        _runs_in_bulk(w, user, [f"Cohort {size}.{n}" for n in range(2, size)], pair)
        w.lists[size] = user
    return w


def _runs_in_bulk(w, user, names, members):
    """A cohort of `members` run by `user` for each name, the rows `services.run_create` writes
    (a cohort, its members, its run), one INSERT a table: the course list only reads them."""
    cohorts = Cohort.objects.bulk_create(Cohort(program=w.steplab, name=name) for name in names)
    Member = Cohort.members.through
    Member.objects.bulk_create(Member(cohort=c, person=p) for c in cohorts for p in members)
    CourseRun.objects.bulk_create(
        CourseRun(course=w.course, cohort=c, facilitator=user) for c in cohorts
    )


def _url(name, attr):
    return lambda w, size: reverse(f"coaching:{name}", args=[w_of(w, size)[attr].pk])


def w_of(w, size):
    return w.small if size == 2 else w.large


PAGES = [
    ("run_grid", _url("run_grid", "run")),
    ("run_pairs", _url("run_pairs", "run")),
    ("run_session_detail", _url("run_session_detail", "rs")),
    ("run_session_typed_in", _url("run_session_typed_in", "rs")),
    ("run_detail", _url("run_detail", "run")),
]


@pytest.mark.parametrize(("name", "url"), PAGES, ids=[name for name, _ in PAGES])
def test_the_page_runs_as_many_queries_at_50_coaches_as_at_2(name, url, scale, client_for):
    client = client_for(scale.facilitator)
    at_2 = count_queries(client, url(scale, 2))
    at_50 = count_queries(client, url(scale, 50))
    assert at_50 == at_2, f"{at_2} queries at 2 coaches, {at_50} at 50"
    assert at_50 <= CEILING


def test_the_course_list_runs_as_many_queries_at_50_cohorts_as_at_2(scale, client_for):
    url = reverse("coaching:course_list")
    at_2 = count_queries(client_for(scale.lists[2]), url)
    at_50 = count_queries(client_for(scale.lists[50]), url)
    assert at_50 == at_2 <= CEILING


def test_a_coachs_run_page_costs_the_same_in_a_cohort_of_2_and_of_50(scale, client_for):
    at_2 = count_queries(
        client_for(scale.small["coaches"][0]),
        reverse("coaching:run_detail", args=[scale.small["run"].pk]),
    )
    at_50 = count_queries(
        client_for(scale.large["coaches"][0]),
        reverse("coaching:run_detail", args=[scale.large["run"].pk]),
    )
    assert at_50 == at_2 <= CEILING


def test_the_outline_pages_stay_under_the_ceiling_with_a_hundred_cohorts(scale, client_for):
    """The editing pages read the course (one query for its sessions and one for their
    questions), never the cohorts."""
    client = client_for(scale.facilitator)
    for url in (
        reverse("coaching:course_edit", args=[scale.course.pk]),
        reverse("coaching:course_session_edit", args=[scale.session1.pk]),
    ):
        assert count_queries(client, url) <= CEILING
