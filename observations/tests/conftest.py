import pytest

from rubrics.content import PRACTICE_PROFILE
from rubrics.management.commands.install_rubrics import install


@pytest.fixture
def practice_cast(cast):
    """The cast with the practice profile installed; `coach_a_person` is coach A's roster entry."""
    install(dict(PRACTICE_PROFILE))
    cast.coach_a_person = cast.coach_a.person
    return cast
