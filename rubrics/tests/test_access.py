"""Every view of the rubrics app, tried by every actor of the cast.

A rubric belongs to a provider: the associates of its provider (and the site admin) edit, version
and publish it; associate_b works for another provider and may only read its published versions
(a write is 403, a draft 404, as if it did not exist). Published rubrics are readable by anyone
signed in. A scoresheet is its reviewer's alone."""

import pytest
from django.urls import reverse

from coaching.tests.access import ACTORS, Case, rows_of, run_case
from rubrics.models import Review, Rubric, RubricVersion, Score, Scoresheet

EVERYONE = dict.fromkeys(["coach_b", "coach_a", "principal_a", "admin_b", "admin_a"], 200)
EVERYONE |= {"associate": 200, "superuser": 200, "associate_b": 200}
# Every associate creates rubrics, for their own provider.
CREATORS = {"associate": 200, "superuser": 200, "associate_b": 200}
# The rubric's own provider's associates (and the site admin) edit it.
OWNERS = {"associate": 200, "superuser": 200}
LESSER = {"coach_b": 403, "coach_a": 403, "principal_a": 403, "admin_b": 403, "admin_a": 403}
OWNERS_POST = {"associate": 302, "superuser": 302, "associate_b": 403} | LESSER


def rubric_state(w):
    return rows_of(Rubric, RubricVersion, Scoresheet, Score, Review)


def draft_post(version):
    from .test_views import grid_post

    return grid_post(version)


def url(name, attr=None):
    if attr is None:
        return lambda w: reverse(name)
    return lambda w: reverse(name, args=[getattr(w, attr).pk])


CASES = [
    Case("rubrics:rubric_list", url("rubrics:rubric_list"), EVERYONE),
    Case("rubrics:rubric_create", url("rubrics:rubric_create"), CREATORS | LESSER),
    Case(
        "rubrics:rubric_create",
        url("rubrics:rubric_create"),
        {"associate": 302, "superuser": 302, "associate_b": 302} | LESSER,
        method="post",
        data=lambda w: {"name": "New rubric", "owner": w.owner},
        state=rubric_state,
    ),
    Case("rubrics:rubric_detail", url("rubrics:rubric_detail", "rubric"), EVERYONE),
    # Another provider's associate reads the published rubric but may not rename it.
    Case(
        "rubrics:rubric_update",
        url("rubrics:rubric_update", "rubric"),
        OWNERS | LESSER | {"associate_b": 403},
    ),
    Case(
        "rubrics:rubric_update",
        url("rubrics:rubric_update", "rubric"),
        OWNERS_POST,
        method="post",
        data=lambda w: {
            "name": "Renamed rubric",
            "description": "",
            "is_sample": "",
            "owner": w.owner,
        },
        state=rubric_state,
    ),
    # A draft is hidden from those who cannot edit it: 404, as if it did not exist.
    Case(
        "rubrics:version_detail",
        url("rubrics:version_detail", "draft"),
        OWNERS,
        label="version_detail-of-a-draft",
    ),
    Case("rubrics:version_detail", url("rubrics:version_detail", "version"), EVERYONE),
    Case("rubrics:version_edit", url("rubrics:version_edit", "draft"), OWNERS),
    Case(
        "rubrics:version_edit",
        url("rubrics:version_edit", "version"),
        OWNERS_POST,
        label="version_edit-of-a-published-version-redirects-editors",
    ),
    # Publishing is a button of the draft's grid page: only its owners reach it.
    Case(
        "rubrics:version_edit",
        url("rubrics:version_edit", "draft"),
        {"associate": 302, "superuser": 302},
        method="post",
        data=lambda w: {"op": "publish", **draft_post(w.draft)},
        state=rubric_state,
        label="version_edit-publish",
    ),
    Case(
        "rubrics:version_new_draft",
        url("rubrics:version_new_draft", "rubric"),
        OWNERS_POST,
        method="post",
        state=rubric_state,
    ),
    Case(
        "rubrics:version_delete",
        url("rubrics:version_delete", "draft"),
        {"associate": 302, "superuser": 302},
        method="post",
        state=rubric_state,
    ),
    # A published version in use: its owners are told why not (302); others are refused.
    Case(
        "rubrics:version_delete",
        url("rubrics:version_delete", "version"),
        OWNERS_POST,
        method="post",
        state=rubric_state,
        label="version_delete-of-a-published-version",
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
    Case(
        "rubrics:my_reviews_export",
        lambda w: reverse("rubrics:my_reviews_export", args=["csv"]) + "?status=final",
        EVERYONE,
    ),
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
    # The reviews waiting for adjudication: for those who adjudicate (associates, the site
    # admin); associate_b's list is empty of district A's review (test_adjudications); lesser
    # roles are refused with 404, as for a page that does not exist.
    Case(
        "rubrics:adjudication_list",
        url("rubrics:adjudication_list"),
        {"associate": 200, "superuser": 200, "associate_b": 200},
        state=rubric_state,
    ),
    # Every associate reads the report, over the reviews whose scope they hold (test_views).
    Case("rubrics:agreement_report", url("rubrics:agreement_report"), CREATORS | LESSER),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_access(case, actor, rubric_cast, client_for):
    run_case(case, actor, rubric_cast, client_for)
