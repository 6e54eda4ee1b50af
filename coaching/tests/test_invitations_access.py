"""Every page of invitations and roles (coaching/views/invitations.py, coaching/views/roles.py),
tried by every actor of the cast. The invitation's own page is public: the link's token is the
credential, so everyone, the anonymous visitor included, gets the same page for the same link."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.models import Invitation, Person, RoleChange, RoleMembership, User
from coaching.selectors.invitations import token_digest
from coaching.tests.access import rows_of

from .access import ANON, Case, run_case
from .casts import cast_layer

Role = RoleMembership.Role
TOKEN = "an-open-invitation-token-of-the-access-tests"


@cast_layer
def invite_cast(cast):
    """The cast, with coach A's and admin A's roster entries and memberships named, and an open
    invitation of person_b's (district B) whose token the tests know."""
    w = cast
    w.coach_a_person = Person.objects.get(user=w.coach_a)
    w.coach_a_membership = RoleMembership.objects.get(user=w.coach_a, role=Role.COACH)
    w.admin_a_membership = RoleMembership.objects.get(user=w.admin_a, role=Role.DISTRICT_ADMIN)
    invitee = User.objects.create(email="maya@b.example")
    invitee.set_unusable_password()
    invitee.save()
    w.person_b.user = invitee
    w.person_b.save()
    now = timezone.now()
    w.open_invitation = Invitation.objects.create(
        person=w.person_b,
        user=invitee,
        invited_by=w.admin_b,
        sent_to=invitee.email,
        token_hash=token_digest(TOKEN),
        created_at=now,
        expires_at=now + dt.timedelta(days=5),
    )
    return w


def state(w):
    return (
        *rows_of(Person),
        list(User.objects.order_by("pk").values_list("pk", "email", "password", "is_active")),
        *rows_of(Invitation, RoleMembership, RoleChange),
    )


def by_pk(name, attr):
    return lambda w: reverse(name, args=[getattr(w, attr).pk])


# GET on a change: refused by its method, to whoever is signed in.
EVERYONE_405 = dict.fromkeys(
    ["coach_b", "coach_a", "principal_a", "admin_b", "admin_a", "associate", "superuser"], 405
) | {"associate_b": 405}

CASES = [
    # person_a, at school_a, is read by its principal and the associate, changed by admin A only.
    Case(
        "coaching:invitation_send",
        by_pk("coaching:invitation_send", "person_a"),
        {"admin_a": 302, "superuser": 302, "associate": 403, "principal_a": 403},
        method="post",
        state=state,
    ),
    Case(
        "coaching:invitation_send",
        by_pk("coaching:invitation_send", "person_a"),
        EVERYONE_405,
        state=state,
        label="invitation_send-get-is-refused",
    ),
    # Coach A is their own person: they read their record but give themself nothing.
    Case(
        "coaching:role_grant",
        by_pk("coaching:role_grant", "coach_a_person"),
        {"admin_a": 302, "superuser": 302, "associate": 403, "principal_a": 403} | {"coach_a": 403},
        method="post",
        data=lambda w: {"role": "coachee"},
        state=state,
    ),
    Case(
        "coaching:role_grant",
        by_pk("coaching:role_grant", "coach_a_person"),
        EVERYONE_405,
        state=state,
        label="role_grant-get-is-refused",
    ),
    Case(
        "coaching:role_revoke",
        by_pk("coaching:role_revoke", "coach_a_membership"),
        {"admin_a": 302, "superuser": 302, "associate": 403, "principal_a": 403} | {"coach_a": 403},
        method="post",
        state=state,
    ),
    # A district admin's role is the site admin's to remove, in /admin/: refused here to all.
    Case(
        "coaching:role_revoke",
        by_pk("coaching:role_revoke", "admin_a_membership"),
        {"admin_a": 403, "superuser": 403, "associate": 403},
        method="post",
        state=state,
        label="role_revoke-of-a-district-admin-is-refused",
    ),
    Case(
        "coaching:role_revoke",
        by_pk("coaching:role_revoke", "coach_a_membership"),
        EVERYONE_405,
        state=state,
        label="role_revoke-get-is-refused",
    ),
]

ACTORS = ["anonymous", "coach_b", "coach_a", "principal_a", "admin_b", "admin_a", "associate"]
ACTORS += ["superuser", "associate_b"]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_access(case, actor, invite_cast, client_for):
    run_case(case, actor, invite_cast, client_for)


# --- the public page of an invitation --------------------------------------------------------

PUBLIC_CASES = [
    Case(
        "coaching:invitation_accept",
        lambda w: reverse("coaching:invitation_accept", args=[TOKEN]),
        dict.fromkeys(ACTORS, 200),
        label="invitation_accept-open",
    ),
    Case(
        "coaching:invitation_accept",
        lambda w: reverse("coaching:invitation_accept", args=["not-a-token-anyone-was-sent"]),
        dict.fromkeys(ACTORS, 200),
        label="invitation_accept-unknown",
    ),
    # A password the validators refuse: the form again, nothing changed, for anyone.
    Case(
        "coaching:invitation_accept",
        lambda w: reverse("coaching:invitation_accept", args=[TOKEN]),
        dict.fromkeys(ACTORS, 200),
        method="post",
        data=lambda w: {"new_password1": "password", "new_password2": "password"},
        state=state,
        label="invitation_accept-weak-password-post",
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", PUBLIC_CASES, ids=lambda c: c.id)
def test_public_access(case, actor, invite_cast, client_for):
    w = invite_cast
    client = client_for(None if actor == ANON else getattr(w, actor))
    before = case.state(w) if case.state else None
    response = getattr(client, case.method)(case.url(w), case.data(w))
    assert response.status_code == case.expect[actor]
    text = response.content.decode()
    if case.label == "invitation_accept-unknown":
        assert "This link no longer works" in text
    else:
        assert "Choose a password" in text and "maya@b.example" in text
    if case.state:
        assert case.state(w) == before


# Every case of this module, for test_url_coverage.
CASES = CASES + PUBLIC_CASES
