"""Every list of coach-training courses, and the facilitator's grid, runs the same number of
queries at 2 rows and at 50: cohorts on the list, coaches on the grid and a coach's run page,
answers side by side, pairs on the pairs page, coaches offered on the paper-ticket form."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.content import STEPLAB_COURSE
from coaching.models import Program, Registration, RoleMembership
from coaching.selectors import courses as selectors
from coaching.services import courses as services
from coaching.services import training as training_services
from coaching.tests.access import count_queries
from coaching.tests.factories import (
    EnrollmentFactory,
    MembershipFactory,
    PersonFactory,
    ProgramFactory,
    ProviderFactory,
    UserFactory,
)

CEILING = 20


@pytest.fixture
def scale(cast):
    w = cast
    w.steplab = ProgramFactory(
        kind=Program.Kind.CURRICULUM, provider=ProviderFactory(name="Steplab", slug="steplab")
    )
    EnrollmentFactory(program=w.steplab, district=w.district_a)
    w.facilitator = UserFactory(email="facilitator@steplab.example")
    MembershipFactory(user=w.facilitator, role=RoleMembership.Role.ASSOCIATE, program=w.steplab)
    w.course, _ = services.course_install(spec=STEPLAB_COURSE, program=w.steplab)
    w.session1 = selectors.course_sessions(w.course)[0]
    w.coaches = [_coach(w), _coach(w)]
    w.run = services.run_create(
        course=w.course,
        by=w.facilitator,
        name="Scale cohort",
        members=[c.person for c in w.coaches],
    )
    w.event = services.sessions_schedule(
        run=w.run,
        sessions=[w.session1],
        by=w.facilitator,
        starts_at=timezone.now() - dt.timedelta(hours=2),
    )
    w.rs = w.run.run_sessions.get()
    w.runs = 1
    return w


def _coach(w):
    user = UserFactory()
    MembershipFactory(user=user, role=RoleMembership.Role.COACH, district=w.district_a)
    PersonFactory(district=w.district_a, user=user, first_name=user.first_name)
    return user


def _answer(w, user):
    question = w.rs.questions.filter(part="exit_ticket").first()
    services.answers_save(
        run_session=w.rs, person=user.person, answers={question.pk: "An answer"}, by=user
    )


def grow_coaches(w, n):
    """n more coaches in the cohort: registered and attended, each with an exit ticket; the
    cohort paired again."""
    people = []
    for _ in range(n):
        user = _coach(w)
        w.run.cohort.members.add(user.person)
        training_services.registration_create(event=w.event, person=user.person, by=w.facilitator)
        _answer(w, user)
        people.append(user.person)
    marks = {r.pk: "attended" for r in Registration.objects.filter(event=w.event)}
    training_services.attendance_record(event=w.event, attendance=marks, by=w.facilitator)
    members = selectors.members_of(w.run)
    if len(members) % 2 == 0:
        services.pairs_make(run=w.run, groups=selectors.pairs_proposed(members), by=w.facilitator)


def grow_runs(w, n):
    for _ in range(n):
        w.runs += 1
        services.run_create(
            course=w.course,
            by=w.facilitator,
            name=f"Cohort {w.runs}",
            members=[c.person for c in w.coaches],
        )


def _url(name, attr):
    return lambda w: reverse(f"coaching:{name}", args=[getattr(w, attr).pk])


PAGES = [
    ("facilitator", lambda w: reverse("coaching:course_list"), grow_runs),
    ("facilitator", _url("run_grid", "run"), grow_coaches),
    ("facilitator", _url("run_pairs", "run"), grow_coaches),
    ("facilitator", _url("run_session_detail", "rs"), grow_coaches),
    ("facilitator", _url("run_session_typed_in", "rs"), grow_coaches),
    ("facilitator", _url("run_detail", "run"), grow_coaches),
]


@pytest.mark.parametrize(
    ("actor", "url", "grow"),
    PAGES,
    ids=[f"{i}-{g.__name__}" for i, (_, _, g) in enumerate(PAGES)],
)
def test_the_page_runs_as_many_queries_at_50_rows_as_at_2(actor, url, grow, scale, client_for):
    client = client_for(getattr(scale, actor))
    # The cohort has 2 coaches; the list 1 cohort, and 1 more makes 2.
    if grow is grow_runs:
        grow(scale, 1)
    else:
        _answer(scale, scale.coaches[0])
        _answer(scale, scale.coaches[1])
        services.pairs_make(
            run=scale.run,
            groups=selectors.pairs_proposed(selectors.members_of(scale.run)),
            by=scale.facilitator,
        )
    at_2 = count_queries(client, url(scale))
    grow(scale, 48)
    at_50 = count_queries(client, url(scale))
    assert at_50 == at_2, f"{at_2} queries at 2 rows, {at_50} at 50"
    assert at_50 <= CEILING


def test_a_coachs_run_page_costs_the_same_in_a_cohort_of_2_and_of_50(scale, client_for):
    client = client_for(scale.coaches[0])
    at_2 = count_queries(client, reverse("coaching:run_detail", args=[scale.run.pk]))
    grow_coaches(scale, 48)
    at_50 = count_queries(client, reverse("coaching:run_detail", args=[scale.run.pk]))
    assert at_50 == at_2 <= CEILING
