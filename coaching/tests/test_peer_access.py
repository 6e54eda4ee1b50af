"""Every page of peer coaching, tried by every actor of the cast and of the peer world: the pair,
the school's principal, a peer coach of the team not in the partnership, another school's
principal, a coach on no team, the district's admin, the other district. The table is in
peer/cases.py."""

import pytest

from .access import run_case
from .casts import cast_layer
from .peer import world
from .peer.cases import ACTORS, CASES

__all__ = ["CASES"]


@cast_layer
def peer_cast(cast):
    return world.build(cast)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_access_to_peer_coaching(case, actor, peer_cast, client_for):
    run_case(case, actor, peer_cast, client_for)
