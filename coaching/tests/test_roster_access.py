"""The roster's import and export pages, tried by every actor of the cast."""

import pytest
from django.urls import reverse

from .access import ACTORS, Case, run_case
from .test_access import READ_A


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


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_access(case, actor, cast, client_for):
    run_case(case, actor, cast, client_for)
