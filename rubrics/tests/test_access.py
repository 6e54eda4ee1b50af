"""Every view of the rubrics app, tried by every actor of the cast.

Rubric editors are provider associates (and the site admin). Published rubrics are readable by
anyone signed in; drafts only by editors. A scoresheet is its reviewer's alone."""

import pytest
from django.urls import reverse

from coaching.tests.access import ACTORS, Case, run_case
from rubrics.models import Review, Rubric, RubricVersion, Score, Scoresheet

EVERYONE = dict.fromkeys(["coach_b", "coach_a", "principal_a", "admin_b", "admin_a"], 200)
EVERYONE |= {"associate": 200, "superuser": 200, "associate_b": 200}
# Every associate edits rubrics (provider-wide content).
EDITORS = {"associate": 200, "superuser": 200, "associate_b": 200}
LESSER = {"coach_b": 403, "coach_a": 403, "principal_a": 403, "admin_b": 403, "admin_a": 403}
EDITORS_POST = {"associate": 302, "superuser": 302, "associate_b": 302} | LESSER


def rubric_state(w):
    return (
        list(Rubric.objects.order_by("pk").values()),
        list(RubricVersion.objects.order_by("pk").values()),
        list(Scoresheet.objects.order_by("pk").values()),
        list(Score.objects.order_by("pk").values()),
        list(Review.objects.order_by("pk").values()),
    )


def draft_post(version):
    from .test_views import grid_post

    return grid_post(version)


def url(name, attr=None):
    if attr is None:
        return lambda w: reverse(name)
    return lambda w: reverse(name, args=[getattr(w, attr).pk])


CASES = [
    Case("rubrics:rubric_list", url("rubrics:rubric_list"), EVERYONE),
    Case("rubrics:rubric_create", url("rubrics:rubric_create"), EDITORS | LESSER),
    Case(
        "rubrics:rubric_create",
        url("rubrics:rubric_create"),
        EDITORS_POST,
        method="post",
        data=lambda w: {"name": "New rubric"},
        state=rubric_state,
    ),
    Case("rubrics:rubric_detail", url("rubrics:rubric_detail", "rubric"), EVERYONE),
    Case("rubrics:rubric_update", url("rubrics:rubric_update", "rubric"), EDITORS | LESSER),
    Case(
        "rubrics:rubric_update",
        url("rubrics:rubric_update", "rubric"),
        EDITORS_POST,
        method="post",
        data=lambda w: {"name": "Renamed rubric", "description": "", "is_sample": ""},
        state=rubric_state,
    ),
    # A draft is hidden from those who cannot edit: 404, as if it did not exist.
    Case(
        "rubrics:version_detail",
        url("rubrics:version_detail", "draft"),
        EDITORS,
        label="version_detail-of-a-draft",
    ),
    Case("rubrics:version_detail", url("rubrics:version_detail", "version"), EVERYONE),
    Case("rubrics:version_edit", url("rubrics:version_edit", "draft"), EDITORS),
    Case(
        "rubrics:version_edit",
        url("rubrics:version_edit", "version"),
        EDITORS_POST | {"associate": 302, "superuser": 302},
        label="version_edit-of-a-published-version-redirects-editors",
    ),
    # Publishing is a button of the draft's grid page: only editors reach it.
    Case(
        "rubrics:version_edit",
        url("rubrics:version_edit", "draft"),
        {"associate": 302, "superuser": 302, "associate_b": 302},
        method="post",
        data=lambda w: {"op": "publish", **draft_post(w.draft)},
        state=rubric_state,
        label="version_edit-publish",
    ),
    Case(
        "rubrics:version_new_draft",
        url("rubrics:version_new_draft", "rubric"),
        EDITORS_POST,
        method="post",
        state=rubric_state,
    ),
    Case(
        "rubrics:version_delete",
        url("rubrics:version_delete", "draft"),
        {"associate": 302, "superuser": 302, "associate_b": 302},
        method="post",
        state=rubric_state,
    ),
    # A scoresheet belongs to its reviewer: everyone else gets 404, even the site admin.
    Case("rubrics:sheet_score", url("rubrics:sheet_score", "sheet"), {"associate": 200}),
    Case(
        "rubrics:sheet_score",
        url("rubrics:sheet_score", "sheet"),
        {"associate": 302},
        method="post",
        data=lambda w: {"action": "save", "overall_comment": "Changed"},
        state=rubric_state,
    ),
    Case("rubrics:my_reviews", url("rubrics:my_reviews"), EVERYONE),
    # A review is seen by its reviewers (the associate) and the site admin.
    Case(
        "rubrics:review_detail",
        url("rubrics:review_detail", "review"),
        {"associate": 200, "superuser": 200},
    ),
    # A disputed review of district A: an associate staffing a program of A may adjudicate it;
    # an associate of a program A is not in may not even see it.
    Case(
        "rubrics:review_detail",
        url("rubrics:review_detail", "disputed"),
        {"associate": 200, "superuser": 200},
        label="review_detail-awaiting-adjudication",
    ),
    Case(
        "rubrics:review_adjudicate",
        url("rubrics:review_adjudicate", "disputed"),
        {"associate": 302, "superuser": 302},
        method="post",
        data=lambda w: {"passed": "yes", "note": "Third opinion"},
        state=rubric_state,
    ),
    Case("rubrics:agreement_report", url("rubrics:agreement_report"), EDITORS | LESSER),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_access(case, actor, rubric_cast, client_for):
    run_case(case, actor, rubric_cast, client_for)
