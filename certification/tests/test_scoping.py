"""The scoping selectors rewritten for their query plans (a UNION of indexed queries, core/queries.py
`any_of`; the review queue and the coach list checked on their own rows) select
exactly the rows their former OR form did, for every actor of the cast."""

import pytest
from django.db.models import Q

from certification.models import Candidacy, Submission
from certification.selectors import candidacies_visible_to, review_queue, submissions_visible_to
from coaching.models import Person, Registration
from coaching.selectors import (
    districts_visible_to,
    people_visible_to,
    registrations_visible_to,
    roles_of,
)
from coaching.tests.access import ACTORS
from coaching.tests.casts import cast_layer
from observations.selectors import coaches_visible_to


def former_candidacies(user):
    roles = roles_of(user)
    if roles.is_superuser:
        return Candidacy.objects.all()
    if not user.is_authenticated:
        return Candidacy.objects.none()
    return Candidacy.objects.filter(
        Q(person__district_id__in=roles.admin_district_ids)
        | Q(
            program_id__in=roles.associate_program_ids,
            person__district__in=districts_visible_to(user),
        )
        | Q(person__user=user)
    )


def former_registrations(user):
    roles = roles_of(user)
    if roles.is_superuser:
        return Registration.objects.all()
    if not user.is_authenticated:
        return Registration.objects.none()
    return Registration.objects.filter(
        Q(event__program_id__in=roles.associate_program_ids)
        | Q(person__district_id__in=roles.admin_district_ids)
        | Q(person__user=user)
    )


def former_people(user):
    roles = roles_of(user)
    if roles.is_superuser:
        return Person.objects.all()
    if not user.is_authenticated:
        return Person.objects.none()
    return Person.objects.filter(
        Q(district__in=districts_visible_to(user))
        | Q(school_id__in=roles.principal_school_ids)
        | Q(user=user)
    )


def former_coaches(user):
    from coaching.models import RoleMembership

    return (
        people_visible_to(user)
        .filter(Q(district__in=districts_visible_to(user)) | Q(user=user))
        .filter(user__memberships__role=RoleMembership.Role.COACH, is_active=True)
        .distinct()
    )


def former_review_queue(user):
    roles = roles_of(user)
    waiting = submissions_visible_to(user).filter(outcome=Submission.Outcome.PENDING)
    if not roles.is_superuser:
        waiting = waiting.filter(candidacy__program_id__in=roles.associate_program_ids)
    return waiting


@cast_layer
def wide(journey_cast):
    """journey_cast and candidacies no actor of district A or the associate may see: one in the
    other provider's program (district B), one in district C (enrolled in nothing)."""
    w = journey_cast
    Candidacy.objects.create(
        person=w.person_b, district_id=w.person_b.district_id, program=w.other_program
    )
    Candidacy.objects.create(
        person=w.person_c, district_id=w.person_c.district_id, program=w.program
    )
    # Pending notes of district C, which no associate's program enrolls: nobody's queue but the
    # site admin's.
    from django.utils import timezone

    from observations.tests.factories import ObservationFactory

    Submission.objects.create(
        candidacy=Candidacy.objects.get(person=w.person_c),
        observation=ObservationFactory(coach=w.person_c),
        purpose=w.pending_b.purpose,
        attempt=1,
        outcome=Submission.Outcome.PENDING,
        submitted_at=timezone.now(),
        created_by=w.associate,
    )
    return w


PAIRS = [
    (candidacies_visible_to, former_candidacies),
    (coaches_visible_to, former_coaches),
    (review_queue, former_review_queue),
    (registrations_visible_to, former_registrations),
    (people_visible_to, former_people),
]


# The coach list and the review queue are for signed-in users only (their views ask a login).
SIGNED_IN_ONLY = {coaches_visible_to, review_queue}
CASES = [
    (actor, selector, former)
    for actor in ACTORS
    for selector, former in PAIRS
    if not (actor == "anonymous" and selector in SIGNED_IN_ONLY)
]


@pytest.mark.parametrize(
    ("actor", "selector", "former"), CASES, ids=[f"{a}-{s.__name__}" for a, s, _ in CASES]
)
def test_the_rewritten_selector_selects_the_same_rows_as_the_one_it_replaced(
    actor, selector, former, wide
):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if actor == "anonymous" else getattr(wide, actor)
    rows = sorted(selector(user).values_list("pk", flat=True))
    assert rows == sorted(former(user).values_list("pk", flat=True))
    # And it narrows and counts like any queryset (the pages filter, sort and count on it).
    assert selector(user).count() == len(rows)
    assert list(selector(user).filter(pk__in=rows[:1]).values_list("pk", flat=True)) == rows[:1]


def test_each_actor_sees_what_the_access_rules_say(wide):
    w = wide
    seen = {actor: set(candidacies_visible_to(getattr(w, actor))) for actor in ACTORS[1:]}
    assert seen["admin_a"] == {w.candidacy, w.coach_candidacy}
    assert seen["coach_a"] == {w.coach_candidacy}
    assert seen["associate"] == {w.candidacy, w.coach_candidacy, w.candidacy_b}
    assert seen["associate_b"] == {Candidacy.objects.get(program=w.other_program)}
    assert seen["superuser"] == set(Candidacy.objects.all())
    assert seen["coach_b"] == seen["principal_a"] == set()
    queue = {
        actor: {s.candidacy.person_id for s in review_queue(getattr(w, actor))}
        for actor in ACTORS[1:]
    }
    assert queue["associate"] == {w.person_b.pk}
    assert queue["superuser"] == {w.person_b.pk, w.person_c.pk}
    assert queue["associate_b"] == queue["admin_a"] == set()


def test_a_candidacy_is_in_its_persons_district_and_refuses_another(journey_cast):
    """The district kept on the candidacy row (for the scopes) is its person's: the services
    write it, and a row naming another district is refused."""
    from django.core.exceptions import ValidationError

    w = journey_cast
    assert Candidacy.objects.exists()
    for candidacy in Candidacy.objects.select_related("person"):
        assert candidacy.district_id == candidacy.person.district_id
    stray = Candidacy(person=w.person_b, district=w.district_a, program=w.program)
    with pytest.raises(ValidationError, match="its person's district"):
        stray.full_clean()
