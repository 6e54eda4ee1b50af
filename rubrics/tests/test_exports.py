""" "My scoring"'s export: the page's sheets (its selector and filter) for the same user and query
string, each with its scores summed, at a cost that does not grow with the rows."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from coaching.tests.casts import cast_layer, checkpoint, rewind, undone
from coaching.tests.exports import export_queries, export_rows
from rubrics import selectors
from rubrics.filters import SheetFilter
from rubrics.models import Review, Score, Scoresheet

from .factories import score_all


def page_rows(user, query=""):
    found = SheetFilter(QueryDict(query), queryset=selectors.my_sheets(user))
    return [[s.review.subject_label, str(s.review.version)] for s in found.qs]


def bulk_sheets(w, n, *, reviewer, points=2):
    """n more reviews of `version`, each with one sheet of `reviewer` scoring every criterion."""
    reviews = Review.objects.bulk_create(
        Review(version=w.version, subject_label=f"Bulk subject {i}") for i in range(n)
    )
    sheets = Scoresheet.objects.bulk_create(
        Scoresheet(review=r, reviewer=reviewer) for r in reviews
    )
    level = w.version.levels.get(points=points)
    criteria = list(w.version.criteria.all())
    Score.objects.bulk_create(
        Score(sheet=s, criterion=c, level=level) for s in sheets for c in criteria
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("actor", ["associate", "associate2", "coach_a", "admin_a"])
@pytest.mark.parametrize("query", ["", "status=draft", "status=final"])
def test_the_export_holds_the_pages_sheets(fmt, actor, query, rubric_cast, client_for):
    w = rubric_cast
    score_all(w.sheet, w.associate, 3)
    bulk_sheets(w, 2, reviewer=w.associate2)
    user = getattr(w, actor)
    url = reverse("rubrics:my_reviews_export", args=[fmt]) + "?" + query
    rows = export_rows(client_for(user).get(url))

    assert rows[0] == [
        "Subject",
        "Rubric",
        "Status",
        "Finalised",
        "Criteria scored",
        "Total points",
    ]
    assert [r[:2] for r in rows[1:]] == page_rows(user, query)


def test_each_sheet_shows_its_scores_summed(rubric_cast, client_for):
    w = rubric_cast
    score_all(w.sheet, w.associate, 3)
    rows = export_rows(
        client_for(w.associate).get(reverse("rubrics:my_reviews_export", args=["csv"]))
    )
    jordan = next(r for r in rows if r[0] == "Notes of Jordan")
    assert jordan[4:] == ["3", "9"]  # three criteria at 3 points each


@cast_layer
def sheets_5000(rubric_cast):
    """rubric_cast with 5,000 more draft sheets of associate2's (2, then 4,998), built once for
    both formats; `at_2` marks where it had the first 2. The cast's own sheets stay (a final
    sheet's scores cannot be deleted: PostgreSQL's trigger); the bulk ones are drafts."""
    rubric_cast.sheets_before = Scoresheet.objects.filter(reviewer=rubric_cast.associate2).count()
    bulk_sheets(rubric_cast, 2, reviewer=rubric_cast.associate2)
    rubric_cast.at_2 = checkpoint()
    bulk_sheets(rubric_cast, 4_998, reviewer=rubric_cast.associate2)
    return rubric_cast


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_costs_the_same_at_5000_rows_as_at_2(fmt, sheets_5000, client_for):
    w = sheets_5000
    client = client_for(w.associate2)
    url = reverse("rubrics:my_reviews_export", args=[fmt])
    before = w.sheets_before
    with undone():  # back to the first 2 bulk sheets
        rewind(w.at_2)
        at_2, rows = export_queries(client, url)
        assert len(rows) == 1 + before + 2
    at_5000, rows = export_queries(client, url)
    assert len(rows) == 1 + before + 5_000  # the header, then a row a sheet
    assert at_5000 == at_2
