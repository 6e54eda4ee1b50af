"""The access table of engagements' observations and artifacts: the parties work; the principal,
the district's admins, the associate (program staff), the site admin in the app and a coach who
is no party are refused (403); the other district 404."""

from django.urls import reverse

from coaching.tests.access import Case, rows_of
from coaching.tests.engagements.cases import ACTORS, SEES_INDIVIDUAL
from observations.models import Artifact, Observation

from .world import FEEDBACK, pdf

__all__ = ["ACTORS", "CASES"]

PARTIES = dict.fromkeys(SEES_INDIVIDUAL, 403) | {"coach_a": 200, "coachee": 200}
COACH = dict.fromkeys(SEES_INDIVIDUAL, 403) | {"coach_a": 200}


def state(w):
    return rows_of(Observation, Artifact)


def of(name, attr):
    return lambda w: reverse(f"observations:{name}", args=[getattr(w, attr).pk])


CASES = [
    Case(
        "observations:engagement_observations", of("engagement_observations", "individual"), PARTIES
    ),
    Case(
        "observations:engagement_observation_new",
        of("engagement_observation_new", "individual"),
        COACH,
    ),
    Case(
        "observations:engagement_observation_new",
        of("engagement_observation_new", "individual"),
        dict.fromkeys(SEES_INDIVIDUAL, 403) | {"coach_a": 302},
        method="post",
        data=lambda w: FEEDBACK | {"observed_on": FEEDBACK["observed_on"].isoformat()},
        state=state,
    ),
    Case(
        "observations:engagement_observation", of("engagement_observation", "observation"), PARTIES
    ),
    Case(
        "observations:artifact_attach",
        of("artifact_attach", "observation"),
        PARTIES | {"coach_a": 302, "coachee": 302},
        method="post",
        data=lambda w: {"file": pdf()},
        state=state,
    ),
    Case("observations:artifact_download", of("artifact_download", "artifact"), PARTIES),
]
