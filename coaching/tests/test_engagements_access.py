"""Every page of coaching engagements, tried by every actor of the cast and of the engagement
world: the parties, the district's admins, the principal of the school concerned and of another,
the program's staff, a coach of the district who is no party, the other district. The table is
in engagements/cases.py."""

import pytest

from .access import run_case
from .casts import cast_layer
from .engagements import world
from .engagements.cases import ACTORS, CASES

__all__ = ["CASES"]


@cast_layer
def engagement_cast(cast):
    return world.build(cast)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_access_to_engagements(case, actor, engagement_cast, client_for):
    run_case(case, actor, engagement_cast, client_for)
