"""Every page of check-ins and of the access log, tried by every actor of the engagement world:
the parties read and write (the coachee asks, the coach answers); the principal, the district's
admins, the program's staff (associate), the site admin in the app and a coach who is no party are
refused (403: they see the engagement's activity, and its check-in counts on its page); the other
district gets 404. "Who opened my records" is everyone's own page."""

import pytest
from django.urls import reverse

from coaching.models import CheckIn, ContentOpening, Notification

from .access import Case, run_case
from .casts import cast_layer
from .checkins import world
from .engagements.cases import ACTORS, EVERYONE, SEES_INDIVIDUAL

PARTIES_ONLY = dict.fromkeys(SEES_INDIVIDUAL, 403) | {"coach_a": 200, "coachee": 200}


def state(w):
    return (
        list(CheckIn.objects.order_by("pk").values()),
        list(Notification.objects.order_by("pk").values_list("pk", flat=True)),
        ContentOpening.objects.count(),
    )


def checkins_of(w):
    return reverse("coaching:checkin_list", args=[w.individual.pk])


def checkin(attr):
    return lambda w: reverse("coaching:checkin_detail", args=[getattr(w, attr).pk])


CASES = [
    Case("coaching:checkin_list", checkins_of, PARTIES_ONLY),
    Case(
        "coaching:checkin_list",
        checkins_of,
        dict.fromkeys(SEES_INDIVIDUAL, 403) | {"coachee": 302},
        method="post",
        data=lambda w: {"kind": "question", "text": "When do we meet next?"},
        state=state,
    ),
    Case("coaching:checkin_detail", checkin("waiting_late"), PARTIES_ONLY),
    Case(
        "coaching:checkin_detail",
        checkin("waiting_late"),
        dict.fromkeys(SEES_INDIVIDUAL, 403) | {"coach_a": 302},
        method="post",
        data=lambda w: {"answer": "Thursday at 3 works"},
        state=state,
    ),
    Case("coaching:content_openings", lambda w: reverse("coaching:content_openings"), EVERYONE),
]


@cast_layer
def checkins_cast(cast):
    return world.build(cast)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_access_to_checkins(case, actor, checkins_cast, client_for):
    run_case(case, actor, checkins_cast, client_for)
