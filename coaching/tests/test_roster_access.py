"""The roster's import and export pages, tried by every actor of the cast."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coaching.services.roster import digest_of
from coaching.views.roster import kept_key

from .access import ACTORS, Case, run_case
from .test_access import READ_A, WRITE_A, WRITE_A_POST, roster_state


def roster_url(name, *args):
    return lambda w: reverse(f"coaching:{name}", args=[w.district_a.pk, *args])


CASES = [
    Case("coaching:roster_export", roster_url("roster_export", "csv"), READ_A),
    Case(
        "coaching:roster_export",
        roster_url("roster_export", "xlsx"),
        READ_A,
        label="roster_export-xlsx",
    ),
    Case(
        "coaching:roster_export",
        lambda w: reverse("coaching:roster_export", args=[w.district_c.pk, "csv"]),
        {"superuser": 200},
        label="roster_export-outside-the-associates-programs",
    ),
]


ROSTER_FILE = (
    b"first_name,last_name,email,staff_id,school,job_title\n"
    b"Nia,Adams,nia@a.example,T-77,Maple Valley Elementary,Teacher\n"
)


def upload(w):
    return {"file": SimpleUploadedFile("roster.csv", ROSTER_FILE, content_type="text/csv")}


def confirm(w):
    """The file, previewed (so kept on the server) by each user who may import it."""
    digest = digest_of(ROSTER_FILE)
    for user in (w.admin_a, w.superuser, w.associate):
        cache.set(kept_key(w.district_a.pk, user.pk, digest), ROSTER_FILE, 600)
    return {"digest": digest}


CASES += [
    Case("coaching:roster_import", roster_url("roster_import"), WRITE_A),
    Case(
        "coaching:roster_import",
        roster_url("roster_import"),
        WRITE_A,
        method="post",
        data=upload,
        state=roster_state,
        label="roster_import-preview",
    ),
    Case(
        "coaching:roster_confirm",
        roster_url("roster_confirm"),
        WRITE_A_POST,
        method="post",
        data=confirm,
        state=roster_state,
    ),
    Case(
        "coaching:roster_confirm",
        roster_url("roster_confirm"),
        {"admin_a": 405, "superuser": 405, "associate": 405} | dict.fromkeys(ACTORS[1:], 405),
        label="roster_confirm-get-is-refused",
    ),
    Case("coaching:roster_template", roster_url("roster_template", "csv"), WRITE_A),
    Case(
        "coaching:roster_template",
        roster_url("roster_template", "xlsx"),
        WRITE_A,
        label="roster_template-xlsx",
    ),
    Case(
        "coaching:roster_import",
        lambda w: reverse("coaching:roster_import", args=[w.district_b.pk]),
        {"admin_b": 200, "superuser": 200, "associate": 403, "associate_b": 403},
        label="roster_import-district-b",
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_access(case, actor, cast, client_for):
    run_case(case, actor, cast, client_for)
