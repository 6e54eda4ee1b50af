"""The pipeline's, the facilitation log's and the certificates' exports: the page's rows for the
same user and query string, at a cost that does not grow with the rows."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from certification import selectors
from certification.filters import PipelineFilter
from certification.models import Candidacy
from coaching.models import Person
from coaching.selectors import districts_visible_to
from coaching.tests.exports import export_queries, export_rows


def pipeline_rows(user, query=""):
    """The pipeline page's rows (its selector and filter), as the export writes their names."""
    found = PipelineFilter(
        QueryDict(query),
        queryset=selectors.pipeline(user),
        districts=districts_visible_to(user),
    )
    return [[c.person.last_name, c.person.first_name, c.person.district.name] for c in found.qs]


def bulk_candidates(w, n, *, district=None):
    """n more candidates of district A (or `district`), written in two statements."""
    district = district or w.district_a
    start = Person.objects.count()
    people = Person.objects.bulk_create(
        Person(district=district, first_name="Bulk", last_name=f"Candidate {start + i:05}")
        for i in range(n)
    )
    Candidacy.objects.bulk_create(Candidacy(person=p, program=w.program) for p in people)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("actor", ["admin_a", "admin_b", "associate", "associate_b", "superuser"])
@pytest.mark.parametrize("query", ["", "phase=identified&sort=-name", "q=vandersloot"])
def test_the_pipeline_export_holds_the_pipeline_pages_rows(
    fmt, actor, query, pipeline_cast, client_for
):
    user = getattr(pipeline_cast, actor)
    url = reverse("certification:pipeline_export", args=[fmt]) + "?" + query
    rows = export_rows(client_for(user).get(url))

    assert rows[0][:3] == ["Last name", "First name", "E-mail"]
    assert [[r[0], r[1], r[3]] for r in rows[1:]] == pipeline_rows(user, query)


def test_another_districts_admin_exports_only_their_own_district(pipeline_cast, client_for):
    rows = export_rows(
        client_for(pipeline_cast.admin_b).get(
            reverse("certification:pipeline_export", args=["csv"])
        )
    )
    assert {r[3] for r in rows[1:]} == {"Riverbend"}


@pytest.mark.parametrize("actor", ["principal_a", "coach_a"])
def test_a_principal_or_a_coach_has_no_pipeline_to_export(actor, pipeline_cast, client_for):
    url = reverse("certification:pipeline_export", args=["csv"])
    assert client_for(getattr(pipeline_cast, actor)).get(url).status_code == 403


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_pipeline_export_costs_the_same_at_5000_rows_as_at_2(fmt, pipeline_cast, client_for):
    client = client_for(pipeline_cast.admin_a)
    url = reverse("certification:pipeline_export", args=[fmt]) + "?sort=name"
    Candidacy.objects.all().delete()
    bulk_candidates(pipeline_cast, 2)
    at_2, rows = export_queries(client, url)
    assert len(rows) == 3

    bulk_candidates(pipeline_cast, 4_998)
    at_5000, rows = export_queries(client, url)
    assert len(rows) == 5_001
    assert at_5000 == at_2 <= 8
