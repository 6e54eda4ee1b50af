"""The grid pages run as many queries for 30 criteria as for 3; the lists as many for 50 rows as
for 2."""

import pytest
from django.urls import reverse

from coaching.tests.access import count_queries as count
from coaching.tests.casts import cast_layer, undone
from rubrics import services

from .factories import build_version, score_all
from .spans import erase, grown_in_spans

CEILING = 25


def grid_pages(w, version):
    sheet = services.review_create(
        version=version, subject_label="x", reviewers=[w.associate]
    ).sheets.get()
    draft = services.version_new_draft(rubric=version.rubric)
    return [
        reverse("rubrics:version_detail", args=[version.pk]),
        reverse("rubrics:version_edit", args=[draft.pk]),
        reverse("rubrics:sheet_score", args=[sheet.pk]),
        reverse("rubrics:review_detail", args=[sheet.review_id]),
    ]


def test_grid_pages_cost_the_same_for_3_criteria_and_for_30(rubric_cast, client_for):
    client = client_for(rubric_cast.associate)
    small = grid_pages(
        rubric_cast, build_version(name="Small", criteria=3, domains=1, owner=rubric_cast.owner)
    )
    large = grid_pages(
        rubric_cast, build_version(name="Large", criteria=30, domains=6, owner=rubric_cast.owner)
    )
    for url_small, url_large in zip(small, large, strict=True):
        at_3, at_30 = count(client, url_small), count(client, url_large)
        assert at_3 == at_30, f"{url_small}: {at_3} queries at 3 criteria, {at_30} at 30"
        assert at_30 <= CEILING


def grow_sheets(w, n):
    for _ in range(n):
        review = services.review_create(
            version=w.version, subject_label="x", reviewers=[w.associate]
        )
        score_all(review.sheets.get(), w.associate, 3)


def grow_blind_reviews(w, n):
    for _ in range(n):
        review = services.review_create(
            version=w.version, subject_label="x", reviewers=[w.associate, w.associate2], blind=True
        )
        for user, points in ((w.associate, 3), (w.associate2, 2)):
            sheet = review.sheets.get(reviewer=user)
            score_all(sheet, user, points)
            services.sheet_finalize(sheet=sheet, reviewer=user)


def grow_disputed(w, n):
    """Blind reviews of district A whose two verdicts differ: they wait for the associate."""
    for _ in range(n):
        review = services.review_create(
            version=w.version,
            subject_label="x",
            reviewers=[w.associate2, w.associate3],
            blind=True,
            scope=f"district:{w.district_a.pk}",
        )
        for user, points in ((w.associate2, 3), (w.associate3, 1)):
            sheet = review.sheets.get(reviewer=user)
            score_all(sheet, user, points)
            services.sheet_finalize(sheet=sheet, reviewer=user)


def grow_rubrics(w, n):
    from rubrics.models import Rubric

    for _ in range(n):
        build_version(name=f"Grown {Rubric.objects.count()}", criteria=1, levels=2, owner=w.owner)


LISTS = [
    (lambda w: reverse("rubrics:my_reviews"), grow_sheets),
    (lambda w: reverse("rubrics:my_reviews"), grow_blind_reviews),
    (
        lambda w: reverse("rubrics:agreement_report") + f"?version={w.version.pk}",
        grow_blind_reviews,
    ),
    (lambda w: reverse("rubrics:rubric_list"), grow_rubrics),
    (lambda w: reverse("rubrics:adjudication_list"), grow_disputed),
    # My scoring's "awaiting adjudication": its first few, whatever the number waiting.
    (lambda w: reverse("rubrics:my_reviews"), grow_disputed),
]


@cast_layer
def rubric_50(rubric_cast):
    """rubric_cast grown by each builder of LISTS in turn, by 2 and then by 48 more, built once for
    every list: `spans[builder name]` marks where its rows begin, where it had 2 and where it
    ends (`spans.grown_in_spans`)."""
    builders = list({grow.__name__: grow for _, grow in LISTS}.values())
    return grown_in_spans(rubric_cast, builders, 2, 48)


@pytest.mark.parametrize(("url", "grow"), LISTS, ids=[g.__name__ for _, g in LISTS])
def test_lists_cost_the_same_at_50_rows_as_at_2(url, grow, rubric_50, client_for):
    w = rubric_50
    client = client_for(w.associate)
    with undone():
        # Only this list's rows: the other builders' are taken out.
        for name, (before, _, after) in w.spans.items():
            if name != grow.__name__:
                erase(before, after)
        _, at_two, after = w.spans[grow.__name__]
        with undone():
            erase(at_two, after)
            at_2 = count(client, url(w))
        at_50 = count(client, url(w))
    assert at_50 == at_2, f"{at_2} queries at 2 rows, {at_50} at 50"
    assert at_50 <= CEILING


def test_my_scoring_shows_the_first_five_awaiting_adjudication_and_links_to_all(
    rubric_cast, client_for
):
    from rubrics.views import AWAITING_SHOWN

    w = rubric_cast
    grow_disputed(w, 7)
    response = client_for(w.associate).get(reverse("rubrics:my_reviews"))
    waiting = 7 + 1  # and the cast's own disputed review
    assert len(response.context["awaiting"]) == AWAITING_SHOWN
    assert response.context["awaiting_count"] == waiting
    html = response.content.decode()
    assert f"All {waiting} waiting for adjudication" in html
    assert reverse("rubrics:adjudication_list") in html
