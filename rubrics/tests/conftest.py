import pytest

from rubrics import services

from .factories import build_version


@pytest.fixture
def rubric_cast(cast):
    """The cast, plus: a published `version` and a `draft`; a single `review` scored by the
    associate (`sheet`); a blind review between the associate and a second associate
    (`blind_review`, `blind_sheet`, `other_sheet`) that coach_a cannot see."""
    from coaching.models import RoleMembership
    from coaching.tests.factories import MembershipFactory, UserFactory

    cast.version = build_version(name="Coaching Facilitation Rubric", passing_total=8)
    cast.draft = build_version(name="Draft rubric", publish=False)
    cast.rubric = cast.version.rubric
    cast.review = services.review_create(
        version=cast.version, subject_label="Notes of Jordan", reviewers=[cast.associate]
    )
    cast.sheet = cast.review.sheets.get()
    cast.associate2 = UserFactory(email="associate2@key2ed.example")
    MembershipFactory(
        user=cast.associate2, role=RoleMembership.Role.ASSOCIATE, program=cast.program
    )
    cast.blind_review = services.review_create(
        version=cast.version,
        subject_label="Notes of Priya",
        reviewers=[cast.associate, cast.associate2],
        blind=True,
    )
    cast.blind_sheet = cast.blind_review.sheets.get(reviewer=cast.associate)
    cast.other_sheet = cast.blind_review.sheets.get(reviewer=cast.associate2)
    return cast
