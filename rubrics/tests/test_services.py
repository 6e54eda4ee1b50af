"""Rubric definitions, versions, scoring and blind review: every rule and every refusal."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError

from rubrics import selectors, services
from rubrics.models import Descriptor, Level, Review, RubricVersion, Score, Scoresheet
from rubrics.selectors import sheet_result

from .factories import build_version, score_all


@pytest.fixture
def reviewer(db):
    from coaching.tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def second(db):
    from coaching.tests.factories import UserFactory

    return UserFactory()


def single(version, reviewer, label="Notes of Jordan"):
    review = services.review_create(version=version, subject_label=label, reviewers=[reviewer])
    return review.sheets.get()


# --- definitions -------------------------------------------------------------------------------


def test_a_draft_can_be_edited_and_publishing_freezes_it(db):
    version = build_version(publish=False)
    services.level_add(version=version, label="Beyond", points=5)
    services.version_publish(version=version, by=None)
    with pytest.raises(ValidationError, match="published and cannot change"):
        services.level_add(version=version, label="Too late", points=6)
    with pytest.raises(ValidationError, match="published and cannot change"):
        services.part_remove(part=version.criteria.first())
    assert version.levels.count() == 5


def test_two_levels_cannot_share_points(db):
    version = build_version(publish=False, levels=2)
    one, two = version.levels.all()
    with pytest.raises(ValidationError, match="both have 1 points"):
        services.draft_update(
            version=version,
            levels={one.pk: ("One", 1), two.pk: ("Two", 1)},
            domains={},
            criteria={},
            descriptors={},
            passing_total=None,
            passing_level_each=None,
        )
    assert sorted(version.levels.values_list("points", flat=True)) == [1, 2]


def test_levels_may_swap_points_in_one_save(db):
    version = build_version(publish=False, levels=2)
    one, two = version.levels.all()
    services.draft_update(
        version=version,
        levels={one.pk: ("Was one", 2), two.pk: ("Was two", 1)},
        domains={},
        criteria={},
        descriptors={},
        passing_total=None,
        passing_level_each=None,
    )
    assert dict(version.levels.values_list("label", "points")) == {"Was one": 2, "Was two": 1}


def test_an_unreachable_minimum_total_is_refused(db):
    version = build_version(publish=False, levels=4, criteria=3)
    with pytest.raises(
        ValidationError, match="cannot be reached: the most a sheet can score is 12"
    ):
        services.draft_update(
            version=version,
            levels={},
            domains={},
            criteria={},
            descriptors={},
            passing_total=13,
            passing_level_each=None,
        )


def test_publishing_needs_two_levels_and_a_criterion(db):
    version = services.rubric_create(name="Empty", owner="")
    with pytest.raises(
        ValidationError, match="add at least two levels and add at least one criterion"
    ):
        services.version_publish(version=version, by=None)
    version.refresh_from_db()
    assert version.is_draft


def test_reordering_moves_one_place_and_stops_at_the_ends(db):
    version = build_version(publish=False, criteria=3)
    first, second, third = version.criteria.order_by("position")
    services.part_move(part=third, step=-1)
    assert list(version.criteria.order_by("position")) == [first, third, second]
    services.part_move(part=first, step=-1)  # already first: nothing moves
    assert list(version.criteria.order_by("position")) == [first, third, second]


def test_a_new_draft_copies_the_published_version_and_leaves_it_alone(db, reviewer):
    version = build_version(passing_total=6)
    sheet = single(version, reviewer)
    draft = services.version_new_draft(rubric=version.rubric)
    assert (draft.number, draft.is_draft, draft.passing_total) == (2, True, 6)
    assert draft.criteria.count() == version.criteria.count()
    assert Descriptor.objects.filter(criterion__version=draft).count() == 12
    services.level_add(version=draft, label="Beyond", points=5)
    assert version.levels.count() == 4
    assert sheet.review.version == version


def test_there_is_one_draft_at_a_time(db):
    version = build_version()
    services.version_new_draft(rubric=version.rubric)
    with pytest.raises(ValidationError, match="already has a draft"):
        services.version_new_draft(rubric=version.rubric)


def test_a_version_in_use_cannot_be_deleted(db, reviewer):
    version = build_version()
    single(version, reviewer)
    with pytest.raises(ValidationError, match="used to score and cannot be deleted"):
        services.version_delete(version=version)
    with pytest.raises(ProtectedError), transaction.atomic():
        version.delete()
    assert RubricVersion.objects.filter(pk=version.pk).exists()


def test_an_unused_draft_can_be_deleted(db):
    version = build_version(publish=False)
    services.version_delete(version=version)
    assert not RubricVersion.objects.exists()


# --- scoring -----------------------------------------------------------------------------------


def test_a_draft_version_cannot_be_scored(db, reviewer):
    version = build_version(publish=False)
    with pytest.raises(ValidationError, match="is a draft: publish it before scoring"):
        services.review_create(version=version, subject_label="x", reviewers=[reviewer])
    assert not Review.objects.exists()


def test_a_level_of_another_rubric_is_refused_and_nothing_changes(db, reviewer):
    version = build_version()
    other = build_version(name="Other")
    sheet = single(version, reviewer)
    criterion = version.criteria.first()
    with pytest.raises(ValidationError, match="not on this rubric version"):
        services.sheet_save(
            sheet=sheet,
            reviewer=reviewer,
            levels={criterion.pk: other.levels.first().pk},
            comments={},
            overall_comment="",
        )
    assert not Score.objects.filter(sheet=sheet, level__isnull=False).exists()


def test_only_its_reviewer_scores_a_sheet(db, reviewer, second):
    sheet = single(build_version(), reviewer)
    with pytest.raises(ValidationError, match="Only its reviewer"):
        score_all(sheet, second, 3)


def test_finalising_an_incomplete_sheet_names_what_is_missing_and_keeps_the_draft(db, reviewer):
    version = build_version(criteria=3)
    sheet = single(version, reviewer)
    first = version.criteria.order_by("position").first()
    level = version.levels.get(points=3)
    services.sheet_save(
        sheet=sheet,
        reviewer=reviewer,
        levels={first.pk: level.pk},
        comments={},
        overall_comment="Ok",
    )
    with pytest.raises(ValidationError, match=r"Missing \(2\): Criterion 2; Criterion 3"):
        services.sheet_finalize(sheet=sheet, reviewer=reviewer)
    sheet.refresh_from_db()
    assert (sheet.status, sheet.overall_comment) == ("draft", "Ok")
    assert Score.objects.get(sheet=sheet, criterion=first).level == level


def test_a_final_sheet_refuses_a_second_finalising_and_any_change(db, reviewer):
    sheet = single(build_version(), reviewer)
    score_all(sheet, reviewer, 3)
    services.sheet_finalize(sheet=sheet, reviewer=reviewer)
    with pytest.raises(ValidationError, match="final and cannot be changed"):
        services.sheet_finalize(sheet=sheet, reviewer=reviewer)
    with pytest.raises(ValidationError, match="final and cannot be changed"):
        score_all(sheet, reviewer, 1)


def test_the_database_stops_a_stray_update_of_a_final_sheet(db, reviewer):
    sheet = single(build_version(), reviewer)
    score_all(sheet, reviewer, 3)
    services.sheet_finalize(sheet=sheet, reviewer=reviewer)
    with pytest.raises(IntegrityError, match="final"), transaction.atomic():
        Scoresheet.objects.filter(pk=sheet.pk).update(overall_comment="rewritten")
    with pytest.raises(IntegrityError, match="final"), transaction.atomic():
        Score.objects.filter(sheet=sheet).update(comment="rewritten")
    assert Scoresheet.objects.get(pk=sheet.pk).overall_comment == ""
    assert not Score.objects.filter(sheet=sheet, comment="rewritten").exists()


@pytest.mark.postgres
def test_postgresql_also_stops_a_stray_delete_of_a_final_sheet(db, reviewer):
    sheet = single(build_version(), reviewer)
    score_all(sheet, reviewer, 3)
    services.sheet_finalize(sheet=sheet, reviewer=reviewer)
    with pytest.raises(IntegrityError, match="final"), transaction.atomic():
        Score.objects.filter(sheet=sheet).delete()
    with pytest.raises(IntegrityError, match="final"), transaction.atomic():
        Scoresheet.objects.filter(pk=sheet.pk).delete()
    assert Score.objects.filter(sheet=sheet).count() == 3


def test_a_single_review_is_decided_by_its_sheet(db, reviewer):
    sheet = single(build_version(passing_total=8), reviewer)
    score_all(sheet, reviewer, [3, 3, 2])
    services.sheet_finalize(sheet=sheet, reviewer=reviewer)
    review = Review.objects.get(pk=sheet.review_id)
    assert (review.status, review.passed, review.decided_by) == ("decided", True, reviewer)


@pytest.mark.parametrize(
    ("points", "rule", "passed", "reason"),
    [
        ([3, 3, 2], {"passing_total": 8}, True, None),
        ([3, 2, 2], {"passing_total": 8}, False, "Total 7 is below the minimum of 8."),
        ([4, 4, 1], {"passing_total": 8, "passing_level_each": 2}, False, "scored 1, below"),
        ([2, 2, 2], {"passing_level_each": 2}, True, None),
        ([1, 1, 1], {}, True, None),  # no rule: nothing to fail
    ],
)
def test_the_verdict_follows_the_passing_rule(db, reviewer, points, rule, passed, reason):
    sheet = single(build_version(**rule), reviewer)
    score_all(sheet, reviewer, points)
    result = sheet_result(sheet)
    assert (result.total, result.passed) == (sum(points), passed)
    if reason:
        assert any(reason in r for r in result.reasons)


# --- blind review and adjudication --------------------------------------------------------------


def blind(version, a, b):
    review = services.review_create(
        version=version, subject_label="x", reviewers=[a, b], blind=True
    )
    return review, review.sheets.get(reviewer=a), review.sheets.get(reviewer=b)


def test_a_blind_review_needs_two_different_reviewers(db, reviewer):
    with pytest.raises(ValidationError, match="two different reviewers"):
        services.review_create(
            version=build_version(), subject_label="x", reviewers=[reviewer, reviewer], blind=True
        )


def test_agreeing_blind_verdicts_decide_the_review(db, reviewer, second):
    review, a, b = blind(build_version(passing_total=8), reviewer, second)
    score_all(a, reviewer, 3)
    services.sheet_finalize(sheet=a, reviewer=reviewer)
    assert Review.objects.get(pk=review.pk).status == "open"
    score_all(b, second, [3, 3, 4])
    services.sheet_finalize(sheet=b, reviewer=second)
    review.refresh_from_db()
    assert (review.status, review.passed, review.decided_by) == ("decided", True, None)
    assert "same verdict" in review.decision_note


def test_differing_blind_verdicts_go_to_a_third_reviewer(db, reviewer, second):
    from coaching.tests.factories import UserFactory

    review, a, b = blind(build_version(passing_total=8), reviewer, second)
    score_all(a, reviewer, 3)
    score_all(b, second, 2)
    services.sheet_finalize(sheet=a, reviewer=reviewer)
    services.sheet_finalize(sheet=b, reviewer=second)
    review.refresh_from_db()
    assert (review.status, review.passed) == ("adjudication", None)
    with pytest.raises(ValidationError, match="a third reviewer decides"):
        services.review_adjudicate(review=review, by=reviewer, passed=True, note="Mine was right")
    with pytest.raises(ValidationError, match="Say why"):
        services.review_adjudicate(review=review, by=UserFactory(), passed=True, note=" ")
    third = UserFactory()
    services.review_adjudicate(review=review, by=third, passed=False, note="Feedback too general")
    review.refresh_from_db()
    assert (review.status, review.passed, review.decided_by) == ("decided", False, third)
    with pytest.raises(ValidationError, match="Only a review whose two verdicts differ"):
        services.review_adjudicate(review=review, by=third, passed=True, note="Again")


def test_nobody_adjudicates_a_review_of_their_own_work(db, reviewer, second):
    from coaching.tests.factories import UserFactory

    subject = UserFactory()
    review = services.review_create(
        version=build_version(passing_total=8),
        subject_label="x",
        reviewers=[reviewer, second],
        blind=True,
        subject_user=subject,
    )
    score_all(review.sheets.get(reviewer=reviewer), reviewer, 3)
    score_all(review.sheets.get(reviewer=second), second, 2)
    for sheet in review.sheets.all():
        services.sheet_finalize(sheet=sheet, reviewer=sheet.reviewer)
    review.refresh_from_db()
    assert not selectors.may_adjudicate(subject, review)
    with pytest.raises(ValidationError, match="your own work"):
        services.review_adjudicate(review=review, by=subject, passed=True, note="I passed")
    review.refresh_from_db()
    assert (review.status, review.passed, review.decided_by) == ("adjudication", None, None)


def test_levels_are_ordered_by_position(db):
    version = build_version(levels=3)
    assert [lv.points for lv in Level.objects.filter(version=version)] == [1, 2, 3]
