"""Coaching content never reaches anyone but the engagement's parties ("no evaluation").

Every content field of `CONTENT_FIELDS` (a table: the check-ins, feedback and artifacts to come are
added there) gets a unique marker in every row; then every page that a principal, a district admin,
an associate, the other district, a coach who is no party and the site admin (in the app) can open
is fetched, and no marker may appear on any of them. The parties' own pages show them, so the test
can fail."""

import pytest
from django.urls import reverse

from coaching.models import CONTENT_FIELDS, CoachingSession
from coaching.tests.casts import cast_layer
from coaching.tests.exports import export_rows

from . import world
from .cases import CASES

MARK = "ZQXMARK"
NON_PARTIES = ["principal_a", "principal_other", "admin_a", "admin_b", "associate_b"]
NON_PARTIES += ["coach_b", "other_coach", "superuser"]


def marker(model, field):
    return f"{MARK}{model.__name__}{field}"


@cast_layer
def marked(cast):
    w = world.build(cast)
    for model, field in CONTENT_FIELDS:
        model.objects.update(**{field: marker(model, field)})
    return w


def pages(w, actor):
    """Every page of the engagement world to GET, and the pages around it; but the pages of
    coach_b's own engagement in district B, of which they are a party."""
    urls = {case.url(w) for case in CASES if case.method == "get"}
    urls |= {reverse("coaching:home"), reverse("coaching:district_detail", args=[w.district_a.pk])}
    # The dashboards' list pages: the engagements behind a chart, the adjudications waiting.
    urls |= {reverse("coaching:school_coaching"), reverse("rubrics:adjudication_list")}
    urls |= {reverse("coaching:engagement_detail", args=[w.team.pk])}
    if actor != "coach_b":
        urls |= {reverse("coaching:engagement_detail", args=[w.engagement_b.pk])}
    return sorted(urls)


def body(response) -> str:
    """A page's text, or an export's (streamed; an .xlsx file read back cell by cell)."""
    if not response.streaming:
        return response.content.decode()
    return repr(export_rows(response))


def test_every_content_field_is_a_text_field_of_an_engagement_model():
    assert len(CONTENT_FIELDS) >= 10
    for model, field in CONTENT_FIELDS:
        assert model._meta.get_field(field).get_internal_type() == "TextField"


@pytest.mark.parametrize("actor", NON_PARTIES)
def test_no_content_reaches_a_page_of_someone_not_a_party(actor, marked, client_for):
    client = client_for(getattr(marked, actor))
    seen = 0
    for url in pages(marked, actor):
        response = client.get(url)
        if response.status_code != 200:
            continue
        seen += 1
        assert MARK not in body(response), f"{actor} read coaching content on {url}"
    assert seen >= 2, f"{actor} opened too few pages for the test to mean anything"


def test_the_associate_reads_the_team_they_coach_but_not_the_engagement_they_staff(
    marked, client_for
):
    # The network coach is a party of the team engagement only; of the individual one (their
    # program's) they see the activity.
    client = client_for(marked.associate)
    team = client.get(reverse("coaching:engagement_detail", args=[marked.team.pk])).content.decode()
    assert marker(CoachingSession, "notes") in team
    individual = client.get(
        reverse("coaching:engagement_detail", args=[marked.individual.pk])
    ).content.decode()
    assert MARK not in individual
    assert "45" in individual  # the activity: a session's minutes


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("actor", ["coach_a", "associate"])
def test_an_activity_export_holds_no_content_even_for_a_party(fmt, actor, marked, client_for):
    client = client_for(getattr(marked, actor))
    rows = export_rows(client.get(reverse("coaching:my_activity_export", args=[fmt])))
    assert len(rows) > 1  # their sessions are there
    assert MARK not in repr(rows)


def test_the_coach_reads_every_content_field_on_the_engagement_page(marked, client_for):
    page = client_for(marked.coach_a).get(
        reverse("coaching:engagement_detail", args=[marked.individual.pk])
    )
    text = page.content.decode()
    for model, field in CONTENT_FIELDS:
        if model.__name__ == "StageChange":
            continue  # an individual engagement has no stages: the team's page shows them
        if model.__name__ == "CheckIn":
            continue  # on the check-ins' own page: coaching/tests/checkins/test_content.py
        if model.__name__ == "CourseAnswer":
            continue  # on the course's pages: coaching/tests/courses/test_content.py
        assert marker(model, field) in text, f"{model.__name__}.{field} is not shown to its coach"
    team = client_for(marked.associate).get(
        reverse("coaching:engagement_detail", args=[marked.team.pk])
    )
    assert marker(world.StageChange, "reason") in team.content.decode()
    assert marker(world.StageChange, "evidence") in team.content.decode()


def test_the_coachee_reads_what_is_shared_and_not_the_coaches_own_notes(marked, client_for):
    CoachingSession.objects.filter(shared=False).update(notes="PRIVATE-TO-COACHES")
    text = (
        client_for(marked.coachee)
        .get(reverse("coaching:engagement_detail", args=[marked.individual.pk]))
        .content.decode()
    )
    assert marker(CoachingSession, "notes") in text
    assert "PRIVATE-TO-COACHES" not in text


# --- the calendar feed: titles and kinds, never content -------------------------------------------

FEED_ACTORS = ["coach_a", "coachee", "associate", *NON_PARTIES]


@pytest.mark.parametrize("actor", FEED_ACTORS)
def test_no_content_reaches_a_calendar_feed_not_even_a_partys(actor, marked, client_for):
    from coaching.services.calendar import calendar_feed_reset

    token = calendar_feed_reset(user=getattr(marked, actor))
    response = client_for(None).get(reverse("coaching:calendar_feed", args=[token]))
    assert response.status_code == 200
    text = response.content.decode()
    assert MARK not in text, f"{actor}'s calendar feed carries coaching content"
    # The parties' feeds carry the follow-ups and the planned session, so the test can fail.
    if actor in ("coach_a", "coachee"):
        assert "Follow-up: action step" in text and "Coaching session:" in text
