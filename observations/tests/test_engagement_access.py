"""Every page of engagements' observations and artifacts, tried by every actor (the table is in
engagements/cases.py)."""

import pytest

from coaching.tests.access import run_case
from coaching.tests.casts import cast_layer

from .engagements import world
from .engagements.cases import ACTORS, CASES

__all__ = ["CASES"]


@cast_layer
def observation_cast(cast):
    return world.build(cast)


@pytest.fixture(autouse=True)
def private_media():
    """The cast's artifact is written once per module, in the test settings' private storage
    (test-artifacts/): this module keeps that root instead of the app's folder per test."""


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_access_to_engagement_observations(case, actor, observation_cast, client_for):
    run_case(case, actor, observation_cast, client_for)
