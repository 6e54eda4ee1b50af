"""Peer coaching's lists run the same number of queries at 2 rows and at 50.

The world is built once for the module (a cast layer over the peer world): school_b's team
(principal_b, coach_b) has 2 partnerships more and `small`, a partnership of coach_b with a
partner who signs in, has 2 sessions, reflections, time requests and moves; school_a's team
(principal_a, coach_a) has 50 partnerships more and coach_a's `partnership` 50 of each. Each test
reads the same page of the small side and of the large one."""

import pytest
from django.urls import reverse

from coaching.services import peer as services
from coaching.tests.access import count_queries
from coaching.tests.casts import cast_layer
from coaching.tests.factories import PersonFactory, UserFactory

from . import world
from .world import days

CEILING = 14


def grow_partnerships(team, principal, coach, n):
    """n more partnerships of the team, the coach with a new partner each (with a login), each
    with a move in the cycle, a just-in-time line and a time request."""
    for _ in range(n):
        user = UserFactory()
        partner = PersonFactory(district=team.school.district, school=team.school, user=user)
        p = services.partnership_assign(
            team=team, by=principal, coach=coach, partner=partner, agreed=True
        )
        services.partnership_move(partnership=p, by=coach, to_step="model")
        services.jit_log(partnership=p, by=user, line="Quick one")
        services.time_request_ask(partnership=p, by=user, what="An hour")


def grow_sessions(partnership, coach, partner, n):
    """n more sessions, reflections, time requests and moves in the cycle of the partnership."""
    steps = ["observe", "reflect"]
    for i in range(n):
        services.session_log(
            partnership=partnership,
            by=coach,
            held_on=days(-1),
            minutes=20,
            activity="modelling",
            notes="Modelled it",
        )
        services.reflection_write(partnership=partnership, by=partner, text=f"Reflection {i}")
        services.time_request_ask(partnership=partnership, by=partner, what="More time")
        services.partnership_move(partnership=partnership, by=partner, to_step=steps[i % 2])


@cast_layer
def peer_scale(cast):
    w = world.build(cast)
    w.small_partner, person = world.login(
        "partner@b.example", w.district_b, person_school=w.school_b
    )
    w.small = services.partnership_assign(
        team=w.team_b,
        by=w.principal_b,
        coach=w.coach_b,
        partner=person,
        agreed=True,
        starts_on=days(-30),
    )
    grow_partnerships(w.team_b, w.principal_b, w.coach_b, 2)
    grow_sessions(w.small, w.coach_b, w.small_partner, 2)
    grow_partnerships(w.team, w.principal_a, w.coach_a, 50)
    grow_sessions(w.partnership, w.coach_a, w.partner, 50)
    for user in (w.principal_a, w.coach_a, w.coach_b, w.principal_b):
        world.fresh(user)
    return w


def team(name):
    return lambda w, side: reverse(f"coaching:{name}", args=[(w.team_b, w.team)[side].pk])


def partnership(name):
    return lambda w, side: reverse(f"coaching:{name}", args=[(w.small, w.partnership)[side].pk])


def home(w, side):
    return reverse("coaching:peer_home")


# (the actor on the small side, on the large side, the page)
PAGES = [
    ("principal_b", "principal_a", team("peer_partnerships")),
    ("coach_b", "coach_a", team("peer_partnerships")),
    ("principal_b", "principal_a", team("peer_time_requests")),
    ("principal_b", "principal_a", home),
    ("coach_b", "coach_a", home),
    ("coach_b", "coach_a", partnership("partnership_detail")),
    ("small_partner", "partner", partnership("partnership_detail")),
    ("principal_b", "principal_a", partnership("partnership_detail")),
    ("principal_b", "principal_a", partnership("partnership_assess")),
]


@pytest.mark.parametrize(
    ("small", "large", "url"),
    PAGES,
    ids=[f"{large}-{i}" for i, (_, large, _) in enumerate(PAGES)],
)
def test_the_page_runs_as_many_queries_at_50_rows_as_at_2(
    small, large, url, peer_scale, client_for
):
    w = peer_scale
    at_2 = count_queries(client_for(getattr(w, small)), url(w, 0))
    at_50 = count_queries(client_for(getattr(w, large)), url(w, 1))
    assert at_50 == at_2, f"{at_2} queries at 2 rows, {at_50} at 50"
    assert at_50 <= CEILING
