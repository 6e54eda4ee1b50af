"""A district admin gives their staff the district's roles (coach, coachee, principal) and
removes them; never a role beyond their district, and every change is kept."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from coaching.models import Person, RoleChange, RoleMembership, School, User
from coaching.selectors import roles_of
from coaching.services import coach_role_ensure
from coaching.services.invitations import invitation_send
from coaching.services.roles import role_grant, role_revoke

from .factories import SchoolFactory

Role = RoleMembership.Role


@pytest.fixture
def invited(cast):
    """person_a, invited (a login with no password yet)."""
    invitation_send(person=cast.person_a, by=cast.admin_a)
    cast.person_a.refresh_from_db()
    return cast.person_a


def grant(client, person, **data):
    return client.post(reverse("coaching:role_grant", args=[person.pk]), data, follow=True)


def memberships():
    return list(RoleMembership.objects.order_by("pk").values())


def test_an_admin_gives_an_invited_person_the_coach_role(cast, client_for, invited):
    page = grant(client_for(cast.admin_a), invited, role="coach").content.decode()
    assert "Elena Vandersloot is now coach of Maple Valley." in page
    assert RoleMembership.objects.filter(
        user=invited.user, role=Role.COACH, district=cast.district_a
    ).exists()
    [change] = RoleChange.objects.all()
    assert (change.user, change.role, change.district, change.action, change.by) == (
        invited.user,
        Role.COACH,
        cast.district_a,
        RoleChange.Action.GRANTED,
        cast.admin_a,
    )
    # The page's history of roles.
    assert f"{cast.admin_a.get_full_name()} gave the role coach of Maple Valley" in page


def test_a_principal_is_of_a_school_of_the_district(cast, client_for, invited):
    grant(client_for(cast.admin_a), invited, role="principal", school=cast.school_a.pk)
    membership = RoleMembership.objects.get(user=invited.user)
    assert (membership.role, membership.school, membership.district) == (
        Role.PRINCIPAL,
        cast.school_a,
        None,
    )


def test_a_principal_without_a_school_is_said_on_the_form(cast, client_for, invited):
    response = grant(client_for(cast.admin_a), invited, role="principal", school="")
    assert response.status_code == 200
    assert "Choose the school they are principal of." in response.content.decode()
    assert response.context["role_form"]["role"].value() == "principal"  # as it was typed
    assert not RoleMembership.objects.filter(user=invited.user).exists()


def test_another_districts_school_posted_is_refused_and_changes_nothing(cast, client_for, invited):
    before = memberships()
    response = grant(client_for(cast.admin_a), invited, role="principal", school=cast.school_b.pk)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert memberships() == before and not RoleChange.objects.exists()


def test_an_inactive_school_is_not_offered_nor_taken(cast, client_for, invited):
    closed = SchoolFactory(district=cast.district_a, name="Closed", is_active=False)
    response = grant(client_for(cast.admin_a), invited, role="principal", school=closed.pk)
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(ValidationError, match="active school of their district"):
        role_grant(person=invited, role=Role.PRINCIPAL, school=closed, by=cast.admin_a)
    assert not RoleMembership.objects.filter(user=invited.user).exists()


@pytest.mark.parametrize("role", ["district_admin", "associate", "superuser"])
def test_a_role_beyond_the_districts_posted_is_refused_and_changes_nothing(
    cast, client_for, invited, role
):
    before = memberships()
    response = grant(client_for(cast.admin_a), invited, role=role)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert memberships() == before and not RoleChange.objects.exists()


@pytest.mark.parametrize("role", [Role.DISTRICT_ADMIN, Role.ASSOCIATE])
def test_the_service_refuses_a_role_beyond_the_districts_even_to_the_site_admin(
    cast, invited, role
):
    for by in (cast.admin_a, cast.superuser):
        with pytest.raises(ValidationError, match="The site admin makes district admins"):
            role_grant(person=invited, role=role, by=by)
    assert not RoleMembership.objects.filter(user=invited.user).exists()


def test_a_person_of_another_district_is_refused_by_the_service_and_the_page(
    cast, client_for, invited
):
    with pytest.raises(PermissionDenied):
        role_grant(person=invited, role=Role.COACH, by=cast.admin_b)
    response = client_for(cast.admin_b).post(
        reverse("coaching:role_grant", args=[invited.pk]), {"role": "coach"}
    )
    assert response.status_code == 404
    assert not RoleMembership.objects.filter(user=invited.user).exists()


def test_a_person_without_a_login_is_told_to_invite_them_first(cast, client_for):
    response = grant(client_for(cast.admin_a), cast.person_a, role="coach")
    assert response.status_code == 200
    assert "has no login yet: invite them to sign in first" in response.content.decode()
    assert not RoleChange.objects.exists()


def test_a_role_held_already_is_said_and_not_doubled(cast, client_for):
    coach = Person.objects.get(user=cast.coach_a)
    response = grant(client_for(cast.admin_a), coach, role="coach")
    assert "is already coach of Maple Valley" in response.content.decode()
    assert RoleMembership.objects.filter(user=cast.coach_a, role=Role.COACH).count() == 1


def test_a_deactivated_person_gets_no_role(cast, invited):
    Person.objects.filter(pk=invited.pk).update(is_active=False)
    invited.refresh_from_db()
    with pytest.raises(ValidationError, match="is deactivated"):
        role_grant(person=invited, role=Role.COACH, by=cast.admin_a)


def test_an_admin_removes_a_role_and_it_is_kept_in_the_history(cast, client_for):
    membership = RoleMembership.objects.get(user=cast.coach_a, role=Role.COACH)
    response = client_for(cast.admin_a).post(
        reverse("coaching:role_revoke", args=[membership.pk]), follow=True
    )
    assert "is no longer coach of Maple Valley." in response.content.decode()
    assert not RoleMembership.objects.filter(pk=membership.pk).exists()
    [change] = RoleChange.objects.all()
    assert (change.user, change.role, change.action, change.by) == (
        cast.coach_a,
        Role.COACH,
        RoleChange.Action.REVOKED,
        cast.admin_a,
    )


def test_a_district_admin_role_is_not_removed_here(cast):
    membership = RoleMembership.objects.get(user=cast.admin_b, role=Role.DISTRICT_ADMIN)
    for by in (cast.admin_b, cast.superuser):
        with pytest.raises(PermissionDenied):
            role_revoke(membership=membership, by=by)
    assert RoleMembership.objects.filter(pk=membership.pk).exists()


def test_another_districts_role_is_not_removed(cast, client_for):
    membership = RoleMembership.objects.get(user=cast.coach_b, role=Role.COACH)
    with pytest.raises(PermissionDenied):
        role_revoke(membership=membership, by=cast.admin_a)
    response = client_for(cast.admin_a).post(reverse("coaching:role_revoke", args=[membership.pk]))
    assert response.status_code == 404
    assert RoleMembership.objects.filter(pk=membership.pk).exists()


def test_a_coachee_signs_in_and_sees_only_their_own_records(cast, client_for, invited):
    role_grant(person=invited, role=Role.COACHEE, by=cast.admin_a)
    user = User.objects.get(pk=invited.user_id)
    user.set_password("a long coachee password")
    user.save()
    roles = roles_of(user)
    assert roles.is_coachee and roles.has_any
    assert not (roles.sees_districts or roles.is_coach or roles.is_principal)
    client = client_for(user)
    home = client.get(reverse("coaching:home")).content.decode()
    assert "Being coached" in home and "no role yet" not in home
    assert client.get(reverse("coaching:profile")).status_code == 200
    assert client.get(invited.get_absolute_url()).status_code == 200  # their own record
    other = Person.objects.get(user=cast.coach_a)
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(reverse("coaching:staff_list", args=[cast.district_a.pk])).status_code == 404
    assert client.get(reverse("coaching:district_list")).status_code == 403
    assert client.get(reverse("coaching:training")).status_code == 403


def test_the_database_holds_a_coachee_to_a_district(cast, invited):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RoleMembership.objects.create(user=invited.user, role=Role.COACHEE, school=cast.school_a)


def test_a_candidate_made_a_coach_by_the_application_is_in_the_history(cast, invited):
    coach_role_ensure(person=invited)
    coach_role_ensure(person=invited)  # held already: nothing twice
    [change] = RoleChange.objects.all()
    assert (change.role, change.action, change.by) == (Role.COACH, "granted", None)


def test_the_site_admins_changes_in_the_admin_are_kept_too(cast, client_for, invited):
    client = client_for(cast.superuser)
    response = client.post(
        reverse("admin:coaching_rolemembership_add"),
        {"user": invited.user_id, "role": "coachee", "district": cast.district_a.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = RoleMembership.objects.get(user=invited.user, role=Role.COACHEE)
    client.post(
        reverse("admin:coaching_rolemembership_delete", args=[membership.pk]), {"post": "yes"}
    )
    assert not RoleMembership.objects.filter(pk=membership.pk).exists()
    actions = list(RoleChange.objects.order_by("pk").values_list("action", "role", "by"))
    assert actions == [
        ("granted", "coachee", cast.superuser.pk),
        ("revoked", "coachee", cast.superuser.pk),
    ]


def test_the_staff_page_costs_the_same_with_many_roles(cast, client_for, invited):
    from .access import count_queries

    client = client_for(cast.admin_a)
    role_grant(person=invited, role=Role.COACH, by=cast.admin_a)
    role_grant(person=invited, role=Role.COACHEE, by=cast.admin_a)
    few = count_queries(client, invited.get_absolute_url())
    for n in range(20):
        school = School.objects.create(district=cast.district_a, name=f"School {n:02}")
        role_grant(person=invited, role=Role.PRINCIPAL, school=school, by=cast.admin_a)
    assert count_queries(client, invited.get_absolute_url()) == few


def test_the_invitee_may_be_given_a_role_before_accepting_and_holds_it_after(cast, invited):
    role_grant(person=invited, role=Role.COACH, by=cast.admin_a)
    from django.core import mail

    token = mail.outbox[-1].body.split("/invitations/")[1].split("/")[0]
    response = Client().post(
        reverse("coaching:invitation_accept", args=[token]),
        {"new_password1": "a quiet maple in April", "new_password2": "a quiet maple in April"},
    )
    assert response.status_code == 302
    assert roles_of(User.objects.get(pk=invited.user_id)).is_coach
