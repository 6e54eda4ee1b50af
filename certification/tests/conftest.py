import pytest

from certification import services
from certification.tests import factories
from coaching.models import Program


@pytest.fixture
def pipeline_cast(cast):
    """The cast, its program a certification pathway whose initial FIEP training person_a, person_b
    and coach A attended, and `candidacy`: person_a identified in
    Phase I by admin_a; `candidacy_b`: person_b of district B; `coach_candidacy`: coach A's own."""
    Program.objects.filter(pk=cast.program.pk).update(kind=Program.Kind.FACILITATOR_CERTIFICATION)
    cast.program.refresh_from_db()
    people = [cast.person_a, cast.person_b, cast.coach_a.person, cast.principal_a.person]
    factories.initial_training(cast.program, people, by=cast.associate)
    cast.candidacy = services.candidacy_identify(
        person=cast.person_a, program=cast.program, by=cast.admin_a
    )
    cast.candidacy_b = services.candidacy_identify(
        person=cast.person_b, program=cast.program, by=cast.admin_b
    )
    cast.coach_candidacy = services.candidacy_identify(
        person=cast.coach_a.person, program=cast.program, by=cast.admin_a
    )
    return cast
