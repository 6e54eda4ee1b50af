"""The access table of check-ins and of the access log (see test_checkins_access.py)."""

from django.urls import reverse

from coaching.models import CheckIn, ContentOpening, Notification
from coaching.tests.access import Case, rows_of
from coaching.tests.engagements.cases import ACTORS, EVERYONE, SEES_INDIVIDUAL

__all__ = ["ACTORS", "CASES"]

PARTIES_ONLY = dict.fromkeys(SEES_INDIVIDUAL, 403) | {"coach_a": 200, "coachee": 200}


def state(w):
    return (
        *rows_of(CheckIn),
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
