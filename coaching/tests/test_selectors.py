"""The scoping mechanism: who sees which districts, schools, people and programs."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from coaching import selectors
from coaching.tests.factories import DistrictFactory, PersonFactory, SchoolFactory


def names(queryset):
    return sorted(str(x) for x in queryset)


def test_an_associate_sees_every_enrolled_district_and_no_other(cast):
    DistrictFactory(name="Not enrolled")
    assert names(selectors.districts_visible_to(cast.associate)) == ["Maple Valley", "Riverbend"]


def test_a_district_admin_sees_only_their_district(cast):
    assert names(selectors.districts_visible_to(cast.admin_a)) == ["Maple Valley"]


@pytest.mark.parametrize("actor", ["coach_a", "principal_a"])
def test_coaches_and_principals_see_no_district_roster(cast, actor):
    assert names(selectors.districts_visible_to(getattr(cast, actor))) == []


def test_the_site_admin_sees_every_district(cast):
    DistrictFactory(name="Not enrolled")
    assert len(selectors.districts_visible_to(cast.superuser)) == 4


def test_a_coach_sees_their_own_profile_and_no_one_elses(cast):
    people = selectors.people_visible_to(cast.coach_a)
    assert [p.user for p in people] == [cast.coach_a]


def test_a_principal_sees_the_people_at_their_school_only(cast):
    other_school = SchoolFactory(district=cast.district_a)
    PersonFactory(district=cast.district_a, school=other_school, first_name="Elsewhere")
    visible = selectors.people_visible_to(cast.principal_a)
    assert {p.school for p in visible} == {cast.school_a}
    assert cast.person_a in visible


def test_a_coach_sees_their_districts_schools_to_log_meetings_at(cast):
    assert names(selectors.schools_visible_to(cast.coach_a)) == ["Maple Valley Elementary"]


def test_fetching_another_districts_record_is_a_404_like_a_missing_id(cast):
    with pytest.raises(Http404):
        selectors.get_person_for_user(cast.admin_b, cast.person_a.pk)
    with pytest.raises(Http404):
        selectors.get_person_for_user(cast.admin_b, 999_999)


def test_an_associate_may_read_a_district_but_not_change_it(cast):
    assert selectors.get_district_for_user(cast.associate, cast.district_a.pk) == cast.district_a
    with pytest.raises(PermissionDenied):
        selectors.get_district_for_user(cast.associate, cast.district_a.pk, write=True)


def test_roles_are_loaded_once_per_request_user(cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        roles = selectors.roles_of(cast.admin_a)
        assert roles.admin_district_ids == {cast.district_a.pk}
        assert selectors.roles_of(cast.admin_a) is roles


def test_programs_show_to_associates_and_to_enrolled_districts_only(cast):
    assert names(selectors.programs_visible_to(cast.associate)) == ["Key2Ed Facilitator Coaching"]
    assert names(selectors.programs_visible_to(cast.coach_b)) == [
        "Key2Ed Facilitator Coaching",
        "MTSS Network coaching",
    ]
    assert names(selectors.programs_visible_to(cast.principal_a)) == ["Key2Ed Facilitator Coaching"]


def test_an_anonymous_visitor_sees_nothing(cast):
    from django.contrib.auth.models import AnonymousUser

    nobody = AnonymousUser()
    assert not selectors.districts_visible_to(nobody).exists()
    assert not selectors.people_visible_to(nobody).exists()
    assert not selectors.schools_visible_to(nobody).exists()
