import pytest
from django.urls import reverse

from certification import services
from certification.tests import bulk, factories
from coaching.tests.access import count_queries
from coaching.tests.casts import cast_layer, checkpoint, rewind, undone
from coaching.tests.factories import PersonFactory


def grow(w, n):
    people = [
        PersonFactory(district=w.district_a, school=w.school_a if i % 2 else None) for i in range(n)
    ]
    bulk.initial_training(w.program, people, by=w.associate)
    for i, person in enumerate(people):
        candidacy = services.candidacy_identify(person=person, program=w.program, by=w.admin_a)
        if i % 3 == 0:
            services.candidacy_approve(candidacy=candidacy, by=w.admin_a, side="district")


@cast_layer
def pipeline_50(pipeline_cast):
    """pipeline_cast grown by 50 candidates (`grow`), built once for every actor and query;
    `at_2` marks where it had grown by 2."""
    grow(pipeline_cast, 2)
    pipeline_cast.at_2 = checkpoint()
    grow(pipeline_cast, 48)
    return pipeline_cast


@pytest.mark.parametrize("actor", ["admin_a", "associate"])
@pytest.mark.parametrize(
    "query", ["", "?phase=identified", "?q=e&sort=-identified&waiting=district", "?page=2"]
)
def test_the_pipeline_costs_the_same_at_50_candidates_as_at_2(
    actor, query, pipeline_50, client_for
):
    client = client_for(getattr(pipeline_50, actor))
    url = reverse("certification:pipeline") + query

    with undone():
        rewind(pipeline_50.at_2)
        at_2 = count_queries(client, url)
    assert count_queries(client, url) == at_2 <= 10


def test_the_timeline_costs_the_same_however_long(pipeline_cast, client_for):
    w = pipeline_cast
    client = client_for(w.admin_a)
    url = reverse("certification:candidacy_detail", args=[w.candidacy.pk])

    before = count_queries(client, url)
    services.candidacy_approve(candidacy=w.candidacy, by=w.admin_a, side="district")
    services.candidacy_approve(candidacy=w.candidacy, by=w.associate, side="provider")
    assert count_queries(client, url) == before


def grow_queue(w, n):
    """n more district-A candidates in Phase III, each with notes waiting for review."""
    from certification.tests.conftest import write_notes

    people = [PersonFactory(district=w.district_a, school=w.school_a) for _ in range(n)]
    bulk.initial_training(w.program, people, by=w.associate)
    candidacies = []
    for person in people:
        candidacy = services.candidacy_identify(person=person, program=w.program, by=w.admin_a)
        factories.approve(candidacy, admin=w.admin_a, associate=w.associate)
        candidacy.refresh_from_db()
        candidacies.append(candidacy)
    bulk.trainings_together(candidacies, by=w.associate, calls=1)
    bulk.facilitations([c.person for c in candidacies], 5, by=w.associate)
    for candidacy in candidacies:
        candidacy.refresh_from_db()
        submission = services.submission_start(candidacy=candidacy, by=w.associate)
        write_notes(submission, facilitator=w.person_a)
        services.submission_submit(submission=submission, by=w.associate)


@pytest.mark.slow
def test_the_review_queue_costs_the_same_at_50_submissions_as_at_2(journey_cast, client_for):
    w = journey_cast
    client = client_for(w.associate)
    url = reverse("certification:review_queue")
    grow_queue(w, 1)  # with pending_b: 2
    at_2 = count_queries(client, url)
    grow_queue(w, 48)
    response = client.get(url)
    assert response.content.decode().count("attempt 1") == 50
    assert count_queries(client, url) == at_2 <= 10


@pytest.mark.slow
def test_the_pipeline_with_every_phase_costs_the_same_at_50_as_at_2(journey_cast, client_for):
    w = journey_cast
    client = client_for(w.associate)
    url = reverse("certification:pipeline")
    at_few = count_queries(client, url)
    grow_queue(w, 20)
    grow(w, 27)
    assert count_queries(client, url) == at_few <= 15


def test_my_path_and_the_candidate_page_cost_the_same_at_50_facilitations_as_at_2(
    pipeline_cast, client_for
):
    w = pipeline_cast
    person = w.coach_a.person
    urls = [
        (
            client_for(w.admin_a),
            reverse("certification:candidacy_detail", args=[w.coach_candidacy.pk]),
        ),
    ]
    factories.facilitations(person, 2, by=w.associate)
    at_2 = [count_queries(client, url) for client, url in urls]
    mine_at_2 = count_queries(client_for(w.coach_a), reverse("certification:my_path"))
    factories.facilitations(person, 48, by=w.associate)
    assert [count_queries(client, url) for client, url in urls] == at_2
    mine = client_for(w.coach_a)
    assert count_queries(mine, reverse("certification:my_path")) == mine_at_2
    factories.facilitations(person, 1, by=w.associate)
    page_2 = mine.get(reverse("certification:my_path"), {"page": 2})
    assert len(page_2.context["facilitations"]) == 1
