"""The rubric list and "my scoring" (rubrics/filters.py): 50 a page, search and filter."""

from django.urls import reverse

from rubrics.models import Scoresheet

from .factories import build_version


def rows(response):
    return list(response.context["page"].object_list)


def test_the_rubric_list_pages_and_searches(rubric_cast, client_for):
    w = rubric_cast
    for i in range(49):  # with the cast's two: 51
        build_version(name=f"Grown {i:03}", criteria=1, levels=2, owner=w.owner)
    client = client_for(w.associate)
    url = reverse("rubrics:rubric_list")
    first = client.get(url)
    assert len(rows(first)) == 50 and "page=2" in first.content.decode()
    assert len(rows(client.get(url, {"page": 2}))) == 1
    assert rows(client.get(url, {"q": "coaching facilitation"})) == [w.rubric]
    assert rows(client.get(url, {"q": "zzzz"})) == []


def test_my_scoring_filters_drafts_and_final_sheets(rubric_cast, client_for):
    w = rubric_cast
    client = client_for(w.associate)
    url = reverse("rubrics:my_reviews")
    drafts = rows(client.get(url, {"status": "draft"}))
    assert drafts and all(s.status == Scoresheet.Status.DRAFT for s in drafts)
    assert {s.reviewer_id for s in rows(client.get(url))} == {w.associate.pk}
    assert rows(client.get(url, {"status": "final"})) == []


def test_my_scoring_has_a_second_page_past_50(rubric_cast, client_for):
    from rubrics import services

    w = rubric_cast
    for i in range(50):  # with the cast's two sheets: 52
        services.review_create(version=w.version, subject_label=f"x{i}", reviewers=[w.associate])
    client = client_for(w.associate)
    url = reverse("rubrics:my_reviews")
    assert len(rows(client.get(url, {"status": "draft"}))) == 50
    assert len(rows(client.get(url, {"status": "draft", "page": 2}))) == 2
