"""Limits on every input of a rubric and a scoresheet: lengths and ranges refused by the form, by
the model (through the services) and by the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from rubrics import services
from rubrics.models import Criterion, Descriptor, Level, Review, RubricVersion, Score, Scoresheet

from .test_views import grid_post, scoring_data


def test_an_over_long_comment_is_refused_on_the_scoring_form_and_kept(rubric_cast, client_for):
    sheet = rubric_cast.sheet
    criterion = sheet.review.version.criteria.order_by("position").first()
    comment = "c" * 2_001
    data = {**scoring_data(sheet, [3, 3, 2], "save"), f"comment-{criterion.pk}": comment}
    response = client_for(rubric_cast.associate).post(
        reverse("rubrics:sheet_score", args=[sheet.pk]), data
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value has at most 2000 characters (it has 2001)." in page
    assert comment in page
    assert not Score.objects.filter(sheet=sheet, level__isnull=False).exists()
    assert Scoresheet.objects.get(pk=sheet.pk).overall_comment == ""


def test_the_services_refuse_over_long_comments(rubric_cast):
    sheet = rubric_cast.sheet
    criterion = sheet.review.version.criteria.first()
    with pytest.raises(ValidationError, match="at most 2000 characters"):
        services.sheet_save(
            sheet=sheet,
            reviewer=rubric_cast.associate,
            levels={},
            comments={criterion.pk: "c" * 2_001},
            overall_comment="",
        )
    with pytest.raises(ValidationError, match="at most 10000 characters"):
        services.sheet_save(
            sheet=sheet,
            reviewer=rubric_cast.associate,
            levels={},
            comments={},
            overall_comment="o" * 10_001,
        )
    assert not Score.objects.filter(sheet=sheet).exclude(comment="").exists()
    assert Scoresheet.objects.get(pk=sheet.pk).overall_comment == ""


def test_an_over_long_criterion_or_descriptor_is_refused_and_nothing_is_saved(rubric_cast):
    version = rubric_cast.draft
    criterion = version.criteria.first()
    level = version.levels.first()
    arguments = {
        "version": version,
        "levels": {},
        "domains": {},
        "descriptors": {},
        "passing_total": None,
        "passing_level_each": None,
    }
    with pytest.raises(ValidationError, match="at most 2000 characters"):
        services.draft_update(**{**arguments, "criteria": {criterion.pk: "t" * 2_001}})
    with pytest.raises(ValidationError, match="at most 2000 characters"):
        services.draft_update(
            **{**arguments, "criteria": {}, "descriptors": {(criterion.pk, level.pk): "d" * 2_001}}
        )
    assert Criterion.objects.get(pk=criterion.pk).text == criterion.text
    assert len(Descriptor.objects.get(criterion=criterion, level=level).text) < 2_001


def test_level_points_and_the_passing_rule_have_a_range(rubric_cast):
    version = rubric_cast.draft
    level = version.levels.first()
    with pytest.raises(ValidationError, match="less than or equal to 1000"):
        services.draft_update(
            version=version,
            levels={level.pk: ("Huge", 5_000)},
            domains={},
            criteria={},
            descriptors={},
            passing_total=None,
            passing_level_each=None,
        )
    assert Level.objects.get(pk=level.pk).points == level.points
    version.passing_total = 999_999_999
    with pytest.raises(ValidationError) as refused:
        version.full_clean()
    assert "passing_total" in refused.value.message_dict


def test_the_grid_form_refuses_an_over_long_criterion_and_keeps_it(rubric_cast, client_for):
    version = rubric_cast.draft
    criterion = version.criteria.first()
    text = "t" * 2_001
    data = grid_post(version, **{f"criterion-{criterion.pk}-text": text, "op": "save"})
    response = client_for(rubric_cast.associate).post(
        reverse("rubrics:version_edit", args=[version.pk]), data
    )
    page = response.content.decode()
    assert "Ensure this value has at most 2000 characters (it has 2001)." in page
    assert text in page
    assert Criterion.objects.get(pk=criterion.pk).text == criterion.text


def test_an_over_long_adjudication_note_is_refused(rubric_cast):
    review = rubric_cast.blind_review
    Review.objects.filter(pk=review.pk).update(status=Review.Status.NEEDS_ADJUDICATION)
    with pytest.raises(ValidationError, match="at most 2000 characters"):
        services.review_adjudicate(
            review=review, by=rubric_cast.associate3, passed=True, note="n" * 2_001
        )
    assert Review.objects.get(pk=review.pk).status == Review.Status.NEEDS_ADJUDICATION


def test_a_long_name_of_the_subject_fits(rubric_cast):
    """A full name of 201 characters and a few words around it: the label holds 300."""
    label = f"{'N' * 100} {'L' * 100}: Recertification, attempt 12"
    review = services.review_create(
        version=rubric_cast.version, subject_label=label, reviewers=[rubric_cast.associate]
    )
    assert Review.objects.get(pk=review.pk).subject_label == label


@pytest.mark.postgres
@pytest.mark.parametrize(
    "queryset, values, constraint",
    [
        (lambda w: Score.objects.filter(sheet=w.sheet), {"comment": "c" * 2_001}, "comment"),
        (
            lambda w: Scoresheet.objects.filter(pk=w.sheet.pk),
            {"overall_comment": "o" * 10_001},
            "overall_comment",
        ),
        (lambda w: Criterion.objects.filter(version=w.draft), {"text": "t" * 2_001}, "text"),
        (
            lambda w: Review.objects.filter(pk=w.review.pk),
            {"decision_note": "n" * 2_001},
            "decision_note",
        ),
        (
            lambda w: RubricVersion.objects.filter(pk=w.draft.pk),
            {"passing_total": 999_999},
            "passing_total_range",
        ),
        (
            lambda w: RubricVersion.objects.filter(pk=w.draft.pk),
            {"passing_level_each": 5_000},
            "passing_level_each_range",
        ),
    ],
)
def test_the_database_refuses_what_the_orm_would_have(queryset, values, constraint, rubric_cast):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        queryset(rubric_cast).update(**values)
