"""The site admin of rubrics: what is final or published is read there, never saved (a final
scoresheet's update would hit the database trigger and fail); search finds a rubric by name."""

import pytest
from django.urls import reverse

from coaching.tests.factories import UserFactory
from rubrics import services
from rubrics.models import Rubric, RubricVersion, Score, Scoresheet
from rubrics.tests.factories import build_version, score_all


@pytest.fixture
def site_admin_client(client, db):
    client.force_login(UserFactory(email="root@example.org", is_superuser=True, is_staff=True))
    return client


def _sheet(*, final):
    reviewer = UserFactory()
    version = build_version(name="Feedback rubric", criteria=2)
    review = services.review_create(version=version, subject_label="Notes", reviewers=[reviewer])
    sheet = score_all(review.sheets.get(), reviewer, 3)
    if final:
        services.sheet_finalize(sheet=sheet, reviewer=reviewer)
    sheet.refresh_from_db()
    return sheet


def test_a_final_scoresheet_is_shown_read_only_and_never_saved(site_admin_client):
    sheet = _sheet(final=True)
    change = reverse("admin:rubrics_scoresheet_change", args=[sheet.pk])
    page = site_admin_client.get(change)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert 'name="_save"' not in page.content.decode()

    response = site_admin_client.post(change, {"overall_comment": "rewritten"})
    assert response.status_code == 403
    sheet.refresh_from_db()
    assert sheet.overall_comment == "" and sheet.is_final


def test_a_final_sheets_score_is_read_only_too(site_admin_client):
    score = _sheet(final=True).scores.first()
    change = reverse("admin:rubrics_score_change", args=[score.pk])
    assert site_admin_client.get(change).status_code == 200
    assert site_admin_client.post(change, {"comment": "rewritten"}).status_code == 403
    assert Score.objects.get(pk=score.pk).comment == ""


def test_a_draft_scoresheet_can_be_changed(site_admin_client):
    sheet = _sheet(final=False)
    page = site_admin_client.get(reverse("admin:rubrics_scoresheet_change", args=[sheet.pk]))
    assert page.status_code == 200 and page.context["has_change_permission"] is True


def test_a_published_version_is_read_only_and_kept(site_admin_client):
    version = build_version(name="Published rubric")
    change = reverse("admin:rubrics_rubricversion_change", args=[version.pk])
    assert site_admin_client.get(change).context["has_change_permission"] is False
    assert site_admin_client.post(change, {"passing_total": 1}).status_code == 403
    assert RubricVersion.objects.get(pk=version.pk).passing_total is None
    level = version.levels.first()
    level_change = reverse("admin:rubrics_level_change", args=[level.pk])
    assert site_admin_client.post(level_change, {"label": "x"}).status_code == 403
    for name, pk in (("rubricversion", version.pk), ("rubric", version.rubric_id)):
        delete = reverse(f"admin:rubrics_{name}_delete", args=[pk])
        assert site_admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Rubric.objects.filter(pk=version.rubric_id).exists()


def test_a_draft_version_is_edited_and_a_never_published_rubric_may_go(site_admin_client):
    draft = build_version(name="Draft rubric", publish=False)
    change = reverse("admin:rubrics_rubricversion_change", args=[draft.pk])
    assert site_admin_client.get(change).context["has_change_permission"] is True
    delete = reverse("admin:rubrics_rubric_delete", args=[draft.rubric_id])
    assert site_admin_client.get(delete).status_code == 200


def test_searching_finds_a_rubric_and_its_sheets_by_name(site_admin_client):
    _sheet(final=True)
    build_version(name="Missouri practice profile")
    found = site_admin_client.get(reverse("admin:rubrics_rubric_changelist"), {"q": "missouri"})
    assert [r.name for r in found.context["cl"].result_list] == ["Missouri practice profile"]
    sheets = site_admin_client.get(
        reverse("admin:rubrics_scoresheet_changelist"), {"q": "notes", "status__exact": "final"}
    )
    assert [s.pk for s in sheets.context["cl"].result_list] == [Scoresheet.objects.get().pk]
