"""The list of reviews waiting for adjudication (rubrics:adjudication_list): the blind double
reviews whose two final sheets reach different verdicts, for a third reviewer in their scope."""

import pytest
from django.urls import reverse

from rubrics import services
from rubrics.models import Review

from .factories import score_all

URL = reverse("rubrics:adjudication_list")


def rows(response):
    return [review.pk for review in response.context["page"].object_list]


def test_it_lists_the_disputed_review_for_a_third_associate(rubric_cast, client_for):
    response = client_for(rubric_cast.associate).get(URL)
    assert rows(response) == [rubric_cast.disputed.pk]
    assert "Notes of Elena" in response.content.decode()
    assert rubric_cast.disputed.get_absolute_url() in response.content.decode()


def test_it_leaves_out_the_reviews_the_reader_scored(rubric_cast, client_for):
    response = client_for(rubric_cast.associate2).get(URL)
    assert rows(response) == []


def test_it_leaves_out_another_districts_reviews(rubric_cast, client_for):
    # associate_b staffs a program that district A is not enrolled in.
    response = client_for(rubric_cast.associate_b).get(URL)
    assert response.status_code == 200
    assert rows(response) == []
    assert "Notes of Elena" not in response.content.decode()


def test_it_leaves_out_reviews_still_scored_and_agreed_ones(rubric_cast, client_for):
    # The cast's blind review between the associate and associate2 is still open: not listed.
    assert rubric_cast.blind_review.status == Review.Status.OPEN
    agreed = services.review_create(
        version=rubric_cast.version,
        subject_label="Notes of Sam",
        reviewers=[rubric_cast.associate2, rubric_cast.associate3],
        blind=True,
        scope=f"district:{rubric_cast.district_a.pk}",
    )
    for user in (rubric_cast.associate2, rubric_cast.associate3):
        sheet = agreed.sheets.get(reviewer=user)
        score_all(sheet, user, 3)
        services.sheet_finalize(sheet=sheet, reviewer=user)
    response = client_for(rubric_cast.associate).get(URL)
    assert rows(response) == [rubric_cast.disputed.pk]


def test_an_adjudicated_review_leaves_the_list(rubric_cast, client_for):
    services.review_adjudicate(
        review=rubric_cast.disputed, by=rubric_cast.associate, passed=True, note="Third opinion"
    )
    assert rows(client_for(rubric_cast.associate).get(URL)) == []


def test_it_searches_the_subject(rubric_cast, client_for):
    client = client_for(rubric_cast.associate)
    assert rows(client.get(URL, {"q": "elena"})) == [rubric_cast.disputed.pk]
    response = client.get(URL, {"q": "nobody"})
    assert rows(response) == []
    assert "Nothing waiting matches these filters" in response.content.decode()


def test_agreement_by_quarter_is_the_reports_kappa_for_the_quarter(rubric_cast):
    """The dashboard's kappa of this quarter equals the agreement report's over the same reviews."""
    from django.utils import timezone

    from rubrics import selectors

    w = rubric_cast
    for points_a, points_b in ((3, 3), (3, 1), (1, 1)):
        review = services.review_create(
            version=w.version,
            subject_label="x",
            reviewers=[w.associate2, w.associate3],
            blind=True,
            scope=f"district:{w.district_a.pk}",
        )
        for user, points in ((w.associate2, points_a), (w.associate3, points_b)):
            sheet = review.sheets.get(reviewer=user)
            score_all(sheet, user, points)
            services.sheet_finalize(sheet=sheet, reviewer=user)
    today = timezone.localdate()
    by_quarter = selectors.agreement_by_quarter(user=w.associate, today=today)
    assert len(by_quarter["quarters"]) == 4
    assert by_quarter["quarters"][-1] == f"{today.year} Q{(today.month - 1) // 3 + 1}"
    ((version, kappas),) = by_quarter["versions"]
    assert version == w.version
    start = today.replace(day=1, month=(today.month - 1) // 3 * 3 + 1)
    report = selectors.agreement_report(user=w.associate, version=w.version, start=start)
    expected = [row.stats.kappa for row in report["pairs"]]
    assert kappas[-1] == pytest.approx(expected[-1])
    assert kappas[:3] == [None, None, None]
    # associate_b holds no scope of district A: nothing to report.
    assert selectors.agreement_by_quarter(user=w.associate_b, today=today)["versions"] == []
