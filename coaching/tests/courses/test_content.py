"""Course answers and pair practice are coaching content. A marker in every answer (naming whose
it is) and in every content field of the pairs' practice (CONTENT_FIELDS) appears on no page that
someone outside the course can open, the principal's, the district admins', the other
district's and the site admin's included; a coach reads their own answers and no one else's; the
facilitator reads every answer of the cohort and never the pairs' practice. The parties' pages
show the markers, so the test can fail."""

import pytest
from django.urls import reverse

from coaching.models import CONTENT_FIELDS, CoachingSession, CourseAnswer
from coaching.tests.casts import cast_layer
from coaching.tests.engagements.test_content import MARK, marker

from . import world
from .cases import CASES

OUTSIDERS = ["principal_a", "admin_a", "admin_b", "associate", "associate_b", "coach_b"]
OUTSIDERS += ["outsider", "superuser"]


def answer_marker(person_pk):
    return f"{MARK}answer{person_pk}"


@cast_layer
def marked(cast):
    w = world.build(cast)
    for model, field in CONTENT_FIELDS:
        model.objects.exclude(**{field: ""}).update(**{field: marker(model, field)})
    for answer in CourseAnswer.objects.all():
        CourseAnswer.objects.filter(pk=answer.pk).update(text=answer_marker(answer.person_id))
    return w


def pages(w):
    """Every page of the course world, the pairs' engagements and the pages around them."""
    urls = {case.url(w) for case in CASES if case.method == "get"}
    urls |= {reverse("coaching:engagement_detail", args=[p.engagement_id]) for p in w.pairs}
    urls |= {
        reverse("coaching:home"),
        reverse("coaching:my_engagements"),
        reverse("coaching:district_detail", args=[w.district_a.pk]),
        reverse("coaching:district_engagements", args=[w.district_a.pk]),
        reverse("coaching:school_coaching"),
        reverse("coaching:event_detail", args=[w.event1.pk]),
    }
    return sorted(urls)


def fetch(client, urls):
    seen = {}
    for url in urls:
        response = client.get(url)
        if response.status_code == 200:
            seen[url] = response.content.decode()
    return seen


def test_course_answers_are_in_the_content_table():
    assert (CourseAnswer, "text") in CONTENT_FIELDS


@pytest.mark.parametrize("actor", OUTSIDERS)
def test_no_answer_nor_practice_reaches_a_page_of_someone_outside_the_course(
    actor, marked, client_for
):
    seen = fetch(client_for(getattr(marked, actor)), pages(marked))
    assert len(seen) >= 2, f"{actor} opened too few pages for the test to mean anything"
    for url, text in seen.items():
        assert MARK not in text, f"{actor} read coaching content on {url}"


def test_the_facilitator_reads_every_answer_and_never_the_pairs_practice(marked, client_for):
    seen = fetch(client_for(marked.facilitator), pages(marked))
    answers = seen[reverse("coaching:run_session_detail", args=[marked.rs1.pk])]
    for person in (marked.coach_a.person, marked.coach_b2.person):
        assert answer_marker(person.pk) in answers
    practice = marker(CoachingSession, "notes")
    for url, text in seen.items():
        assert practice not in text, f"the facilitator read a pair's practice on {url}"
    pair_page = reverse("coaching:engagement_detail", args=[marked.triad.engagement_id])
    assert pair_page in seen and "25" in seen[pair_page]  # its activity: the minutes


@pytest.mark.parametrize("coach", ["coach_a", "coach_b2"])
def test_a_coach_reads_their_own_answers_only(coach, marked, client_for):
    user = getattr(marked, coach)
    others = {marked.coach_a.person.pk, marked.coach_b2.person.pk} - {user.person.pk}
    seen = fetch(client_for(user), pages(marked))
    own = seen[reverse("coaching:run_session_detail", args=[marked.rs1.pk])]
    assert answer_marker(user.person.pk) in own
    for url, text in seen.items():
        for other in others:
            assert answer_marker(other) not in text, f"{coach} read another's answer on {url}"


def test_the_pair_reads_its_own_practice(marked, client_for):
    page = client_for(marked.coach_a).get(
        reverse("coaching:engagement_detail", args=[marked.triad.engagement_id])
    )
    assert marker(CoachingSession, "notes") in page.content.decode()


def test_a_pair_across_districts_shows_both_admins_its_activity_and_neither_its_practice(
    marked, client_for
):
    """Re-paired by hand across the districts, with a practice logged (its notes the marker):
    each district's admin opens the pair's page and its district's list and reads the minutes,
    never the notes; the pair's coach of the other district reads them."""
    from django.utils import timezone

    from coaching.selectors import courses as selectors
    from coaching.services import courses as services
    from coaching.services import engagements as engagement_services

    w = marked
    a = [m for m in selectors.members_of(w.run) if m.district_id == w.district_a.pk]
    b = [m for m in selectors.members_of(w.run) if m.district_id == w.district_b.pk]
    pairs = services.pairs_make(
        run=w.run, groups=[[a[0], b[0]], [a[1], a[2], b[1]]], by=w.facilitator
    )
    across = pairs[0].engagement
    practice = marker(CoachingSession, "notes")
    engagement_services.session_log(
        engagement=across,
        by=b[0].user,
        held_on=timezone.localdate(),
        minutes=17,
        mode="onsite",
        activities=["rehearsal"],
        notes=practice,
    )
    page = reverse("coaching:engagement_detail", args=[across.pk])
    for admin, district in ((w.admin_a, w.district_a), (w.admin_b, w.district_b)):
        client = client_for(admin)
        listed = reverse("coaching:district_engagements", args=[district.pk])
        seen = fetch(client, [page, listed])
        assert set(seen) == {page, listed}, f"{admin} could not open the pair's activity"
        assert "17" in seen[page]
        assert page in seen[listed], f"the pair is not on {district}'s list of engagements"
        for url, text in seen.items():
            assert MARK not in text, f"{admin} read the pair's content on {url}"
    assert practice in client_for(b[0].user).get(page).content.decode()
