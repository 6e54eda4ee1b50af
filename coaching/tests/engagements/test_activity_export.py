"""The coaching activity exports: the sessions of a list's engagements (the district's, a
principal's school's, a coach's own), scoped and filtered as the list is, activity columns only,
at a cost that does not grow with the rows."""

import datetime as dt

import pytest
from django.http import QueryDict
from django.urls import reverse

from coaching.filters.engagements import EngagementFilter
from coaching.models import CoachingSession
from coaching.selectors import engagements as selectors
from coaching.tests.casts import cast_layer, checkpoint, rewind, undone
from coaching.tests.exports import export_queries, export_rows

from . import world

HEADERS = ["Date", "Engagement", "Coachee", "Mode", "Activities", "Minutes"]


@cast_layer
def activity_cast(cast):
    return world.build(cast)


def expected(engagements):
    return sorted(
        (s.held_on.isoformat(), str(s.engagement), str(s.minutes))
        for s in CoachingSession.objects.filter(engagement__in=engagements)
    )


def got(rows):
    assert rows[0] == HEADERS
    return sorted((str(r[0])[:10], r[1], str(r[5])) for r in rows[1:])


@pytest.mark.parametrize("actor", ["admin_a", "associate", "superuser"])
@pytest.mark.parametrize("query", ["", "status=active", "status=closed", "level=team"])
def test_the_district_export_holds_the_sessions_of_the_district_lists_engagements(
    actor, query, activity_cast, client_for
):
    w = activity_cast
    user = getattr(w, actor)
    url = reverse("coaching:district_activity_export", args=[w.district_a.pk, "csv"])
    rows = export_rows(client_for(user).get(f"{url}?{query}"))
    coaches = selectors.coach_choices(
        w.district_a, selectors.programs_for_start(user, w.district_a)
    )
    found = EngagementFilter(
        QueryDict(query) or None,
        queryset=selectors.district_engagements(user, w.district_a),
        coaches=coaches,
    )
    assert got(rows) == expected(found.qs)
    if not query:
        assert len(rows) > 1


def test_another_districts_admin_cannot_export_district_as_activity(activity_cast, client_for):
    w = activity_cast
    url = reverse("coaching:district_activity_export", args=[w.district_a.pk, "csv"])
    assert client_for(w.admin_b).get(url).status_code == 404


def test_the_principal_exports_their_schools_sessions_only(activity_cast, client_for):
    w = activity_cast
    rows = export_rows(
        client_for(w.principal_a).get(reverse("coaching:school_activity_export", args=["csv"]))
    )
    assert got(rows) == expected(selectors.engagements_at_schools(w.principal_a))
    assert str(w.engagement_b) not in {r[1] for r in rows}


@pytest.mark.parametrize("actor", ["coach_a", "coach_b", "other_coach"])
def test_a_coach_exports_their_own_engagements_sessions(actor, activity_cast, client_for):
    user = getattr(activity_cast, actor)
    rows = export_rows(client_for(user).get(reverse("coaching:my_activity_export", args=["xlsx"])))
    assert got(rows) == expected(selectors.engagements_coached_by(user))


def bulk_sessions(engagement, n):
    CoachingSession.objects.bulk_create(
        CoachingSession(
            engagement=engagement,
            held_on=dt.date(2026, 9, 1) + dt.timedelta(days=i % 90),
            minutes=30,
            mode="onsite",
            activities=["modelling", "feedback"],
            logged_by=engagement.coach,
        )
        for i in range(n)
    )


EXPORTS = [
    (
        "admin_a",
        lambda w, f: reverse("coaching:district_activity_export", args=[w.district_a.pk, f]),
    ),
    ("principal_a", lambda w, f: reverse("coaching:school_activity_export", args=[f])),
    ("coach_a", lambda w, f: reverse("coaching:my_activity_export", args=[f])),
]


@cast_layer
def sessions_5000(activity_cast):
    """activity_cast with no session but 5,000 on the individual engagement (2, then 4,998):
    built once for the three lists and both formats; `at_2` marks where it had the first 2."""
    CoachingSession.participants.through.objects.all().delete()
    CoachingSession.objects.all().delete()
    bulk_sessions(activity_cast.individual, 2)
    activity_cast.at_2 = checkpoint()
    bulk_sessions(activity_cast.individual, 4_998)
    return activity_cast


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(("actor", "url"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_an_activity_export_costs_the_same_at_5000_rows_as_at_2(
    fmt, actor, url, sessions_5000, client_for
):
    w = sessions_5000
    client = client_for(getattr(w, actor))
    address = url(w, fmt)
    with undone():  # back to the first 2 sessions
        rewind(w.at_2)
        at_2, rows = export_queries(client, address)
        assert len(rows) == 3
    at_5000, rows = export_queries(client, address)
    assert len(rows) == 5_001
    assert at_5000 == at_2
