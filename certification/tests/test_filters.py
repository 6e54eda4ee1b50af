"""The pipeline's and the review queue's pages, filters, search and sort (certification/filters.py):
50 rows a page, the filters in the database, and never a row of a district the user does not see."""

import pytest
from django.urls import reverse

from certification.models import Candidacy
from coaching.models import Person

PIPELINE = reverse("certification:pipeline")
QUEUE = reverse("certification:review_queue")


def grow(district, program, n, *, last_name="Grown"):
    people = Person.objects.bulk_create(
        Person(district=district, first_name=f"Extra{i:02}", last_name=last_name) for i in range(n)
    )
    Candidacy.objects.bulk_create(
        Candidacy(person=p, district_id=p.district_id, program=program) for p in people
    )


def rows(response):
    return list(response.context["page"].object_list)


@pytest.mark.parametrize("actor", ["admin_a", "associate"])
def test_the_pipeline_has_a_second_page_past_50_rows_and_its_links_keep_the_filters(
    actor, pipeline_cast, client_for
):
    w = pipeline_cast
    grow(w.district_a, w.program, 51)
    client = client_for(getattr(w, actor))
    first = client.get(PIPELINE, {"phase": "identified"})
    assert len(rows(first)) == 50
    assert "?phase=identified&amp;page=2" in first.content.decode()
    second = client.get(PIPELINE, {"phase": "identified", "page": 2})
    assert second.context["page"].number == 2
    assert {c.pk for c in rows(first)}.isdisjoint({c.pk for c in rows(second)})
    total = 53 if actor == "admin_a" else 54  # with the cast's own candidacies
    assert len(rows(first)) + len(rows(second)) == total


def test_the_pipeline_searches_names_and_e_mail_addresses(pipeline_cast, client_for):
    w = pipeline_cast
    client = client_for(w.associate)
    found = rows(client.get(PIPELINE, {"q": w.person_a.last_name.upper()}))
    assert found == [w.candidacy]
    Person.objects.filter(pk=w.person_b.pk).update(email="maya.search@b.example")
    assert rows(client.get(PIPELINE, {"q": "maya.search"})) == [w.candidacy_b]
    both_words = f"{w.person_a.first_name} {w.person_a.last_name}"
    assert rows(client.get(PIPELINE, {"q": both_words})) == [w.candidacy]
    response = client.get(PIPELINE, {"q": "zzzz-nobody"})
    assert (
        rows(response) == [] and "No candidate matches these filters" in response.content.decode()
    )


def test_the_pipeline_filters_by_district_and_by_what_a_candidacy_waits_for(
    pipeline_cast, client_for
):
    w = pipeline_cast
    client = client_for(w.associate)
    in_a = rows(client.get(PIPELINE, {"district": w.district_a.pk}))
    assert set(in_a) == {w.candidacy, w.coach_candidacy}
    Candidacy.objects.filter(pk=w.candidacy.pk).update(district_approved_at="2026-01-05T10:00Z")
    waiting = rows(client.get(PIPELINE, {"waiting": "district"}))
    assert set(waiting) == {w.coach_candidacy, w.candidacy_b}
    assert set(rows(client.get(PIPELINE, {"waiting": "provider"}))) == {
        w.candidacy,
        w.coach_candidacy,
        w.candidacy_b,
    }
    assert rows(client.get(PIPELINE, {"waiting": "review"})) == []


def test_the_pipeline_sorts_by_name_or_by_date_identified(pipeline_cast, client_for):
    w = pipeline_cast
    client = client_for(w.admin_a)
    by_name = rows(client.get(PIPELINE, {"sort": "name"}))
    assert by_name == sorted(by_name, key=lambda c: (c.person.last_name, c.pk))
    reversed_ = rows(client.get(PIPELINE, {"sort": "-name"}))
    assert reversed_ == sorted(by_name, key=lambda c: c.person.last_name, reverse=True)
    newest = rows(client.get(PIPELINE, {"sort": "-identified"}))
    assert newest[0] == w.coach_candidacy  # identified last


@pytest.mark.parametrize(
    ("actor", "district"),
    [("admin_a", "district_b"), ("associate", "district_c"), ("associate_b", "district_a")],
)
def test_a_district_the_user_does_not_see_is_refused_and_shows_nothing(
    actor, district, pipeline_cast, client_for
):
    w = pipeline_cast
    response = client_for(getattr(w, actor)).get(PIPELINE, {"district": getattr(w, district).pk})
    assert response.status_code == 200
    assert rows(response) == []
    assert "district" in response.context["filter"].form.errors


def test_another_districts_candidates_never_show_on_any_page(pipeline_cast, client_for):
    w = pipeline_cast
    grow(w.district_b, w.program, 60, last_name="Riverbend")
    client = client_for(w.admin_a)
    seen = rows(client.get(PIPELINE)) + rows(client.get(PIPELINE, {"page": 2}))
    assert {c.person.district_id for c in seen} == {w.district_a.pk}
    assert rows(client.get(PIPELINE, {"q": "Riverbend"})) == []


def test_a_phase_that_does_not_exist_shows_nothing_rather_than_everything(
    pipeline_cast, client_for
):
    response = client_for(pipeline_cast.associate).get(PIPELINE, {"phase": "bogus"})
    assert rows(response) == [] and "phase" in response.context["filter"].form.errors


# --- the review queue ------------------------------------------------------------------------


def test_the_review_queue_filters_by_district_and_searches_the_coach(journey_cast, client_for):
    w = journey_cast
    client = client_for(w.associate)
    assert rows(client.get(QUEUE)) == [w.pending_b]
    assert rows(client.get(QUEUE, {"district": w.district_b.pk})) == [w.pending_b]
    assert rows(client.get(QUEUE, {"district": w.district_a.pk})) == []
    assert rows(client.get(QUEUE, {"q": w.person_b.first_name})) == [w.pending_b]
    assert rows(client.get(QUEUE, {"q": "zzzz-nobody"})) == []
    assert rows(client.get(QUEUE, {"sort": "-submitted"})) == [w.pending_b]


def test_the_review_queue_refuses_a_program_or_district_out_of_scope(journey_cast, client_for):
    w = journey_cast
    client = client_for(w.associate)
    for params in ({"program": w.other_program.pk}, {"district": w.district_c.pk}):
        response = client.get(QUEUE, params)
        assert rows(response) == [] and response.context["filter"].form.errors


def test_the_review_queue_has_a_second_page_past_50(journey_cast, client_for):
    from django.utils import timezone

    from certification.models import Submission
    from observations.tests.factories import ObservationFactory

    w = journey_cast
    grow(w.district_b, w.program, 51, last_name="Queued")
    for candidacy in Candidacy.objects.filter(person__last_name="Queued"):
        Submission.objects.create(
            candidacy=candidacy,
            observation=ObservationFactory(coach=candidacy.person),
            purpose=w.pending_b.purpose,
            attempt=1,
            outcome=Submission.Outcome.PENDING,
            submitted_at=timezone.now(),
            created_by=w.associate,
        )
    client = client_for(w.associate)
    first = client.get(QUEUE, {"district": w.district_b.pk})
    assert len(rows(first)) == 50
    assert f"?district={w.district_b.pk}&amp;page=2" in first.content.decode()
    second = rows(client.get(QUEUE, {"district": w.district_b.pk, "page": 2}))
    assert len(second) == 2 and rows(first)[0] == w.pending_b  # oldest first
