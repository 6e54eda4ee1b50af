"""Every view of the certification app, tried by every actor of the cast."""

import pytest
from django.urls import reverse

from certification.models import (
    Candidacy,
    CandidacyEvent,
    CfrVersionChange,
    ProgramSettings,
    Submission,
)
from coaching.models import Cohort, Registration, TrainingEvent
from coaching.tests.access import ACTORS, Case, rows_of, run_case
from observations.models import Observation
from rubrics.models import Review


def state(w):
    return rows_of(Candidacy, CandidacyEvent, ProgramSettings, CfrVersionChange)


SEE_A = {"admin_a": 200, "associate": 200, "superuser": 200}

PHASE_I_CASES = [
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
        "certification:pipeline_export",
        lambda w: reverse("certification:pipeline_export", args=["csv"]),
        {"admin_a": 200, "admin_b": 200, "associate": 200, "superuser": 200, "associate_b": 200}
        | {"coach_a": 403, "coach_b": 403, "principal_a": 403},
    ),
    Case(
        "certification:pipeline_export",
        lambda w: reverse("certification:pipeline_export", args=["xlsx"]) + "?phase=identified",
        {"admin_a": 200, "admin_b": 200, "associate": 200, "superuser": 200, "associate_b": 200}
        | {"coach_a": 403, "coach_b": 403, "principal_a": 403},
        label="pipeline_export-xlsx",
    ),
    Case(
        "certification:my_facilitations_export",
        lambda w: reverse("certification:my_facilitations_export", args=["csv"]),
        dict.fromkeys(["coach_a", "coach_b", "principal_a", "admin_a", "admin_b", "associate"], 200)
        | {"superuser": 200, "associate_b": 200},
    ),
    Case(
        "certification:candidacy_facilitations_export",
        lambda w: reverse(
            "certification:candidacy_facilitations_export", args=[w.candidacy.pk, "xlsx"]
        ),
        SEE_A,
    ),
    Case(
        "certification:candidacy_facilitations_export",
        lambda w: reverse(
            "certification:candidacy_facilitations_export", args=[w.coach_candidacy.pk, "csv"]
        ),
        SEE_A | {"coach_a": 200},
        label="candidacy_facilitations_export-own",
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
        data=lambda w: settings_data(),
        state=state,
    ),
    # The settings' history: for those who manage the settings.
    Case(
        "certification:program_settings_history",
        lambda w: reverse("certification:program_settings_history", args=[w.program.pk]),
        {"associate": 200, "superuser": 200}
        | {"admin_a": 403, "admin_b": 403, "coach_a": 403, "coach_b": 403, "principal_a": 403},
    ),
    # Switching the rubric version the program scores on: its own associates only (recorded).
    Case(
        "certification:program_settings",
        lambda w: reverse("certification:program_settings", args=[w.program.pk]),
        {"associate": 302, "superuser": 302}
        | {"admin_a": 403, "admin_b": 403, "coach_a": 403, "coach_b": 403, "principal_a": 403},
        method="post",
        data=lambda w: settings_data(cfr_version=published_version(w).pk),
        state=state,
        label="program_settings-switch-cfr-version",
    ),
]


def settings_data(**values):
    return {
        "annual_minimum": 6,
        "workshop_capacity": 5,
        "school_year_start_month": 7,
        "certificate_valid_months": 24,
        "review_window_days": 14,
        "recertification_window_days": 120,
    } | values


def published_version(w):
    """A published rubric version to switch to, made once per cast."""
    from rubrics.tests.factories import build_version

    if not hasattr(w, "published_version"):
        w.published_version = build_version(name="Another CFR")
    return w.published_version


def training_state(w):
    return rows_of(TrainingEvent, Cohort, Registration, Candidacy)


def submission_state(w):
    return rows_of(Submission, Observation, CandidacyEvent, Review)


# Who sees the program's events: its associates, and the admins and coaches of enrolled districts.
SEES_EVENTS = dict.fromkeys(["coach_a", "coach_b", "admin_a", "admin_b"], 200) | {
    "associate": 200,
    "superuser": 200,
}

JOURNEY_CASES = [
    # Training's pages are coaching's (coaching/tests/test_access.py); these two are tried here
    # too, in the Key2Ed world, because attendance and make-ups move candidacies on.
    Case(
        "coaching:event_attendance",
        lambda w: reverse("coaching:event_attendance", args=[w.past_call.pk]),
        {**dict.fromkeys(SEES_EVENTS, 403), "associate": 302, "superuser": 302},
        method="post",
        data=lambda w: {f"r-{w.absent_registration.pk}": "attended"},
        state=training_state,
        label="event_attendance-key2ed",
    ),
    Case(
        "coaching:registration_make_up",
        lambda w: reverse("coaching:registration_make_up", args=[w.absent_registration.pk]),
        {"admin_a": 403, "associate": 302, "superuser": 302},
        method="post",
        data=lambda w: {"note": "Watched the recording."},
        state=training_state,
        label="registration_make_up-key2ed",
    ),
    Case(
        "certification:candidacy_cohort",
        lambda w: reverse("certification:candidacy_cohort", args=[w.candidacy.pk]),
        {"admin_a": 403, "associate": 302, "superuser": 302},
        method="post",
        data=lambda w: {"cohort": w.cohort.pk},
        state=training_state,
    ),
    Case(
        "certification:facilitation_log",
        lambda w: reverse("certification:facilitation_log"),
        {a: 403 for a in ACTORS if a != "anonymous"} | {"coach_a": 200, "coach_b": 200},
    ),
    Case(
        "certification:submission_start",
        lambda w: reverse("certification:submission_start", args=[w.coach_candidacy.pk]),
        {"coach_a": 302, "admin_a": 403, "associate": 403, "superuser": 403},
        method="post",
        state=submission_state,
    ),
    Case(
        "certification:video_assign",
        lambda w: reverse("certification:video_assign", args=[w.coach_candidacy.pk]),
        {"coach_a": 403, "admin_a": 403, "associate": 302, "superuser": 302},
        method="post",
        state=submission_state,
    ),
    Case(
        "certification:review_queue",
        lambda w: reverse("certification:review_queue"),
        {a: 403 for a in ACTORS if a != "anonymous"}
        | {"associate": 200, "superuser": 200, "associate_b": 200},
    ),
    Case(
        "certification:submission_detail",
        lambda w: reverse("certification:submission_detail", args=[w.draft.pk]),
        {"coach_a": 200, "admin_a": 200, "associate": 200, "superuser": 200},
    ),
    Case(
        "certification:submission_detail",
        lambda w: reverse("certification:submission_detail", args=[w.pending_b.pk]),
        {"admin_b": 200, "associate": 200, "superuser": 200},
        label="submission_detail-district-b",
    ),
    Case(
        "certification:submission_save",
        lambda w: reverse("certification:submission_save", args=[w.draft.pk]),
        {"coach_a": 302, "admin_a": 403, "associate": 403, "superuser": 403},
        method="post",
        data=lambda w: {"behaviours_seen": "Changed", "mode": "in_person"},
        state=submission_state,
    ),
    Case(
        "certification:submission_score",
        lambda w: reverse("certification:submission_score", args=[w.pending_b.pk]),
        {"admin_b": 403, "associate": 302, "superuser": 302},
        method="post",
        state=submission_state,
    ),
    Case(
        "certification:submission_decide",
        lambda w: reverse("certification:submission_decide", args=[w.pending_b.pk]),
        # Not scored yet: refused, the submission's page again with the refusal (nothing changes).
        {"admin_b": 403, "associate": 200, "superuser": 200},
        method="post",
        data=lambda w: {"feedback": "Good"},
        state=submission_state,
    ),
]

CASES = PHASE_I_CASES + JOURNEY_CASES


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", PHASE_I_CASES, ids=lambda c: c.id)
def test_access(case, actor, pipeline_cast, client_for):
    run_case(case, actor, pipeline_cast, client_for)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", JOURNEY_CASES, ids=lambda c: c.id)
def test_access_to_training_and_review(case, actor, journey_cast, client_for):
    run_case(case, actor, journey_cast, client_for)
