"""What a reviewer writes about the scored notes (a comment per criterion, the overall comment, an
adjudication's reason) follows the project's rule for free text, named by the setting
RUBRICS_COMMENT_VALIDATOR: here, no student identifiers. This app knows nothing of students."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rubrics import services
from rubrics.models import Review, Score, Scoresheet
from rubrics.tests.factories import score_all

REFUSAL = "leave out anything that identifies a student"


def criteria_of(sheet):
    return list(sheet.review.version.criteria.order_by("position"))


def test_a_comment_on_a_criterion_is_refused_naming_the_identifier(rubric_cast):
    w = rubric_cast
    first, second, _ = criteria_of(w.sheet)
    with pytest.raises(ValidationError) as refused:
        services.sheet_save(
            sheet=w.sheet,
            reviewer=w.associate,
            levels={first.pk: w.version.levels.get(points=3).pk},
            comments={first.pk: "Clear", second.pk: "Names student ID 4829173 twice"},
            overall_comment="Useful notes",
        )
    assert refused.value.messages == [
        f"“student ID 4829173” looks like a student ID number: {REFUSAL}."
    ]
    assert not Score.objects.filter(sheet=w.sheet).exclude(comment="").exists()
    assert not Score.objects.filter(sheet=w.sheet, level__isnull=False).exists()
    assert Scoresheet.objects.get(pk=w.sheet.pk).overall_comment == ""


def test_the_overall_comment_is_refused_naming_the_identifier(rubric_cast):
    w = rubric_cast
    with pytest.raises(ValidationError, match="“DOB 2015-04-12” looks like a date of birth"):
        services.sheet_save(
            sheet=w.sheet,
            reviewer=w.associate,
            levels={},
            comments={},
            overall_comment="Good, but the notes give DOB 2015-04-12.",
        )
    assert Scoresheet.objects.get(pk=w.sheet.pk).overall_comment == ""


def test_an_adjudication_reason_is_refused_naming_the_identifier(rubric_cast):
    from coaching.tests.factories import UserFactory

    w = rubric_cast
    with pytest.raises(ValidationError, match="“SSN 123-45-6789” looks like a Social Security"):
        services.review_adjudicate(
            review=w.disputed, by=UserFactory(), passed=True, note="Notes quote SSN 123-45-6789"
        )
    review = Review.objects.get(pk=w.disputed.pk)
    assert (review.status, review.passed, review.decision_note) == ("adjudication", None, "")


def test_ordinary_comments_are_saved(rubric_cast):
    w = rubric_cast
    first = criteria_of(w.sheet)[0]
    services.sheet_save(
        sheet=w.sheet,
        reviewer=w.associate,
        levels={},
        comments={first.pk: "Scored 18 of 24; IEP annual review on 3/4/2027."},
        overall_comment="Met 5 times in 2026–27.",
    )
    assert Score.objects.get(sheet=w.sheet, criterion=first).comment.startswith("Scored 18")


def test_the_rule_is_the_one_the_setting_names(rubric_cast, settings):
    settings.RUBRICS_COMMENT_VALIDATOR = "rubrics.tests.test_privacy.no_shouting"
    w = rubric_cast
    with pytest.raises(ValidationError, match="No shouting"):
        score_all_with_comment(w, "GREAT")
    score_all_with_comment(w, "DOB 2015-04-12 is no identifier to this rule")


def no_shouting(value):
    if value.isupper():
        raise ValidationError("No shouting.")


def score_all_with_comment(w, comment):
    score_all(w.sheet, w.associate, 3)
    services.sheet_save(
        sheet=w.sheet, reviewer=w.associate, levels={}, comments={}, overall_comment=comment
    )


def test_the_scoring_form_names_the_identifier_changes_nothing_and_keeps_every_field(
    rubric_cast, client_for
):
    w = rubric_cast
    version = w.sheet.review.version
    levels = {lv.points: str(lv.pk) for lv in version.levels.all()}
    first, second, third = criteria_of(w.sheet)
    typed = {
        f"level-{first.pk}": levels[3],
        f"level-{second.pk}": levels[2],
        f"level-{third.pk}": levels[4],
        f"comment-{first.pk}": "Named the facilitative moves.",
        f"comment-{second.pk}": "Quoted medical record #A1234567 from the file.",
        f"comment-{third.pk}": "Next steps are concrete.",
        "overall_comment": "Useful notes; scored 18 of 24.",
    }

    response = client_for(w.associate).post(
        reverse("rubrics:sheet_score", args=[w.sheet.pk]), typed | {"action": "finalize"}
    )

    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert f"“medical record #A1234567” looks like a medical record number: {REFUSAL}." in page
    form = response.context["form"]
    assert {name: form[name].value() for name in typed} == typed
    for name, value in typed.items():
        if name.startswith(("comment", "overall")):
            assert value in page
    sheet = Scoresheet.objects.get(pk=w.sheet.pk)
    assert (sheet.status, sheet.overall_comment) == ("draft", "")
    assert not Score.objects.filter(sheet=sheet, level__isnull=False).exists()


def test_a_refused_adjudication_shows_the_review_again_with_the_reason_as_typed(
    rubric_cast, client_for
):
    """The page again (not a redirect that loses the reason), the refusal on the form, nothing
    decided."""
    w = rubric_cast
    typed = "The second reviewer saw DOB 2015-04-12 in the notes."
    response = client_for(w.associate).post(
        reverse("rubrics:review_adjudicate", args=[w.disputed.pk]),
        {"passed": "yes", "note": typed},
    )
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "“DOB 2015-04-12” looks like a date of birth" in page
    assert typed in page
    assert response.context["adjudication_form"]["note"].value() == typed
    review = Review.objects.get(pk=w.disputed.pk)
    assert (review.status, review.passed, review.decision_note) == ("adjudication", None, "")
