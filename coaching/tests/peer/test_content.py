"""A partnership's content never reaches anyone but its pair ("no evaluation"), and the plan never
leaves the school coaching team.

Every content field of a partnership (`PEER_CONTENT_FIELDS`: reflections, what time was asked for,
artifacts' names) and of its engagement (`CONTENT_FIELDS`: the sessions' notes, just-in-time lines
among them) gets a unique marker; so does each field of the plan (`PLAN_FIELDS`) with another.
Then every page of the peer world that the principal, a peer coach of the team who is not in the
partnership, another school's principal, the district's admin, the other district, a coach on no
team and the site admin (in the app) can open is fetched: no partnership marker may appear on any
of them. The plan's marker shows to the team alone. The pair's own page shows every marker, so the
test can fail."""

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.models import CONTENT_FIELDS, CoachingSession
from coaching.models.peer import PEER_CONTENT_FIELDS, PLAN_FIELDS
from coaching.tests.casts import cast_layer

from . import world
from .cases import CASES

MARK = "ZQXMARK"
PLAN_MARK = "ZQXPLAN"
NON_PARTIES = ["principal_a", "peer2", "principal_other", "principal_b", "admin_a", "admin_b"]
NON_PARTIES += ["associate", "coach_b", "other_coach", "superuser"]
TEAM = ["principal_a", "coach_a", "peer2"]
NOT_TEAM = ["partner", "principal_other", "principal_b", "admin_a", "admin_b", "associate"]
NOT_TEAM += ["coach_b", "other_coach", "superuser"]


def marker(model, field, mark=MARK):
    return f"{mark}{model.__name__}{field}"


@cast_layer
def marked_peer(cast):
    w = world.build(cast)
    for model, field in [*CONTENT_FIELDS, *PEER_CONTENT_FIELDS]:
        model.objects.update(**{field: marker(model, field)})
    for model, field in PLAN_FIELDS:
        model.objects.update(**{field: marker(model, field, PLAN_MARK)})
    return w


def pages(w, *, of_b=True, of_2=True):
    """Every page of the peer world to GET, and the pages around it; with `of_b`, district B's
    team and partnership pages too; with `of_2`, the second partnership's (peer2's own)."""
    urls = {case.url(w) for case in CASES if case.method == "get"}
    shown = [("peer_plan", "plan2")]
    if of_2:
        shown += [("partnership_detail", "partnership2")]
    if of_b:
        shown += [("partnership_detail", "partnership_b"), ("peer_team", "team_b")]
        shown += [("peer_partnerships", "team_b"), ("peer_plan", "plan_b")]
    for name, attr in shown:
        urls.add(reverse(f"coaching:{name}", args=[getattr(w, attr).pk]))
    for attr in ["partnership"] + ["partnership2"] * of_2 + ["partnership_b"] * of_b:
        engagement = getattr(w, attr).engagement
        urls.add(reverse("coaching:engagement_detail", args=[engagement.pk]))
    urls |= {reverse("coaching:home"), reverse("coaching:school_coaching")}
    urls |= {reverse("coaching:my_engagements"), reverse("coaching:my_coaching")}
    return sorted(urls)


def _opened(client, urls):
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and not response.get("Content-Disposition"):
            yield url, response.content.decode()


def test_the_content_fields_are_named():
    assert {(m.__name__, f) for m, f in PEER_CONTENT_FIELDS} == {
        ("Reflection", "text"),
        ("TimeRequest", "what"),
        ("GrowthArtifact", "name"),
    }


@pytest.mark.parametrize("actor", NON_PARTIES)
def test_no_partnership_content_reaches_a_page_of_someone_not_in_the_pair(
    actor, marked_peer, client_for
):
    w = marked_peer
    client = client_for(getattr(w, actor))
    # coach_b and peer2 are each one of the pair of another partnership: its pages are left out
    # for them.
    seen = 0
    for url, text in _opened(client, pages(w, of_b=actor != "coach_b", of_2=actor != "peer2")):
        seen += 1
        assert MARK not in text, f"{actor} read a partnership's content on {url}"
    assert seen >= 2, f"{actor} opened too few pages for the test to mean anything"


@pytest.mark.parametrize("actor", NOT_TEAM)
def test_the_plan_is_read_by_the_team_alone(actor, marked_peer, client_for):
    w = marked_peer
    client = client_for(getattr(w, actor))
    seen = 0
    # coach_b and principal_b are district B's team: its pages are left out for them.
    for url, text in _opened(client, pages(w, of_b=actor not in ("coach_b", "principal_b"))):
        seen += 1
        assert PLAN_MARK not in text, f"{actor} read the plan on {url}"
    assert seen >= 2


@pytest.mark.parametrize("actor", TEAM)
def test_the_team_reads_its_plan(actor, marked_peer, client_for):
    w = marked_peer
    text = client_for(getattr(w, actor)).get(reverse("coaching:peer_team", args=[w.team.pk]))
    for model, field in PLAN_FIELDS:
        assert marker(model, field, PLAN_MARK) in text.content.decode()


@pytest.mark.parametrize("actor", ["coach_a", "partner"])
def test_the_pair_reads_every_content_field_on_the_partnership_page(actor, marked_peer, client_for):
    w = marked_peer
    text = (
        client_for(getattr(w, actor))
        .get(reverse("coaching:partnership_detail", args=[w.partnership.pk]))
        .content.decode()
    )
    for model, field in PEER_CONTENT_FIELDS:
        assert marker(model, field) in text, f"{model.__name__}.{field} is not shown to {actor}"
    assert marker(CoachingSession, "notes") in text  # the just-in-time line among them


def test_the_admin_lists_no_partnership_content_and_logs_opening_it(marked_peer, client_for):
    from django.contrib import admin

    from coaching.models import ContentOpening, Reflection

    w = marked_peer
    for model in {m for m, _ in PEER_CONTENT_FIELDS}:
        content = {f for m, f in PEER_CONTENT_FIELDS if m is model}
        assert not content & set(admin.site._registry[model].list_display), model
    client = client_for(w.superuser)
    listed = client.get(reverse("admin:coaching_reflection_changelist")).content.decode()
    assert MARK not in listed and not ContentOpening.objects.exists()
    client.get(reverse("admin:coaching_reflection_change", args=[w.reflection.pk]))
    opening = ContentOpening.objects.get()
    assert opening.engagement_id == w.partnership.engagement_id
    assert opening.record_label == str(Reflection.objects.get(pk=w.reflection.pk))


# --- the calendar feed ----------------------------------------------------------------------------


def _feed(client, user) -> str:
    from coaching.services.calendar import calendar_feed_reset

    token = calendar_feed_reset(user=user)
    response = client.get(reverse("coaching:calendar_feed", args=[token]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("actor", ["partner", "coach_a", "principal_a", *NON_PARTIES])
def test_a_scheduled_time_request_reaches_the_feeds_without_what_it_is_for(
    actor, marked_peer, client_for
):
    from coaching.services import peer as peer_services

    w = marked_peer
    peer_services.time_request_schedule(
        time_request=w.time_request, by=w.principal_a, scheduled_for=timezone.localdate()
    )
    text = _feed(client_for(None), getattr(w, actor))
    assert MARK not in text and PLAN_MARK not in text, f"{actor}'s feed carries content"
    shown = f"UID:peer-time-{w.time_request.pk}@" in text
    # The pair, and the principal who scheduled it, see that the time is booked; nobody else.
    assert shown == (actor in ("partner", "coach_a", "principal_a")), actor
