import pytest
from django.urls import reverse

from certification import services
from certification.tests import factories
from coaching.tests.access import count_queries
from coaching.tests.factories import PersonFactory


def grow(w, n):
    people = [
        PersonFactory(district=w.district_a, school=w.school_a if i % 2 else None) for i in range(n)
    ]
    factories.initial_training(w.program, people, by=w.associate)
    for i, person in enumerate(people):
        candidacy = services.candidacy_identify(person=person, program=w.program, by=w.admin_a)
        if i % 3 == 0:
            services.candidacy_approve(candidacy=candidacy, by=w.admin_a, side="district")


@pytest.mark.parametrize("actor", ["admin_a", "associate"])
@pytest.mark.parametrize("query", ["", "?phase=identified"])
def test_the_pipeline_costs_the_same_at_50_candidates_as_at_2(
    actor, query, pipeline_cast, client_for
):
    client = client_for(getattr(pipeline_cast, actor))
    url = reverse("certification:pipeline") + query

    grow(pipeline_cast, 2)
    at_2 = count_queries(client, url)
    grow(pipeline_cast, 48)
    assert count_queries(client, url) == at_2 <= 10


def test_the_timeline_costs_the_same_however_long(pipeline_cast, client_for):
    w = pipeline_cast
    client = client_for(w.admin_a)
    url = reverse("certification:candidacy_detail", args=[w.candidacy.pk])

    before = count_queries(client, url)
    services.candidacy_approve(candidacy=w.candidacy, by=w.admin_a, side="district")
    services.candidacy_approve(candidacy=w.candidacy, by=w.associate, side="provider")
    assert count_queries(client, url) == before
