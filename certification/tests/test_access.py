"""Every view of the certification app, tried by every actor of the cast."""

import pytest
from django.urls import reverse

from certification.models import Candidacy, CandidacyEvent, ProgramSettings
from coaching.tests.access import ACTORS, Case, run_case


def state(w):
    return (
        list(Candidacy.objects.order_by("pk").values()),
        list(CandidacyEvent.objects.order_by("pk").values()),
        list(ProgramSettings.objects.values()),
    )


SEE_A = {"admin_a": 200, "associate": 200, "superuser": 200}

CASES = [
    Case(
        "certification:my_path",
        lambda w: reverse("certification:my_path"),
        dict.fromkeys(["coach_a", "coach_b", "principal_a", "admin_a", "admin_b", "associate"], 200)
        | {"superuser": 200, "associate_b": 200},
    ),
    Case(
        "certification:pipeline",
        lambda w: reverse("certification:pipeline"),
        {"admin_a": 200, "admin_b": 200, "associate": 200, "superuser": 200, "associate_b": 200}
        | {"coach_a": 403, "coach_b": 403, "principal_a": 403},
    ),
    Case(
        "certification:candidacy_identify",
        lambda w: reverse("certification:candidacy_identify", args=[w.district_a.pk]),
        {"admin_a": 200, "superuser": 200, "associate": 403},
    ),
    Case(
        "certification:candidacy_identify",
        lambda w: reverse("certification:candidacy_identify", args=[w.district_a.pk]),
        {"admin_a": 302, "superuser": 302, "associate": 403},
        method="post",
        data=lambda w: {"person": w.principal_a.person.pk, "program": w.program.pk},
        state=state,
    ),
    # person_a's candidacy (district A): its admin and the associate decide; person_a has no login.
    Case(
        "certification:candidacy_detail",
        lambda w: reverse("certification:candidacy_detail", args=[w.candidacy.pk]),
        SEE_A,
    ),
    # A candidate follows their own candidacy, and decides nothing on it.
    Case(
        "certification:candidacy_detail",
        lambda w: reverse("certification:candidacy_detail", args=[w.coach_candidacy.pk]),
        SEE_A | {"coach_a": 200},
        label="candidacy_detail-own",
    ),
    Case(
        "certification:candidacy_approve",
        lambda w: reverse("certification:candidacy_approve", args=[w.coach_candidacy.pk]),
        {"admin_a": 302, "associate": 302, "superuser": 302, "coach_a": 403},
        method="post",
        state=state,
        label="candidacy_approve-own",
    ),
    Case(
        "certification:candidacy_approve",
        lambda w: reverse("certification:candidacy_approve", args=[w.candidacy.pk]),
        {"admin_a": 302, "associate": 302, "superuser": 302},
        method="post",
        state=state,
    ),
    Case(
        "certification:candidacy_decline",
        lambda w: reverse("certification:candidacy_decline", args=[w.candidacy.pk]),
        {"admin_a": 302, "associate": 302, "superuser": 302},
        method="post",
        data=lambda w: {"reason": "Not this year"},
        state=state,
    ),
    Case(
        "certification:program_settings",
        lambda w: reverse("certification:program_settings", args=[w.program.pk]),
        {"associate": 200, "superuser": 200}
        | {"admin_a": 403, "admin_b": 403, "coach_a": 403, "coach_b": 403, "principal_a": 403},
    ),
    Case(
        "certification:program_settings",
        lambda w: reverse("certification:program_settings", args=[w.program.pk]),
        {"associate": 302, "superuser": 302}
        | {"admin_a": 403, "admin_b": 403, "coach_a": 403, "coach_b": 403, "principal_a": 403},
        method="post",
        data=lambda w: {
            "annual_minimum": 6,
            "workshop_capacity": 5,
            "school_year_start_month": 7,
            "certificate_valid_months": 24,
            "review_window_days": 14,
        },
        state=state,
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_access(case, actor, pipeline_cast, client_for):
    run_case(case, actor, pipeline_cast, client_for)
