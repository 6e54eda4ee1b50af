from coaching.tests.casts import cast_layer
from rubrics import services

from .factories import build_version, score_all


@cast_layer
def rubric_cast(cast):
    """The cast, plus: a published `version` and a `draft`, both of rubrics owned by the
    associate's provider (`owner`; associate_b works for another provider); a single `review`
    scored by the associate (`sheet`); a blind review between the associate and a second associate
    (`blind_review`, `blind_sheet`, `other_sheet`) that coach_a cannot see."""
    from coaching.models import RoleMembership
    from coaching.tests.factories import MembershipFactory, UserFactory

    cast.owner = f"provider:{cast.program.provider_id}"
    cast.version = build_version(
        name="Coaching Facilitation Rubric", passing_total=8, owner=cast.owner
    )
    cast.draft = build_version(name="Draft rubric", publish=False, owner=cast.owner)
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
    # A blind review of someone in district A whose two verdicts differ: it awaits a third
    # associate who staffs a program of district A.
    cast.associate3 = UserFactory(email="associate3@key2ed.example")
    MembershipFactory(
        user=cast.associate3, role=RoleMembership.Role.ASSOCIATE, program=cast.program
    )
    cast.disputed = services.review_create(
        version=cast.version,
        subject_label="Notes of Elena",
        reviewers=[cast.associate2, cast.associate3],
        blind=True,
        scope=f"district:{cast.district_a.pk}",
    )
    for user, points in ((cast.associate2, 3), (cast.associate3, 1)):
        sheet = cast.disputed.sheets.get(reviewer=user)
        score_all(sheet, user, points)
        services.sheet_finalize(sheet=sheet, reviewer=user)
    return cast
