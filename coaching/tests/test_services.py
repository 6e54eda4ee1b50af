import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from coaching import services
from coaching.models import Person, RoleMembership
from coaching.tests.factories import MembershipFactory, SchoolFactory, UserFactory


def test_a_school_name_is_unique_within_its_district_whatever_the_case(cast):
    with pytest.raises(ValidationError, match="already has a school of that name"):
        services.school_create(district=cast.district_a, name="maple valley ELEMENTARY")
    assert cast.district_a.schools.count() == 1
    # Another district may use the same name.
    services.school_create(district=cast.district_b, name="Maple Valley Elementary")


def test_deactivating_a_school_keeps_it_and_its_people(cast):
    services.school_set_active(school=cast.school_a, active=False)
    cast.school_a.refresh_from_db()
    assert not cast.school_a.is_active
    assert Person.objects.filter(school=cast.school_a).count() == 3


def test_a_person_cannot_be_placed_at_another_districts_school(cast):
    with pytest.raises(ValidationError) as error:
        services.person_create(
            district=cast.district_a, first_name="Nia", last_name="Adams", school=cast.school_b
        )
    assert "another district" in str(error.value)
    assert not Person.objects.filter(first_name="Nia").exists()


def test_two_staff_of_a_district_cannot_share_an_email(cast):
    with pytest.raises(ValidationError, match="already has that e-mail"):
        services.person_create(
            district=cast.district_a,
            first_name="Copy",
            last_name="Cat",
            email=cast.person_a.email.upper(),
        )


def test_a_person_is_saved_with_trimmed_names_and_a_lowercase_email(cast):
    person = services.person_create(
        district=cast.district_a, first_name="  Nia ", last_name="Adams", email="Nia@A.example"
    )
    assert (person.first_name, person.email) == ("Nia", "nia@a.example")


def test_deactivating_a_person_disables_their_login_and_reactivating_restores_it(cast):
    person = cast.coach_a.person
    services.person_set_active(person=person, active=False, by=cast.admin_a)
    cast.coach_a.refresh_from_db()
    assert not cast.coach_a.is_active
    assert RoleMembership.objects.filter(user=cast.coach_a).exists()  # history kept
    services.person_set_active(person=person, active=True, by=cast.admin_a)
    cast.coach_a.refresh_from_db()
    assert cast.coach_a.is_active


def test_a_login_with_a_role_elsewhere_stays_enabled_when_one_district_deactivates_it(cast):
    person = cast.coach_a.person
    MembershipFactory(user=cast.coach_a, role="coach", district=cast.district_b)
    services.person_set_active(person=person, active=False, by=cast.admin_a)
    cast.coach_a.refresh_from_db()
    assert cast.coach_a.is_active
    assert not Person.objects.get(pk=person.pk).is_active


def test_reactivating_does_not_reenable_a_login_the_site_admin_disabled(cast):
    person = cast.coach_a.person
    services.person_set_active(person=person, active=False, by=cast.admin_a)
    services.person_set_active(person=person, active=True, by=cast.admin_a)
    cast.coach_a.is_active = False  # disabled by the site admin, for their own reasons
    cast.coach_a.save()
    services.person_set_active(person=person, active=False, by=cast.admin_a)
    services.person_set_active(person=person, active=True, by=cast.admin_a)
    cast.coach_a.refresh_from_db()
    assert not cast.coach_a.is_active


def test_a_site_admins_login_is_never_disabled_from_a_roster(cast):
    from coaching.tests.factories import PersonFactory

    entry = PersonFactory(district=cast.district_a, user=cast.superuser)
    services.person_set_active(person=entry, active=False, by=cast.admin_a)
    cast.superuser.refresh_from_db()
    assert cast.superuser.is_active


def test_nobody_deactivates_themself(cast):
    with pytest.raises(ValidationError, match="cannot deactivate yourself"):
        services.person_set_active(person=cast.admin_a.person, active=False, by=cast.admin_a)


@pytest.mark.parametrize(
    "scope",
    [
        {"role": "coach"},  # no scope at all
        {"role": "principal", "district": "district_a"},  # a principal scoped to a district
        {"role": "associate", "district": "district_a"},
    ],
)
def test_the_database_refuses_a_role_with_the_wrong_scope(cast, scope):
    kwargs = {k: getattr(cast, v) if k != "role" else v for k, v in scope.items()}
    with pytest.raises(IntegrityError):
        MembershipFactory(user=UserFactory(), **kwargs)


def test_the_database_refuses_a_school_name_twice_in_a_district(cast):
    with pytest.raises(IntegrityError):
        SchoolFactory(district=cast.district_a, name="MAPLE VALLEY ELEMENTARY")


def test_emails_are_unique_across_logins_whatever_the_case(db):
    UserFactory(email="pat@district.org")
    with pytest.raises(IntegrityError):
        UserFactory(email="PAT@district.org")
