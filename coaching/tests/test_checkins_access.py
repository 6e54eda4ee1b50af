"""Every page of check-ins and of the access log, tried by every actor of the engagement world:
the parties read and write (the coachee asks, the coach answers); the principal, the district's
admins, the program's staff (associate), the site admin in the app and a coach who is no party are
refused (403: they see the engagement's activity, and its check-in counts on its page); the other
district gets 404. "Who opened my records" is everyone's own page."""

import pytest

from .access import run_case
from .casts import cast_layer
from .checkins import world
from .checkins.cases import ACTORS, CASES

__all__ = ["CASES"]


@cast_layer
def checkins_cast(cast):
    return world.build(cast)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_access_to_checkins(case, actor, checkins_cast, client_for):
    run_case(case, actor, checkins_cast, client_for)
